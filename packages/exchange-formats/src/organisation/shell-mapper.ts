import type { DocumentConnector, DocumentEntry, DocumentServer, OrganisationDocument } from '@cc/api-contract';
import {
  AUTH_MECHANISMS,
  PERMISSION_GROUPS,
  SizeEnabledSchema,
  canonicalRight,
  formatBinding,
  formatIpRange,
  groupAces,
  nameKey,
  parseBinding,
  parseIpRange,
  wellKnownPrincipals,
  type AcceptedDomain,
  type AuthMechanism,
  type PermissionGroup,
  type ServerRole,
} from '@cc/connector-engine';
import type { ImportProblem, ShellObject } from '../shell-object.ts';
import { connectorKey, findServer } from './document.ts';
import { bool, byteSize, exchangeRelease, flags, hasProps, integer, list, prop, text } from './values.ts';

/** Objects read from one file; `complete` when the file is a whole `Get-…` export (CliXML), so absence means removal. */
export interface ShellSource {
  objects: readonly ShellObject[];
  complete: boolean;
}

export interface MappedImport {
  target: OrganisationDocument;
  problems: ImportProblem[];
  servers: { name: string; exchangeVersion: string | null; release: string | null }[];
}

type Kind = 'connector' | 'ace' | 'domain' | 'server' | 'transport' | 'group';

/** By type name when the format has one (CliXML), otherwise by the properties only that object prints. */
function kindOf(o: ShellObject): Kind | null {
  const t = o.type?.toLowerCase();
  if (t === 'receiveconnector' || (t === null || t === undefined) && hasProps(o, 'Bindings', 'RemoteIPRanges')) return 'connector';
  if (t === 'adacepresentationobject' || (!t && hasProps(o, 'User') && (hasProps(o, 'ExtendedRights') || hasProps(o, 'AccessRights')))) return 'ace';
  if (t === 'accepteddomain' || (!t && hasProps(o, 'DomainName', 'DomainType'))) return 'domain';
  if (t === 'exchangeserver' || (!t && hasProps(o, 'AdminDisplayVersion', 'ServerRole'))) return 'server';
  if (t === 'transportconfig' || (!t && hasProps(o, 'TLSReceiveDomainSecureList'))) return 'transport';
  if (t === 'windowsgroup' || t === 'group' || (!t && hasProps(o, 'Members', 'GroupType'))) return 'group';
  return null;
}

const AUTH_BITS = AUTH_MECHANISMS.map((m, i) => [m, 1 << i] as const);
const GROUP_BITS = PERMISSION_GROUPS.map((g, i) => [g, 1 << i] as const);

/** Properties the 2007 model stores, or AD bookkeeping that is not configuration: everything else is an extra. */
const MODELLED = new Set(
  [
    'Name', 'Identity', 'Id', 'Server', 'Enabled', 'Bindings', 'RemoteIPRanges', 'AuthMechanism', 'PermissionGroups', 'Fqdn', 'Banner',
    'MaxMessageSize', 'MaxRecipientsPerMessage', 'SizeEnabled', 'RequireTLS', 'DomainSecureEnabled', 'ProtocolLoggingLevel', 'Comment',
    'DistinguishedName', 'Guid', 'ObjectCategory', 'ObjectClass', 'WhenChanged', 'WhenCreated', 'WhenChangedUTC', 'WhenCreatedUTC',
    'OrganizationId', 'OriginatingServer', 'IsValid', 'ObjectState', 'ExchangeVersion', 'AdminDisplayName', 'PSComputerName',
    'RunspaceId', 'PSShowComputerName',
  ].map((p) => p.toLowerCase()),
);

const SID_NAMES = (domain: string) => new Map(wellKnownPrincipals(domain).map((p) => [p.sid.toLowerCase(), p.name]));

/** `HUB01\Relay` → server and name; the Server/Name properties when the identity is missing. */
function connectorIdentity(o: ShellObject): { server: string; name: string } | null {
  const identity = text(prop(o, 'Identity'));
  const slash = identity.indexOf('\\');
  if (slash > 0) return { server: identity.slice(0, slash), name: identity.slice(slash + 1) };
  const server = text(prop(o, 'Server'));
  const name = text(prop(o, 'Name'));
  return server && name ? { server, name } : null;
}

const where = (o: ShellObject) => ({ source: o.source });

/**
 * Turns what the shell printed into the organisation it describes, on top of what the console holds: objects of
 * a kind present in the upload replace the console's (per server for connectors), objects absent from a complete
 * export are removed, everything else stays. Nothing is validated here beyond reading the values; the caller
 * runs Exchange's rules on the result.
 */
export function mapShellObjects(current: OrganisationDocument, sources: readonly ShellSource[]): MappedImport {
  const problems: ImportProblem[] = [];
  const byKind = new Map<Kind, { o: ShellObject; complete: boolean }[]>();
  for (const { objects, complete } of sources)
    for (const o of objects) {
      const kind = kindOf(o);
      if (kind === null) {
        problems.push({ severity: 'warning', ...where(o), object: o.type ?? undefined, message: `Object ${o.source.index + 1} is not a receive connector, permission entry, accepted domain, Exchange server or transport configuration; it was skipped.` });
        continue;
      }
      const same = byKind.get(kind) ?? [];
      same.push({ o, complete });
      byKind.set(kind, same);
    }
  const target: OrganisationDocument = structuredClone(current);
  const servers = mapServers(target, byKind.get('server') ?? [], problems);
  mapDomains(target, byKind.get('domain') ?? [], problems);
  mapTransport(target, byKind.get('transport') ?? []);
  mapConnectors(target, byKind.get('connector') ?? [], byKind.get('ace') ?? [], problems);
  mapGroups(target, byKind.get('group') ?? []);
  return { target, problems, servers };
}

function mapServers(target: OrganisationDocument, found: { o: ShellObject; complete: boolean }[], problems: ImportProblem[]): MappedImport['servers'] {
  const seen: MappedImport['servers'] = [];
  for (const { o } of found) {
    const name = text(prop(o, 'Name'));
    const roles = list(prop(o, 'ServerRole')).map((r) => r.toLowerCase());
    const version = text(prop(o, 'AdminDisplayVersion')) || null;
    seen.push({ name, exchangeVersion: version, release: exchangeRelease(version)?.release ?? null });
    // 2013 and later print ServerRole "Mailbox" for a server that runs the transport service: the Is… flags say it.
    const role: ServerRole | null =
      roles.includes('edge') || bool(prop(o, 'IsEdgeServer')) ? 'Edge' : roles.includes('hubtransport') || bool(prop(o, 'IsHubTransportServer')) ? 'HubTransport' : null;
    if (role === null) {
      problems.push({ severity: 'warning', ...where(o), object: name, message: `${name} has no Hub Transport or Edge Transport role (${roles.join(', ') || 'none'}), so it has no receive connectors to import; it was skipped.` });
      continue;
    }
    const existing = findServer(target, name);
    const fqdn = text(prop(o, 'Fqdn')) || existing?.fqdn || name;
    // Get-ExchangeServer does not list the server's addresses: they stay as the console knows them.
    const server: DocumentServer = { name, fqdn, role, ipAddresses: existing?.ipAddresses ?? [], exchangeVersion: version, containerPermissions: existing?.containerPermissions ?? [] };
    if (existing) Object.assign(existing, server);
    else target.servers.push(server);
  }
  if (found.some((f) => f.complete)) {
    const listed = new Set(found.map(({ o }) => nameKey(text(prop(o, 'Name')))));
    target.servers = target.servers.filter((s) => listed.has(nameKey(s.name)));
    target.connectors = target.connectors.filter((c) => listed.has(nameKey(c.server)));
  }
  return seen;
}

const DOMAIN_TYPES: Record<string, AcceptedDomain['domainType']> = { '0': 'Authoritative', '1': 'ExternalRelay', '2': 'InternalRelay', authoritative: 'Authoritative', externalrelay: 'ExternalRelay', internalrelay: 'InternalRelay' };

function mapDomains(target: OrganisationDocument, found: { o: ShellObject; complete: boolean }[], problems: ImportProblem[]): void {
  if (found.length === 0) return;
  const imported: AcceptedDomain[] = [];
  for (const { o } of found) {
    const domainName = text(prop(o, 'DomainName'));
    const enumValue = [...o.enumValues].find(([k]) => k.toLowerCase() === 'domaintype')?.[1];
    const domainType = DOMAIN_TYPES[enumValue !== undefined ? String(enumValue) : text(prop(o, 'DomainType')).toLowerCase()];
    if (!domainType) {
      problems.push({ severity: 'error', ...where(o), object: domainName, property: 'DomainType', message: `Accepted domain ${domainName} has the unknown type "${text(prop(o, 'DomainType'))}"; it was not imported.` });
      continue;
    }
    imported.push({ domainName, domainType, isDefault: bool(prop(o, 'Default')) ?? false });
  }
  const complete = found.some((f) => f.complete);
  const byKey = new Map((complete ? [] : target.acceptedDomains).map((d) => [d.domainName.toLowerCase(), d]));
  for (const d of imported) byKey.set(d.domainName.toLowerCase(), d);
  target.acceptedDomains = [...byKey.values()];
}

function mapTransport(target: OrganisationDocument, found: { o: ShellObject }[]): void {
  const last = found.at(-1)?.o;
  if (!last) return;
  target.transportSettings = {
    tlsReceiveDomainSecureList: list(prop(last, 'TLSReceiveDomainSecureList')),
    tlsSendDomainSecureList: list(prop(last, 'TLSSendDomainSecureList')),
  };
}

function canonicalAddresses(values: string[], parse: typeof parseBinding | typeof parseIpRange, o: ShellObject, object: string, property: string, problems: ImportProblem[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const parsed = parse(value);
    if (!parsed.ok) {
      problems.push({ severity: 'error', ...where(o), object, property, message: `${object}: ${property} entry "${value}" cannot be read: ${parsed.error}` });
      continue;
    }
    const canonical = parse === parseBinding ? formatBinding(parsed.value as never) : formatIpRange(parsed.value as never);
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

function extrasOf(o: ShellObject): Record<string, string> {
  const extras: Record<string, string> = {};
  for (const [key, value] of o.properties) if (!MODELLED.has(key.toLowerCase())) extras[key] = typeof value === 'string' || value === null ? (value ?? '') : `{${value.join(', ')}}`;
  return extras;
}

function mapConnectors(target: OrganisationDocument, found: { o: ShellObject; complete: boolean }[], aces: { o: ShellObject }[], problems: ImportProblem[]): void {
  const acl = mapAces(target, aces, problems);
  const replacedServers = new Set<string>();
  const importedKeys = new Set<string>();
  const byKey = new Map(target.connectors.map((c) => [connectorKey(c.server, c.name), c]));
  for (const { o, complete } of found) {
    const id = connectorIdentity(o);
    if (!id) {
      problems.push({ severity: 'error', ...where(o), message: `Receive connector ${o.source.index + 1} has no Identity (SERVER\\Name) and no Server and Name; it was not imported.`, fix: 'Export with Format-List * (or the collector), which prints Identity.' });
      continue;
    }
    const label = `${id.server}\\${id.name}`;
    if (o.truncated.length > 0) {
      problems.push({
        severity: 'error',
        ...where(o),
        object: label,
        property: o.truncated.join(', '),
        message: `${label}: ${o.truncated.join(' and ')} ${o.truncated.length > 1 ? 'were' : 'was'} cut short by the shell ("...}"), so the connector was not imported — importing it would lose entries.`,
        fix: 'Run $global:FormatEnumerationLimit = -1 before Get-ReceiveConnector | Format-List * | Out-File -Width 4096, or upload the collector\'s ReceiveConnector.xml.',
      });
      importedKeys.add(connectorKey(id.server, id.name));
      continue;
    }
    const server = findServer(target, id.server);
    if (!server) {
      problems.push({ severity: 'error', ...where(o), object: label, message: `${label}: the console has no server ${id.server}, and the upload does not describe it.`, fix: 'Upload ExchangeServer.xml from the collector with the connectors, or add the server under Servers first.' });
      continue;
    }
    if (complete) replacedServers.add(nameKey(server.name));
    const existing = byKey.get(connectorKey(id.server, id.name));
    const groups = flags(o, 'PermissionGroups', GROUP_BITS).filter((g): g is PermissionGroup => g !== ('Custom' as never));
    const explicit = acl.get(connectorKey(id.server, id.name));
    const connector: DocumentConnector = {
      server: server.name,
      name: id.name,
      usage: existing?.usage ?? 'Custom',
      enabled: bool(prop(o, 'Enabled')) ?? true,
      bindings: canonicalAddresses(list(prop(o, 'Bindings')), parseBinding, o, label, 'Bindings', problems),
      remoteIPRanges: canonicalAddresses(list(prop(o, 'RemoteIPRanges')), parseIpRange, o, label, 'RemoteIPRanges', problems),
      authMechanism: flags(o, 'AuthMechanism', AUTH_BITS) as AuthMechanism[],
      fqdn: text(prop(o, 'Fqdn')) || server.fqdn,
      banner: text(prop(o, 'Banner')) || null,
      maxMessageSize: byteSize(prop(o, 'MaxMessageSize')) ?? existing?.maxMessageSize ?? 10 * 1024 * 1024,
      maxRecipientsPerMessage: integer(prop(o, 'MaxRecipientsPerMessage')) ?? existing?.maxRecipientsPerMessage ?? 200,
      sizeEnabled: SizeEnabledSchema.safeParse(text(prop(o, 'SizeEnabled'))).data ?? existing?.sizeEnabled ?? 'Enabled',
      requireTLS: bool(prop(o, 'RequireTLS')) ?? false,
      domainSecureEnabled: bool(prop(o, 'DomainSecureEnabled')) ?? false,
      protocolLoggingLevel: text(prop(o, 'ProtocolLoggingLevel')).toLowerCase() === 'verbose' ? 'Verbose' : 'None',
      comment: text(prop(o, 'Comment')),
      permissions: explicit ? attributeGroups(explicit, groups, server.role, target.domain) : writtenByGroups(groups, server.role, target.domain, existing, o, label, problems),
      extras: extrasOf(o),
    };
    importedKeys.add(connectorKey(id.server, id.name));
    if (existing) Object.assign(existing, connector);
    else {
      target.connectors.push(connector);
      byKey.set(connectorKey(id.server, id.name), connector);
    }
  }
  // A complete export of a server's connectors: the ones it does not list are gone from Exchange.
  target.connectors = target.connectors.filter((c) => !replacedServers.has(nameKey(c.server)) || importedKeys.has(connectorKey(c.server, c.name)));
  for (const key of acl.keys())
    if (!importedKeys.has(key)) {
      // Entries uploaded without their connector: the groups it had keep their attribution.
      const c = byKey.get(key);
      const server = c && findServer(target, c.server);
      if (!c || !server) continue;
      const groups = PERMISSION_GROUPS.filter((g) => c.permissions.some((e) => e.source === `PermissionGroup:${g}`));
      c.permissions = attributeGroups(acl.get(key)!, groups, server.role, target.domain);
    }
}

/**
 * Without the connector's Get-ADPermission output the ACL is rebuilt from PermissionGroups — exactly what
 * Exchange writes for the groups, but explicit entries (Option 2's grant, denies) cannot be known.
 */
function writtenByGroups(groups: PermissionGroup[], role: ServerRole, domain: string, existing: DocumentConnector | undefined, o: ShellObject, label: string, problems: ImportProblem[]): DocumentEntry[] {
  const printed = list(prop(o, 'PermissionGroups')).map((g) => g.toLowerCase());
  const entries = groups.flatMap((g) => groupAces(g, role, domain).flatMap((ace) => [
    ...(ace.allow.length > 0 ? [{ user: ace.user, extendedRights: [...ace.allow], deny: false, source: `PermissionGroup:${g}` }] : []),
    ...(ace.deny.length > 0 ? [{ user: ace.user, extendedRights: [...ace.deny], deny: true, source: `PermissionGroup:${g}` }] : []),
  ]));
  if (printed.includes('custom') || existing)
    problems.push({
      severity: 'warning',
      source: o.source,
      object: label,
      property: 'PermissionGroups',
      message: `${label}: no permission entries were uploaded, so its entries were rebuilt from PermissionGroups (${printed.join(', ') || 'none'})${printed.includes('custom') ? '; the Custom entries Exchange reports cannot be known' : ''}.`,
      fix: 'Upload ReceiveConnectorPermission.xml (Get-ReceiveConnector | Get-ADPermission | Export-Clixml) with the connectors.',
    });
  return entries;
}

/**
 * Which imported grants a permission group wrote (its table entry for that principal and right, allow or deny),
 * so PermissionGroups and the group toggles read back as in Exchange; the rest are the admins' own (Explicit).
 */
function attributeGroups(entries: readonly DocumentEntry[], groups: readonly PermissionGroup[], role: ServerRole, domain: string): DocumentEntry[] {
  const tables = groups.flatMap((g) => groupAces(g, role, domain));
  const regrouped = new Map<string, DocumentEntry>();
  for (const e of entries)
    for (const right of e.extendedRights) {
      const group = tables.find((ace) => ace.user.toLowerCase() === e.user.toLowerCase() && (e.deny ? ace.deny : ace.allow).includes(right as never))?.group;
      const source = e.source === 'Explicit' && group ? `PermissionGroup:${group}` : e.source;
      const key = `${e.user.toLowerCase()}|${e.deny}|${source}`;
      const bucket = regrouped.get(key) ?? { user: e.user, extendedRights: [], deny: e.deny, source };
      if (!bucket.extendedRights.includes(right)) bucket.extendedRights.push(right);
      regrouped.set(key, bucket);
    }
  return [...regrouped.values()];
}

/**
 * Permission entries per connector. Explicit ACEs are kept per principal and allow/deny; which of them a
 * permission group wrote is recognised from the group tables, so PermissionGroups and the shell read back as
 * in Exchange. Inherited ACEs go to the server's container (every connector of the server inherits them).
 */
function mapAces(target: OrganisationDocument, found: { o: ShellObject }[], problems: ImportProblem[]): Map<string, DocumentEntry[]> {
  const sidNames = SID_NAMES(target.domain);
  const perConnector = new Map<string, DocumentEntry[]>();
  const containers = new Map<string, DocumentEntry[]>();
  for (const { o } of found) {
    const id = connectorIdentity(o);
    if (!id) {
      problems.push({ severity: 'error', ...where(o), message: `Permission entry ${o.source.index + 1} names no connector (Identity); it was not imported.`, fix: 'Pipe Get-ReceiveConnector into Get-ADPermission so each entry carries its Identity, or give the identity with the pasted table.' });
      continue;
    }
    const rights = list(prop(o, 'ExtendedRights'));
    if (rights.length === 0) continue; // ReadProperty, GenericExecute…: not a receive right
    const printedUser = text(prop(o, 'User'));
    const user = (o.userSid && sidNames.get(o.userSid.toLowerCase())) || printedUser;
    const deny = bool(prop(o, 'Deny')) ?? false;
    const inherited = bool(prop(o, 'IsInherited')) ?? false;
    const canonical = rights.map((r) => canonicalRight(r) ?? r);
    const unknown = canonical.filter((r) => !canonicalRight(r));
    if (unknown.length > 0)
      problems.push({ severity: 'warning', ...where(o), object: `${id.server}\\${id.name}`, property: 'ExtendedRights', message: `${id.server}\\${id.name}: ${unknown.join(', ')} ${unknown.length > 1 ? 'are rights' : 'is a right'} the Exchange 2007 model does not cover; kept on the entry, without effect on the simulation.` });
    const entry: DocumentEntry = { user, extendedRights: canonical, deny, source: inherited ? 'Inherited' : 'Explicit' };
    if (inherited) {
      const key = nameKey(id.server);
      const list = containers.get(key) ?? [];
      if (!list.some((e) => JSON.stringify(e) === JSON.stringify(entry))) list.push(entry);
      containers.set(key, list);
    } else {
      const key = connectorKey(id.server, id.name);
      const entries = perConnector.get(key) ?? [];
      entries.push(entry);
      perConnector.set(key, entries);
    }
  }
  for (const [key, entries] of containers) {
    const server = target.servers.find((s) => nameKey(s.name) === key);
    if (server) server.containerPermissions = entries;
  }
  return perConnector;
}

/** `contoso.com/Users/crm-app` (canonical name) or `CN=crm-app,OU=…` (DN) → `crm-app`. */
function accountOf(member: string): string {
  const dn = /^CN=((?:\\,|[^,])+)/i.exec(member);
  if (dn) return dn[1]!.replace(/\\,/g, ',');
  return member.split('/').at(-1)!.trim();
}

/**
 * Get-Group's groups with their members become the directory the effective permissions resolve through: a
 * member of CONTOSO\Relay Apps holds what an entry grants that group. Members the console does not know yet are
 * added as users (or as the groups they are, when the file lists them too); nothing the console holds is removed.
 */
function mapGroups(target: OrganisationDocument, found: { o: ShellObject }[]): void {
  if (found.length === 0) return;
  const named = (o: ShellObject) => `${target.domain}\\${text(prop(o, 'SamAccountName')) || text(prop(o, 'Name'))}`;
  const groups = new Set(found.map(({ o }) => named(o).toLowerCase()));
  const byName = new Map(target.principals.map((p) => [p.name.toLowerCase(), p]));
  const principal = (name: string, kind: 'user' | 'group') => {
    let p = byName.get(name.toLowerCase());
    if (!p) {
      p = { name, kind, emailAddresses: [], memberOf: [], sendAs: [] };
      target.principals.push(p);
      byName.set(name.toLowerCase(), p);
    }
    return p;
  };
  for (const { o } of found) {
    const group = principal(named(o), 'group');
    group.kind = 'group';
    for (const member of list(prop(o, 'Members'))) {
      const name = `${target.domain}\\${accountOf(member)}`;
      const p = principal(name, groups.has(name.toLowerCase()) ? 'group' : 'user');
      if (!p.memberOf.some((g) => g.toLowerCase() === group.name.toLowerCase())) p.memberOf.push(group.name);
    }
  }
}
