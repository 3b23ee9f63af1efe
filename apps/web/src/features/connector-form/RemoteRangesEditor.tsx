import { useRef } from 'react';
import { FieldErrors } from '../../components/Field.tsx';
import { checkRange, RangeFeedback, ScopeWarning } from './RangeFeedback.tsx';

interface Props {
  idPrefix: string;
  values: string[];
  onChange: (values: string[]) => void;
  /** Errors per row (engine or API, by the row's index) and for the whole list. */
  rowErrors?: Map<number, string[]>;
  listErrors?: string[];
  readOnly?: boolean;
  readOnlyReason?: string;
  /** Label of the list, in the console's words. */
  legend?: string;
}

/**
 * "Receive mail from remote servers that have these IP addresses": one text box per range, each parsed by the
 * engine as it is typed. Rows with errors keep their text so nothing typed is lost.
 */
export function RemoteRangesEditor({
  idPrefix,
  values,
  onChange,
  rowErrors,
  listErrors = [],
  readOnly = false,
  readOnlyReason,
  legend = 'Receive mail from remote servers that have these IP addresses',
}: Props) {
  const list = useRef<HTMLUListElement>(null);
  const checks = values.map(checkRange);
  const focusRow = (i: number) => window.setTimeout(() => list.current?.querySelectorAll('input')[i]?.focus(), 0);
  return (
    <fieldset className="range-editor" aria-describedby={listErrors.length > 0 ? `${idPrefix}-error` : undefined}>
      <legend>{legend}</legend>
      {readOnly ? <p className="hint">{readOnlyReason}</p> : null}
      <ScopeWarning checks={checks} />
      <ul className="rows" ref={list}>
        {values.map((value, i) => {
          const id = `${idPrefix}-${i}`;
          const errs = rowErrors?.get(i) ?? [];
          const check = checks[i]!;
          return (
            <li key={i} className={check.state === 'error' || errs.length > 0 ? 'row-invalid' : undefined}>
              <label htmlFor={id} className="visually-hidden">
                Remote IP address range {i + 1}
              </label>
              <div className="row-line">
                <input
                  id={id}
                  className="mono"
                  value={value}
                  readOnly={readOnly}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="e.g. 10.0.0.50 or 10.0.0.0/24"
                  aria-invalid={check.state === 'error' || errs.length > 0 || undefined}
                  aria-describedby={`${id}-check${errs.length > 0 ? ` ${id}-error` : ''}`}
                  onChange={(e) => onChange(values.map((v, j) => (j === i ? e.target.value : v)))}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && !readOnly) {
                      e.preventDefault();
                      onChange([...values, '']);
                      focusRow(values.length);
                    }
                  }}
                />
                {!readOnly ? (
                  <button
                    type="button"
                    onClick={() => {
                      onChange(values.filter((_, j) => j !== i));
                      focusRow(Math.max(0, i - 1));
                    }}
                  >
                    Remove<span className="visually-hidden"> range {i + 1}{value ? ` (${value})` : ''}</span>
                  </button>
                ) : null}
              </div>
              <RangeFeedback id={`${id}-check`} check={check} refused={errs.length > 0} />
              <FieldErrors id={`${id}-error`} errors={errs} />
            </li>
          );
        })}
      </ul>
      {values.length === 0 ? <p className="muted">No remote IP ranges yet.</p> : null}
      {!readOnly ? (
        <button
          type="button"
          onClick={() => {
            onChange([...values, '']);
            focusRow(values.length);
          }}
        >
          Add range
        </button>
      ) : null}
      <FieldErrors id={`${idPrefix}-error`} errors={listErrors} />
    </fieldset>
  );
}
