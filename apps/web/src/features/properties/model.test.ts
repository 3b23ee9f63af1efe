import { describe, expect, it } from 'vitest';
import type { ConnectorView } from '../../api/types.ts';
import { fromView, pendingChanges, reapply } from './model.ts';

const base: ConnectorView = {
  id: 'c1',
  server: 'HUB01',
  name: 'AppRelay',
  usage: 'Custom',
  enabled: true,
  bindings: ['0.0.0.0:25'],
  remoteIPRanges: ['10.0.0.50'],
  authMechanism: ['Tls'],
  permissionGroups: ['AnonymousUsers', 'Custom'],
  fqdn: 'hub01.contoso.com',
  banner: null,
  maxMessageSize: 10485760,
  maxRecipientsPerMessage: 200,
  sizeEnabled: 'Enabled',
  requireTLS: false,
  domainSecureEnabled: false,
  protocolLoggingLevel: 'None',
  comment: '',
  version: 4,
};

describe('property page changes', () => {
  it('sends lists as additions and removals, compared in canonical form', () => {
    const edited = { ...fromView(base), remoteIPRanges: ['10.0.0.50-10.0.0.50', '10.0.0.051/32'.replace('051', '51')], comment: 'app servers' };
    const { patch, tabs } = pendingChanges(base, edited);
    expect(patch).toEqual({ comment: 'app servers', remoteIPRanges: { add: ['10.0.0.51/32'], remove: [] } });
    expect([...tabs].sort()).toEqual(['general', 'network']);
  });

  it('never sends Custom, and sends nothing when nothing changed', () => {
    expect(pendingChanges(base, fromView(base)).changes).toEqual([]);
    const { patch } = pendingChanges(base, { ...fromView(base), permissionGroups: ['AnonymousUsers', 'ExchangeServers'] });
    expect(patch).toEqual({ permissionGroups: { add: ['ExchangeServers'], remove: [] } });
  });

  it('re-applies my edits on top of what someone saved meanwhile', () => {
    const mine = { ...fromView(base), banner: '220 relay', remoteIPRanges: ['10.0.0.50', '10.0.0.52'] };
    const fresh: ConnectorView = { ...base, version: 5, comment: 'theirs', remoteIPRanges: ['10.0.0.50', '10.0.0.53'] };
    const merged = reapply(base, mine, fresh);
    expect(merged.banner).toBe('220 relay');
    expect(merged.comment).toBe('theirs');
    expect(merged.remoteIPRanges).toEqual(['10.0.0.50', '10.0.0.53', '10.0.0.52']);
  });
});
