/**
 * Table-driven check of every input row of the bad-input catalogue
 * (quality/security-reliability-performance.md §3.1–3.4) and scenario S23.
 * A row either accepts (canonical form, optional warning fragment) or refuses (reason fragment).
 */
import { describe, expect, it } from 'vitest';
import { formatBinding, parseBinding } from './binding.ts';
import { formatIpAddress, parseIpAddress } from './ip-address.ts';
import { normalizeRange } from './ip-range.ts';

type Row =
  | { input: string; accept: string; warning?: string }
  | { input: string; refuse: string };

function check(row: Row, parse: (text: string) => { ok: true; value: string; warnings: string[] } | { ok: false; error: string }) {
  const result = parse(row.input);
  if ('accept' in row) {
    expect(result, `expected ${JSON.stringify(row.input)} to be accepted`).toMatchObject({ ok: true, value: row.accept });
    if (result.ok) {
      if (row.warning === undefined) expect(result.warnings).toEqual([]);
      else expect(result.warnings.join(' | ')).toContain(row.warning);
    }
  } else {
    expect(result.ok, `expected ${JSON.stringify(row.input)} to be refused`).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain(row.refuse);
      expect(result.error.length).toBeLessThan(400);
    }
  }
}

const address = (text: string) => {
  const r = parseIpAddress(text);
  return r.ok ? { ok: true as const, value: formatIpAddress(r.value), warnings: r.warnings } : r;
};
const binding = (text: string) => {
  const r = parseBinding(text);
  return r.ok ? { ok: true as const, value: formatBinding(r.value), warnings: r.warnings } : r;
};

const ipv4Rows: Row[] = [
  { input: '10.0.0.1', accept: '10.0.0.1' },
  { input: '010.1.1.1', refuse: '"010.1.1.1": leading zeros are not allowed (010 could be read as octal)' },
  { input: '10.0.0.01', refuse: 'leading zeros are not allowed (01' },
  { input: '1.2.3', refuse: 'exactly four decimal octets' },
  { input: '127.1', refuse: 'exactly four decimal octets' },
  { input: '1.2', refuse: 'exactly four decimal octets' },
  { input: '1', refuse: 'exactly four decimal octets' },
  { input: '0x7f.1', refuse: 'hexadecimal' },
  { input: '0x7f.0.0.1', refuse: 'hexadecimal' },
  { input: '0177.0.0.1', refuse: 'leading zeros' },
  { input: '4294967295', refuse: 'exactly four decimal octets' },
  { input: '256.1.1.1', refuse: 'octet 256 is greater than 255' },
  { input: '1.2.3.4.5', refuse: 'exactly four decimal octets, found 5' },
  { input: ' 1.2.3.4', refuse: '" 1.2.3.4": whitespace is not allowed' },
  { input: '1.2.3.4 ', refuse: 'whitespace is not allowed' },
  { input: '1.2.3.4\n', refuse: '"1.2.3.4\\n": whitespace' },
  { input: '１.２.３.４', refuse: 'character "１" (U+FF11) is not allowed' },
  { input: '', refuse: '"": an IP address is required' },
  { input: '1'.repeat(100_000), refuse: 'input is too long (100000 characters' },
  { input: '0.0.0.0', accept: '0.0.0.0' },
];

const ipv6Rows: Row[] = [
  { input: '2001:DB8::1', accept: '2001:db8::1' },
  { input: '2001:db8:0:0:0:0:0:1', accept: '2001:db8::1' },
  { input: '::ffff:10.0.0.1', accept: '10.0.0.1', warning: 'IPv4-mapped' },
  { input: '::10.0.0.1', refuse: 'IPv4-compatible IPv6 addresses (::a.b.c.d) are deprecated' },
  { input: '::ffff:010.0.0.1', refuse: 'leading zeros are not allowed (010 could be read as octal)' },
  { input: 'fe80::1%eth0', refuse: 'zone ids ("%eth0") are not allowed' },
  { input: 'fe80::1%25eth0', refuse: 'zone ids ("%25eth0")' },
  { input: 'fe80::1%en-0', refuse: 'zone ids' },
  { input: 'fe80::39bd:88f7:6969:d223%11', refuse: 'zone ids ("%11")' },
  { input: '[2001:db8::1]', refuse: 'brackets belong to bindings only' },
  { input: '2001:db8::1::1', refuse: "'::' may appear only once" },
  { input: '1:2:3:4:5:6:7:8:9', refuse: 'found 9' },
  { input: '2001:db8::12345', refuse: 'group "12345" has more than 4 hex digits' },
  { input: '1:2:3:4:5:6:7::8', refuse: 'too many groups' },
  { input: '2001:db8::g', refuse: 'character "g"' },
  { input: ':::', refuse: "':::'" },
  { input: '1::2:', refuse: 'empty group' },
  { input: '1.2.3.4::', refuse: 'embedded IPv4 address may only be the last part' },
];

const rangeRows: Row[] = [
  { input: '192.168.1.1-192.168.1.254', accept: '192.168.1.1-192.168.1.254' },
  { input: '192.168.1.10-192.168.1.1', refuse: 'the start is after the end' },
  { input: '10.0.0.1-10.0.0.1', accept: '10.0.0.1' },
  { input: '10.0.0.0-10.0.0.255', accept: '10.0.0.0-10.0.0.255' },
  { input: '10.0.0.1-2001:db8::1', refuse: 'same address family (IPv4 and IPv6)' },
  { input: '10.0.0.1 - 10.0.0.5', refuse: 'whitespace is not allowed' },
  { input: '10.0.0.1-', refuse: 'the range end is missing' },
  { input: '-10.0.0.1', refuse: 'the range start is missing' },
  { input: '10.0.0.1-10.0.0.2-10.0.0.3', refuse: "exactly one '-'" },
  { input: '10.0.0.0/8', accept: '10.0.0.0/8' },
  { input: '10.0.0.0/33', refuse: 'prefix length 33 is out of range (0–32 for IPv4)' },
  { input: '2001:db8::/129', refuse: 'prefix length 129 is out of range (0–128 for IPv6)' },
  { input: '10.0.0.0/-1', refuse: 'use one form only' },
  { input: '10.0.0.0/', refuse: "prefix length after '/' is missing" },
  { input: '10.0.0.0/ 8', refuse: 'whitespace is not allowed' },
  { input: '10.0.0.1/24', accept: '10.0.0.0/24', warning: '"10.0.0.1/24" has host bits set; stored as 10.0.0.0/24' },
  { input: '10.0.0.0/08', refuse: 'leading zeros are not allowed in the prefix length (08)' },
  { input: '010.0.0.0/8', refuse: '"010.0.0.0": leading zeros' },
  { input: '0.0.0.0/0', accept: '0.0.0.0/0' },
  { input: '::/0', accept: '::/0' },
  { input: '::ffff:10.0.0.0/104', accept: '10.0.0.0/8', warning: 'IPv4-mapped' },
  { input: '/8', refuse: "the address before '/' is missing" },
  { input: '10.0.0.0/8/8', refuse: "exactly one '/'" },
  { input: '10.0.0.0/99999999999', refuse: 'out of range' },
  { input: '0.0.0.0', accept: '0.0.0.0', warning: 'matches no real peer' },
  { input: '0.0.0.0-255.255.255.255', accept: '0.0.0.0-255.255.255.255' },
  { input: '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', accept: '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' },
  { input: '2001:0DB8::CD3/60', accept: '2001:db8::/60', warning: 'host bits' },
  { input: '10.0.0.x', refuse: 'hexadecimal' },
  { input: '10.0.0.1;rm', refuse: 'character ";"' },
  { input: '10.0.0.0(255.0.255.0)', refuse: 'not contiguous ones' },
  { input: '2001:db8::(ffff::)', refuse: 'netmask form is IPv4 only' },
  { input: '10.0.0.0(255.0.0.0', refuse: 'address(mask)' },
  { input: '10.0.0.1(255.0.0.0)', accept: '10.0.0.0(255.0.0.0)', warning: 'host bits' },
  { input: '0.0.0.0(0.0.0.0)', accept: '0.0.0.0(0.0.0.0)' },
  { input: '::ffff:10.0.0.1-::ffff:10.0.0.9', accept: '10.0.0.1-10.0.0.9', warning: 'IPv4-mapped' },
  { input: '10.0.0.1-::ffff:10.0.0.9', accept: '10.0.0.1-10.0.0.9' },
  { input: '::fffe:0:0-::ffff:10.0.0.9', accept: '::fffe:0:0-::ffff:10.0.0.9' },
  { input: '::ffff:0:0/95', accept: '::fffe:0:0/95', warning: 'host bits' },
  { input: 'fe80::1/64', accept: 'fe80::/64', warning: 'host bits' },
];

const scenarioS23: Row[] = [
  { input: '10.0.0.1/33', refuse: 'prefix length 33 is out of range' },
  { input: '10.0.0.9-2001:db8::1', refuse: 'same address family' },
  { input: '192.168.1.1/24', accept: '192.168.1.0/24', warning: '"192.168.1.1/24" has host bits set; stored as 192.168.1.0/24' },
  { input: '192.168.1.0(255.255.255.0)', accept: '192.168.1.0(255.255.255.0)' },
];

const bindingRows: Row[] = [
  { input: '0.0.0.0:25', accept: '0.0.0.0:25' },
  { input: '[::]:25', accept: '[::]:25' },
  { input: '[::]:587', accept: '[::]:587' },
  { input: '10.0.0.5:2525', accept: '10.0.0.5:2525' },
  { input: '[2001:DB8:0::10]:25', accept: '[2001:db8::10]:25' },
  { input: ':25', refuse: 'an address is required' },
  { input: '1.2.3.4:0', refuse: 'port 0 is not allowed' },
  { input: '1.2.3.4:65536', refuse: 'port 65536 is out of range' },
  { input: '1.2.3.4:65535', accept: '1.2.3.4:65535' },
  { input: '1.2.3.4:025', refuse: 'leading zeros are not allowed in the port (025)' },
  { input: '1.2.3.4:+25', refuse: 'character "+"' },
  { input: '1.2.3.4: 25', refuse: 'whitespace' },
  { input: '1.2.3.4:25.0', refuse: 'must be a whole decimal number' },
  { input: '1.2.3.4:0x19', refuse: 'hexadecimal' },
  { input: '1.2.3.4:2.5e1', refuse: 'must be a whole decimal number' },
  { input: '1.2.3.4:', refuse: 'a port is required' },
  { input: '1.2.3.4:999999', refuse: 'must be a whole decimal number' },
  { input: '1.2.3.4', refuse: 'address:port' },
  { input: '::1:25', refuse: 'needs brackets' },
  { input: '[fe80::1%eth0]:25', refuse: 'zone ids' },
  { input: '010.1.1.1:25', refuse: 'leading zeros' },
  { input: '0x7f.1:25', refuse: 'hexadecimal' },
  { input: '１.２.３.４:25', refuse: 'character "１"' },
  { input: '[::ffff:10.0.0.1]:25', refuse: 'bind IPv4 explicitly (10.0.0.1:25)' },
  { input: '[10.0.0.1]:25', refuse: 'brackets are for IPv6 only' },
  { input: '[::1]25', refuse: "expected ':port' after ']'" },
  { input: '[::1:25', refuse: "missing ']'" },
  { input: '224.0.0.1:25', refuse: 'multicast' },
  { input: '239.255.255.255:25', refuse: 'multicast' },
  { input: '[ff02::1]:25', refuse: 'multicast' },
  { input: '255.255.255.255:25', refuse: 'broadcast' },
  { input: '', refuse: 'a binding is required' },
  { input: '[::10.0.0.1]:25', refuse: 'IPv4-compatible' },
];

describe('bad-input catalogue §3.1 — single IPv4 addresses', () => {
  it.each(ipv4Rows)('$input', (row) => check(row, address));
});

describe('bad-input catalogue §3.2 — IPv6 addresses', () => {
  it.each(ipv6Rows)('$input', (row) => check(row, address));
});

describe('bad-input catalogue §3.1–3.2 rows as remote ranges', () => {
  const asRange = (row: Row): Row => {
    if (row.input === '0.0.0.0') return { input: row.input, accept: '0.0.0.0', warning: 'matches no real peer' };
    if (row.input === '') return { input: '', refuse: '"": an IP range is required' };
    return row;
  };
  it.each([...ipv4Rows, ...ipv6Rows].map(asRange))('$input', (row) => check(row, normalizeRange));
});

describe('bad-input catalogue §3.3 — ranges and CIDR', () => {
  it.each(rangeRows)('$input', (row) => check(row, normalizeRange));
});

describe('scenario S23 — RemoteIPRanges parsing', () => {
  it.each(scenarioS23)('$input', (row) => check(row, normalizeRange));
});

describe('bad-input catalogue §3.4 — bindings', () => {
  it.each(bindingRows)('$input', (row) => check(row, binding));
});
