import type { Family } from '../addresses/types.ts';
import type { KeyedBounds } from './key-space.ts';
import { IndexMinHeap } from './min-heap.ts';

/**
 * All participating ranges of one family in key space, in registration order (connector order,
 * then range order), as parallel arrays: range i is [starts[i], ends[i]).
 */
export interface KeyedRanges extends KeyedBounds {
  /** Rank of each range's size among all sizes in the index: comparing ranks = comparing sizes. */
  sizeRanks: Uint32Array;
  connectors: Int32Array;
}

export const NO_WINNER = -1;

/** Keys stay below 2^32 (IPv4 addresses; IPv6 ranks < 2 × ranges), so key·2^21 + index is exact below 2^21 members. */
const INDEX_SPAN = 2 ** 21;

/** Fills `order` with indices sorted by start: a native numeric sort on start·2^21 + index when that is exact. */
function sortByStart(starts: Float64Array, order: Uint32Array): void {
  const count = starts.length;
  if (count < INDEX_SPAN) {
    const packed = new Float64Array(count);
    for (let i = 0; i < count; i += 1) packed[i] = (starts[i] as number) * INDEX_SPAN + i;
    packed.sort();
    for (let i = 0; i < count; i += 1) order[i] = (packed[i] as number) % INDEX_SPAN;
    return;
  }
  for (let i = 0; i < count; i += 1) order[i] = i;
  order.sort((a, b) => (starts[a] as number) - (starts[b] as number));
}

const RADIX_SHIFT = 16;
const RADIX_MIN_SEGMENTS = 1024;

function radixOf(starts: Uint32Array): Uint32Array {
  const buckets = 2 ** (32 - RADIX_SHIFT);
  const radix = new Uint32Array(buckets + 1);
  let segment = 0;
  for (let prefix = 0; prefix <= buckets; prefix += 1) {
    const bucketStart = prefix * 2 ** RADIX_SHIFT;
    while (segment < starts.length && (starts[segment] as number) < bucketStart) segment += 1;
    radix[prefix] = segment;
  }
  return radix;
}

/**
 * Segments 1.. of a large IPv6 table share a prefix of `bits` bits (segment 0 may start far below, e.g. at ::
 * for ::/0). counts[b] is 1 + the number of those segments whose next radixBits bits are below b; an address
 * with the prefix searches only its bucket, any other address the whole table.
 */
interface V6Radix {
  counts: Uint32Array;
  /** The address's bucket, or -1 when it lacks the shared prefix. */
  bucketOf(w0: number, w1: number, w2: number, w3: number): number;
}

const bitOf = (starts: Uint32Array, at: number, bit: number): number => ((starts[at + (bit >>> 5)] as number) >>> (31 - (bit & 31))) & 1;

function v6RadixOf(starts: Uint32Array): V6Radix | null {
  const count = starts.length >>> 2;
  const last = (count - 1) * 4;
  let bits = 0;
  while (bits < 112 && bitOf(starts, 4, bits) === bitOf(starts, last, bits)) bits += 1;
  if (bits >= 112) return null;
  const word = bits >>> 5;
  const shift = bits & 31;
  const [p0, p1, p2, p3] = [starts[4] as number, starts[5] as number, starts[6] as number, starts[7] as number];
  // The shared bits of word `word` (its top `shift` bits); the whole words before it must match too.
  const mask = shift === 0 ? 0 : (~0 << (32 - shift)) | 0;
  // Enough buckets for about two segments each: the counts stay small enough to sit in cache.
  const radixBits = Math.min(16, Math.max(4, Math.ceil(Math.log2(count)) - 1));
  const drop = 32 - radixBits;
  const window = (high: number, low: number): number => (shift === 0 ? high >>> drop : ((high << shift) | (low >>> (32 - shift))) >>> drop);
  const bucketOf =
    word === 0
      ? (w0: number, w1: number) => ((w0 & mask) === (p0 & mask) ? window(w0, w1) : -1)
      : word === 1
        ? (w0: number, w1: number, w2: number) => (w0 === p0 && (w1 & mask) === (p1 & mask) ? window(w1, w2) : -1)
        : word === 2
          ? (w0: number, w1: number, w2: number, w3: number) => (w0 === p0 && w1 === p1 && (w2 & mask) === (p2 & mask) ? window(w2, w3) : -1)
          : (w0: number, w1: number, w2: number, w3: number) => (w0 === p0 && w1 === p1 && w2 === p2 && (w3 & mask) === (p3 & mask) ? window(w3, 0) : -1);
  const buckets = 2 ** radixBits;
  const counts = new Uint32Array(buckets + 1);
  let segment = 1;
  for (let bucket = 0; bucket <= buckets; bucket += 1) {
    while (segment < count) {
      const at = segment * 4;
      if (bucketOf(starts[at] as number, starts[at + 1] as number, starts[at + 2] as number, starts[at + 3] as number) >= bucket) break;
      segment += 1;
    }
    counts[bucket] = segment;
  }
  return { counts, bucketOf: bucketOf as V6Radix['bucketOf'] };
}

/**
 * Nested and overlapping ranges flattened into disjoint elementary segments, each mapped to its
 * winner (smallest range, first registered). Segment i covers [start(i), start(i+1) - 1]; a
 * segment nobody covers has winner NO_WINNER. Starts live in a sorted Uint32Array (four words
 * per IPv6 start, most significant first) so a lookup is a binary search without allocation.
 */
export class SegmentTable {
  /**
   * For a large IPv4 table, segment counts by the top 16 bits of the address: radix[p] is the number of
   * segments starting before p·2^16, so a lookup binary-searches only the segments of its /16 (a handful instead
   * of a dozen halvings over the whole table). 256 KB per table, so only past RADIX_MIN_SEGMENTS, and built on
   * the table's first lookup (undefined until then): most tables of a rebuilt index are never searched.
   */
  private radix: Uint32Array | null | undefined = undefined;

  private constructor(
    readonly family: Family,
    private readonly starts: Uint32Array,
    readonly winners: Int32Array,
    readonly sizeRanks: Uint32Array,
  ) {}

  /** The same for a large IPv6 table, over the bits that follow what its segment starts have in common. */
  private v6Radix: V6Radix | null | undefined = undefined;

  get segmentCount(): number {
    return this.winners.length;
  }

  /**
   * Compiles the ranges `members` (positions in `ranges`) of one binding. Sweep line over them
   * sorted by start, with a heap of open ranges ordered by (size rank, registration position).
   * The winner can only change where a range starts or just after the current winner ends, so
   * only those points are visited; ranges that ended while not on top are dropped when they surface.
   */
  static compile(ranges: KeyedRanges, members: number[]): SegmentTable {
    const count = members.length;
    const starts = new Float64Array(count);
    const ends = new Float64Array(count);
    const priority = new Float64Array(count);
    // (size rank, position) packed into one double; exact while ranges² < 2^53 (about 94 million ranges).
    const positionSpan = ranges.connectors.length;
    for (let i = 0; i < count; i += 1) {
      const position = members[i] as number;
      starts[i] = ranges.starts[position] as number;
      ends[i] = ranges.ends[position] as number;
      priority[i] = (ranges.sizeRanks[position] as number) * positionSpan + position;
    }
    const byStart = new Uint32Array(count);
    sortByStart(starts, byStart);
    const open = new IndexMinHeap(count, priority);

    // At most one segment per range start and one per range end (plus the first): typed arrays of that size, no
    // growing lists and no closure per step (the build runs this once per binding over every range).
    const capacity = 2 * count + 1;
    const points = new Float64Array(capacity);
    const winners = new Int32Array(capacity);
    const ranks = new Uint32Array(capacity);
    let size = 0;
    let next = 0;
    const spaceEnd = ranges.space.end;
    let point = count > 0 ? (starts[byStart[0] as number] as number) : Number.POSITIVE_INFINITY;
    while (point < spaceEnd) {
      while (next < count && (starts[byStart[next] as number] as number) <= point) {
        open.push(byStart[next] as number);
        next += 1;
      }
      let top = open.peek();
      while (top >= 0 && (ends[top] as number) <= point) {
        open.pop();
        top = open.peek();
      }
      const position = top < 0 ? -1 : (members[top] as number);
      const winner = position < 0 ? NO_WINNER : (ranges.connectors[position] as number);
      const rank = position < 0 ? 0 : (ranges.sizeRanks[position] as number);
      if (size === 0 || winners[size - 1] !== winner || ranks[size - 1] !== rank) {
        points[size] = point;
        winners[size] = winner;
        ranks[size] = rank;
        size += 1;
      }
      const nextStart = next < count ? (starts[byStart[next] as number] as number) : Number.POSITIVE_INFINITY;
      point = top < 0 ? nextStart : Math.min(nextStart, ends[top] as number);
    }

    const { space } = ranges;
    const segmentStarts = new Uint32Array(size * space.wordsPerKey);
    for (let i = 0; i < size; i += 1) space.writeWords(points[i] as number, segmentStarts, i * space.wordsPerKey);
    return new SegmentTable(space.family, segmentStarts, winners.slice(0, size), ranks.slice(0, size));
  }

  /**
   * One table answering what the exact binding's table and its port's wildcard table answer together (domain
   * reference §7.3): where only one has a winner it wins; where both do, the wildcard connector wins only with
   * a strictly smaller range, else the exact binding does. A lookup then searches once instead of twice.
   * Linear in the two tables' segments: both are walked in start order.
   */
  static merge(exact: SegmentTable | null, wildcard: SegmentTable | null): SegmentTable | null {
    if (exact === null || wildcard === null) return exact ?? wildcard;
    const words = exact.starts.length / exact.winners.length;
    const a = exact.starts;
    const b = wildcard.starts;
    const countA = exact.winners.length;
    const countB = wildcard.winners.length;
    const starts = new Uint32Array((countA + countB) * words);
    const winners = new Int32Array(countA + countB);
    const ranks = new Uint32Array(countA + countB);
    let size = 0;
    let i = 0;
    let j = 0;
    let e = -1;
    let w = -1;
    while (i < countA || j < countB) {
      // Which table's next start comes first (both when equal); words compared most significant first.
      let order = i >= countA ? 1 : j >= countB ? -1 : 0;
      for (let k = 0; order === 0 && k < words; k += 1) order = (a[i * words + k] as number) - (b[j * words + k] as number);
      const from = order <= 0 ? a : b;
      const at = (order <= 0 ? i : j) * words;
      if (order <= 0) e = i++;
      if (order >= 0) w = j++;
      const eWinner = e < 0 ? NO_WINNER : (exact.winners[e] as number);
      const wWinner = w < 0 ? NO_WINNER : (wildcard.winners[w] as number);
      const eRank = e < 0 ? 0 : (exact.sizeRanks[e] as number);
      const wRank = w < 0 ? 0 : (wildcard.sizeRanks[w] as number);
      const wildcardWins = eWinner === NO_WINNER || (wWinner !== NO_WINNER && wRank < eRank);
      const winner = wildcardWins ? wWinner : eWinner;
      const rank = wildcardWins ? wRank : eRank;
      if (size > 0 && winners[size - 1] === winner && ranks[size - 1] === rank) continue;
      for (let k = 0; k < words; k += 1) starts[size * words + k] = from[at + k] as number;
      winners[size] = winner;
      ranks[size] = rank;
      size += 1;
    }
    return new SegmentTable(exact.family, starts.slice(0, size * words), winners.slice(0, size), ranks.slice(0, size));
  }

  /** Index of the segment containing an IPv4 value, or -1 when it lies before the first segment. */
  findV4(value: number): number {
    const starts = this.starts;
    const radix = this.radix !== undefined ? this.radix : (this.radix = this.winners.length >= RADIX_MIN_SEGMENTS ? radixOf(starts) : null);
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    if (radix !== null) {
      const prefix = value >>> RADIX_SHIFT;
      lo = radix[prefix] as number;
      hi = (radix[prefix + 1] as number) - 1;
      found = lo - 1;
    }
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= value) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Same for an IPv6 value given as four 32-bit words, most significant first. */
  findV6(w0: number, w1: number, w2: number, w3: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = (starts.length >>> 2) - 1;
    let found = -1;
    const radix = this.v6Radix !== undefined ? this.v6Radix : (this.v6Radix = this.winners.length >= RADIX_MIN_SEGMENTS ? v6RadixOf(starts) : null);
    if (radix !== null) {
      const bucket = radix.bucketOf(w0, w1, w2, w3);
      if (bucket >= 0) {
        lo = radix.counts[bucket] as number;
        hi = (radix.counts[bucket + 1] as number) - 1;
        found = lo - 1;
      }
    }
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = mid << 2;
      const s0 = starts[at] as number;
      const s1 = starts[at + 1] as number;
      const s2 = starts[at + 2] as number;
      const startNotAfter =
        s0 !== w0 ? s0 < w0 : s1 !== w1 ? s1 < w1 : s2 !== w2 ? s2 < w2 : (starts[at + 3] as number) <= w3;
      if (startNotAfter) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
