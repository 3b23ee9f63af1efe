import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  abilities,
  ClearThrottlesAnswerSchema,
  ClearThrottlesQuerySchema,
  ErrorBodySchema,
  NoContentSchema,
  SessionAnswerSchema,
  SignInBodySchema,
  SignInThrottleSchema,
} from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { actorOf, clearSessionCookie, sessionToken, setSessionCookie } from '../../plugins/auth.ts';
import { AppError } from '../../plugins/errors.ts';
import type { AuthContext, SessionService } from './session.service.ts';

const answer = (auth: AuthContext) => ({
  user: { username: auth.username, role: auth.role },
  csrfToken: auth.csrfToken,
  abilities: abilities(auth.role),
  expiresAt: auth.expiresAt.toISOString(),
});

export function sessionRoutes(deps: { sessions: SessionService; clock: Clock }): FastifyPluginAsyncZod {
  const { sessions, clock } = deps;
  return async (app) => {
    app.post('/api/session', {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Sign in; sets the session cookie and returns the CSRF token for later writes',
        body: SignInBodySchema,
        response: { 200: SessionAnswerSchema, 401: ErrorBodySchema, 429: ErrorBodySchema },
      },
      handler: async (request, reply) => {
        const { token, auth } = await sessions.signIn({
          username: request.body.username,
          password: request.body.password,
          sourceIp: request.ip,
          actor: actorOf(request, clock, request.body.username),
        });
        setSessionCookie(request, reply, token, Math.floor((auth.expiresAt.getTime() - clock.now().getTime()) / 1000));
        return answer(auth);
      },
    });

    // Public so that a signed-out page load is a plain 401, not a refused request in the audit log.
    app.get('/api/session', {
      config: { public: true },
      schema: { tags: ['session'], summary: 'The signed-in user', response: { 200: SessionAnswerSchema, 401: ErrorBodySchema } },
      handler: async (request) => {
        const token = sessionToken(request);
        const auth = token ? await sessions.authenticate(token) : null;
        if (!auth) throw new AppError(401, 'UNAUTHENTICATED', 'Not signed in.');
        return answer(auth);
      },
    });

    app.delete('/api/session', {
      config: { action: 'session:self' },
      schema: { tags: ['session'], summary: 'Sign out: deletes the session on the server', response: { 204: NoContentSchema } },
      handler: async (request, reply) => {
        await sessions.signOut(request.auth!, actorOf(request, clock));
        clearSessionCookie(request, reply);
        return reply.code(204).send(null);
      },
    });

    app.get('/api/sign-in-throttles', {
      config: { action: 'users:manage' },
      schema: { tags: ['session'], summary: 'Sign-in throttles: failures counted per account and address, and what they block', response: { 200: z.array(SignInThrottleSchema) } },
      handler: () => sessions.listThrottles(),
    });

    app.delete('/api/sign-in-throttles', {
      config: { action: 'users:manage' },
      schema: {
        tags: ['session'],
        summary: 'Clear the throttles of an account, an address, or the pair (audited)',
        querystring: ClearThrottlesQuerySchema,
        response: { 200: ClearThrottlesAnswerSchema },
      },
      handler: async (request) => ({ cleared: await sessions.clearThrottles(request.query, actorOf(request, clock)) }),
    });
  };
}
