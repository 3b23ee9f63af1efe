/**
 * `npm run bench -- profile`: each API benchmark again, against an API process running under the V8 CPU profiler
 * (`--cpu-prof`), with the profile cut to the measured run. Prints the top self-time frames grouped by layer and
 * each layer's CPU per request (`BENCH profile.<route>.<layer>_us_per_req`), the figures behind the README's
 * per-request budget tables. Profiling slows the process, so read shares and µs side by side, not as rps.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMain, report, waitFor } from './report.ts';
import { measure, measuredRequests, scaleConnectors, signIn, spawnServer, startApi, stop, PORT_BASE } from './api-setup.ts';
import { LAYERS, layerOf, type Layer } from './profile-layers.ts';

const TARGET_CONNECTORS = 1000;
const TOP_FRAMES = Number(process.env.PROFILE_TOP ?? 6);

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const shortUrl = (url: string): string => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/(apps|packages)\//, '$1/');

/** Self time (µs) per frame inside [window.start, window.end] on the monotonic clock the profile uses too. */
function selfTimes(profile: CpuProfile, window: { start: number; end: number }): Map<number, number> {
  const inWindow = window.start >= profile.startTime && window.end <= profile.endTime;
  const byNode = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((node, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (inWindow && (at < window.start || at > window.end)) return;
    byNode.set(node, (byNode.get(node) ?? 0) + delta);
  });
  if (!inWindow) console.log('# profile clock does not cover the measured window; using the whole profile');
  return byNode;
}

function readProfile(profileDir: string): CpuProfile {
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written in ${profileDir}`);
  return JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
}

function summarise(route: string, profile: CpuProfile, window: { start: number; end: number }, requests: number): void {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = selfTimes(profile, window);
  const byLayer = new Map<Layer, Map<string, number>>();
  let busy = 0;
  for (const [id, micros] of times) {
    const frame = nodes.get(id)!.callFrame;
    const layer = layerOf(frame.functionName, frame.url);
    if (layer === 'idle') continue;
    busy += micros;
    const frames = byLayer.get(layer) ?? new Map<string, number>();
    const key = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    frames.set(key, (frames.get(key) ?? 0) + micros);
    byLayer.set(layer, frames);
  }
  console.log(`\n# ${route}: ${requests} requests in the measured run, ${(busy / requests).toFixed(1)} µs of main-thread CPU per request`);
  for (const layer of LAYERS) {
    const frames = byLayer.get(layer);
    const total = frames ? [...frames.values()].reduce((a, b) => a + b, 0) : 0;
    report(`profile.${route}.${layer}_us_per_req`, (total / requests).toFixed(1), 'µs');
    if (!frames) continue;
    console.log(`#   ${layer}: ${((100 * total) / busy).toFixed(1)}%`);
    for (const [key, micros] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, TOP_FRAMES))
      console.log(`#     ${(micros / requests).toFixed(2).padStart(7)} µs/req  ${key}`);
  }
  report(`profile.${route}.total_us_per_req`, (busy / requests).toFixed(1), 'µs');
}

export async function benchProfile(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-profile-'));
  const database = join(dir, 'bench.db');
  try {
    // Seeded once without the profiler; each route then gets a fresh, profiled process on the same file.
    const setup = await startApi(database, PORT_BASE + 10);
    await scaleConnectors(setup.base, await signIn(setup.base), TARGET_CONNECTORS);
    await stop(setup.child);

    for (const route of ['effective_permissions', 'simulate'] as const) {
      const profileDir = join(dir, route);
      const { child, base } = await startApi(database, PORT_BASE + 11, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
      let measured;
      let body;
      try {
        const session = await signIn(base);
        const requests = await measuredRequests(base, session);
        const { url, method, body: payload } = requests[route];
        body = await (await fetch(url!, { method: method ?? 'GET', headers: session.headers, ...(payload ? { body: payload as string } : {}) })).text();
        measured = await measure(requests[route]);
      } finally {
        await stop(child);
      }
      report(`profile.${route}.rps_under_profiler`, measured.rps.toFixed(0), 'req/s');
      summarise(route, readProfile(profileDir), measured.window, measured.requests);

      // The same answer from a bare Fastify route, profiled the same way: what any server pays for it.
      const bareDir = join(dir, `${route}-bare`);
      const bareFile = join(dir, `${route}.json`);
      writeFileSync(bareFile, body);
      const barePort = PORT_BASE + 12;
      const bare = spawnServer('bench/bare-server.ts', { PORT: String(barePort), BARE_JSON_FILE: bareFile }, ['--cpu-prof', `--cpu-prof-dir=${bareDir}`]);
      let bareMeasured;
      try {
        await waitFor(`http://127.0.0.1:${barePort}/`);
        bareMeasured = await measure({ url: `http://127.0.0.1:${barePort}/` });
      } finally {
        await stop(bare);
      }
      report(`profile.${route}_bare.rps_under_profiler`, bareMeasured.rps.toFixed(0), 'req/s');
      summarise(`${route}_bare`, readProfile(bareDir), bareMeasured.window, bareMeasured.requests);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await benchProfile();
