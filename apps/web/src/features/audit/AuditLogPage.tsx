import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AUDIT_ACTIONS, type AuditAction, type AuditEvent } from '@cc/api-contract';
import { useAllConnectors, useAuditLog, type AuditFilter } from '../../api/helpdesk-hooks.ts';
import { Badge } from '../../components/Badge.tsx';
import { ChangeList } from '../../components/ChangeList.tsx';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { formatDateTime } from '../../lib/format.ts';
import { eventChanges } from './diff.ts';
import './audit.css';

const ACTION_LABELS: Record<AuditAction, string> = {
  'session.signIn': 'Signed in',
  'session.signInFailed': 'Sign-in failed',
  'session.signInThrottled': 'Sign-in throttled',
  'session.signOut': 'Signed out',
  'session.throttleCleared': 'Sign-in throttle cleared',
  'session.directoryRoleChanged': 'Role from the directory changed',
  'request.unauthenticated': 'Request without a session refused',
  'request.forbidden': 'Request refused for the role',
  'request.csrfRefused': 'Request refused (CSRF check)',
  'user.create': 'Console account created',
  'user.update': 'Console account changed',
  'user.passwordReset': 'Password reset',
  'user.passwordChange': 'Own password changed',
  'user.sessionsEnd': 'Sessions ended',
  'org.initialize': 'Organisation initialised',
  'transportConfig.update': 'Transport settings changed (Set-TransportConfig)',
  'server.create': 'Server added',
  'server.update': 'Server changed',
  'server.delete': 'Server deleted',
  'server.permission.add': 'Inherited permission added',
  'server.permission.remove': 'Inherited permission removed',
  'acceptedDomain.create': 'Accepted domain added',
  'acceptedDomain.update': 'Accepted domain changed',
  'acceptedDomain.delete': 'Accepted domain removed',
  'principal.create': 'Directory user or group added',
  'principal.update': 'Directory user or group changed',
  'principal.delete': 'Directory user or group removed',
  'connector.create': 'Receive connector created',
  'connector.update': 'Receive connector changed',
  'connector.delete': 'Receive connector deleted',
  'connector.permission.add': 'Connector permission added',
  'connector.permission.remove': 'Connector permission removed',
  'server.permissions.update': 'Inherited permissions replaced by an import',
  'import.apply': 'Exchange configuration imported',
};

const SECURITY = new Set<AuditAction>(['session.signInFailed', 'session.signInThrottled', 'request.unauthenticated', 'request.forbidden', 'request.csrfRefused']);

/** `datetime-local` input value (local time) ↔ ISO instant for the API. */
function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function isoToLocal(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const LIMITS = ['50', '200', '1000'];

/** What the log shows; changes by default, since sign-ins outnumber them (URL `show`, absent = changes). */
const SHOW = [
  { value: '', label: 'Changes' },
  { value: 'access', label: 'Sign-ins and refused requests' },
  { value: 'all', label: 'Everything' },
] as const;

function categoryOf(show: string | null, action: string | null): AuditFilter['category'] {
  // A chosen action is shown whatever its kind.
  if (action) return undefined;
  return show === 'all' ? undefined : show === 'access' ? 'access' : 'changes';
}

interface FilterForm {
  connectorId: string;
  actor: string;
  action: string;
  since: string;
  until: string;
  limit: string;
}

function formFromParams(params: URLSearchParams): FilterForm {
  return {
    connectorId: params.get('connectorId') ?? '',
    actor: params.get('actor') ?? '',
    action: params.get('action') ?? '',
    since: isoToLocal(params.get('since')),
    until: isoToLocal(params.get('until')),
    limit: LIMITS.includes(params.get('limit') ?? '') ? params.get('limit')! : '200',
  };
}

/** Security events are stored once per source and minute; the repeats of that minute arrive as one summary. */
function RepeatSummary({ event }: { event: AuditEvent }) {
  const summary = event.after as { repeats?: unknown; from?: unknown; targets?: unknown } | null;
  if (!SECURITY.has(event.action) || typeof summary?.repeats !== 'number') return null;
  const targets = Array.isArray(summary.targets) ? summary.targets.map(String) : [];
  return (
    <p className="small">
      Repeated {summary.repeats.toLocaleString('en-GB')} {summary.repeats === 1 ? 'time' : 'times'} more in the minute from{' '}
      <time dateTime={String(summary.from)}>{formatDateTime(String(summary.from))}</time>
      {targets.length > 0 ? <> — {targets.join(', ')}</> : null}
    </p>
  );
}

function Event({ event, connectorName }: { event: AuditEvent; connectorName: (id: string) => string | null }) {
  const id = useId();
  const changes = eventChanges(event);
  const whole = event.before === null || event.after === null;
  const name = event.connectorId ? connectorName(event.connectorId) : null;
  const afterName = (event.after as { name?: unknown } | null)?.name ?? (event.before as { name?: unknown } | null)?.name;
  const label = ACTION_LABELS[event.action] ?? event.action;
  return (
    <li className="audit-event" data-testid="audit-event" data-action={event.action}>
      <article aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="event-title">
          {label}
          {event.connectorId ? (
            <>
              {': '}
              {name ? <Link to={`/connectors/${encodeURIComponent(event.connectorId)}`}>{name}</Link> : <span>{String(afterName ?? event.target)}</span>}
            </>
          ) : (
            <span className="muted"> — {event.target}</span>
          )}
          {SECURITY.has(event.action) ? (
            <>
              {' '}
              <Badge tone="warn">Security</Badge>
            </>
          ) : null}
        </h2>
        <p className="event-meta small">
          By <strong>{event.actor}</strong>, <time dateTime={event.at}>{formatDateTime(event.at)}</time>
          {event.sourceIp ? <> · from {event.sourceIp}</> : null}
        </p>
        <RepeatSummary event={event} />
        {changes.length > 0 ? (
          whole ? (
            <details>
              <summary>{event.before === null ? 'Values set' : 'Values removed'} ({changes.length})</summary>
              <ChangeList changes={changes} />
            </details>
          ) : (
            <ChangeList changes={changes} empty="No field changed." />
          )
        ) : event.before !== null && event.after !== null ? (
          <p className="muted small">No field of the object changed.</p>
        ) : null}
        {event.shell ? <ShellCommands commands={event.shell.split('\n').filter(Boolean)} title="Exchange Management Shell" /> : null}
      </article>
    </li>
  );
}

export default function AuditLogPage() {
  usePageTitle('Audit log');
  const id = useId();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<FilterForm>(() => formFromParams(params));
  const paramsKey = params.toString();
  useEffect(() => setForm(formFromParams(new URLSearchParams(paramsKey))), [paramsKey]);

  const filter = useMemo<AuditFilter>(() => {
    const p = new URLSearchParams(paramsKey);
    const f: AuditFilter = {};
    for (const key of ['connectorId', 'actor', 'action', 'since', 'until', 'limit'] as const) {
      const v = p.get(key);
      if (v) f[key] = v;
    }
    const category = categoryOf(p.get('show'), p.get('action'));
    if (category) f.category = category;
    return f;
  }, [paramsKey]);
  const audit = useAuditLog(filter);
  const connectors = useAllConnectors();

  const nameOf = (cid: string) => connectors.data?.find((c) => c.id === cid)?.name ?? null;
  const sortedConnectors = [...(connectors.data ?? [])].sort((a, b) => a.server.localeCompare(b.server) || a.name.localeCompare(b.name));
  const selectedMissing = form.connectorId && !sortedConnectors.some((c) => c.id === form.connectorId);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (form.connectorId) next.set('connectorId', form.connectorId);
    if (form.actor.trim()) next.set('actor', form.actor.trim());
    if (form.action) next.set('action', form.action);
    const since = localToIso(form.since);
    const until = localToIso(form.until);
    if (since) next.set('since', since);
    if (until) next.set('until', until);
    if (form.limit !== '200') next.set('limit', form.limit);
    if (params.get('show')) next.set('show', params.get('show')!);
    setParams(next);
  };
  const show = params.get('show') ?? '';
  const setShow = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('show', value);
    else next.delete('show');
    setParams(next);
  };
  const reset = () => setParams(show ? new URLSearchParams({ show }) : new URLSearchParams());
  const set = (key: keyof FilterForm, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const filtered = Object.keys(filter).some((k) => k !== 'limit' && k !== 'category');
  const events = audit.data ?? [];

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Audit log</h1>
      <p className="muted">Who changed what and when, newest first — each change with its before and after and the Exchange Management Shell commands that make it.</p>

      <fieldset className="inline-radios audit-show">
        <legend>Show</legend>
        {SHOW.map((o) => (
          <div key={o.value} className="check-row">
            <input id={`${id}-show-${o.value || 'changes'}`} type="radio" name={`${id}-show`} checked={show === o.value} onChange={() => setShow(o.value)} />
            <label htmlFor={`${id}-show-${o.value || 'changes'}`}>{o.label}</label>
          </div>
        ))}
      </fieldset>

      <form className="filters audit-filters" onSubmit={apply} role="search" aria-label="Filter the audit log">
        <div className="field inline">
          <label htmlFor={`${id}-connector`}>Connector</label>
          <select id={`${id}-connector`} value={form.connectorId} onChange={(e) => set('connectorId', e.target.value)}>
            <option value="">All connectors and other objects</option>
            {selectedMissing ? <option value={form.connectorId}>Deleted connector ({form.connectorId.slice(0, 8)}…)</option> : null}
            {sortedConnectors.map((c) => (
              <option key={c.id} value={c.id}>
                {c.server}\{c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={`${id}-actor`}>Actor</label>
          <input id={`${id}-actor`} value={form.actor} onChange={(e) => set('actor', e.target.value)} placeholder="User name" autoComplete="off" />
        </div>
        <div className="field inline">
          <label htmlFor={`${id}-action`}>Action</label>
          <select id={`${id}-action`} value={form.action} onChange={(e) => set('action', e.target.value)}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={`${id}-since`}>From</label>
          <input id={`${id}-since`} type="datetime-local" value={form.since} onChange={(e) => set('since', e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor={`${id}-until`}>To</label>
          <input id={`${id}-until`} type="datetime-local" value={form.until} onChange={(e) => set('until', e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor={`${id}-limit`}>Show at most</label>
          <select id={`${id}-limit`} value={form.limit} onChange={(e) => set('limit', e.target.value)}>
            {LIMITS.map((l) => (
              <option key={l} value={l}>
                {l} events
              </option>
            ))}
          </select>
        </div>
        <div className="buttons">
          <button type="submit" className="primary">
            Apply filter
          </button>
          <button type="button" onClick={reset} disabled={!filtered && form.limit === '200'}>
            Clear
          </button>
        </div>
      </form>

      <p role="status" className="small muted">
        {audit.isFetching && !audit.isLoading
          ? 'Updating…'
          : audit.data
            ? `${events.length} ${filter.category === 'access' ? (events.length === 1 ? 'sign-in or refused request' : 'sign-ins and refused requests') : filter.category === 'changes' ? (events.length === 1 ? 'change' : 'changes') : events.length === 1 ? 'event' : 'events'}${filtered ? ' match the filter' : ''}, newest first.`
            : ''}
      </p>
      {audit.isLoading ? <Loading label="Loading the audit log…" /> : null}
      {audit.error ? <ErrorMessage error={audit.error} title="The audit log could not be loaded" retry={() => void audit.refetch()} /> : null}
      {audit.data && events.length === 0 ? <Empty>{filtered ? 'No event matches the filter.' : 'Nothing has been recorded yet.'}</Empty> : null}
      {events.length > 0 ? (
        <ol className="audit-list plain" aria-label="Audit events">
          {events.map((e) => (
            <Event key={e.id} event={e} connectorName={nameOf} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
