import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from './Modal.tsx';

/** Which row a confirmation is about: null while none is asked. */
export function useConfirm<T>(): { target: T | null; ask: (target: T) => void; cancel: () => void } {
  const [target, setTarget] = useState<T | null>(null);
  return { target, ask: setTarget, cancel: () => setTarget(null) };
}

interface ConfirmActionProps<T> {
  target: T | null;
  title: (target: T) => string;
  confirmLabel: string;
  onConfirm: (target: T) => void;
  onCancel: () => void;
  /** What confirming does, in words. */
  children: (target: T) => ReactNode;
  danger?: boolean;
}

/** "Remove X?": closes first, then acts, so the result is announced on the page and not inside a closing dialog. */
export function ConfirmAction<T>({ target, title, confirmLabel, onConfirm, onCancel, children, danger = true }: ConfirmActionProps<T>) {
  return (
    <ConfirmDialog
      open={target !== null}
      title={target !== null ? title(target) : ''}
      confirmLabel={confirmLabel}
      danger={danger}
      onCancel={onCancel}
      onConfirm={() => {
        const chosen = target;
        onCancel();
        if (chosen !== null) onConfirm(chosen);
      }}
    >
      {target !== null ? children(target) : null}
    </ConfirmDialog>
  );
}
