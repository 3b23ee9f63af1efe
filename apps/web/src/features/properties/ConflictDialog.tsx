import type { Versioned } from '../../api/hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { ChangeList } from '../../components/ChangeList.tsx';
import { Modal } from '../../components/Modal.tsx';
import type { Change } from '../../lib/connector-diff.ts';
import { pendingChanges, type Editable } from './model.ts';

export interface ConflictState {
  fresh: Versioned<ConnectorView>;
  changedMeanwhile: Change[];
  mine: Editable;
}

interface Props {
  conflict: ConflictState | null;
  /** The version this page was editing. */
  view: ConnectorView;
  onReload: (fresh: Versioned<ConnectorView>) => void;
  onReapply: (fresh: Versioned<ConnectorView>, mine: Editable) => void;
  onClose: () => void;
}

/** Someone saved the connector meanwhile: what they changed, what this admin changed, and the two ways on. */
export function ConflictDialog({ conflict, view, onReload, onReapply, onClose }: Props) {
  return (
    <Modal
      open={conflict !== null}
      title="Someone else changed this connector"
      role="alertdialog"
      wide
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={() => conflict && onReload(conflict.fresh)}>
            Reload
          </button>
          <button type="button" className="primary" onClick={() => conflict && onReapply(conflict.fresh, conflict.mine)}>
            Re-apply my changes
          </button>
        </>
      }
    >
      {conflict ? (
        <>
          <p>
            Since you opened it (version {view.version}), {view.name} was saved by someone else (now version {conflict.fresh.data.version}). Nothing of
            yours was saved.
          </p>
          <h3>What changed meanwhile</h3>
          <ChangeList changes={conflict.changedMeanwhile} empty="Only its permissions changed." testId="conflict-diff" />
          <h3>Your changes</h3>
          <ChangeList changes={pendingChanges(view, conflict.mine).changes} />
        </>
      ) : null}
    </Modal>
  );
}
