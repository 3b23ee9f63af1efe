import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccountSchema,
  ChangeOwnPasswordAnswerSchema,
  ChangeOwnPasswordBodySchema,
  CreateAccountBodySchema,
  ErrorBodySchema,
  NoContentSchema,
  ResetPasswordBodySchema,
  UpdateAccountBodySchema,
  UsernameParamsSchema,
} from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { UsersService } from './users.service.ts';

const tags = ['users'];

export function usersRoutes(deps: { users: UsersService; clock: Clock }): FastifyPluginAsyncZod {
  const { users, clock } = deps;
  return async (app) => {
    app.get('/api/users', {
      config: { action: 'users:manage' },
      schema: { tags, summary: 'Console accounts', response: { 200: z.array(AccountSchema) } },
      handler: () => users.list(),
    });

    app.post('/api/users', {
      config: { action: 'users:manage' },
      schema: {
        tags,
        summary: 'Create a console account',
        body: CreateAccountBodySchema,
        response: { 201: AccountSchema, 409: ErrorBodySchema, 422: ErrorBodySchema },
      },
      handler: async (request, reply) => reply.code(201).send(await users.create(actorOf(request, clock), request.body)),
    });

    app.patch('/api/users/:username', {
      config: { action: 'users:manage' },
      schema: {
        tags,
        summary: 'Change an account’s role or disable it (takes effect on its next request)',
        params: UsernameParamsSchema,
        body: UpdateAccountBodySchema,
        response: { 200: AccountSchema, 404: ErrorBodySchema, 409: ErrorBodySchema },
      },
      handler: (request) => users.update(actorOf(request, clock), request.params.username, request.body),
    });

    app.post('/api/users/:username/password', {
      config: { action: 'users:manage' },
      schema: {
        tags,
        summary: 'Set a new password; ends the account’s sessions',
        params: UsernameParamsSchema,
        body: ResetPasswordBodySchema,
        response: { 204: NoContentSchema, 404: ErrorBodySchema, 422: ErrorBodySchema },
      },
      handler: async (request, reply) => {
        await users.resetPassword(actorOf(request, clock), request.params.username, request.body.password);
        return reply.code(204).send(null);
      },
    });

    app.post('/api/account/password', {
      config: { action: 'account:self' },
      schema: {
        tags,
        summary: 'Change your own password (the current one is required); ends your other sessions',
        body: ChangeOwnPasswordBodySchema,
        response: { 200: ChangeOwnPasswordAnswerSchema, 422: ErrorBodySchema },
      },
      handler: async (request) => {
        const auth = request.auth!;
        const ended = await users.changeOwnPassword(actorOf(request, clock), auth, request.body.currentPassword, request.body.newPassword);
        return { otherSessionsEnded: ended };
      },
    });

    app.delete('/api/users/:username/sessions', {
      config: { action: 'users:manage' },
      schema: { tags, summary: 'End every session of an account', params: UsernameParamsSchema, response: { 204: NoContentSchema, 404: ErrorBodySchema } },
      handler: async (request, reply) => {
        await users.endSessions(actorOf(request, clock), request.params.username);
        return reply.code(204).send(null);
      },
    });
  };
}
