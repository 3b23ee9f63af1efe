import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyPermissionGroups,
  type ConnectorState,
  containerPermissionCommands,
  newAcceptedDomainCommands,
  newConnectorCommands,
  newPrincipalCommands,
  permissionCommand,
  psList,
  psQuote,
  sendAsCommand,
  setTransportConfigCommands,
} from '@cc/connector-engine';
import { readEmsScript } from './read-ems-script.ts';

/** The console's own shell output must read back exactly: cmdlet, identity and every value. */
const readAll = (lines: readonly string[]) => readEmsScript(lines.join('\n'), 'export.ps1');
const params = (c: { parameters: ReadonlyMap<string, unknown> }) => Object.fromEntries(c.parameters);

const HOSTILE_NAMES = ["O'Brien", 'smart ’quote’ ‘here‛ ‚low', 'Cost $(Remove-Item C:\\ -Recurse)', 'back`tick "dq" “smart dq”', "x'; Remove-Item C:\\ #"];

describe("the engine's commands round-trip", () => {
  it.each(HOSTILE_NAMES)('permissionCommand with -Deny for connector and user %j', (name) => {
    const identity = `HUB01\\${name}`;
    const user = `CONTOSO\\${name}`;
    const { commands, problems } = readAll([permissionCommand(identity, 'Add', user, ['ms-Exch-SMTP-Submit', 'ms-Exch-SMTP-Accept-Any-Recipient'], true)]);
    expect(problems).toEqual([]);
    expect(commands[0]!.cmdlet).toBe('Add-ADPermission');
    expect(params(commands[0]!.input!)).toEqual({ Identity: identity });
    expect(params(commands[0]!)).toEqual({ User: user, ExtendedRights: ['ms-Exch-SMTP-Submit', 'ms-Exch-SMTP-Accept-Any-Recipient'], Deny: true });
  });

  it("Option 2: New-ReceiveConnector with every set property, then the relay grant and a -Deny entry", () => {
    const server = { name: 'HUB01', fqdn: 'hub01.contoso.com', role: 'HubTransport' as const, ipAddresses: ['10.0.0.11'] };
    let n = 0;
    const groupEntries = applyPermissionGroups([], ['AnonymousUsers'], 'HubTransport', 'CONTOSO', () => `g${n++}`);
    const explicit = (user: string, right: string, deny: boolean) => ({ id: `e${n++}`, user, extendedRights: [right], deny, inherited: false, source: 'Explicit' as const });
    const connector: ConnectorState = {
      id: 'c1',
      server: 'HUB01',
      name: "O'Brien’s relay $(x)",
      usage: 'Custom',
      enabled: false,
      bindings: ['10.0.0.11:25', '10.0.0.11:587'],
      remoteIPRanges: ['10.0.0.50', '192.168.1.0/24'],
      authMechanism: ['Tls', 'BasicAuth'],
      fqdn: 'relay.contoso.com',
      banner: '220 “Relay” ‘ok’',
      maxMessageSize: 20 * 1024 * 1024,
      maxRecipientsPerMessage: 500,
      sizeEnabled: 'EnabledWithoutValue',
      requireTLS: true,
      domainSecureEnabled: false,
      protocolLoggingLevel: 'Verbose',
      comment: 'Printers; see ticket #42',
      version: 1,
      entries: [
        ...groupEntries,
        explicit('NT AUTHORITY\\ANONYMOUS LOGON', 'ms-Exch-SMTP-Accept-Any-Recipient', false),
        explicit("CONTOSO\\O'Brien", 'ms-Exch-SMTP-Submit', true),
      ],
    };
    const { commands, problems } = readAll(newConnectorCommands(connector, { server, domain: 'CONTOSO' }));
    expect(problems).toEqual([]);
    expect(commands[0]!.cmdlet).toBe('New-ReceiveConnector');
    expect(params(commands[0]!)).toEqual({
      Name: connector.name,
      Server: 'HUB01',
      Usage: 'Custom',
      Bindings: connector.bindings,
      RemoteIPRanges: connector.remoteIPRanges,
      AuthMechanism: ['Tls', 'BasicAuth'],
      PermissionGroups: 'AnonymousUsers',
      Fqdn: 'relay.contoso.com',
      Banner: connector.banner,
      MaxMessageSize: '20MB',
      MaxRecipientsPerMessage: '500',
      SizeEnabled: 'EnabledWithoutValue',
      RequireTLS: true,
      ProtocolLoggingLevel: 'Verbose',
      Comment: 'Printers; see ticket #42',
      Enabled: false,
    });
    const identity = `HUB01\\${connector.name}`;
    expect(commands.slice(1).map((c) => [params(c.input!), c.cmdlet, params(c)])).toEqual([
      [{ Identity: identity }, 'Add-ADPermission', { User: 'NT AUTHORITY\\ANONYMOUS LOGON', ExtendedRights: 'ms-Exch-SMTP-Accept-Any-Recipient' }],
      [{ Identity: identity }, 'Add-ADPermission', { User: "CONTOSO\\O'Brien", ExtendedRights: 'ms-Exch-SMTP-Submit', Deny: true }],
    ]);
  });

  it('Remove-ADPermission with one right and -Confirm:$false', () => {
    const [command] = readAll([permissionCommand("HUB01\\O'Brien", 'Remove', 'NT AUTHORITY\\ANONYMOUS LOGON', ['ms-Exch-SMTP-Submit'], false)]).commands;
    expect(command!.cmdlet).toBe('Remove-ADPermission');
    expect(params(command!)).toEqual({ User: 'NT AUTHORITY\\ANONYMOUS LOGON', ExtendedRights: 'ms-Exch-SMTP-Submit', Confirm: false });
  });

  it('accepted domains and transport configuration, $null included', () => {
    const { commands, problems } = readAll([
      ...newAcceptedDomainCommands({ domainName: '*.contoso.com', domainType: 'InternalRelay', isDefault: true }),
      ...setTransportConfigCommands({ tlsReceiveDomainSecureList: ['a.com'], tlsSendDomainSecureList: [] }, { tlsReceiveDomainSecureList: [], tlsSendDomainSecureList: ["o'brien.com", 'b.com'] }),
    ]);
    expect(problems).toEqual([]);
    expect(commands.map((c) => [c.cmdlet, params(c)])).toEqual([
      ['New-AcceptedDomain', { Name: 'contoso.com and subdomains', DomainName: '*.contoso.com', DomainType: 'InternalRelay' }],
      ['Set-AcceptedDomain', { Identity: 'contoso.com and subdomains', MakeDefault: true }],
      ['Set-TransportConfig', { TLSReceiveDomainSecureList: null, TLSSendDomainSecureList: ["o'brien.com", 'b.com'] }],
    ]);
  });

  it('principal commands: the comment lines (with quotes in them) are skipped, the commands read', () => {
    const principal = { name: "CONTOSO\\O'Brien", kind: 'user' as const, emailAddresses: ["o'brien@contoso.com"], memberOf: [], sendAs: ['Relay ’Desk’'] };
    const { commands, problems } = readAll(newPrincipalCommands(principal, []));
    expect(problems).toEqual([]);
    expect(commands.map((c) => [c.cmdlet, params(c)])).toEqual([
      ['Set-Mailbox', { Identity: "CONTOSO\\O'Brien", EmailAddresses: "o'brien@contoso.com" }],
      ['Add-ADPermission', { User: "CONTOSO\\O'Brien", ExtendedRights: 'Send-As' }],
    ]);
    expect(params(commands[1]!.input!)).toEqual({ Identity: 'Relay ’Desk’' });
    expect(readAll([sendAsCommand('a', 'b', 'Remove')]).commands[0]!.parameters.get('Confirm')).toBe(false);
  });

  it("refuses the container's DN expression (it is evaluated by the shell, not written as a value)", () => {
    const { commands, problems } = readAll(containerPermissionCommands('HUB01', 'Add', 'CONTOSO\\Relay', ['ms-Exch-SMTP-Accept-Any-Recipient'], false));
    expect(commands).toEqual([]);
    expect(problems).toMatchObject([{ source: { line: 2 }, message: expect.stringMatching(/expressions in parentheses are not evaluated/) }]);
  });

  it('any identity, banner and list quoted by psQuote/psList reads back unchanged', () => {
    const tricky = fc.constantFrom(..."'‘’‚‛\"“”„$()@{}`#<>|;,-: \n\r\tab".split(''), '<#', '#>', '$true', '@(', '``');
    const text = fc.oneof(fc.string({ unit: tricky, maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));
    fc.assert(
      fc.property(text, text, fc.array(text, { minLength: 2, maxLength: 4 }), (identity, banner, ranges) => {
        const { commands, problems } = readEmsScript(
          `Set-ReceiveConnector -Identity ${psQuote(identity)} -Banner ${psQuote(banner)} -RemoteIPRanges ${psList(ranges)} -Confirm:$false`,
          'export.ps1',
        );
        expect(problems).toEqual([]);
        expect(params(commands[0]!)).toEqual({ Identity: identity, Banner: banner, RemoteIPRanges: ranges, Confirm: false });
      }),
      { numRuns: 2000 },
    );
  });
});
