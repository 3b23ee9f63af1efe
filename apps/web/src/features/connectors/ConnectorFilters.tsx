export type SortKey = 'name' | 'usage' | 'enabled' | 'risk';
export interface ListFilter {
  q: string;
  usage: string;
  status: string;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
}

const USAGES = ['Custom', 'Internet', 'Internal', 'Client', 'Partner'] as const;

/** The list's filter and sort controls; they write to the URL through `update`, so a filtered list can be shared. */
export function ConnectorFilters({ filter, update }: { filter: ListFilter; update: (changes: Record<string, string>) => void }) {
  return (
    <div className="filters" role="search" aria-label="Filter connectors">
      <div className="field inline">
        <label htmlFor="filter-q">Filter</label>
        <input id="filter-q" type="search" value={filter.q} placeholder="Name, address, range…" onChange={(e) => update({ q: e.target.value })} />
      </div>
      <div className="field inline">
        <label htmlFor="filter-usage">Usage</label>
        <select id="filter-usage" value={filter.usage} onChange={(e) => update({ usage: e.target.value })}>
          <option value="">All</option>
          {USAGES.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </div>
      <div className="field inline">
        <label htmlFor="filter-sort">Sort by</label>
        <select
          id="filter-sort"
          value={`${filter.sort.key}:${filter.sort.dir}`}
          onChange={(e) => {
            const [key, dir] = e.target.value.split(':');
            update({ sort: key ?? 'name', dir: dir ?? 'asc' });
          }}
        >
          <option value="name:asc">Name (A–Z)</option>
          <option value="name:desc">Name (Z–A)</option>
          <option value="usage:asc">Usage</option>
          <option value="enabled:asc">Status (enabled first)</option>
          <option value="enabled:desc">Status (disabled first)</option>
          <option value="risk:asc">Risk (most severe first)</option>
        </select>
      </div>
      <div className="field inline">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={filter.status} onChange={(e) => update({ status: e.target.value })}>
          <option value="">All</option>
          <option value="enabled">Enabled</option>
          <option value="disabled">Disabled</option>
        </select>
      </div>
    </div>
  );
}
