/**
 * API throughput on loopback (issue 3 benchmark): the demo organisation scaled to 1,000 connectors on HUB01,
 * effective permissions and simulate measured with autocannon at 50 connections, next to a bare Fastify route
 * returning JSON of the same size, in the same run, in alternating slices. Servers run as child processes;
 * autocannon runs here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMain, report, waitFor } from './report.ts';
import { measuredRequests, measureInterleaved, scaleConnectors, signIn, spawnServer, startApi, stop, PORT_BASE, SIMULATE_BODY } from './api-setup.ts';

const TARGET_CONNECTORS = 1000;

/** A bare Fastify route answering `body` (quality doc §4.2), for as long as `use` runs. */
async function withBare<T>(dir: string, port: number, body: string, use: (url: string) => Promise<T>): Promise<T> {
  const file = join(dir, `bare-${port}.json`);
  writeFileSync(file, body);
  const child = spawnServer('bench/bare-server.ts', { PORT: String(port), BARE_JSON_FILE: file });
  try {
    await waitFor(`http://127.0.0.1:${port}/`);
    return await use(`http://127.0.0.1:${port}/`);
  } finally {
    await stop(child);
  }
}

export async function benchApi(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  const { child, base } = await startApi(join(dir, 'bench.db'), PORT_BASE);
  try {
    const session = await signIn(base);
    const scaleStart = Date.now();
    await scaleConnectors(base, session, TARGET_CONNECTORS);
    report('api.scale_to_1000_connectors_s', ((Date.now() - scaleStart) / 1000).toFixed(1), 's');

    const requests = await measuredRequests(base, session);
    const effectiveBody = await (await fetch(requests.effective_permissions.url, { headers: session.headers })).text();
    const simulateAnswer = await (await fetch(requests.simulate.url, { method: 'POST', headers: session.headers, body: SIMULATE_BODY })).text();

    // Each API route and its bare twin in alternating slices, so both see the same load.
    const [effective, bareEffective] = await withBare(dir, PORT_BASE + 1, effectiveBody, (url) => measureInterleaved(requests.effective_permissions, { url }));
    const [simulate, bareSimulate] = await withBare(dir, PORT_BASE + 2, simulateAnswer, (url) => measureInterleaved(requests.simulate, { url }));

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
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await benchApi();
