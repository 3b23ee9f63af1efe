/**
 * Before/after of an audit event as field changes. Connector events use the shared connector diff (console
 * labels, sizes in KB); other objects (servers, domains, principals, accounts) get the same shape here.
 */
import type { AuditEvent } from '@cc/api-contract';
import { connectorEventChanges, type Change } from '../../lib/connector-diff.ts';

const LABELS: Record<string, string> = {
  name: 'Name',
  fqdn: 'FQDN',
  role: 'Role',
  ipAddresses: 'IP addresses',
  defaultConnectors: 'Default receive connectors',
  domainName: 'Accepted domain',
  domainType: 'Domain type',
  isDefault: 'Default',
  username: 'User name',
  disabled: 'Disabled',
  kind: 'Kind',
  emailAddresses: 'E-mail addresses',
  memberOf: 'Member of',
  sendAs: 'Send-As',
  user: 'Principal',
  extendedRights: 'Extended rights',
  deny: 'Deny',
  reason: 'Reason',
  domain: 'Domain',
  demo: 'Demo organisation',
};

const IGNORED = new Set(['id', 'version', 'inherited', 'createdAt', 'updatedAt']);

function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const asRecord = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** Field changes from `before` to `after` of any audited object; lists as added and removed items. */
export function diffRecords(before: unknown, after: unknown): Change[] {
  const a = asRecord(before) ?? {};
  const b = asRecord(after) ?? {};
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => !IGNORED.has(f));
  const changes: Change[] = [];
  for (const field of fields) {
    const x = a[field];
    const y = b[field];
    const label = LABELS[field] ?? field;
    if (Array.isArray(x) || Array.isArray(y)) {
      const xs = (Array.isArray(x) ? x : []).map(text);
      const ys = (Array.isArray(y) ? y : []).map(text);
      const added = ys.filter((v) => !xs.includes(v));
      const removed = xs.filter((v) => !ys.includes(v));
      if (added.length > 0 || removed.length > 0) changes.push({ kind: 'list', field, label, added, removed });
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      changes.push({ kind: 'scalar', field, label, before: text(x), after: text(y) });
    }
  }
  return changes;
}

export function eventChanges(event: Pick<AuditEvent, 'action' | 'before' | 'after'>): Change[] {
  if (event.before === null && event.after === null) return [];
  if (event.action.startsWith('connector.'))
    return connectorEventChanges(event.action, asRecord(event.before), asRecord(event.after));
  return diffRecords(event.before, event.after);
}
