import { useEffect, useId, useMemo, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useConnectors, usePrincipals } from '../../api/hooks.ts';
import { useConnectorById, usePrincipalMatrix } from '../../api/helpdesk-hooks.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { Matrix } from './Matrix.tsx';
import { useRelaySentence } from './relay-sentence.ts';
import { SessionView } from './SessionView.tsx';
import './effective-permissions.css';

const SESSION_KINDS = [
  { value: 'anonymous', label: 'Anonymous users (NT AUTHORITY\\ANONYMOUS LOGON)' },
  { value: 'externallySecured', label: 'Externally Secured (MS Exchange\\Externally Secured Servers)' },
  { value: 'partner', label: 'Partners (MS Exchange\\Partner Servers)' },
  { value: 'exchangeServer', label: 'Exchange servers (Exchange Server authentication)' },
] as const;

export default function EffectivePermissionsPage() {
  const id = useId();
  const { serverName, isLoading: serversLoading, error: serversError } = useServerChoice();
  const list = useConnectors(serverName);
  const principals = usePrincipals();
  const [params, setParams] = useSearchParams();

  const sorted = useMemo(() => [...(list.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [list.data]);
  const wanted = params.get('connector');
  const connectorId = wanted ?? sorted[0]?.id ?? null;
  // A shared link may name a connector of another server than the header's: load it by id.
  const one = useConnectorById(connectorId && !sorted.some((c) => c.id === connectorId) ? connectorId : null);
  const connector = sorted.find((c) => c.id === connectorId) ?? (connectorId && one.data ? one.data.data : undefined);
  const identity = params.get('identity');
  const mode = identity ? 'session' : 'matrix';

  const matrix = usePrincipalMatrix(mode === 'matrix' ? (connector?.id ?? null) : null);
  const relay = useRelaySentence(connector);
  usePageTitle(connector ? `Effective permissions on ${connector.name}` : 'Effective permissions');

  const users = (principals.data ?? []).filter((p) => p.kind === 'user');
  const identityOptions = [...SESSION_KINDS, ...users.map((u) => ({ value: `user:${u.name}`, label: `${u.name} (directory user)` }))];
  const identityLabel = identityOptions.find((o) => o.value === identity)?.label ?? identity ?? '';

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const options = connector && !sorted.some((c) => c.id === connector.id) ? [connector, ...sorted] : sorted;

  // Choosing another server in the header starts over on that server's connectors (a shared link keeps its own).
  const previousServer = useRef(serverName);
  useEffect(() => {
    if (previousServer.current !== null && serverName !== previousServer.current && params.has('connector')) {
      const next = new URLSearchParams(params);
      next.delete('connector');
      setParams(next, { replace: true });
    }
    previousServer.current = serverName;
  }, [serverName, params, setParams]);

  return (
    <section className="page effective-permissions" aria-labelledby="page-title">
      <h1 id="page-title">Effective permissions</h1>
      <p className="muted">
        Which extended rights each principal, or each kind of SMTP session, holds on a receive connector — and which permission entry gave or removed
        each one.
      </p>

      {serversLoading ? <Loading label="Loading servers…" /> : null}
      {serversError ? <ErrorMessage error={serversError} title="Servers could not be loaded" /> : null}
      {list.isLoading ? <Loading label="Loading receive connectors…" /> : null}
      {list.error ? <ErrorMessage error={list.error} title="Receive connectors could not be loaded" retry={() => void list.refetch()} /> : null}
      {!serversLoading && !serverName ? <Empty>There are no transport servers yet.</Empty> : null}
      {list.data && list.data.length === 0 && !wanted ? <Empty>{serverName} has no receive connectors.</Empty> : null}

      {options.length > 0 ? (
        <div className="filters" role="group" aria-label="What to show">
          <div className="field inline">
            <label htmlFor={`${id}-connector`}>Receive connector</label>
            <select id={`${id}-connector`} value={connector?.id ?? ''} onChange={(e) => update({ connector: e.target.value })}>
              {options.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.server.toLowerCase() !== (serverName ?? '').toLowerCase() ? ` (${c.server})` : ''}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="inline-radios view-choice">
            <legend>Show</legend>
            <label>
              <input type="radio" name={`${id}-mode`} checked={mode === 'matrix'} onChange={() => update({ identity: null })} /> Every principal (matrix)
            </label>
            <label>
              <input type="radio" name={`${id}-mode`} checked={mode === 'session'} onChange={() => update({ identity: identity ?? 'anonymous' })} /> One
              session
            </label>
          </fieldset>
          {mode === 'session' ? (
            <div className="field inline">
              <label htmlFor={`${id}-identity`}>Session identity</label>
              <select id={`${id}-identity`} value={identity ?? ''} onChange={(e) => update({ identity: e.target.value })}>
                {identityOptions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
                {identity && !identityOptions.some((o) => o.value === identity) ? <option value={identity}>{identity}</option> : null}
              </select>
            </div>
          ) : null}
        </div>
      ) : null}

      {connectorId && !connector && one.isLoading ? <Loading label="Loading the connector…" /> : null}
      {connectorId && !connector && one.error ? <ErrorMessage error={one.error} title="The connector could not be loaded" /> : null}

      {connector ? (
        <>
          <div className="relay-answer" data-testid="relay-summary">
            {/* The question once, as the heading the answer belongs to; screen readers no longer hear it twice. */}
            <h2 className="relay-question">Who can relay through {connector.name}?</h2>
            <p className="lead">{relay.text ?? (relay.isLoading ? 'Working it out…' : relay.error ? 'The connector’s permissions could not be read.' : '')}</p>
            <p className="small">
              Remote IP ranges: {connector.remoteIPRanges.map((r) => <code key={r} className="chip">{r}</code>)} ·{' '}
              <Link to={`/connectors/${encodeURIComponent(connector.id)}?tab=permissions`}>Permissions of {connector.name}</Link>
            </p>
          </div>

          {mode === 'matrix' ? (
            <>
              {matrix.isLoading ? <Loading label="Evaluating every principal…" /> : null}
              {matrix.error ? <ErrorMessage error={matrix.error} title="The permissions could not be evaluated" retry={() => void matrix.refetch()} /> : null}
              {matrix.data ? (
                matrix.data.length === 0 ? (
                  <Empty>No principal holds or is denied any right on this connector.</Empty>
                ) : (
                  <Matrix key={connector.id} rows={matrix.data} connector={connector} server={connector.server} />
                )
              ) : null}
            </>
          ) : identity ? (
            <SessionView connector={connector} identity={identity} label={identityLabel} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
