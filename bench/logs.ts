/**
 * Protocol logs (issue 12): a generated 10 MB RECV file (Exchange's default file size) from the demo-like
 * organisation, parsed (lines/s), replayed (sessions/s), both end to end, the upload through the API's service on
 * a real SQLite file, and the peak RSS while streaming a 250 MB set (the default log directory cap).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulateRequest } from '../packages/connector-engine/src/index.ts';
import { ConnectorIndex } from '../packages/connector-engine/src/index.ts';
import { ProtocolLogReader, ReplayTally, SessionAssembler, replaySession, serverContextOf, type LogSession } from '../packages/exchange-formats/src/index.ts';
import { renderProtocolLog } from '../packages/exchange-formats/src/protocol-log/render.ts';
import { logOrganisation } from '../packages/exchange-formats/src/testing/log-organisation.ts';
import { openDatabase } from '../apps/api/src/db/database.ts';
import { migrateToLatest } from '../apps/api/src/db/migrations.ts';
import { createLogsService } from '../apps/api/src/modules/logs/logs.service.ts';
import { isMain, report } from './report.ts';

const TARGET_BYTES = 10 * 1024 * 1024;

/** A deterministic mix of the sessions a hub sees: internal submissions, relays, refusals, signed-in clients. */
function cases(count: number): SimulateRequest[] {
  const out: SimulateRequest[] = [];
  let seed = 12;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  for (let i = 0; i < count; i++) {
    const kind = next() % 4;
    const host = `10.0.${next() % 4}.${1 + (next() % 250)}`;
    const base = { server: 'HUB01', tls: next() % 2 === 0, helo: `host${i % 500}.contoso.com`, mailFrom: `app${i % 50}@contoso.com` };
    if (kind === 0) out.push({ ...base, localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50', rcptTo: ['a@contoso.com', `p${i % 90}@partner.example`] });
    else if (kind === 1) out.push({ ...base, localEndpoint: '10.0.0.11:25', remoteIp: `198.51.100.${next() % 250}`, rcptTo: [`x${i % 70}@elsewhere.example`] });
    else if (kind === 2) out.push({ ...base, localEndpoint: '10.0.0.10:25', remoteIp: host, authUser: 'CONTOSO\\alice', rcptTo: [`b${i % 30}@fabrikam.com`, `e${i % 40}@external.net`] });
    else out.push({ ...base, localEndpoint: '10.0.0.11:25', remoteIp: host, rcptTo: ['alice@contoso.com'] });
  }
  return out;
}

function generate(): string {
  const doc = logOrganisation();
  const start = new Date('2026-11-02T00:00:00.000Z');
  const sample = renderProtocolLog(doc, cases(200), start);
  const count = Math.ceil((200 * TARGET_BYTES) / Buffer.byteLength(sample));
  return renderProtocolLog(doc, cases(count), start);
}

function parse(text: string, onSession: (s: LogSession) => void): number {
  const assembler = new SessionAssembler(onSession);
  const reader = new ProtocolLogReader('RECV20261102-1.LOG', (r) => assembler.add(r));
  // Upload-sized chunks, as the stream delivers them.
  for (let i = 0; i < text.length; i += 64 * 1024) reader.push(text.slice(i, i + 64 * 1024));
  const { lines } = reader.end();
  assembler.end();
  return lines;
}

export async function benchLogs(): Promise<void> {
  const text = generate();
  const bytes = Buffer.byteLength(text);
  report('logs.file_mb', (bytes / 1024 / 1024).toFixed(1), 'MB');

  const doc = logOrganisation();
  const ctx = serverContextOf(doc, doc.servers[0]!);
  const target = { ctx, index: ConnectorIndex.build(ctx.connectors) };
  // Warm-up on the first megabyte (JIT, and the garbage generating the file left behind).
  parse(text.slice(0, text.indexOf('\n', 1024 * 1024) + 1), (s) => replaySession(s, target));

  const sessions: LogSession[] = [];
  let start = performance.now();
  const lines = parse(text, (s) => sessions.push(s));
  const parseS = (performance.now() - start) / 1000;
  report('logs.lines', lines, 'lines');
  report('logs.sessions', sessions.length, 'sessions');
  report('logs.parse_lines_per_s', Math.round(lines / parseS), 'lines/s');

  const tally = new ReplayTally();
  start = performance.now();
  for (const s of sessions) tally.add(replaySession(s, target));
  const replayS = (performance.now() - start) / 1000;
  report('logs.replay_sessions_per_s', Math.round(sessions.length / replayS), 'sessions/s');
  report('logs.parse_and_replay_10mb_ms', Math.round((parseS + replayS) * 1000), 'ms');
  report('logs.agreement_rate', tally.summary().agreementRate ?? 0, 'ratio');

  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-logs-'));
  const handle = openDatabase({ path: join(dir, 'logs.db') });
  try {
    await migrateToLatest(handle.db, handle.dialect);
    const logs = createLogsService({ db: handle.db, clock: { now: () => new Date() }, retentionDays: 30 });
    // The bench database has no organisation: sessions are stored as "not comparable", which measures storage.
    const file = Buffer.from(text);
    start = performance.now();
    await logs.upload(
      { username: 'bench', sourceIp: null, requestId: null, now: () => new Date() },
      (async function* () {
        yield {
          name: 'RECV20261102-1.LOG',
          data: (async function* () {
            for (let i = 0; i < file.length; i += 64 * 1024) yield file.subarray(i, i + 64 * 1024);
          })(),
          bytes: () => file.length,
        };
      })(),
    );
    report('logs.upload_store_10mb_sqlite_ms', Math.round(performance.now() - start), 'ms');
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }

  // 25 files of 10 MB streamed through reader, assembler and replay, nothing kept: memory must not grow with them.
  sessions.length = 0;
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  for (let f = 0; f < 25; f++) {
    parse(text, (s) => {
      replaySession(s, target);
    });
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  report('logs.stream_250mb_rss_growth_mb', ((peak - rssBefore) / 1024 / 1024).toFixed(0), 'MB');
  report('logs.peak_rss_mb', (process.resourceUsage().maxRSS / 1024).toFixed(0), 'MB');
}

if (isMain(import.meta.url)) await benchLogs();
