import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ConnectorEntryParamsSchema,
  ConnectorParamsSchema,
  EffectivePermissionsAnswerSchema,
  EffectivePermissionsQuerySchema,
  ErrorBodySchema,
  PermissionBodyForConnectorSchema,
  PermissionEntriesSchema,
} from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { actorOf } from '../../plugins/auth.ts';
import { etagOf } from '../../plugins/preconditions.ts';
import { sendJsonText } from '../../plugins/fast-json.ts';
import type { PermissionsService } from './permissions.service.ts';

const tags = ['permissions'];
const ifMatch = z.looseObject({ 'if-match': z.string().max(200).optional() });
const errors = { 404: ErrorBodySchema, 409: ErrorBodySchema, 412: ErrorBodySchema, 422: ErrorBodySchema };

export function permissionsRoutes(deps: { permissions: PermissionsService; clock: Clock }): FastifyPluginAsyncZod {
  const { permissions, clock } = deps;
  return async (app) => {
    app.get('/api/connectors/:id/permissions', {
      config: { action: 'connectors:read' },
      schema: {
        tags,
        summary: 'The connector’s entries, then those inherited from its server; source tells what wrote each one',
        params: ConnectorParamsSchema,
        response: { 200: PermissionEntriesSchema, 404: ErrorBodySchema },
      },
      handler: async (request, reply) => {
        const { entries, version } = await permissions.list(request.params.id, request.auth?.generation);
        return reply.header('ETag', etagOf(version)).send(entries);
      },
    });

    app.post('/api/connectors/:id/permissions', {
      config: { action: 'permissions:write' },
      schema: {
        tags,
        summary: 'Add-ADPermission: grant (or, with deny, deny) rights to a principal; If-Match optional',
        params: ConnectorParamsSchema,
        headers: ifMatch,
        body: PermissionBodyForConnectorSchema,
        response: { 201: PermissionEntriesSchema, ...errors },
      },
      handler: async (request, reply) => {
        const { entries, version } = await permissions.add(actorOf(request, clock), request.params.id, request.body, request.headers['if-match']);
        return reply.code(201).header('ETag', etagOf(version)).send(entries);
      },
    });

    app.post('/api/connectors/:id/permissions/remove', {
      config: { action: 'permissions:write' },
      schema: {
        tags,
        summary: 'Remove-ADPermission: removes exactly these rights of this principal, whatever wrote them (the read-back may then show Custom)',
        params: ConnectorParamsSchema,
        headers: ifMatch,
        body: PermissionBodyForConnectorSchema,
        response: { 200: PermissionEntriesSchema, ...errors },
      },
      handler: async (request, reply) => {
        const { entries, version } = await permissions.removeRights(actorOf(request, clock), request.params.id, request.body, request.headers['if-match']);
        return reply.header('ETag', etagOf(version)).send(entries);
      },
    });

    app.delete('/api/connectors/:id/permissions/:entryId', {
      config: { action: 'permissions:write' },
      schema: {
        tags,
        summary: 'Remove one of the connector’s own entries; If-Match optional',
        params: ConnectorEntryParamsSchema,
        headers: ifMatch,
        response: { 200: PermissionEntriesSchema, ...errors },
      },
      handler: async (request, reply) => {
        const { entries, version } = await permissions.removeEntry(actorOf(request, clock), request.params.id, request.params.entryId, request.headers['if-match']);
        return reply.header('ETag', etagOf(version)).send(entries);
      },
    });

    app.get('/api/connectors/:id/effective-permissions', {
      config: { action: 'simulate:run' },
      schema: {
        tags,
        summary: 'Rights of a session kind with provenance; without identity, every principal of the ACL',
        params: ConnectorParamsSchema,
        querystring: EffectivePermissionsQuerySchema,
        response: { 200: EffectivePermissionsAnswerSchema, 404: ErrorBodySchema, 422: ErrorBodySchema },
      },
      // The service answers JSON text, cached per connector version: nothing to serialise per request.
      handler: async (request, reply) => sendJsonText(reply, await permissions.effective(request.params.id, request.query.identity, request.auth?.generation)),
    });
  };
}
