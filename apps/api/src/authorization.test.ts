import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Action } from '@cc/api-contract';
import { createTestApp, type SignedInSession, type TestApp } from './test/helpers.ts';

/**
 * The role × route matrix (Keycloak-style, quality doc S-02), generated from the app's own route table so a new
 * route cannot be forgotten. Path parameters name things that do not exist: allowed callers get 404/400, never
 * 401/403, and nothing real is changed.
 */
let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  helpdesk = await t.helpdesk();
});
afterAll(async () => t.close());

const concrete = (url: string) => url.replace(/:([A-Za-z]+)/g, (_m, name: string) => `no-such-${name.toLowerCase()}`);

/** Writes the help desk may make: its own session and "what if" questions that never change anything. */
// One's own session and password, and what-if questions; every other write is refused to the help desk.
// Uploading a protocol log changes no configuration (issue 12): the help desk reads logs pasted into tickets.
const HELPDESK_WRITES = new Set(['POST /api/session', 'DELETE /api/session', 'POST /api/account/password', 'POST /api/simulate', 'POST /api/logs']);

function routes() {
  return t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
}

describe('role × route matrix', () => {
  it('covers a meaningful route table', () => {
    expect(routes().filter((r) => r.action !== null).length).toBeGreaterThan(15);
  });

  it('refuses every non-public route to anonymous callers with 401', async () => {
    for (const route of routes().filter((r) => r.action !== null)) {
      const res = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('gives the help desk 403 on every write and admin-only read, and lets it read the rest', async () => {
    for (const route of routes().filter((r) => r.action !== null)) {
      const session = route.method === 'DELETE' && route.url === '/api/session' ? await t.helpdesk() : helpdesk;
      const res = await session.request({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      const label = `${route.method} ${route.url} (${route.action})`;
      if (can('helpdesk', route.action as Action)) expect([401, 403], label).not.toContain(res.statusCode);
      else expect(res.statusCode, label).toBe(403);
    }
  });

  it('lets admins through every route', async () => {
    for (const route of routes().filter((r) => r.action !== null)) {
      const session = route.method === 'DELETE' && route.url === '/api/session' ? await t.admin() : admin;
      const res = await session.request({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      expect([401, 403], `${route.method} ${route.url}`).not.toContain(res.statusCode);
    }
  });

  it('keeps every write admin-only in the catalogue, except the help desk’s own session, what-if questions and log uploads', () => {
    for (const route of routes().filter((r) => r.action !== null && r.method !== 'GET')) {
      const key = `${route.method} ${route.url}`;
      if (!HELPDESK_WRITES.has(key)) expect(can('helpdesk', route.action as Action), key).toBe(false);
    }
  });

  it('audits every denial (repeats within a minute as one summary with their count) and logs anonymous requests', async () => {
    // The next minute's first refusal writes the previous minute's summary.
    t.clock.advance(60_000);
    await helpdesk.request({ method: 'GET', url: '/api/users' });
    const denied = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'request.forbidden').execute();
    expect(denied.every((e) => e.actor === 'helpdesk')).toBe(true);
    const counted = denied.reduce((n, e) => n + 1 + ((e.after ? (JSON.parse(e.after) as { repeats?: number }).repeats : 0) ?? 0), 0);
    const forbiddenRoutes = routes().filter((r) => r.action !== null && !can('helpdesk', r.action as Action)).length;
    expect(counted).toBeGreaterThanOrEqual(forbiddenRoutes + 1);
    expect(denied.length).toBeLessThan(forbiddenRoutes);
    const anonymous = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'request.unauthenticated').execute();
    expect(anonymous).toEqual([]);
    expect(t.logLines.filter((line) => line.includes('request without a session')).length).toBeGreaterThan(5);
  });
});
