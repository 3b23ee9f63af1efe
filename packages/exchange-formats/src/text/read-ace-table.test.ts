import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAceTable } from './read-ace-table.ts';

const rows = (result: ReturnType<typeof readAceTable>) => result.objects.map((object) => Object.fromEntries(object.properties));

const USER_RIGHTS_TABLE = [
  '',
  'User                                        ExtendedRights',
  '----                                        --------------',
  'NT AUTHORITY\\ANONYMOUS LOGON                {ms-Exch-SMTP-Submit}',
  'NT AUTHORITY\\ANONYMOUS LOGON                {ms-Exch-SMTP-Accept-Any-Recipient}',
  'MS Exchange\\Externally Secured Servers      {ms-Exch-SMTP-Accept-Authoritative-Domain-Sender}',
  '',
].join('\r\n');

describe('readAceTable on Format-Table User,ExtendedRights', () => {
  it('reads rows by the columns the dashes give, with the connector named by the caller', () => {
    const result = readAceTable(`\uFEFF${USER_RIGHTS_TABLE}`, 'acl.txt', 'HUB01\\Relay');
    expect(result.problems).toEqual([]);
    expect(rows(result)).toEqual([
      { User: 'NT AUTHORITY\\ANONYMOUS LOGON', ExtendedRights: '{ms-Exch-SMTP-Submit}', Identity: 'HUB01\\Relay' },
      { User: 'NT AUTHORITY\\ANONYMOUS LOGON', ExtendedRights: '{ms-Exch-SMTP-Accept-Any-Recipient}', Identity: 'HUB01\\Relay' },
      { User: 'MS Exchange\\Externally Secured Servers', ExtendedRights: '{ms-Exch-SMTP-Accept-Authoritative-Domain-Sender}', Identity: 'HUB01\\Relay' },
    ]);
    expect(result.objects[2]!.source).toEqual({ file: 'acl.txt', line: 6, index: 2 });
    expect(result.objects[0]!.type).toBeNull();
  });

  it('refuses a table with no Identity column when no connector is named, saying how to fix it', () => {
    const result = readAceTable(USER_RIGHTS_TABLE, 'acl.txt');
    expect(result.objects).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ severity: 'error', source: { file: 'acl.txt', line: 2 } });
    expect(result.problems[0]!.message).toContain('acl.txt: the permission table at line 2 has no Identity column');
    expect(result.problems[0]!.fix).toMatch(/-Identity .*Format-List.*collector/);
  });

  it('reads several tables, one per connector', () => {
    const result = readAceTable(`${USER_RIGHTS_TABLE}\n${USER_RIGHTS_TABLE}`, 'acl.txt', 'HUB01\\Relay');
    expect(result.objects).toHaveLength(6);
  });

  it('reads published rows whose header and alignment a web page collapsed (1ask2.com)', () => {
    const page = readFileSync(new URL('../fixtures/1ask2-exchange2010-pop3.txt', import.meta.url), 'utf8');
    const defaultConnectorRows = page.split('\n').filter((line) => line.startsWith('NT AUTHORITY\\ANONYMOUS LOGON')).join('\n');
    const result = readAceTable(defaultConnectorRows, 'pasted text', 'EX0\\Default EX0');
    expect(result.problems).toEqual([]);
    expect(rows(result).map((row) => row['ExtendedRights'])).toEqual([
      '{ms-Exch-SMTP-Accept-Authoritative-Domain-Sender}',
      '{ms-Exch-SMTP-Accept-Any-Sender}',
      '{ms-Exch-SMTP-Submit}',
      '{ms-Exch-Accept-Headers-Routing}',
    ]);
    expect(rows(result)[0]).toMatchObject({ User: 'NT AUTHORITY\\ANONYMOUS LOGON', Identity: 'EX0\\Default EX0' });
  });

  it('falls back to "USER {rights}" when a header was kept but the spacing was collapsed', () => {
    const collapsed = 'User ExtendedRights\n---- --------------\nNT AUTHORITY\\Authenticated Users {ms-Exch-SMTP-Submit}';
    expect(rows(readAceTable(collapsed, 'x', 'EX0\\Client EX0'))).toEqual([
      { User: 'NT AUTHORITY\\Authenticated Users', ExtendedRights: '{ms-Exch-SMTP-Submit}', Identity: 'EX0\\Client EX0' },
    ]);
  });
});

describe('readAceTable on the 2007 default table (Identity, User, Deny, Inherited, Rights)', () => {
  const table = [
    'Identity             User                 Deny  Inherited Rights',
    '--------             ----                 ----  --------- ------',
    'HUB01\\Relay          NT AUTHORITY\\ANON... False False     ms-Exch-SMTP-Submit',
    'HUB01\\Relay          CONTOSO\\App01        False False     ms-Exch-SMTP-Accept-Any-Recipient',
    'HUB01\\Relay          CONTOSO\\App01        True  True      ms-Exch-SMTP-Submit',
  ].join('\n');

  it('takes Identity from its column and maps Inherited to IsInherited', () => {
    const result = readAceTable(table, 'default-view.txt');
    expect(rows(result)).toEqual([
      { Identity: 'HUB01\\Relay', User: 'CONTOSO\\App01', Deny: 'False', IsInherited: 'False', Rights: 'ms-Exch-SMTP-Accept-Any-Recipient' },
      { Identity: 'HUB01\\Relay', User: 'CONTOSO\\App01', Deny: 'True', IsInherited: 'True', Rights: 'ms-Exch-SMTP-Submit' },
    ]);
  });

  it('refuses a row whose cell Format-Table cut short with "...", naming the line and column', () => {
    const [problem] = readAceTable(table, 'default-view.txt').problems;
    expect(problem).toMatchObject({ severity: 'error', source: { file: 'default-view.txt', line: 3 }, object: 'HUB01\\Relay', property: 'User' });
    expect(problem!.message).toBe('Line 3: the User cell "NT AUTHORITY\\ANON..." was cut short by Format-Table ("..."), so this permission entry cannot be imported.');
    expect(problem!.fix).toContain('-AutoSize');
  });

  it('names a row that fits neither the columns nor "USER {rights}"', () => {
    const result = readAceTable('User ExtendedRights\n---- --------------\ngarbage row without braces', 'x.txt', 'HUB01\\Relay');
    expect(result.problems[0]).toMatchObject({ severity: 'error', source: { line: 3 } });
    expect(result.problems[0]!.message).toContain('Line 3 does not line up');
  });
});
