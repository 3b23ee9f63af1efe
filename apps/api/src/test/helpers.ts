import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp, type AppDeps } from '../app.ts';
import type { Clock } from '../clock.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { createPasswordHasher, type PasswordHasher } from '../modules/users/password.ts';
import { createUsersService } from '../modules/users/users.service.ts';
import { setSetting, SETTING_DOMAIN } from '../modules/organisation/organisation.repo.ts';
import type { Actor } from '../db/change.ts';
import { initialiseOrganisation } from '../seed.ts';
import { createServices } from '../services.ts';

export interface TestDatabase extends DatabaseHandle {
  /** SQLite file path, or the PostgreSQL schema. */
  location: string;
  pgSchema?: string;
  /** Re-opens the same database (a second process, or a restart). */
  reopen(): DatabaseHandle;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database per test file: a SQLite file in a temporary folder, or — when TEST_DATABASE_URL is
 * set — its own schema in that PostgreSQL database, dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const open = () => openDatabase({ url, pgSchema: schema, pgPoolSize: 20 });
    const handle = open();
    await migrateToLatest(handle.db, handle.dialect, schema);
    return {
      ...handle,
      location: schema,
      pgSchema: schema,
      reopen: open,
      async cleanup() {
        await handle.close();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cc-api-'));
  const path = join(dir, 'test.db');
  const open = () => openDatabase({ path });
  const handle = open();
  await migrateToLatest(handle.db, handle.dialect);
  return {
    ...handle,
    location: path,
    reopen: open,
    async cleanup() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  private t: number;
  constructor(start = Date.parse('2026-01-15T09:00:00.000Z')) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const testHasher = (): PasswordHasher => createPasswordHasher({ costLog2: Number(process.env.SCRYPT_COST_LOG2 ?? '10') });

export const ADMIN_PASSWORD = 'quiet river lantern 42';
export const HELPDESK_PASSWORD = 'amber forest ticket 17';

export const systemActor = (clock: Clock): Actor => ({ username: 'system', sourceIp: null, requestId: null, now: () => clock.now() });

export interface SignedInSession {
  cookie: string;
  csrfToken: string;
  /** Injects with the session cookie, the CSRF header on writes, and JSON for object payloads. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: TestClock;
  logLines: string[];
  signIn(username: string, password: string): Promise<SignedInSession>;
  admin(): Promise<SignedInSession>;
  helpdesk(): Promise<SignedInSession>;
  close(): Promise<void>;
}

export function cookieFrom(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error(`No cookie in the answer (${response.statusCode} ${response.body})`);
  return first.split(';')[0]!;
}

/** App on a fresh database with an `admin` and a `helpdesk` account; logs are captured in `logLines`. */
export async function createTestApp(options: Partial<AppDeps> & { database?: TestDatabase; demo?: boolean } = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const clock = new TestClock();
  const hasher = testHasher();
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const actor = systemActor(clock);
  if (options.demo) {
    const services = createServices({ db: database.db, clock, hasher });
    await initialiseOrganisation({ db: database.db, services, actor }, { domain: 'CONTOSO', seedDemo: true });
  } else {
    await setSetting(database.db, SETTING_DOMAIN, 'CONTOSO');
  }
  const users = createUsersService({ db: database.db, hasher });
  await users.ensureFirstAdmin(actor, ADMIN_PASSWORD);
  await users.create(actor, { username: 'helpdesk', password: HELPDESK_PASSWORD, role: 'helpdesk' });

  const { demo: _demo, database: _database, ...deps } = options;
  const app = await buildApp({ db: database.db, clock, hasher, log: { level: 'info', stream }, ...deps });

  async function signIn(username: string, password: string): Promise<SignedInSession> {
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
    const cookie = cookieFrom(response);
    const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
    return {
      cookie,
      csrfToken,
      request: (opts) =>
        app.inject({
          ...opts,
          headers: {
            cookie,
            ...(opts.method && opts.method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
            ...(opts.headers ?? {}),
          },
        }),
    };
  }

  return {
    app,
    database,
    clock,
    logLines,
    signIn,
    admin: () => signIn('admin', ADMIN_PASSWORD),
    helpdesk: () => signIn('helpdesk', HELPDESK_PASSWORD),
    async close() {
      await app.close();
      if (!options.database) await database.cleanup();
    },
  };
}

/** A multipart body as a browser sends it: each file in a `files` field, then the other fields. */
export function multipart(files: { name: string; content: string | Buffer }[], fields: Record<string, string> = {}) {
  const boundary = `----cc${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
