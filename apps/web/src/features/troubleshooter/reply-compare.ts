/**
 * Does the simulation give the reply the bounce quoted? Code, enhanced code and words are compared exactly
 * (case and spacing aside), so a partial quote or another Exchange version's wording is never called a
 * reproduction. Known wordings of the same refusal by other versions come from receive-connectors.md §6.5.
 */
import type { SimulateResult } from '@cc/connector-engine';

export type BounceComparison =
  /** Same code, enhanced code and words. */
  | { kind: 'same'; reply: string }
  /** The same refusal in another Exchange version's words. */
  | { kind: 'otherVersion'; reply: string; version: string }
  /** The bounce quotes only part of the reply (no code, or no words), and that part agrees. */
  | { kind: 'partial'; reply: string; missing: string }
  /** The simulation answers something else (its first refusal, or null when it accepts). */
  | { kind: 'different'; reply: string | null }
  /** The text holds no reply code to compare. */
  | { kind: 'unreadable' };

export interface ReplyParts {
  basic: string | null;
  enhanced: string | null;
  text: string;
}

/** "550 5.7.1 Unable to relay" → { basic: "550", enhanced: "5.7.1", text: "Unable to relay" }; either code may be absent. */
export function parseReply(line: string): ReplyParts {
  const m = /^\s*#?(?:([2-5]\d\d)(?:[ -]|$))?\s*#?(?:([245]\.\d{1,3}\.\d{1,3})(?:\s|$))?\s*(.*)$/.exec(line.trim());
  return { basic: m?.[1] ?? null, enhanced: m?.[2] ?? null, text: (m?.[3] ?? '').trim() };
}

interface VersionWording {
  /** How the other version words it (matched against the whole quote). */
  quote: RegExp;
  /** The Exchange 2007 reply it corresponds to. */
  reply: string;
  version: string;
}

const OTHER_VERSIONS: readonly VersionWording[] = [
  { quote: /^(?:550 )?5\.7\.1 Unable to relay for \S+$/i, reply: '550 5.7.1 Unable to relay', version: 'Exchange 2000/2003 (IIS SMTP) adds the address' },
  {
    quote: /^(?:550 )?5\.7\.54 (?:SMTP; )?Unable to relay recipient in non-accepted domain$/i,
    reply: '550 5.7.1 Unable to relay',
    version: 'Exchange 2013 and later word it "5.7.54 Unable to relay recipient in non-accepted domain"',
  },
];

const words = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').replace(/[.;,\s]+$/, '').trim();
const lastLine = (reply: string) => reply.split('\n').pop() ?? '';
const full = (p: ReplyParts) => [p.basic, p.enhanced, p.text].filter(Boolean).join(' ');

export function compareBounce(expected: string, transcript: SimulateResult['transcript']): BounceComparison {
  const want = parseReply(expected);
  if (!want.basic && !want.enhanced) return { kind: 'unreadable' };
  const replies = transcript.map((t) => parseReply(lastLine(t.server)));
  const refusal = replies.find((r) => r.basic !== null && /^[45]/.test(r.basic));

  const quote = expected.trim().replace(/\s+/g, ' ');
  for (const other of OTHER_VERSIONS) {
    if (!other.quote.test(quote)) continue;
    const target = parseReply(other.reply);
    if (replies.some((r) => r.basic === target.basic && r.enhanced === target.enhanced && words(r.text) === words(target.text)))
      return { kind: 'otherVersion', reply: other.reply, version: other.version };
  }

  const sameCodes = replies.filter((r) => (!want.basic || r.basic === want.basic) && (!want.enhanced || r.enhanced === want.enhanced));
  const agreeing = sameCodes.find((r) => !want.text || words(r.text) === words(want.text));
  if (!agreeing) return { kind: 'different', reply: refusal ? full(refusal) : null };
  const missing = [!want.basic ? 'the SMTP code' : null, !want.enhanced ? 'the enhanced status code' : null, !want.text ? 'the words' : null].filter(
    (m): m is string => m !== null,
  );
  if (missing.length > 0) return { kind: 'partial', reply: full(agreeing), missing: missing.join(' and ') };
  return { kind: 'same', reply: full(agreeing) };
}

/** The comparison in one sentence for the answer. */
export function comparisonSentence(expected: string, c: BounceComparison): string {
  switch (c.kind) {
    case 'same':
      return `This reproduces the bounce: Exchange answers "${c.reply}" here too.`;
    case 'otherVersion':
      return `Same refusal, different server version: the bounce says "${expected}" and this simulation of Exchange 2007 says "${c.reply}" (${c.version}).`;
    case 'partial':
      return `The bounce quotes only part of the reply ("${expected}", without ${c.missing}); the simulation's "${c.reply}" agrees with that part.`;
    case 'different':
      return `The bounce quoted "${expected}", but this simulation ${c.reply ? `answers "${c.reply}"` : 'is not refused'}: either the configuration has changed since, or the case differs from the failing session — check the local endpoint, the source IP and the sign-in against the bounce.`;
    case 'unreadable':
      return `"${expected}" holds no SMTP reply code, so it cannot be compared with the simulation.`;
  }
}
