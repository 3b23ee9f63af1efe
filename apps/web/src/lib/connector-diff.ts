/**
 * Field-by-field differences between two versions of a connector (as the API returns it), in the console's
 * words. Used for the 412 "changed meanwhile" dialog and for audit events' before/after. Engine-free.
 */
export interface ScalarChange {
  kind: 'scalar';
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface ListChangeDiff {
  kind: 'list';
  field: string;
  label: string;
  added: string[];
  removed: string[];
}

export type Change = ScalarChange | ListChangeDiff;

export const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  server: 'Server',
  usage: 'Intended use',
  enabled: 'Status',
  bindings: 'Local IP addresses (Bindings)',
  remoteIPRanges: 'Remote IP ranges (RemoteIPRanges)',
  authMechanism: 'Authentication (AuthMechanism)',
  permissionGroups: 'Permission groups',
  fqdn: 'FQDN for HELO/EHLO',
  banner: 'Banner',
  maxMessageSize: 'Maximum message size',
  maxRecipientsPerMessage: 'Maximum recipients per message',
  sizeEnabled: 'SIZE extension (SizeEnabled)',
  requireTLS: 'Require TLS',
  domainSecureEnabled: 'Domain Security (Mutual Auth TLS)',
  protocolLoggingLevel: 'Protocol logging level',
  comment: 'Comment',
};

const IGNORED = new Set(['id', 'version', 'permissionEntry']);

function show(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (field === 'enabled') return value ? 'Enabled' : 'Disabled';
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (field === 'maxMessageSize' && typeof value === 'number')
    return value % 1024 === 0 ? `${(value / 1024).toLocaleString('en-US')} KB` : `${value.toLocaleString('en-US')} bytes`;
  return String(value);
}

/** Differences from `before` to `after`; lists as added/removed items, everything else as before → after. */
export function diffConnectors(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined): Change[] {
  const a = before ?? {};
  const b = after ?? {};
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => !IGNORED.has(f));
  const order = Object.keys(FIELD_LABELS);
  fields.sort((x, y) => (order.indexOf(x) + 1 || 99) - (order.indexOf(y) + 1 || 99));
  const changes: Change[] = [];
  for (const field of fields) {
    const x = a[field];
    const y = b[field];
    const label = FIELD_LABELS[field] ?? field;
    if (Array.isArray(x) || Array.isArray(y)) {
      const xs = (Array.isArray(x) ? x : []).map(String);
      const ys = (Array.isArray(y) ? y : []).map(String);
      const added = ys.filter((v) => !xs.includes(v));
      const removed = xs.filter((v) => !ys.includes(v));
      if (added.length > 0 || removed.length > 0) changes.push({ kind: 'list', field, label, added, removed });
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      changes.push({ kind: 'scalar', field, label, before: show(field, x), after: show(field, y) });
    }
  }
  return changes;
}

interface PermissionEntryRecord {
  user: string;
  extendedRights: string[];
  deny: boolean;
}

function permissionEntryOf(after: Record<string, unknown> | null | undefined): PermissionEntryRecord | null {
  const entry = after?.permissionEntry as PermissionEntryRecord | undefined;
  return entry && typeof entry.user === 'string' && Array.isArray(entry.extendedRights) ? entry : null;
}

/**
 * A connector audit event as changes. A permission write is shown as the entry it added or removed: the
 * PermissionGroups read-back it also moves (to "Custom") is a consequence, not the change.
 */
export function connectorEventChanges(action: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): Change[] {
  const entry = action.startsWith('connector.permission.') ? permissionEntryOf(after) : null;
  if (!entry) return diffConnectors(before, after);
  const text = `${entry.deny ? 'Deny' : 'Allow'} ${entry.user}: ${entry.extendedRights.join(', ')}`;
  const added = action === 'connector.permission.add';
  return [{ kind: 'list', field: 'permissionEntry', label: 'Permission entry', added: added ? [text] : [], removed: added ? [] : [text] }];
}
