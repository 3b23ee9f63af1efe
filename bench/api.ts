/**
 * API throughput on loopback (issue 3 benchmark): the demo organisation scaled to 1,000 connectors on HUB01,
 * effective permissions and simulate measured with autocannon at 50 connections, next to a bare Fastify route
 * returning JSON of the same size, in the same run. Servers run as child processes; autocannon runs here.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMain, report, waitFor } from './report.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const TARGET_CONNECTORS = 1000;
const PASSWORD = 'bench-password-not-secret-1';

function spawnServer(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

interface Measured {
  rps: number;
  p99: number;
}

async function measure(opts: autocannon.Options): Promise<Measured> {
  // Warm-up, then the measured run.
  await autocannon({ ...opts, duration: 2, connections: CONNECTIONS });
  const result = await autocannon({ ...opts, duration: DURATION_S, connections: CONNECTIONS });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${opts.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

export async function benchApi(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  const apiPort = 3900;
  const barePort = 3901;
  const base = `http://127.0.0.1:${apiPort}`;
  const children: ChildProcess[] = [
    spawnServer('apps/api/src/server.ts', { PORT: String(apiPort), DATABASE_PATH: join(dir, 'bench.db'), CONSOLE_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' }),
  ];
  await waitFor(`${base}/api/health`);
  const signIn = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };

  const listed = (await (await fetch(`${base}/api/connectors?server=HUB01`, { headers })).json()) as { id: string; name: string }[];
  const scaleStart = Date.now();
  for (let i = listed.length; i < TARGET_CONNECTORS; i++) {
    const res = await fetch(`${base}/api/connectors`, {
      method: 'POST',
      headers,
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
  report('api.scale_to_1000_connectors_s', ((Date.now() - scaleStart) / 1000).toFixed(1), 's');

  const internet = ((await (await fetch(`${base}/api/connectors?server=HUB01`, { headers })).json()) as { id: string; name: string }[]).find(
    (c) => c.name === 'Internet HUB01',
  )!;
  const effectiveUrl = `${base}/api/connectors/${internet.id}/effective-permissions?identity=anonymous`;
  const effectiveBody = await (await fetch(effectiveUrl, { headers })).text();
  const simulateBody = JSON.stringify({
    server: 'HUB01',
    localEndpoint: '10.0.0.11:25',
    remoteIp: '10.0.0.50',
    tls: false,
    helo: 'crm',
    mailFrom: 'crm@contoso.com',
    rcptTo: ['x@external.net'],
  });
  const simulateAnswer = await (await fetch(`${base}/api/simulate`, { method: 'POST', headers, body: simulateBody })).text();

  const effective = await measure({ url: effectiveUrl, headers });
  const simulate = await measure({ url: `${base}/api/simulate`, method: 'POST', headers, body: simulateBody });

  const bareFile = join(dir, 'bare.json');
  writeFileSync(bareFile, effectiveBody);
  children.push(spawnServer('bench/bare-server.ts', { PORT: String(barePort), BARE_JSON_FILE: bareFile }));
  await waitFor(`http://127.0.0.1:${barePort}/`);
  const bareEffective = await measure({ url: `http://127.0.0.1:${barePort}/` });
  children.pop()!.kill('SIGTERM');
  writeFileSync(bareFile, simulateAnswer);
  children.push(spawnServer('bench/bare-server.ts', { PORT: String(barePort + 1), BARE_JSON_FILE: bareFile }));
  await waitFor(`http://127.0.0.1:${barePort + 1}/`);
  const bareSimulate = await measure({ url: `http://127.0.0.1:${barePort + 1}/` });

  report('api.effective_permissions.rps', effective.rps.toFixed(0), 'req/s');
  report('api.effective_permissions.p99', effective.p99.toFixed(1), 'ms');
  report('api.simulate.rps', simulate.rps.toFixed(0), 'req/s');
  report('api.simulate.p99', simulate.p99.toFixed(1), 'ms');
  report('api.simulate.response_bytes', simulateAnswer.length, 'B');
  report('api.bare_json.rps', bareEffective.rps.toFixed(0), 'req/s');
  // The bare routes' p99 shows what the machine allows at this concurrency, whatever the API does.
  report('api.bare_json.p99', bareEffective.p99.toFixed(1), 'ms');
  report('api.bare_json_simulate_size.rps', bareSimulate.rps.toFixed(0), 'req/s');
  report('api.bare_json_simulate_size.p99', bareSimulate.p99.toFixed(1), 'ms');
  report('api.effective_permissions.ratio_to_bare', (effective.rps / bareEffective.rps).toFixed(2), 'x');
  report('api.simulate.ratio_to_bare', (simulate.rps / bareSimulate.rps).toFixed(2), 'x');
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

if (isMain(import.meta.url)) await benchApi();
