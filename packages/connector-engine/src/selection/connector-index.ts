import { canonicalIpAddress } from '../addresses/ip-address.ts';
import type { Binding, Family, IpAddress } from '../addresses/types.ts';
import { byFamily, keyIndexRanges, type PerFamily } from './keyed-ranges.ts';
import { prepareConnectors } from './prepared-connector.ts';
import { NO_WINNER, SegmentTable } from './segment-table.ts';
import type { SelectableConnector } from './types.ts';

/** Compiled tables of one binding (address + port), one per client address family. */
type BindingTables = PerFamily<SegmentTable | null>;

/** Positions of the ranges registered under one binding, per client address family, before compilation. */
type BindingGroup = PerFamily<number[]>;

/** Exact bindings keyed by address: a number for IPv4, hex text for IPv6 (bigint Map keys hash badly in V8: see key-space.ts). */
type AddressKey = number | string;

function addressKey(family: Family, value: bigint): AddressKey {
  return family === 4 ? Number(value) : value.toString(16);
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
    private readonly connectors: SelectableConnector[],
    private readonly exact: PerFamily<Map<AddressKey, Map<number, BindingTables>>>,
    private readonly wildcard: PerFamily<Map<number, BindingTables>>,
  ) {}

  static build(connectors: SelectableConnector[]): ConnectorIndex {
    const prepared = prepareConnectors(connectors);
    const { ranges, byConnector } = keyIndexRanges(prepared);

    const exactGroups: PerFamily<Map<AddressKey, Map<number, BindingGroup>>> = { v4: new Map(), v6: new Map() };
    const wildcardGroups: PerFamily<Map<number, BindingGroup>> = { v4: new Map(), v6: new Map() };
    const groupFor = (binding: Binding): BindingGroup => {
      const byPort = binding.wildcard
        ? byFamily(binding.family, wildcardGroups)
        : getOrCreate(byFamily(binding.family, exactGroups), addressKey(binding.family, binding.address), () => new Map());
      return getOrCreate(byPort, binding.port, () => ({ v4: [], v6: [] }));
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
    const compileAddresses = (byAddress: Map<AddressKey, Map<number, BindingGroup>>) =>
      new Map([...byAddress].map(([address, byPort]) => [address, compilePorts(byPort)] as const));

    return new ConnectorIndex(
      [...connectors],
      { v4: compileAddresses(exactGroups.v4), v6: compileAddresses(exactGroups.v6) },
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
    return byFamily(local.family, this.exact).get(addressKey(local.family, local.value))?.get(port);
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
