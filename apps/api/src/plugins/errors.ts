import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiErrorCode, ErrorBody, ErrorDetail } from '@cc/api-contract';
import { databaseUnavailability } from '../db/availability.ts';

/** An error the API answers on purpose, with the contract's error shape. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode | string,
    message: string,
    readonly extra: {
      details?: ErrorDetail[];
      headers?: Record<string, string>;
      conflictsWith?: { id: string; name: string };
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string): AppError => new AppError(404, 'NOT_FOUND', `${what} does not exist.`);

/** `['bindings', 0, 'x']` → `bindings[0].x`, the path style the engine's problems use. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

const typeWords: Record<string, string> = {
  boolean: 'true or false (without quotes)',
  number: 'a number (without quotes)',
  string: 'text in quotes',
  array: 'a list in square brackets',
  object: 'an object in braces',
};

/** Turns one schema issue into a detail that names the field and says how to fix it. */
function validationDetail(
  issue: { keyword: string; instancePath: string; message?: string; params: Record<string, unknown> },
  context: string | undefined,
): ErrorDetail[] {
  const segments = issue.instancePath.split('/').filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const where = context && context !== 'body' ? [context, ...segments] : segments;
  const path = formatPath(where);
  const field = path || (context ?? 'body');
  switch (issue.keyword) {
    case 'unrecognized_keys': {
      const keys = Array.isArray(issue.params.keys) ? (issue.params.keys as string[]) : [];
      return keys.map((key) => ({
        code: 'UNKNOWN_PROPERTY',
        path: formatPath([...where, key]),
        message: `Remove "${key}": it is not a property of this request (check its spelling).`,
      }));
    }
    case 'invalid_type': {
      const expected = String(issue.params.expected ?? '');
      if (/received undefined/.test(issue.message ?? ''))
        return [{ code: 'REQUIRED', path: field, message: `${field} is required; send ${typeWords[expected] ?? expected}.` }];
      return [{ code: 'INVALID_TYPE', path: field, message: `${field} must be ${typeWords[expected] ?? expected}.` }];
    }
    default:
      return [{ code: 'INVALID_VALUE', path: field, message: `${field}: ${issue.message ?? 'invalid value'}` }];
  }
}

function send(reply: FastifyReply, status: number, body: ErrorBody, headers: Record<string, string> = {}): FastifyReply {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

const fastifyCodes: Record<string, { status: number; code: ApiErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the body as JSON with the header Content-Type: application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'MALFORMED_REQUEST', message: 'The Content-Length header does not match the body.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The body is larger than 1 MiB; send less data per request.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_REQUEST', message: 'The body is empty; send a JSON object.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_REQUEST', message: 'The body is not valid JSON (or uses a forbidden property such as __proto__).' },
};

/** Nothing was applied in either case: the write either waited for the lock in vain or never reached the database. */
const DATABASE_REFUSALS = {
  busy: { code: 'DATABASE_BUSY', message: 'The database is busy with another writer; nothing was changed. Try again in a moment.' },
  unavailable: { code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be reached right now; the console retries by itself. Try again in a few seconds.' },
} as const;

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return send(
        reply,
        error.statusCode,
        {
          error: {
            code: error.code,
            message: error.message,
            ...(error.extra.details ? { details: error.extra.details } : {}),
            ...(error.extra.conflictsWith ? { conflictsWith: error.extra.conflictsWith } : {}),
          },
        },
        error.extra.headers,
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.flatMap((issue) => validationDetail(issue, error.validationContext));
      return send(reply, 400, {
        error: { code: 'VALIDATION_FAILED', message: details[0]?.message ?? 'The request is not valid.', details },
      });
    }
    const unavailable = databaseUnavailability(error);
    if (unavailable !== null) {
      request.log.warn({ err: error }, 'database unavailable');
      return send(reply, 503, { error: DATABASE_REFUSALS[unavailable] }, { 'Retry-After': unavailable === 'busy' ? '2' : '5' });
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return send(reply, known.status, { error: { code: known.code, message: known.message } });
    // SyntaxError from the JSON parser (including prototype poisoning) arrives with a 400 status.
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, error.statusCode, {
        error: { code: error.statusCode === 404 ? 'NOT_FOUND' : 'MALFORMED_REQUEST', message: 'The request is not valid.' },
      });
    }
    request.log.error({ err: error }, 'request failed');
    // Generic body with a correlation id: no stack or SQL reaches the client (quality doc S-13).
    return send(reply, 500, {
      error: { code: 'INTERNAL', message: 'Something went wrong on the server; the request was not applied.', requestId: request.id },
    });
  });
}
