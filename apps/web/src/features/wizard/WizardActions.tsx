import { Link } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { REVIEW } from './model.ts';

interface Props {
  step: number;
  checking: boolean;
  creating: boolean;
  /** The review has no problem left, so New may run. */
  canCreate: boolean;
  checkError: unknown;
  createError: unknown;
  onBack: () => void;
}

/** Back and Next (or New on the review), with what stopped the last attempt. */
export function WizardActions({ step, checking, creating, canCreate, checkError, createError, onBack }: Props) {
  const conflict = isApiError(createError) ? createError.conflictsWith : undefined;
  return (
    <div className="wizard-actions">
      {checkError ? <ErrorMessage error={checkError} title="The server could not check this step" /> : null}
      {createError ? <ErrorMessage error={createError} title="The connector was not created" /> : null}
      {conflict ? (
        <p>
          Conflicting connector: <Link to={`/connectors/${encodeURIComponent(conflict.id)}`}>{conflict.name}</Link>
        </p>
      ) : null}
      <div className="buttons">
        <button type="button" onClick={onBack} disabled={step === 0 || checking || creating}>
          Back
        </button>
        {step < REVIEW ? (
          <button type="submit" className="primary" disabled={checking}>
            {checking ? 'Checking…' : 'Next'}
          </button>
        ) : (
          <button type="submit" className="primary" disabled={creating || checking || !canCreate}>
            {creating ? 'Creating…' : 'New'}
          </button>
        )}
      </div>
    </div>
  );
}

/** A draft kept from an earlier visit says so, with the way back to a blank one. */
export function ResumedDraftNotice({ startedAt, onStartOver }: { startedAt: string; onStartOver: () => void }) {
  return (
    <p className="notice" data-testid="resumed-draft">
      Continuing your draft from {formatDateTime(startedAt)} —{' '}
      <button type="button" className="link-button" onClick={onStartOver}>
        Start over
      </button>
    </p>
  );
}

/** Cancel asks first: the draft is lost, nothing was created. */
export function DiscardDraftDialog({ open, onKeep, onDiscard }: { open: boolean; onKeep: () => void; onDiscard: () => void }) {
  return (
    <ConfirmDialog open={open} title="Discard this new connector?" confirmLabel="Discard" cancelLabel="Keep editing" danger onCancel={onKeep} onConfirm={onDiscard}>
      <p>Everything entered in this wizard is lost. Nothing has been created.</p>
    </ConfirmDialog>
  );
}
