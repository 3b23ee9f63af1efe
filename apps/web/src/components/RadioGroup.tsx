import { useId, type ReactNode } from 'react';

export interface Choice<V extends string> {
  value: V;
  label: ReactNode;
  description?: ReactNode;
}

interface RadioGroupProps<V extends string> {
  legend: ReactNode;
  value: V;
  onChange: (value: V) => void;
  choices: readonly Choice<V>[];
  className?: string;
}

/** Radio choices with a description under each, read with the choice (aria-describedby). */
export function RadioGroup<V extends string>({ legend, value, onChange, choices, className }: RadioGroupProps<V>) {
  const id = useId();
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {choices.map((c) => (
        <div key={c.value} className="radio-option">
          <div className="check-row">
            <input
              id={`${id}-${c.value}`}
              type="radio"
              name={`${id}-choice`}
              checked={value === c.value}
              onChange={() => onChange(c.value)}
              aria-describedby={c.description ? `${id}-${c.value}-desc` : undefined}
            />
            <label htmlFor={`${id}-${c.value}`}>{c.label}</label>
          </div>
          {c.description ? (
            <p id={`${id}-${c.value}-desc`} className="hint">
              {c.description}
            </p>
          ) : null}
        </div>
      ))}
    </fieldset>
  );
}
