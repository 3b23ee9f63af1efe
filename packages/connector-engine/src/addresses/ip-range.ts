import { canonicalIpAddress, formatIpAddress, parseAddressToken } from './ip-address.ts';
import { formatIpv4, IPV4_MAX } from './ipv4.ts';
import { isIpv4MappedValue, mappedToIpv4 } from './ipv6.ts';
import { blockPrefix, familyBits, familyMax, prefixMask } from './range-math.ts';
import { characterSet, quote, screenText } from './text-screen.ts';
import { accepted, refused, type IpAddress, type IpRange, type Parsed } from './types.ts';

/** Exchange's IPRange input alphabet minus 'x' (hex forms are refused) — see domain reference §7.1. */
const RANGE_CHARACTERS = characterSet('0-9A-Fa-f.:/()\\-');

const MAPPED_PREFIX_BITS = 96;

function familyName(address: IpAddress): string {
  return address.family === 4 ? 'IPv4' : 'IPv6';
}

/**
 * Remote ranges are matched against canonicalised peers (an IPv4 peer is never family 6), so a
 * range lying wholly inside the IPv4-mapped block ::ffff:0:0/96 is stored as the IPv4 range it
 * means, with a warning. A range reaching outside that block stays IPv6.
 */
function canonicalMappedRange(range: IpRange): IpRange | null {
  if (range.family !== 6 || !isIpv4MappedValue(range.start) || !isIpv4MappedValue(range.end)) return null;
  const start = mappedToIpv4(range.start);
  const end = mappedToIpv4(range.end);
  if (range.prefix === undefined) return { family: 4, start, end, form: range.form };
  return { family: 4, start, end, form: range.form, prefix: range.prefix - MAPPED_PREFIX_BITS };
}

function finish(text: string, range: IpRange, hostBitsCleared = false): Parsed<IpRange> {
  const mapped = canonicalMappedRange(range);
  const result = mapped ?? range;
  const warnings: string[] = [];
  if (hostBitsCleared) warnings.push(`${quote(text)} has host bits set; stored as ${formatIpRange(result)}`);
  if (mapped) warnings.push(`${quote(text)} is IPv4-mapped IPv6; stored as ${formatIpRange(result)}`);
  if (result.form === 'single' && result.start === 0n) {
    warnings.push(`${quote(text)} is the unspecified address and matches no real peer`);
  }
  return accepted(result, warnings);
}

function parseSingle(text: string): Parsed<IpRange> {
  const address = parseAddressToken(text);
  if (!address.ok) return address;
  const { family, value } = address.value;
  return finish(text, { family, start: value, end: value, form: 'single' });
}

function parseLoHi(text: string): Parsed<IpRange> {
  const parts = text.split('-');
  if (parts.length !== 2) return refused(`${quote(text)}: a range has exactly one '-' (start-end)`);
  const [startText = '', endText = ''] = parts;
  if (startText === '') return refused(`${quote(text)}: the range start is missing`);
  if (endText === '') return refused(`${quote(text)}: the range end is missing`);
  const startParsed = parseAddressToken(startText);
  if (!startParsed.ok) return startParsed;
  const endParsed = parseAddressToken(endText);
  if (!endParsed.ok) return endParsed;

  let start = startParsed.value;
  let end = endParsed.value;
  // A mapped end written next to an IPv4 end can only mean that IPv4 address.
  if (start.family !== end.family) {
    start = canonicalIpAddress(start);
    end = canonicalIpAddress(end);
  }
  if (start.family !== end.family) {
    return refused(
      `${quote(text)}: both ends of a range must be the same address family (${familyName(start)} and ${familyName(end)})`,
    );
  }
  if (start.value > end.value) {
    return refused(
      `${quote(text)}: the start is after the end (did you mean ${formatIpAddress(end)}-${formatIpAddress(start)}?)`,
    );
  }
  const form = start.value === end.value ? 'single' : 'range';
  return finish(text, { family: start.family, start: start.value, end: end.value, form });
}

function parsePrefixLength(text: string, prefixText: string, maxBits: number): Parsed<number> {
  if (prefixText === '') return refused(`${quote(text)}: the prefix length after '/' is missing`);
  if (!/^[0-9]+$/.test(prefixText)) {
    return refused(`${quote(text)}: the prefix length ${quote(prefixText)} must be a decimal number`);
  }
  if (prefixText.length > 1 && prefixText.startsWith('0')) {
    return refused(`${quote(text)}: leading zeros are not allowed in the prefix length (${prefixText})`);
  }
  const prefix = prefixText.length > 3 ? Number.POSITIVE_INFINITY : Number.parseInt(prefixText, 10);
  if (prefix > maxBits) {
    return refused(
      `${quote(text)}: prefix length ${prefixText} is out of range (0–${maxBits} for IPv${maxBits === 32 ? 4 : 6})`,
    );
  }
  return accepted(prefix);
}

function parseCidr(text: string): Parsed<IpRange> {
  const parts = text.split('/');
  if (parts.length !== 2) return refused(`${quote(text)}: a CIDR range has exactly one '/' (address/length)`);
  const [addressText = '', prefixText = ''] = parts;
  if (addressText === '') return refused(`${quote(text)}: the address before '/' is missing`);
  const address = parseAddressToken(addressText);
  if (!address.ok) return address;
  const { family, value } = address.value;
  const prefix = parsePrefixLength(text, prefixText, familyBits(family));
  if (!prefix.ok) return prefix;

  const mask = prefixMask(family, prefix.value);
  const start = value & mask;
  const range: IpRange = { family, start, end: start | (mask ^ familyMax(family)), form: 'cidr', prefix: prefix.value };
  return finish(text, range, start !== value);
}

/** The legacy IPv4 'address(netmask)' form; the mask must be contiguous ones. */
function parseNetmask(text: string): Parsed<IpRange> {
  const match = /^([^()]*)\(([^()]*)\)$/.exec(text);
  if (!match) return refused(`${quote(text)}: the netmask form is address(mask), e.g. 192.168.1.0(255.255.255.0)`);
  const [, addressText = '', maskText = ''] = match;
  if (addressText.includes(':') || maskText.includes(':')) {
    return refused(`${quote(text)}: the netmask form is IPv4 only; use CIDR (address/length) for IPv6`);
  }
  if (addressText === '') return refused(`${quote(text)}: the address before '(' is missing`);
  if (maskText === '') return refused(`${quote(text)}: the netmask inside '( )' is missing`);
  const address = parseAddressToken(addressText);
  if (!address.ok) return address;
  const mask = parseAddressToken(maskText);
  if (!mask.ok) return mask;

  const hostBits = mask.value.value ^ IPV4_MAX;
  if ((hostBits & (hostBits + 1n)) !== 0n) {
    return refused(`${quote(text)}: netmask ${maskText} is not contiguous ones (e.g. 255.255.255.0)`);
  }
  const prefix = 32 - (hostBits === 0n ? 0 : hostBits.toString(2).length);
  const start = address.value.value & mask.value.value;
  const range: IpRange = { family: 4, start, end: start | hostBits, form: 'netmask', prefix };
  return finish(text, range, start !== address.value.value);
}

/**
 * One remote range in any of Exchange's four forms: `a`, `lo-hi`, `addr/len`, `a.b.c.d(m.m.m.m)`.
 * Reversed ranges are refused rather than swapped; host bits in CIDR/netmask are cleared with a warning.
 */
export function parseIpRange(text: string): Parsed<IpRange> {
  const screened = screenText(text, 'an IP range', RANGE_CHARACTERS);
  if (screened !== null) return refused(screened);
  const netmask = text.includes('(') || text.includes(')');
  const cidr = text.includes('/');
  const loHi = text.includes('-');
  if ([netmask, cidr, loHi].filter(Boolean).length > 1) {
    return refused(`${quote(text)}: use one form only: address, start-end, address/length or address(mask)`);
  }
  if (netmask) return parseNetmask(text);
  if (cidr) return parseCidr(text);
  if (loHi) return parseLoHi(text);
  return parseSingle(text);
}

function formatPrefixed(range: IpRange, prefix: number): string {
  const network = formatIpAddress({ family: range.family, value: range.start });
  if (range.form === 'netmask' && range.family === 4) return `${network}(${formatIpv4(prefixMask(4, prefix))})`;
  return `${network}/${prefix}`;
}

/** Canonical display per form; a lo-hi range with equal ends collapses to a single address. */
export function formatIpRange(range: IpRange): string {
  const start = formatIpAddress({ family: range.family, value: range.start });
  if (range.form === 'single' || (range.form === 'range' && range.start === range.end)) return start;
  if (range.form === 'cidr' || range.form === 'netmask') {
    const prefix = range.prefix ?? blockPrefix(range);
    if (prefix !== null && blockPrefix(range) === prefix) return formatPrefixed(range, prefix);
  }
  return `${start}-${formatIpAddress({ family: range.family, value: range.end })}`;
}

export function normalizeRange(text: string): Parsed<string> {
  const parsed = parseIpRange(text);
  return parsed.ok ? accepted(formatIpRange(parsed.value), parsed.warnings) : parsed;
}
