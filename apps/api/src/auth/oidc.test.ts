import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSignInConfig } from './sign-in-config.ts';
import { createTestApp, type TestApp } from '../test/helpers.ts';
import { authorizeAt, startOidcProvider, type TestProvider } from '../test/oidc-provider.ts';

/**
 * OpenID Connect against a real provider (oidc-provider) in this process: the authorization code flow with PKCE,
 * state and nonce, the groups claim mapped to roles, and the attacks the checks exist for.
 */
const REDIRECT = 'http://127.0.0.1:3999/api/session/oidc/callback';
let provider: TestProvider;
let t: TestApp;

beforeAll(async () => {
  provider = await startOidcProvider({
    redirectUrl: REDIRECT,
    people: { oscar: { groups: ['exchange-admins', 'staff'] }, petra: { groups: ['help-desk'] }, quentin: { groups: ['staff'] } },
  });
  t = await createTestApp({
    signInConfig: readSignInConfig({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clients.console.id,
      OIDC_CLIENT_SECRET: provider.clients.console.secret,
      OIDC_REDIRECT_URL: REDIRECT,
      OIDC_ROLE_VALUES: 'admin=exchange-admins;helpdesk=help-desk',
      OIDC_DISPLAY_NAME: 'Contoso sign-in',
    }),
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await provider?.stop();
});

/** GET /api/session/oidc/start: where the browser is sent, and the transaction cookie it keeps. */
async function start(address: string) {
  const res = await t.app.inject({ method: 'GET', url: '/api/session/oidc/start', remoteAddress: address });
  expect(res.statusCode).toBe(303);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return { location: res.headers.location as string, cookie, setCookie: String(res.headers['set-cookie']) };
}

const callback = (url: URL, cookie: string, address: string): Promise<LightMyRequestResponse> =>
  t.app.inject({ method: 'GET', url: `/api/session/oidc/callback${url.search}`, headers: { cookie }, remoteAddress: address });

const lastFailure = async () => {
  const rows = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'session.signInFailed').orderBy('seq').execute();
  return JSON.parse(rows.at(-1)!.after!) as { method: string; reason: string; detail?: string };
};

describe('OpenID Connect sign-in', () => {
  it('lists the provider among the ways in', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/session/methods' })).json()).toEqual({ local: true, ldap: false, oidc: { displayName: 'Contoso sign-in' } });
  });

  it('sends the browser to the provider with PKCE, state and nonce, in a short-lived Lax cookie', async () => {
    const { location, setCookie } = await start('10.3.0.1');
    const url = new URL(location);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const name of ['code_challenge', 'state', 'nonce']) expect(url.searchParams.get(name)?.length).toBeGreaterThanOrEqual(43);
    expect(url.searchParams.get('client_id')).toBe(provider.clients.console.id);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=600/);
  });

  it('completes the code flow: a session whose role comes from the groups claim', async () => {
    const { location, cookie } = await start('10.3.0.2');
    const back = await authorizeAt(location, 'oscar', REDIRECT);
    const res = await callback(back, cookie, '10.3.0.2');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/connectors');
    const session = String(res.headers['set-cookie']).match(/cc_session=[^;]+/)![0];
    const me = await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: session } });
    expect(me.json()).toMatchObject({ user: { username: 'oidc:oscar', role: 'admin' } });
    const granted = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'session.directoryRoleChanged').execute();
    expect(granted.map((e) => [e.target, JSON.parse(e.after!)])).toEqual([['user:oidc:oscar', { role: 'admin', grantedBy: 'exchange-admins' }]]);

    const petra = await callback(await authorizeAt((await start('10.3.0.2')).location, 'petra', REDIRECT), (await start('10.3.0.9')).cookie, '10.3.0.2');
    // A transaction cookie from another start does not fit this return (its state differs).
    expect(petra.headers.location).toBe('/sign-in?error=sso');
  });

  it('refuses a person whose claims map to no role', async () => {
    const { location, cookie } = await start('10.3.0.3');
    const res = await callback(await authorizeAt(location, 'quentin', REDIRECT), cookie, '10.3.0.3');
    expect(res.headers.location).toBe('/sign-in?error=sso');
    expect(res.headers['set-cookie']).not.toMatch(/cc_session=[^;]/);
    expect(await lastFailure()).toMatchObject({ method: 'oidc', reason: 'noMappedClaim' });
  });

  it('refuses a tampered state', async () => {
    const { location, cookie } = await start('10.3.0.4');
    const back = await authorizeAt(location, 'petra', REDIRECT);
    back.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const res = await callback(back, cookie, '10.3.0.4');
    expect(res.headers.location).toBe('/sign-in?error=sso');
    expect(await lastFailure()).toMatchObject({ reason: 'refusedByChecks', detail: expect.stringMatching(/state/i) });
  });

  it('refuses a replayed code, even with the transaction cookie that went with it', async () => {
    const { location, cookie } = await start('10.3.0.5');
    const back = await authorizeAt(location, 'petra', REDIRECT);
    expect((await callback(back, cookie, '10.3.0.5')).headers.location).toBe('/connectors');
    const replay = await callback(back, cookie, '10.3.0.6');
    expect(replay.headers.location).toBe('/sign-in?error=sso');
    expect(replay.headers['set-cookie']).not.toMatch(/cc_session=[^;]/);
    expect(await lastFailure()).toMatchObject({ reason: 'refusedByChecks', detail: expect.stringMatching(/invalid_grant/) });
  });

  it('refuses a code issued to another client (wrong audience)', async () => {
    const { location, cookie } = await start('10.3.0.7');
    const other = new URL(location);
    other.searchParams.set('client_id', provider.clients.other.id);
    const res = await callback(await authorizeAt(other.href, 'oscar', REDIRECT), cookie, '10.3.0.7');
    expect(res.headers.location).toBe('/sign-in?error=sso');
    expect(await lastFailure()).toMatchObject({ reason: 'refusedByChecks', detail: expect.stringMatching(/invalid_grant/) });
  });

  it('refuses a return without the transaction cookie', async () => {
    const { location } = await start('10.3.0.8');
    const res = await callback(await authorizeAt(location, 'oscar', REDIRECT), '', '10.3.0.8');
    expect(res.headers.location).toBe('/sign-in?error=sso');
    expect(await lastFailure()).toMatchObject({ reason: 'refusedByChecks', detail: expect.stringMatching(/no sign-in transaction/) });
  });

  it('throttles failed returns per address', async () => {
    for (let i = 0; i < 10; i += 1) await t.app.inject({ method: 'GET', url: '/api/session/oidc/callback?code=x&state=y', remoteAddress: '10.3.1.1' });
    const res = await t.app.inject({ method: 'GET', url: '/api/session/oidc/callback?code=x&state=y', remoteAddress: '10.3.1.1' });
    expect(res.headers.location).toBe('/sign-in?error=throttled');
  });

  it('writes no token, code or secret to the logs or the audit trail', async () => {
    const { location, cookie } = await start('10.3.2.1');
    const back = await authorizeAt(location, 'petra', REDIRECT);
    expect((await callback(back, cookie, '10.3.2.1')).headers.location).toBe('/connectors');
    const code = back.searchParams.get('code')!;
    expect(t.logLines.join('')).toContain('/api/session/oidc/callback');
    expect(t.logLines.join('')).not.toContain(code);
    const audit = JSON.stringify(await t.database.db.selectFrom('audit_events').selectAll().execute());
    for (const text of [audit, t.logLines.join('')]) {
      expect(text).not.toContain(provider.clients.console.secret);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
    }
  });
});
