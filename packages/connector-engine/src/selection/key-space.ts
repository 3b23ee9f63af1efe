import type { Family, IpRange } from '../addresses/types.ts';

/**
 * Range boundaries mapped to exactly representable numbers ("keys"), so compiling segments never
 * touches bigint. IPv4 addresses are their own keys; IPv6 boundaries are replaced by their rank
 * among all IPv6 boundaries of the index (coordinate compression).
 */
export interface KeySpace {
  readonly family: Family;
  readonly wordsPerKey: 1 | 4;
  /** A key above every boundary key: the end of the last range that reaches the top of the family. */
  readonly end: number;
  /** Writes the address a key stands for as 32-bit words, most significant first. */
  writeWords(key: number, target: Uint32Array, offset: number): void;
}

/** Half-open [start, end) keys of a list of ranges, index for index. */
export interface KeyedBounds {
  space: KeySpace;
  starts: Float64Array;
  ends: Float64Array;
}

const IPV4_END = 2 ** 32;
const IPV6_MAX = (1n << 128n) - 1n;

const IPV4_KEY_SPACE: KeySpace = {
  family: 4,
  wordsPerKey: 1,
  end: IPV4_END,
  writeWords: (key, target, offset) => {
    target[offset] = key;
  },
};

export function keyIpv4Ranges(ranges: IpRange[]): KeyedBounds {
  const starts = new Float64Array(ranges.length);
  const ends = new Float64Array(ranges.length);
  ranges.forEach((range, i) => {
    starts[i] = Number(range.start);
    ends[i] = Number(range.end) + 1;
  });
  return { space: IPV4_KEY_SPACE, starts, ends };
}

function writeIpv6Words(value: bigint, target: Uint32Array, offset: number): void {
  target[offset] = Number(value >> 96n);
  target[offset + 1] = Number(BigInt.asUintN(32, value >> 64n));
  target[offset + 2] = Number(BigInt.asUintN(32, value >> 32n));
  target[offset + 3] = Number(BigInt.asUintN(32, value));
}

function compareWords(words: Uint32Array, a: number, b: number): number {
  const i = a * 4;
  const j = b * 4;
  return (
    (words[i] as number) - (words[j] as number) ||
    (words[i + 1] as number) - (words[j + 1] as number) ||
    (words[i + 2] as number) - (words[j + 2] as number) ||
    (words[i + 3] as number) - (words[j + 3] as number)
  );
}

/**
 * Coordinate compression over every start and end + 1, sorted as 32-bit words. No Map or Set with
 * bigint keys on purpose: V8 hashes a BigInt by its lowest 64 bits only, so IPv6 values sharing
 * them (every /64 network start) all collide (measured: 20,000 such keys ≈ 2 s).
 */
export function keyIpv6Ranges(ranges: IpRange[]): KeyedBounds {
  // Boundary 2i is the start of range i, 2i + 1 the address after its end (absent past the top).
  const boundaryWords = new Uint32Array(ranges.length * 8);
  const presentList: number[] = [];
  ranges.forEach((range, i) => {
    writeIpv6Words(range.start, boundaryWords, i * 8);
    presentList.push(2 * i);
    if (range.end < IPV6_MAX) {
      writeIpv6Words(range.end + 1n, boundaryWords, i * 8 + 4);
      presentList.push(2 * i + 1);
    }
  });
  const present = Uint32Array.from(presentList).sort((a, b) => compareWords(boundaryWords, a, b));

  const keyOfBoundary = new Float64Array(ranges.length * 2);
  const uniqueWords: number[] = [];
  let key = -1;
  present.forEach((boundary, i) => {
    if (i === 0 || compareWords(boundaryWords, boundary, present[i - 1] as number) !== 0) {
      key += 1;
      for (let w = 0; w < 4; w += 1) uniqueWords.push(boundaryWords[boundary * 4 + w] as number);
    }
    keyOfBoundary[boundary] = key;
  });

  const end = key + 1;
  const words = Uint32Array.from(uniqueWords);
  const starts = new Float64Array(ranges.length);
  const ends = new Float64Array(ranges.length);
  ranges.forEach((range, i) => {
    starts[i] = keyOfBoundary[2 * i] as number;
    ends[i] = range.end < IPV6_MAX ? (keyOfBoundary[2 * i + 1] as number) : end;
  });
  const space: KeySpace = {
    family: 6,
    wordsPerKey: 4,
    end,
    writeWords: (k, target, offset) => target.set(words.subarray(k * 4, k * 4 + 4), offset),
  };
  return { space, starts, ends };
}
