import { IPV4_MAX } from './ipv4.ts';
import { IPV6_MAX } from './ipv6.ts';
import type { Family, IpAddress, IpRange } from './types.ts';

export const ALL_IPV4_RANGE: IpRange = Object.freeze({ family: 4, start: 0n, end: IPV4_MAX, form: 'range' });
export const ALL_IPV6_RANGE: IpRange = Object.freeze({ family: 6, start: 0n, end: IPV6_MAX, form: 'range' });

export function familyBits(family: Family): number {
  return family === 4 ? 32 : 128;
}

export function familyMax(family: Family): bigint {
  return family === 4 ? IPV4_MAX : IPV6_MAX;
}

/** Number of addresses in the range (end - start + 1); up to 2^128, hence bigint. */
export function rangeSize(range: IpRange): bigint {
  return range.end - range.start + 1n;
}

export function rangeContainsAddress(range: IpRange, address: IpAddress): boolean {
  return range.family === address.family && range.start <= address.value && address.value <= range.end;
}

export type RangeRelation = 'disjoint' | 'equal' | 'contains' | 'within' | 'partial';

/** How `a` relates to `b`; ranges of different families never touch. */
export function rangeRelation(a: IpRange, b: IpRange): RangeRelation {
  if (a.family !== b.family || a.end < b.start || b.end < a.start) return 'disjoint';
  if (a.start === b.start && a.end === b.end) return 'equal';
  if (a.start <= b.start && b.end <= a.end) return 'contains';
  if (b.start <= a.start && a.end <= b.end) return 'within';
  return 'partial';
}

export function isAllIPv4(range: IpRange): boolean {
  return range.family === 4 && range.start === 0n && range.end === IPV4_MAX;
}

export function isAllIPv6(range: IpRange): boolean {
  return range.family === 6 && range.start === 0n && range.end === IPV6_MAX;
}

function masksFor(family: Family): bigint[] {
  const bits = familyBits(family);
  const max = familyMax(family);
  return Array.from({ length: bits + 1 }, (_, prefix) => max ^ ((1n << BigInt(bits - prefix)) - 1n));
}

/** Precomputed because every CIDR parse needs one; index = prefix length. */
const PREFIX_MASKS = { 4: masksFor(4), 6: masksFor(6) };

/** Mask with the top `prefix` bits set, within the family's width. */
export function prefixMask(family: Family, prefix: number): bigint {
  const mask = PREFIX_MASKS[family][prefix];
  if (mask === undefined) throw new RangeError(`prefix ${prefix} is out of range for IPv${family}`);
  return mask;
}

/** The prefix length if the range is exactly one aligned CIDR block, else null. */
export function blockPrefix(range: IpRange): number | null {
  const size = rangeSize(range);
  if ((size & (size - 1n)) !== 0n || (range.start & (size - 1n)) !== 0n) return null;
  return familyBits(range.family) - (size.toString(2).length - 1);
}
