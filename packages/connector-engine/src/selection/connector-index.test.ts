import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpAddress, parseIpAddress } from '../addresses/ip-address.ts';
import { parseIpRange } from '../addresses/ip-range.ts';
import type { IpAddress } from '../addresses/types.ts';
import { ConnectorIndex } from './connector-index.ts';
import { defaultHub01, internetHub01, lanRelay, appRelay, v6Relay } from './scenario-fixtures.ts';
import { selectLinear } from './select-linear.ts';
import type { SelectableConnector } from './types.ts';

function ip(text: string): IpAddress {
  const parsed = parseIpAddress(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const BINDINGS = ['0.0.0.0:25', '10.0.0.10:25', '10.0.0.11:25', '0.0.0.0:587', '[::]:25', '[2001:db8::10]:25', '[::]:587'];
const LOCAL_ENDPOINTS: [string, number][] = [
  ['10.0.0.10', 25],
  ['10.0.0.11', 25],
  ['10.0.0.12', 25],
  ['10.0.0.10', 587],
  ['2001:db8::10', 25],
  ['2001:db8::11', 25],
  ['2001:db8::10', 587],
  ['10.0.0.10', 2525],
];

/** Small address spaces (10.0.0.0/26 and 2001:db8::/122) so ranges nest, overlap, touch and tie often. */
const V4_BASE = 0x0a00_0000n;
const V6_BASE = 0x2001_0db8n << 96n;
const offset = fc.bigInt({ min: 0n, max: 63n });

const v4Range = fc.oneof(
  fc.tuple(offset, offset).map(([a, b]) => `${v4(a < b ? a : b)}-${v4(a < b ? b : a)}`),
  fc.tuple(offset, fc.integer({ min: 26, max: 32 })).map(([a, len]) => `${v4(a)}/${len}`),
  offset.map((a) => v4(a)),
  fc.constant('0.0.0.0-255.255.255.255'),
  fc.constant('10.0.0.0/24'),
);
const v6Range = fc.oneof(
  fc.tuple(offset, offset).map(([a, b]) => `${v6(a < b ? a : b)}-${v6(a < b ? b : a)}`),
  fc.tuple(offset, fc.integer({ min: 122, max: 128 })).map(([a, len]) => `${v6(a)}/${len}`),
  offset.map((a) => v6(a)),
  fc.constant('::/0'),
  fc.constant('::ffff:10.0.0.0/120'),
);

function v4(o: bigint): string {
  return formatIpAddress({ family: 4, value: V4_BASE + o });
}
function v6(o: bigint): string {
  return formatIpAddress({ family: 6, value: V6_BASE + o });
}

const connectorArb = fc.record({
  enabled: fc.integer({ min: 0, max: 4 }).map((n) => n > 0), // mostly enabled
  bindings: fc.subarray(BINDINGS, { minLength: 0, maxLength: 3 }),
  remoteIPRanges: fc.array(fc.oneof(v4Range, v6Range), { minLength: 0, maxLength: 4 }),
});
const configuration = fc
  .array(connectorArb, { minLength: 1, maxLength: 8 })
  .map((list): SelectableConnector[] => list.map((c, i) => ({ id: `c${i}`, name: `C${i}`, ...c })));

/** Probes biased to the edges of the configured ranges (start-1, start, end, end+1), plus the mapped form. */
function probesFor(connectors: SelectableConnector[]): fc.Arbitrary<string> {
  const edges: string[] = [];
  for (const c of connectors) {
    for (const text of c.remoteIPRanges) {
      const parsed = parseIpRange(text);
      if (!parsed.ok) continue;
      const { family, start, end } = parsed.value;
      const max = family === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n;
      for (const value of [start - 1n, start, end, end + 1n]) {
        if (value >= 0n && value <= max) edges.push(formatIpAddress({ family, value }));
      }
    }
  }
  const random = fc.oneof(offset.map(v4), offset.map(v6), offset.map((o) => `::ffff:${v4(o)}`));
  return edges.length > 0 ? fc.oneof(fc.constantFrom(...edges), random) : random;
}

/** The index answers every probe as the plain reference implementation does. */
function agreesWithLinear(connectors: SelectableConnector[], probes: [[string, number], string][]): void {
  const index = ConnectorIndex.build(connectors);
  for (const [[localText, port], remoteText] of probes) {
    const local = ip(localText);
    const remote = ip(remoteText);
    const expected = selectLinear(connectors, local, port, remote).connector?.id ?? null;
    expect(index.lookup(local, port, remote)?.id ?? null, `${remoteText} → ${localText}:${port}`).toBe(expected);
  }
}

describe('ConnectorIndex', () => {
  it('agrees with selectLinear on random configurations (fast-check)', () => {
    fc.assert(
      fc.property(
        configuration.chain((connectors) =>
          fc.tuple(fc.constant(connectors), fc.array(fc.tuple(fc.constantFrom(...LOCAL_ENDPOINTS), probesFor(connectors)), { minLength: 1, maxLength: 40 })),
        ),
        ([connectors, probes]) => agreesWithLinear(connectors, probes),
      ),
      { numRuns: 1500 },
    );
  });

  it('flattens nested ranges into segments owned by the most specific connector', () => {
    const index = ConnectorIndex.build([defaultHub01, lanRelay, appRelay]);
    const at = (remote: string) => index.lookup(ip('10.0.0.10'), 25, ip(remote))?.name ?? null;
    expect(at('9.255.255.255')).toBe('Default HUB01');
    expect(at('10.0.0.0')).toBe('LAN Relay');
    expect(at('10.0.0.49')).toBe('LAN Relay');
    expect(at('10.0.0.50')).toBe('AppRelay');
    expect(at('10.0.0.51')).toBe('LAN Relay');
    expect(at('10.0.0.255')).toBe('LAN Relay');
    expect(at('10.0.1.0')).toBe('Default HUB01');
    expect(at('255.255.255.255')).toBe('Default HUB01');
    expect(at('0.0.0.0')).toBe('Default HUB01');
    expect(at('2001:db8::1')).toBeNull();
  });

  it('handles the extremes of the IPv6 space', () => {
    const all6 = { ...v6Relay, remoteIPRanges: ['::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'] };
    const index = ConnectorIndex.build([all6, { ...v6Relay, id: 'x', name: 'Tail', remoteIPRanges: ['ffff::/16'] }]);
    const at = (remote: string) => index.lookup(ip('2001:db8::10'), 25, ip(remote))?.name ?? null;
    expect(at('::')).toBe('V6 Relay');
    expect(at('fffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe('V6 Relay');
    expect(at('ffff::')).toBe('Tail');
    expect(at('ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe')).toBe('Tail');
    expect(at('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe('V6 Relay');
  });

  it('reports whether anything listens on a local endpoint', () => {
    const index = ConnectorIndex.build([defaultHub01, internetHub01, { ...v6Relay, remoteIPRanges: [] }]);
    expect(index.isListening(ip('10.0.0.99'), 25)).toBe(true);
    expect(index.isListening(ip('10.0.0.11'), 587)).toBe(false);
    expect(index.isListening(ip('2001:db8::99'), 25)).toBe(true);
    expect(index.isListening(ip('2001:db8::99'), 587)).toBe(false);
  });

  it('agrees with selectLinear on large configurations, where tables search by radix bucket first (fast-check)', () => {
    // Over a thousand segments per table switch SegmentTable to its radix buckets, which small configurations never
    // reach. Ranges spread over 10.0.0.0/12 and 2001:db8::/32 (with an IPv4 /0, ::/0 and some IPv6 outside the
    // shared prefix), so buckets are both full and empty and probes fall inside and outside the prefix.
    const largeConfiguration = fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((seed): SelectableConnector[] => {
      let state = seed;
      const next = (n: number) => {
        state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
        return Math.floor((state / 2 ** 32) * n);
      };
      const v4Range = () => {
        const base = 0x0a00_0000 + next(1 << 20);
        const prefix = 14 + next(19);
        const mask = prefix === 0 ? 0 : (0xffff_ffff << (32 - prefix)) >>> 0;
        return `${v4(BigInt((base & mask) >>> 0))}/${prefix}`;
      };
      const v6Range = () => {
        const value = V6_BASE | (BigInt(next(1 << 16)) << 80n) | (BigInt(next(1 << 16)) << 64n) | BigInt(next(2 ** 30));
        const prefix = 40 + next(89);
        const mask = ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
        return next(20) === 0 ? `${v6((0x2002n << 112n) | BigInt(next(1000)))}/120` : `${v6(value & mask)}/${prefix}`;
      };
      return Array.from({ length: 900 }, (_, i) => ({
        id: `c${i}`,
        name: `C${i}`,
        enabled: next(30) > 0,
        bindings: i % 4 === 0 ? ['10.0.0.10:25', '[2001:db8::10]:25'] : ['0.0.0.0:25', '[::]:25'],
        remoteIPRanges: i === 0 ? ['0.0.0.0/0', '::/0'] : [v4Range(), v4Range(), v4Range(), v6Range(), v6Range()],
      }));
    });
    fc.assert(
      fc.property(
        largeConfiguration.chain((connectors) => fc.tuple(fc.constant(connectors), fc.array(fc.tuple(fc.constantFrom(...LOCAL_ENDPOINTS), probesFor(connectors)), { minLength: 50, maxLength: 50 }))),
        ([connectors, probes]) => agreesWithLinear(connectors, probes),
      ),
      { numRuns: 8 },
    );
  });

  it('compiles 50,000 ranges without blowing up, including IPv6 /64s that share their low 64 bits', () => {
    // A Map keyed by these bigints degrades to a linear scan in V8 (they hash alike); see key-space.ts.
    const connectors: SelectableConnector[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `c${i}`,
      name: `C${i}`,
      enabled: true,
      bindings: [i % 3 === 0 ? '10.0.0.10:25' : '0.0.0.0:25', '[::]:25'],
      remoteIPRanges: [
        ...Array.from({ length: 3 }, (_, j) => `10.${(i >> 8) & 255}.${i & 255}.${j * 32}/${27 + (j % 3)}`),
        `2001:db8:${i.toString(16)}::/64`,
        `2001:db8:${i.toString(16)}:1::/64`,
      ],
    }));
    const started = Date.now();
    const index = ConnectorIndex.build(connectors);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(index.lookup(ip('2001:db8::10'), 25, ip('2001:db8:2a:1::7'))?.id).toBe('c42');
    expect(index.lookup(ip('10.0.0.10'), 25, ip('10.0.3.33'))?.id).toBe('c3');
  });
});
