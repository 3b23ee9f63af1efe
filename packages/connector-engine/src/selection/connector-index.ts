import type { Binding, IpAddress } from '../addresses/types.ts';
import { emptyAddressWords, readAddressWords, readLocalKey, type LocalKey } from './address-words.ts';
import { byFamily, keyIndexRanges, type PerFamily } from './keyed-ranges.ts';
import { prepareConnectors, type PreparedConnector } from './prepared-connector.ts';
import { NO_WINNER, SegmentTable } from './segment-table.ts';
import type { SelectableConnector } from './types.ts';

/** Compiled tables of one binding (address + port), one per client address family. */
type BindingTables = PerFamily<SegmentTable | null>;

/** Positions of the ranges registered under one binding, per client address family, before compilation. */
type BindingGroup = PerFamily<number[]>;

/**
 * An exact binding (address, its low 32 bits, port). Its lookups use its tables merged with the wildcard tables of
 * its port (SegmentTable.merge), so one binary search answers; merged on the binding's first lookup, since a
 * rebuilt index is mostly never asked about most bindings.
 */
interface ExactBinding {
  address: bigint;
  low: number;
  port: number;
  own: BindingTables;
  wildcard: BindingTables | undefined;
  merged: BindingTables | null;
}

/**
 * The low 32 bits of the address mixed with the port into a signed 32-bit integer, which V8 keeps as a small
 * integer (a wider number key is a heap number, hashed and boxed on every lookup). Not unique, so a bucket's
 * entries are compared word by word.
 */
const exactHash = (lowWord: number, port: number): number => (lowWord ^ Math.imul(port, 0x9e3779b1)) | 0;


// Scratch for lookups (one call at a time: JavaScript is single-threaded and lookup does not re-enter).
const LOCAL: LocalKey = { family: 4, low: 0 };
const REMOTE = emptyAddressWords();

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/**
 * Domain reference §7.3 compiled for fast lookups: per exact binding (address, port) and per
 * wildcard port, per client family, a SegmentTable giving the best connector for any remote
 * address. A lookup is at most two map reads and one binary search, without allocation for IPv4.
 */
export class ConnectorIndex {
  private constructor(
    /** The connectors as parsed for the build, in input order; selection's explanations reuse them. */
    readonly prepared: readonly PreparedConnector[],
    private readonly connectors: SelectableConnector[],
    private readonly exact: PerFamily<Map<number, ExactBinding[]>>,
    private readonly wildcard: PerFamily<Map<number, BindingTables>>,
  ) {}

  static build(connectors: SelectableConnector[]): ConnectorIndex {
    const prepared = prepareConnectors(connectors);
    const { ranges, byConnector } = keyIndexRanges(prepared);

    // Grouped by text while building (once per binding occurrence), hashed for lookups afterwards.
    const exactGroups: PerFamily<Map<string, { binding: Binding; group: BindingGroup }>> = { v4: new Map(), v6: new Map() };
    const wildcardGroups: PerFamily<Map<number, BindingGroup>> = { v4: new Map(), v6: new Map() };
    const groupFor = (binding: Binding): BindingGroup => {
      const empty = (): BindingGroup => ({ v4: [], v6: [] });
      if (binding.wildcard) return getOrCreate(byFamily(binding.family, wildcardGroups), binding.port, empty);
      const key = `${binding.address.toString(16)}:${binding.port}`;
      return getOrCreate(byFamily(binding.family, exactGroups), key, () => ({ binding, group: empty() })).group;
    };
    prepared.forEach((p, connector) => {
      const slices = byConnector[connector];
      if (!p.participates || slices === undefined) return;
      for (const binding of p.bindings) {
        const group = groupFor(binding);
        for (let i = slices.v4.from; i < slices.v4.to; i += 1) group.v4.push(i);
        for (let i = slices.v6.from; i < slices.v6.to; i += 1) group.v6.push(i);
      }
    });

    const compileGroup = (group: BindingGroup): BindingTables => ({
      v4: group.v4.length > 0 ? SegmentTable.compile(ranges.v4, group.v4) : null,
      v6: group.v6.length > 0 ? SegmentTable.compile(ranges.v6, group.v6) : null,
    });
    const compilePorts = (byPort: Map<number, BindingGroup>) =>
      new Map([...byPort].map(([port, group]) => [port, compileGroup(group)] as const));
    const wildcard = { v4: compilePorts(wildcardGroups.v4), v6: compilePorts(wildcardGroups.v6) };
    const compileExact = (groups: Map<string, { binding: Binding; group: BindingGroup }>) => {
      const byHash = new Map<number, ExactBinding[]>();
      for (const { binding, group } of groups.values()) {
        const low = readLocalKey({ family: binding.family, value: binding.address }, { family: 4, low: 0 }).low;
        const entry = { address: binding.address, low, port: binding.port, own: compileGroup(group), wildcard: byFamily(binding.family, wildcard).get(binding.port), merged: null };
        getOrCreate(byHash, exactHash(low, binding.port), () => []).push(entry);
      }
      return byHash;
    };

    return new ConnectorIndex(prepared, [...connectors], { v4: compileExact(exactGroups.v4), v6: compileExact(exactGroups.v6) }, wildcard);
  }

  /** True when some participating connector binds (localIp, port) exactly or through its family's wildcard. */
  isListening(localIp: IpAddress, port: number): boolean {
    const local = readLocalKey(localIp, LOCAL);
    return this.exactTables(local, localIp.value, port) !== undefined || byFamily(local.family, this.wildcard).has(port);
  }

  lookup(localIp: IpAddress, port: number, remoteIp: IpAddress): SelectableConnector | null {
    const local = readLocalKey(localIp, LOCAL);
    // An exact binding's tables already include its port's wildcard connectors.
    const tables = this.exactTables(local, localIp.value, port) ?? byFamily(local.family, this.wildcard).get(port);
    if (tables === undefined) return null;
    const remote = readAddressWords(remoteIp, REMOTE);
    const table = remote.family === 4 ? tables.v4 : tables.v6;
    if (table === null) return null;
    const at = remote.family === 4 ? table.findV4(remote.w3) : table.findV6(remote.w0, remote.w1, remote.w2, remote.w3);
    const winner = at < 0 ? NO_WINNER : (table.winners[at] as number);
    return winner === NO_WINNER ? null : (this.connectors[winner] ?? null);
  }

  /** `value`: the local address as given (for IPv4, mapped or not, only the low word is compared). */
  private exactTables(local: LocalKey, value: bigint, port: number): BindingTables | undefined {
    const bucket = byFamily(local.family, this.exact).get(exactHash(local.low, port));
    if (bucket === undefined) return undefined;
    for (const exact of bucket) {
      if (exact.port === port && exact.low === local.low && (local.family === 4 || exact.address === value))
        return (exact.merged ??= {
          v4: SegmentTable.merge(exact.own.v4, exact.wildcard?.v4 ?? null),
          v6: SegmentTable.merge(exact.own.v6, exact.wildcard?.v6 ?? null),
        });
    }
    return undefined;
  }
}
