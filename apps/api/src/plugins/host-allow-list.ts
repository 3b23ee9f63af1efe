import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

const LOOPBACK_HOSTNAMES = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** `host[:port]` → hostname (IPv6 literals keep their brackets). */
const hostnameOf = (host: string): string => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, ''));

/** The Host values the console answers: each configured public origin's host, and loopback on any port. */
export function hostAllowed(host: string, publicHosts: ReadonlySet<string>): boolean {
  const normalised = host.toLowerCase();
  return publicHosts.has(normalised) || LOOPBACK_HOSTNAMES.test(hostnameOf(normalised));
}

/** `https://console.contoso.com` → `console.contoso.com` (the Host header a browser sends for that origin). */
export function publicHostsOf(origins: readonly string[]): Set<string> {
  return new Set(origins.map((origin) => new URL(origin).host.toLowerCase()));
}

/**
 * DNS rebinding: a page on an attacker's name that resolves to this console's address would otherwise reach it
 * with the browser's same-origin rules on the attacker's side. Only the configured public origins and loopback
 * are answered; anything else gets 421 before routing, authentication or the web app.
 */
export function registerHostAllowList(app: FastifyInstance, publicOrigins: readonly string[]): void {
  const publicHosts = publicHostsOf(publicOrigins);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!hostAllowed(request.host, publicHosts))
      throw new AppError(421, 'MISDIRECTED_REQUEST', 'This console does not answer to that host name. Use its configured address (PUBLIC_ORIGIN).');
  });
}
