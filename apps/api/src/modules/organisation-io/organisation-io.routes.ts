import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema, ExchangePropertiesSchema, ImportPreviewSchema, ImportRecordSchema, OrganisationDocumentSchema } from '@cc/api-contract';
import { collectorScript, type ImportFile } from '@cc/exchange-formats';
import type { Clock } from '../../clock.ts';
import { actorOf } from '../../plugins/auth.ts';
import { AppError } from '../../plugins/errors.ts';
import type { OrganisationIoService } from './organisation-io.service.ts';

const tags = ['import and export'];

/** Per file and per upload: a real organisation's CliXML is a few MB; 2,000 connectors with their ACLs stay well under. */
export const IMPORT_LIMITS = { fileBytes: 64 * 1024 * 1024, files: 20, totalBytes: 128 * 1024 * 1024 };

const ExportQuerySchema = z.strictObject({ server: z.string().max(64).optional() });

/** `organisation` or the server's name, safe as a file name. */
const fileStem = (server: string | undefined) => (server ? `${server.replace(/[^A-Za-z0-9._-]/g, '_')}` : 'organisation');

/**
 * The uploaded files (multipart/form-data, field `files`), each read into memory up to its limit, with the
 * optional `identity:<file name>` fields (the connector a pasted Format-Table lists) and `planHash`.
 */
async function readUpload(request: FastifyRequest): Promise<{ files: ImportFile[]; planHash: string | null }> {
  if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the files as multipart/form-data, each in a field named files.');
  const files: ImportFile[] = [];
  const identities = new Map<string, string>();
  let planHash: string | null = null;
  let total = 0;
  for await (const part of request.parts({ limits: { fileSize: IMPORT_LIMITS.fileBytes, files: IMPORT_LIMITS.files, fields: 50, fieldSize: 4096 } })) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      total += bytes.byteLength;
      if (total > IMPORT_LIMITS.totalBytes) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `The upload is larger than ${IMPORT_LIMITS.totalBytes / 1024 / 1024} MB in all; import the files in several rounds.`);
      files.push({ name: part.filename || `file ${files.length + 1}`, bytes });
    } else if (part.fieldname === 'planHash') planHash = String(part.value);
    else if (part.fieldname.startsWith('identity:')) identities.set(part.fieldname.slice('identity:'.length), String(part.value));
  }
  if (files.length === 0) throw new AppError(400, 'VALIDATION_FAILED', 'Add at least one file (field "files"): the collector\'s files, shell output, a script or a console export.');
  return { files: files.map((f) => ({ ...f, ...(identities.has(f.name) ? { identity: identities.get(f.name)! } : {}) })), planHash };
}

const MULTIPART_ERRORS: Record<string, { status: number; message: string }> = {
  FST_REQ_FILE_TOO_LARGE: { status: 413, message: `A file is larger than ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB; split the export (for example one server at a time with Get-ReceiveConnector -Server).` },
  FST_FILES_LIMIT: { status: 413, message: `At most ${IMPORT_LIMITS.files} files per import.` },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, message: 'Send the files as multipart/form-data.' },
};

export function organisationIoRoutes(deps: { io: OrganisationIoService; clock: Clock }): FastifyPluginAsyncZod {
  const { io, clock } = deps;
  return async (app) => {
    await app.register(fastifyMultipart, { throwFileSizeLimit: true });
    const upload = async (request: FastifyRequest) => {
      try {
        return await readUpload(request);
      } catch (error) {
        const known = MULTIPART_ERRORS[(error as { code?: string }).code ?? ''];
        if (known) throw new AppError(known.status, known.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE', known.message);
        throw error;
      }
    };

    app.get('/api/import/collector.ps1', {
      config: { action: 'organisation:export' },
      schema: { tags, summary: 'The collection script to run in the Exchange Management Shell (PowerShell 1.0 and later)', response: { 200: z.string() } },
      handler: async (_request, reply) => {
        reply.type('text/plain; charset=utf-8').header('content-disposition', 'attachment; filename="collect-receive-connectors.ps1"');
        return collectorScript();
      },
    });

    app.post('/api/import/preview', {
      config: { action: 'organisation:import' },
      schema: {
        tags,
        summary: 'Read uploaded files (CliXML, Format-List or Format-Table text, EMS scripts, console documents) and show what applying would change; changes nothing',
        response: { 200: ImportPreviewSchema, 413: ErrorBodySchema, 422: ErrorBodySchema },
      },
      handler: async (request) => io.preview((await upload(request)).files),
    });

    app.post('/api/import/apply', {
      config: { action: 'organisation:import' },
      schema: {
        tags,
        summary: 'Apply the previewed import in one transaction (send the same files and the preview\'s planHash)',
        response: { 200: z.object({ importId: z.string(), changes: z.number().int() }), 409: ErrorBodySchema, 422: ErrorBodySchema },
      },
      handler: async (request) => {
        const { files, planHash } = await upload(request);
        if (!planHash) throw new AppError(400, 'VALIDATION_FAILED', 'Send planHash from the preview, so the apply does exactly what you reviewed.');
        return io.apply(actorOf(request, clock), files, planHash);
      },
    });

    app.get('/api/connectors/:id/exchange-properties', {
      config: { action: 'connectors:read' },
      schema: {
        tags,
        summary: 'Properties Exchange reported for this connector that the 2007 model does not cover, and its server\'s Exchange version (from the last import)',
        params: z.strictObject({ id: z.string().max(64) }),
        response: { 200: ExchangePropertiesSchema, 404: ErrorBodySchema },
      },
      handler: (request) => io.exchangeProperties(request.params.id),
    });

    app.get('/api/imports', {
      config: { action: 'organisation:export' },
      schema: { tags, summary: 'Import history: who imported which files (with SHA-256) and how many changes it made', response: { 200: z.array(ImportRecordSchema) } },
      handler: () => io.history(),
    });

    app.get('/api/export/organisation.json', {
      config: { action: 'organisation:export' },
      schema: { tags, summary: 'The organisation (or one server) as the console\'s versioned JSON document, which the import reads back', querystring: ExportQuerySchema, response: { 200: OrganisationDocumentSchema } },
      handler: async (request, reply) => {
        reply.header('content-disposition', `attachment; filename="${fileStem(request.query.server)}.json"`);
        return io.exportDocument(request.query.server);
      },
    });

    app.get('/api/export/organisation.ps1', {
      config: { action: 'organisation:export' },
      schema: { tags, summary: 'The organisation (or one server) as an Exchange Management Shell script that recreates it', querystring: ExportQuerySchema, response: { 200: z.string() } },
      handler: async (request, reply) => {
        const script = await io.exportScript(request.query.server);
        reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="${fileStem(request.query.server)}.ps1"`);
        return script;
      },
    });
  };
}
