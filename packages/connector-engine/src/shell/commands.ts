import type { ConnectorState, ServerContext } from '../connector/state.ts';
import type { PermissionEntry, PermissionGroup } from '../model/schemas.ts';
import { PERMISSION_GROUPS } from '../model/schemas.ts';
import { usagePreset } from '../model/usage.ts';
import { applyPermissionGroups } from '../permissions/acl.ts';
import { psList, psQuote } from './quote.ts';

type ShellContext = Pick<ServerContext, 'server' | 'domain'>;

/** `SERVER\Connector name`, the identity form Exchange accepts everywhere (§10.2). */
export const connectorIdentity = (serverName: string, connectorName: string): string => `${serverName}\\${connectorName}`;

/** ByteQuantifiedSize literal: MB or KB when exact, else bytes. */
export function byteSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024}KB`;
  return `${bytes}B`;
}

/** Groups whose ACEs are present, as recorded on the entries that a group wrote. */
export function writtenGroups(entries: readonly PermissionEntry[]): PermissionGroup[] {
  const sources = new Set(entries.map((e) => e.source));
  return PERMISSION_GROUPS.filter((g) => sources.has(`PermissionGroup:${g}`));
}

type Ace = { user: string; right: string; deny: boolean };
const aceKey = (a: Ace) => `${a.user.toLowerCase()}|${a.right.toLowerCase()}|${a.deny}`;
const flatten = (entries: readonly PermissionEntry[]): Ace[] =>
  entries.filter((e) => !e.inherited).flatMap((e) => e.extendedRights.map((right) => ({ user: e.user, right, deny: e.deny })));

export type PermissionVerb = 'Add' | 'Remove';

/**
 * Piped from Get-ReceiveConnector, as Microsoft documents it (§10.3): Add-ADPermission's -Identity takes an AD
 * object name, which the SERVER\name form of a connector is not.
 */
export function permissionCommand(identity: string, verb: PermissionVerb, user: string, rights: readonly string[], deny: boolean): string {
  return `Get-ReceiveConnector -Identity ${psQuote(identity)} | ${verb}-ADPermission -User ${psQuote(user)} -ExtendedRights ${psList(rights)}${deny ? ' -Deny' : ''}${verb === 'Remove' ? ' -Confirm:$false' : ''}`;
}

/** Add-/Remove-ADPermission commands that turn ACL `from` into ACL `to`, one per principal and allow/deny. */
export function aclDiffCommands(identity: string, from: readonly PermissionEntry[], to: readonly PermissionEntry[]): string[] {
  const before = flatten(from);
  const after = flatten(to);
  const beforeKeys = new Set(before.map(aceKey));
  const afterKeys = new Set(after.map(aceKey));
  const group = (aces: Ace[], verb: PermissionVerb) => {
    const byPrincipal = new Map<string, { user: string; deny: boolean; rights: string[] }>();
    for (const ace of aces) {
      const key = `${ace.user.toLowerCase()}|${ace.deny}`;
      const bucket = byPrincipal.get(key) ?? { user: ace.user, deny: ace.deny, rights: [] };
      if (!bucket.rights.includes(ace.right)) bucket.rights.push(ace.right);
      byPrincipal.set(key, bucket);
    }
    return [...byPrincipal.values()].map((b) => permissionCommand(identity, verb, b.user, b.rights, b.deny));
  };
  return [...group(before.filter((a) => !afterKeys.has(aceKey(a))), 'Remove'), ...group(after.filter((a) => !beforeKeys.has(aceKey(a))), 'Add')];
}

/** Parameters that differ from what New-ReceiveConnector would set by itself. */
function optionalParameters(c: ConnectorState, ctx: ShellContext): string[] {
  const preset = usagePreset(c.usage, ctx.server.role);
  const params: string[] = [];
  if (c.fqdn.toLowerCase() !== ctx.server.fqdn.toLowerCase()) params.push(`-Fqdn ${psQuote(c.fqdn)}`);
  if (c.banner) params.push(`-Banner ${psQuote(c.banner)}`);
  if (c.maxMessageSize !== 10 * 1024 * 1024) params.push(`-MaxMessageSize ${psQuote(byteSize(c.maxMessageSize))}`);
  if (c.maxRecipientsPerMessage !== 200) params.push(`-MaxRecipientsPerMessage ${c.maxRecipientsPerMessage}`);
  if (c.sizeEnabled !== preset.sizeEnabled) params.push(`-SizeEnabled ${psQuote(c.sizeEnabled)}`);
  if (c.requireTLS) params.push('-RequireTLS $true');
  if (c.domainSecureEnabled !== preset.domainSecureEnabled) params.push(`-DomainSecureEnabled $${c.domainSecureEnabled}`);
  if (c.protocolLoggingLevel !== 'None') params.push(`-ProtocolLoggingLevel ${psQuote(c.protocolLoggingLevel)}`);
  if (c.comment) params.push(`-Comment ${psQuote(c.comment)}`);
  if (!c.enabled) params.push('-Enabled $false');
  return params;
}

const authList = (c: ConnectorState) => (c.authMechanism.length > 0 ? psList(c.authMechanism) : psQuote('None'));
const groupList = (groups: readonly PermissionGroup[]) => (groups.length > 0 ? psList(groups) : psQuote('None'));

/**
 * The commands that create this connector exactly as configured: New-ReceiveConnector with the usage's
 * parameter set (§10.1) and explicit -AuthMechanism/-PermissionGroups (they override the usage defaults), a
 * Set-ReceiveConnector for preset lists that were changed later, then the ACL differences from what the
 * groups write (Add-/Remove-ADPermission, -Deny where needed).
 */
export function newConnectorCommands(c: ConnectorState, ctx: ShellContext): string[] {
  const preset = usagePreset(c.usage, ctx.server.role);
  const identity = connectorIdentity(ctx.server.name, c.name);
  const groups = writtenGroups(c.entries);
  const parts = [`New-ReceiveConnector -Name ${psQuote(c.name)} -Server ${psQuote(ctx.server.name)} -Usage ${psQuote(c.usage)}`];
  const presetBindings = preset.bindings.kind === 'preset';
  const presetRanges = preset.remoteIPRanges.kind === 'preset';
  if (!presetBindings) parts.push(`-Bindings ${psList(c.bindings)}`);
  if (!presetRanges) parts.push(`-RemoteIPRanges ${psList(c.remoteIPRanges)}`);
  parts.push(`-AuthMechanism ${authList(c)}`, `-PermissionGroups ${groupList(groups)}`, ...optionalParameters(c, ctx));
  const commands = [parts.join(' ')];
  const laterSets: string[] = [];
  if (presetBindings && preset.bindings.kind === 'preset' && preset.bindings.value.join() !== c.bindings.join())
    laterSets.push(`-Bindings ${psList(c.bindings)}`);
  if (presetRanges && preset.remoteIPRanges.kind === 'preset' && preset.remoteIPRanges.value.join() !== c.remoteIPRanges.join())
    laterSets.push(`-RemoteIPRanges ${psList(c.remoteIPRanges)}`);
  if (laterSets.length > 0) commands.push(`Set-ReceiveConnector -Identity ${psQuote(identity)} ${laterSets.join(' ')}`);
  let n = 0;
  const baseline = applyPermissionGroups([], groups, ctx.server.role, ctx.domain, () => `baseline-${n++}`);
  commands.push(...aclDiffCommands(identity, baseline, c.entries));
  return commands;
}

/** Set-ReceiveConnector for the fields that changed, then the ACL changes (§10.2, §10.3). */
export function setConnectorCommands(before: ConnectorState, after: ConnectorState, ctx: ShellContext): string[] {
  const identity = connectorIdentity(ctx.server.name, before.name);
  const params: string[] = [];
  const changed = <K extends keyof ConnectorState>(k: K) => JSON.stringify(before[k]) !== JSON.stringify(after[k]);
  if (changed('name')) params.push(`-Name ${psQuote(after.name)}`);
  if (changed('enabled')) params.push(`-Enabled $${after.enabled}`);
  if (changed('bindings')) params.push(`-Bindings ${psList(after.bindings)}`);
  if (changed('remoteIPRanges')) params.push(`-RemoteIPRanges ${psList(after.remoteIPRanges)}`);
  if (changed('authMechanism')) params.push(`-AuthMechanism ${authList(after)}`);
  if (changed('fqdn')) params.push(`-Fqdn ${psQuote(after.fqdn)}`);
  if (changed('banner')) params.push(`-Banner ${after.banner ? psQuote(after.banner) : '$null'}`);
  if (changed('maxMessageSize')) params.push(`-MaxMessageSize ${psQuote(byteSize(after.maxMessageSize))}`);
  if (changed('maxRecipientsPerMessage')) params.push(`-MaxRecipientsPerMessage ${after.maxRecipientsPerMessage}`);
  if (changed('sizeEnabled')) params.push(`-SizeEnabled ${psQuote(after.sizeEnabled)}`);
  if (changed('requireTLS')) params.push(`-RequireTLS $${after.requireTLS}`);
  if (changed('domainSecureEnabled')) params.push(`-DomainSecureEnabled $${after.domainSecureEnabled}`);
  if (changed('protocolLoggingLevel')) params.push(`-ProtocolLoggingLevel ${psQuote(after.protocolLoggingLevel)}`);
  if (changed('comment')) params.push(`-Comment ${psQuote(after.comment)}`);
  const beforeGroups = writtenGroups(before.entries);
  const afterGroups = writtenGroups(after.entries);
  let aclStart = before.entries;
  if (beforeGroups.join() !== afterGroups.join()) {
    params.push(`-PermissionGroups ${groupList(afterGroups)}`);
    let n = 0;
    aclStart = applyPermissionGroups(before.entries, afterGroups, ctx.server.role, ctx.domain, () => `shell-${n++}`);
  }
  const commands = params.length > 0 ? [`Set-ReceiveConnector -Identity ${psQuote(identity)} ${params.join(' ')}`] : [];
  return [...commands, ...aclDiffCommands(connectorIdentity(ctx.server.name, after.name), aclStart, after.entries)];
}

export const removeConnectorCommand = (c: ConnectorState, ctx: ShellContext): string =>
  `Remove-ReceiveConnector -Identity ${psQuote(connectorIdentity(ctx.server.name, c.name))} -Confirm:$false`;
