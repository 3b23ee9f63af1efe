import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OrganisationDocument } from '@cc/api-contract';
import { readPermissionGroups } from '@cc/connector-engine';
import { readCliXml } from '../clixml/read-clixml.ts';
import { readAceTable } from '../text/read-ace-table.ts';
import { readFormatList } from '../text/read-format-list.ts';
import { emptyDocument, serverContextOf, toEntries } from './document.ts';
import { mapShellObjects } from './shell-mapper.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

function organisationWith(server: string): OrganisationDocument {
  const doc = emptyDocument('CONTOSO', '2026-01-15T09:00:00.000Z');
  doc.servers.push({ name: server, fqdn: `${server.toLowerCase()}.contoso.com`, role: 'HubTransport', ipAddresses: ['10.0.0.10'], exchangeVersion: null, containerPermissions: [] });
  return doc;
}

describe('Exchange 2019 captures (microsoft/CSS-Exchange test data)', () => {
  it('imports the receive connector with its values, keeps 2013+ properties as extras and rebuilds its ACL from PermissionGroups', () => {
    const read = readCliXml(fixture('e19-get-receive-connector.xml'), 'ReceiveConnector.xml');
    const { target, problems } = mapShellObjects(organisationWith('WIN-CTD3L0RGEN4'), [{ objects: read.objects, complete: true }]);
    const [c] = target.connectors;
    expect(c).toMatchObject({
      server: 'WIN-CTD3L0RGEN4',
      name: 'Default WIN-CTD3L0RGEN4',
      usage: 'Custom',
      bindings: ['0.0.0.0:2525', '[::]:2525'],
      authMechanism: ['Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
      maxMessageSize: 37_748_736,
      fqdn: 'WIN-CTD3L0RGEN4.exlab.dom',
    });
    expect(c!.remoteIPRanges).toHaveLength(2);
    expect(Object.keys(c!.extras)).toEqual(expect.arrayContaining(['TransportRole', 'MaxInboundConnection', 'TarpitInterval']));
    expect(c!.extras.TransportRole).toBe('HubTransport');
    const ctx = serverContextOf(target, target.servers[0]!);
    expect(readPermissionGroups(toEntries(c!.permissions, 'x'), ctx.server.role, ctx.domain)).toEqual(['ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers']);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reads a 2019 Mailbox server as the Hub Transport server it is, with its version', () => {
    const read = readCliXml(fixture('e19-get-exchange-server.xml'), 'ExchangeServer.xml');
    const { target, servers } = mapShellObjects(emptyDocument('CONTOSO', ''), [{ objects: read.objects, complete: true }]);
    expect(servers).toEqual([{ name: 'SOLO-E19A', exchangeVersion: 'Version 15.2 (Build 986.5)', release: 'Exchange 2019' }]);
    expect(target.servers).toEqual([expect.objectContaining({ name: 'SOLO-E19A', role: 'HubTransport', fqdn: 'Solo-E19A.Solo.com' })]);
  });

  it('reads the accepted domain, replacing the list on a complete export', () => {
    const read = readCliXml(fixture('e19-get-accepted-domain.xml'), 'AcceptedDomain.xml');
    const current = emptyDocument('CONTOSO', '');
    current.acceptedDomains.push({ domainName: 'old.example', domainType: 'Authoritative', isDefault: true });
    const { target } = mapShellObjects(current, [{ objects: read.objects, complete: true }]);
    expect(target.acceptedDomains).toEqual([{ domainName: 'Solo.com', domainType: 'Authoritative', isDefault: true }]);
  });
});

const formatList = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

describe('Format-List text and pasted permission tables', () => {
  const relay = formatList([
    'Identity         : HUB01\\Scanner Relay',
    'Bindings         : {0.0.0.0:25}',
    'Enabled          : True',
    'RemoteIPRanges   : {10.0.0.50, 10.0.0.51}',
    'AuthMechanism    : Tls',
    'PermissionGroups : AnonymousUsers, Custom',
    'MaxMessageSize   : 10 MB (10,485,760 bytes)',
    'Fqdn             : hub01.contoso.com',
  ]);

  it('pairs a Format-Table User,ExtendedRights paste with its connector and recognises what the group wrote', () => {
    const table = [
      'User                               ExtendedRights',
      '----                               --------------',
      'NT AUTHORITY\\ANONYMOUS LOGON       {ms-Exch-SMTP-Submit}',
      'NT AUTHORITY\\ANONYMOUS LOGON       {ms-Exch-SMTP-Accept-Any-Recipient}',
      'NT AUTHORITY\\ANONYMOUS LOGON       {ms-Exch-SMTP-Accept-Any-Sender}',
      'NT AUTHORITY\\ANONYMOUS LOGON       {ms-Exch-SMTP-Accept-Authoritative-Domain-Sender}',
      'NT AUTHORITY\\ANONYMOUS LOGON       {Ms-Exch-Accept-Headers-Routing}',
    ].join('\n');
    const { target } = mapShellObjects(organisationWith('HUB01'), [
      { objects: readFormatList(relay, 'rc.txt').objects, complete: false },
      { objects: readAceTable(table, 'acl.txt', 'HUB01\\Scanner Relay').objects, complete: false },
    ]);
    const [c] = target.connectors;
    expect(c!.remoteIPRanges).toEqual(['10.0.0.50', '10.0.0.51']);
    const sources = Object.fromEntries(c!.permissions.map((e) => [e.source, e.extendedRights]));
    expect(sources['Explicit']).toEqual(['ms-Exch-SMTP-Accept-Any-Recipient']);
    expect(sources['PermissionGroup:AnonymousUsers']).toEqual(expect.arrayContaining(['ms-Exch-SMTP-Submit', 'ms-Exch-Accept-Headers-Routing']));
  });

  it('never imports a list the shell cut short, and says how to export it whole', () => {
    const cut = relay.replace('{10.0.0.50, 10.0.0.51}', '{10.0.0.50, 10.0.0.51, 10.0.0.52, 10.0.0.53...}');
    const { target, problems } = mapShellObjects(organisationWith('HUB01'), [{ objects: readFormatList(cut, 'rc.txt').objects, complete: false }]);
    expect(target.connectors).toEqual([]);
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', object: 'HUB01\\Scanner Relay', property: 'RemoteIPRanges', fix: expect.stringMatching(/FormatEnumerationLimit = -1/) })]));
  });

  it('matches a localised well-known principal by its SID', () => {
    const ace = {
      type: 'ADAcePresentationObject',
      properties: new Map<string, string | string[] | null>([
        ['Identity', 'HUB01\\Scanner Relay'],
        ['User', 'NT-AUTORITÄT\\ANONYMOUS-ANMELDUNG'],
        ['ExtendedRights', ['ms-Exch-SMTP-Accept-Any-Recipient']],
        ['Deny', 'False'],
        ['IsInherited', 'False'],
      ]),
      enumValues: new Map(),
      truncated: [],
      userSid: 'S-1-5-7',
      source: { file: 'acl.xml', index: 0 },
    };
    const { target } = mapShellObjects(organisationWith('HUB01'), [
      { objects: readFormatList(relay, 'rc.txt').objects, complete: false },
      { objects: [ace], complete: true },
    ]);
    expect(target.connectors[0]!.permissions).toEqual([{ user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: false, source: 'Explicit' }]);
  });

  it('puts inherited entries on the server container, once', () => {
    const inheritedAce = (i: number) => ({
      type: 'ADAcePresentationObject',
      properties: new Map<string, string | string[] | null>([
        ['Identity', i === 0 ? 'HUB01\\Scanner Relay' : 'HUB01\\Default HUB01'],
        ['User', 'NT AUTHORITY\\ANONYMOUS LOGON'],
        ['ExtendedRights', ['ms-Exch-SMTP-Accept-Any-Recipient']],
        ['Deny', 'True'],
        ['IsInherited', 'True'],
      ]),
      enumValues: new Map(),
      truncated: [],
      source: { file: 'acl.xml', index: i },
    });
    const { target } = mapShellObjects(organisationWith('HUB01'), [{ objects: [inheritedAce(0), inheritedAce(1)], complete: true }]);
    expect(target.servers[0]!.containerPermissions).toEqual([{ user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: true, source: 'Inherited' }]);
  });

  it('names a connector of a server the console does not know, with the fix', () => {
    const { problems } = mapShellObjects(emptyDocument('CONTOSO', ''), [{ objects: readFormatList(relay, 'rc.txt').objects, complete: false }]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', object: 'HUB01\\Scanner Relay', fix: expect.stringMatching(/ExchangeServer\.xml/) })]);
  });
});

describe('groups from Get-Group (the collector’s Group.xml)', () => {
  it('puts members into the group, so an entry for the group grants them its rights', () => {
    const group = {
      type: 'WindowsGroup',
      properties: new Map<string, string | string[] | null>([
        ['Name', 'Relay Apps'],
        ['SamAccountName', 'Relay Apps'],
        ['Members', ['contoso.com/Users/crm-app', 'CN=Scanner\\, Floor 2,OU=Devices,DC=contoso,DC=com']],
      ]),
      enumValues: new Map(),
      truncated: [],
      source: { file: 'Group.xml', index: 0 },
    };
    const current = organisationWith('HUB01');
    current.principals.push({ name: 'CONTOSO\\crm-app', kind: 'user', emailAddresses: ['crm@contoso.com'], memberOf: [], sendAs: [] });
    const { target } = mapShellObjects(current, [{ objects: [group], complete: true }]);
    expect(target.principals).toEqual([
      { name: 'CONTOSO\\crm-app', kind: 'user', emailAddresses: ['crm@contoso.com'], memberOf: ['CONTOSO\\Relay Apps'], sendAs: [] },
      { name: 'CONTOSO\\Relay Apps', kind: 'group', emailAddresses: [], memberOf: [], sendAs: [] },
      { name: 'CONTOSO\\Scanner, Floor 2', kind: 'user', emailAddresses: [], memberOf: ['CONTOSO\\Relay Apps'], sendAs: [] },
    ]);
  });
});
