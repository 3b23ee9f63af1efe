import { isValidAddress } from './accepted-domains.ts';
import { REPLY } from './replies.ts';

/**
 * Command syntax where Exchange 2007 is strict: the MAIL FROM path and its parameters (SIZE=, BODY=, AUTH=),
 * the RCPT TO path, and the HELO/EHLO argument.
 *
 * [UNVERIFIED] The reference (§6.5) gives the invalid-address replies but is silent on these cases, so every
 * choice below is ours, made here and nowhere else:
 * - Text glued to the path (`MAIL FROM:<a@b>DATA`): the path is malformed → `501 5.1.7 Invalid address`
 *   (`501 5.1.3 Invalid address` for RCPT TO), the catalogue's address-syntax replies.
 * - A non-ASCII local part (`jörg@contoso.com`): Exchange 2007 has no SMTPUTF8, so it is an invalid address →
 *   the same two replies.
 * - A MAIL FROM parameter Exchange does not know, a repeated one, a SIZE= that is not a number, a BODY= other
 *   than 7BIT/8BITMIME/BINARYMIME (the values EHLO advertises, §4) or an empty AUTH= → `501 5.5.4 Invalid arguments`.
 * - A HELO/EHLO argument that is more than one word (a command smuggled after the name, `EHLO a MAIL FROM:<x>`)
 *   → `501 5.5.4 Invalid domain name`.
 * - With ms-Exch-SMTP-Accept-Authentication-Flag the message is stamped authenticated/internal whatever AUTH=
 *   says, `AUTH=<>` included (message.ts): §6.1 names both effects of the right without saying whether `<>`
 *   downgrades the stamp.
 */
export const SYNTAX_REPLY = {
  invalidArguments: '501 5.5.4 Invalid arguments',
  invalidDomainName: '501 5.5.4 Invalid domain name',
} as const;

export type BodyType = '7BIT' | '8BITMIME' | 'BINARYMIME';
const BODY_TYPES: readonly string[] = ['7BIT', '8BITMIME', 'BINARYMIME'];

export interface MailParameters {
  size: number | null;
  body: BodyType | null;
  /** The AUTH= value as sent (`<>` or an xtext mailbox); null when absent. */
  auth: string | null;
}

export type SyntaxResult<T> = { ok: true; value: T } | { ok: false; reply: string; why: string };

const refuse = (reply: string, why: string) => ({ ok: false as const, reply, why });

// Printable ASCII only (isValidAddress has already refused spaces and brackets): Exchange 2007 has no SMTPUTF8.
const ASCII_LOCAL_PART = /^[\x21-\x7e]+$/;

/** An address Exchange 2007 can take on the envelope: valid, and all-ASCII (no SMTPUTF8). */
function checkPath(address: string): 'ok' | 'invalid' | 'nonAscii' {
  if (!isValidAddress(address)) return 'invalid';
  const local = address.slice(0, address.lastIndexOf('@'));
  return ASCII_LOCAL_PART.test(local) ? 'ok' : 'nonAscii';
}

const pathWhy = (address: string, problem: 'invalid' | 'nonAscii') =>
  problem === 'nonAscii'
    ? `${address} has non-ASCII characters in its local part; Exchange 2007 has no SMTPUTF8, so the address is invalid.`
    : `<${address}> is not a valid SMTP address.`;

/** `MAIL FROM:<path> [SIZE=n] [BODY=…] [AUTH=…]`; `<>` is the null reverse path. */
export function parseMailFrom(line: string): SyntaxResult<{ address: string; params: MailParameters }> {
  const match = /^MAIL FROM:\s*<([^>]*)>(.*)$/i.exec(line);
  if (!match) return refuse(REPLY.invalidSender, 'The MAIL FROM command is malformed: the sender must be in angle brackets.');
  const address = match[1]!;
  const rest = match[2]!;
  if (rest !== '' && !/^\s/.test(rest))
    return refuse(REPLY.invalidSender, `Text follows the sender's closing bracket without a space ("${rest}"), so the path is malformed.`);
  if (address !== '') {
    const problem = checkPath(address);
    if (problem !== 'ok') return refuse(REPLY.invalidSender, pathWhy(address, problem));
  }
  const params: MailParameters = { size: null, body: null, auth: null };
  const seen = new Set<string>();
  for (const word of rest.trim().split(/\s+/).filter((w) => w !== '')) {
    const eq = word.indexOf('=');
    const key = (eq < 0 ? word : word.slice(0, eq)).toUpperCase();
    const value = eq < 0 ? null : word.slice(eq + 1);
    const bad = (why: string) => refuse(SYNTAX_REPLY.invalidArguments, `MAIL FROM parameter ${word}: ${why}`);
    if (seen.has(key)) return bad('the parameter is repeated.');
    seen.add(key);
    if (key === 'SIZE') {
      if (value === null || !/^[0-9]{1,15}$/.test(value)) return bad('SIZE= takes the message size in bytes.');
      params.size = Number(value);
    } else if (key === 'BODY') {
      const body = (value ?? '').toUpperCase();
      if (!BODY_TYPES.includes(body)) return bad('BODY= takes 7BIT, 8BITMIME or BINARYMIME.');
      params.body = body as BodyType;
    } else if (key === 'AUTH') {
      if (value === null || value === '') return bad('AUTH= takes <> or the mailbox that authenticated at the previous hop.');
      params.auth = value;
    } else {
      return bad('Exchange does not recognise this parameter.');
    }
  }
  return { ok: true, value: { address, params } };
}

/** `RCPT TO:<path>`; anything glued to the closing bracket makes the path malformed. */
export function parseRcptTo(line: string): SyntaxResult<string> {
  const match = /^RCPT TO:\s*<([^>]*)>(.*)$/i.exec(line);
  if (!match) return refuse(REPLY.invalidRecipient, 'The RCPT TO command is malformed: the recipient must be in angle brackets.');
  const [, address, rest] = match as unknown as [string, string, string];
  if (rest !== '' && !/^\s/.test(rest))
    return refuse(REPLY.invalidRecipient, `Text follows the recipient's closing bracket without a space ("${rest}"), so the path is malformed.`);
  const problem = checkPath(address);
  return problem === 'ok' ? { ok: true, value: address } : refuse(REPLY.invalidRecipient, pathWhy(address, problem));
}

/** HELO/EHLO take one name (a domain or an address literal); a second word is another command smuggled in. */
export function checkHelloArgument(verb: string, argument: string): SyntaxResult<string> {
  const words = argument.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length > 1)
    return refuse(SYNTAX_REPLY.invalidDomainName, `${verb} takes a single name, but "${argument.trim()}" has ${words.length} words; anything after the name is refused, not run as a command.`);
  return { ok: true, value: words[0] ?? '' };
}
