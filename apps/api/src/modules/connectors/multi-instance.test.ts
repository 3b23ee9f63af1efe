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
