import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AuditEventSchema, AuditQuerySchema } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { listAuditEvents } from './audit.repo.ts';

export function auditRoutes(deps: { db: Kysely<Database> }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/audit', {
      config: { action: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first (at most `limit`, default 200); account and sign-in events for admins only',
        querystring: AuditQuerySchema,
        response: { 200: z.array(AuditEventSchema) },
      },
      handler: (request) => listAuditEvents(deps.db, request.query, request.auth!.role),
    });
  };
}
