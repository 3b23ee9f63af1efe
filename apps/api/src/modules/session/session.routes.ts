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
  SignInMethodsSchema,
  SignInSettingsSchema,
  SignInThrottleSchema,
} from '@cc/api-contract';
import { OidcRefused, type OidcClient, type OidcTransaction } from '../../auth/oidc.ts';
import type { SignInConfig } from '../../auth/sign-in-config.ts';
import type { Clock } from '../../clock.ts';
import { actorOf, clearSessionCookie, isTls, sessionToken, setSessionCookie } from '../../plugins/auth.ts';
import { AppError } from '../../plugins/errors.ts';
import type { AuthContext, SessionService } from './session.service.ts';

/** A return without the transaction cookie (expired, another browser, replayed link) is refused like a tampered one. */
class OidcRefusedMissing extends OidcRefused {
  constructor() {
    super('no sign-in transaction (cookie missing or expired)');
  }
}

const answer = (auth: AuthContext) => ({
  user: { username: auth.username, role: auth.role },
  csrfToken: auth.csrfToken,
  abilities: abilities(auth.role),
  expiresAt: auth.expiresAt.toISOString(),
});

/**
 * The sign-in transaction (state, nonce, PKCE verifier) rides in its own cookie: SameSite=Lax, because the
 * provider's redirect back is a cross-site navigation a Strict cookie would not survive; ten minutes, HttpOnly.
 */
const OIDC_COOKIE = 'cc_oidc';
const SECURE_OIDC_COOKIE = '__Host-cc_oidc';
const OIDC_COOKIE_SECONDS = 600;
const OidcTransactionSchema = z.object({ state: z.string().min(1), nonce: z.string().min(1), verifier: z.string().min(1) });

function readTransaction(value: string | undefined): OidcTransaction | null {
  if (!value) return null;
  try {
    const parsed = OidcTransactionSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Where the browser lands after a failed return from the provider; the sign-in page explains the code. */
const signInPageWith = (error: 'sso' | 'throttled' | 'unavailable') => `/sign-in?error=${error}`;

export function describeSignInSettings(config: SignInConfig) {
  return {
    local: config.local,
    ldap: config.ldap && {
      urls: config.ldap.urls,
      caFile: config.ldap.caFile ?? null,
      bind: config.ldap.service ? ('serviceAccount' as const) : ('direct' as const),
      bindName: config.ldap.service?.dn ?? config.ldap.bindTemplate ?? '',
      userBase: config.ldap.userBase,
      userFilter: config.ldap.userFilterText,
      roleGroups: config.ldap.roleGroups,
      allowPlain: config.ldap.allowPlain,
      recheckMinutes: config.ldap.service ? config.ldap.recheckMs / 60_000 : 0,
    },
    oidc: config.oidc && {
      issuer: config.oidc.issuer,
      clientId: config.oidc.clientId,
      redirectUrl: config.oidc.redirectUrl,
      roleClaim: config.oidc.roleClaim,
      roleValues: config.oidc.roleValues,
    },
  };
}

export function sessionRoutes(deps: { sessions: SessionService; clock: Clock; signInConfig: SignInConfig; oidc: OidcClient | null }): FastifyPluginAsyncZod {
  const { sessions, clock, signInConfig, oidc } = deps;
  return async (app) => {
    app.get('/api/session/methods', {
      config: { public: true },
      schema: { tags: ['session'], summary: 'The ways to sign in that this console offers', response: { 200: SignInMethodsSchema } },
      handler: () => ({ local: signInConfig.local, ldap: signInConfig.ldap !== null, oidc: signInConfig.oidc ? { displayName: signInConfig.oidc.displayName } : null }),
    });

    app.get('/api/settings/sign-in', {
      config: { action: 'users:manage' },
      schema: { tags: ['session'], summary: 'How sign-in is configured (from the environment; read-only, no secrets)', response: { 200: SignInSettingsSchema } },
      handler: () => describeSignInSettings(signInConfig),
    });

    app.get('/api/session/oidc/start', {
      config: { public: true },
      schema: { tags: ['session'], summary: 'Start OpenID Connect sign-in: redirects to the provider', response: { 404: ErrorBodySchema } },
      handler: async (request, reply) => {
        if (!oidc) throw new AppError(404, 'NOT_FOUND', 'OpenID Connect sign-in is not configured here (OIDC_ISSUER).');
        let started;
        try {
          started = await oidc.start();
        } catch (error) {
          request.log.warn({ err: error }, 'OpenID Connect discovery failed');
          return reply.redirect(signInPageWith('unavailable'), 303);
        }
        const secure = isTls(request);
        reply.setCookie(secure ? SECURE_OIDC_COOKIE : OIDC_COOKIE, Buffer.from(JSON.stringify(started.transaction)).toString('base64url'), {
          httpOnly: true,
          sameSite: 'lax',
          path: '/',
          secure,
          maxAge: OIDC_COOKIE_SECONDS,
        });
        return reply.redirect(started.url.href, 303);
      },
    });

    app.get('/api/session/oidc/callback', {
      config: { public: true },
      schema: { tags: ['session'], summary: 'The provider sends the browser back here with the authorization code', querystring: z.record(z.string(), z.string()) },
      handler: async (request, reply) => {
        if (!oidc || !signInConfig.oidc) throw new AppError(404, 'NOT_FOUND', 'OpenID Connect sign-in is not configured here (OIDC_ISSUER).');
        const secure = isTls(request);
        const cookie = secure ? SECURE_OIDC_COOKIE : OIDC_COOKIE;
        const transaction = readTransaction(request.cookies[cookie]);
        // One transaction, one use: whatever happens next, it is gone.
        reply.clearCookie(cookie, { httpOnly: true, sameSite: 'lax', path: '/', secure });
        const callbackUrl = new URL(signInConfig.oidc.redirectUrl);
        callbackUrl.search = new URLSearchParams(request.query).toString();
        try {
          const { token, auth } = await sessions.signInWithOidc({
            finish: () => {
              if (!transaction) return Promise.reject(new OidcRefusedMissing());
              return oidc.finish(callbackUrl, transaction);
            },
            sourceIp: request.ip,
            actor: actorOf(request, clock, 'oidc'),
          });
          setSessionCookie(request, reply, token, Math.floor((auth.expiresAt.getTime() - clock.now().getTime()) / 1000));
          return reply.redirect('/connectors', 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          return reply.redirect(signInPageWith(error.statusCode === 429 ? 'throttled' : error.statusCode === 503 ? 'unavailable' : 'sso'), 303);
        }
      },
    });

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
          ...(request.body.method ? { method: request.body.method } : {}),
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
