import { useId, type ReactNode } from 'react';
import { FieldErrors } from './Field.tsx';

interface CheckboxGroupProps {
  legend: ReactNode;
  /** The choices' values, shown as their labels unless `label` says otherwise. */
  choices: readonly string[];
  isChecked: (value: string) => boolean;
  onToggle: (value: string, checked: boolean) => void;
  label?: (value: string) => ReactNode;
  empty?: ReactNode;
  error?: readonly string[];
  /** A class for the box around the choices (a grid of rights, for example). */
  choicesClassName?: string;
}

/** A list of check boxes in a fieldset, with its error line tied to the group. */
export function CheckboxGroup({ legend, choices, isChecked, onToggle, label = (v) => v, empty, error = [], choicesClassName }: CheckboxGroupProps) {
  const id = useId();
  return (
    <fieldset aria-describedby={error.length > 0 ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {choices.length === 0 && empty ? <p className="muted">{empty}</p> : null}
      <div className={choicesClassName}>
        {choices.map((value, i) => (
          <div key={value} className="check-row">
            <input id={`${id}-${i}`} type="checkbox" checked={isChecked(value)} onChange={(e) => onToggle(value, e.target.checked)} />
            <label htmlFor={`${id}-${i}`}>{label(value)}</label>
          </div>
        ))}
      </div>
      <FieldErrors id={`${id}-error`} errors={error} />
    </fieldset>
  );
}
