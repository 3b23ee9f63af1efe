import type { ReceiveRight } from '../model/rights.ts';
import type { Principal } from '../model/schemas.ts';
import type { BodyType } from './syntax.ts';

/** One thing Exchange decides about an accepted message, with what decided it and where the reference says so. */
export interface MessageDecision {
  aspect: 'authentication' | 'authParameter' | 'senderResolution' | 'antiSpam' | 'sizeLimit';
  value: boolean | null;
  /** The extended right, or the session fact, that decides it. */
  decidedBy: string;
  section: string;
  text: string;
}

/** The header firewall's verdict on one submitted header (§6.1). */
export interface HeaderDecision {
  /** The header line as submitted, shortened to its name. */
  name: string;
  kept: boolean;
  /** The ms-Exch-Accept-Headers-* right that decides it; null for an ordinary header, always kept. */
  decidedBy: ReceiveRight | null;
  section: string | null;
}

/** How Exchange treats a message it accepted (the answer's `message` part). */
export interface MessageTreatment {
  treatedAsAuthenticated: boolean;
  senderResolved: boolean;
  antiSpamBypassed: boolean;
  sizeLimitBypassed: boolean;
  /** null when MAIL FROM had no AUTH= parameter. */
  authParameterHonoured: boolean | null;
  /** BODY= as declared on MAIL FROM; 7BIT when absent. */
  body: BodyType;
  decisions: MessageDecision[];
  headers: HeaderDecision[];
}

export interface MessageFacts {
  granted: ReadonlySet<ReceiveRight>;
  /** The session signed in (AUTH) or authenticated as an Exchange server. */
  authenticated: boolean;
  /** Who the session is, for the texts. */
  identity: string;
  /** The AUTH= value on MAIL FROM, null when absent. */
  authParameter: string | null;
  body: BodyType | null;
  /** The address the recipient's mail client would show: the header From when given, else the envelope sender. */
  sender: string;
  directory: readonly Principal[];
  headers: readonly string[];
}

const FLAG: ReceiveRight = 'ms-Exch-SMTP-Accept-Authentication-Flag';

/** The header firewall's classes (§6.1): which right keeps which headers. */
export function headerRight(name: string): ReceiveRight | null {
  const n = name.toLowerCase();
  if (n === 'received' || n.startsWith('resent-')) return 'ms-Exch-Accept-Headers-Routing';
  if (n.startsWith('x-ms-exchange-organization-')) return 'ms-Exch-Accept-Headers-Organization';
  if (n.startsWith('x-ms-exchange-forest-')) return 'ms-Exch-Accept-Headers-Forest';
  return null;
}

/** `Received: from a` → `Received`; a bare name stays as it is. */
export const headerName = (line: string): string => {
  const colon = line.indexOf(':');
  return (colon < 0 ? line : line.slice(0, colon)).trim();
};

export function headerDecisions(headers: readonly string[], granted: ReadonlySet<ReceiveRight>): HeaderDecision[] {
  return headers.map((line) => {
    const name = headerName(line);
    const right = headerRight(name);
    return { name, kept: right === null || granted.has(right), decidedBy: right, section: right ? '§6.1' : null };
  });
}

/**
 * What happens to an accepted message, decided by the session's rights at end of data (§6.1, §6.4). One home
 * for these consequences: the simulator reports them and the wizard compares Option 1 with Option 2 through it.
 * The AUTH= choice is marked [UNVERIFIED] in syntax.ts.
 */
export function messageTreatment(facts: MessageFacts): MessageTreatment {
  const { granted, authenticated, identity, authParameter } = facts;
  const flag = granted.has(FLAG);
  const treatedAsAuthenticated = authenticated || flag;
  const authBy = authenticated ? 'authentication' : FLAG;
  const lower = facts.sender.toLowerCase();
  const inDirectory = lower !== '' && facts.directory.some((p) => p.emailAddresses.some((a) => a.toLowerCase() === lower));
  const senderResolved = treatedAsAuthenticated && inDirectory;
  const antiSpamBypassed = granted.has('ms-Exch-Bypass-Anti-Spam');
  const sizeLimitBypassed = granted.has('ms-Exch-Bypass-Message-Size-Limit');
  const authParameterHonoured = authParameter === null ? null : flag;

  const decisions: MessageDecision[] = [
    {
      aspect: 'authentication',
      value: treatedAsAuthenticated,
      decidedBy: authBy,
      section: '§6.1',
      text: authenticated
        ? `Treated as authenticated and internal: ${identity} authenticated.`
        : flag
          ? `Treated as authenticated and internal: ${identity} holds ${FLAG}, so Exchange stamps the message as authenticated although nobody signed in.`
          : `Treated as unauthenticated and external: ${identity} did not authenticate and holds no ${FLAG}. Groups that only accept mail from authenticated senders refuse it.`,
    },
    ...(authParameter === null
      ? []
      : [
          {
            aspect: 'authParameter' as const,
            value: authParameterHonoured,
            decidedBy: FLAG,
            section: '§6.1',
            text: flag
              ? `AUTH=${authParameter} on MAIL FROM is honoured: ${identity} holds ${FLAG}.`
              : `AUTH=${authParameter} on MAIL FROM is ignored: ${identity} holds no ${FLAG}.`,
          },
        ]),
    {
      aspect: 'senderResolution',
      value: senderResolved,
      decidedBy: authBy,
      section: '§6.4',
      text: senderResolved
        ? `The sender ${facts.sender} is resolved to its directory name in Outlook, because the message counts as authenticated.`
        : !treatedAsAuthenticated
          ? `The sender ${facts.sender || '<>'} is not resolved to a directory name: anonymous mail stays anonymous (Exchange 2007 has no ResolveP2 switch; only authentication or Externally Secured changes this).`
          : `The sender ${facts.sender || '<>'} is not in the directory, so there is no directory name to resolve it to.`,
    },
    {
      aspect: 'antiSpam',
      value: antiSpamBypassed,
      decidedBy: 'ms-Exch-Bypass-Anti-Spam',
      section: '§6.1',
      text: antiSpamBypassed
        ? `The antispam agents skip this message: ${identity} holds ms-Exch-Bypass-Anti-Spam.`
        : 'The antispam agents filter this message.',
    },
    {
      aspect: 'sizeLimit',
      value: sizeLimitBypassed,
      decidedBy: 'ms-Exch-Bypass-Message-Size-Limit',
      section: '§6.1',
      text: sizeLimitBypassed
        ? `The connector's MaxMessageSize and MaxRecipientsPerMessage do not apply: ${identity} holds ms-Exch-Bypass-Message-Size-Limit.`
        : "The connector's MaxMessageSize and MaxRecipientsPerMessage apply.",
    },
  ];
  return {
    treatedAsAuthenticated,
    senderResolved,
    antiSpamBypassed,
    sizeLimitBypassed,
    authParameterHonoured,
    body: facts.body ?? '7BIT',
    decisions,
    headers: headerDecisions(facts.headers, granted),
  };
}

/** One header of each firewalled class, so a comparison covers the whole header firewall. */
const SAMPLE_HEADERS = ['Received', 'X-MS-Exchange-Organization-SCL', 'X-MS-Exchange-Forest-Hops'];
const SAMPLE_SENDER = 'sender@directory.example';

const GAIN_TEXT: Record<MessageDecision['aspect'], string> = {
  authentication: 'Every message counts as authenticated and internal, so it reaches groups that accept mail only from authenticated senders.',
  authParameter: 'The AUTH= identity another server puts on MAIL FROM is trusted.',
  senderResolution: 'A sender that exists in your directory shows in Outlook under its directory name, as if it had signed in.',
  antiSpam: 'Messages skip antispam filtering.',
  sizeLimit: "The connector's maximum message size and recipient limit stop applying.",
};

/**
 * What an anonymous host's messages get with the rights `more` that they do not get with `less`, as consequences
 * rather than right names: the wizard spells out what Option 1 grants beyond Option 2 with it.
 */
export function messageGains(more: Iterable<ReceiveRight>, less: Iterable<ReceiveRight>): string[] {
  const treat = (granted: Iterable<ReceiveRight>) =>
    messageTreatment({
      granted: new Set(granted),
      authenticated: false,
      identity: '',
      authParameter: '<>',
      body: null,
      sender: SAMPLE_SENDER,
      directory: [{ name: 'sample', kind: 'user', emailAddresses: [SAMPLE_SENDER], memberOf: [], sendAs: [] }],
      headers: SAMPLE_HEADERS,
    });
  const a = treat(more);
  const b = treat(less);
  const gains = a.decisions.filter((d, i) => d.value === true && b.decisions[i]!.value !== true).map((d) => GAIN_TEXT[d.aspect]);
  const headers = a.headers.filter((h, i) => h.kept && !b.headers[i]!.kept).map((h) => `${h.name.replace(/-[^-]+$/, '-*')}`);
  if (headers.length > 0) gains.push(`Exchange keeps the ${headers.join(', ')} headers the host sends instead of stripping them.`);
  return gains;
}
