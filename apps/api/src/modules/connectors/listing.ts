import { SEVERITY_ORDER, type Finding, type ReceiveConnector } from '@cc/connector-engine';
import type { ConnectorListQuery } from '@cc/api-contract';

type SortKey = NonNullable<ConnectorListQuery['sort']>;

/**
 * One generation's connector list, prepared for the list page's queries: the lower-case text a filter searches
 * and each connector's worst finding are computed once, and each sort order once, when first asked for. A query
 * is then one pass over the connectors when it filters, and a slice of a cached order when it does not; nothing
 * is sorted per request.
 */
export interface Listing {
  page(query: ListPageQuery): { items: ReceiveConnector[]; total: number };
}

export interface ListPageQuery {
  q?: string;
  usage?: string;
  status?: 'enabled' | 'disabled';
  sort?: SortKey;
  dir?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

const UNRATED = 9;
const collator = new Intl.Collator();

/** `findings` is called only if a query sorts by risk. */
export function createListing(views: readonly ReceiveConnector[], findings: () => readonly Finding[]): Listing {
  let worstCache: number[] | null = null;
  const worst = () => {
    if (worstCache) return worstCache;
    const byId = new Map<string, number>();
    for (const f of findings()) byId.set(f.connectorId, Math.min(byId.get(f.connectorId) ?? UNRATED, SEVERITY_ORDER[f.severity]));
    return (worstCache = views.map((v) => byId.get(v.id) ?? UNRATED));
  };
  let haystacks: string[] | null = null;
  const haystack = (i: number) =>
    (haystacks ??= views.map((c) => [c.name, c.usage, ...c.bindings, ...c.remoteIPRanges, ...c.authMechanism, ...c.permissionGroups].join(' ').toLowerCase()))[i]!;

  // Ascending orders as positions in `views`; name breaks every tie, as the web page always did.
  const byName = (a: number, b: number) => collator.compare(views[a]!.name, views[b]!.name);
  const compare: Record<SortKey, (a: number, b: number) => number> = {
    name: byName,
    usage: (a, b) => collator.compare(views[a]!.usage, views[b]!.usage) || byName(a, b),
    enabled: (a, b) => Number(views[b]!.enabled) - Number(views[a]!.enabled) || byName(a, b),
    risk: (a, b) => worst()[a]! - worst()[b]! || byName(a, b),
  };
  const orders = new Map<SortKey | 'stored', Int32Array>();
  const order = (key: SortKey | undefined): Int32Array => {
    let cached = orders.get(key ?? 'stored');
    if (cached === undefined) {
      cached = Int32Array.from(views, (_, i) => i);
      if (key !== undefined) cached.sort(compare[key]);
      orders.set(key ?? 'stored', cached);
    }
    return cached;
  };

  return {
    page(query) {
      const positions = order(query.sort);
      const needle = query.q?.trim().toLowerCase() ?? '';
      const from = query.offset ?? 0;
      const to = query.limit === undefined ? Number.POSITIVE_INFINITY : from + query.limit;
      const filtered = needle !== '' || query.usage !== undefined || query.status !== undefined;
      const descending = query.dir === 'desc';
      const at = (k: number) => positions[descending ? positions.length - 1 - k : k]!;
      if (!filtered) {
        const items: ReceiveConnector[] = [];
        for (let k = from; k < Math.min(to, positions.length); k += 1) items.push(views[at(k)]!);
        return { items, total: positions.length };
      }
      const items: ReceiveConnector[] = [];
      let total = 0;
      for (let k = 0; k < positions.length; k += 1) {
        const i = at(k);
        const c = views[i]!;
        if (query.usage !== undefined && c.usage !== query.usage) continue;
        if (query.status !== undefined && c.enabled !== (query.status === 'enabled')) continue;
        if (needle !== '' && !haystack(i).includes(needle)) continue;
        if (total >= from && total < to) items.push(c);
        total += 1;
      }
      return { items, total };
    },
  };
}
