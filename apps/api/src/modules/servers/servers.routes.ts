import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorBodySchema,
  NoContentSchema,
  PermissionBodySchema,
  PermissionEntryViewSchema,
  ServerBodySchema,
  ServerEntryParamsSchema,
  ServerParamsSchema,
  ServerViewSchema,
} from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { ServersService } from './servers.service.ts';

const tags = ['servers'];
const errors = { 404: ErrorBodySchema, 409: ErrorBodySchema, 422: ErrorBodySchema };

export function serversRoutes(deps: { servers: ServersService; clock: Clock }): FastifyPluginAsyncZod {
  const { servers, clock } = deps;
  return async (app) => {
    app.get('/api/servers', {
      config: { action: 'servers:read' },
      schema: { tags, summary: 'Transport servers', response: { 200: z.array(ServerViewSchema) } },
      handler: () => servers.list(),
    });

    app.post('/api/servers', {
      config: { action: 'servers:write' },
      schema: {
        tags,
        summary: 'Add a server; its default receive connectors are created as Exchange setup does, unless defaultConnectors=false',
        querystring: z.strictObject({ defaultConnectors: z.enum(['true', 'false']).optional() }),
        body: ServerBodySchema,
        response: { 201: ServerViewSchema, ...errors },
      },
      handler: async (request, reply) => {
        const server = await servers.create(actorOf(request, clock), request.body, {
          defaultConnectors: request.query.defaultConnectors !== 'false',
        });
        return reply.code(201).send(server);
      },
    });

    app.get('/api/servers/:name', {
      config: { action: 'servers:read' },
      schema: { tags, summary: 'One server', params: ServerParamsSchema, response: { 200: ServerViewSchema, 404: ErrorBodySchema } },
      handler: (request) => servers.get(request.params.name),
    });

    app.put('/api/servers/:name', {
      config: { action: 'servers:write' },
      schema: { tags, summary: 'Replace a server', params: ServerParamsSchema, body: ServerBodySchema, response: { 200: ServerViewSchema, ...errors } },
      handler: (request) => servers.replace(actorOf(request, clock), request.params.name, request.body),
    });

    app.delete('/api/servers/:name', {
      config: { action: 'servers:write' },
      schema: { tags, summary: 'Delete a server that has no connectors left', params: ServerParamsSchema, response: { 204: NoContentSchema, ...errors } },
      handler: async (request, reply) => {
        await servers.remove(actorOf(request, clock), request.params.name);
        return reply.code(204).send(null);
      },
    });

    app.get('/api/servers/:name/permissions', {
      config: { action: 'servers:read' },
      schema: {
        tags,
        summary: 'Entries on the server’s receive-connector container, inherited by all its connectors',
        params: ServerParamsSchema,
        response: { 200: z.array(PermissionEntryViewSchema), 404: ErrorBodySchema },
      },
      handler: (request) => servers.listPermissions(request.params.name),
    });

    app.post('/api/servers/:name/permissions', {
      config: { action: 'permissions:write' },
      schema: {
        tags,
        summary: 'Add rights on the container (inherited by every connector of the server)',
        params: ServerParamsSchema,
        body: PermissionBodySchema,
        response: { 201: z.array(PermissionEntryViewSchema), ...errors },
      },
      handler: async (request, reply) =>
        reply.code(201).send(await servers.addPermission(actorOf(request, clock), request.params.name, request.body)),
    });

    app.delete('/api/servers/:name/permissions/:entryId', {
      config: { action: 'permissions:write' },
      schema: { tags, summary: 'Remove one container entry', params: ServerEntryParamsSchema, response: { 204: NoContentSchema, ...errors } },
      handler: async (request, reply) => {
        await servers.removePermission(actorOf(request, clock), request.params.name, request.params.entryId);
        return reply.code(204).send(null);
      },
    });
  };
}
