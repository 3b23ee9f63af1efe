import { nameKey, simulate, type ConnectorIndex, type ExchangeVersion, type ServerContext, type SimulateRequest, type TranscriptLine } from '@cc/connector-engine';
import { finalReply, type LogExchange, type LogSession } from './sessions.ts';
import { tokenOfRight } from './tokens.ts';

/** The stored configuration of the server that wrote the log. */
export interface ReplayTarget {
  ctx: ServerContext;
  index?: ConnectorIndex;
  version?: ExchangeVersion;
}

export type ReplayVerdict = 'agrees' | 'differs' | 'not comparable';
export type DisagreementCause = 'connector missing' | 'connector selection' | 'rights' | 'reply';

export interface ReplayDifference {
  cause: DisagreementCause;
  /** Sessions with the same key disagree for the same reason (the upload's summary groups by it). */
  key: string;
  explanation: string;
  /** The first differing line, side by side (absent for a rights difference). */
  logged?: { command: string | null; reply: string };
  replayed?: { command: string | null; reply: string };
}

export interface SessionReplay {
  verdict: ReplayVerdict;
  /** Why the session cannot be compared. */
  reason?: string;
  differences: ReplayDifference[];
  /** The connector the console selects, when it selects one. */
  connector: string | null;
  transcript: TranscriptLine[];
}

/** `550 5.7.1 Unable to relay` → `550 5.7.1`; `250 CHUNKING` → `250`: what must agree between log and model. */
export function replyStatus(reply: string): string {
  const m = /^(\d{3})(?:[ -](\d\.\d{1,3}\.\d{1,3})(?=\s|$))?/.exec(reply);
  return m ? (m[2] ? `${m[1]} ${m[2]}` : m[1]!) : reply;
}

const notComparable = (reason: string): SessionReplay => ({ verdict: 'not comparable', reason, differences: [], connector: null, transcript: [] });
const verb = (command: string | null) => (command ?? '').split(/[\s:]/, 1)[0]!.toUpperCase();

/** The request that reproduces a logged session: same endpoints, TLS, account, HELO, envelope and commands. */
export function requestOf(session: LogSession): SimulateRequest {
  const declared = session.exchanges.map((e) => /^MAIL FROM:.*\bSIZE=(\d+)/i.exec(e.command ?? '')).find((m) => m)?.[1];
  return {
    server: session.server,
    localEndpoint: session.localEndpoint,
    remoteIp: session.remoteIp,
    tls: session.tls,
    ...(session.account ? { authUser: session.account } : {}),
    ...(session.exchangeServerAuth ? { exchangeServerAuth: true } : {}),
    helo: session.helo ?? '',
    mailFrom: session.mailFrom ?? '',
    rcptTo: session.rcptTo,
    // The receive log has no message sizes; a declared SIZE is the best stand-in (otherwise the engine's default).
    ...(declared ? { messageSizeBytes: Number(declared) } : {}),
    script: session.exchanges.filter((e) => e.command !== null).map((e) => e.command!),
  };
}

/**
 * Replays a logged session through the engine on the stored configuration and compares what the server did with
 * what the console predicts: the connector, the session's rights against the logged tokens, and each reply.
 */
export function replaySession(session: LogSession, target: ReplayTarget | null): SessionReplay {
  if (!target) return notComparable(`The server ${session.server} is not in the console — import its configuration.`);
  if (!session.lines.some((l) => l.event === '+')) return notComparable('The session began in a file that was not uploaded (no connect line); upload the previous file too.');
  if (session.truncated) return notComparable('The session is longer than the console keeps; only its beginning was read.');
  if (session.exchanges.some((e) => verb(e.command) === 'AUTH' && finalReply(e).startsWith('235')) && !session.account)
    return notComparable('The log does not name the account that signed in, so its rights cannot be replayed.');

  const connectorId = `${session.server}\\${session.connector}`;
  const result = simulate(target.ctx, requestOf(session), { version: target.version ?? '2007', now: new Date(session.start), ...(target.index ? { index: target.index } : {}) });
  if (!target.ctx.connectors.some((c) => nameKey(c.name) === nameKey(session.connector))) {
    // The replay still runs (on whichever connector the console selects) so the dialogue can be read side by side.
    return {
      verdict: 'differs',
      differences: [
        {
          cause: 'connector missing',
          key: `connector missing|${nameKey(connectorId)}`,
          explanation: `The log's connector ${connectorId} does not exist in the console — import the configuration again.`,
        },
      ],
      connector: result.connector?.name ?? null,
      transcript: result.transcript,
    };
  }

  const differences: ReplayDifference[] = [];
  if (!result.connector || nameKey(result.connector.name) !== nameKey(session.connector)) {
    differences.push({
      cause: 'connector selection',
      key: `connector selection|${nameKey(connectorId)}|${result.connector ? nameKey(result.connector.name) : '-'}`,
      explanation: `Exchange gave ${session.remoteIp} on ${session.localEndpoint} to ${connectorId}; the console ${result.connector ? `selects ${result.connector.name}` : 'selects no connector'} — the bindings or remote IP ranges differ; import the configuration again.`,
    });
  } else {
    differences.push(...rightsDifferences(session, result.permissionChanges ?? [], connectorId));
    const reply = firstReplyDifference(session.exchanges, result.transcript);
    if (reply) differences.push(reply);
  }
  return { verdict: differences.length === 0 ? 'agrees' : 'differs', differences, connector: result.connector?.name ?? null, transcript: result.transcript };
}

function rightsDifferences(session: LogSession, replayed: { granted: string[] }[], connectorId: string): ReplayDifference[] {
  const differences: ReplayDifference[] = [];
  session.permissions.forEach((logged, k) => {
    const model = replayed[k];
    if (!model) return;
    const who = k === 0 ? 'the sessions at connect (anonymous or externally secured)' : (session.account ?? 'the authenticated sessions');
    const modelSet = new Set(model.granted.map((r) => r.toLowerCase()));
    const loggedSet = new Set(logged.rights.map((r) => r.toLowerCase()));
    for (const right of logged.rights)
      if (!modelSet.has(right.toLowerCase()))
        differences.push({
          cause: 'rights',
          key: `rights|${nameKey(connectorId)}|${k === 0 ? 'connect' : nameKey(who)}|+${right}`,
          explanation: `The log grants ${tokenOfRight(right)} to ${who} on ${connectorId}, the console does not — an entry (${right}) is missing here.`,
        });
    for (const right of model.granted)
      if (!loggedSet.has(right.toLowerCase()) && tokenOfRight(right))
        differences.push({
          cause: 'rights',
          key: `rights|${nameKey(connectorId)}|${k === 0 ? 'connect' : nameKey(who)}|-${right}`,
          explanation: `The console grants ${right} to ${who} on ${connectorId}, the log does not — the console has an entry (or lacks a deny) that the server does not.`,
        });
  });
  return differences;
}

function firstReplyDifference(exchanges: LogExchange[], transcript: TranscriptLine[]): ReplayDifference | null {
  // The banner, then every logged command in order: the script replays exactly these, so they align one to one.
  const aligned = exchanges.filter((e, i) => e.command !== null || (i === 0 && e.replies.length > 0));
  const offset = aligned[0]?.command === null ? 0 : 1;
  for (let i = 0; i < aligned.length; i++) {
    const logged = aligned[i]!;
    const loggedReply = finalReply(logged);
    if (loggedReply === '') continue;
    const model = transcript[i + offset];
    if (!model) {
      return {
        cause: 'reply',
        key: `reply|${verb(logged.command)}|${replyStatus(loggedReply)}|end`,
        explanation: `Exchange went on after the console's session ended: it answered ${replyStatus(loggedReply)} to ${logged.command ?? 'the connection'}.`,
        logged: { command: logged.command, reply: loggedReply },
      };
    }
    const modelReply = model.server.split('\n').pop()!;
    if (replyStatus(modelReply) !== replyStatus(loggedReply)) {
      return {
        cause: 'reply',
        key: `reply|${verb(logged.command)}|${replyStatus(loggedReply)}|${replyStatus(modelReply)}`,
        explanation: replyExplanation(logged.command, loggedReply, modelReply),
        logged: { command: logged.command, reply: loggedReply },
        replayed: { command: model.client, reply: modelReply },
      };
    }
  }
  return null;
}

function replyExplanation(command: string | null, logged: string, model: string): string {
  const v = verb(command);
  if (v === 'RCPT' && logged.startsWith('250') && model.startsWith('550 5.7.1'))
    return `Exchange accepted ${command} where the console refuses to relay — a relay entry (ms-Exch-SMTP-Accept-Any-Recipient) is missing here.`;
  if (v === 'RCPT' && logged.startsWith('550 5.7.1') && model.startsWith('250'))
    return `Exchange refused to relay ${command} where the console accepts it — the console grants relay that the server does not.`;
  return `Exchange answered ${replyStatus(logged)} to ${command ?? 'the connection'}; the console answers ${replyStatus(model)} (${model}).`;
}

export interface DisagreementGroup {
  key: string;
  cause: DisagreementCause;
  explanation: string;
  sessions: number;
}

export interface ReplaySummary {
  sessions: number;
  comparable: number;
  agreeing: number;
  /** agreeing / comparable, null when nothing could be compared. */
  agreementRate: number | null;
  groups: DisagreementGroup[];
  notComparable: { reason: string; sessions: number }[];
}

/** The upload's figures: agreement rate, disagreements grouped by cause (most sessions first), reasons not compared. */
export class ReplayTally {
  private sessions = 0;
  private comparable = 0;
  private agreeing = 0;
  private readonly groups = new Map<string, DisagreementGroup>();
  private readonly reasons = new Map<string, number>();

  add(replay: SessionReplay): void {
    this.sessions++;
    if (replay.verdict === 'not comparable') {
      this.reasons.set(replay.reason!, (this.reasons.get(replay.reason!) ?? 0) + 1);
      return;
    }
    this.comparable++;
    if (replay.verdict === 'agrees') this.agreeing++;
    for (const d of replay.differences) {
      const group = this.groups.get(d.key) ?? { key: d.key, cause: d.cause, explanation: d.explanation, sessions: 0 };
      group.sessions++;
      this.groups.set(d.key, group);
    }
  }

  summary(): ReplaySummary {
    return {
      sessions: this.sessions,
      comparable: this.comparable,
      agreeing: this.agreeing,
      agreementRate: this.comparable === 0 ? null : this.agreeing / this.comparable,
      groups: [...this.groups.values()].sort((a, b) => b.sessions - a.sessions),
      notComparable: [...this.reasons].map(([reason, sessions]) => ({ reason, sessions })),
    };
  }
}
