import { describe, expect, it } from 'vitest';
import { psQuote } from './quote.ts';
import { newConnectorCommands, setConnectorCommands } from './commands.ts';
import { CONNECTORS, hubWith } from '../testing/fixture.ts';
import { removeRights } from '../permissions/acl.ts';
import { ANONYMOUS_LOGON } from '../model/principals.ts';

describe('PowerShell quoting (quality doc §3.5)', () => {
  it.each([
    ["O'Brien", "'O''Brien'"],
    ['Cost $(Remove-Item C:\\ -Recurse)', "'Cost $(Remove-Item C:\\ -Recurse)'"],
    ['smart ’quote’', "'smart ’’quote’’'"],
    ["x'; Remove-Item C:\\ #", "'x''; Remove-Item C:\\ #'"],
    ['‘a‚b‛', "'‘‘a‚‚b‛‛'"],
    ['back`tick "dq"', "'back`tick \"dq\"'"],
  ])('%s stays inert', (input, expected) => {
    expect(psQuote(input)).toBe(expected);
  });
});

describe('shell rendering', () => {
  it('Option 2 recreates with New-ReceiveConnector and one Add-ADPermission', () => {
    const ctx = hubWith(CONNECTORS.appRelay);
    const app = ctx.connectors.find((c) => c.name === 'AppRelay')!;
    expect(newConnectorCommands(app, ctx)).toEqual([
      "New-ReceiveConnector -Name 'AppRelay' -Server 'HUB01' -Usage 'Custom' -Bindings '0.0.0.0:25' -RemoteIPRanges '10.0.0.50' -AuthMechanism 'Tls' -PermissionGroups 'AnonymousUsers'",
      "Get-ReceiveConnector -Identity 'HUB01\\AppRelay' | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'",
    ]);
  });

  it('an Internet connector omits the preset ranges and renders a removed group right (S38)', () => {
    const ctx = hubWith(CONNECTORS.internet);
    const internet = ctx.connectors.find((c) => c.name === 'Internet HUB01')!;
    internet.entries = removeRights(internet.entries, { user: ANONYMOUS_LOGON, extendedRights: ['ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'], deny: false });
    expect(newConnectorCommands(internet, ctx)).toEqual([
      "New-ReceiveConnector -Name 'Internet HUB01' -Server 'HUB01' -Usage 'Internet' -Bindings '10.0.0.11:25' -AuthMechanism 'Tls' -PermissionGroups 'AnonymousUsers'",
      "Get-ReceiveConnector -Identity 'HUB01\\Internet HUB01' | Remove-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender' -Confirm:$false",
    ]);
  });

  it('a hostile connector name stays one quoted argument', () => {
    const ctx = hubWith({ ...CONNECTORS.appRelay, name: "Cost $(Remove-Item C:/ -Recurse) O'Brien", comment: 'x`$(calc)\\‘' });
    const c = ctx.connectors.at(-1)!;
    const command = newConnectorCommands(c, ctx)[0]!;
    expect(command).toContain("-Name 'Cost $(Remove-Item C:/ -Recurse) O''Brien'");
    expect(command).toContain("-Comment 'x`$(calc)\\‘‘'");
  });

  it('Set-ReceiveConnector lists only what changed, and a group switch keeps the stranded entry (S30)', () => {
    const ctx = hubWith(CONNECTORS.appRelay);
    const before = ctx.connectors.find((c) => c.name === 'AppRelay')!;
    const after = { ...before, maxMessageSize: 20 * 1024 * 1024, entries: before.entries.filter((e) => e.source !== 'PermissionGroup:AnonymousUsers') };
    expect(setConnectorCommands(before, after, ctx)).toEqual([
      "Set-ReceiveConnector -Identity 'HUB01\\AppRelay' -MaxMessageSize '20MB' -PermissionGroups 'None'",
    ]);
  });
});
