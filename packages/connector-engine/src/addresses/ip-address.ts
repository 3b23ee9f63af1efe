import { formatIpv4, parseIpv4Value } from './ipv4.ts';
import { formatIpv6, isIpv4MappedValue, mappedToIpv4, parseIpv6Value } from './ipv6.ts';
import { characterSet, quote, screenText } from './text-screen.ts';
import { accepted, refused, type IpAddress, type Parsed } from './types.ts';

const ADDRESS_CHARACTERS = characterSet('0-9A-Fa-f.:');

/**
 * Parses one address token exactly as written: no IPv4-mapped canonicalisation, no warnings.
 * Errors name the token. Used by the range and binding parsers, which decide about mapped forms.
 */
export function parseAddressToken(token: string): Parsed<IpAddress> {
  const screened = screenText(token, 'an IP address', ADDRESS_CHARACTERS);
  if (screened !== null) return refused(screened);
  const ipv6 = token.includes(':');
  const parsed = ipv6 ? parseIpv6Value(token) : parseIpv4Value(token);
  if (!parsed.ok) return refused(`${quote(token)}: ${parsed.reason}`);
  return accepted({ family: ipv6 ? 6 : 4, value: parsed.value });
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) becomes its IPv4 address; everything else is unchanged. */
export function canonicalIpAddress(address: IpAddress): IpAddress {
  return address.family === 6 && isIpv4MappedValue(address.value)
    ? { family: 4, value: mappedToIpv4(address.value) }
    : address;
}

/**
 * Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d, so a mapped address is accepted and
 * canonicalised to family 4: it then matches IPv4 ranges, never IPv6 ones. As a consequence a
 * family-6 IpAddress inside ::ffff:0:0/96 is never produced by this parser.
 */
export function parseIpAddress(text: string): Parsed<IpAddress> {
  const parsed = parseAddressToken(text);
  if (!parsed.ok) return parsed;
  const canonical = canonicalIpAddress(parsed.value);
  if (canonical === parsed.value) return parsed;
  return accepted(canonical, [
    `${quote(text)} is an IPv4-mapped IPv6 address; treated as ${formatIpAddress(canonical)}`,
  ]);
}

/** IPv4 dotted decimal; IPv6 in RFC 5952 form (mapped addresses as ::ffff:a.b.c.d). */
export function formatIpAddress(address: IpAddress): string {
  return address.family === 4 ? formatIpv4(address.value) : formatIpv6(address.value);
}
