import { useId, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Finding } from '@cc/connector-engine';
import { useFindings, useServers } from '../../api/hooks.ts';
import { useCan } from '../../app/session.ts';
import { SeverityBadge } from '../../components/Badge.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { humanizeCode } from '../../lib/format.ts';

const SEVERITIES = [
  { id: 'critical', title: 'Critical' },
  { id: 'high', title: 'High' },
  { id: 'medium', title: 'Medium' },
  { id: 'low', title: 'Low' },
] as const;

/** The property tab where each finding is fixed; anything else opens on General. */
const TAB_OF_CODE: Record<string, string> = {
  OPEN_RELAY: 'permissions',
  SELF_DOMAIN_SPOOFING: 'permissions',
  STRANDED_ENTRY: 'permissions',
  WIDE_EXTERNALLY_SECURED: 'network',
  SHADOWED_RANGES: 'network',
  BINDING_NOT_ON_SERVER: 'network',
};

function FindingTable({ title, findings, canFix }: { title: string; findings: Finding[]; canFix: boolean }) {
  return (
    <DataTable
      caption={`${title} findings, ${findings.length}`}
      className="findings-table"
      rows={findings}
      rowKey={(f) => `${f.connectorId}-${f.code}-${f.message}`}
      rowTestId={(f) => `finding-${f.code}`}
      columns={[
        {
          header: 'Connector',
          rowHeader: true,
          cell: (f) => (
            <>
              <Link to={`/connectors/${encodeURIComponent(f.connectorId)}`}>{f.connectorName}</Link>
              <div className="muted small">on {f.server}</div>
            </>
          ),
        },
        {
          header: 'Finding',
          cell: (f) => (
            <>
              <SeverityBadge severity={f.severity}>{humanizeCode(f.code)}</SeverityBadge>
              <p className="finding-message">{f.message}</p>
            </>
          ),
        },
        {
          header: 'Fix',
          cell: (f) => (
            <>
              <p className="finding-fix">{f.fix}</p>
              <ShellCommands commands={f.shell.split('\n')} title="Exchange Management Shell" />
              {canFix ? (
                <Link to={`/connectors/${encodeURIComponent(f.connectorId)}?tab=${TAB_OF_CODE[f.code] ?? 'general'}`}>Fix it in the properties of {f.connectorName}</Link>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
}

export default function FindingsPage() {
  usePageTitle('Findings');
  const id = useId();
  const findings = useFindings();
  const servers = useServers();
  const canFix = useCan('connectors:write');
  const [params, setParams] = useSearchParams();
  const server = params.get('server') ?? '';

  const shown = useMemo(
    () => (findings.data ?? []).filter((f) => !server || f.server.toLowerCase() === server.toLowerCase()),
    [findings.data, server],
  );

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Findings</h1>
      <p className="muted">
        Risks in the organisation&apos;s receive connectors — open relay, wide Externally Secured scopes, self-domain spoofing, shadowed ranges, stranded
        entries — most severe first, each with its connector and its fix.
      </p>

      <div className="filters">
        <div className="field inline">
          <label htmlFor={`${id}-server`}>Server</label>
          <select
            id={`${id}-server`}
            value={server}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('server', e.target.value);
              else next.delete('server');
              setParams(next, { replace: true });
            }}
          >
            <option value="">All servers</option>
            {(servers.data ?? []).map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>

      {findings.isLoading ? <Loading label="Looking for risks…" /> : null}
      {findings.error ? <ErrorMessage error={findings.error} title="The findings could not be loaded" retry={() => void findings.refetch()} /> : null}
      {findings.data && shown.length === 0 ? (
        <Empty>{server ? `No risk found on ${server}.` : 'No risk found: every receive connector passes the checks.'}</Empty>
      ) : null}

      {shown.length > 0 ? (
        <>
          <p role="status">
            {shown.length} {shown.length === 1 ? 'finding' : 'findings'}
            {server ? ` on ${server}` : ''}:{' '}
            {SEVERITIES.map((s) => ({ ...s, n: shown.filter((f) => f.severity === s.id).length }))
              .filter((s) => s.n > 0)
              .map((s) => `${s.n} ${s.title.toLowerCase()}`)
              .join(', ')}
            .
          </p>
          {SEVERITIES.map((s) => {
            const list = shown.filter((f) => f.severity === s.id);
            if (list.length === 0) return null;
            return (
              <section key={s.id} aria-labelledby={`${id}-${s.id}`} className="severity-group">
                <h2 id={`${id}-${s.id}`}>
                  {s.title} <span className="muted small">({list.length})</span>
                </h2>
                <FindingTable title={s.title} findings={list} canFix={canFix} />
              </section>
            );
          })}
        </>
      ) : null}
    </section>
  );
}
