/**
 * Connector-selection throughput: the compiled ConnectorIndex against the plain linear reference
 * (domain reference §7.3; quality doc §4.3). 10,000 connectors, 50,000 ranges (IPv4 and IPv6,
 * nested and disjoint), bindings mixed wildcard/exact; ~100k pre-parsed probes. index_build_ms is a rebuild after
 * one connector changed (what every configuration change costs); index_first_build_ms parses every range anew;
 * first_pass_ms is the first 100k lookups, which also do the work the build leaves to first use.
 */
import { formatIpAddress, parseBinding, parseIpAddress } from '../packages/connector-engine/src/addresses/index.ts';
import type { IpAddress } from '../packages/connector-engine/src/addresses/index.ts';
import {
  ConnectorIndex,
  prepareConnectors,
  selectLinearPrepared,
  type SelectableConnector,
} from '../packages/connector-engine/src/selection/index.ts';
import { isMain, report } from './report.ts';

const CONNECTORS = 10_000;
const RANGES = 50_000;
const PROBES = 100_000;
const LINEAR_PROBES = 500;
const INDEX_PASSES = 10;

/** mulberry32: deterministic, so runs are comparable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20_070_101);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

const PORTS = [25, 587, 2525] as const;
const LOCAL_V4 = Array.from({ length: 10 }, (_, i) => 0x0a00_000an + BigInt(i)); // 10.0.0.10 – 10.0.0.19
const LOCAL_V6 = Array.from({ length: 10 }, (_, i) => (0x2001_0db8n << 96n) + 0x10n + BigInt(i));
const V6_SITE = 0x2001_0db8n << 96n; // 2001:db8::/32

const v4 = (value: bigint) => formatIpAddress({ family: 4, value });
const v6 = (value: bigint) => formatIpAddress({ family: 6, value });

function randomBinding(): string {
  const port = pick(PORTS);
  const ipv6 = rand() < 0.3;
  if (rand() < 0.5) return ipv6 ? `[::]:${port}` : `0.0.0.0:${port}`;
  return ipv6 ? `[${v6(pick(LOCAL_V6))}]:${port}` : `${v4(pick(LOCAL_V4))}:${port}`;
}

/** Blocks inside 10.0.0.0/8 (so they nest and overlap) plus a few elsewhere, and lo-hi ranges. */
function randomV4Range(): string {
  const kind = rand();
  if (kind < 0.05) return '0.0.0.0-255.255.255.255';
  const base = rand() < 0.9 ? 0x0a00_0000 + int(1 << 24) : int(2 ** 32);
  if (kind < 0.75) {
    const prefix = 8 + int(25);
    const mask = (0xffff_ffff << (32 - prefix)) >>> 0;
    return `${v4(BigInt((base & mask) >>> 0))}/${prefix}`;
  }
  if (kind < 0.9) return v4(BigInt(base));
  const end = Math.min(base + int(4096), 2 ** 32 - 1);
  return `${v4(BigInt(base))}-${v4(BigInt(end))}`;
}

function randomV6Range(): string {
  if (rand() < 0.02) return '::/0';
  const prefix = 32 + int(97);
  const host = (BigInt(int(2 ** 32)) << 64n) | (BigInt(int(2 ** 32)) << 32n) | BigInt(int(2 ** 32));
  const value = V6_SITE | (BigInt(int(1 << 16)) << 80n) | host;
  const mask = ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
  return `${v6(value & mask)}/${prefix}`;
}

function buildConnectors(): SelectableConnector[] {
  return Array.from({ length: CONNECTORS }, (_, i) => ({
    id: `c${i}`,
    name: `Connector ${i}`,
    enabled: rand() < 0.97,
    bindings: Array.from({ length: 1 + int(2) }, randomBinding),
    remoteIPRanges: Array.from({ length: RANGES / CONNECTORS }, () => (rand() < 0.7 ? randomV4Range() : randomV6Range())),
  }));
}

interface Probe {
  local: IpAddress;
  port: number;
  remote: IpAddress;
}

/** Probe texts as a listener would see them, parsed up front with the same strict parsers. */
function buildProbes(count: number): Probe[] {
  return Array.from({ length: count }, () => {
    const ipv6 = rand() < 0.3;
    const port = pick(PORTS);
    const endpoint = ipv6 ? `[${v6(pick(LOCAL_V6))}]:${port}` : `${v4(pick(LOCAL_V4))}:${port}`;
    const remoteText = ipv6
      ? v6(V6_SITE | (BigInt(int(1 << 16)) << 80n) | BigInt(int(2 ** 32)))
      : v4(BigInt(rand() < 0.9 ? 0x0a00_0000 + int(1 << 24) : int(2 ** 32)));
    const local = parseBinding(endpoint);
    const remote = parseIpAddress(remoteText);
    if (!local.ok || !remote.ok) throw new Error(`bad probe ${endpoint} ${remoteText}`);
    return { local: { family: local.value.family, value: local.value.address }, port: local.value.port, remote: remote.value };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function benchSelection(): Promise<void> {
  const connectors = buildConnectors();
  const probes = buildProbes(PROBES);

  ConnectorIndex.build(connectors); // warm-up (JIT)
  // A rebuild is what the API does on every configuration change: the same texts as last time, one changed.
  const buildTimes: number[] = [];
  let index = ConnectorIndex.build(connectors);
  for (let i = 0; i < 5; i += 1) {
    connectors[i] = { ...connectors[i]!, remoteIPRanges: [...connectors[i]!.remoteIPRanges.slice(1), randomV4Range()] };
    const started = performance.now();
    index = ConnectorIndex.build(connectors);
    buildTimes.push(performance.now() - started);
  }
  // A first build: 50,000 range texts never parsed before in this process (after the JIT warm-up above).
  const unseen = buildConnectors();
  const coldStarted = performance.now();
  ConnectorIndex.build(unseen);
  const coldBuild = performance.now() - coldStarted;

  let hits = 0;
  // The first pass also merges each exact binding's tables and builds search buckets, on first use (warm-up).
  const firstPassStarted = performance.now();
  for (const p of probes) if (index.lookup(p.local, p.port, p.remote)) hits += 1;
  const firstPass = performance.now() - firstPassStarted;

  const prepared = prepareConnectors(connectors);
  const linearProbes = probes.slice(0, LINEAR_PROBES);
  for (const p of probes.slice(-20)) selectLinearPrepared(prepared, p.local, p.port, p.remote); // warm-up
  let linearHits = 0;
  const linearStarted = performance.now();
  for (const p of linearProbes) if (selectLinearPrepared(prepared, p.local, p.port, p.remote).connector) linearHits += 1;
  const linearPerSecond = LINEAR_PROBES / ((performance.now() - linearStarted) / 1000);

  // The comparison only means something if both give the same answers.
  for (const p of linearProbes) {
    const expected = selectLinearPrepared(prepared, p.local, p.port, p.remote).connector;
    if (index.lookup(p.local, p.port, p.remote) !== expected) throw new Error('index and linear selection disagree');
  }

  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let fastestPass = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < INDEX_PASSES; pass += 1) {
    const passStarted = performance.now();
    for (const p of probes) if (index.lookup(p.local, p.port, p.remote)) hits += 1;
    fastestPass = Math.min(fastestPass, performance.now() - passStarted);
  }
  const indexPerSecond = (PROBES * INDEX_PASSES) / ((performance.now() - started) / 1000);
  // On a shared machine, wall time includes waiting for a core; CPU time does not (the loop is single-threaded).
  const cpu = process.cpuUsage(cpuStarted);
  const indexPerCpuSecond = (PROBES * INDEX_PASSES) / ((cpu.user + cpu.system) / 1e6);
  if (hits === 0 || linearHits === 0) throw new Error('benchmark probes never matched a connector');

  report('selection.lookups_per_s', Math.round(indexPerSecond), 'ops/s');
  report('selection.lookups_per_cpu_s', Math.round(indexPerCpuSecond), 'ops/s');
  // The least disturbed of the passes: what the machine does when the neighbours leave it a core.
  report('selection.lookups_per_s_fastest_pass', Math.round(PROBES / (fastestPass / 1000)), 'ops/s');
  report('selection.speedup_vs_linear', (indexPerSecond / linearPerSecond).toFixed(1), 'x');
  report('selection.index_build_ms', median(buildTimes).toFixed(1), 'ms');
  report('selection.index_first_build_ms', coldBuild.toFixed(1), 'ms');
  report('selection.first_pass_ms', firstPass.toFixed(1), 'ms');
}

if (isMain(import.meta.url)) await benchSelection();
