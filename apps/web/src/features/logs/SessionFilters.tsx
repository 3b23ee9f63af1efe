import { useEffect, useId, useState, type FormEvent } from 'react';
import { LOG_OUTCOMES, LOG_VERDICTS } from '@cc/api-contract';
import type { SessionFilter } from '../../api/logs-hooks.ts';

const TEXT_FIELDS = [
  ['clientIp', 'Client IP'],
  ['connector', 'Connector'],
  ['sender', 'Sender'],
  ['recipient', 'Recipient'],
  ['replyCode', 'Reply code'],
] as const;

/** `datetime-local` (local time) ↔ ISO instant. */
const toIso = (v: string) => (v ? new Date(v).toISOString() : '');
const toLocal = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** The sessions' filters; applied on submit so typing does not send a request per key. */
export function SessionFilters({ filter, onApply }: { filter: SessionFilter; onApply: (filter: SessionFilter) => void }) {
  const id = useId();
  const [form, setForm] = useState<SessionFilter>(filter);
  const key = JSON.stringify(filter);
  useEffect(() => setForm(JSON.parse(key) as SessionFilter), [key]);
  const set = (name: keyof SessionFilter, value: string) => setForm((f) => ({ ...f, [name]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(Object.fromEntries(Object.entries(form).filter(([, v]) => v && v.trim() !== '').map(([k, v]) => [k, v!.trim()])));
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter sessions">
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="datetime-local" value={toLocal(form.from)} onChange={(e) => set('from', toIso(e.target.value))} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="datetime-local" value={toLocal(form.to)} onChange={(e) => set('to', toIso(e.target.value))} />
      </div>
      {TEXT_FIELDS.map(([name, label]) => (
        <div className="field" key={name}>
          <label htmlFor={`${id}-${name}`}>{label}</label>
          <input id={`${id}-${name}`} value={form[name] ?? ''} onChange={(e) => set(name, e.target.value)} placeholder={name === 'replyCode' ? '550 5.7.1' : undefined} />
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <select id={`${id}-outcome`} value={form.outcome ?? ''} onChange={(e) => set('outcome', e.target.value)}>
          <option value="">Any</option>
          {LOG_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o[0]!.toUpperCase() + o.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-verdict`}>Replay</label>
        <select id={`${id}-verdict`} value={form.verdict ?? ''} onChange={(e) => set('verdict', e.target.value)}>
          <option value="">Any</option>
          {LOG_VERDICTS.map((v) => (
            <option key={v} value={v}>
              {v[0]!.toUpperCase() + v.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <div className="buttons">
        <button type="submit">Filter</button>
        <button type="button" onClick={() => onApply({})}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
