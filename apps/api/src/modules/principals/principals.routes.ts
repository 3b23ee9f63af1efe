import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorBodySchema,
  NoContentSchema,
  IdParamsSchema,
  PrincipalBodySchema,
  PrincipalPatchBodySchema,
  PrincipalViewSchema,
  StoredPrincipalViewSchema,
} from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { PrincipalsService } from './principals.service.ts';

const tags = ['directory'];

export function principalsRoutes(deps: { principals: PrincipalsService; clock: Clock }): FastifyPluginAsyncZod {
  const { principals, clock } = deps;
  return async (app) => {
    app.get('/api/principals', {
      config: { action: 'directory:read' },
      schema: { tags, summary: 'Directory users and groups, and the well-known principals (read-only)', response: { 200: z.array(PrincipalViewSchema) } },
      handler: () => principals.list(),
    });

    app.post('/api/principals', {
      config: { action: 'directory:write' },
      schema: {
        tags,
        summary: 'Add a directory user or group',
        body: PrincipalBodySchema,
        response: { 201: StoredPrincipalViewSchema, 409: ErrorBodySchema },
      },
      handler: async (request, reply) => reply.code(201).send(await principals.create(actorOf(request, clock), request.body)),
    });

    app.patch('/api/principals/:id', {
      config: { action: 'directory:write' },
      schema: {
        tags,
        summary: 'Add or remove e-mail addresses, group memberships and Send-As: each list takes { add, remove }',
        params: IdParamsSchema,
        body: PrincipalPatchBodySchema,
        response: { 200: StoredPrincipalViewSchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 422: ErrorBodySchema },
      },
      handler: (request) => principals.update(actorOf(request, clock), request.params.id, request.body),
    });

    app.delete('/api/principals/:id', {
      config: { action: 'directory:write' },
      schema: { tags, summary: 'Remove a directory user or group', params: IdParamsSchema, response: { 204: NoContentSchema, 404: ErrorBodySchema, 409: ErrorBodySchema } },
      handler: async (request, reply) => {
        await principals.remove(actorOf(request, clock), request.params.id);
        return reply.code(204).send(null);
      },
    });
  };
}
