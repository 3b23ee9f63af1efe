import { useId, type FormEvent, type ReactNode } from 'react';
import { Modal } from './Modal.tsx';
import { ErrorMessage } from './States.tsx';

interface FormFooterProps {
  error: unknown;
  errorTitle: string;
  submitLabel: string;
  pendingLabel?: string;
  pending: boolean;
  onCancel?: () => void;
  /** What the last submit did, said politely next to the button. */
  status?: string;
}

/** The end of a form: the API's refusal, Cancel, and the submit button that says when it is busy. */
export function FormFooter({ error, errorTitle, submitLabel, pendingLabel, pending, onCancel, status }: FormFooterProps) {
  return (
    <>
      {error ? <ErrorMessage error={error} title={errorTitle} /> : null}
      <div className="buttons">
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={pending}>
          {pending ? (pendingLabel ?? `${submitLabel}…`) : submitLabel}
        </button>
        {status !== undefined ? (
          <span role="status" className="status-line">
            {status}
          </span>
        ) : null}
      </div>
    </>
  );
}

interface FormDialogProps {
  open: boolean;
  title: string;
  onCancel: () => void;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  pendingLabel?: string;
  pending: boolean;
  error: unknown;
  errorTitle: string;
  wide?: boolean;
  children: ReactNode;
}

/** An edit form in a dialog: the buttons sit in the dialog's action row and submit the form by its id. */
export function FormDialog({ open, title, onCancel, onSubmit, submitLabel, pendingLabel, pending, error, errorTitle, wide, children }: FormDialogProps) {
  const formId = useId();
  return (
    <Modal
      open={open}
      title={title}
      onClose={onCancel}
      wide={wide}
      actions={
        <>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" form={formId} className="primary" disabled={pending}>
            {pending ? (pendingLabel ?? `${submitLabel}…`) : submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate>
        {children}
        {error ? <ErrorMessage error={error} title={errorTitle} /> : null}
      </form>
    </Modal>
  );
}
