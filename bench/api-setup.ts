/**
 * The API benchmarks' shared setup: a real API process on SQLite, the demo organisation scaled to 1,000
 * connectors on HUB01, and the two measured requests (effective permissions, simulate).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './report.ts';

export const ROOT = new URL('..', import.meta.url).pathname;
export const CONNECTIONS = 50;
/**
 * First of the loopback ports the API benchmarks listen on (+0 … +12). Several checkouts on one machine run these
 * benchmarks: give each its own range (BENCH_PORT_BASE), or one measures the other's server.
 */
export const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3900);
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const PASSWORD = 'bench-password-not-secret-1';

export function spawnServer(script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** An API process on `databasePath` (created and seeded on first start), listening on `port`. */
export async function startApi(databasePath: string, port: number, nodeArgs: string[] = []): Promise<{ child: ChildProcess; base: string }> {
  const child = spawnServer('apps/api/src/server.ts', { PORT: String(port), DATABASE_PATH: databasePath, CONSOLE_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' }, nodeArgs);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/health`);
  // A server that could not listen has exited: whatever answered is someone else's (port taken).
  await new Promise((resolve) => setTimeout(resolve, 200));
  if (child.exitCode !== null) throw new Error(`port ${port} is taken by another process; set BENCH_PORT_BASE`);
  return { child, base };
}

/** Ends a child the way an operator would (SIGTERM: graceful shutdown) and waits for it to exit. */
export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface Session {
  headers: Record<string, string>;
}

export async function signIn(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' } };
}

/** Adds connectors to HUB01 through the API until it has `target`. */
export async function scaleConnectors(base: string, session: Session, target: number): Promise<void> {
  const listed = (await (await fetch(`${base}/api/connectors?server=HUB01`, { headers: session.headers })).json()) as unknown[];
  for (let i = listed.length; i < target; i++) {
    const res = await fetch(`${base}/api/connectors`, {
      method: 'POST',
      headers: session.headers,
      body: JSON.stringify({
        server: 'HUB01',
        name: `App ${i}`,
        usage: 'Custom',
        bindings: ['0.0.0.0:25'],
        remoteIPRanges: [`10.${1 + (i >> 8)}.${i & 255}.7`],
        permissionGroups: ['AnonymousUsers'],
      }),
    });
    if (!res.ok) throw new Error(`creating connector ${i}: ${res.status} ${await res.text()}`);
  }
}

export const SIMULATE_BODY = JSON.stringify({
  server: 'HUB01',
  localEndpoint: '10.0.0.11:25',
  remoteIp: '10.0.0.50',
  tls: false,
  helo: 'crm',
  mailFrom: 'crm@contoso.com',
  rcptTo: ['x@external.net'],
});

/** The two measured requests, as autocannon options for this server and session. */
export async function measuredRequests(base: string, session: Session): Promise<Record<'effective_permissions' | 'simulate', autocannon.Options>> {
  const listed = (await (await fetch(`${base}/api/connectors?server=HUB01`, { headers: session.headers })).json()) as { id: string; name: string }[];
  const internet = listed.find((c) => c.name === 'Internet HUB01')!;
  const { headers } = session;
  return {
    effective_permissions: { url: `${base}/api/connectors/${internet.id}/effective-permissions?identity=anonymous`, headers },
    simulate: { url: `${base}/api/simulate`, method: 'POST', headers, body: SIMULATE_BODY },
  };
}

export interface Measured {
  rps: number;
  p99: number;
  /** Requests answered in the measured run (warm-up excluded). */
  requests: number;
  /** The measured run's window on the monotonic clock (µs), to cut a CPU profile to it. */
  window: { start: number; end: number };
}

const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

export async function measure(opts: autocannon.Options): Promise<Measured> {
  // Warm-up, then the measured run.
  await autocannon({ ...opts, duration: 2, connections: CONNECTIONS });
  const start = monotonicMicros();
  const result = await autocannon({ ...opts, duration: DURATION_S, connections: CONNECTIONS });
  const end = monotonicMicros();
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${opts.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99, requests: result.requests.total, window: { start, end } };
}

/**
 * Two targets measured in alternating slices (A, B, A, B, …) after a warm-up of each, so both see the same
 * neighbours: on a shared machine the load moves within seconds, and a ratio of two back-to-back runs measures
 * that as much as the servers. Throughput is over all slices; p99 is the worst slice's.
 */
export async function measureInterleaved(a: autocannon.Options, b: autocannon.Options, slices = 4): Promise<[Measured, Measured]> {
  const sliceSeconds = Math.max(1, Math.round(DURATION_S / slices));
  for (const target of [a, b]) await autocannon({ ...target, duration: 2, connections: CONNECTIONS });
  const totals = [a, b].map(() => ({ requests: 0, seconds: 0, p99: 0, start: Number.POSITIVE_INFINITY, end: 0 }));
  for (let slice = 0; slice < slices; slice += 1) {
    for (const [i, target] of [a, b].entries()) {
      const start = monotonicMicros();
      const result = await autocannon({ ...target, duration: sliceSeconds, connections: CONNECTIONS });
      const end = monotonicMicros();
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      const total = totals[i]!;
      total.requests += result.requests.total;
      total.seconds += (end - start) / 1e6;
      total.p99 = Math.max(total.p99, result.latency.p99);
      total.start = Math.min(total.start, start);
      total.end = end;
    }
  }
  const [x, y] = totals.map((t) => ({ rps: t.requests / t.seconds, p99: t.p99, requests: t.requests, window: { start: t.start, end: t.end } }));
  return [x!, y!];
}
