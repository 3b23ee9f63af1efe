import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { createTestApp, testHasher, type SignedInSession, type TestApp } from '../../test/helpers.ts';

/**
 * Two API instances on one database (the high-availability layout: several processes behind a load balancer on
 * one PostgreSQL). Each instance has its own pool; sessions and versions live only in the database. SQLite is
 * skipped: two connections in one Node process would block each other's event loop, which is not how SQLite is
 * deployed (one process per file).
 */
const onPostgres = process.env.TEST_DATABASE_URL !== undefined;

describe.skipIf(!onPostgres)('two API instances on one PostgreSQL', () => {
  let t: TestApp;
  let second: FastifyInstance;
  let secondHandle: DatabaseHandle;
  let admin: SignedInSession;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    secondHandle = t.database.reopen();
    second = await buildApp({ db: secondHandle.db, clock: t.clock, hasher: testHasher(), log: false });
    admin = await t.admin();
  });
  afterAll(async () => {
    await second.close();
    await secondHandle.close();
    await t.close();
  });

  it('shares sessions: a cookie from one instance works on the other, and sign-out ends it on both', async () => {
    const res = await second.inject({ method: 'GET', url: '/api/servers', headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    const other = await t.admin();
    await other.request({ method: 'DELETE', url: '/api/session' });
    expect((await second.inject({ method: 'GET', url: '/api/servers', headers: { cookie: other.cookie } })).statusCode).toBe(401);
  });

  it('ends sessions on the other instance at once: sign-out, disabling, demotion, password reset, ending sessions', async () => {
    // Each request on either instance reads its session (with the configuration generation) from the database:
    // nothing about a session is remembered between requests, so a revocation on one instance applies to the next
    // request on the other one.
    const onSecond = (session: SignedInSession, url: string) => second.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
    const password = 'quiet harbour compass 93';
    const created = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'revoked', password, role: 'admin' } });
    expect(created.statusCode).toBe(201);
    const signInRevoked = () => t.signIn('revoked', password);

    let session = await signInRevoked();
    expect((await onSecond(session, '/api/users')).statusCode).toBe(200);
    await admin.request({ method: 'PATCH', url: '/api/users/revoked', payload: { role: 'helpdesk' } });
    expect((await onSecond(session, '/api/users')).statusCode).toBe(403);
    expect((await onSecond(session, '/api/servers')).statusCode).toBe(200);

    await admin.request({ method: 'PATCH', url: '/api/users/revoked', payload: { disabled: true } });
    expect((await onSecond(session, '/api/servers')).statusCode).toBe(401);
    await admin.request({ method: 'PATCH', url: '/api/users/revoked', payload: { disabled: false } });

    session = await signInRevoked();
    expect((await onSecond(session, '/api/servers')).statusCode).toBe(200);
    const newPassword = 'amber lighthouse kettle 58';
    expect((await admin.request({ method: 'POST', url: '/api/users/revoked/password', payload: { password: newPassword } })).statusCode).toBe(204);
    expect((await onSecond(session, '/api/servers')).statusCode).toBe(401);

    session = await t.signIn('revoked', newPassword);
    expect((await onSecond(session, '/api/servers')).statusCode).toBe(200);
    expect((await admin.request({ method: 'DELETE', url: '/api/users/revoked/sessions' })).statusCode).toBe(204);
    expect((await onSecond(session, '/api/servers')).statusCode).toBe(401);
  });

  it('gives exactly one success to 50 concurrent PATCHes spread over both instances', async () => {
    const list = (await admin.request({ method: 'GET', url: '/api/connectors?server=HUB01' })).json() as Array<{ id: string; name: string }>;
    const { id } = list.find((c) => c.name === 'Client HUB01')!;
    const etag = String((await admin.request({ method: 'GET', url: `/api/connectors/${id}` })).headers.etag);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const app = i % 2 === 0 ? t.app : second;
        return app.inject({
          method: 'PATCH',
          url: `/api/connectors/${id}`,
          payload: { comment: `instance storm ${i}` },
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'if-match': etag },
        });
      }),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 412)).toHaveLength(49);
    const events = (await admin.request({ method: 'GET', url: `/api/audit?connectorId=${id}&action=connector.update` })).json();
    expect(events).toHaveLength(1);
  });

  it('sees a change made through the other instance at once (cached contexts follow the generation)', async () => {
    const headers = { cookie: admin.cookie };
    const list = (await second.inject({ method: 'GET', url: '/api/connectors?server=HUB01', headers })).json() as Array<{ id: string; name: string }>;
    const { id } = list.find((c) => c.name === 'Default HUB01')!;
    const warm = await second.inject({ method: 'GET', url: `/api/connectors/${id}`, headers });
    const res = await admin.request({ method: 'PATCH', url: `/api/connectors/${id}`, payload: { comment: 'changed on A' }, headers: { 'if-match': String(warm.headers.etag) } });
    expect(res.statusCode).toBe(200);
    const seen = await second.inject({ method: 'GET', url: `/api/connectors/${id}`, headers });
    expect(seen.json().comment).toBe('changed on A');
    expect(seen.headers.etag).toBe(res.headers.etag);
  });

  it('serves no answer cached for an older generation: effective permissions, simulation and the list follow a change on the other instance', async () => {
    const headers = { cookie: admin.cookie };
    const list = (await second.inject({ method: 'GET', url: '/api/connectors?server=HUB01&q=internet&limit=5', headers })).json() as Array<{ id: string; name: string }>;
    const { id } = list.find((c) => c.name === 'Internet HUB01')!;
    const url = `/api/connectors/${id}/effective-permissions?identity=anonymous`;
    const relay = (answer: { rights: Array<{ right: string; granted: boolean }> }) => answer.rights.find((r) => r.right === 'ms-Exch-SMTP-Accept-Any-Recipient')!.granted;
    const simulateBody = { server: 'HUB01', localEndpoint: '10.0.0.11:25', remoteIp: '198.51.100.7', tls: false, helo: 'app', mailFrom: 'app@contoso.com', rcptTo: ['x@external.net'] };
    const simulateOnSecond = async () =>
      (await second.inject({ method: 'POST', url: '/api/simulate', payload: simulateBody, headers: { ...headers, 'x-csrf-token': admin.csrfToken } })).json() as { outcome: string };
    expect(relay((await second.inject({ method: 'GET', url, headers })).json())).toBe(false);
    expect((await simulateOnSecond()).outcome).toBe('rejected');

    const granted = await admin.request({
      method: 'POST',
      url: `/api/connectors/${id}/permissions`,
      payload: { user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'] },
    });
    expect(granted.statusCode).toBe(201);
    expect(relay((await second.inject({ method: 'GET', url, headers })).json())).toBe(true);
    expect((await simulateOnSecond()).outcome).toBe('accepted');
    const renamed = await admin.request({ method: 'PATCH', url: `/api/connectors/${id}`, payload: { name: 'Internet HUB01 edge' }, headers: { 'if-match': String(granted.headers.etag) } });
    expect(renamed.statusCode).toBe(200);
    const after = (await second.inject({ method: 'GET', url: '/api/connectors?server=HUB01&q=internet&limit=5', headers })).json() as Array<{ name: string }>;
    expect(after.map((c) => c.name)).toEqual(['Internet HUB01 edge']);
  });

  it('serialises conflicting creates on one server: only one of two overlapping connectors is stored', async () => {
    const body = (name: string, range: string) => ({
      server: 'HUB01',
      name,
      usage: 'Custom',
      bindings: ['10.0.0.10:2700'],
      remoteIPRanges: [range],
      permissionGroups: ['AnonymousUsers'],
    });
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/api/connectors', payload: body('Race A', '192.168.5.0-192.168.5.100'), headers }),
      second.inject({ method: 'POST', url: '/api/connectors', payload: body('Race B', '192.168.5.50-192.168.5.200'), headers }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
  });
});
