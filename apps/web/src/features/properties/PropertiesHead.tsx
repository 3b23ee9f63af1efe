import { Link, useNavigate } from 'react-router';
import { installDefaultConnectors, type ServerRole } from '@cc/connector-engine';
import { useRemoveConnector } from '../../api/hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { ConfirmAction, useConfirm } from '../../components/ConfirmAction.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { StatusBadge, UsageBadge, isInstallDefault } from '../connectors/connector-cells.tsx';
import { RemoveConsequence } from '../connectors/consequences.tsx';

/** The connector's name, status, usage and version, and Remove (If-Match on the version shown here). */
export function PropertiesHead({ view, role, canWrite }: { view: ConnectorView; role: ServerRole; canWrite: boolean }) {
  const remove = useRemoveConnector();
  const removing = useConfirm<ConnectorView>();
  const navigate = useNavigate();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/connectors">Receive connectors</Link> <span aria-hidden="true">›</span> {view.server}
      </p>
      <div className="page-head">
        <h1 id="page-title">
          {view.name} <span className="muted small">Properties</span>
        </h1>
        <span>
          <StatusBadge enabled={view.enabled} /> <UsageBadge usage={view.usage} installDefault={isInstallDefault(installDefaultConnectors, view, role)} />{' '}
          <span className="muted small">version {view.version}</span>
        </span>
        {canWrite ? (
          <button type="button" onClick={() => removing.ask(view)} disabled={remove.isPending}>
            Remove…
          </button>
        ) : null}
      </div>
      {remove.error ? <ErrorMessage error={remove.error} title="The connector was not removed" /> : null}
      <ConfirmAction
        target={removing.target}
        title={(c) => `Remove ${c.name}?`}
        confirmLabel="Remove"
        onCancel={removing.cancel}
        onConfirm={(c) =>
          remove.mutate(
            { id: c.id, version: c.version },
            { onSuccess: () => void navigate('/connectors', { state: { status: `${c.name} was removed from ${c.server}.` } }) },
          )
        }
      >
        {(c) => <RemoveConsequence connector={c} />}
      </ConfirmAction>
    </>
  );
}
