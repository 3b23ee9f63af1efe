import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  EXTERNALLY_SECURED_SERVERS,
  RECEIVE_RIGHTS,
  RIGHT_CONSEQUENCES,
  relaySummary,
  samePrincipal,
  type EffectivePermissions,
  type Principal,
  type ReceiveRight,
  type RightDecision,
} from '@cc/connector-engine';
import { useConnectors, useDomain, usePrincipals } from '../../api/hooks.ts';
import { useConnectorById, useConnectorEntries, usePrincipalMatrix, useSessionPermissions } from '../../api/helpdesk-hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { Badge } from '../../components/Badge.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { UNKNOWN_DOMAIN, toState } from '../connector-form/engine.ts';
import { CELL_LABEL, RIGHT_SHORT, cellState, describeEntry, rightDisplay, type CellState } from './provenance.ts';
import './effective-permissions.css';

const SESSION_KINDS = [
  { value: 'anonymous', label: 'Anonymous users (NT AUTHORITY\\ANONYMOUS LOGON)' },
  { value: 'externallySecured', label: 'Externally Secured (MS Exchange\\Externally Secured Servers)' },
  { value: 'partner', label: 'Partners (MS Exchange\\Partner Servers)' },
  { value: 'exchangeServer', label: 'Exchange servers (Exchange Server authentication)' },
] as const;

const ES_ORIGIN =
  'Sessions get this identity only when the connector’s authentication includes Externally Secured (ExternalAuthoritative); its entries are written by the Exchange servers permission group.';

const SYMBOL: Record<CellState, string> = { granted: '✓', denied: '✕', none: '–' };

/** "Who can relay through this connector?" — the engine's sentence from the connector, its ACL and the directory. */
function useRelaySentence(view: ConnectorView | undefined): { text: string | null; isLoading: boolean; error: unknown } {
  const { servers } = useServerChoice();
  const entries = useConnectorEntries(view?.id ?? null);
  const principals = usePrincipals();
  const { domain } = useDomain();
  const text = useMemo(() => {
    if (!view || !entries.data) return null;
    const server = servers.find((s) => s.name.toLowerCase() === view.server.toLowerCase());
    if (!server) return null;
    const directory = (principals.data ?? []).filter((p): p is Principal & { id: string } => p.kind === 'user' || p.kind === 'group');
    return relaySummary(toState(view, entries.data.filter((e) => !e.inherited)), {
      server,
      domain: domain ?? UNKNOWN_DOMAIN,
      connectors: [],
      inheritedEntries: entries.data.filter((e) => e.inherited),
      acceptedDomains: [],
      directory,
    });
  }, [view, entries.data, servers, principals.data, domain]);
  return { text, isLoading: entries.isLoading, error: entries.error };
}

/** DOMAIN\name with a line-break opportunity after the backslash, so long names wrap between their parts. */
function PrincipalName({ name }: { name: string }) {
  const at = name.indexOf('\\');
  if (at < 0) return <>{name}</>;
  return (
    <>
      {name.slice(0, at + 1)}
      <wbr />
      {name.slice(at + 1)}
    </>
  );
}

interface Selected {
  principal: string;
  right: ReceiveRight;
}

function Matrix({ rows, connector, server }: { rows: EffectivePermissions[]; connector: ConnectorView; server: string }) {
  const [selected, setSelected] = useState<Selected | null>(null);
  const id = useId();
  const row = selected ? rows.find((r) => r.identity === selected.principal) : undefined;
  const decision = row?.rights.find((r) => r.right === selected?.right);

  return (
    <>
      <p className="hint">
        Each cell is what that principal holds on its own. Select a cell to see which entry allowed it or which deny removed it.
      </p>
      <div className="table-wrap">
        <table className="data matrix" data-testid="permission-matrix">
          <caption>
            Effective permissions on {connector.name}: principals × extended rights
          </caption>
          <thead>
            <tr>
              <th scope="col" className="principal-col">
                Principal
              </th>
              {RECEIVE_RIGHTS.map((right) => (
                <th scope="col" key={right} title={right}>
                  <span aria-hidden="true">{RIGHT_SHORT[right]}</span>
                  <span className="visually-hidden">{right}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.identity} data-testid={`matrix-row-${r.identity}`}>
                <th scope="row" className="principal-col">
                  <PrincipalName name={r.displayName} />
                  {r.note ? <span className="row-note">{r.note}</span> : null}
                </th>
                {RECEIVE_RIGHTS.map((right) => {
                  const d = r.rights.find((x) => x.right === right);
                  const state: CellState = d ? cellState(d) : 'none';
                  const isSelected = selected?.principal === r.identity && selected.right === right;
                  return (
                    <td key={right} className={`cell cell-${state}`} data-right={right} data-state={state}>
                      <button
                        type="button"
                        aria-pressed={isSelected}
                        aria-controls={`${id}-provenance`}
                        onClick={() => setSelected(isSelected ? null : { principal: r.identity, right })}
                      >
                        <span aria-hidden="true">{SYMBOL[state]}</span>
                        <span className="visually-hidden">
                          {r.displayName}, {right}: {CELL_LABEL[state]}
                        </span>
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="legend small">
        <span aria-hidden="true">✓</span> allowed · <span aria-hidden="true">✕</span> denied by a deny entry · <span aria-hidden="true">–</span> not
        granted
      </p>
      <section id={`${id}-provenance`} className="provenance" aria-live="polite" aria-labelledby={`${id}-provenance-title`}>
        <h2 id={`${id}-provenance-title`}>Where it comes from</h2>
        {row && decision ? (
          <Provenance principal={row} decision={decision} server={server} />
        ) : (
          <p className="muted">Select a cell of the matrix.</p>
        )}
      </section>
    </>
  );
}

function Provenance({ principal, decision, server }: { principal: EffectivePermissions; decision: RightDecision; server: string }) {
  const state = cellState(decision);
  const isES = samePrincipal(principal.identity, EXTERNALLY_SECURED_SERVERS);
  return (
    <div data-testid="provenance">
      <p>
        <strong>{principal.displayName}</strong> — <code>{decision.right}</code> ({rightDisplay(decision.right)}):{' '}
        <Badge tone={state === 'granted' ? 'ok' : state === 'denied' ? 'danger' : 'neutral'}>{CELL_LABEL[state]}</Badge>
      </p>
      {decision.allowedBy.length > 0 ? (
        <>
          <p>{state === 'granted' ? 'Allowed by:' : 'Allowed by (but overridden by the deny below):'}</p>
          <ul>
            {decision.allowedBy.map((p) => (
              <li key={p.entryId}>{describeEntry(p, server)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {decision.deniedBy.length > 0 ? (
        <>
          <p>Removed by:</p>
          <ul>
            {decision.deniedBy.map((p) => (
              <li key={p.entryId}>{describeEntry(p, server)}</li>
            ))}
          </ul>
          <p className="small muted">A deny entry on the connector beats every allow entry, whichever permission group wrote it.</p>
        </>
      ) : null}
      {state === 'none' ? <p>No entry on this connector or its server grants this right to {principal.displayName}.</p> : null}
      {state !== 'granted' ? (
        <p>
          <strong>Without it:</strong> {RIGHT_CONSEQUENCES[decision.right]}
        </p>
      ) : null}
      {isES ? <p className="notice">{principal.note ? `${principal.note} ` : ''}{ES_ORIGIN}</p> : principal.note ? <p className="notice">{principal.note}</p> : null}
    </div>
  );
}

function SessionView({ connector, identity, label }: { connector: ConnectorView; identity: string; label: string }) {
  const answer = useSessionPermissions(connector.id, identity);
  // Whether sessions on this connector really get the Externally Secured identity: the API's note on that principal.
  const matrix = usePrincipalMatrix(identity === 'externallySecured' ? connector.id : null);
  const esNote = matrix.data?.find((r) => samePrincipal(r.identity, EXTERNALLY_SECURED_SERVERS))?.note;
  if (answer.isLoading) return <Loading label="Evaluating the session’s rights…" />;
  if (answer.error) return <ErrorMessage error={answer.error} title="The rights could not be evaluated" retry={() => void answer.refetch()} />;
  const p = answer.data;
  if (!p) return null;
  const held = p.rights.filter((r) => r.granted);
  return (
    <div data-testid="session-rights">
      <p>
        <strong>{label}</strong> runs as <strong>{p.displayName}</strong> and holds{' '}
        <strong>
          {held.length} of {p.rights.length}
        </strong>{' '}
        rights on {connector.name}.
      </p>
      <p className="small muted">
        Identities checked: {p.sids.join(', ')}
      </p>
      {p.note ? <p className="notice">{p.note}</p> : null}
      {identity === 'externallySecured' ? (
        <p className="notice">
          {esNote ? `${esNote} ` : ''}
          {ES_ORIGIN}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="data session">
          <caption>
            Rights of {p.displayName} on {connector.name}
          </caption>
          <thead>
            <tr>
              <th scope="col">Right</th>
              <th scope="col">Result</th>
              <th scope="col">Where it comes from, or what the session cannot do without it</th>
            </tr>
          </thead>
          <tbody>
            {p.rights.map((d) => {
              const state = cellState(d);
              return (
                <tr key={d.right} className={d.granted ? undefined : 'not-granted'} data-right={d.right} data-state={state}>
                  <th scope="row">
                    <code>{d.right}</code>
                    <span className="muted small"> — {rightDisplay(d.right)}</span>
                  </th>
                  <td>
                    <Badge tone={state === 'granted' ? 'ok' : state === 'denied' ? 'danger' : 'neutral'}>{CELL_LABEL[state]}</Badge>
                  </td>
                  <td className="small">
                    {d.granted ? (
                      <>Allowed by {d.allowedBy.map((x) => describeEntry(x, connector.server)).join('; ')}.</>
                    ) : (
                      <>
                        {d.deniedBy.length > 0 ? <>Removed by {d.deniedBy.map((x) => describeEntry(x, connector.server)).join('; ')}. </> : null}
                        {RIGHT_CONSEQUENCES[d.right]}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

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
