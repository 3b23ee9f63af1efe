import { Link } from 'react-router';
import { AUTH_MECHANISM_LABELS, permissionGroupLabel } from '@cc/connector-engine';
import type { ConnectorView } from '../../api/types.ts';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { bindingLabel } from '../../lib/labels.ts';
import { OPTION2_CHANGE } from '../connector-form/engine.ts';

export interface CompletionResult {
  connector: ConnectorView;
  commands: string[];
  permissionError: unknown;
  elapsedMs: number;
}

export function CompletionStep({ result, onRetryGrant, retrying }: { result: CompletionResult; onRetryGrant: () => void; retrying: boolean }) {
  const c = result.connector;
  return (
    <>
      <h2 id="wizard-step-title" tabIndex={-1}>
        Completion
      </h2>
      {result.permissionError ? (
        <p className="warning-box" role="alert" data-testid="completion-status">
          <strong>
            {c.name} was created on {c.server} without its relay grant.
          </strong>{' '}
          {OPTION2_CHANGE.user} does not hold {OPTION2_CHANGE.extendedRights[0]} on it yet, so hosts in its remote IP ranges cannot relay through it.
          Grant it again below, or on the connector&apos;s Permissions tab.
        </p>
      ) : (
        <p className="success" role="status" data-testid="completion-status">
          The wizard completed successfully. The Receive connector <strong>{c.name}</strong> was created on {c.server}. Elapsed time:{' '}
          {(result.elapsedMs / 1000).toFixed(1)} s.
        </p>
      )}
      {result.permissionError ? (
        <>
          <ErrorMessage error={result.permissionError} title="Option 2 was not granted" />
          <button type="button" className="primary" onClick={onRetryGrant} disabled={retrying}>
            Grant {OPTION2_CHANGE.extendedRights[0]} to {OPTION2_CHANGE.user} again
          </button>
        </>
      ) : null}
      <dl className="summary">
        <dt>Name</dt>
        <dd>{c.name}</dd>
        <dt>Bindings</dt>
        <dd>{c.bindings.map(bindingLabel).join(', ')}</dd>
        <dt>Remote IP ranges</dt>
        <dd>{c.remoteIPRanges.join(', ')}</dd>
        <dt>Authentication</dt>
        <dd>{c.authMechanism.map((m) => AUTH_MECHANISM_LABELS[m]).join('; ') || 'None'}</dd>
        <dt>Permission groups</dt>
        <dd>{c.permissionGroups.map(permissionGroupLabel).join(', ') || 'None'}</dd>
      </dl>
      <ShellCommands commands={result.commands} title="Exchange Management Shell commands that were run" />
      <p className="actions">
        <Link className="button primary" to={`/connectors/${encodeURIComponent(c.id)}`}>
          Open {c.name}
        </Link>
        <Link className="button" to="/connectors">
          Back to the connector list
        </Link>
      </p>
    </>
  );
}
