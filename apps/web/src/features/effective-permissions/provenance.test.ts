import { describe, expect, it } from 'vitest';
import { cellState, describeEntry } from './provenance.ts';

const entry = { entryId: 'e1', user: 'CONTOSO\\ExchangeLegacyInterop', inherited: false, deny: true };

describe('provenance in words', () => {
  it('names the permission group, the administrator or the server container that wrote an entry', () => {
    expect(describeEntry({ ...entry, source: 'PermissionGroup:ExchangeLegacyServers' }, 'HUB01')).toBe(
      'the Legacy Exchange Servers permission group (ExchangeLegacyServers): a deny entry it wrote for CONTOSO\\ExchangeLegacyInterop on this connector',
    );
    expect(describeEntry({ ...entry, user: 'NT AUTHORITY\\ANONYMOUS LOGON', deny: false, source: 'Explicit' }, 'HUB01')).toBe(
      'an explicit allow entry for NT AUTHORITY\\ANONYMOUS LOGON that an administrator added (Add-ADPermission)',
    );
    expect(describeEntry({ ...entry, user: 'CONTOSO\\Temps', inherited: true, source: 'Inherited' }, 'HUB01')).toBe(
      "a deny entry for CONTOSO\\Temps inherited from HUB01's receive-connector container",
    );
  });

  it('tells granted, denied and not granted apart', () => {
    const d = { right: 'ms-Exch-Accept-Headers-Forest' as const, allowedBy: [], deniedBy: [] };
    expect(cellState({ ...d, granted: true })).toBe('granted');
    expect(cellState({ ...d, granted: false, deniedBy: [{ ...entry, source: 'PermissionGroup:ExchangeLegacyServers' }] })).toBe('denied');
    expect(cellState({ ...d, granted: false })).toBe('none');
  });
});
