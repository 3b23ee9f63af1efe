import { rangeSize } from '../addresses/range-math.ts';
import type { Family, IpRange } from '../addresses/types.ts';
import { keyIpv4Ranges, keyIpv6Ranges, type KeyedBounds } from './key-space.ts';
import type { PreparedConnector } from './prepared-connector.ts';
import type { KeyedRanges } from './segment-table.ts';

export interface PerFamily<T> {
  v4: T;
  v6: T;
}

export function byFamily<T>(family: Family, pair: PerFamily<T>): T {
  return family === 4 ? pair.v4 : pair.v6;
}

/** A size as a Map key: the number itself up to 2^53 (every IPv4 size), hex text beyond (bigint keys hash badly in V8). */
function sizeKey(size: bigint): number | string {
  return size <= 2n ** 53n ? Number(size) : size.toString(16);
}

/**
 * Each range's size rank among all distinct sizes, IPv4 ranges first then IPv6, so size
 * comparisons become integer comparisons. IPv4 sizes come from the keys (exact doubles).
 */
function sizeRanks(ipv4: KeyedBounds, ipv6: IpRange[]): Uint32Array {
  const keys: (number | string)[] = [];
  const distinct = new Map<number | string, bigint>();
  const add = (key: number | string, size: () => bigint) => {
    keys.push(key);
    if (!distinct.has(key)) distinct.set(key, size());
  };
  ipv4.starts.forEach((start, i) => {
    const size = (ipv4.ends[i] as number) - start;
    add(size, () => BigInt(size));
  });
  for (const range of ipv6) {
    const size = rangeSize(range);
    add(sizeKey(size), () => size);
  }
  const sorted = [...distinct.entries()].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rankOf = new Map(sorted.map(([key], rank) => [key, rank]));
  const ranks = new Uint32Array(keys.length);
  keys.forEach((key, i) => {
    ranks[i] = rankOf.get(key) ?? 0;
  });
  return ranks;
}

/** Positions [from, to) of one connector's ranges in a family's KeyedRanges (they are contiguous). */
export interface Slice {
  from: number;
  to: number;
}

export interface IndexRanges {
  ranges: PerFamily<KeyedRanges>;
  /** Same positions as the prepared connectors; empty slices for connectors that do not participate. */
  byConnector: PerFamily<Slice>[];
}

/**
 * Every participating range put into key space once, in registration order (connector order, then
 * range order), so a position in a family's arrays doubles as the first-registered tie-break.
 */
export function keyIndexRanges(prepared: PreparedConnector[]): IndexRanges {
  const all: PerFamily<IpRange[]> = { v4: [], v6: [] };
  const connectorsOf: PerFamily<number[]> = { v4: [], v6: [] };
  const byConnector = prepared.map((p, connector): PerFamily<Slice> => {
    const from = { v4: all.v4.length, v6: all.v6.length };
    if (p.participates) {
      for (const range of p.ranges) {
        byFamily(range.family, all).push(range);
        byFamily(range.family, connectorsOf).push(connector);
      }
    }
    return { v4: { from: from.v4, to: all.v4.length }, v6: { from: from.v6, to: all.v6.length } };
  });

  const ipv4 = keyIpv4Ranges(all.v4);
  const ipv6 = keyIpv6Ranges(all.v6);
  const ranks = sizeRanks(ipv4, all.v6);
  return {
    ranges: {
      v4: { ...ipv4, sizeRanks: ranks.subarray(0, all.v4.length), connectors: Int32Array.from(connectorsOf.v4) },
      v6: { ...ipv6, sizeRanks: ranks.subarray(all.v4.length), connectors: Int32Array.from(connectorsOf.v6) },
    },
    byConnector,
  };
}
