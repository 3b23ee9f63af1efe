/**
 * "Paste the bounce": reads what it can from a non-delivery report (NDR), a DSN or an application's SMTP error
 * text — recipients, the sender, the client and server addresses, and the reply Exchange gave — so the help
 * desk does not retype them. It only extracts; it never decides anything about Exchange's rules.
 */
import type { Server } from '@cc/connector-engine';
import { ALL_ENDPOINTS, type RelayCase } from './case.ts';

export interface ParsedBounce {
  recipients: string[];
  sender: string | null;
  /** The address the client connected from (Hello [ip], Received: from … (ip)). */
  clientIp: string | null;
  /** The Exchange server's address the client connected to, with the port when the text gives one. */
  serverIp: string | null;
  serverPort: number | null;
  /** Host name of the server that generated the report or refused the message. */
  serverHost: string | null;
  /** The first refusal, e.g. "550 5.7.1 Unable to relay". */
  reply: string | null;
  /** The name the client gave in HELO/EHLO, when the text shows it. */
  helo: string | null;
}

const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g;
const IPV4 = String.raw`(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}`;
/** IPv6 only where it is delimited (brackets or parentheses), so clock times such as 04:18:33 are not taken for one. */
const IPV6 = String.raw`(?:IPv6:)?([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})`;
/** Addresses that write reports, never the case's sender or recipient. */
const SYSTEM_MAILBOX = /^(postmaster|mailer-daemon|microsoftexchange[0-9a-f]*|no-?reply|mail-daemon)@/i;

const unique = (values: string[]) => {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const isTime = (text: string) => /^\d{1,2}:\d{2}(:\d{2})?$/.test(text);

function firstIp(text: string): string | null {
  const v4 = new RegExp(`\\b(${IPV4})\\b`).exec(text);
  const v6 = new RegExp(`[\\[(]${IPV6}[\\])]`).exec(text);
  const six = v6 && !isTime(v6[1]!) && v6[1]!.includes(':') ? v6[1]! : null;
  if (v4 && six) return v4.index <= v6!.index ? v4[1]! : six;
  return v4?.[1] ?? six;
}

function emails(text: string): string[] {
  return [...text.matchAll(EMAIL)].map((m) => m[0].replace(/\.$/, ''));
}

/** The first 4xx/5xx reply: "550 5.7.1 Unable to relay", or "5.7.1 Unable to relay" when only the enhanced code is quoted. */
function findReply(text: string): string | null {
  const tidy = (s: string) =>
    s
      .replace(/\s*\(in reply to [^)]*\).*$/i, '')
      .replace(/\s*(##|>|'|"|\)).*$/, '')
      .replace(/[.;,\s]+$/, '')
      .trim();
  const full = /\b([45]\d\d)[ -]#?([45]\.\d{1,3}\.\d{1,3})(?:[ \t]+([^\r\n]*))?/.exec(text);
  if (full) {
    const words = tidy(full[3] ?? '');
    return `${full[1]} ${full[2]}${words ? ` ${words}` : ''}`;
  }
  const enhanced = /(?:^|[\s#:;(])([45]\.\d{1,3}\.\d{1,3})(?:[ \t]+([A-Za-z][^\r\n]*))?/m.exec(text);
  if (enhanced) {
    const words = tidy(enhanced[2] ?? '');
    return `${enhanced[1]}${words ? ` ${words}` : ''}`;
  }
  const basic = /\b([45]\d\d)[ \t]+([A-Za-z][^\r\n]*)/.exec(text);
  if (basic) return `${basic[1]} ${tidy(basic[2]!)}`;
  return null;
}

/**
 * System.Net.Mail (and Send-MailMessage, built on it) prints the reply without its SMTP code, but names the code
 * in words first (its SmtpStatusCode): "Mailbox unavailable. The server response was: 5.7.1 Unable to relay".
 */
const DOTNET_STATUS: readonly [RegExp, string][] = [
  [/Mailbox unavailable\./i, '550'],
  [/requires a secure connection or the client was not authenticated/i, '530'],
  [/Transaction failed\./i, '554'],
  [/Syntax error, command unrecognized/i, '500'],
  [/Exceeded storage allocation/i, '552'],
  [/Mailbox name not allowed/i, '553'],
  [/Insufficient system storage/i, '452'],
];

function dotNetReply(text: string): string | null {
  const m = /The server response was:\s*([45]\.\d{1,3}\.\d{1,3}[^\r\n]*)/i.exec(text);
  if (!m) return null;
  const code = DOTNET_STATUS.find(([pattern]) => pattern.test(text.slice(0, m.index)))?.[1];
  const reply = findReply(m[1]!);
  return code && reply ? `${code} ${reply}` : reply;
}

/** One line of an Exchange SMTP Receive protocol log (protocol-logs.md §3): endpoints, direction, SMTP line. */
const PROTOCOL_LOG_LINE = /^[^,\r\n]*,([^,\r\n]*),[0-9A-Fa-f]{16},\d+,([^,\r\n]*),([^,\r\n]*),([-+<>*]),("(?:[^"]|"")*"|[^,\r\n]*)/gm;

interface ProtocolLog {
  connector: string;
  local: string;
  remote: string;
  received: string[];
  sent: string[];
}

function readProtocolLog(text: string): ProtocolLog | null {
  const lines = [...text.matchAll(PROTOCOL_LOG_LINE)];
  if (lines.length === 0) return null;
  const data = (m: RegExpMatchArray) => m[5]!.replace(/^"(.*)"$/s, '$1').replace(/""/g, '"').trim();
  return {
    connector: lines[0]![1]!,
    local: lines.find((m) => m[2])?.[2] ?? '',
    remote: lines.find((m) => m[3])?.[3] ?? '',
    received: lines.filter((m) => m[4] === '<').map(data),
    sent: lines.filter((m) => m[4] === '>').map(data),
  };
}

/** "10.0.0.11:25" or "[2001:db8::10]:25" → address and port. */
function splitEndpoint(endpoint: string): { ip: string; port: number } | null {
  const m = /^\[?([0-9A-Fa-f.:]+?)\]?:(\d{1,5})$/.exec(endpoint.trim());
  return m ? { ip: m[1]!, port: Number(m[2]) } : null;
}

/** Where the quoted original message starts: its headers are the original's, not the report's. */
const ORIGINAL = /^(?:-+\s*)?(original message headers|-+\s*original message\s*-+|original message|content-type:\s*(?:message\/rfc822|text\/rfc822-headers))/im;

export function parseBounce(pasted: string): ParsedBounce {
  // Folded lines (mail headers, Postfix's wrapped diagnostics) continue with whitespace: join them first.
  const text = pasted.replace(/\r?\n[ \t]+(?=\S)/g, ' ');
  const log = readProtocolLog(text);
  if (log) return fromProtocolLog(log);
  const originalAt = ORIGINAL.exec(text)?.index ?? text.length;
  const report = text.slice(0, originalAt);
  const original = text.slice(originalAt);

  // Recipients: explicit forms first (SMTP dialogue, DSN fields, ".NET: Unable to relay for x").
  const explicit: string[] = [];
  for (const m of text.matchAll(/RCPT\s+TO:\s*<([^>\s]+)>/gi)) explicit.push(m[1]!);
  // Postfix: "<x@external.net>: host hub01.contoso.com[10.0.0.11] said: 550 …".
  for (const m of text.matchAll(/^<([^>\s]+@[^>\s]+)>:\s*host\s/gim)) explicit.push(m[1]!);
  for (const m of text.matchAll(/(?:Final|Original)-Recipient:\s*(?:rfc822;)?\s*<?([^\s<>;]+@[^\s<>;]+)>?/gi)) explicit.push(m[1]!);
  for (const m of text.matchAll(/\bfor\s+<?([^\s<>]+@[^\s<>]+?)>?[.,;]?(?:\s|$)/gi)) if (/[45]\.\d/.test(text)) explicit.push(m[1]!);
  const lines = report.split(/\r?\n/);
  // Exchange's NDR: the failed recipient on the line just above its "#550 5.7.1 …" diagnostic line.
  lines.forEach((line, i) => {
    if (/^\s*#?\s*[45]\d\d[ -]?[45]\.\d/.test(line) || /#<\s*#?[45]\.\d/.test(line))
      for (let j = i - 1; j >= 0 && j >= i - 2; j--) {
        const found = emails(lines[j]!);
        if (found.length > 0) {
          explicit.push(...found);
          break;
        }
      }
  });
  // The recipients section of a report ("Delivery has failed to these recipients…", "Invalid Addresses").
  const section = /(failed to these recipients|could not be (?:delivered|reached)|couldn't be delivered|cannot be reached|following recipient|invalid addresses|undeliverable to|unable to deliver)/i;
  const endOfSection = /^(\s*(sent by|diagnostic information|generating server|original message|reporting-mta|the following organization|-{3,}))/i;
  let inSection = false;
  for (const line of lines) {
    if (section.test(line)) {
      inSection = true;
      const rest = line.slice(line.search(section));
      explicit.push(...emails(rest));
      continue;
    }
    if (inSection && endOfSection.test(line)) inSection = false;
    if (inSection) explicit.push(...emails(line));
  }

  // Sender: the SMTP dialogue, the original's envelope and headers, then the report's addressee.
  const senderPatterns = [
    /MAIL\s+FROM:\s*<([^>\s]*)>/i,
    /Return-Path:\s*<([^>\s]+)>/i,
    /(?:Original[- ]Sender|Envelope-From|X-Sender):\s*<?([^\s<>]+@[^\s<>]+)>?/i,
  ];
  let sender: string | null = null;
  for (const pattern of senderPatterns) {
    const m = pattern.exec(text);
    if (m && m[1] && !SYSTEM_MAILBOX.test(m[1])) {
      sender = m[1];
      break;
    }
  }
  if (!sender) {
    const from = /^(?:From|Sender):[^\r\n]*/im.exec(original)?.[0];
    const fromAddress = from ? emails(from).find((a) => !SYSTEM_MAILBOX.test(a)) : undefined;
    if (fromAddress) sender = fromAddress;
  }
  if (!sender) {
    // A report is addressed to the original sender.
    const to = /^To:[^\r\n]*/im.exec(report)?.[0];
    const toAddress = to ? emails(to).find((a) => !SYSTEM_MAILBOX.test(a)) : undefined;
    if (toAddress && /(undeliverable|delivery (?:status|has failed|failure)|non-?delivery|returned mail|could not be delivered)/i.test(report)) sender = toAddress;
  }

  const recipients = unique(explicit.filter((a) => !SYSTEM_MAILBOX.test(a) && a.toLowerCase() !== sender?.toLowerCase()));

  // Addresses: Exchange's greeting names the client; Received: names both ends; a report names the remote server.
  let clientIp: string | null = null;
  let serverIp: string | null = null;
  let serverPort: number | null = null;
  let serverHost: string | null = null;
  const hello = /Hello\s*\[([^\]]+)\]/i.exec(text);
  if (hello) clientIp = firstIp(`[${hello[1]}]`);
  const received = /Received:\s*from\s+([^\r\n]*?)\s+by\s+(\S+)([^\r\n]*)/i.exec(text);
  if (received) {
    clientIp ??= firstIp(received[1]!);
    const byPart = `${received[2]}${received[3]}`.split(/\s+with\s+/i)[0]!;
    serverIp = firstIp(byPart);
    serverHost = received[2]!.replace(/[()[\];]/g, '') || null;
  }
  const remote = new RegExp(
    String.raw`(?:remote[\s-]+(?:server|host|mta)|connecting\s+to|connection\s+to|server\s+at|generating\s+server)[^\r\n]*?(?:[\[(]?(${IPV4})[\])]?(?::(\d{1,5}))?|[\[(]${IPV6}[\])](?::(\d{1,5}))?)`,
    'i',
  ).exec(text);
  if (remote) {
    serverIp = remote[1] ?? remote[3] ?? serverIp;
    const port = remote[2] ?? remote[4];
    if (port) serverPort = Number(port);
  }
  const endpoint = new RegExp(String.raw`\b(${IPV4}):(\d{1,5})\b`).exec(text);
  if (endpoint && (serverIp === null || serverIp === endpoint[1]) && endpoint[1] !== clientIp) {
    serverIp = endpoint[1]!;
    serverPort ??= Number(endpoint[2]);
  }
  const generating = /(?:Generating server|Reporting-MTA:\s*dns;|Remote Server at)\s*:?\s*([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/i.exec(text);
  if (generating && !new RegExp(`^${IPV4}$`).test(generating[1]!)) serverHost = generating[1]!;
  // Postfix names the server it talked to: "host hub01.contoso.com[10.0.0.11] said:".
  const postfix = /\bhost\s+([A-Za-z0-9.-]+)\[([0-9A-Fa-f.:]+)\]\s+said:/i.exec(text);
  if (postfix) {
    serverHost = postfix[1]!;
    serverIp = postfix[2]!;
  }
  if (clientIp && clientIp === serverIp) clientIp = null;
  // The client's HELO/EHLO: the dialogue, or Exchange's Received: header, which names the client by it.
  const helo = /^\s*(?:C:\s*|>+\s*)?(?:EHLO|HELO)\s+(\S+)/im.exec(text)?.[1] ?? (received ? /^(\S+)/.exec(received[1]!)?.[1] ?? null : null);

  return { recipients, sender, clientIp, serverIp, serverPort, serverHost, reply: dotNetReply(text) ?? findReply(report) ?? findReply(text), helo };
}

function fromProtocolLog(log: ProtocolLog): ParsedBounce {
  const local = splitEndpoint(log.local);
  const remote = splitEndpoint(log.remote);
  const command = (verb: RegExp) => log.received.map((line) => verb.exec(line)?.[1]).filter((v): v is string => v !== undefined);
  const refusal = log.sent.find((line) => /^[45]\d\d\b/.test(line));
  return {
    recipients: unique(command(/^RCPT TO:\s*<([^>]*)>/i)),
    sender: command(/^MAIL FROM:\s*<([^>]*)>/i)[0] ?? null,
    clientIp: remote?.ip ?? null,
    serverIp: local?.ip ?? null,
    serverPort: local?.port ?? null,
    // The connector id is SERVER\Name.
    serverHost: log.connector.includes('\\') ? log.connector.split('\\')[0]! : null,
    reply: refusal ? findReply(refusal) : null,
    helo: command(/^(?:EHLO|HELO)\s+(\S+)/i)[0] ?? null,
  };
}

const sameHost = (a: string, b: string) => a.toLowerCase() === b.toLowerCase() || a.toLowerCase().split('.')[0] === b.toLowerCase();

/** The endpoint for an address and port, as bindings write it: 10.0.0.11:25, [2001:db8::10]:25. */
export const endpointOf = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

export interface BounceFill {
  next: RelayCase;
  /** What was taken from the text, in words, to show the help desk. */
  filled: string[];
  /** What the text did not give, so the agent knows what to enter by hand. */
  missing: string[];
}

/** The case with what the bounce gave; fields the text does not mention keep their value. */
export function applyBounce(current: RelayCase, parsed: ParsedBounce, servers: readonly Server[]): BounceFill {
  const next: RelayCase = { ...current };
  const filled: string[] = [];
  const missing: string[] = [];

  const byAddress = parsed.serverIp ? servers.find((s) => s.ipAddresses.some((a) => a.toLowerCase() === parsed.serverIp!.toLowerCase())) : undefined;
  const byName = parsed.serverHost ? servers.find((s) => sameHost(s.fqdn, parsed.serverHost!) || sameHost(s.name, parsed.serverHost!)) : undefined;
  const server = byAddress ?? byName;
  if (server) {
    next.server = server.name;
    filled.push(`server ${server.name}`);
  }
  if (parsed.serverIp && (byAddress || !server)) {
    next.localEndpoint = endpointOf(parsed.serverIp, parsed.serverPort ?? 25);
    filled.push(`local endpoint ${next.localEndpoint}${parsed.serverPort ? '' : ' (port 25 assumed)'}`);
  } else if (server) {
    // The report names the server but not the address the client used: try them all rather than guess one.
    next.localEndpoint = ALL_ENDPOINTS;
    filled.push(`every endpoint of ${server.name} (the text does not say which address the client connected to)`);
  } else missing.push('the server address the client connected to');
  if (parsed.helo) {
    next.helo = parsed.helo;
    filled.push(`HELO ${parsed.helo}`);
  }
  if (parsed.clientIp) {
    next.remoteIp = parsed.clientIp;
    filled.push(`source IP ${parsed.clientIp}`);
  } else missing.push('the source IP address');
  if (parsed.sender !== null) {
    next.mailFrom = parsed.sender;
    filled.push(`MAIL FROM ${parsed.sender}`);
  } else missing.push('the sender');
  if (parsed.recipients.length > 0) {
    next.rcptTo = parsed.recipients;
    filled.push(`${parsed.recipients.length === 1 ? 'recipient' : 'recipients'} ${parsed.recipients.join(', ')}`);
  } else missing.push('the recipients');
  if (parsed.reply) {
    next.expectedReply = parsed.reply;
    filled.push(`the reply "${parsed.reply}"`);
  } else missing.push('the SMTP reply');
  return { next, filled, missing };
}
