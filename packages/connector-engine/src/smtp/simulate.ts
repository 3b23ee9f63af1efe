import type { ServerContext } from '../connector/state.ts';
import { selectConnector, type ConnectorIndex } from '../selection/index.ts';
import type { Parsed } from '../addresses/types.ts';
import type { SelectionResult } from '../selection/types.ts';
import { offeredAuth } from './ehlo.ts';
import { fixesFor, noConnectorFixes } from './fixes.ts';
import { greeting } from './replies.ts';
import { SmtpSession } from './session.ts';
import type { ExchangeVersion, SimulateRequest, SimulateResult } from './types.ts';

/**
 * The most recipients, and the most script lines, one simulation takes: enough for any MaxRecipientsPerMessage
 * an admin is likely to set, and so the reply after the limit is reachable.
 */
export const MAX_SIMULATION_LINES = 5000;

export interface SimulateOptions {
  version?: ExchangeVersion;
  now?: Date;
  /** A compiled selection index for this server's connectors, reused across calls. */
  index?: ConnectorIndex;
  /**
   * The connector selection for this request's local endpoint and remote IP, when the caller keeps it (it
   * depends on nothing else: the same connectors give the same answer). Computed here when absent.
   */
  selection?: Parsed<SelectionResult>;
}

/** The client lines of the default dialogue for a case (§6.3). */
export function defaultScript(request: SimulateRequest, authMechanism: string | null): string[] {
  const lines = [`EHLO ${request.helo}`];
  if (request.tls) lines.push('STARTTLS', `EHLO ${request.helo}`);
  if (request.exchangeServerAuth) lines.push('X-EXPS GSSAPI');
  else if (request.authUser) lines.push(`AUTH ${authMechanism ?? 'LOGIN'}`);
  const size = request.declaredSize !== undefined ? ` SIZE=${request.declaredSize}` : '';
  lines.push(`MAIL FROM:<${request.mailFrom}>${size}`);
  for (const r of request.rcptTo) lines.push(`RCPT TO:<${r}>`);
  lines.push('DATA', '.', 'QUIT');
  return lines;
}

const refusedResult = (
  base: Pick<SimulateResult, 'candidates' | 'candidateSummary' | 'listening' | 'matchedRange'>,
  verdict: string,
  explanation: string,
  fixes: SimulateResult['fixes'],
): SimulateResult => ({
  ...base,
  connector: null,
  identity: 'NT AUTHORITY\\ANONYMOUS LOGON',
  rights: [],
  decisiveRights: [],
  transcript: [],
  outcome: 'refused',
  verdict,
  explanation,
  fixes,
});

/** Which connector answers the request's connection, with every connector's verdict (§7.3). */
export function selectionFor(ctx: ServerContext, request: Pick<SimulateRequest, 'localEndpoint' | 'remoteIp'>, index?: ConnectorIndex): Parsed<SelectionResult> {
  return selectConnector(ctx.connectors, { localEndpoint: request.localEndpoint, remoteIp: request.remoteIp }, index);
}

/**
 * Runs the help desk's case against a server's stored configuration: which connector answers (§7.3), then the
 * SMTP dialogue with Exchange's replies, what decided it, and the fixes.
 */
export function simulate(ctx: ServerContext, request: SimulateRequest, options: SimulateOptions = {}): SimulateResult {
  const version = options.version ?? '2007';
  const now = options.now ?? new Date();
  const selection = options.selection ?? selectionFor(ctx, request, options.index);
  if (!selection.ok)
    return refusedResult({ candidates: [], candidateSummary: [], listening: false, matchedRange: null }, `Cannot simulate: ${selection.error}`, selection.error, []);
  const { connector: selected, candidates, candidateSummary, listening, matchedRange } = selection.value;
  const connector = selected ? ctx.connectors.find((c) => c.id === selected.id) ?? null : null;
  const fixContext = { ctx, request, connector, matchedRange };
  if (!connector) {
    const verdict = listening
      ? `Connection from ${request.remoteIp} to ${request.localEndpoint} is not serviced: no connector's remote IP ranges contain ${request.remoteIp}.`
      : `Connection refused: no receive connector on ${ctx.server.name} listens on ${request.localEndpoint}.`;
    const detail = listening
      ? 'Exchange listens on that address and port, but no enabled connector bound there accepts this client, so there is no banner (whether Exchange drops or refuses it is not documented).'
      : 'Exchange only listens on the bindings of its receive connectors, so the TCP connection is refused and no banner is sent.';
    return refusedResult({ candidates, candidateSummary, listening, matchedRange }, verdict, `${verdict} ${detail} ${selection.value.explanation}`, noConnectorFixes(fixContext, listening));
  }

  const session = new SmtpSession({ ctx, connector, request, version, now });
  session.banner(greeting(connector.fqdn, connector.banner, now));
  // The default client signs in with the best mechanism offered once TLS is up (LOGIN, else NTLM).
  const offered = offeredAuth({ connector, role: ctx.server.role, tls: request.tls && connector.authMechanism.includes('Tls') });
  const auth = offered.includes('LOGIN') ? 'LOGIN' : (offered[0] ?? null);
  const scripted = request.script !== undefined && request.script.length > 0;
  const lines = scripted ? request.script! : defaultScript(request, auth);
  let mailRefused = false;
  for (const line of lines) {
    if (session.closed) break;
    // The default dialogue behaves like a real client: after a refused MAIL FROM, or with no recipient
    // accepted, it says QUIT instead of carrying on.
    if (!scripted && line !== 'QUIT' && (mailRefused || ((line === 'DATA' || line === '.') && session.acceptedRecipients.length === 0))) continue;
    const reply = line === '.' ? session.endOfData() : session.command(line);
    if (!scripted && line.toUpperCase().startsWith('MAIL FROM') && !reply.startsWith('250')) mailRefused = true;
  }

  const outcome = session.queued ? 'accepted' : 'rejected';
  const lastRefusal = session.transcript.find((t) => /^[45]/.test(t.server));
  const verdict = session.queued
    ? session.refusals.length > 0
      ? `Accepted by ${connector.name} for ${session.acceptedRecipients.length} of ${request.rcptTo.length} recipients; the others were refused (${lastRefusal?.server ?? ''}).`
      : `Accepted by ${connector.name}: ${session.acceptedRecipients.length === 1 ? '1 recipient' : `${session.acceptedRecipients.length} recipients`} queued for delivery.`
    : `Rejected by ${connector.name}: ${lastRefusal?.server ?? 'the message was not sent'}.`;
  const chose = selection.value.explanation;
  return {
    connector: { id: connector.id, name: connector.name },
    listening,
    matchedRange,
    candidates,
    candidateSummary,
    identity: session.identity.displayName,
    rights: session.decisions,
    decisiveRights: session.decisive,
    transcript: session.transcript,
    outcome,
    verdict,
    explanation: [chose, ...session.explanationNotes].join('\n'),
    fixes: fixesFor(session.refusals, fixContext, session.identity.displayName),
    ...(session.message ? { message: session.message } : {}),
  };
}
