import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Finding, PermissionGroup } from '@cc/connector-engine';
import { useConnectorPage, useFindings, useSetEnabled } from '../../api/hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { useCan } from '../../app/session.ts';
import { Badge, SeverityBadge } from '../../components/Badge.tsx';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useEngine } from '../../lib/engine-loader.ts';
import { formatAddressCount, humanizeCode } from '../../lib/format.ts';
import { AUTH_SHORT, bindingLabel } from '../../lib/labels.ts';

type SortKey = 'name' | 'usage' | 'enabled' | 'risk';
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
/** Rows per page: the server filters, sorts and pages, so a server with 10,000 connectors renders one page. */
const PAGE_SIZE = 100;
/** Typing in the filter asks the server once the typing pauses. */
const FILTER_DELAY_MS = 250;

/** `value`, once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const USAGES = ['Custom', 'Internet', 'Internal', 'Client', 'Partner'] as const;

type Engine = NonNullable<ReturnType<typeof useEngine>>;

function groupLabel(engine: Engine | null, g: string): string {
  return g === 'Custom' || !engine ? g : (engine.PERMISSION_GROUP_LABELS[g as PermissionGroup] ?? g);
}

/** Each range with its address count, counted by the engine once it has loaded. */
function RangeList({ ranges, engine }: { ranges: string[]; engine: Engine | null }) {
  if (ranges.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="plain">
      {ranges.map((text) => {
        const parsed = engine?.parseIpRange(text);
        return (
          <li key={text}>
            <code>{text}</code>{' '}
            {parsed ? (
              <span className="muted small">{parsed.ok ? `(${formatAddressCount(engine!.rangeSize(parsed.value))})` : '(not a valid range)'}</span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function RiskBadges({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="plain">
      {[...findings]
        .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9))
        .map((f, i) => (
          <li key={`${f.code}-${i}`} title={f.message}>
            <SeverityBadge severity={f.severity}>{humanizeCode(f.code)}</SeverityBadge>
          </li>
        ))}
    </ul>
  );
}

function SortHeader({
  label,
  column,
  sort,
  onSort,
}: {
  label: string;
  column: SortKey;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  onSort: (key: SortKey) => void;
}) {
  const active = sort.key === column;
  return (
    <th scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}

export default function ConnectorListPage() {
  const { serverName, server, isLoading: serversLoading, error: serversError } = useServerChoice();
  usePageTitle(serverName ? `Receive connectors on ${serverName}` : 'Receive connectors');
  const findings = useFindings();
  const setEnabled = useSetEnabled();
  const canWrite = useCan('connectors:write');
  const engine = useEngine();
  const [params, setParams] = useSearchParams();
  const [confirm, setConfirm] = useState<ConnectorView | null>(null);

  const filter = params.get('q') ?? '';
  const usage = params.get('usage') ?? '';
  const status = params.get('status') ?? '';
  const sort = { key: (params.get('sort') as SortKey | null) ?? 'name', dir: params.get('dir') === 'desc' ? 'desc' : 'asc' } as const;
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v);
    else next.delete(k);
    // A new filter or order starts at the first page.
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };
  const onSort = (key: SortKey) => update({ sort: key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' });

  const byConnector = useMemo(() => {
    const map = new Map<string, Finding[]>();
    for (const f of findings.data ?? []) map.set(f.connectorId, [...(map.get(f.connectorId) ?? []), f]);
    return map;
  }, [findings.data]);

  const pageNumber = Math.max(0, Number(params.get('page') ?? '0') || 0);
  const settledFilter = useSettled(filter, FILTER_DELAY_MS);
  const connectors = useConnectorPage(serverName, {
    q: settledFilter,
    usage,
    status,
    sort: sort.key,
    dir: sort.dir,
    offset: pageNumber * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const rows = connectors.data?.items ?? [];
  const total = connectors.data?.total ?? 0;
  const filtered = settledFilter.trim() !== '' || usage !== '' || status !== '';
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const toggle = (c: ConnectorView) => {
    if (c.enabled) setConfirm(c);
    else setEnabled.mutate({ id: c.id, enabled: true });
  };

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Receive connectors{serverName ? ` on ${serverName}` : ''}</h1>
        {canWrite && serverName ? (
          <Link className="button primary" to={`/connectors/new?server=${encodeURIComponent(serverName)}`}>
            New Receive Connector…
          </Link>
        ) : null}
      </div>
      {server ? (
        <p className="muted">
          {server.fqdn} · {server.role === 'Edge' ? 'Edge Transport' : 'Hub Transport'} · addresses {server.ipAddresses.join(', ') || 'none'}
        </p>
      ) : null}

      {serversLoading ? <Loading label="Loading servers…" /> : null}
      {serversError ? <ErrorMessage error={serversError} title="Servers could not be loaded" /> : null}
      {!serversLoading && !serversError && !serverName ? <Empty>There are no transport servers yet. Add one on the Servers page.</Empty> : null}

      {serverName ? (
        <>
          <div className="filters" role="search" aria-label="Filter connectors">
            <div className="field inline">
              <label htmlFor="filter-q">Filter</label>
              <input id="filter-q" type="search" value={filter} placeholder="Name, address, range…" onChange={(e) => update({ q: e.target.value })} />
            </div>
            <div className="field inline">
              <label htmlFor="filter-usage">Usage</label>
              <select id="filter-usage" value={usage} onChange={(e) => update({ usage: e.target.value })}>
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
              <select id="filter-sort" value={`${sort.key}:${sort.dir}`} onChange={(e) => {
                const [key, dir] = e.target.value.split(':');
                update({ sort: key ?? 'name', dir: dir ?? 'asc' });
              }}>
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
              <select id="filter-status" value={status} onChange={(e) => update({ status: e.target.value })}>
                <option value="">All</option>
                <option value="enabled">Enabled</option>
                <option value="disabled">Disabled</option>
              </select>
            </div>
          </div>

          {findings.error ? <p className="muted small">Risk findings are not available right now.</p> : null}
          {setEnabled.error ? <ErrorMessage error={setEnabled.error} title="The status was not changed" /> : null}

          {connectors.isLoading ? <Loading label="Loading receive connectors…" /> : null}
          {connectors.error ? (
            <ErrorMessage error={connectors.error} title="Receive connectors could not be loaded" retry={() => void connectors.refetch()} />
          ) : null}
          {connectors.data && total === 0 && !filtered ? <Empty>{serverName} has no receive connectors.</Empty> : null}
          {connectors.data && total === 0 && filtered ? <Empty>No connector matches the filter.</Empty> : null}

          {rows.length > 0 ? (
            <div className="table-wrap">
              <table className="data connectors">
                <caption className="visually-hidden">
                  Receive connectors on {serverName}, {rows.length} shown of {total}
                </caption>
                <thead>
                  <tr>
                    <SortHeader label="Name" column="name" sort={sort} onSort={onSort} />
                    <th scope="col">Bindings</th>
                    <th scope="col">Remote IP ranges</th>
                    <th scope="col">Authentication</th>
                    <th scope="col">Permission groups</th>
                    <SortHeader label="Risk" column="risk" sort={sort} onSort={onSort} />
                    {canWrite ? <th scope="col">Actions</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id} data-testid={`connector-row-${c.id}`}>
                      <th scope="row">
                        <Link to={`/connectors/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                        <div className="row-badges">
                          {c.enabled ? <Badge tone="ok">Enabled</Badge> : <Badge>Disabled</Badge>} <Badge title="Intended use">{c.usage}</Badge>
                        </div>
                      </th>
                      <td>
                        <ul className="plain">
                          {c.bindings.map((b) => (
                            <li key={b}>
                              <code>{bindingLabel(b)}</code>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        <RangeList ranges={c.remoteIPRanges} engine={engine} />
                      </td>
                      <td>
                        {c.authMechanism.length > 0 ? (
                          <ul className="plain">
                            {c.authMechanism.map((m) => (
                              <li key={m}>{AUTH_SHORT[m] ?? m}</li>
                            ))}
                          </ul>
                        ) : (
                          'None'
                        )}
                      </td>
                      <td>
                        {c.permissionGroups.length > 0
                          ? c.permissionGroups.map((g) => (
                              <span key={g} className="tag">
                                {groupLabel(engine, g)}
                              </span>
                            ))
                          : 'None'}
                      </td>
                      <td>
                        <RiskBadges findings={byConnector.get(c.id) ?? []} />
                      </td>
                      {canWrite ? (
                        <td>
                          <button
                            type="button"
                            onClick={() => toggle(c)}
                            disabled={setEnabled.isPending && setEnabled.variables?.id === c.id}
                          >
                            {c.enabled ? 'Disable' : 'Enable'}
                            <span className="visually-hidden"> {c.name}</span>
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {total > PAGE_SIZE ? (
            <nav className="pager" aria-label="Pages of connectors">
              <button type="button" disabled={pageNumber === 0} onClick={() => update({ page: pageNumber > 1 ? String(pageNumber - 1) : '' })}>
                Previous
              </button>
              <span>
                {pageNumber * PAGE_SIZE + 1}–{Math.min(total, (pageNumber + 1) * PAGE_SIZE)} of {total}
              </span>
              <button type="button" disabled={pageNumber + 1 >= pages} onClick={() => update({ page: String(pageNumber + 1) })}>
                Next
              </button>
            </nav>
          ) : null}
        </>
      ) : null}

      <ConfirmDialog
        open={confirm !== null}
        title={`Disable ${confirm?.name ?? ''}?`}
        confirmLabel="Disable"
        danger
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          if (confirm) setEnabled.mutate({ id: confirm.id, enabled: false });
          setConfirm(null);
        }}
      >
        <p>
          While it is disabled, {confirm?.name} accepts no connections; mail from its remote IP ranges goes to the next matching
          connector, or is refused.
        </p>
      </ConfirmDialog>
    </section>
  );
}
