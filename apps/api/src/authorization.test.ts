import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Action } from '@cc/api-contract';
import { readSignInConfig } from './auth/sign-in-config.ts';
import { createTestApp, type SignedInSession, type TestApp } from './test/helpers.ts';
import { directorySignIn, ldapConfig, sessionFrom } from './test/directory.ts';
import { startPrivateSlapd } from './test/private-slapd.ts';
import { authorizeAt, startOidcProvider } from './test/oidc-provider.ts';

/**
 * The role × route matrix (Keycloak-style, quality doc S-02), generated from the app's own route table so a new
 * route cannot be forgotten. Path parameters name things that do not exist: allowed callers get 404/400, never
 * 401/403, and nothing real is changed. It runs for each way in: console accounts, directory (LDAP) people whose
 * role comes from their groups, and OpenID Connect people whose role comes from a claim.
 */
interface Way {
  name: string;
  setup(): Promise<{ t: TestApp; admin(): Promise<SignedInSession>; helpdesk(): Promise<SignedInSession>; helpdeskActor: string; stop(): Promise<void> }>;
}

const OIDC_REDIRECT = 'http://127.0.0.1:3999/api/session/oidc/callback';

const WAYS: Way[] = [
  {
    name: 'console accounts',
    async setup() {
      const t = await createTestApp();
      return { t, admin: () => t.admin(), helpdesk: () => t.helpdesk(), helpdeskActor: 'helpdesk', stop: () => t.close() };
    },
  },
  {
    name: 'directory (LDAP) people',
    async setup() {
      const slapd = await startPrivateSlapd();
      const t = await createTestApp({ signInConfig: ldapConfig(slapd) });
      return {
        t,
        admin: async () => sessionFrom(t.app, await directorySignIn(t.app, 'alice', 'alice directory pass 1', '10.9.0.1')),
        helpdesk: async () => sessionFrom(t.app, await directorySignIn(t.app, 'bob@contoso.test', 'bob directory pass 1', '10.9.0.2')),
        helpdeskActor: 'ldap:bob',
        stop: async () => (await t.close(), await slapd.stop()),
      };
    },
  },
  {
    name: 'OpenID Connect people',
    async setup() {
      const provider = await startOidcProvider({ redirectUrl: OIDC_REDIRECT, people: { ann: { groups: ['exchange-admins'] }, hal: { groups: ['help-desk'] } } });
      const t = await createTestApp({
        signInConfig: readSignInConfig({
          OIDC_ISSUER: provider.issuer,
          OIDC_CLIENT_ID: provider.clients.console.id,
          OIDC_CLIENT_SECRET: provider.clients.console.secret,
          OIDC_REDIRECT_URL: OIDC_REDIRECT,
          OIDC_ROLE_VALUES: 'admin=exchange-admins;helpdesk=help-desk',
        }),
      });
      async function signIn(login: string): Promise<SignedInSession> {
        const start = await t.app.inject({ method: 'GET', url: '/api/session/oidc/start' });
        const back = await authorizeAt(start.headers.location as string, login, OIDC_REDIRECT);
        const done = await t.app.inject({ method: 'GET', url: `/api/session/oidc/callback${back.search}`, headers: { cookie: String(start.headers['set-cookie']).split(';')[0]! } });
        const cookie = String(done.headers['set-cookie']).match(/cc_session=[^;]+/)![0];
        const csrfToken = (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json<{ csrfToken: string }>().csrfToken;
        return {
          cookie,
          csrfToken,
          request: (opts) => t.app.inject({ ...opts, headers: { cookie, ...(opts.method && opts.method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}), ...(opts.headers ?? {}) } }),
        };
      }
      return { t, admin: () => signIn('ann'), helpdesk: () => signIn('hal'), helpdeskActor: 'oidc:hal', stop: async () => (await t.close(), await provider.stop()) };
    },
  },
];

describe.each(WAYS)('role × route matrix: $name', (way) => {
  let t: TestApp;
  let admin: SignedInSession;
  let helpdesk: SignedInSession;
  let ctx: Awaited<ReturnType<Way['setup']>>;

  beforeAll(async () => {
    ctx = await way.setup();
    t = ctx.t;
    admin = await ctx.admin();
    helpdesk = await ctx.helpdesk();
  }, 60_000);
  afterAll(async () => ctx?.stop());

  const concrete = (url: string) => url.replace(/:([A-Za-z]+)/g, (_m, name: string) => `no-such-${name.toLowerCase()}`);

  /** Writes the help desk may make: its own session and "what if" questions that never change anything. */
  // One's own session and password, and what-if questions; every other write is refused to the help desk.
  const HELPDESK_WRITES = new Set(['POST /api/session', 'DELETE /api/session', 'POST /api/account/password', 'POST /api/simulate']);

  function routes() {
    return t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
  }

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
      const session = route.method === 'DELETE' && route.url === '/api/session' ? await ctx.helpdesk() : helpdesk;
      const res = await session.request({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      const label = `${route.method} ${route.url} (${route.action})`;
      if (can('helpdesk', route.action as Action)) expect([401, 403], label).not.toContain(res.statusCode);
      else expect(res.statusCode, label).toBe(403);
    }
  });

  it('lets admins through every route', async () => {
    for (const route of routes().filter((r) => r.action !== null)) {
      const session = route.method === 'DELETE' && route.url === '/api/session' ? await ctx.admin() : admin;
      const res = await session.request({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      expect([401, 403], `${route.method} ${route.url}`).not.toContain(res.statusCode);
    }
  });

  it('keeps every write admin-only in the catalogue, except the help desk’s own session and what-if questions', () => {
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
    expect(denied.every((e) => e.actor === ctx.helpdeskActor)).toBe(true);
    const counted = denied.reduce((n, e) => n + 1 + ((e.after ? (JSON.parse(e.after) as { repeats?: number }).repeats : 0) ?? 0), 0);
    const forbiddenRoutes = routes().filter((r) => r.action !== null && !can('helpdesk', r.action as Action)).length;
    expect(counted).toBeGreaterThanOrEqual(forbiddenRoutes + 1);
    expect(denied.length).toBeLessThan(forbiddenRoutes);
    const anonymous = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'request.unauthenticated').execute();
    expect(anonymous).toEqual([]);
    expect(t.logLines.filter((line) => line.includes('request without a session')).length).toBeGreaterThan(5);
  });
});
