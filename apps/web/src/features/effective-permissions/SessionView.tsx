import { EXTERNALLY_SECURED_SERVERS, RIGHT_CONSEQUENCES, samePrincipal } from '@cc/connector-engine';
import { usePrincipalMatrix, useSessionPermissions } from '../../api/helpdesk-hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { Badge } from '../../components/Badge.tsx';
import { DataTable } from '../../components/DataTable.tsx';
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
      <DataTable
        caption={`Rights of ${p.displayName} on ${connector.name}`}
        captionVisible
        className="session"
        rows={p.rights}
        rowKey={(d) => d.right}
        rowClassName={(d) => (d.granted ? undefined : 'not-granted')}
        columns={[
          {
            header: 'Right',
            rowHeader: true,
            cell: (d) => (
              <>
                <code>{d.right}</code>
                <span className="muted small"> — {rightDisplay(d.right)}</span>
              </>
            ),
          },
          {
            header: 'Result',
            cell: (d) => {
              const state = cellState(d);
              return <Badge tone={state === 'granted' ? 'ok' : state === 'denied' ? 'danger' : 'neutral'}>{CELL_LABEL[state]}</Badge>;
            },
          },
          {
            header: 'Where it comes from, or what the session cannot do without it',
            className: 'small',
            cell: (d) =>
              d.granted ? (
                <>Allowed by {d.allowedBy.map((x) => describeEntry(x, connector.server)).join('; ')}.</>
              ) : (
                <>
                  {d.deniedBy.length > 0 ? <>Removed by {d.deniedBy.map((x) => describeEntry(x, connector.server)).join('; ')}. </> : null}
                  {RIGHT_CONSEQUENCES[d.right]}
                </>
              ),
          },
        ]}
      />
    </div>
  );
}

