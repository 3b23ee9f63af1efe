import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers Helmet sets for these options. With no function-valued directive (no per-request nonce) they
 * depend on the options alone, so Helmet runs once, against a response that only records them.
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return Object.freeze(Object.fromEntries(headers));
}

/**
 * Security headers on every answer, errors and not-found included. @fastify/helmet rebuilt the Helmet
 * middleware (parsing every CSP directive) on each request, about a tenth of a cheap route's CPU; the
 * headers are the same every time, so they are computed at start-up and added to each reply. They go
 * through the reply, not `reply.raw.setHeader`: one header set on the raw response sends Node's writeHead
 * down its slow path, re-validating every other header one by one.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = helmetHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
