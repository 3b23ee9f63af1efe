import { useRef } from 'react';
import { parseIpAddress, type Server } from '@cc/connector-engine';
import { FieldErrors } from '../../components/Field.tsx';

export interface BindingRow {
  /** 0.0.0.0 and :: are "(All available)". */
  address: string;
  port: string;
}

export const ALL_IPV4_ADDRESS = '0.0.0.0';
export const ALL_IPV6_ADDRESS = '::';

export function rowToBinding(row: BindingRow): string {
  const address = row.address.trim();
  const port = row.port.trim();
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export function bindingToRow(binding: string): BindingRow {
  const match = /^\[(.*)\]:(.*)$/.exec(binding);
  if (match) return { address: match[1] ?? '', port: match[2] ?? '' };
  const colon = binding.lastIndexOf(':');
  return colon < 0 ? { address: binding, port: '' } : { address: binding.slice(0, colon), port: binding.slice(colon + 1) };
}

/** The choices for a binding's address: the wildcards and the server's own addresses (§7.1). */
export function addressChoices(server: Server | null): { value: string; label: string }[] {
  const own = (server?.ipAddresses ?? []).map((a) => {
    const parsed = parseIpAddress(a);
    return { value: a, label: parsed.ok && parsed.value.family === 6 ? `${a} (IPv6)` : a };
  });
  return [
    { value: ALL_IPV4_ADDRESS, label: '(All available)' },
    { value: ALL_IPV6_ADDRESS, label: '(All available IPv6)' },
    ...own,
  ];
}

interface Props {
  idPrefix: string;
  server: Server | null;
  rows: BindingRow[];
  onChange: (rows: BindingRow[]) => void;
  rowErrors?: Map<number, string[]>;
  listErrors?: string[];
  readOnly?: boolean;
  readOnlyReason?: string;
}

/** "Use these local IP addresses to receive mail": address ("(All available)" or one of the server's) and port. */
export function BindingsEditor({ idPrefix, server, rows, onChange, rowErrors, listErrors = [], readOnly = false, readOnlyReason }: Props) {
  const list = useRef<HTMLUListElement>(null);
  const choices = addressChoices(server);
  const set = (i: number, patch: Partial<BindingRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const focusRow = (i: number) => window.setTimeout(() => list.current?.querySelectorAll('select')[i]?.focus(), 0);
  return (
    <fieldset className="binding-editor" aria-describedby={listErrors.length > 0 ? `${idPrefix}-error` : undefined}>
      <legend>Use these local IP addresses to receive mail</legend>
      {readOnly ? <p className="hint">{readOnlyReason}</p> : null}
      <ul className="rows" ref={list}>
        {rows.map((row, i) => {
          const id = `${idPrefix}-${i}`;
          // An empty port is the one mistake the form can name better than the parsed binding can.
          const errs = row.port.trim() === '' ? ['A port is required, for example 25.'] : (rowErrors?.get(i) ?? []);
          const known = choices.some((c) => c.value === row.address);
          return (
            <li key={i} className={errs.length > 0 ? 'row-invalid' : undefined}>
              <div className="row-line">
                <label htmlFor={`${id}-address`}>Local IP address {i + 1}</label>
                <select
                  id={`${id}-address`}
                  value={row.address}
                  disabled={readOnly}
                  onChange={(e) => set(i, { address: e.target.value })}
                  aria-describedby={errs.length > 0 ? `${id}-error` : undefined}
                >
                  {!known ? <option value={row.address}>{row.address} (not an address of this server)</option> : null}
                  {choices.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
                <label htmlFor={`${id}-port`}>
                  Port<span className="visually-hidden"> of binding {i + 1}</span>
                </label>
                <input
                  id={`${id}-port`}
                  className="port"
                  inputMode="numeric"
                  value={row.port}
                  readOnly={readOnly}
                  onChange={(e) => set(i, { port: e.target.value })}
                  aria-invalid={errs.length > 0 || undefined}
                  aria-describedby={errs.length > 0 ? `${id}-error` : undefined}
                />
                {!readOnly ? (
                  <button
                    type="button"
                    onClick={() => {
                      onChange(rows.filter((_, j) => j !== i));
                      focusRow(Math.max(0, i - 1));
                    }}
                  >
                    Remove<span className="visually-hidden"> binding {rowToBinding(row)}</span>
                  </button>
                ) : null}
              </div>
              <FieldErrors id={`${id}-error`} errors={errs} />
            </li>
          );
        })}
      </ul>
      {rows.length === 0 ? <p className="muted">No local IP addresses yet.</p> : null}
      {!readOnly ? (
        <button
          type="button"
          onClick={() => {
            onChange([...rows, { address: ALL_IPV4_ADDRESS, port: '25' }]);
            focusRow(rows.length);
          }}
        >
          Add local IP address
        </button>
      ) : null}
      <FieldErrors id={`${idPrefix}-error`} errors={listErrors} />
    </fieldset>
  );
}
