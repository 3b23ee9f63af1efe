import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ModalProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** The buttons at the bottom; the first one gets focus unless a child has `autoFocus`. */
  actions: ReactNode;
  /** `alertdialog` for confirmations that interrupt (discarding a draft, a conflict). */
  role?: 'dialog' | 'alertdialog';
  wide?: boolean;
}

/**
 * A modal on the native <dialog> element: `showModal()` makes the rest of the page inert, traps focus, closes
 * on Escape and returns focus to the opener — without injecting <style> elements, which the API's
 * Content-Security-Policy (style-src 'self') refuses. See README.md in this folder.
 */
export function Modal({ open, title, onClose, children, actions, role = 'dialog', wide = false }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId}>{title}</h2>
          <div id={bodyId} className="modal-body">
            {children}
          </div>
          <div className="modal-actions">{actions}</div>
        </>
      ) : null}
    </dialog>
  );
}

/** "Are you sure?" with a named confirm action. */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
}) {
  return (
    <Modal
      open={props.open}
      title={props.title}
      onClose={props.onCancel}
      role="alertdialog"
      actions={
        <>
          <button type="button" onClick={props.onCancel} autoFocus>
            {props.cancelLabel ?? 'Cancel'}
          </button>
          <button type="button" className={props.danger ? 'danger' : 'primary'} onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </>
      }
    >
      {props.children}
    </Modal>
  );
}
