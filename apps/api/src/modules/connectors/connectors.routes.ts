import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ConnectorCreateBodySchema,
  ConnectorListQuerySchema,
  ConnectorParamsSchema,
  ConnectorPatchBodySchema,
  ConnectorValidateBodySchema,
  ConnectorViewSchema,
  ErrorBodySchema,
  FindingSchema,
  NoContentSchema,
  ValidateAnswerSchema,
} from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { actorOf } from '../../plugins/auth.ts';
import { etagOf } from '../../plugins/preconditions.ts';
import { plainJsonSerializer } from '../../plugins/fast-json.ts';
import type { ConnectorsService } from './connectors.service.ts';

const tags = ['connectors'];
const writeErrors = { 404: ErrorBodySchema, 409: ErrorBodySchema, 412: ErrorBodySchema, 422: ErrorBodySchema, 428: ErrorBodySchema };

export function connectorsRoutes(deps: { connectors: ConnectorsService; clock: Clock }): FastifyPluginAsyncZod {
  const { connectors, clock } = deps;
  return async (app) => {
    app.get('/api/connectors', {
      config: { action: 'connectors:read' },
      schema: {
        tags,
        summary: 'Receive connectors, optionally of one server; filtered, sorted and paged on the server when asked (total in X-Total-Count)',
        querystring: ConnectorListQuerySchema,
        response: { 200: z.array(ConnectorViewSchema), 404: ErrorBodySchema },
      },
      serializerCompiler: plainJsonSerializer,
      handler: async (request, reply) => {
        const { server, offset, limit, ...rest } = request.query;
        const { items, total } = await connectors.page(
          server,
          { ...rest, ...(offset !== undefined ? { offset: Number(offset) } : {}), ...(limit !== undefined ? { limit: Number(limit) } : {}) },
          request.auth?.generation,
        );
        return reply.header('X-Total-Count', String(total)).send(items);
      },
    });

    app.post('/api/connectors', {
      config: { action: 'connectors:write' },
      schema: {
        tags,
        summary: 'Create a connector: the usage preset fills what is omitted; every engine rule is checked',
        body: ConnectorCreateBodySchema,
        response: { 201: ConnectorViewSchema, ...writeErrors },
      },
      handler: async (request, reply) => {
        const { connector, version } = await connectors.create(actorOf(request, clock), request.body);
        return reply.code(201).header('ETag', etagOf(version)).header('Location', `/api/connectors/${connector.id}`).send(connector);
      },
    });

    // Registered before /:id so "validate" is never read as an id.
    app.post('/api/connectors/validate', {
      config: { action: 'connectors:validate' },
      schema: {
        tags,
        summary: 'Check a draft (with id when editing): errors, warnings, findings and the normalised connector; never writes',
        body: ConnectorValidateBodySchema,
        response: { 200: ValidateAnswerSchema },
      },
      handler: (request) => connectors.validate(request.body),
    });

    app.get('/api/connectors/:id', {
      config: { action: 'connectors:read' },
      schema: { tags, summary: 'One connector; its ETag is needed to change or delete it', params: ConnectorParamsSchema, response: { 200: ConnectorViewSchema, 404: ErrorBodySchema } },
      handler: async (request, reply) => {
        const { connector, version } = await connectors.get(request.params.id, request.auth?.generation);
        return reply.header('ETag', etagOf(version)).send(connector);
      },
    });

    app.patch('/api/connectors/:id', {
      config: { action: 'connectors:write' },
      schema: {
        tags,
        summary: 'Change fields; lists take { add, remove }. Needs If-Match',
        params: ConnectorParamsSchema,
        headers: z.looseObject({ 'if-match': z.string().max(200).optional() }),
        body: ConnectorPatchBodySchema,
        response: { 200: ConnectorViewSchema, ...writeErrors },
      },
      handler: async (request, reply) => {
        const { connector, version } = await connectors.update(actorOf(request, clock), request.params.id, request.headers['if-match'], request.body);
        return reply.header('ETag', etagOf(version)).send(connector);
      },
    });

    app.delete('/api/connectors/:id', {
      config: { action: 'connectors:write' },
      schema: {
        tags,
        summary: 'Delete a connector. Needs If-Match',
        params: ConnectorParamsSchema,
        headers: z.looseObject({ 'if-match': z.string().max(200).optional() }),
        response: { 204: NoContentSchema, ...writeErrors },
      },
      handler: async (request, reply) => {
        await connectors.remove(actorOf(request, clock), request.params.id, request.headers['if-match']);
        return reply.code(204).send(null);
      },
    });

    app.get('/api/connectors/:id/shell', {
      config: { action: 'connectors:read' },
      schema: { tags, summary: 'Exchange Management Shell commands that recreate the connector and its entries (text/plain)', params: ConnectorParamsSchema },
      handler: async (request, reply) => reply.type('text/plain; charset=utf-8').send(await connectors.shell(request.params.id, request.auth?.generation)),
    });

    app.get('/api/findings', {
      config: { action: 'findings:read' },
      schema: { tags: ['troubleshooting'], summary: 'Risk findings for the whole organisation, most severe first', response: { 200: z.array(FindingSchema) } },
      handler: (request) => connectors.findings(request.auth?.generation),
    });
  };
}
