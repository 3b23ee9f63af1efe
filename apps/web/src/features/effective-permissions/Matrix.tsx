import { useId, useState } from 'react';
import { EXTERNALLY_SECURED_SERVERS, RECEIVE_RIGHTS, RIGHT_CONSEQUENCES, samePrincipal, type EffectivePermissions, type ReceiveRight, type RightDecision } from '@cc/connector-engine';
import type { ConnectorView } from '../../api/types.ts';
import { Badge } from '../../components/Badge.tsx';
import { ES_ORIGIN } from './origin.ts';
import { CELL_LABEL, RIGHT_SHORT, cellState, describeEntry, rightDisplay, type CellState } from './provenance.ts';

const SYMBOL: Record<CellState, string> = { granted: '✓', denied: '✕', none: '–' };

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

/** Every principal × every right, each cell explaining where it comes from when selected. */
export function Matrix({ rows, connector, server }: { rows: EffectivePermissions[]; connector: ConnectorView; server: string }) {
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

