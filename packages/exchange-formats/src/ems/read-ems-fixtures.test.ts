import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEmsScript } from './read-ems-script.ts';

/** Commands published by admins and Microsoft (each fixture names its page in a `# Source:` line). */
const fixture = (name: string) => {
  const text = readFileSync(new URL(`../fixtures/ems/${name}`, import.meta.url), 'utf8');
  expect(text).toMatch(/^# Source: https?:\/\/\S+/);
  return readEmsScript(text, name);
};
const params = (c: { parameters: ReadonlyMap<string, unknown> }) => Object.fromEntries(c.parameters);

describe('published command snippets', () => {
  it('itsystemlab: Set-ReceiveConnector -PermissionGroups, then Get-ReceiveConnector piped into Add-ADPermission', () => {
    const { commands, problems } = fixture('itsystemlab-anonymous-relay.ps1');
    expect(problems).toEqual([]);
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatchObject({ line: 3, cmdlet: 'Set-ReceiveConnector', positional: ['EXCHANGESERVER\\Default Frontend EXCHANGESERVER'] });
    expect(params(commands[0]!)).toEqual({ PermissionGroups: 'AnonymousUsers' });
    expect(commands[1]).toMatchObject({ line: 4, cmdlet: 'Add-ADPermission', input: { cmdlet: 'Get-ReceiveConnector', positional: ['EXCHANGESERVER\\Default Frontend EXCHANGESERVER'] } });
    expect(params(commands[1]!)).toEqual({ User: 'NT AUTHORITY\\Anonymous Logon', ExtendedRights: 'MS-Exch-SMTP-Accept-Any-Recipient' });
  });

  it('1ask2 (Exchange 2007): permission-group lists, Add-AdPermission in its own case, a partner SID', () => {
    const { commands, problems } = fixture('1ask2-permission-groups.ps1');
    expect(problems).toMatchObject([{ source: { line: 3 }, message: expect.stringMatching(/single text value/) }]);
    expect(commands.map((c) => [c.line, c.cmdlet])).toEqual([
      [4, 'Set-ReceiveConnector'],
      [5, 'Set-ReceiveConnector'],
      [6, 'Add-AdPermission'],
      [7, 'Add-AdPermission'],
    ]);
    expect(commands[1]!.parameters.get('PermissionGroups')).toEqual(['AnonymousUsers', 'ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers', 'partners']);
    expect(params(commands[3]!)).toEqual({
      Identity: 'Default Ex64',
      User: 'S-1-9-1419165041-1139599005-3936102811-1022490595-10',
      ExtendedRights: ['ms-Exch-SMTP-Submit', 'ms-Exch-Accept-Headers-Routing'],
    });
  });

  it('Microsoft: Remove-ADPermission with a positional identity and a list of rights', () => {
    const { commands, problems } = fixture('technet-remove-adpermission.ps1');
    expect(problems).toEqual([]);
    expect(commands[0]!.parameters.get('ExtendedRights')).toBe('Send As');
    expect(commands[1]).toMatchObject({ line: 4, cmdlet: 'Remove-ADPermission', positional: ['IP Secured Inbound'] });
    expect(commands[1]!.parameters.get('ExtendedRights')).toEqual(['ms-Exch-SMTP-Submit', 'ms-Exch-SMTP-Accept-Any-Recipient', 'ms-Exch-Bypass-Anti-Spam']);
  });

  it('deangrant: smart double quotes from the blog, and a bare -Deny', () => {
    const { commands, problems } = fixture('deangrant-header-firewall.ps1');
    expect(problems).toEqual([]);
    expect(params(commands[0]!)).toEqual({
      Identity: '<Send Connector>',
      User: 'NT Authority\\Anonymous Logon',
      ExtendedRights: 'Ms-Exch-Send-Headers-Routing',
      Deny: true,
    });
  });

  it('itsolutionbraindumps: a three-pipe report is one problem on its line, not a syntax error', () => {
    const { commands, problems } = fixture('itsolutionbraindumps-relay-filter.ps1');
    expect(commands).toEqual([]);
    expect(problems).toMatchObject([{ source: { line: 3 }, message: expect.stringMatching(/^Line 3: more than one pipe/) }]);
  });

  it('enow: wrongly paired blog quotes end in a quote PowerShell never closes, named with its line', () => {
    const { commands, problems } = fixture('enow-send-connector.ps1');
    expect(commands).toEqual([]);
    expect(problems).toMatchObject([{ source: { line: 3 }, message: 'Syntax error on line 3: the string opened with ’ is never closed.' }]);
  });
});
