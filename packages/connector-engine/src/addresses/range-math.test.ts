import { describe, expect, it } from 'vitest';
import { bindingsCollide, parseBinding } from './binding.ts';
import { parseIpAddress } from './ip-address.ts';
import { parseIpRange } from './ip-range.ts';
import {
  ALL_IPV4_RANGE,
  ALL_IPV6_RANGE,
  isAllIPv4,
  isAllIPv6,
  rangeContainsAddress,
  rangeRelation,
  rangeSize,
} from './range-math.ts';
import type { Binding, IpAddress, IpRange } from './types.ts';

function range(text: string): IpRange {
  const parsed = parseIpRange(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
function address(text: string): IpAddress {
  const parsed = parseIpAddress(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
function binding(text: string): Binding {
  const parsed = parseBinding(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('range arithmetic', () => {
  it('sizes are bigint and exact up to 2^128', () => {
    expect(rangeSize(range('10.0.0.50'))).toBe(1n);
    expect(rangeSize(range('10.0.0.0/24'))).toBe(256n);
    expect(rangeSize(range('0.0.0.0-255.255.255.255'))).toBe(2n ** 32n);
    expect(rangeSize(range('::/0'))).toBe(2n ** 128n);
    expect(rangeSize(range('192.168.1.0(255.255.255.0)'))).toBe(256n);
  });

  it('contains addresses of its own family only', () => {
    expect(rangeContainsAddress(range('10.0.0.0/24'), address('10.0.0.255'))).toBe(true);
    expect(rangeContainsAddress(range('10.0.0.0/24'), address('10.0.1.0'))).toBe(false);
    expect(rangeContainsAddress(range('::/0'), address('10.0.0.1'))).toBe(false);
    expect(rangeContainsAddress(range('10.0.0.0/8'), address('::ffff:10.0.0.1'))).toBe(true);
  });

  it('relates ranges', () => {
    expect(rangeRelation(range('10.0.0.0/24'), range('10.0.0.0-10.0.0.255'))).toBe('equal');
    expect(rangeRelation(range('10.0.0.0/24'), range('10.0.0.50'))).toBe('contains');
    expect(rangeRelation(range('10.0.0.50'), range('10.0.0.0/24'))).toBe('within');
    expect(rangeRelation(range('10.0.0.0/24'), range('10.0.0.128-10.0.1.10'))).toBe('partial');
    expect(rangeRelation(range('10.0.0.0/24'), range('10.0.1.0/24'))).toBe('disjoint');
    expect(rangeRelation(range('0.0.0.0/0'), range('::/0'))).toBe('disjoint');
  });

  it('recognises the whole-family ranges in any form', () => {
    expect(isAllIPv4(range('0.0.0.0-255.255.255.255'))).toBe(true);
    expect(isAllIPv4(range('0.0.0.0/0'))).toBe(true);
    expect(isAllIPv4(range('0.0.0.0(0.0.0.0)'))).toBe(true);
    expect(isAllIPv4(range('::ffff:0:0/96'))).toBe(true);
    expect(isAllIPv4(range('0.0.0.0/1'))).toBe(false);
    expect(isAllIPv6(range('::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'))).toBe(true);
    expect(isAllIPv6(range('::/0'))).toBe(true);
    expect(isAllIPv6(ALL_IPV4_RANGE)).toBe(false);
    expect(isAllIPv4(ALL_IPV4_RANGE) && isAllIPv6(ALL_IPV6_RANGE)).toBe(true);
  });
});

describe('bindingsCollide — §7.2 rules 1–2', () => {
  it.each([
    ['0.0.0.0:25', '0.0.0.0:25', 'exact'],
    ['10.0.0.10:25', '10.0.0.10:25', 'exact'],
    ['[::]:25', '[0:0:0:0:0:0:0:0]:25', 'exact'],
    ['0.0.0.0:25', '10.0.0.11:25', 'wildcard'],
    ['10.0.0.11:25', '0.0.0.0:25', 'wildcard'],
    ['[::]:25', '[2001:db8::10]:25', 'wildcard'],
    ['10.0.0.10:25', '10.0.0.11:25', 'none'],
    ['0.0.0.0:25', '0.0.0.0:587', 'none'],
    ['0.0.0.0:25', '[::]:25', 'none'],
    ['0.0.0.0:25', '[2001:db8::10]:25', 'none'],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(bindingsCollide(binding(a), binding(b))).toBe(expected);
  });
});

/**
 * S18–S20 expressed with the two primitives the uniqueness rule is built from (§7.2 rules 4–6):
 * exact collision → conflict on equal or partial; wildcard overlap → conflict on partial only.
 */
describe('uniqueness primitives — scenarios S18–S20', () => {
  function conflicts(aBinding: string, aRange: string, bBinding: string, bRange: string): boolean {
    const collision = bindingsCollide(binding(aBinding), binding(bBinding));
    const relation = rangeRelation(range(aRange), range(bRange));
    if (collision === 'exact') return relation === 'equal' || relation === 'partial';
    if (collision === 'wildcard') return relation === 'partial';
    return false;
  }

  it('S18: partial overlap on the same binding conflicts', () => {
    expect(conflicts('0.0.0.0:25', '10.0.0.0/24', '0.0.0.0:25', '10.0.0.128-10.0.1.10')).toBe(true);
  });

  it('S19: equal range on the same binding conflicts; a contained range does not', () => {
    expect(conflicts('0.0.0.0:25', '10.0.0.0/24', '0.0.0.0:25', '10.0.0.0/24')).toBe(true);
    expect(conflicts('0.0.0.0:25', '10.0.0.0/24', '0.0.0.0:25', '10.0.0.64-10.0.0.127')).toBe(false);
    expect(conflicts('0.0.0.0:25', '0.0.0.0-255.255.255.255', '0.0.0.0:25', '10.0.0.64-10.0.0.127')).toBe(false);
  });

  it('S20: the same range is tolerated when one binding is the wildcard', () => {
    expect(
      conflicts('0.0.0.0:25', '0.0.0.0-255.255.255.255', '10.0.0.11:25', '0.0.0.0-255.255.255.255'),
    ).toBe(false);
  });
});
