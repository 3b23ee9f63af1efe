import { canonicalIpAddress } from '../addresses/ip-address.ts';
import type { Binding, Family, IpAddress } from '../addresses/types.ts';
import { byFamily, keyIndexRanges, type PerFamily } from './keyed-ranges.ts';
import { prepareConnectors, type PreparedConnector } from './prepared-connector.ts';
import { NO_WINNER, SegmentTable } from './segment-table.ts';
import type { SelectableConnector } from './types.ts';

/** Compiled tables of one binding (address + port), one per client address family. */
type BindingTables = PerFamily<SegmentTable | null>;

/** Positions of the ranges registered under one binding, per client address family, before compilation. */
type BindingGroup = PerFamily<number[]>;

/** An exact binding's compiled tables, found through a numeric hash of (address, port). */
interface ExactBinding {
  address: bigint;
  port: number;
  tables: BindingTables;
}

/**
 * (low 32 bits of the address)·2^16 + port: exact for IPv4 and cheap to compute for IPv6, where
 * the bucket is checked against the full address. Numbers, not bigints, as Map keys: V8 hashes a
 * BigInt by its low 64 bits only (see key-space.ts), and hex text would cost an allocation per lookup.
 */
function exactHash(family: Family, address: bigint, port: number): number {
  const low = family === 4 ? Number(address) : Number(BigInt.asUintN(32, address));
  return low * 65536 + port;
}

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
 * address. A lookup is two map reads and at most two binary searches.
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
    const compileExact = (groups: Map<string, { binding: Binding; group: BindingGroup }>) => {
      const byHash = new Map<number, ExactBinding[]>();
      for (const { binding, group } of groups.values()) {
        const bucket = getOrCreate(byHash, exactHash(binding.family, binding.address, binding.port), () => []);
        bucket.push({ address: binding.address, port: binding.port, tables: compileGroup(group) });
      }
      return byHash;
    };

    return new ConnectorIndex(
      prepared,
      [...connectors],
      { v4: compileExact(exactGroups.v4), v6: compileExact(exactGroups.v6) },
      { v4: compilePorts(wildcardGroups.v4), v6: compilePorts(wildcardGroups.v6) },
    );
  }

  /** True when some participating connector binds (localIp, port) exactly or through its family's wildcard. */
  isListening(localIp: IpAddress, port: number): boolean {
    const local = canonicalIpAddress(localIp);
    return this.exactTables(local, port) !== undefined || byFamily(local.family, this.wildcard).has(port);
  }

  lookup(localIp: IpAddress, port: number, remoteIp: IpAddress): SelectableConnector | null {
    const local = canonicalIpAddress(localIp);
    const remote = canonicalIpAddress(remoteIp);
    const exactTables = this.exactTables(local, port);
    const wildcardTables = byFamily(local.family, this.wildcard).get(port);
    const ipv4 = remote.family === 4;
    const exactTable = (ipv4 ? exactTables?.v4 : exactTables?.v6) ?? null;
    const wildcardTable = (ipv4 ? wildcardTables?.v4 : wildcardTables?.v6) ?? null;
    if (exactTable === null && wildcardTable === null) return null;

    let e = -1;
    let w = -1;
    if (ipv4) {
      const value = Number(remote.value);
      if (exactTable !== null) e = exactTable.findV4(value);
      if (wildcardTable !== null) w = wildcardTable.findV4(value);
    } else {
      const v = remote.value;
      const w0 = Number(v >> 96n);
      const w1 = Number(BigInt.asUintN(32, v >> 64n));
      const w2 = Number(BigInt.asUintN(32, v >> 32n));
      const w3 = Number(BigInt.asUintN(32, v));
      if (exactTable !== null) e = exactTable.findV6(w0, w1, w2, w3);
      if (wildcardTable !== null) w = wildcardTable.findV6(w0, w1, w2, w3);
    }
    const winner = ConnectorIndex.choose(exactTable, e, wildcardTable, w);
    return winner === NO_WINNER ? null : (this.connectors[winner] ?? null);
  }

  private exactTables(local: IpAddress, port: number): BindingTables | undefined {
    const bucket = byFamily(local.family, this.exact).get(exactHash(local.family, local.value, port));
    if (bucket === undefined) return undefined;
    for (const exact of bucket) if (exact.address === local.value && exact.port === port) return exact.tables;
    return undefined;
  }

  /** e none → w; w none → e; a strictly smaller wildcard range beats the exact binding; else e. */
  private static choose(exactTable: SegmentTable | null, e: number, wildcardTable: SegmentTable | null, w: number): number {
    const eWinner = exactTable !== null && e >= 0 ? (exactTable.winners[e] as number) : NO_WINNER;
    const wWinner = wildcardTable !== null && w >= 0 ? (wildcardTable.winners[w] as number) : NO_WINNER;
    if (eWinner === NO_WINNER) return wWinner;
    if (wWinner === NO_WINNER) return eWinner;
    const eRank = exactTable?.sizeRanks[e] as number;
    const wRank = wildcardTable?.sizeRanks[w] as number;
    return wRank < eRank ? wWinner : eWinner;
  }
}
