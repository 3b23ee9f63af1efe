import type { Problem } from '@cc/connector-engine';
import { ChangeList } from '../../components/ChangeList.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { ErrorMessage, Loading } from '../../components/States.tsx';
import type { Change } from '../../lib/connector-diff.ts';

export interface ServerCheck {
  problems: Problem[];
  loading: boolean;
  error: unknown;
}

interface Props {
  open: boolean;
  connectorName: string;
  changes: Change[];
  check: ServerCheck;
  /** The tabs where a problem is fixed, by title. */
  tabsOf: (p: Problem) => string[];
  saving: boolean;
  saveError: unknown;
  commands: string[];
  onCancel: () => void;
  onSave: () => void;
}

/** "Save changes to X?": the diff, the server's own check, and the shell commands the save amounts to. */
export function SaveDialog({ open, connectorName, changes, check, tabsOf, saving, saveError, commands, onCancel, onSave }: Props) {
  return (
    <Modal
      open={open}
      title={`Save changes to ${connectorName}?`}
      onClose={onCancel}
      wide
      actions={
        <>
          <button type="button" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="button" className="primary" onClick={onSave} disabled={saving || check.loading || check.problems.length > 0}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <ChangeList changes={changes} testId="save-diff" />
      {check.loading ? <Loading label="The server is checking the changes…" /> : null}
      {check.error ? <ErrorMessage error={check.error} title="The server could not check the changes" /> : null}
      {check.problems.length > 0 ? (
        <div className="error-box" role="alert">
          <p>
            <strong>The server refuses these changes:</strong>
          </p>
          <ul>
            {check.problems.map((p, i) => (
              <li key={i}>
                {p.message} <span className="muted">({tabsOf(p).join(', ')})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {saveError ? <ErrorMessage error={saveError} title="The changes were not saved" /> : null}
      {commands.length > 0 ? <ShellCommands commands={commands} title="Equivalent Exchange Management Shell commands" /> : null}
    </Modal>
  );
}
