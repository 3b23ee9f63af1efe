import type { LogEvent, LogRecord } from './read-protocol-log.ts';
import { readPermissionTokens, type SessionPermissions } from './tokens.ts';

export const SESSION_OUTCOMES = ['relayed', 'relay refused', 'submission refused', 'authentication failed', 'accepted', 'dropped'] as const;
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];

/** A client command with the replies paired to it (queue order, so pipelined replies land on their command). */
export interface LogExchange {
  /** null for the banner and for a reply no command asked for; `.` for the end of a message's data (not logged). */
  command: string | null;
  replies: string[];
}

export interface LoggedPermissions extends SessionPermissions {
  /** How many exchanges came before the line: the rights held from there on. */
  atExchange: number;
}

export interface LogLine {
  sequence: number;
  time: string;
  event: LogEvent;
  data: string;
  context: string;
}

export interface LogSession {
  server: string;
  sessionId: string;
  connectorId: string;
  /** The connector's name (connector-id without `SERVER\`), kept exactly, trailing spaces and all. */
  connector: string;
  start: string;
  end: string;
  localEndpoint: string;
  remoteEndpoint: string;
  remoteIp: string;
  tls: boolean;
  account: string | null;
  exchangeServerAuth: boolean;
  helo: string | null;
  mailFrom: string | null;
  rcptTo: string[];
  /** Recipients Exchange answered 250 to. */
  acceptedRcptTo: string[];
  permissions: LoggedPermissions[];
  exchanges: LogExchange[];
  outcome: SessionOutcome;
  /** Saw both the connect (`+`) and the disconnect (`-`): a session cut by a file boundary is not complete. */
  complete: boolean;
  /** More lines than are kept; the rest were read but dropped. */
  truncated: boolean;
  files: string[];
  lines: LogLine[];
}

export interface AssembleOptions {
  /** A recipient outside the organisation's accepted domains: a queued message to one was relayed. */
  isRelayRecipient?: (address: string) => boolean;
}

/** A session longer than this is kept in part (a client pushing thousands of RCPTs must not exhaust memory). */
export const MAX_SESSION_LINES = 2000;

const replyCode = (reply: string | undefined): string => (reply ?? '').slice(0, 3);
export const finalReply = (exchange: LogExchange): string => exchange.replies[exchange.replies.length - 1] ?? '';
const isFinal = (reply: string): boolean => !/^\d{3}-/.test(reply);
const verbOf = (command: string | null): string => (command ?? '').split(/[\s:]/, 1)[0]!.toUpperCase();
const pathOf = (command: string): string => {
  const m = /<([^>]*)>/.exec(command);
  return m ? m[1]! : command.replace(/^[^:]*:\s*/, '').split(/\s/, 1)[0]!;
};

/** The client address of an endpoint: `1.2.3.4:25` → `1.2.3.4`, `[2001:db8::1]:25` → `2001:db8::1`. */
export function endpointIp(endpoint: string): string {
  const v6 = /^\[([^\]]+)\](:\d+)?$/.exec(endpoint);
  if (v6) return v6[1]!;
  const colon = endpoint.lastIndexOf(':');
  return colon > 0 && endpoint.indexOf(':') === colon ? endpoint.slice(0, colon) : endpoint;
}

interface Open {
  records: LogRecord[];
  files: Set<string>;
  truncated: boolean;
}

/**
 * Groups records into sessions by (server, session id) — ids are unique per server only — across the files of one
 * upload, and hands over each session when its `-` line arrives; `end` hands over the ones still open (cut by a file
 * boundary or a truncated excerpt). Memory grows with the sessions open at once, not with the file.
 */
export class SessionAssembler {
  private readonly open = new Map<string, Open>();

  constructor(
    private readonly onSession: (session: LogSession) => void,
    private readonly options: AssembleOptions = {},
  ) {}

  add(record: LogRecord): void {
    const server = record.connectorId.slice(0, record.connectorId.indexOf('\\'));
    const key = `${server.toLowerCase()}\\${record.sessionId}`;
    let session = this.open.get(key);
    if (!session) this.open.set(key, (session = { records: [], files: new Set(), truncated: false }));
    session.files.add(record.file);
    if (session.records.length < MAX_SESSION_LINES) session.records.push(record);
    else session.truncated = true;
    if (record.event === '-') {
      this.open.delete(key);
      this.onSession(buildSession(session, this.options));
    }
  }

  /** Sessions still open, oldest first. */
  end(): void {
    for (const session of this.open.values()) this.onSession(buildSession(session, this.options));
    this.open.clear();
  }
}

/** Reconstructs one session from its records (any order; sorted by sequence number, then arrival). */
export function buildSession(open: Open, options: AssembleOptions = {}): LogSession {
  const records = open.records.map((r, i) => [r, i] as const).sort((a, b) => a[0].sequence - b[0].sequence || a[1] - b[1]).map(([r]) => r);
  const first = records[0]!;
  const exchanges: LogExchange[] = [];
  const pending: LogExchange[] = [];
  const permissions: LoggedPermissions[] = [];
  let account: string | null = null;
  let authFailedInfo = false;
  let connected = false;
  let disconnected = false;
  for (const r of records) {
    if (r.event === '+') connected = true;
    else if (r.event === '-') disconnected = true;
    else if (r.event === '*') {
      if (/^set session permissions$/i.test(r.context)) permissions.push({ ...readPermissionTokens(r.data), atExchange: exchanges.length });
      else if (/^authenticated$/i.test(r.context)) account = r.data;
      else if (/^inbound (auth|authentication).*failed/i.test(r.context || r.data)) authFailedInfo = true;
    } else if (r.event === '<') {
      const exchange = { command: r.data, replies: [] };
      exchanges.push(exchange);
      pending.push(exchange);
    } else {
      let target = pending[0];
      if (!target) {
        const last = exchanges[exchanges.length - 1];
        const lastCode = replyCode(last ? finalReply(last) : undefined);
        // AUTH's challenge lines: the client's answers are not logged, so the outcome belongs to the AUTH command.
        if (last && lastCode === '334') target = last;
        else {
          // After 354 the message itself is not logged; the next reply answers its end of data.
          target = { command: lastCode === '354' ? '.' : null, replies: [] };
          exchanges.push(target);
          if (!isFinal(r.data)) pending.push(target);
        }
      }
      target.replies.push(r.data);
      if (isFinal(r.data) && target === pending[0]) pending.shift();
    }
  }

  const byVerb = (verb: string) => exchanges.filter((e) => verbOf(e.command) === verb);
  const tls = exchanges.some((e) => ['STARTTLS', 'X-ANONYMOUSTLS'].includes(verbOf(e.command)) && replyCode(finalReply(e)) === '220');
  const helo = exchanges.find((e) => ['EHLO', 'HELO'].includes(verbOf(e.command)))?.command?.slice(5).trim() ?? null;
  const mail = byVerb('MAIL');
  const rcpts = byVerb('RCPT');
  const accepted = rcpts.filter((e) => replyCode(finalReply(e)) === '250').map((e) => pathOf(e.command!));
  const authAttempts = [...byVerb('AUTH'), ...byVerb('X-EXPS')];
  const authFailed = authFailedInfo || authAttempts.some((e) => /^[45]/.test(finalReply(e)));
  const exchangeServerAuth = byVerb('X-EXPS').some((e) => replyCode(finalReply(e)) === '235');
  const queued = exchanges.some((e) => e.command === '.' && replyCode(finalReply(e)) === '250');
  const relayRefused = rcpts.some((e) => finalReply(e).startsWith('550 5.7.1 Unable to relay'));
  const submitRefused = mail.some((e) => /^530 |^550 5\.7\.1 Client does not have permissions to submit/.test(finalReply(e)));
  const outcome: SessionOutcome = relayRefused
    ? 'relay refused'
    : submitRefused
      ? 'submission refused'
      : queued
        ? accepted.some((a) => options.isRelayRecipient?.(a))
          ? 'relayed'
          : 'accepted'
        : authFailed
          ? 'authentication failed'
          : 'dropped';

  return {
    server: first.connectorId.slice(0, first.connectorId.indexOf('\\')),
    sessionId: first.sessionId,
    connectorId: first.connectorId,
    connector: first.connectorId.slice(first.connectorId.indexOf('\\') + 1),
    start: records.reduce((t, r) => (r.time < t ? r.time : t), first.time),
    end: records.reduce((t, r) => (r.time > t ? r.time : t), first.time),
    localEndpoint: first.localEndpoint,
    remoteEndpoint: first.remoteEndpoint,
    remoteIp: endpointIp(first.remoteEndpoint),
    tls,
    account,
    exchangeServerAuth,
    helo,
    mailFrom: mail[0] ? pathOf(mail[0].command!) : null,
    rcptTo: rcpts.map((e) => pathOf(e.command!)),
    acceptedRcptTo: accepted,
    permissions,
    exchanges,
    outcome,
    complete: connected && disconnected && !open.truncated,
    truncated: open.truncated,
    files: [...open.files],
    lines: records.map((r) => ({ sequence: r.sequence, time: r.time, event: r.event, data: r.data, context: r.context })),
  };
}
