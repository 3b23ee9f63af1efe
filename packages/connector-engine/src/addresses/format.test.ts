import { describe, expect, it } from 'vitest';
import { formatIpAddress, parseIpAddress } from './ip-address.ts';
import { formatIpRange } from './ip-range.ts';
import type { IpAddress } from './types.ts';

const v6 = (hex: string): IpAddress => ({ family: 6, value: BigInt(`0x${hex}`) });

describe('formatIpAddress — RFC 5952', () => {
  it.each([
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // longest run wins
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'], // …not the earlier single 0
    ['20010db8000000000001000000000000', '2001:db8:0:0:1::'], // equal runs of 2 and 3 → the longer (last)
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // a single zero group is never compressed
    ['20010db800000000ffff000000000001', '2001:db8::ffff:0:0:1'], // tie → first run
    ['00000000000000000000ffff0a000001', '::ffff:10.0.0.1'], // mapped → mixed notation
    ['0000000000000000000000000a000001', '::a00:1'], // IPv4-compatible stays hex
    ['FE800000000000000000000000000001'.toLowerCase(), 'fe80::1'],
    ['ffffffffffffffffffffffffffffffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('%s → %s', (hex, text) => {
    expect(formatIpAddress(v6(hex))).toBe(text);
  });

  it('formats IPv4 dotted decimal', () => {
    expect(formatIpAddress({ family: 4, value: 0n })).toBe('0.0.0.0');
    expect(formatIpAddress({ family: 4, value: 0xffff_ffffn })).toBe('255.255.255.255');
    expect(formatIpAddress({ family: 4, value: 0x0a00_0001n })).toBe('10.0.0.1');
  });

  it('parses every standard IPv6 text form to the same value', () => {
    for (const text of ['2001:db8:0:0:1:0:0:1', '2001:0db8::1:0:0:1', '2001:db8::0001:0:0:1', '2001:DB8:0:0:1::1']) {
      const parsed = parseIpAddress(text);
      expect(parsed.ok && formatIpAddress(parsed.value)).toBe('2001:db8::1:0:0:1');
    }
    const tail = parseIpAddress('64:ff9b::192.0.2.33');
    expect(tail.ok && formatIpAddress(tail.value)).toBe('64:ff9b::c000:221');
    const full = parseIpAddress('1:2:3:4:5:6:1.2.3.4');
    expect(full.ok && formatIpAddress(full.value)).toBe('1:2:3:4:5:6:102:304');
    const trailing = parseIpAddress('1:2:3:4:5:6:7::');
    expect(trailing.ok && formatIpAddress(trailing.value)).toBe('1:2:3:4:5:6:7:0');
  });
});

describe('formatIpRange', () => {
  it('collapses a lo-hi range with equal ends to a single address', () => {
    expect(formatIpRange({ family: 4, start: 5n, end: 5n, form: 'range' })).toBe('0.0.0.5');
  });

  it('derives the prefix when a cidr range carries none', () => {
    expect(formatIpRange({ family: 4, start: 0x0a00_0000n, end: 0x0aff_ffffn, form: 'cidr' })).toBe('10.0.0.0/8');
  });

  it('keeps /32 and /128 in cidr form', () => {
    expect(formatIpRange({ family: 4, start: 1n, end: 1n, form: 'cidr', prefix: 32 })).toBe('0.0.0.1/32');
    expect(formatIpRange({ family: 6, start: 1n, end: 1n, form: 'cidr', prefix: 128 })).toBe('::1/128');
  });
});
