import { describe, expect, it } from 'vitest';
import { diffRecords, eventChanges } from './diff.ts';

describe('audit before/after', () => {
  it('diffs any audited object, ignoring bookkeeping fields', () => {
    expect(
      diffRecords(
        { username: 'tom', role: 'helpdesk', disabled: false, updatedAt: '2026-01-01T00:00:00Z' },
        { username: 'tom', role: 'admin', disabled: false, updatedAt: '2026-01-02T00:00:00Z' },
      ),
    ).toEqual([{ kind: 'scalar', field: 'role', label: 'Role', before: 'helpdesk', after: 'admin' }]);
    expect(diffRecords({ name: 'HUB02', ipAddresses: ['10.0.0.20'] }, { name: 'HUB02', ipAddresses: ['10.0.0.20', '10.0.0.21'] })).toEqual([
      { kind: 'list', field: 'ipAddresses', label: 'IP addresses', added: ['10.0.0.21'], removed: [] },
    ]);
  });

  it('uses the connector labels for connector events and shows a creation as values set', () => {
    const changes = eventChanges({ action: 'connector.permission.add', before: { permissionGroups: ['AnonymousUsers'] }, after: { permissionGroups: ['AnonymousUsers', 'Custom'] } });
    expect(changes).toEqual([{ kind: 'list', field: 'permissionGroups', label: 'Permission groups', added: ['Custom'], removed: [] }]);
    expect(eventChanges({ action: 'acceptedDomain.create', before: null, after: { domainName: 'contoso.com', isDefault: true } })).toEqual([
      { kind: 'scalar', field: 'domainName', label: 'Accepted domain', before: '(none)', after: 'contoso.com' },
      { kind: 'scalar', field: 'isDefault', label: 'Default', before: '(none)', after: 'Yes' },
    ]);
    expect(eventChanges({ action: 'session.signIn', before: null, after: null })).toEqual([]);
  });
});
