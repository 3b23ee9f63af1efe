import { EXTERNALLY_SECURED_SERVERS, RIGHT_CONSEQUENCES, samePrincipal } from '@cc/connector-engine';
import { usePrincipalMatrix, useSessionPermissions } from '../../api/helpdesk-hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage, Loading } from '../../components/States.tsx';
import { ES_ORIGIN } from './origin.ts';
import { CELL_LABEL, cellState, describeEntry, rightDisplay } from './provenance.ts';

/** One kind of session's rights on a connector: held or not, from which entry, and what it cannot do without each. */
export function SessionView({ connector, identity, label }: { connector: ConnectorView; identity: string; label: string }) {
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

