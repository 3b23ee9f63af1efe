import { parseBinding, parseIpRange, rangeSize, type Binding, type IpRange } from '../addresses/index.ts';
import type { ConnectorState } from '../connector/state.ts';

/** An enabled connector's remote range, with its size computed once. */
export interface CompetingRange {
  connector: ConnectorState;
  range: IpRange;
  size: bigint;
}

/**
 * One server's enabled connectors' remote ranges, grouped by binding (family, port, exact address or wildcard),
 * then by remote family and size class (a range of class j has 2^j ≤ size < 2^(j+1) addresses), each class
 * sorted by start. A range of class j that overlaps [start, end] starts after start − 2^(j+1), so the ranges
 * smaller than a given one that overlap it are found by a binary search per class, not by scanning the server:
 * the shadowing check stays near-linear in the number of connectors instead of quadratic.
 */
export interface Competitors {
  /** Ranges of other enabled connectors on `binding` (and on its wildcard twin when it is exact), overlapping `target` and strictly smaller. */
  smallerOverlapping(binding: Binding, target: IpRange, self: ConnectorState): CompetingRange[];
}

const bindingKey = (family: number, port: number, address: bigint | null) => `${family}|${port}|${address === null ? '*' : address.toString(16)}`;
const sizeClass = (size: bigint) => size.toString(2).length - 1;

type ByClass = Map<string, CompetingRange[]>;

const cache = new WeakMap<readonly ConnectorState[], Competitors>();

export function competitorsOf(connectors: readonly ConnectorState[]): Competitors {
  let known = cache.get(connectors);
  if (known === undefined) cache.set(connectors, (known = build(connectors)));
  return known;
}

function build(connectors: readonly ConnectorState[]): Competitors {
  const groups = new Map<string, ByClass>();
  for (const connector of connectors) {
    if (!connector.enabled) continue;
    const ranges: CompetingRange[] = [];
    for (const text of connector.remoteIPRanges) {
      const parsed = parseIpRange(text);
      if (parsed.ok) ranges.push({ connector, range: parsed.value, size: rangeSize(parsed.value) });
    }
    const keys = new Set<string>();
    for (const text of connector.bindings) {
      const b = parseBinding(text);
      if (b.ok) keys.add(bindingKey(b.value.family, b.value.port, b.value.wildcard ? null : b.value.address));
    }
    for (const key of keys) {
      let byClass = groups.get(key);
      if (!byClass) groups.set(key, (byClass = new Map()));
      for (const r of ranges) {
        const classKey = `${r.range.family}|${sizeClass(r.size)}`;
        const list = byClass.get(classKey);
        if (list) list.push(r);
        else byClass.set(classKey, [r]);
      }
    }
  }
  for (const byClass of groups.values())
    for (const list of byClass.values()) list.sort((a, b) => (a.range.start < b.range.start ? -1 : a.range.start > b.range.start ? 1 : 0));

  const collect = (byClass: ByClass | undefined, target: IpRange, targetSize: bigint, self: ConnectorState, out: CompetingRange[]) => {
    if (!byClass) return;
    for (let j = 0; j <= sizeClass(targetSize); j += 1) {
      const list = byClass.get(`${target.family}|${j}`);
      if (!list) continue;
      const from = target.start - (1n << BigInt(j + 1));
      // First range starting after `from`.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid]!.range.start > from) hi = mid;
        else lo = mid + 1;
      }
      for (let k = lo; k < list.length && list[k]!.range.start <= target.end; k += 1) {
        const r = list[k]!;
        if (r.connector.id !== self.id && r.size < targetSize && r.range.end >= target.start) out.push(r);
      }
    }
  };

  return {
    smallerOverlapping(binding, target, self) {
      const out: CompetingRange[] = [];
      const size = rangeSize(target);
      // Same binding, or a wildcard against an exact binding: a strictly smaller range there wins (§7.3).
      collect(groups.get(bindingKey(binding.family, binding.port, binding.wildcard ? null : binding.address)), target, size, self, out);
      if (!binding.wildcard) collect(groups.get(bindingKey(binding.family, binding.port, null)), target, size, self, out);
      return out;
    },
  };
}
