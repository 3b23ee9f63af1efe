import { describe, expect, it } from 'vitest';
import type { Principal } from '../model/schemas.ts';
import {
  containerPermissionCommands,
  membershipCommand,
  setTransportConfigCommands,
  newAcceptedDomainCommands,
  newPrincipalCommands,
  psComment,
  removeAcceptedDomainCommand,
  removePrincipalCommands,
  sendAsCommand,
  setAcceptedDomainCommands,
  setPrincipalCommands,
} from './organisation-commands.ts';

const user = (name: string, over: Partial<Principal> = {}): Principal => ({ name, kind: 'user', emailAddresses: [], memberOf: [], sendAs: [], ...over });
const group = (name: string, emailAddresses: string[] = []): Principal => ({ name, kind: 'group', emailAddresses, memberOf: [], sendAs: [] });

const ALICE = user('CONTOSO\\alice', { emailAddresses: ['alice@contoso.com'], memberOf: ['CONTOSO\\Sales'] });
const DIRECTORY = [ALICE, group('CONTOSO\\Sales'), group('CONTOSO\\All Staff', ['staff@contoso.com'])];

/** Every line is a comment or starts with a cmdlet: nothing a value smuggled in can start on its own line. */
const startsSafely = (line: string) => /^(# |[A-Z][a-z]+-[A-Za-z]+ )/.test(line);

describe('accepted domains', () => {
  it('New-AcceptedDomain, then Set-AcceptedDomain -MakeDefault for the default', () => {
    expect(newAcceptedDomainCommands({ domainName: 'contoso.com', domainType: 'Authoritative', isDefault: true })).toEqual([
      "New-AcceptedDomain -Name 'contoso.com' -DomainName 'contoso.com' -DomainType 'Authoritative'",
      "Set-AcceptedDomain -Identity 'contoso.com' -MakeDefault $true",
    ]);
  });

  it('names a wildcard domain without the * that -Identity would read as a wildcard', () => {
    const d = { domainName: '*.fabrikam.com', domainType: 'InternalRelay' as const, isDefault: false };
    expect(newAcceptedDomainCommands(d)).toEqual(["New-AcceptedDomain -Name 'fabrikam.com and subdomains' -DomainName '*.fabrikam.com' -DomainType 'InternalRelay'"]);
    expect(removeAcceptedDomainCommand(d)).toBe("Remove-AcceptedDomain -Identity 'fabrikam.com and subdomains' -Confirm:$false");
  });

  it('Set-AcceptedDomain carries only what changed', () => {
    const before = { domainName: 'tailspin.com', domainType: 'ExternalRelay' as const, isDefault: false };
    expect(setAcceptedDomainCommands(before, { ...before, domainType: 'Authoritative', isDefault: true })).toEqual([
      "Set-AcceptedDomain -Identity 'tailspin.com' -DomainType 'Authoritative' -MakeDefault $true",
    ]);
    expect(setAcceptedDomainCommands(before, { ...before, domainType: 'InternalRelay' })).toEqual(["Set-AcceptedDomain -Identity 'tailspin.com' -DomainType 'InternalRelay'"]);
    expect(setAcceptedDomainCommands(before, before)).toEqual([]);
  });
});

describe('server container entries', () => {
  it('targets the container through Get-ExchangeServer, not each connector', () => {
    const [comment, command] = containerPermissionCommands('HUB01', 'Add', 'CONTOSO\\Temps', ['ms-Exch-SMTP-Submit'], true);
    expect(comment).toMatch(/^# The receive-connector container of HUB01/);
    expect(command).toBe(
      "Add-ADPermission -Identity ('CN=SMTP Receive Connectors,CN=Protocols,' + (Get-ExchangeServer -Identity 'HUB01').DistinguishedName) -User 'CONTOSO\\Temps' -ExtendedRights 'ms-Exch-SMTP-Submit' -InheritanceType 'All' -Deny",
    );
    expect(command).not.toContain('Get-ReceiveConnector');
  });

  it('removes with every right of the entry and without a prompt', () => {
    const [, command] = containerPermissionCommands('HUB01', 'Remove', 'CONTOSO\\Temps', ['ms-Exch-SMTP-Submit', 'ms-Exch-SMTP-Accept-Any-Recipient'], false);
    expect(command).toMatch(/^Remove-ADPermission -Identity \(.*\) -User 'CONTOSO\\Temps' -ExtendedRights 'ms-Exch-SMTP-Submit','ms-Exch-SMTP-Accept-Any-Recipient' -InheritanceType 'All' -Confirm:\$false$/);
  });
});

describe('directory users and groups', () => {
  it('a new mailbox user: AD account, mail-enable hint, the address list, memberships and Send-As', () => {
    const carol = user('CONTOSO\\carol', { emailAddresses: ['carol@contoso.com'], memberOf: ['CONTOSO\\Sales', 'CONTOSO\\All Staff'], sendAs: ['bob@contoso.com'] });
    expect(newPrincipalCommands(carol, DIRECTORY)).toEqual([
      '# Active Directory: create the user CONTOSO\\carol (Active Directory Users and Computers).',
      "# Mail-enable CONTOSO\\carol first: Enable-Mailbox -Identity 'CONTOSO\\carol' -Database <mailbox database> (the console does not record mailbox databases).",
      '# Exchange 2007 replaces the whole list of addresses (the @{Add=...} form needs Exchange 2010 or later).',
      "Set-Mailbox -Identity 'CONTOSO\\carol' -EmailAddresses 'carol@contoso.com'",
      '# Active Directory: add CONTOSO\\carol to CONTOSO\\Sales (Active Directory Users and Computers); CONTOSO\\Sales is not a mail-enabled group, and the *-DistributionGroupMember cmdlets change only those.',
      "Add-DistributionGroupMember -Identity 'CONTOSO\\All Staff' -Member 'CONTOSO\\carol'",
      "Get-Recipient -Identity 'bob@contoso.com' | Add-ADPermission -User 'CONTOSO\\carol' -ExtendedRights 'Send-As'",
    ]);
  });

  it('a new mail-enabled group is created in AD and enabled with Enable-DistributionGroup', () => {
    expect(newPrincipalCommands(group('CONTOSO\\Help', ['help@contoso.com']), DIRECTORY)).toEqual([
      '# Active Directory: create the universal security group CONTOSO\\Help (Active Directory Users and Computers).',
      "Enable-DistributionGroup -Identity 'CONTOSO\\Help'",
      '# Exchange 2007 replaces the whole list of addresses (the @{Add=...} form needs Exchange 2010 or later).',
      "Set-DistributionGroup -Identity 'CONTOSO\\Help' -EmailAddresses 'help@contoso.com'",
    ]);
  });

  it('an edit renders the full new address list, and the membership and Send-As differences', () => {
    const after = { ...ALICE, emailAddresses: ['alice@contoso.com', 'a.smith@contoso.com'], memberOf: ['CONTOSO\\All Staff'], sendAs: ['bob@contoso.com'] };
    expect(setPrincipalCommands({ ...ALICE, sendAs: ['old@contoso.com'] }, after, DIRECTORY)).toEqual([
      '# Exchange 2007 replaces the whole list of addresses (the @{Add=...} form needs Exchange 2010 or later).',
      "Set-Mailbox -Identity 'CONTOSO\\alice' -EmailAddresses 'alice@contoso.com','a.smith@contoso.com'",
      '# Active Directory: remove CONTOSO\\alice from CONTOSO\\Sales (Active Directory Users and Computers); CONTOSO\\Sales is not a mail-enabled group, and the *-DistributionGroupMember cmdlets change only those.',
      "Add-DistributionGroupMember -Identity 'CONTOSO\\All Staff' -Member 'CONTOSO\\alice'",
      "Get-Recipient -Identity 'old@contoso.com' | Remove-ADPermission -User 'CONTOSO\\alice' -ExtendedRights 'Send-As' -Confirm:$false",
      "Get-Recipient -Identity 'bob@contoso.com' | Add-ADPermission -User 'CONTOSO\\alice' -ExtendedRights 'Send-As'",
    ]);
  });

  it('membership edits compare names as Windows does, ignoring case', () => {
    expect(setPrincipalCommands(ALICE, { ...ALICE, memberOf: ['contoso\\sales'] }, DIRECTORY)).toEqual([]);
    expect(membershipCommand('CONTOSO\\alice', 'contoso\\all staff', 'Remove', DIRECTORY)).toBe(
      "Remove-DistributionGroupMember -Identity 'CONTOSO\\All Staff' -Member 'CONTOSO\\alice' -Confirm:$false",
    );
  });

  it('removing the last address says what Exchange needs instead of a command that fails', () => {
    const commands = setPrincipalCommands(ALICE, { ...ALICE, emailAddresses: [] }, DIRECTORY);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(/^# CONTOSO\\alice keeps no e-mail address\. .*Disable-Mailbox/);
  });

  it('removal: Remove-Mailbox, Remove-DistributionGroup, or Active Directory for a plain account', () => {
    expect(removePrincipalCommands(ALICE).at(-1)).toBe("Remove-Mailbox -Identity 'CONTOSO\\alice' -Confirm:$false");
    expect(removePrincipalCommands(group('CONTOSO\\All Staff', ['staff@contoso.com']))).toEqual(["Remove-DistributionGroup -Identity 'CONTOSO\\All Staff' -Confirm:$false"]);
    expect(removePrincipalCommands(group('CONTOSO\\Sales'))).toEqual(['# Active Directory: delete the group CONTOSO\\Sales (Active Directory Users and Computers).']);
  });
});

describe('hostile values stay inert', () => {
  const hostile = "CONTOSO\\x'; Remove-Item C:\\ -Recurse; '$(calc)`‘";

  it('quotes them as one argument in every command', () => {
    expect(sendAsCommand(hostile, "o'brien@contoso.com", 'Add')).toBe(
      "Get-Recipient -Identity 'o''brien@contoso.com' | Add-ADPermission -User 'CONTOSO\\x''; Remove-Item C:\\ -Recurse; ''$(calc)`‘‘' -ExtendedRights 'Send-As'",
    );
    const [, container] = containerPermissionCommands("HUB'01", 'Add', hostile, ['ms-Exch-SMTP-Submit'], false);
    expect(container).toContain("(Get-ExchangeServer -Identity 'HUB''01')");
    expect(container).toContain("-User 'CONTOSO\\x''; Remove-Item C:\\ -Recurse; ''$(calc)`‘‘'");
    expect(setAcceptedDomainCommands({ domainName: "a'b.com", domainType: 'Authoritative', isDefault: false }, { domainName: "a'b.com", domainType: 'InternalRelay', isDefault: false })).toEqual([
      "Set-AcceptedDomain -Identity 'a''b.com' -DomainType 'InternalRelay'",
    ]);
  });

  it('cannot break out of a comment line', () => {
    for (const breaker of ['\n', '\r\n', '\r', '\u2028', '\u2029', '\u0085'])
      expect(psComment(`add x${breaker}Remove-Item C:\\ -Recurse`)).toBe(`# add x${breaker === '\r\n' ? '  ' : ' '}Remove-Item C:\\ -Recurse`);
    const evil = { ...user(`CONTOSO\\eve\nRemove-Item C:\\`), memberOf: [`CONTOSO\\G\r\nStop-Computer`] };
    // Inside a quoted argument a line break is part of the string; a comment line must carry none.
    const commentLines = newPrincipalCommands(evil, DIRECTORY).filter((c) => c.startsWith('#'));
    expect(commentLines).toHaveLength(2);
    expect(commentLines.every((c) => !/[\r\n]/.test(c))).toBe(true);
    expect(removePrincipalCommands(evil).every(startsSafely)).toBe(true);
  });
});

describe('Set-TransportConfig', () => {
  const empty = { tlsReceiveDomainSecureList: [], tlsSendDomainSecureList: [] };
  it('writes only the lists that changed, whole, and an emptied list as $null', () => {
    expect(setTransportConfigCommands(empty, { ...empty, tlsReceiveDomainSecureList: ['partner.example', "o'brien.example"] })).toEqual([
      "Set-TransportConfig -TLSReceiveDomainSecureList 'partner.example','o''brien.example'",
    ]);
    expect(setTransportConfigCommands({ tlsReceiveDomainSecureList: ['a.example'], tlsSendDomainSecureList: ['a.example'] }, { ...empty, tlsSendDomainSecureList: ['a.example'] })).toEqual([
      'Set-TransportConfig -TLSReceiveDomainSecureList $null',
    ]);
    expect(setTransportConfigCommands({ ...empty, tlsSendDomainSecureList: ['A.example'] }, { ...empty, tlsSendDomainSecureList: ['a.example'] })).toEqual([]);
  });
});
