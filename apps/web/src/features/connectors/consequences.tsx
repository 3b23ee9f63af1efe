import type { ConnectorView } from '../../api/types.ts';
import { bindingLabel } from '../../lib/labels.ts';

/** What disabling does, said before the admin confirms. */
export function DisableConsequence({ connector: c }: { connector: ConnectorView }) {
  return (
    <p>
      While it is disabled, {c.name} accepts no connections; mail from its remote IP ranges goes to the next matching connector, or is refused.
    </p>
  );
}

/** What removing takes away, named, before the admin confirms (Remove-ReceiveConnector cannot be undone). */
export function RemoveConsequence({ connector: c }: { connector: ConnectorView }) {
  return (
    <>
      <p>
        This removes the receive connector {c.name} from {c.server}, with its bindings ({c.bindings.map(bindingLabel).join(', ') || 'none'}), its{' '}
        {c.remoteIPRanges.length === 1 ? 'remote IP range' : `${c.remoteIPRanges.length.toLocaleString('en-GB')} remote IP ranges`} and every permission
        entry on it. Hosts it served reach the next matching connector, or are refused. It cannot be undone; the audit log keeps the connector as it was.
      </p>
    </>
  );
}
