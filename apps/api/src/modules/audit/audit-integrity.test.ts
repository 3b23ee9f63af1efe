import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.admin();
});
afterAll(async () => t.close());

const auditRows = async () => t.database.db.selectFrom('audit_events').select(['id', 'action', 'target', 'after']).orderBy('seq').execute();

describe('the audit table is append-only by every path', () => {
  const rewrites = () =>
    t.database.dialect === 'postgres'
      ? {
          UPDATE: sql`UPDATE audit_events SET actor = 'mallory'`,
          DELETE: sql`DELETE FROM audit_events`,
          TRUNCATE: sql`TRUNCATE audit_events`,
          'INSERT … ON CONFLICT DO UPDATE': sql`INSERT INTO audit_events (id, at, actor, action, target, shell)
            SELECT id, at, 'mallory', action, target, '' FROM audit_events
            ON CONFLICT (id) DO UPDATE SET actor = 'mallory'`,
        }
      : {
          UPDATE: sql`UPDATE audit_events SET actor = 'mallory'`,
          DELETE: sql`DELETE FROM audit_events`,
          'INSERT OR REPLACE': sql`INSERT OR REPLACE INTO audit_events (seq, id, at, actor, action, target, shell)
            SELECT seq, id, at, 'mallory', action, target, '' FROM audit_events`,
          'REPLACE INTO': sql`REPLACE INTO audit_events (id, at, actor, action, target, shell)
            SELECT id, at, 'mallory', action, target, '' FROM audit_events`,
        };

  it('refuses UPDATE, DELETE and both replacing inserts, leaving every row as written', async () => {
    const before = await auditRows();
    expect(before.length).toBeGreaterThan(0);
    for (const [form, statement] of Object.entries(rewrites())) {
      await expect(statement.execute(t.database.db), form).rejects.toThrow(/append-only/);
      expect(await auditRows(), form).toEqual(before);
    }
  });

  it('still appends new events', async () => {
    const before = (await auditRows()).length;
    await t.admin();
    expect((await auditRows()).length).toBe(before + 1);
  });
});

describe('the audit log cannot be flooded', () => {
  it('adds a handful of rows, not one per request, for thousands of anonymous requests, refusals and failed sign-ins', async () => {
    const helpdesk = await t.helpdesk();
    const before = (await auditRows()).length;
    for (let i = 0; i < 1000; i += 1) await t.app.inject({ method: 'GET', url: '/api/servers', remoteAddress: '203.0.113.50' });
    for (let i = 0; i < 300; i += 1) await helpdesk.request({ method: 'POST', url: '/api/users', payload: {} });
    for (let i = 0; i < 300; i += 1)
      await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: `user${i % 7}`, password: `guess ${i}` }, remoteAddress: '203.0.113.50' });
    t.clock.advance(60_000);
    await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'x', password: 'flush the minute' }, remoteAddress: '203.0.113.50' });

    const added = (await auditRows()).slice(before);
    // First event + one summary for each of: forbidden, failed sign-in, throttled sign-in; then the next minute's first.
    expect(added.length).toBeLessThanOrEqual(8);
    const summaries = added.filter((e) => e.after !== null && JSON.parse(e.after).repeats !== undefined);
    const repeats = (action: string) => summaries.filter((e) => e.action === action).reduce((n, e) => n + (JSON.parse(e.after!) as { repeats: number }).repeats, 0);
    expect(repeats('request.forbidden')).toBe(299);
    expect(repeats('session.signInFailed') + repeats('session.signInThrottled')).toBe(298);
    const failedSummary = summaries.find((e) => e.action === 'session.signInFailed')!;
    expect(JSON.parse(failedSummary.after!).targets).toEqual(expect.arrayContaining(['user:user1', 'user:user2']));
    expect(added.some((e) => e.action === 'request.unauthenticated')).toBe(false);
  });
});
