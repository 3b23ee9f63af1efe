import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { LogSession, LogSessionDetail, LogSessionsQuery, LogSummaries, LogUpload } from '@cc/api-contract';
import { ConnectorIndex, bestAcceptedDomain, domainOf, nameKey } from '@cc/connector-engine';
import {
  ProtocolLogReader,
  ReplayTally,
  SessionAssembler,
  finalReply,
  isReceiveLog,
  replaySession,
  replyStatus,
  serverContextOf,
  type LogSession as ParsedSession,
  type ReplayTarget,
  type SessionReplay,
} from '@cc/exchange-formats';
import type { Clock } from '../../clock.ts';
import { insertAuditEvent, withChange, type Actor } from '../../db/change.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../plugins/errors.ts';
import { readDocument } from '../organisation-io/snapshot.ts';
import { logText } from './log-file.ts';

export interface UploadedFile {
  name: string;
  data: AsyncIterable<Buffer>;
  /** Raw bytes received so far, read after the file is consumed. */
  bytes: () => number;
}

export interface LogsService {
  upload(actor: Actor, files: AsyncIterable<UploadedFile>): Promise<LogUpload>;
  list(): Promise<LogUpload[]>;
  sessions(uploadId: string, query: LogSessionsQuery): Promise<{ total: number; sessions: LogSession[] }>;
  session(uploadId: string, id: string): Promise<LogSessionDetail>;
  summaries(uploadId: string): Promise<LogSummaries>;
  remove(actor: Actor, uploadId: string): Promise<void>;
}

/** Exchange's own ReceiveProtocolLogMaxAge default. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;

/** Sessions are written in batches as they complete, so memory does not grow with the file. */
const BATCH = 500;
const ANY_RECIPIENT = 'ms-Exch-SMTP-Accept-Any-Recipient';
/** An upload still being read: its sessions are written in batches, so it is hidden until its summary is in. */
const IN_PROGRESS = '{}';

export function createLogsService(deps: { db: Kysely<Database>; clock: Clock; retentionDays: number }): LogsService {
  const { db, clock, retentionDays } = deps;

  const purgeExpired = () => db.deleteFrom('log_uploads').where('expires_at', '<', clock.now().toISOString()).execute();

  const uploadView = (row: Database['log_uploads']): LogUpload => ({ id: row.id, at: row.at, actor: row.actor, expiresAt: row.expires_at, files: JSON.parse(row.files), ...JSON.parse(row.summary) });

  async function getUpload(id: string) {
    const row = await db.selectFrom('log_uploads').selectAll().where('id', '=', id).where('summary', '!=', IN_PROGRESS).executeTakeFirst();
    if (!row) throw new AppError(404, 'NOT_FOUND', `No protocol-log upload ${id} (uploads are kept ${retentionDays} days).`);
    return row;
  }

  return {
    async upload(actor, files) {
      await purgeExpired();
      const { document } = await readDocument(db, clock.now().toISOString());
      const targets = new Map<string, ReplayTarget>();
      for (const server of document.servers) {
        const ctx = serverContextOf(document, server);
        targets.set(nameKey(server.name), { ctx, index: ConnectorIndex.build(ctx.connectors) });
      }
      const isRelayRecipient = (address: string) => {
        const domain = domainOf(address);
        return domain !== null && bestAcceptedDomain(domain, document.acceptedDomains) === null;
      };
      const uploadId = randomUUID();
      const at = clock.now();
      const expiresAt = new Date(at.getTime() + retentionDays * 86_400_000).toISOString();
      await db.insertInto('log_uploads').values({ id: uploadId, at: at.toISOString(), actor: actor.username, expires_at: expiresAt, files: '[]', summary: IN_PROGRESS }).execute();
      const tally = new ReplayTally();
      const reports: LogUpload['files'] = [];
      let batch: Database['log_sessions'][] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const rows = batch;
        batch = [];
        await db.insertInto('log_sessions').values(rows).execute();
      };
      const assembler = new SessionAssembler((session) => {
        const replay = replaySession(session, targets.get(nameKey(session.server)) ?? null);
        tally.add(replay);
        batch.push(sessionRow(uploadId, session, replay, isRelayRecipient));
      }, { isRelayRecipient });
      try {
        const budget = { inflated: 0 };
        for await (const file of files) {
          const reader = new ProtocolLogReader(file.name, (record) => assembler.add(record));
          for await (const text of logText(file.name, file.data, budget)) {
            reader.push(text);
            if (batch.length >= BATCH) await flush();
          }
          const report = reader.end();
          if (isReceiveLog(report.header) === false)
            throw new AppError(422, 'RULE_VIOLATION', `${file.name} is a "${report.header.logType}", not an SMTP Receive protocol log; upload the RECV*.LOG files (ProtocolLog\\SmtpReceive).`);
          if (report.records === 0)
            throw new AppError(
              422,
              'RULE_VIOLATION',
              `${file.name}: no line reads as an SMTP Receive protocol log entry (${report.unreadable} unreadable${report.examples[0] ? `; line ${report.examples[0].line}: ${report.examples[0].reason}` : ''}). Upload RECV*.LOG files from TransportRoles\\Logs\\ProtocolLog\\SmtpReceive, plain or gzip.`,
            );
          reports.push({
            name: file.name,
            bytes: file.bytes(),
            lines: report.lines,
            records: report.records,
            unreadable: report.unreadable,
            logType: report.header.logType,
            version: report.header.version,
            examples: report.examples.map(({ line, reason, text }) => ({ line, reason, text })),
          });
        }
        if (reports.length === 0) throw new AppError(400, 'VALIDATION_FAILED', 'Add at least one RECV*.LOG file (field "files"), or paste an excerpt.');
        assembler.end();
        await flush();
      } catch (error) {
        await db.deleteFrom('log_uploads').where('id', '=', uploadId).execute();
        throw error;
      }
      const summary = tally.summary();
      const fields = { files: JSON.stringify(reports), summary: JSON.stringify(summary) };
      await withChange(db, actor, async (trx) => {
        await trx.updateTable('log_uploads').set(fields).where('id', '=', uploadId).execute();
        return {
          result: null,
          event: {
            action: 'logs.upload',
            target: reports.map((r) => r.name).join(', '),
            after: { uploadId, files: reports.map((r) => ({ name: r.name, bytes: r.bytes, records: r.records, unreadable: r.unreadable })), sessions: summary.sessions, agreementRate: summary.agreementRate },
          },
        };
      });
      return { id: uploadId, at: at.toISOString(), actor: actor.username, expiresAt, files: reports, ...summary };
    },

    async list() {
      await purgeExpired();
      const rows = await db.selectFrom('log_uploads').selectAll().where('summary', '!=', IN_PROGRESS).orderBy('at', 'desc').execute();
      return rows.map(uploadView);
    },

    async sessions(uploadId, query) {
      await getUpload(uploadId);
      let q = db.selectFrom('log_sessions').where('upload_id', '=', uploadId);
      if (query.from) q = q.where('end_at', '>=', query.from);
      if (query.to) q = q.where('start_at', '<=', query.to);
      if (query.clientIp) q = q.where('remote_ip', '=', query.clientIp);
      if (query.connector) q = q.where('connector_key', '=', nameKey(query.connector));
      if (query.sender) q = q.where(sql<string>`lower(coalesce(mail_from, ''))`, 'like', `%${likeText(query.sender)}%`);
      if (query.recipient) q = q.where(sql<string>`lower(rcpt_to)`, 'like', `%${likeText(query.recipient)}%`);
      if (query.replyCode) q = q.where('reply_codes', 'like', `% ${query.replyCode} %`);
      if (query.outcome) q = q.where('outcome', '=', query.outcome);
      if (query.verdict) q = q.where('verdict', '=', query.verdict);
      const [{ total }] = await q.select((eb) => eb.fn.countAll().as('total')).execute() as [{ total: number | string }];
      const rows = await q.select('summary').orderBy('start_at').orderBy('id').limit(query.limit).offset(query.offset).execute();
      return { total: Number(total), sessions: rows.map((r) => JSON.parse(r.summary) as LogSession) };
    },

    async session(uploadId, id) {
      const row = await db.selectFrom('log_sessions').select(['summary', 'detail']).where('upload_id', '=', uploadId).where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError(404, 'NOT_FOUND', `No session ${id} in upload ${uploadId}.`);
      return { ...JSON.parse(row.summary), ...JSON.parse(row.detail) } as LogSessionDetail;
    },

    async summaries(uploadId) {
      await getUpload(uploadId);
      const refusals = await db
        .selectFrom('log_sessions')
        .select(['remote_ip', 'connector', (eb) => eb.fn.countAll().as('sessions')])
        .where('upload_id', '=', uploadId)
        .where('reply_codes', 'like', '% 550 5.7.1 %')
        .where('outcome', '=', 'relay refused')
        .groupBy(['remote_ip', 'connector'])
        .orderBy('sessions', 'desc')
        .execute();
      const used = await db
        .selectFrom('log_sessions')
        .select(['connector', 'remote_ip', (eb) => eb.fn.countAll().as('sessions')])
        .where('upload_id', '=', uploadId)
        .where('used_any_recipient', '=', 1)
        .groupBy(['connector', 'remote_ip'])
        .orderBy('connector')
        .orderBy('remote_ip')
        .execute();
      const byConnector = new Map<string, { remoteIp: string; sessions: number }[]>();
      for (const r of used) byConnector.set(r.connector, [...(byConnector.get(r.connector) ?? []), { remoteIp: r.remote_ip, sessions: Number(r.sessions) }]);
      return {
        relayRefusals: refusals.map((r) => ({ remoteIp: r.remote_ip, connector: r.connector, sessions: Number(r.sessions) })),
        acceptAnyRecipient: [...byConnector].map(([connector, clients]) => ({ connector, clients })),
      };
    },

    async remove(actor, uploadId) {
      const row = await getUpload(uploadId);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('log_sessions').where('upload_id', '=', uploadId).execute();
        await trx.deleteFrom('log_uploads').where('id', '=', uploadId).execute();
        await insertAuditEvent(trx, actor, { action: 'logs.delete', target: (JSON.parse(row.files) as { name: string }[]).map((f) => f.name).join(', '), before: { uploadId, at: row.at, actor: row.actor } });
      });
    },
  };
}

/** `%` and `_` would be LIKE wildcards; they are dropped rather than escaped (SQLite and PostgreSQL escape differently). */
const likeText = (text: string) => text.toLowerCase().replace(/[%_]/g, '');

function sessionRow(uploadId: string, s: ParsedSession, replay: SessionReplay, isRelayRecipient: (a: string) => boolean): Database['log_sessions'] {
  const id = randomUUID();
  const replyCodes = [...new Set(s.exchanges.map((e) => replyStatus(finalReply(e))).filter((c) => /^\d{3}/.test(c)))];
  const first = replay.differences[0];
  const summary: LogSession = {
    id,
    uploadId,
    server: s.server,
    sessionId: s.sessionId,
    connector: s.connector,
    start: s.start,
    end: s.end,
    localEndpoint: s.localEndpoint,
    remoteEndpoint: s.remoteEndpoint,
    remoteIp: s.remoteIp,
    tls: s.tls,
    account: s.account,
    helo: s.helo,
    mailFrom: s.mailFrom,
    rcptTo: s.rcptTo,
    replyCodes,
    outcome: s.outcome,
    verdict: replay.verdict,
    note: replay.reason ?? first?.explanation ?? null,
  };
  const aligned = s.exchanges.filter((e, i) => e.command !== null || i === 0);
  const offset = aligned[0]?.command === null ? 0 : 1;
  const exchanges = aligned.map((e, i) => {
    const model = replay.transcript[i + offset];
    const logged = { command: e.command, reply: e.replies.join('\n') };
    const replayed = model ? { command: model.client, reply: model.server } : null;
    return { logged, replayed, agrees: replayed !== null && replyStatus(finalReply(e)) === replyStatus(model!.server.split('\n').pop()!) };
  });
  const detail: Omit<LogSessionDetail, keyof LogSession> = {
    lines: s.lines,
    tokens: s.permissions.map((p) => p.tokens.join(' ')),
    rights: s.permissions.map((p) => p.rights),
    exchanges: replay.verdict === 'not comparable' || replay.transcript.length === 0 ? aligned.map((e) => ({ logged: { command: e.command, reply: e.replies.join('\n') }, replayed: null, agrees: false })) : exchanges,
    differences: replay.differences.map(({ cause, explanation, logged, replayed }) => ({ cause, explanation, ...(logged ? { logged } : {}), ...(replayed ? { replayed } : {}) })),
    replayedConnector: replay.connector,
    complete: s.complete,
  };
  return {
    id,
    upload_id: uploadId,
    server: s.server,
    session_id: s.sessionId,
    connector: `${s.server}\\${s.connector}`,
    connector_key: nameKey(s.connector),
    start_at: s.start,
    end_at: s.end,
    remote_ip: s.remoteIp,
    mail_from: s.mailFrom,
    rcpt_to: JSON.stringify(s.rcptTo),
    reply_codes: ` ${replyCodes.join(' ')} `,
    outcome: s.outcome,
    verdict: replay.verdict,
    used_any_recipient: s.permissions.some((p) => p.rights.includes(ANY_RECIPIENT)) && s.acceptedRcptTo.some(isRelayRecipient) ? 1 : 0,
    summary: JSON.stringify(summary),
    detail: JSON.stringify(detail),
  };
}
