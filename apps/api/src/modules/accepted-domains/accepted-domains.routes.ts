import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AcceptedDomainBodySchema, AcceptedDomainPatchBodySchema, AcceptedDomainViewSchema, ErrorBodySchema, NoContentSchema, IdParamsSchema } from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { AcceptedDomainsService } from './accepted-domains.service.ts';

const tags = ['accepted domains'];

export function acceptedDomainsRoutes(deps: { domains: AcceptedDomainsService; clock: Clock }): FastifyPluginAsyncZod {
  const { domains, clock } = deps;
  return async (app) => {
    app.get('/api/accepted-domains', {
      config: { action: 'domains:read' },
      schema: { tags, summary: 'Accepted domains', response: { 200: z.array(AcceptedDomainViewSchema) } },
      handler: () => domains.list(),
    });

    app.post('/api/accepted-domains', {
      config: { action: 'domains:write' },
      schema: {
        tags,
        summary: 'Add an accepted domain (`*.contoso.com` includes its subdomains)',
        body: AcceptedDomainBodySchema,
        response: { 201: AcceptedDomainViewSchema, 409: ErrorBodySchema },
      },
      handler: async (request, reply) => reply.code(201).send(await domains.create(actorOf(request, clock), request.body)),
    });

    app.patch('/api/accepted-domains/:id', {
      config: { action: 'domains:write' },
      schema: {
        tags,
        summary: 'Change the domain type, or make this the default accepted domain (Set-AcceptedDomain -MakeDefault)',
        params: IdParamsSchema,
        body: AcceptedDomainPatchBodySchema,
        response: { 200: AcceptedDomainViewSchema, 404: ErrorBodySchema, 409: ErrorBodySchema },
      },
      handler: (request) => domains.update(actorOf(request, clock), request.params.id, request.body),
    });

    app.delete('/api/accepted-domains/:id', {
      config: { action: 'domains:write' },
      schema: { tags, summary: 'Remove an accepted domain', params: IdParamsSchema, response: { 204: NoContentSchema, 404: ErrorBodySchema, 409: ErrorBodySchema } },
      handler: async (request, reply) => {
        await domains.remove(actorOf(request, clock), request.params.id);
        return reply.code(204).send(null);
      },
    });
  };
}
