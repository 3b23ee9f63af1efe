/**
 * The audit table's growth under a flood from one client (issue 8): for 10 s, anonymous requests, wrong sign-ins
 * (most of them throttled) and a help-desk account hammering an admin-only route, all at once, against a real API
 * process on SQLite. The rows are counted in the database after a clean shutdown (which writes the last summaries).
 */
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMain, report, waitFor } from './report.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const PASSWORD = 'bench-password-not-secret-1';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

async function signIn(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrfToken };
}

export async function benchAuditFlood(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-audit-'));
  const database = join(dir, 'flood.db');
  const port = 3902;
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_PATH: database, CONSOLE_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'error', NODE_ENV: 'test', SCRYPT_COST_LOG2: '10' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`${base}/api/health`);
    const admin = await signIn(base, 'admin', PASSWORD);
    const created = await fetch(`${base}/api/users`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'flooder', password: 'noisy-client-passphrase-9', role: 'helpdesk' }),
    });
    if (created.status !== 201) throw new Error(`creating the help-desk account: ${created.status} ${await created.text()}`);
    const helpdesk = await signIn(base, 'flooder', 'noisy-client-passphrase-9');
    const count = () => {
      const db = new SQLite(database, { readonly: true });
      const n = (db.prepare('select count(*) as n from audit_events').get() as { n: number }).n;
      db.close();
      return n;
    };
    const before = count();

    const results = await Promise.all([
      autocannon({ url: `${base}/api/servers`, connections: 10, duration: DURATION_S }),
      autocannon({
        url: `${base}/api/session`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'a wrong guess 123' }),
        connections: 10,
        duration: DURATION_S,
      }),
      autocannon({ url: `${base}/api/users`, headers: { cookie: helpdesk.cookie }, connections: 10, duration: DURATION_S }),
    ]);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const added = count() - before;
    const requests = results.reduce((n, r) => n + r.requests.total, 0);
    report('audit.flood_requests', requests, 'requests');
    report('audit.flood_rows_added', added, 'rows');
    report('audit.flood_rows_per_1000_requests', ((added / requests) * 1000).toFixed(2), 'rows');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await benchAuditFlood();
