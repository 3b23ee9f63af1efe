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

/**
 * Nested and overlapping ranges flattened into disjoint elementary segments, each mapped to its
 * winner (smallest range, first registered). Segment i covers [start(i), start(i+1) - 1]; a
 * segment nobody covers has winner NO_WINNER. Starts live in a sorted Uint32Array (four words
 * per IPv6 start, most significant first) so a lookup is a binary search without allocation.
 */
export class SegmentTable {
  private constructor(
    readonly family: Family,
    private readonly starts: Uint32Array,
    readonly winners: Int32Array,
    readonly sizeRanks: Uint32Array,
  ) {}

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
    members.forEach((position, i) => {
      starts[i] = ranges.starts[position] as number;
      ends[i] = ranges.ends[position] as number;
      priority[i] = (ranges.sizeRanks[position] as number) * positionSpan + position;
    });
    const byStart = new Uint32Array(count);
    sortByStart(starts, byStart);
    const open = new IndexMinHeap(count, priority);

    const points: number[] = [];
    const winners: number[] = [];
    const ranks: number[] = [];
    let next = 0;
    const startAt = (k: number) => (k < count ? (starts[byStart[k] as number] as number) : Number.POSITIVE_INFINITY);
    let point = startAt(0);
    while (point < ranges.space.end) {
      for (; startAt(next) <= point; next += 1) open.push(byStart[next] as number);
      let top = open.peek();
      while (top >= 0 && (ends[top] as number) <= point) {
        open.pop();
        top = open.peek();
      }
      const position = top < 0 ? -1 : (members[top] as number);
      const winner = position < 0 ? NO_WINNER : (ranges.connectors[position] as number);
      const rank = position < 0 ? 0 : (ranges.sizeRanks[position] as number);
      const last = winners.length - 1;
      if (last < 0 || winners[last] !== winner || ranks[last] !== rank) {
        points.push(point);
        winners.push(winner);
        ranks.push(rank);
      }
      point = Math.min(startAt(next), top < 0 ? Number.POSITIVE_INFINITY : (ends[top] as number));
    }

    const { space } = ranges;
    const segmentStarts = new Uint32Array(points.length * space.wordsPerKey);
    points.forEach((p, i) => space.writeWords(p, segmentStarts, i * space.wordsPerKey));
    return new SegmentTable(space.family, segmentStarts, Int32Array.from(winners), Uint32Array.from(ranks));
  }

  /** Index of the segment containing an IPv4 value, or -1 when it lies before the first segment. */
  findV4(value: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
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
