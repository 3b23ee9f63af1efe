import { useAudit } from '../../api/hooks.ts';
import { ChangeList } from '../../components/ChangeList.tsx';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { eventChanges } from '../audit/diff.ts';
import { formatDateTime } from '../../lib/format.ts';

const ACTION_LABELS: Record<string, string> = {
  'connector.create': 'Created the connector',
  'connector.update': 'Changed the connector',
  'connector.delete': 'Deleted the connector',
  'connector.permission.add': 'Added permissions',
  'connector.permission.remove': 'Removed permissions',
};

/** This connector's audit events, newest first, each with its changes and its shell commands. */
export function HistoryTab({ connectorId }: { connectorId: string }) {
  const audit = useAudit({ connectorId });
  if (audit.isLoading) return <Loading label="Loading the history…" />;
  if (audit.error) return <ErrorMessage error={audit.error} title="The history could not be loaded" retry={() => void audit.refetch()} />;
  const events = audit.data ?? [];
  if (events.length === 0) return <Empty>No change to this connector has been recorded.</Empty>;
  return (
    <ol className="history" data-testid="history">
      {events.map((e) => {
        const showDiff = e.action !== 'connector.create' && e.action !== 'connector.delete';
        const changes = showDiff ? eventChanges(e) : [];
        return (
          <li key={e.id}>
            <p>
              <strong>{ACTION_LABELS[e.action] ?? e.action}</strong> — {e.actor}, <time dateTime={e.at}>{formatDateTime(e.at)}</time>
            </p>
            {showDiff ? <ChangeList changes={changes} empty="No connector field changed." /> : null}
            {e.shell ? <ShellCommands commands={e.shell.split('\n').filter(Boolean)} title="Commands" /> : null}
          </li>
        );
      })}
    </ol>
  );
}
