import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, LogSessionDetailSchema, LogSessionPageSchema, LogSessionsQuerySchema, LogSummariesSchema, LogUploadSchema } from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { actorOf } from '../../plugins/auth.ts';
import { AppError } from '../../plugins/errors.ts';
import { LOG_LIMITS } from './log-file.ts';
import type { LogsService, UploadedFile } from './logs.service.ts';

const tags = ['protocol logs'];
const UploadParams = z.strictObject({ id: z.string().max(64) });

const MULTIPART_ERRORS: Record<string, { status: number; message: string }> = {
  FST_REQ_FILE_TOO_LARGE: { status: 413, message: `A file is larger than ${LOG_LIMITS.fileBytes / 1024 / 1024} MB; Exchange rolls its logs at 10 MB by default, so upload the RECV files as they are.` },
  FST_FILES_LIMIT: { status: 413, message: `At most ${LOG_LIMITS.files} files per upload.` },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, message: 'Send the logs as multipart/form-data, each in a field named files.' },
};

/** The uploaded files one at a time, streamed (a log is never held whole in memory). */
async function* uploadedFiles(request: FastifyRequest): AsyncGenerator<UploadedFile> {
  if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the logs as multipart/form-data, each in a field named files.');
  let n = 0;
  for await (const part of request.parts({ limits: { fileSize: LOG_LIMITS.fileBytes, files: LOG_LIMITS.files, fields: 10, fieldSize: 1024 } })) {
    if (part.type !== 'file') continue;
    let bytes = 0;
    const source = part.file;
    const counted = (async function* () {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        bytes += chunk.byteLength;
        yield chunk;
      }
    })();
    yield { name: part.filename || `file ${++n}`, data: counted, bytes: () => bytes };
  }
}

export function logsRoutes(deps: { logs: LogsService; clock: Clock }): FastifyPluginAsyncZod {
  const { logs, clock } = deps;
  return async (app) => {
    await app.register(fastifyMultipart, { throwFileSizeLimit: true });

    app.post('/api/logs', {
      config: { action: 'logs:upload' },
      schema: {
        tags,
        summary: 'Upload SMTP Receive protocol logs (RECV*.LOG, plain or gzip; a pasted excerpt as a file): sessions reconstructed and replayed on the stored configuration; the files are not kept',
        response: { 200: LogUploadSchema, 413: ErrorBodySchema, 415: ErrorBodySchema, 422: ErrorBodySchema },
      },
      handler: async (request) => {
        try {
          return await logs.upload(actorOf(request, clock), uploadedFiles(request));
        } catch (error) {
          const known = MULTIPART_ERRORS[(error as { code?: string }).code ?? ''];
          if (known) throw new AppError(known.status, known.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE', known.message);
          throw error;
        }
      },
    });

    app.get('/api/logs', {
      config: { action: 'logs:read' },
      schema: { tags, summary: 'Protocol-log uploads, newest first, with their agreement rate and disagreements by cause', response: { 200: z.array(LogUploadSchema) } },
      handler: () => logs.list(),
    });

    app.get('/api/logs/:id/sessions', {
      config: { action: 'logs:read' },
      schema: {
        tags,
        summary: 'The sessions of an upload, filtered by time, client IP, connector, sender, recipient, reply code, outcome or verdict',
        params: UploadParams,
        querystring: LogSessionsQuerySchema,
        response: { 200: LogSessionPageSchema, 404: ErrorBodySchema },
      },
      handler: (request) => logs.sessions(request.params.id, request.query),
    });

    app.get('/api/logs/:id/sessions/:sessionId', {
      config: { action: 'logs:read' },
      schema: {
        tags,
        summary: 'One session: its log lines, and the logged dialogue beside the replay',
        params: z.strictObject({ id: z.string().max(64), sessionId: z.string().max(64) }),
        response: { 200: LogSessionDetailSchema, 404: ErrorBodySchema },
      },
      handler: (request) => logs.session(request.params.id, request.params.sessionId),
    });

    app.get('/api/logs/:id/summaries', {
      config: { action: 'logs:read' },
      schema: {
        tags,
        summary: 'Sources of 550 5.7.1 Unable to relay, and per connector the clients that relayed with ms-Exch-SMTP-Accept-Any-Recipient',
        params: UploadParams,
        response: { 200: LogSummariesSchema, 404: ErrorBodySchema },
      },
      handler: (request) => logs.summaries(request.params.id),
    });

    app.delete('/api/logs/:id', {
      config: { action: 'logs:delete' },
      schema: { tags, summary: 'Delete an upload and its sessions (audited)', params: UploadParams, response: { 204: z.null(), 404: ErrorBodySchema } },
      handler: async (request, reply) => {
        await logs.remove(actorOf(request, clock), request.params.id);
        return reply.code(204).send(null);
      },
    });
  };
}
