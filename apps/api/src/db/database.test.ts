import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySqlitePragmas, openDatabase, withStatementCache } from './database.ts';
import { migrateToLatest } from './migrations.ts';
import { withChange, type Actor } from './change.ts';
import { createTestDatabase, type TestDatabase } from '../test/helpers.ts';

const actor: Actor = { username: 'tester', sourceIp: '127.0.0.1', requestId: 'r1', now: () => new Date('2026-01-01T00:00:00Z') };

describe('SQLite open-time settings (R-01)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-pragma-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps WAL with synchronous=FULL after a re-open, which better-sqlite3 alone would not', async () => {
    const path = join(dir, 'nested', 'folder', 'p.db');
    const first = openDatabase({ path });
    await migrateToLatest(first.db, first.dialect);
    await first.close();

    // Control: a bare re-open of the WAL file drops to NORMAL (1) — the trap the factory exists for.
    const bare = new SQLite(path);
    expect(bare.pragma('synchronous', { simple: true })).toBe(1);
    bare.close();

    const again = openDatabase({ path });
    const read = async (name: string) => (await sql.raw(`PRAGMA ${name}`).execute(again.db)).rows[0] as Record<string, unknown>;
    expect(Object.values(await read('journal_mode'))[0]).toBe('wal');
    expect(Object.values(await read('synchronous'))[0]).toBe(2);
    expect(Object.values(await read('foreign_keys'))[0]).toBe(1);
    // Waiting for the write lock happens on the event loop (SplitSqliteDriver), never inside SQLite.
    expect(Object.values(await read('busy_timeout'))[0]).toBe(0);
    await again.close();
  });

  it('applies the pragmas to any handle', () => {
    const db = new SQLite(join(dir, 'q.db'));
    applySqlitePragmas(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});

describe('the SQLite statement cache', () => {
  it('reuses a statement by its SQL, never while it is being iterated, and never for schema changes', () => {
    const raw = new SQLite(':memory:');
    const cached = withStatementCache(raw, 2);
    cached.prepare('create table t (n integer)').run([]);
    expect(cached.prepare('create table u (n integer)')).not.toBe(cached.prepare('create table u (n integer)'));
    cached.prepare('insert into t (n) values (?), (?)').run([1, 2]);

    const select = cached.prepare('select n from t order by n');
    expect(cached.prepare('select n from t order by n')).toBe(select);
    const rows = select.iterate([]);
    rows.next();
    const meanwhile = cached.prepare('select n from t order by n');
    expect(meanwhile).not.toBe(select);
    expect(meanwhile.all([])).toEqual([{ n: 1 }, { n: 2 }]);
    rows.return?.();
    expect(cached.prepare('select n from t order by n')).toBe(select);

    // Least recently used goes first beyond the capacity.
    cached.prepare('select 1');
    cached.prepare('select n from t order by n');
    cached.prepare('select 2');
    expect(cached.prepare('select n from t order by n')).toBe(select);
    cached.close();
  });
});

describe('migrations and the audit trail', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.cleanup());

  it('runs on the database the environment asks for', () => {
    expect(database.dialect).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite');
  });

  it('is idempotent: migrating twice changes nothing', async () => {
    await migrateToLatest(database.db, database.dialect, database.pgSchema);
    const tables = (await database.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['servers', 'connectors', 'permission_entries', 'audit_events', 'sessions', 'sign_in_throttles', 'sign_in_sources']));
  });

  it('writes the change and its event together', async () => {
    await withChange(database.db, actor, async (trx) => {
      await trx.insertInto('org_settings').values({ key: 'a', value: '1' }).execute();
      return { result: null, event: { action: 'org.initialize', target: 'org', after: { a: 1 } } };
    });
    const events = await database.db.selectFrom('audit_events').selectAll().where('target', '=', 'org').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'tester', action: 'org.initialize', at: '2026-01-01T00:00:00.000Z', shell: '', source_ip: '127.0.0.1' });
  });

  it('rolls the change back when the audit event cannot be written', async () => {
    await expect(
      withChange(database.db, actor, async (trx) => {
        await trx.insertInto('org_settings').values({ key: 'b', value: '1' }).execute();
        // A NOT NULL target makes the audit insert fail inside the transaction.
        return { result: null, event: { action: 'org.initialize', target: null as unknown as string } };
      }),
    ).rejects.toThrow();
    const row = await database.db.selectFrom('org_settings').selectAll().where('key', '=', 'b').executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('refuses UPDATE and DELETE of audit events in the database itself', async () => {
    await expect(database.db.updateTable('audit_events').set({ actor: 'mallory' }).execute()).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    const count = await database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThan(0);
  });
});
