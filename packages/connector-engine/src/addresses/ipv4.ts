/** Strict dotted-quad IPv4: exactly four decimal octets 0–255 without leading zeros. */

export type Inner<T> = { ok: true; value: T } | { ok: false; reason: string };

export const IPV4_MAX = 0xffff_ffffn;

const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * The octet text[from, to) as a number, or why it is invalid. Reads characters in place because
 * this runs for every address of every index build; a substring is made only for a message.
 */
function readOctet(text: string, from: number, to: number): number | string {
  if (from === to) return 'empty octet (two dots in a row, or a dot at the start or end)';
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code < DIGIT_0 || code > DIGIT_9) return `octet ${JSON.stringify(text.slice(from, to))} is not a decimal number`;
    value = value * 10 + (code - DIGIT_0);
  }
  if (to - from > 1 && text.charCodeAt(from) === DIGIT_0) {
    return `leading zeros are not allowed (${text.slice(from, to)} could be read as octal)`;
  }
  if (value > 255) return `octet ${text.slice(from, to)} is greater than 255`;
  return value;
}

export function parseIpv4Value(text: string): Inner<bigint> {
  let parts = 1;
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === DOT) parts += 1;
  if (parts !== 4) {
    return {
      ok: false,
      reason: `an IPv4 address needs exactly four decimal octets, found ${parts} (short or integer forms such as 127.1 are not allowed)`,
    };
  }
  let value = 0;
  let from = 0;
  for (let to = 0; to <= text.length; to += 1) {
    if (to < text.length && text.charCodeAt(to) !== DOT) continue;
    const octet = readOctet(text, from, to);
    if (typeof octet === 'string') return { ok: false, reason: octet };
    value = value * 256 + octet;
    from = to + 1;
  }
  return { ok: true, value: BigInt(value) };
}

export function formatIpv4(value: bigint): string {
  const n = Number(value);
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
