import { z } from 'zod';

/** One problem with a request: a stable code, the field it concerns and how to fix it. */
export const ErrorDetailSchema = z.object({
  code: z.string(),
  path: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

/** Every error answer of the API has this shape (ARCHITECTURE "HTTP contract"). */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(ErrorDetailSchema).optional(),
    /** Correlates a 5xx answer with the server's log line. */
    requestId: z.string().optional(),
    /** Only on 409 conflicts that name the other object (for example the connector whose ranges overlap). */
    conflictsWith: z.object({ id: z.string(), name: z.string() }).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Codes the API itself produces; engine rule codes (422 details) come from the engine. */
export const API_ERROR_CODES = [
  'MALFORMED_REQUEST',
  'VALIDATION_FAILED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'CSRF_REFUSED',
  'NOT_FOUND',
  'NAME_TAKEN',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PRECONDITION_REQUIRED',
  'RULE_VIOLATION',
  'TOO_MANY_ATTEMPTS',
  'MISDIRECTED_REQUEST',
  'DATABASE_BUSY',
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Body of a 204 answer (declared so the OpenAPI document lists the success status). */
export const NoContentSchema = z.null().describe('No content');
