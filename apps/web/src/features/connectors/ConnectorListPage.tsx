import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { Finding } from '@cc/connector-engine';
import { useConnectorPage, useFindings, useRemoveConnector, useSetEnabled } from '../../api/hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { useCan } from '../../app/session.ts';
import { ConfirmAction, useConfirm } from '../../components/ConfirmAction.tsx';
import { DataTable, PlainList, type Column } from '../../components/DataTable.tsx';
import { StatusLine, useOutcome } from '../../components/QueryStates.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useEngine } from '../../lib/engine-loader.ts';
import { AUTH_SHORT, bindingLabel } from '../../lib/labels.ts';
import { ConnectorFilters, type ListFilter, type SortKey } from './ConnectorFilters.tsx';
import { RangeList, RiskBadges, StatusBadge, UsageBadge, groupLabel, isInstallDefault } from './connector-cells.tsx';
import { DisableConsequence, RemoveConsequence } from './consequences.tsx';
import { ExportLinks } from '../import/ExportLinks.tsx';

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

export default function ConnectorListPage() {
  const { serverName, server, isLoading: serversLoading, error: serversError } = useServerChoice();
  usePageTitle(serverName ? `Receive connectors on ${serverName}` : 'Receive connectors');
  const findings = useFindings();
  const setEnabled = useSetEnabled();
  const remove = useRemoveConnector();
  const canWrite = useCan('connectors:write');
  const engine = useEngine();
  const [params, setParams] = useSearchParams();
  const disabling = useConfirm<ConnectorView>();
  const removing = useConfirm<ConnectorView>();
  const outcome = useOutcome(setEnabled, remove);
  // A connector removed from its properties page comes back here with what happened.
  const arrived = (useLocation().state as { status?: string } | null)?.status ?? '';

  const filter: ListFilter = {
    q: params.get('q') ?? '',
    usage: params.get('usage') ?? '',
    status: params.get('status') ?? '',
    sort: { key: (params.get('sort') as SortKey | null) ?? 'name', dir: params.get('dir') === 'desc' ? 'desc' : 'asc' },
  };
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v);
    else next.delete(k);
    // A new filter or order starts at the first page.
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const byConnector = useMemo(() => {
    const map = new Map<string, Finding[]>();
    for (const f of findings.data ?? []) map.set(f.connectorId, [...(map.get(f.connectorId) ?? []), f]);
    return map;
  }, [findings.data]);

  const { q, usage, status, sort } = filter;
  const pageNumber = Math.max(0, Number(params.get('page') ?? '0') || 0);
  const settledQ = useSettled(q, FILTER_DELAY_MS);
  const connectors = useConnectorPage(serverName, { q: settledQ, usage, status, sort: sort.key, dir: sort.dir, offset: pageNumber * PAGE_SIZE, limit: PAGE_SIZE });
  const rows = connectors.data?.items ?? [];
  const total = connectors.data?.total ?? 0;
  const filtered = settledQ.trim() !== '' || usage !== '' || status !== '';
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const sortable = (label: string, column: SortKey) => {
    const active = sort.key === column;
    return {
      sort: active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none',
      header: (
        <button type="button" className="sort" onClick={() => update({ sort: column, dir: active && sort.dir === 'asc' ? 'desc' : 'asc' })}>
          {label}
          <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
        </button>
      ),
    } as const;
  };

  const columns: Column<ConnectorView>[] = [
    {
      ...sortable('Name', 'name'),
      rowHeader: true,
      cell: (c) => (
        <>
          <Link to={`/connectors/${encodeURIComponent(c.id)}`}>{c.name}</Link>
          <div className="row-badges">
            <StatusBadge enabled={c.enabled} />{' '}
            {engine && server ? <UsageBadge usage={c.usage} installDefault={isInstallDefault(engine.installDefaultConnectors, c, server.role)} /> : null}
          </div>
        </>
      ),
    },
    { header: 'Bindings', cell: (c) => <PlainList items={c.bindings.map(bindingLabel)} code /> },
    { header: 'Remote IP ranges', cell: (c) => <RangeList ranges={c.remoteIPRanges} engine={engine} /> },
    { header: 'Authentication', cell: (c) => <PlainList items={c.authMechanism.map((m) => AUTH_SHORT[m] ?? m)} /> },
    {
      header: 'Permission groups',
      cell: (c) =>
        c.permissionGroups.length > 0
          ? c.permissionGroups.map((g) => (
              <span key={g} className="tag">
                {groupLabel(engine, g)}
              </span>
            ))
          : 'None',
    },
    { ...sortable('Risk', 'risk'), cell: (c) => <RiskBadges findings={byConnector.get(c.id) ?? []} /> },
  ];

  const busy = (c: ConnectorView) => (setEnabled.isPending && setEnabled.variables?.id === c.id) || (remove.isPending && remove.variables?.id === c.id);
  const rowActions = (c: ConnectorView) => [
    {
      label: c.enabled ? 'Disable' : 'Enable',
      target: c.name,
      disabled: busy(c),
      onClick: () => {
        outcome.clear();
        if (c.enabled) disabling.ask(c);
        else setEnabled.mutate({ id: c.id, enabled: true });
      },
    },
    {
      label: 'Remove',
      target: c.name,
      disabled: busy(c),
      onClick: () => {
        outcome.clear();
        removing.ask(c);
      },
    },
  ];

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Receive connectors{serverName ? ` on ${serverName}` : ''}</h1>
        {canWrite && serverName ? (
          <Link className="button primary" to={`/connectors/new?server=${encodeURIComponent(serverName)}`}>
            New Receive Connector…
          </Link>
        ) : null}
        {serverName ? <ExportLinks server={serverName} /> : null}
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
          <ConnectorFilters filter={filter} update={update} />

          {findings.error ? <p className="muted small">Risk findings are not available right now.</p> : null}
          {setEnabled.error ? <ErrorMessage error={setEnabled.error} title="The status was not changed" /> : null}
          {remove.error ? <ErrorMessage error={remove.error} title="The connector was not removed" /> : null}
          <StatusLine message={outcome.message || arrived} />

          {connectors.isLoading ? <Loading label="Loading receive connectors…" /> : null}
          {connectors.error ? (
            <ErrorMessage error={connectors.error} title="Receive connectors could not be loaded" retry={() => void connectors.refetch()} />
          ) : null}
          {connectors.data ? (
            <DataTable
              caption={`Receive connectors on ${serverName}, ${rows.length} shown of ${total}`}
              className="connectors"
              rows={rows}
              rowKey={(c) => c.id}
              rowTestId={(c) => `connector-row-${c.id}`}
              columns={columns}
              actions={canWrite ? rowActions : undefined}
              empty={filtered ? 'No connector matches the filter.' : `${serverName} has no receive connectors.`}
            />
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

      <ConfirmAction
        target={disabling.target}
        title={(c) => `Disable ${c.name}?`}
        confirmLabel="Disable"
        onCancel={disabling.cancel}
        onConfirm={(c) => setEnabled.mutate({ id: c.id, enabled: false }, { onSuccess: () => outcome.announce(`${c.name} is disabled.`) })}
      >
        {(c) => <DisableConsequence connector={c} />}
      </ConfirmAction>
      <ConfirmAction
        target={removing.target}
        title={(c) => `Remove ${c.name}?`}
        confirmLabel="Remove"
        onCancel={removing.cancel}
        onConfirm={(c) => remove.mutate({ id: c.id, version: c.version }, { onSuccess: () => outcome.announce(`${c.name} was removed from ${c.server}.`) })}
      >
        {(c) => <RemoveConsequence connector={c} />}
      </ConfirmAction>
    </section>
  );
}
