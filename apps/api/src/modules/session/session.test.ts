import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, HELPDESK_PASSWORD, cookieFrom, createTestApp, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const signIn = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, headers });

describe('sign-in answer and cookie (S-05, S-06)', () => {
  it('answers the user, role, CSRF token and abilities, and sets a strict httpOnly cookie', async () => {
    const res = await signIn('admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ username: 'admin', role: 'admin' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.abilities).toContain('users:manage');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^cc_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Domain=');
    expect(cookie).not.toContain('Secure');
  });

  it('uses the __Host- prefix and Secure over TLS', async () => {
    const tls = await createTestApp({ trustProxy: true });
    const res = await tls.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-cc_session=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
    await tls.close();
  });

  it('issues a new token at every sign-in', async () => {
    const a = cookieFrom(await signIn('helpdesk', HELPDESK_PASSWORD));
    const b = cookieFrom(await signIn('helpdesk', HELPDESK_PASSWORD));
    expect(a).not.toBe(b);
  });

  it('stores only a hash of the token', async () => {
    const token = cookieFrom(await signIn('helpdesk', HELPDESK_PASSWORD)).split('=')[1]!;
    const rows = await t.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash.includes(token))).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('returns the current user and CSRF token on GET, and 401 without a session', async () => {
    const session = await t.admin();
    const res = await session.request({ method: 'GET', url: '/api/session' });
    expect(res.json()).toMatchObject({ user: { username: 'admin' }, csrfToken: session.csrfToken });
    expect((await t.app.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
  });
});

describe('sign-out', () => {
  it('deletes the session on the server, so the old cookie is dead', async () => {
    const session = await t.helpdesk();
    const out = await session.request({ method: 'DELETE', url: '/api/session' });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/cc_session=;/);
    expect((await session.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(401);
  });
});

describe('CSRF (S-07)', () => {
  it('refuses a write without the X-CSRF-Token header', async () => {
    const session = await t.admin();
    const res = await t.app.inject({ method: 'POST', url: '/api/principals', payload: {}, headers: { cookie: session.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_REFUSED');
  });

  it('refuses a wrong token', async () => {
    const session = await t.admin();
    const res = await session.request({ method: 'POST', url: '/api/principals', payload: {}, headers: { 'x-csrf-token': 'x'.repeat(43) } });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a token from another session', async () => {
    const a = await t.admin();
    const b = await t.admin();
    const res = await a.request({ method: 'POST', url: '/api/principals', payload: {}, headers: { 'x-csrf-token': b.csrfToken } });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a foreign Origin or a cross-site fetch even with the right token', async () => {
    const session = await t.admin();
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
      const res = await session.request({ method: 'POST', url: '/api/principals', payload: {}, headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
    }
  });

  it('accepts the same origin, and a client without Origin or Sec-Fetch-Site (scripts)', async () => {
    const session = await t.admin();
    const same = await session.request({ method: 'POST', url: '/api/principals', payload: {}, headers: { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' } });
    expect(same.statusCode).toBe(400);
    const script = await session.request({ method: 'POST', url: '/api/principals', payload: {} });
    expect(script.statusCode).toBe(400);
  });

  it('refuses a cross-site sign-in (login CSRF)', async () => {
    const res = await signIn('admin', ADMIN_PASSWORD, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
  });

  it('records refusals in the audit log', async () => {
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'request.csrfRefused').execute();
    expect(events.length).toBeGreaterThan(0);
  });
});

describe('expiry (idle 30 min, absolute 8 h)', () => {
  it('ends a session idle for more than 30 minutes', async () => {
    const session = await t.helpdesk();
    t.clock.advance(29 * 60_000);
    expect((await session.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await session.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await session.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(401);
  });

  it('ends an active session after 8 hours', async () => {
    const session = await t.helpdesk();
    for (let i = 0; i < 16; i += 1) {
      t.clock.advance(29 * 60_000);
      expect((await session.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(200);
    }
    t.clock.advance(20 * 60_000);
    expect((await session.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(401);
  });
});

describe('throttling and enumeration (S-08)', () => {
  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await signIn('nobody', 'some password 123');
    const wrong = await signIn('admin', 'some password 123');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(wrong.headers).sort());
  });

  it('spends a hash on an unknown user too (timing)', async () => {
    const time = async (username: string) => {
      const start = performance.now();
      await signIn(username, 'another password 1');
      return performance.now() - start;
    };
    const durations = { unknown: [] as number[], known: [] as number[] };
    for (let i = 0; i < 3; i += 1) {
      durations.unknown.push(await time(`ghost${i}`));
      durations.known.push(await time(`helpdesk`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    expect(Math.abs(median(durations.unknown) - median(durations.known))).toBeLessThan(50);
  });

  it('answers 429 with Retry-After after 5 failures for one account, then lets it in when the window passes', async () => {
    const throttled = await createTestApp();
    for (let i = 0; i < 5; i += 1)
      expect((await throttled.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'helpdesk', password: `wrong guess ${i}xx` } })).statusCode).toBe(401);
    const blocked = await throttled.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'helpdesk', password: HELPDESK_PASSWORD } });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    throttled.clock.advance(15 * 60_000 + 1000);
    const after = await throttled.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'helpdesk', password: HELPDESK_PASSWORD } });
    expect(after.statusCode).toBe(200);
    const actions = (await throttled.database.db.selectFrom('audit_events').select('action').execute()).map((e) => e.action);
    expect(actions).toContain('session.signInThrottled');
    expect(actions).toContain('session.signInFailed');
    await throttled.close();
  });

  it('throttles one address across accounts', async () => {
    const throttled = await createTestApp();
    for (let i = 0; i < 10; i += 1)
      await throttled.app.inject({ method: 'POST', url: '/api/session', payload: { username: `user${i}`, password: 'wrong guess 123' } });
    const blocked = await throttled.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(blocked.statusCode).toBe(429);
    // Another address is not affected.
    const other = await throttled.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
      remoteAddress: '10.9.9.9',
    });
    expect(other.statusCode).toBe(200);
    await throttled.close();
  });

  it('ignores X-Forwarded-For unless a proxy is trusted (S-16)', async () => {
    const throttled = await createTestApp();
    for (let i = 0; i < 10; i += 1)
      await throttled.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: `user${i}`, password: 'wrong guess 123' },
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
    const blocked = await throttled.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: ADMIN_PASSWORD }, headers: { 'x-forwarded-for': '198.51.100.1' } });
    expect(blocked.statusCode).toBe(429);
    await throttled.close();
  });
});

describe('account changes take effect on the next request', () => {
  it('a disabled account loses access at once, and cannot sign in', async () => {
    const admin = await t.admin();
    const created = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'carol', password: 'violet harbour cable 9', role: 'admin' } });
    expect(created.statusCode).toBe(201);
    const carol = await t.signIn('carol', 'violet harbour cable 9');
    expect((await carol.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(200);
    expect((await admin.request({ method: 'PATCH', url: '/api/users/carol', payload: { disabled: true } })).statusCode).toBe(200);
    expect((await carol.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(401);
    const again = await signIn('carol', 'violet harbour cable 9');
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('a demoted admin gets 403 on its next admin request', async () => {
    const admin = await t.admin();
    await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'dave', password: 'copper meadow signal 5', role: 'admin' } });
    const dave = await t.signIn('dave', 'copper meadow signal 5');
    expect((await dave.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(200);
    await admin.request({ method: 'PATCH', url: '/api/users/dave', payload: { role: 'helpdesk' } });
    expect((await dave.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(403);
    expect((await dave.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(200);
  });
});

describe('logs (S-12)', () => {
  it('contain no password, session token or CSRF token', async () => {
    const res = await signIn('admin', ADMIN_PASSWORD);
    const token = cookieFrom(res).split('=')[1]!;
    const csrf = res.json().csrfToken as string;
    await t.app.inject({ method: 'GET', url: '/api/servers', headers: { cookie: `cc_session=${token}`, 'x-csrf-token': csrf } });
    await signIn('admin', 'a wrong password that is long');
    const all = t.logLines.join('\n');
    expect(t.logLines.length).toBeGreaterThan(0);
    for (const secret of [ADMIN_PASSWORD, HELPDESK_PASSWORD, token, csrf, 'a wrong password that is long']) expect(all).not.toContain(secret);
  });
});
