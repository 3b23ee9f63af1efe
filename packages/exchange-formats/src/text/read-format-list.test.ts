import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFormatList } from './read-format-list.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const asObject = (properties: ReadonlyMap<string, unknown>) => Object.fromEntries(properties);

describe('readFormatList on a published web copy (1ask2.com, Exchange 2010)', () => {
  const { objects, problems } = readFormatList(fixture('1ask2-exchange2010-pop3.txt'), 'pasted text');

  it('reads each Format-List block as one object, values as printed and without a type', () => {
    expect(objects.map((object) => asObject(object.properties))).toEqual([
      { PermissionGroups: 'ExchangeUsers' },
      { AuthMechanism: 'Tls, Integrated, BasicAuth, BasicAuthRequireTLS', Bindings: '{0.0.0.0:587}' },
      {
        AuthMechanism: 'Tls, Integrated, BasicAuth, ExchangeServer',
        Bindings: '{0.0.0.0:25}',
        PermissionGroups: 'AnonymousUsers, ExchangeUsers, ExchangeServers, ExchangeLegacyServers',
      },
    ]);
    expect(objects.every((object) => object.type === null && object.truncated.length === 0)).toBe(true);
    expect(objects.map((object) => object.source)).toEqual([
      { file: 'pasted text', line: 5, index: 0 },
      { file: 'pasted text', line: 18, index: 1 },
      { file: 'pasted text', line: 30, index: 2 },
    ]);
  });

  it('names every line of notes and commands around the output instead of reading it', () => {
    const lines = problems.map((problem) => problem.source.line);
    expect(problems.every((problem) => problem.severity === 'warning')).toBe(true);
    expect(problems[0]!.message).toBe('Line 1 is not a "Name : Value" line of Format-List output and was ignored: Receive Connector:Client EX0');
    expect(lines).toEqual(expect.arrayContaining([1, 3, 7, 9, 12, 14, 16, 28]));
    expect(lines).not.toEqual(expect.arrayContaining([5]));
  });

  it('skips the prompt line pasted above the output without a word', () => {
    const pasted = '[PS] C:\\Windows\\system32>Get-ReceiveConnector | fl Name\n\nName : Relay\n';
    expect(readFormatList(pasted, 'x').problems).toEqual([]);
  });
});

const WRAPPED_2007 = [
  'AuthMechanism                           : Tls, ExternalAuthoritative',
  'Banner                                  :',
  'Bindings                                : {0.0.0.0:25}',
  'RemoteIPRanges                          : {192.168.10.21, 192.168.10.22, 192.168.1',
  '                                          0.23, 192.168.10.24}',
  'Comment                                 : Scanners : 3rd floor',
  'Identity                                : HUB01\\Relay Scanners',
  'Name                                    : Relay Scanners',
  '',
  'AuthMechanism                           : Tls, Integrated, BasicAuth, BasicAuthRequ',
  '                                          ireTLS, ExchangeServer',
  'Banner                                  :',
  'Bindings                                : {0.0.0.0:25}',
  'RemoteIPRanges                          : {0.0.0.0-255.255.255.255}',
  'Comment                                 :',
  'Identity                                : HUB01\\Default HUB01',
  'Name                                    : Default HUB01',
  '',
].join('\r\n');

describe('readFormatList rendering rules (config-exports.md §4)', () => {
  it('splits at the first " : " after padded names, keeps {a, b} raw and reads an empty value as ""', () => {
    const [relay] = readFormatList(WRAPPED_2007, 'rc.txt').objects;
    expect(relay!.properties.get('Comment')).toBe('Scanners : 3rd floor');
    expect(relay!.properties.get('Bindings')).toBe('{0.0.0.0:25}');
    expect(relay!.properties.get('Banner')).toBe('');
  });

  it('joins values hard-wrapped at the window width, even inside a word, with CRLF line ends', () => {
    const { objects, problems } = readFormatList(WRAPPED_2007, 'rc.txt');
    expect(problems).toEqual([]);
    expect(objects[0]!.properties.get('RemoteIPRanges')).toBe('{192.168.10.21, 192.168.10.22, 192.168.10.23, 192.168.10.24}');
    expect(objects[1]!.properties.get('AuthMechanism')).toBe('Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer');
    expect(objects[1]!.source).toEqual({ file: 'rc.txt', line: 10, index: 1 });
  });

  it('starts a new record when the first property comes round again, for copies that lost the blank lines', () => {
    const squeezed = WRAPPED_2007.split('\r\n').filter((line) => line !== '').join('\n');
    const { objects } = readFormatList(`\uFEFF${squeezed}`, 'copy.txt');
    expect(objects.map((object) => object.properties.get('Identity'))).toEqual(['HUB01\\Relay Scanners', 'HUB01\\Default HUB01']);
    expect(objects[1]!.source.line).toBe(9);
  });

  it('marks a list cut short with "...}" as truncated and names connector, property and the exact fix', () => {
    const text = [
      '[PS] C:\\Windows\\system32>Get-ReceiveConnector "HUB01\\Relay" | Format-List',
      '',
      'Identity       : HUB01\\Relay',
      'RemoteIPRanges : {10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4...}',
      'Bindings       : {0.0.0.0:25}',
    ].join('\n');
    const { objects, problems } = readFormatList(text, 'relay.txt');
    expect(objects[0]!.truncated).toEqual(['RemoteIPRanges']);
    expect(problems).toEqual([{
      severity: 'warning',
      source: { file: 'relay.txt', line: 3, index: 0 },
      object: 'HUB01\\Relay',
      property: 'RemoteIPRanges',
      message: 'HUB01\\Relay: RemoteIPRanges ends with "...}", so the shell cut the list short ($FormatEnumerationLimit) and it cannot be imported as complete.',
      fix: expect.stringContaining('$global:FormatEnumerationLimit = -1'),
    }]);
    expect(problems[0]!.fix).toContain('CliXML');
  });

  it('recognises a web copy whose dots became an ellipsis', () => {
    expect(readFormatList('Name : Relay\nRemoteIPRanges : {10.0.0.1, 10.0.0.2…}', 'x').objects[0]!.truncated).toEqual(['RemoteIPRanges']);
  });

  it('reads Get-ADPermission Format-List entries (shape derived from the cmdlet, config-exports.md §6)', () => {
    const text = [
      'AccessRights        : {ExtendedRight}',
      'ExtendedRights      : {ms-Exch-SMTP-Accept-Any-Recipient}',
      'ChildObjectTypes    :',
      'InheritedObjectType :',
      'Properties          :',
      'IsInherited         : False',
      'InheritanceType     : All',
      'Deny                : False',
      'User                : NT AUTHORITY\\ANONYMOUS LOGON',
      'Identity            : HUB01\\Relay',
      'IsValid             : True',
      '',
    ].join('\n');
    const [entry] = readFormatList(text, 'acl.txt').objects;
    expect(entry!.properties.get('ExtendedRights')).toBe('{ms-Exch-SMTP-Accept-Any-Recipient}');
    expect(entry!.properties.get('User')).toBe('NT AUTHORITY\\ANONYMOUS LOGON');
    expect(entry!.userSid).toBeUndefined();
  });
});
