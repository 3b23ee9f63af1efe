import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { parseBinding, formatBinding } from './binding.ts';
import { canonicalIpAddress, formatIpAddress, parseIpAddress } from './ip-address.ts';
import { formatIpRange, normalizeRange, parseIpRange } from './ip-range.ts';
import { isIpv4MappedValue } from './ipv6.ts';
import { prefixMask, familyMax } from './range-math.ts';
import type { Family, IpAddress, IpRange } from './types.ts';

const IPV4_MAX = 2n ** 32n - 1n;

/** IPv6 values with plenty of zero groups, so '::' compression is exercised. */
const ipv6Value = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
  fc
    .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
    .map((groups) => groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)),
  fc.bigInt({ min: 0n, max: IPV4_MAX }).map((v) => (0xffffn << 32n) | v), // IPv4-mapped
);
const ipv4Value = fc.bigInt({ min: 0n, max: IPV4_MAX });

const ipAddress: fc.Arbitrary<IpAddress> = fc.oneof(
  ipv4Value.map((value) => ({ family: 4 as const, value })),
  ipv6Value.map((value) => ({ family: 6 as const, value })),
);

function valueOf(family: Family): fc.Arbitrary<bigint> {
  return family === 4 ? ipv4Value : ipv6Value;
}

const ipRange: fc.Arbitrary<IpRange> = fc.constantFrom<Family>(4, 6).chain((family) =>
  fc.oneof(
    valueOf(family).map((v): IpRange => ({ family, start: v, end: v, form: 'single' })),
    fc
      .tuple(valueOf(family), valueOf(family))
      .filter(([a, b]) => a !== b)
      .map(([a, b]): IpRange => ({ family, start: a < b ? a : b, end: a < b ? b : a, form: 'range' })),
    fc.tuple(valueOf(family), fc.integer({ min: 0, max: family === 4 ? 32 : 128 })).map(([v, prefix]): IpRange => {
      const start = v & prefixMask(family, prefix);
      return { family, start, end: start | (familyMax(family) ^ prefixMask(family, prefix)), form: 'cidr', prefix };
    }),
    ...(family === 4
      ? [
          fc.tuple(ipv4Value, fc.integer({ min: 0, max: 32 })).map(([v, prefix]): IpRange => {
            const start = v & prefixMask(4, prefix);
            return { family: 4, start, end: start | (IPV4_MAX ^ prefixMask(4, prefix)), form: 'netmask', prefix };
          }),
        ]
      : []),
  ),
);

/** What the parser is documented to store for a range lying wholly in ::ffff:0:0/96. */
function expectedCanonicalRange(range: IpRange): IpRange {
  if (range.family !== 6 || !isIpv4MappedValue(range.start) || !isIpv4MappedValue(range.end)) return range;
  const mask = IPV4_MAX;
  const mapped: IpRange = { family: 4, start: range.start & mask, end: range.end & mask, form: range.form };
  return range.prefix === undefined ? mapped : { ...mapped, prefix: range.prefix - 96 };
}

describe('round trips (fast-check)', () => {
  it('parseIpAddress(formatIpAddress(x)) = x (mapped IPv6 comes back as its IPv4 address)', () => {
    fc.assert(
      fc.property(ipAddress, (address) => {
        const parsed = parseIpAddress(formatIpAddress(address));
        expect(parsed.ok && parsed.value).toEqual(canonicalIpAddress(address));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseIpRange(formatIpRange(r)) = r for every form', () => {
    fc.assert(
      fc.property(ipRange, (range) => {
        const parsed = parseIpRange(formatIpRange(range));
        expect(parsed.ok && parsed.value).toEqual(expectedCanonicalRange(range));
      }),
      { numRuns: 3000 },
    );
  });

  it('IPv6 formatting agrees with an independent RFC 5952 formatter (outside the mapped block)', () => {
    fc.assert(
      fc.property(ipv6Value, (value) => {
        fc.pre(!isIpv4MappedValue(value));
        const bytes = Array.from({ length: 16 }, (_, i) => Number((value >> BigInt(8 * (15 - i))) & 0xffn));
        expect(formatIpAddress({ family: 6, value })).toBe(new ipaddr.IPv6(bytes).toRFC5952String());
      }),
      { numRuns: 2000 },
    );
  });

  it('bindings round-trip', () => {
    const binding = fc.tuple(ipAddress, fc.integer({ min: 1, max: 65535 })).filter(([a]) => {
      const multicast = a.family === 4 ? a.value >> 28n === 0xen || a.value === IPV4_MAX : a.value >> 120n === 0xffn;
      return !multicast && !(a.family === 6 && isIpv4MappedValue(a.value));
    });
    fc.assert(
      fc.property(binding, ([address, port]) => {
        const text = formatBinding({ family: address.family, address: address.value, wildcard: address.value === 0n, port });
        const parsed = parseBinding(text);
        expect(parsed.ok && formatBinding(parsed.value)).toBe(text);
      }),
    );
  });
});

describe('strictness (fast-check)', () => {
  const addressish = fc.string({ unit: fc.constantFrom(...'0123456789.:abfxX/-() %[]'.split('')), maxLength: 24 });

  it('never throws, and a canonical form is a fixed point', () => {
    fc.assert(
      fc.property(fc.oneof(addressish, fc.string({ unit: 'grapheme', maxLength: 30 })), (text) => {
        const normalized = normalizeRange(text);
        if (normalized.ok) expect(normalizeRange(normalized.value)).toMatchObject({ ok: true, value: normalized.value });
        else expect(normalized.error.startsWith('"')).toBe(true);
        parseBinding(text);
      }),
      { numRuns: 5000 },
    );
  });

  it('the only accepted spelling of an IPv4 address is its canonical dotted form', () => {
    const ipv4ish = fc.string({ unit: fc.constantFrom(...'0123456789.'.split('')), maxLength: 16 });
    fc.assert(
      fc.property(ipv4ish, (text) => {
        const parsed = parseIpAddress(text);
        if (parsed.ok) expect(formatIpAddress(parsed.value)).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });
});
