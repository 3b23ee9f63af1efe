import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { createTestApp, testHasher, type SignedInSession, type TestApp } from '../test/helpers.ts';

/**
 * Another process holds SQLite's write lock (a backup tool, a second console on the same file): writes wait for
 * it on the event loop and then answer 503 with Retry-After; reads and the health check go on meanwhile.
 */
describe.skipIf(process.env.TEST_DATABASE_URL !== undefined)('a busy SQLite file', () => {
  let t: TestApp;
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let admin: SignedInSession;
  let other: SQLite.Database;

  beforeAll(async () => {
    t = await createTestApp();
    handle = openDatabase({ path: t.database.location, sqliteBusyWaitMs: 1500 });
    app = await buildApp({ db: handle.db, clock: t.clock, hasher: testHasher(), log: false });
    admin = await t.admin();
    other = new SQLite(t.database.location);
  });
  afterAll(async () => {
    other.close();
    await app.close();
    await handle.close();
    await t.close();
  });

  const write = (domainName: string) =>
    app.inject({
      method: 'POST',
      url: '/api/accepted-domains',
      payload: { domainName, domainType: 'Authoritative', isDefault: false },
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    });

  it('answers a write 503 with Retry-After while another process holds the lock, and serves reads and health meanwhile', async () => {
    other.exec('BEGIN IMMEDIATE');
    let settled = false;
    const pending = write('fabrikam.com').finally(() => (settled = true));
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    const read = await app.inject({ method: 'GET', url: '/api/accepted-domains', headers: { cookie: admin.cookie } });
    expect(settled).toBe(false);
    expect(health.statusCode).toBe(200);
    expect(read.statusCode).toBe(200);

    const refused = await pending;
    other.exec('ROLLBACK');
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('DATABASE_BUSY');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const list = (await app.inject({ method: 'GET', url: '/api/accepted-domains', headers: { cookie: admin.cookie } })).json() as Array<{ domainName: string }>;
    expect(list.map((d) => d.domainName)).not.toContain('fabrikam.com');
  });

  it('applies the write once the lock is released while it waits', async () => {
    other.exec('BEGIN IMMEDIATE');
    const pending = write('tailspintoys.com');
    setTimeout(() => other.exec('COMMIT'), 200);
    expect((await pending).statusCode).toBe(201);
  });
});
