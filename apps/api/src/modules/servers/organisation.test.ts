import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInSession, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  helpdesk = await t.helpdesk();
});
afterAll(async () => t.close());

const HUB01 = { name: 'HUB01', fqdn: 'hub01.contoso.com', role: 'HubTransport', ipAddresses: ['10.0.0.10', '10.0.0.11', '2001:DB8::10'] };

describe('servers', () => {
  it('creates a server with its default connectors, canonicalising its addresses', async () => {
    const res = await admin.request({ method: 'POST', url: '/api/servers', payload: HUB01 });
    expect(res.statusCode).toBe(201);
    expect(res.json().ipAddresses).toEqual(['10.0.0.10', '10.0.0.11', '2001:db8::10']);
    const connectors = await t.database.db.selectFrom('connectors').select('name').execute();
    expect(connectors.map((c) => c.name).sort()).toEqual(['Client HUB01', 'Default HUB01']);
  });

  it('can skip the default connectors', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/servers?defaultConnectors=false',
      payload: { name: 'HUB02', fqdn: 'hub02.contoso.com', role: 'HubTransport', ipAddresses: ['10.0.0.20'] },
    });
    expect(res.statusCode).toBe(201);
  });

  it.each(['010.0.0.1', '10.0.0', '0.0.0.0', '::ffff:10.0.0.1', ' 10.0.0.1'])('refuses the adapter address %j naming it', async (address) => {
    const res = await admin.request({ method: 'POST', url: '/api/servers', payload: { ...HUB01, name: 'BAD', ipAddresses: [address] } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].path).toBe('ipAddresses[0]');
  });

  it('refuses a duplicate name whatever its case', async () => {
    const res = await admin.request({ method: 'POST', url: '/api/servers', payload: { ...HUB01, name: 'hub01' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NAME_TAKEN');
  });

  it('refuses names Exchange refuses', async () => {
    for (const name of ['a\\b', 'x'.repeat(65), ' HUB', 'HUB\u202E']) {
      const res = await admin.request({ method: 'POST', url: '/api/servers', payload: { ...HUB01, name } });
      expect(res.statusCode, name).toBe(400);
    }
  });

  it('reads, replaces and refuses a role change under connectors', async () => {
    expect((await helpdesk.request({ method: 'GET', url: '/api/servers/hub01' })).json().name).toBe('HUB01');
    const put = await admin.request({ method: 'PUT', url: '/api/servers/HUB01', payload: { ...HUB01, fqdn: 'mail.contoso.com' } });
    expect(put.statusCode).toBe(200);
    expect(put.json().fqdn).toBe('mail.contoso.com');
    const role = await admin.request({ method: 'PUT', url: '/api/servers/HUB01', payload: { ...HUB01, role: 'Edge' } });
    expect(role.statusCode).toBe(409);
  });

  it('refuses to delete a server that still has connectors, deletes an empty one', async () => {
    const busy = await admin.request({ method: 'DELETE', url: '/api/servers/HUB01' });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toMatch(/2 receive connector/);
    expect((await admin.request({ method: 'DELETE', url: '/api/servers/HUB02' })).statusCode).toBe(204);
    expect((await admin.request({ method: 'GET', url: '/api/servers/HUB02' })).statusCode).toBe(404);
  });

  it('manages inherited entries on the server container', async () => {
    await admin.request({ method: 'POST', url: '/api/principals', payload: { name: 'CONTOSO\\Temps', kind: 'group', emailAddresses: [], memberOf: [], sendAs: [] } });
    const stranger = await admin.request({
      method: 'POST',
      url: '/api/servers/HUB01/permissions',
      payload: { user: 'CONTOSO\\nobody', extendedRights: ['ms-Exch-SMTP-Submit'] },
    });
    expect(stranger.statusCode).toBe(422);
    const add = await admin.request({
      method: 'POST',
      url: '/api/servers/HUB01/permissions',
      payload: { user: 'CONTOSO\\Temps', extendedRights: ['ms-Exch-SMTP-Submit'], deny: true },
    });
    expect(add.statusCode).toBe(201);
    const [entry] = add.json();
    expect(entry).toMatchObject({ user: 'CONTOSO\\Temps', extendedRights: ['ms-Exch-SMTP-Submit'], deny: true, inherited: true, source: 'Inherited' });
    expect((await helpdesk.request({ method: 'GET', url: '/api/servers/HUB01/permissions' })).json()).toHaveLength(1);
    const unknown = await admin.request({
      method: 'POST',
      url: '/api/servers/HUB01/permissions',
      payload: { user: 'CONTOSO\\Temps', extendedRights: ['ms-Exch-Make-Coffee'] },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.details[0]).toMatchObject({ code: 'UNKNOWN_RIGHT', path: 'extendedRights[0]' });
    expect((await admin.request({ method: 'DELETE', url: `/api/servers/HUB01/permissions/${entry.id}` })).statusCode).toBe(204);
    expect((await admin.request({ method: 'DELETE', url: `/api/servers/HUB01/permissions/${entry.id}` })).statusCode).toBe(404);
  });

  it('audits container entries with Add-/Remove-ADPermission on the container, not on each connector', async () => {
    const events = (await helpdesk.request({ method: 'GET', url: '/api/audit?actor=admin' })).json() as { action: string; shell: string }[];
    const container = "('CN=SMTP Receive Connectors,CN=Protocols,' + (Get-ExchangeServer -Identity 'HUB01').DistinguishedName)";
    const added = events.find((e) => e.action === 'server.permission.add')!;
    expect(added.shell.split('\n')).toEqual([
      '# The receive-connector container of HUB01: every receive connector of HUB01 inherits these entries.',
      `Add-ADPermission -Identity ${container} -User 'CONTOSO\\Temps' -ExtendedRights 'ms-Exch-SMTP-Submit' -InheritanceType 'All' -Deny`,
    ]);
    const removed = events.find((e) => e.action === 'server.permission.remove')!;
    expect(removed.shell.split('\n')[1]).toBe(
      `Remove-ADPermission -Identity ${container} -User 'CONTOSO\\Temps' -ExtendedRights 'ms-Exch-SMTP-Submit' -InheritanceType 'All' -Deny -Confirm:$false`,
    );
    expect(events.filter((e) => e.action.startsWith('server.permission.')).every((e) => !e.shell.includes('Get-ReceiveConnector'))).toBe(true);
  });
});

describe('accepted domains', () => {
  it('keeps exactly one default', async () => {
    const a = await admin.request({ method: 'POST', url: '/api/accepted-domains', payload: { domainName: 'contoso.com', domainType: 'Authoritative', isDefault: true } });
    const b = await admin.request({ method: 'POST', url: '/api/accepted-domains', payload: { domainName: '*.fabrikam.com', domainType: 'InternalRelay', isDefault: true } });
    expect(b.statusCode).toBe(201);
    const list = (await helpdesk.request({ method: 'GET', url: '/api/accepted-domains' })).json();
    expect(list.filter((d: { isDefault: boolean }) => d.isDefault).map((d: { domainName: string }) => d.domainName)).toEqual(['*.fabrikam.com']);
    expect((await admin.request({ method: 'DELETE', url: `/api/accepted-domains/${b.json().id}` })).statusCode).toBe(409);
    expect((await admin.request({ method: 'DELETE', url: `/api/accepted-domains/${a.json().id}` })).statusCode).toBe(204);
  });

  it('refuses duplicates and malformed names', async () => {
    expect((await admin.request({ method: 'POST', url: '/api/accepted-domains', payload: { domainName: '*.FABRIKAM.com', domainType: 'InternalRelay', isDefault: false } })).statusCode).toBe(409);
    expect((await admin.request({ method: 'POST', url: '/api/accepted-domains', payload: { domainName: 'not a domain', domainType: 'InternalRelay', isDefault: false } })).statusCode).toBe(400);
    expect((await admin.request({ method: 'POST', url: '/api/accepted-domains', payload: { domainName: 'x.com', domainType: 'Relay', isDefault: false } })).statusCode).toBe(400);
  });
});

describe('principals', () => {
  it('lists stored principals and the well-known ones read-only', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/principals',
      payload: { name: 'CONTOSO\\alice', kind: 'user', emailAddresses: ['alice@contoso.com'], memberOf: ['CONTOSO\\Sales'], sendAs: [] },
    });
    expect(created.statusCode).toBe(201);
    const list = (await helpdesk.request({ method: 'GET', url: '/api/principals' })).json();
    expect(list[0]).toMatchObject({ name: 'CONTOSO\\alice', kind: 'user' });
    const anonymous = list.find((p: { name: string }) => p.name === 'NT AUTHORITY\\ANONYMOUS LOGON');
    expect(anonymous).toMatchObject({ kind: 'wellKnown', sid: 'S-1-5-7' });
    expect(list.some((p: { name: string }) => p.name === 'CONTOSO\\Exchange Servers')).toBe(true);
    expect((await admin.request({ method: 'DELETE', url: `/api/principals/${anonymous.id}` })).statusCode).toBe(409);
  });

  it('refuses duplicates, well-known names and bad account names', async () => {
    const base = { kind: 'user', emailAddresses: [], memberOf: [], sendAs: [] };
    expect((await admin.request({ method: 'POST', url: '/api/principals', payload: { ...base, name: 'contoso\\ALICE' } })).statusCode).toBe(409);
    expect((await admin.request({ method: 'POST', url: '/api/principals', payload: { ...base, name: 'NT AUTHORITY\\Authenticated Users', kind: 'group' } })).statusCode).toBe(409);
    expect((await admin.request({ method: 'POST', url: '/api/principals', payload: { ...base, name: 'alice' } })).statusCode).toBe(400);
    expect((await admin.request({ method: 'POST', url: '/api/principals', payload: { ...base, name: 'CONTOSO\\bob', emailAddresses: ['not-an-address'] } })).statusCode).toBe(400);
  });

  it('deletes a principal', async () => {
    const list = (await admin.request({ method: 'GET', url: '/api/principals' })).json();
    const alice = list.find((p: { name: string }) => p.name === 'CONTOSO\\alice');
    expect((await admin.request({ method: 'DELETE', url: `/api/principals/${alice.id}` })).statusCode).toBe(204);
    expect((await admin.request({ method: 'DELETE', url: `/api/principals/${alice.id}` })).statusCode).toBe(404);
  });
});
