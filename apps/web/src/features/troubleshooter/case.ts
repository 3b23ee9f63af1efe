/**
 * The help desk's case: what the form edits, what the URL carries (so a case can be shared and reloaded) and
 * the POST /api/simulate body built from it. Engine-free and React-free, so it is easy to test.
 */
import type { SimulateRequest, SimulateResult } from '@cc/connector-engine';
import { compareBounce, comparisonSentence } from './reply-compare.ts';

/** Who the client signs in as: nobody (anonymous), an Exchange server, or a directory user (DOMAIN\name). */
export type SignIn = { kind: 'none' } | { kind: 'exchangeServer' } | { kind: 'user'; name: string };

export interface RelayCase {
  server: string;
  /** The address and port the client connects to, e.g. 10.0.0.11:25 or [2001:db8::10]:25; ALL_ENDPOINTS for every one. */
  localEndpoint: string;
  remoteIp: string;
  tls: boolean;
  signIn: SignIn;
  helo: string;
  /** '' is the null reverse path (MAIL FROM:<>). */
  mailFrom: string;
  rcptTo: string[];
  /** Bytes; null when the size does not matter to the case. */
  messageSize: number | null;
  /** The reply the bounce quoted (e.g. "550 5.7.1 Unable to relay"), to compare with the simulation. */
  expectedReply: string;
  /** The client certificate a partner presents after STARTTLS (Domain Security); null when none. */
  certificate: { domain: string; valid: boolean } | null;
  /** Header lines the message carries, for the header firewall (`Received: from a`). */
  headers: string[];
}

/** The local endpoint value that runs the case on every endpoint of the server (after a bounce that names none). */
export const ALL_ENDPOINTS = 'all';

export const EMPTY_CASE: RelayCase = {
  server: '',
  localEndpoint: '',
  remoteIp: '',
  tls: false,
  signIn: { kind: 'none' },
  helo: '',
  mailFrom: '',
  rcptTo: [],
  messageSize: null,
  expectedReply: '',
  certificate: null,
  headers: [],
};

/** Query-string names: short, stable, readable in a shared link. */
const P = {
  server: 'server',
  endpoint: 'endpoint',
  ip: 'ip',
  tls: 'tls',
  auth: 'auth',
  helo: 'helo',
  from: 'from',
  rcpt: 'rcpt',
  size: 'size',
  expect: 'expect',
  cert: 'cert',
  certInvalid: 'certinvalid',
  header: 'hdr',
} as const;

export function signInToParam(signIn: SignIn): string {
  return signIn.kind === 'user' ? `user:${signIn.name}` : signIn.kind;
}

export function signInFromParam(text: string | null): SignIn {
  if (text === 'exchangeServer') return { kind: 'exchangeServer' };
  if (text?.startsWith('user:') && text.length > 5) return { kind: 'user', name: text.slice(5) };
  return { kind: 'none' };
}

/** The case as query-string parameters; empty values are left out so links stay short. */
export function caseToParams(c: RelayCase): URLSearchParams {
  const params = new URLSearchParams();
  const set = (k: string, v: string) => {
    if (v !== '') params.set(k, v);
  };
  set(P.server, c.server);
  set(P.endpoint, c.localEndpoint);
  set(P.ip, c.remoteIp);
  if (c.tls) params.set(P.tls, '1');
  if (c.signIn.kind !== 'none') params.set(P.auth, signInToParam(c.signIn));
  set(P.helo, c.helo);
  set(P.from, c.mailFrom);
  for (const r of c.rcptTo) if (r.trim() !== '') params.append(P.rcpt, r.trim());
  if (c.messageSize !== null) params.set(P.size, String(c.messageSize));
  set(P.expect, c.expectedReply);
  if (c.certificate && c.certificate.domain.trim() !== '') {
    params.set(P.cert, c.certificate.domain.trim());
    if (!c.certificate.valid) params.set(P.certInvalid, '1');
  }
  for (const h of c.headers) if (h.trim() !== '') params.append(P.header, h.trim());
  return params;
}

/** The case a URL describes, or null when it describes none (no server, endpoint or source address). */
export function caseFromParams(params: URLSearchParams): RelayCase | null {
  const server = params.get(P.server) ?? '';
  const localEndpoint = params.get(P.endpoint) ?? '';
  const remoteIp = params.get(P.ip) ?? '';
  if (!server && !localEndpoint && !remoteIp) return null;
  const size = params.get(P.size);
  const bytes = size !== null && /^\d{1,15}$/.test(size) ? Number(size) : null;
  return {
    server,
    localEndpoint,
    remoteIp,
    tls: params.get(P.tls) === '1',
    signIn: signInFromParam(params.get(P.auth)),
    helo: params.get(P.helo) ?? '',
    mailFrom: params.get(P.from) ?? '',
    rcptTo: params.getAll(P.rcpt).filter((r) => r.trim() !== ''),
    messageSize: bytes,
    expectedReply: params.get(P.expect) ?? '',
    certificate: params.get(P.cert) ? { domain: params.get(P.cert)!, valid: params.get(P.certInvalid) !== '1' } : null,
    headers: params.getAll(P.header).filter((h) => h.trim() !== ''),
  };
}

export type CaseField = 'server' | 'localEndpoint' | 'remoteIp' | 'helo' | 'mailFrom' | 'rcptTo' | 'expectedReply';
export type CaseProblems = Partial<Record<CaseField, string>>;

/** The longest values the API takes (api-contract SimulateRequestSchema), said before they reach the URL. */
export const CASE_LIMITS = { helo: 255, address: 320, recipients: 100, expectedReply: 1000 } as const;

/** Checks an IP address as the engine reads it; returns why it is not one, or null. */
export type IpCheck = (text: string) => string | null;

const tooLong = (what: string, max: number, length: number) =>
  `${what} is too long: at most ${max.toLocaleString('en-GB')} characters (this one has ${length.toLocaleString('en-GB')}).`;

/** What stops the case from running, in plain words, keyed by the field to correct. */
export function caseProblems(c: RelayCase, checkIp: IpCheck): CaseProblems {
  const problems: CaseProblems = {};
  if (!c.server) problems.server = 'Choose the server the client connects to.';
  if (!c.localEndpoint) problems.localEndpoint = 'Choose the address and port the client connects to.';
  const ip = c.remoteIp.trim();
  if (!ip) problems.remoteIp = 'Enter the IP address the client connects from, for example 10.0.0.50.';
  else {
    const why = checkIp(ip);
    if (why) problems.remoteIp = `${ip.length > 60 ? 'This' : ip} is not an IP address: ${why}. Enter one such as 10.0.0.50 or 2001:db8::50.`;
  }
  if (c.helo.length > CASE_LIMITS.helo) problems.helo = tooLong('The HELO/EHLO name', CASE_LIMITS.helo, c.helo.length);
  if (c.mailFrom.length > CASE_LIMITS.address) problems.mailFrom = tooLong('The sender', CASE_LIMITS.address, c.mailFrom.length);
  const recipients = c.rcptTo.filter((r) => r.trim() !== '');
  const long = recipients.find((r) => r.length > CASE_LIMITS.address);
  if (recipients.length === 0) problems.rcptTo = 'Enter at least one recipient address.';
  else if (recipients.length > CASE_LIMITS.recipients) problems.rcptTo = `Enter at most ${CASE_LIMITS.recipients} recipients (there are ${recipients.length}).`;
  else if (long) problems.rcptTo = tooLong('A recipient address', CASE_LIMITS.address, long.length);
  if (c.expectedReply.length > CASE_LIMITS.expectedReply) problems.expectedReply = tooLong('The reply', CASE_LIMITS.expectedReply, c.expectedReply.length);
  return problems;
}

/** The POST /api/simulate body. A blank HELO becomes the client's address literal, as many devices send. */
export function toSimulateRequest(c: RelayCase): SimulateRequest {
  const remoteIp = c.remoteIp.trim();
  const body: SimulateRequest = {
    server: c.server,
    localEndpoint: c.localEndpoint,
    remoteIp,
    tls: c.tls,
    helo: c.helo.trim() || (remoteIp.includes(':') ? `[IPv6:${remoteIp}]` : `[${remoteIp}]`),
    mailFrom: c.mailFrom.trim(),
    rcptTo: c.rcptTo.map((r) => r.trim()).filter((r) => r !== ''),
  };
  if (c.signIn.kind === 'user') body.authUser = c.signIn.name;
  if (c.signIn.kind === 'exchangeServer') body.exchangeServerAuth = true;
  const headers = c.headers.map((h) => h.trim()).filter((h) => h !== '');
  if (headers.length > 0) body.headers = headers;
  if (c.certificate && c.certificate.domain.trim() !== '') body.clientCertificate = { domain: c.certificate.domain.trim(), valid: c.certificate.valid };
  if (c.messageSize !== null) {
    // The client declares the size on MAIL FROM (SIZE=) and then sends that much.
    body.declaredSize = c.messageSize;
    body.messageSizeBytes = c.messageSize;
  }
  return body;
}

function signInText(signIn: SignIn): string {
  if (signIn.kind === 'user') return `signs in as ${signIn.name}`;
  if (signIn.kind === 'exchangeServer') return 'authenticates as an Exchange server';
  return 'does not sign in (anonymous)';
}

/**
 * "Copy for the admin": the case, what Exchange answers, and the shell commands of each fix — plain text an
 * admin can read in a ticket or paste into the Exchange Management Shell.
 */
export function adminHandOff(c: RelayCase, result: SimulateResult, link: string | null): string {
  const lines: string[] = [];
  lines.push('Relay case: a simulation of the stored configuration (Connector Console troubleshooter), not a live test');
  lines.push(`Server: ${c.server}`);
  lines.push(`Client ${c.remoteIp} connects to ${c.localEndpoint}${c.tls ? ' and starts TLS' : ''}, ${signInText(c.signIn)}.`);
  lines.push(`HELO/EHLO: ${toSimulateRequest(c).helo}`);
  lines.push(`MAIL FROM: <${c.mailFrom.trim()}>`);
  lines.push(`RCPT TO: ${c.rcptTo.map((r) => `<${r}>`).join(', ')}`);
  if (c.messageSize !== null) lines.push(`Message size: ${c.messageSize} bytes`);
  if (c.expectedReply) lines.push(`The bounce said: ${c.expectedReply}`);
  if (link) lines.push(`Case link: ${link}`);
  lines.push('');
  lines.push(`Simulated verdict: ${result.verdict}`);
  if (c.expectedReply) lines.push(comparisonSentence(c.expectedReply, compareBounce(c.expectedReply, result.transcript)));
  lines.push(`Connector: ${result.connector ? result.connector.name : 'none'}`);
  lines.push('');
  lines.push(result.explanation);
  if (result.fixes.length > 0) {
    lines.push('');
    lines.push('Fixes:');
    result.fixes.forEach((fix, i) => {
      lines.push('');
      lines.push(`${i + 1}. ${fix.title}`);
      if (fix.grants.length > 0) lines.push(`   Grants: ${fix.grants.join(', ')}`);
      lines.push(`   Trade-off: ${fix.tradeoff}`);
      if (fix.shell) {
        lines.push('   Exchange Management Shell:');
        for (const command of fix.shell.split('\n')) lines.push(`   ${command}`);
      }
    });
  }
  return lines.join('\n');
}
