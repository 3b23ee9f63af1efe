import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Action } from '@cc/api-contract';
import type { Actor } from '../db/change.ts';
import type { SecurityEvents } from '../modules/audit/security-events.ts';
import type { Clock } from '../clock.ts';
import { sameToken, type AuthContext, type SessionService } from '../modules/session/session.service.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The catalogue action this route needs; every route declares one unless it is `public`. */
    action?: Action;
    /** Reachable without a session (health, sign-in, docs, the web app's files). */
    public?: boolean;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export const SESSION_COOKIE = 'cc_session';
/** Over TLS the cookie takes the `__Host-` prefix: Secure, Path=/, no Domain, enforced by the browser. */
export const SECURE_SESSION_COOKIE = '__Host-cc_session';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes registered by the documentation plugin, which cannot carry our route config: public, read-only. */
const DOCS_PREFIX = '/api/docs';

export function isPublicRoute(url: string, config: { public?: boolean }): boolean {
  return config.public === true || url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`);
}

export const isTls = (request: FastifyRequest): boolean => request.protocol === 'https';

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SECURE_SESSION_COOKIE] ?? request.cookies[SESSION_COOKIE];
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const secure = isTls(request);
  reply.setCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const secure = isTls(request);
  reply.clearCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}

export function actorOf(request: FastifyRequest, clock: Clock, username?: string): Actor {
  return {
    username: username ?? request.auth?.username ?? 'anonymous',
    sourceIp: request.ip,
    requestId: request.id,
    now: () => clock.now(),
  };
}

/**
 * A browser write must come from our own origin. `Origin` (or, without it, `Sec-Fetch-Site`) is checked; a
 * client that sends neither is not a browser and cannot be driven cross-site (OWASP CSRF cheat sheet).
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === `${request.protocol}://${request.host}`;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * Authentication, CSRF and authorization for every request, before the body is even parsed: an anonymous or
 * unauthorised caller learns nothing about request schemas and costs no parsing.
 */
export function registerAuth(app: FastifyInstance, deps: { sessions: SessionService; securityEvents: SecurityEvents; clock: Clock }): void {
  const { sessions, securityEvents, clock } = deps;
  app.decorateRequest('auth', null);

  /**
   * A refusal by role or CSRF proves someone tried: it goes to the audit log (repeats summarised per minute).
   * A request without a session is ordinary noise (an expired tab, a scanner): the JSON log keeps it.
   */
  const refuse = async (request: FastifyRequest, error: AppError, action: 'request.unauthenticated' | 'request.forbidden' | 'request.csrfRefused') => {
    const target = `route:${request.method} ${request.routeOptions.url ?? request.url}`;
    if (action === 'request.unauthenticated') request.log.info({ refused: action, target }, 'request without a session');
    else await securityEvents.record(actorOf(request, clock), { action, target });
    throw error;
  };

  app.addHook('onRequest', async (request) => {
    // Unmatched URLs go to the not-found handler, which reveals nothing.
    if (request.routeOptions.url === undefined) return;
    const config = request.routeOptions.config;
    const unsafe = UNSAFE_METHODS.has(request.method);

    if (isPublicRoute(request.routeOptions.url, config)) {
      if (unsafe && !sameOrigin(request))
        await refuse(request, new AppError(403, 'CSRF_REFUSED', 'This request came from another site and was refused.'), 'request.csrfRefused');
      return;
    }

    const token = sessionToken(request);
    const auth = token ? await sessions.authenticate(token) : null;
    if (!auth) await refuse(request, new AppError(401, 'UNAUTHENTICATED', 'Sign in first (POST /api/session).'), 'request.unauthenticated');
    request.auth = auth;

    if (unsafe) {
      const header = request.headers['x-csrf-token'];
      if (!sameOrigin(request) || typeof header !== 'string' || !sameToken(header, auth!.csrfToken))
        await refuse(
          request,
          new AppError(403, 'CSRF_REFUSED', 'Send the X-CSRF-Token header from the sign-in answer, from the console’s own origin.'),
          'request.csrfRefused',
        );
    }

    const action = config.action;
    if (!action || !can(auth!.role, action))
      await refuse(request, new AppError(403, 'FORBIDDEN', `The ${auth!.role} role cannot do this (${action ?? 'no permission declared'}).`), 'request.forbidden');
  });
}

/**
 * Every route must declare the catalogue action it needs, or say it is public; a route that does neither makes
 * the app refuse to start (Unleash/Grafana-style route table, quality doc S-01).
 */
export function registerRouteGuard(app: FastifyInstance, routes: Array<{ method: string; url: string; action: Action | null }>): void {
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { action?: Action; public?: boolean };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!config.action && !isPublicRoute(route.url, config))
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no permission (config.action) and is not public.`);
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, action: config.action ?? null });
    }
  });
}
