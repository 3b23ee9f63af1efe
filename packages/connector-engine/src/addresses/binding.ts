import { formatIpAddress, parseAddressToken } from './ip-address.ts';
import { formatIpv4 } from './ipv4.ts';
import { isIpv4MappedValue, mappedToIpv4 } from './ipv6.ts';
import { characterSet, quote, screenText } from './text-screen.ts';
import { accepted, refused, type Binding, type IpAddress, type Parsed } from './types.ts';

const BINDING_CHARACTERS = characterSet('0-9A-Fa-f.:\\[\\]');
const PORT_MAX = 65535;

/** /^[1-9][0-9]{0,4}$/ then a range check; Number() would accept ' 25', '0x19', '2.5e1' and '' (as 0). */
function parsePort(text: string, portText: string): Parsed<number> {
  if (portText === '') return refused(`${quote(text)}: a port is required after ':'`);
  if (portText === '0') return refused(`${quote(text)}: port 0 is not allowed (it means "any free port")`);
  if (/^0[0-9]+$/.test(portText)) {
    return refused(`${quote(text)}: leading zeros are not allowed in the port (${portText})`);
  }
  if (!/^[1-9][0-9]{0,4}$/.test(portText)) {
    return refused(`${quote(text)}: port ${quote(portText)} must be a whole decimal number from 1 to ${PORT_MAX}`);
  }
  const port = Number.parseInt(portText, 10);
  if (port > PORT_MAX) return refused(`${quote(text)}: port ${portText} is out of range (1–${PORT_MAX})`);
  return accepted(port);
}

/** Exchange refuses these with InvalidBindingAddressSetting: nothing can listen on them. */
function unbindableReason(address: IpAddress): string | null {
  if (address.family === 4 && address.value === 0xffff_ffffn) return 'the broadcast address cannot be bound';
  if (address.family === 4 && address.value >> 28n === 0xen) return 'multicast addresses (224.0.0.0/4) cannot be bound';
  if (address.family === 6 && address.value >> 120n === 0xffn) return 'multicast addresses (ff00::/8) cannot be bound';
  return null;
}

function splitBinding(text: string): Parsed<{ addressText: string; portText: string; bracketed: boolean }> {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return refused(`${quote(text)}: missing ']' after the IPv6 address`);
    if (text[close + 1] !== ':') return refused(`${quote(text)}: expected ':port' after ']'`);
    return accepted({ addressText: text.slice(1, close), portText: text.slice(close + 2), bracketed: true });
  }
  if (text.includes('[') || text.includes(']')) {
    return refused(`${quote(text)}: brackets must enclose the whole IPv6 address, e.g. [2001:db8::10]:25`);
  }
  const colons = text.split(':').length - 1;
  if (colons === 0) return refused(`${quote(text)}: a binding is address:port, e.g. 0.0.0.0:25`);
  if (colons > 1) {
    return refused(`${quote(text)}: an IPv6 address needs brackets in a binding (the port is ambiguous otherwise), e.g. [2001:db8::10]:25`);
  }
  const colon = text.indexOf(':');
  return accepted({ addressText: text.slice(0, colon), portText: text.slice(colon + 1), bracketed: false });
}

/** `a.b.c.d:port` or `[ipv6]:port`; 0.0.0.0 and [::] are the wildcards. */
export function parseBinding(text: string): Parsed<Binding> {
  const screened = screenText(text, 'a binding', BINDING_CHARACTERS);
  if (screened !== null) return refused(screened);
  const split = splitBinding(text);
  if (!split.ok) return split;
  const { addressText, portText, bracketed } = split.value;
  if (addressText === '') return refused(`${quote(text)}: an address is required before ':port'`);

  const address = parseAddressToken(addressText);
  if (!address.ok) return address;
  const { family, value } = address.value;
  if (bracketed && family === 4) {
    return refused(`${quote(text)}: brackets are for IPv6 only; write ${addressText}:${portText || '25'}`);
  }
  if (family === 6 && isIpv4MappedValue(value)) {
    return refused(
      `${quote(text)}: IPv4-mapped addresses cannot be bound; bind IPv4 explicitly (${formatIpv4(mappedToIpv4(value))}:${portText || '25'})`,
    );
  }
  const unbindable = unbindableReason(address.value);
  if (unbindable !== null) return refused(`${quote(text)}: ${unbindable}`);

  const port = parsePort(text, portText);
  if (!port.ok) return port;
  return accepted({ family, address: value, wildcard: value === 0n, port: port.value });
}

export function formatBinding(binding: Binding): string {
  const address = formatIpAddress({ family: binding.family, value: binding.address });
  return binding.family === 4 ? `${address}:${binding.port}` : `[${address}]:${binding.port}`;
}

export type BindingCollision = 'exact' | 'wildcard' | 'none';

/**
 * Domain reference §7.2 rules 1–2: 'exact' = same address and port; 'wildcard' = same family and
 * port with at least one side the wildcard (the two overlap on that family's addresses).
 */
export function bindingsCollide(a: Binding, b: Binding): BindingCollision {
  if (a.family !== b.family || a.port !== b.port) return 'none';
  if (a.address === b.address) return 'exact';
  return a.wildcard || b.wildcard ? 'wildcard' : 'none';
}
