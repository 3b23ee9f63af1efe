import { samePrincipal } from '../model/principals.ts';
import type { AcceptedDomain, Principal } from '../model/schemas.ts';
import type { TransportSettings } from '../model/transport-settings.ts';
import type { PermissionVerb } from './commands.ts';
import { psList, psQuote } from './quote.ts';

/**
 * Exchange Management Shell (2007) for the organisation around the connectors: accepted domains, directory
 * users and groups, and the entries on a server's receive-connector container. Where no Exchange cmdlet makes
 * the change (a plain Active Directory account or group), a `#` comment line says what to do and where.
 */

const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A comment line: a line break inside the text would end the comment and start a command, so none survives. */
export const psComment = (text: string): string => `# ${text.replace(LINE_BREAKING, ' ')}`;

// ---- accepted domains -------------------------------------------------------------------------------------

type DomainFields = Pick<AcceptedDomain, 'domainName' | 'domainType' | 'isDefault'>;

/**
 * The Name the console gives the accepted-domain object, which later commands use as -Identity. A `*` in an
 * identity is a wildcard to the Exchange cmdlets, so `*.contoso.com` is named without it.
 */
export const acceptedDomainObjectName = (domainName: string): string =>
  domainName.startsWith('*.') ? `${domainName.slice(2)} and subdomains` : domainName;

export function newAcceptedDomainCommands(d: DomainFields): string[] {
  const name = acceptedDomainObjectName(d.domainName);
  const commands = [`New-AcceptedDomain -Name ${psQuote(name)} -DomainName ${psQuote(d.domainName)} -DomainType ${psQuote(d.domainType)}`];
  // New-AcceptedDomain has no -MakeDefault; the flag moves with Set-AcceptedDomain, which clears the old default.
  if (d.isDefault) commands.push(`Set-AcceptedDomain -Identity ${psQuote(name)} -MakeDefault $true`);
  return commands;
}

/** Only what changed; Exchange has no "un-default": another domain is made the default instead. */
export function setAcceptedDomainCommands(before: DomainFields, after: DomainFields): string[] {
  const params: string[] = [];
  if (before.domainType !== after.domainType) params.push(`-DomainType ${psQuote(after.domainType)}`);
  if (!before.isDefault && after.isDefault) params.push('-MakeDefault $true');
  return params.length > 0 ? [`Set-AcceptedDomain -Identity ${psQuote(acceptedDomainObjectName(before.domainName))} ${params.join(' ')}`] : [];
}

export const removeAcceptedDomainCommand = (d: Pick<AcceptedDomain, 'domainName'>): string =>
  `Remove-AcceptedDomain -Identity ${psQuote(acceptedDomainObjectName(d.domainName))} -Confirm:$false`;

// ---- server containers ------------------------------------------------------------------------------------

/**
 * The server's receive-connector container (CN=SMTP Receive Connectors,CN=Protocols,CN=<server>,…) as an
 * expression: the rest of the DN (administrative group, organisation, forest) comes from Get-ExchangeServer, so
 * the command runs as written instead of asking the admin to complete a DN by hand.
 */
export const receiveConnectorContainer = (serverName: string): string =>
  `('CN=SMTP Receive Connectors,CN=Protocols,' + (Get-ExchangeServer -Identity ${psQuote(serverName)}).DistinguishedName)`;

/**
 * Add-/Remove-ADPermission on the container. Piping Get-ReceiveConnector would write to each connector instead;
 * -InheritanceType All says outright that the connectors inherit the entry.
 */
export function containerPermissionCommands(
  serverName: string,
  verb: PermissionVerb,
  user: string,
  rights: readonly string[],
  deny: boolean,
): string[] {
  return [
    psComment(`The receive-connector container of ${serverName}: every receive connector of ${serverName} inherits these entries.`),
    `${verb}-ADPermission -Identity ${receiveConnectorContainer(serverName)} -User ${psQuote(user)} -ExtendedRights ${psList(rights)} -InheritanceType 'All'${deny ? ' -Deny' : ''}${verb === 'Remove' ? ' -Confirm:$false' : ''}`,
  ];
}

// ---- directory users and groups ---------------------------------------------------------------------------

type PrincipalFields = Pick<Principal, 'name' | 'kind' | 'emailAddresses' | 'memberOf' | 'sendAs'>;
/** What the renderers need to know about the other principals: which groups are mail-enabled. */
export type DirectoryLookup = readonly Pick<Principal, 'name' | 'kind' | 'emailAddresses'>[];

const notIn = (values: readonly string[], other: readonly string[]): string[] => values.filter((v) => !other.some((o) => samePrincipal(o, v)));
const mailEnabled = (p: { emailAddresses: readonly string[] }): boolean => p.emailAddresses.length > 0;

/**
 * Exchange 2007 sets a recipient's addresses as a whole list (the @{Add=…; Remove=…} form arrived with Exchange
 * 2010), so the command carries the full list after the change.
 */
function addressCommands(p: PrincipalFields, wasMailEnabled: boolean): string[] {
  const setCmdlet = p.kind === 'user' ? 'Set-Mailbox' : 'Set-DistributionGroup';
  if (!mailEnabled(p))
    return [
      psComment(
        `${p.name} keeps no e-mail address. Exchange cannot clear the addresses of a mail-enabled recipient; ${p.kind === 'user' ? 'Disable-Mailbox' : 'Disable-DistributionGroup'} removes its Exchange attributes and keeps the account.`,
      ),
    ];
  const commands: string[] = [];
  if (!wasMailEnabled) {
    if (p.kind === 'user')
      commands.push(psComment(`Mail-enable ${p.name} first: Enable-Mailbox -Identity ${psQuote(p.name)} -Database <mailbox database> (the console does not record mailbox databases).`));
    else commands.push(`Enable-DistributionGroup -Identity ${psQuote(p.name)}`);
  }
  commands.push(
    psComment('Exchange 2007 replaces the whole list of addresses (the @{Add=...} form needs Exchange 2010 or later).'),
    `${setCmdlet} -Identity ${psQuote(p.name)} -EmailAddresses ${psList(p.emailAddresses)}`,
  );
  return commands;
}

/**
 * *-DistributionGroupMember when the group is mail-enabled (they change no other group); otherwise a comment for
 * Active Directory Users and Computers.
 */
export function membershipCommand(member: string, group: string, verb: PermissionVerb, directory: DirectoryLookup): string {
  const target = directory.find((d) => samePrincipal(d.name, group));
  if (target?.kind === 'group' && mailEnabled(target))
    return `${verb}-DistributionGroupMember -Identity ${psQuote(target.name)} -Member ${psQuote(member)}${verb === 'Remove' ? ' -Confirm:$false' : ''}`;
  return psComment(
    `Active Directory: ${verb === 'Add' ? `add ${member} to` : `remove ${member} from`} ${group} (Active Directory Users and Computers); ${group} is not a mail-enabled group, and the *-DistributionGroupMember cmdlets change only those.`,
  );
}

/**
 * Send-As is an extended right on the target recipient. Add-ADPermission's -Identity wants an AD object name or
 * DN, while the console stores an SMTP address or DOMAIN\account; Get-Recipient resolves either, as
 * Get-ReceiveConnector does for connector entries.
 */
export const sendAsCommand = (principal: string, target: string, verb: PermissionVerb): string =>
  `Get-Recipient -Identity ${psQuote(target)} | ${verb}-ADPermission -User ${psQuote(principal)} -ExtendedRights 'Send-As'${verb === 'Remove' ? ' -Confirm:$false' : ''}`;

function listChangeCommands(before: PrincipalFields, after: PrincipalFields, directory: DirectoryLookup): string[] {
  return [
    ...notIn(before.memberOf, after.memberOf).map((g) => membershipCommand(after.name, g, 'Remove', directory)),
    ...notIn(after.memberOf, before.memberOf).map((g) => membershipCommand(after.name, g, 'Add', directory)),
    ...notIn(before.sendAs, after.sendAs).map((t) => sendAsCommand(after.name, t, 'Remove')),
    ...notIn(after.sendAs, before.sendAs).map((t) => sendAsCommand(after.name, t, 'Add')),
  ];
}

/** The account itself is Active Directory's; Exchange then mail-enables it, adds memberships and Send-As. */
export function newPrincipalCommands(p: PrincipalFields, directory: DirectoryLookup): string[] {
  const what = p.kind === 'user' ? 'user' : mailEnabled(p) ? 'universal security group' : 'security group';
  const commands = [psComment(`Active Directory: create the ${what} ${p.name} (Active Directory Users and Computers).`)];
  if (mailEnabled(p)) commands.push(...addressCommands(p, false));
  const empty: PrincipalFields = { ...p, memberOf: [], sendAs: [] };
  return [...commands, ...listChangeCommands(empty, p, directory)];
}

export function setPrincipalCommands(before: PrincipalFields, after: PrincipalFields, directory: DirectoryLookup): string[] {
  const addressesChanged = before.emailAddresses.join('\n') !== after.emailAddresses.join('\n');
  return [...(addressesChanged ? addressCommands(after, mailEnabled(before)) : []), ...listChangeCommands(before, after, directory)];
}

/** Remove-Mailbox and Remove-DistributionGroup delete the AD object too; a plain account is deleted in AD. */
export function removePrincipalCommands(p: PrincipalFields): string[] {
  if (!mailEnabled(p)) return [psComment(`Active Directory: delete the ${p.kind} ${p.name} (Active Directory Users and Computers).`)];
  if (p.kind === 'user')
    return [
      psComment(`Remove-Mailbox deletes the Active Directory account of ${p.name} with its mailbox (Disable-Mailbox would keep the account).`),
      `Remove-Mailbox -Identity ${psQuote(p.name)} -Confirm:$false`,
    ];
  return [`Remove-DistributionGroup -Identity ${psQuote(p.name)} -Confirm:$false`];
}

// ---- transport configuration ------------------------------------------------------------------------------

type TransportFields = Pick<TransportSettings, 'tlsReceiveDomainSecureList' | 'tlsSendDomainSecureList'>;

const TRANSPORT_PARAMETERS: { key: keyof TransportFields; parameter: string }[] = [
  { key: 'tlsReceiveDomainSecureList', parameter: 'TLSReceiveDomainSecureList' },
  { key: 'tlsSendDomainSecureList', parameter: 'TLSSendDomainSecureList' },
];

/**
 * Set-TransportConfig for the lists that changed. The whole list is written (an empty one as $null): that form
 * works on every 2007 service pack, where the add/remove hashtable syntax of later versions may not.
 */
export function setTransportConfigCommands(before: TransportFields, after: TransportFields): string[] {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v.toLowerCase() === b[i]!.toLowerCase());
  const params = TRANSPORT_PARAMETERS.filter(({ key }) => !same(before[key], after[key])).map(
    ({ key, parameter }) => `-${parameter} ${after[key].length > 0 ? psList(after[key]) : '$null'}`,
  );
  return params.length > 0 ? [`Set-TransportConfig ${params.join(' ')}`] : [];
}
