import { formatIpv4, parseIpv4Value, type Inner } from './ipv4.ts';

export const IPV6_MAX = (1n << 128n) - 1n;

const MAPPED_PREFIX = 0xffffn; // ::ffff:0:0/96, RFC 4291 §2.5.5.2

/** True for ::ffff:a.b.c.d (IPv4-mapped IPv6). */
export function isIpv4MappedValue(value: bigint): boolean {
  return value >> 32n === MAPPED_PREFIX;
}

export function mappedToIpv4(value: bigint): bigint {
  return value & 0xffff_ffffn;
}

export function ipv4ToMapped(value: bigint): bigint {
  return (MAPPED_PREFIX << 32n) | value;
}

/** Appends the hex groups of `text` (colon-separated) to `groups`; returns why they are invalid, or null. */
function collectGroups(text: string, groups: string[]): string | null {
  if (text === '') return null;
  for (const group of text.split(':')) {
    if (group.length === 0) return "empty group (a single ':' at the start or end, or '::' written as ':')";
    if (!/^[0-9A-Fa-f]+$/.test(group)) return `group ${JSON.stringify(group)} is not hexadecimal`;
    if (group.length > 4) return `group ${JSON.stringify(group)} has more than 4 hex digits`;
    groups.push(group.padStart(4, '0'));
  }
  return null;
}

/**
 * Standard RFC 4291 §2.2 text forms, including a dotted IPv4 tail (parsed with the strict IPv4 rules).
 * The deprecated IPv4-compatible form ::a.b.c.d is refused: other parsers silently rewrite it to the
 * mapped form, which changes its meaning.
 */
export function parseIpv6Value(text: string): Inner<bigint> {
  if (text.includes(':::')) return { ok: false, reason: "':::' is not valid (use '::')" };
  const gapAt = text.indexOf('::');
  if (gapAt >= 0 && text.indexOf('::', gapAt + 1) >= 0) {
    return { ok: false, reason: "'::' may appear only once" };
  }

  let body = text;
  let ipv4Tail: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (text.includes('.')) {
    if (text.slice(0, lastColon + 1).includes('.')) {
      return { ok: false, reason: 'an embedded IPv4 address may only be the last part' };
    }
    const ipv4 = parseIpv4Value(tail);
    if (!ipv4.ok) return { ok: false, reason: `embedded IPv4 ${JSON.stringify(tail)}: ${ipv4.reason}` };
    ipv4Tail = ipv4.value;
    // Keep a trailing ':' of '::' intact; drop only the separator before the tail.
    body = text.endsWith(`::${tail}`) ? text.slice(0, lastColon + 1) : text.slice(0, lastColon);
  }

  const gap = body.indexOf('::');
  const head: string[] = [];
  const rest: string[] = [];
  const problem =
    collectGroups(gap >= 0 ? body.slice(0, gap) : body, head) ?? collectGroups(gap >= 0 ? body.slice(gap + 2) : '', rest);
  if (problem !== null) return { ok: false, reason: problem };

  const explicitGroups = head.length + rest.length + (ipv4Tail === null ? 0 : 2);
  if (gap < 0 && explicitGroups !== 8) {
    return { ok: false, reason: `an IPv6 address has 8 groups (or fewer with '::'), found ${explicitGroups}` };
  }
  if (gap >= 0 && explicitGroups > 7) {
    return { ok: false, reason: `too many groups (${explicitGroups}) for an address that uses '::'` };
  }

  // One BigInt parse of the 32 hex digits instead of a shift per group.
  const tailHex = ipv4Tail === null ? '' : ipv4Tail.toString(16).padStart(8, '0');
  const value = BigInt(`0x${head.join('')}${'0000'.repeat(8 - explicitGroups)}${rest.join('')}${tailHex}`);
  if (ipv4Tail !== null && value >> 32n === 0n) {
    return {
      ok: false,
      reason: `IPv4-compatible IPv6 addresses (::a.b.c.d) are deprecated (RFC 4291 §2.5.5.1); write the IPv4 address ${formatIpv4(ipv4Tail)}`,
    };
  }
  return { ok: true, value };
}

/** RFC 5952: lowercase, no leading zeros, longest run (≥ 2) of zero groups as '::', first run on a tie. */
export function formatIpv6(value: bigint): string {
  if (isIpv4MappedValue(value)) return `::ffff:${formatIpv4(mappedToIpv4(value))}`;
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));

  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }

  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
