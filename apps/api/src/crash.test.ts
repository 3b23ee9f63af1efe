import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from './test/helpers.ts';

/**
 * kill -9 during a stream of writes (quality doc R-02, §2.4): after each crash, every acknowledged write is
 * present, no change lacks its audit event, and SQLite's integrity check passes. CRASH_ROUNDS sets the rounds;
 * they run in parallel lanes, one connector each, so other processes keep writing while one is killed.
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? '20');
const LANES = 4;
const child = fileURLToPath(new URL('./test/crash-writer.ts', import.meta.url));

let t: TestApp;
let connectorIds: string[];

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const admin = await t.admin();
  const list = (await admin.request({ method: 'GET', url: '/api/connectors' })).json() as Array<{ id: string }>;
  connectorIds = list.slice(0, LANES).map((c) => c.id);
});
afterAll(async () => t.close());

function runUntilKilled(connectorId: string, killAfterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      ...(t.database.dialect === 'postgres'
        ? { CRASH_DATABASE_URL: process.env.TEST_DATABASE_URL, CRASH_PG_SCHEMA: t.database.pgSchema }
        : { CRASH_DATABASE_PATH: t.database.location }),
    };
    const proc = spawn(process.execPath, ['--import', 'tsx', child, connectorId, ADMIN_PASSWORD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: number[] = [];
    let buffer = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === 'READY') setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
        else if (line.startsWith('ACK ')) acks.push(Number(line.slice(4)));
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acks) : reject(new Error(`writer exited on its own: ${stderr}`))));
  });
}

async function lane(connectorId: string, rounds: number): Promise<number> {
  let acknowledged = 0;
  for (let round = 0; round < rounds; round += 1) {
    const acks = await runUntilKilled(connectorId, 50 + Math.floor(Math.random() * 400));
    acknowledged += acks.length;
    const row = await t.database.db.selectFrom('connectors').select('version').where('id', '=', connectorId).executeTakeFirstOrThrow();
    const version = Number(row.version);
    if (acks.length > 0) expect(version, `round ${round}`).toBeGreaterThanOrEqual(Math.max(...acks));
    const events = await t.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('connector_id', '=', connectorId)
      .where('action', '=', 'connector.update')
      .executeTakeFirstOrThrow();
    // Version 1 at creation, +1 per committed change, each with exactly one event.
    expect(Number(events.n), `round ${round}`).toBe(version - 1);
    if (t.database.dialect === 'sqlite') {
      const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(t.database.db);
      expect(check.rows[0]?.integrity_check).toBe('ok');
    }
  }
  return acknowledged;
}

describe('kill -9 during writes', () => {
  it(`loses no acknowledged write and no audit event in ${ROUNDS} rounds`, { timeout: 120_000 + ROUNDS * 20_000 }, async () => {
    const perLane = Array.from({ length: LANES }, (_, i) => Math.floor(ROUNDS / LANES) + (i < ROUNDS % LANES ? 1 : 0));
    const acknowledged = await Promise.all(connectorIds.map((id, i) => lane(id, perLane[i]!)));
    expect(acknowledged.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
