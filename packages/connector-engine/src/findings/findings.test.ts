import { describe, expect, it } from 'vitest';
import { ANONYMOUS_LOGON } from '../model/principals.ts';
import { applyPermissionGroups } from '../permissions/acl.ts';
import { CONNECTORS, hubWith, idFactory } from '../testing/fixture.ts';
import { connectorFindings, serverFindings } from './findings.ts';

const relay = [{ user: ANONYMOUS_LOGON, rights: ['ms-Exch-SMTP-Accept-Any-Recipient'] }];
const codesOf = (ctx: ReturnType<typeof hubWith>, name: string) =>
  connectorFindings(ctx.connectors.find((c) => c.name === name)!, ctx).map((f) => f.code);

describe('findings', () => {
  it('the demo organisation: Internet HUB01 allows self-domain spoofing, nothing is an open relay', () => {
    const ctx = hubWith(CONNECTORS.internet);
    expect(serverFindings(ctx).map((f) => [f.connectorName, f.code])).toEqual([['Internet HUB01', 'SELF_DOMAIN_SPOOFING']]);
  });

  it('anonymous relay over more than 256 addresses is an open relay; a /24 is not', () => {
    const ctx = hubWith(
      { name: 'Wide', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.1.0.0/23'], permissionGroups: ['AnonymousUsers'], extra: relay },
      { ...CONNECTORS.lanRelay },
    );
    expect(codesOf(ctx, 'Wide')).toContain('OPEN_RELAY');
    expect(codesOf(ctx, 'LAN Relay')).not.toContain('OPEN_RELAY');
  });

  it('Externally Secured on a wide range is an open relay and a wide trust', () => {
    const ctx = hubWith({ name: 'Trusted LAN', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.2.0.0/16'], authMechanism: ['ExternalAuthoritative'], permissionGroups: ['ExchangeServers'] });
    expect(codesOf(ctx, 'Trusted LAN')).toEqual(['OPEN_RELAY', 'WIDE_EXTERNALLY_SECURED']);
    expect(codesOf(hubWith(CONNECTORS.printerExtSec), 'Printer ExtSec')).toEqual([]);
  });

  it('anonymous access from all of IPv6', () => {
    const ctx = hubWith({ name: 'V6 In', bindings: ['[::]:25'], remoteIPRanges: ['::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], permissionGroups: ['AnonymousUsers'] });
    expect(codesOf(ctx, 'V6 In')).toEqual(['ANONYMOUS_FROM_ALL_IPV6', 'SELF_DOMAIN_SPOOFING']);
  });

  it('a stranded relay entry after switching groups (S30)', () => {
    const ctx = hubWith(CONNECTORS.appRelay);
    const app = ctx.connectors.find((c) => c.name === 'AppRelay')!;
    app.entries = applyPermissionGroups(app.entries, ['ExchangeServers'], 'HubTransport', 'CONTOSO', idFactory('s'));
    expect(codesOf(ctx, 'AppRelay')).toEqual(['STRANDED_ENTRY']);
  });

  it('a connector fully covered by more specific ranges is shadowed', () => {
    const ctx = hubWith(
      { name: 'Half A', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.9.0.0/25'], permissionGroups: ['AnonymousUsers'] },
      { name: 'Half B', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.9.0.128/25'], permissionGroups: ['AnonymousUsers'] },
      { name: 'Whole', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.9.0.0/24'], permissionGroups: ['AnonymousUsers'] },
    );
    expect(codesOf(ctx, 'Whole')).toEqual(['SHADOWED_RANGES']);
    expect(codesOf(ctx, 'Half A')).toEqual([]);
  });

  it('a binding to an address the server does not have', () => {
    const ctx = hubWith({ name: 'Elsewhere', bindings: ['10.0.0.99:25'], remoteIPRanges: ['10.0.0.50'], permissionGroups: ['AnonymousUsers'] });
    expect(codesOf(ctx, 'Elsewhere')).toEqual(['BINDING_NOT_ON_SERVER']);
  });

  it('every fix is one plain sentence and runnable shell commands (issue 9)', () => {
    const ctx = hubWith(
      CONNECTORS.internet,
      { name: 'Trusted LAN', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.2.0.0/16'], authMechanism: ['ExternalAuthoritative'], permissionGroups: ['ExchangeServers'] },
      { name: 'Elsewhere', bindings: ['10.0.0.99:25'], remoteIPRanges: ['10.0.0.50'], permissionGroups: ['AnonymousUsers'] },
    );
    const findings = serverFindings(ctx);
    const of = (name: string, code: string) => findings.find((f) => f.connectorName === name && f.code === code)!;
    expect(of('Internet HUB01', 'SELF_DOMAIN_SPOOFING').shell).toBe(
      "Get-ReceiveConnector -Identity 'HUB01\\Internet HUB01' | Remove-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender' -Confirm:$false",
    );
    expect(of('Trusted LAN', 'WIDE_EXTERNALLY_SECURED').shell.split('\n')).toEqual([
      "Set-ReceiveConnector -Identity 'HUB01\\Trusted LAN' -AuthMechanism 'Tls' -PermissionGroups 'AnonymousUsers'",
      "Get-ReceiveConnector -Identity 'HUB01\\Trusted LAN' | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'",
    ]);
    expect(of('Elsewhere', 'BINDING_NOT_ON_SERVER').shell).toBe("Set-ReceiveConnector -Identity 'HUB01\\Elsewhere' -Bindings '0.0.0.0:25'");
    for (const f of findings) {
      expect(f.shell).toMatch(/^(Get|Set|Remove)-ReceiveConnector /);
      expect(f.fix).not.toMatch(/Remove-ADPermission|Add-ADPermission/);
      expect(f.fix.split(/\. /)).toHaveLength(1);
    }
  });
});
