import type { ReactNode } from 'react';

/** ids for a control and the texts that describe it, so inputs get `aria-describedby` right every time. */
export function describedBy(id: string, parts: { hint?: boolean; error?: boolean }): string | undefined {
  const ids = [parts.hint ? `${id}-hint` : null, parts.error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** What a form control needs from its row: spread onto the input, select or textarea. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** One or more messages (engine rule messages, API details). */
  error?: string | readonly string[] | null;
  /** Another text that describes the control (a live note under it). */
  note?: { id: string; text: ReactNode } | null;
  /** The control; as a function it receives the ids and states to spread onto it. */
  children: ReactNode | ((control: ControlProps) => ReactNode);
  className?: string;
}

const messagesOf = (error: FieldProps['error']): string[] => (typeof error === 'string' ? [error] : [...(error ?? [])]).filter(Boolean);

/** A labelled form control with its hint, its error line, and the ARIA that ties them together. */
export function Field({ id, label, hint, error, note, children, className }: FieldProps) {
  const errors = messagesOf(error);
  const control: ControlProps = {
    id,
    'aria-invalid': errors.length > 0 ? true : undefined,
    'aria-describedby': [hint ? `${id}-hint` : null, note ? note.id : null, errors.length > 0 ? `${id}-error` : null].filter(Boolean).join(' ') || undefined,
  };
  return (
    <div className={`field${errors.length > 0 ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {typeof children === 'function' ? children(control) : children}
      {note ? (
        <p id={note.id} className="hint">
          {note.text}
        </p>
      ) : null}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function FieldErrors({ id, errors }: { id: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div id={id} className="field-error">
      {errors.map((e, i) => (
        <p key={i}>{e}</p>
      ))}
    </div>
  );
}
