import { describe, expect, it } from 'vitest';
import { connectorEventChanges, diffConnectors } from './connector-diff.ts';

describe('diffConnectors', () => {
  it('lists field changes in the console words and list changes as added and removed', () => {
    const changes = diffConnectors(
      { name: 'A', enabled: true, remoteIPRanges: ['10.0.0.50'], version: 1 },
      { name: 'A', enabled: false, remoteIPRanges: ['10.0.0.51'], version: 2 },
    );
    expect(changes).toEqual([
      { kind: 'scalar', field: 'enabled', label: 'Status', before: 'Enabled', after: 'Disabled' },
      { kind: 'list', field: 'remoteIPRanges', label: 'Remote IP ranges (RemoteIPRanges)', added: ['10.0.0.51'], removed: ['10.0.0.50'] },
    ]);
  });
});

describe('connectorEventChanges', () => {
  it('shows a permission write as the entry, not as the read-back turning Custom', () => {
    const changes = connectorEventChanges(
      'connector.permission.add',
      { name: 'A', permissionGroups: ['AnonymousUsers'] },
      { name: 'A', permissionGroups: ['AnonymousUsers', 'Custom'], permissionEntry: { user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: false } },
    );
    expect(changes).toEqual([
      { kind: 'list', field: 'permissionEntry', label: 'Permission entry', added: ['Allow NT AUTHORITY\\ANONYMOUS LOGON: ms-Exch-SMTP-Accept-Any-Recipient'], removed: [] },
    ]);
  });
});
