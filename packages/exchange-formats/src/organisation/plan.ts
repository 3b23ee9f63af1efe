import type { ChangeKind, DocumentConnector, DocumentServer, OrganisationDocument, PlannedChange } from '@cc/api-contract';
import {
  containerPermissionCommands,
  nameKey,
  newAcceptedDomainCommands,
  newConnectorCommands,
  newPrincipalCommands,
  psComment,
  removeAcceptedDomainCommand,
  removeConnectorCommand,
  removePrincipalCommands,
  setAcceptedDomainCommands,
  setConnectorCommands,
  setPrincipalCommands,
  setTransportConfigCommands,
  type DirectoryLookup,
  type PermissionEntry,
} from '@cc/connector-engine';
import { aclKey, connectorKey, findServer, toConnectorState, toEntries } from './document.ts';

/**
 * The differences between what the console holds (`current`) and what an import says Exchange holds (`target`),
 * each with the shell commands both ways: applying the import runs the first set in the console's audit log; an
 * admin who would rather change Exchange back runs the second. Order: settings, domains, directory, servers, then
 * connectors, so a script of the commands in order runs against what exists.
 */
export function planChanges(current: OrganisationDocument, target: OrganisationDocument): PlannedChange[] {
  return [
    ...transportChanges(current, target),
    ...keyedChanges('acceptedDomain', current.acceptedDomains, target.acceptedDomains, (d) => d.domainName.toLowerCase(), (d) => d.domainName, {
      fields: (d) => ({ domainType: d.domainType, isDefault: d.isDefault }),
      create: (d) => newAcceptedDomainCommands(d),
      update: (a, b) => setAcceptedDomainCommands(a, b),
      remove: (d) => [removeAcceptedDomainCommand(d)],
    }),
    ...principalChanges(current, target),
    ...serverChanges(current, target),
    ...connectorChanges(current, target),
  ];
}

const sortedLower = (values: readonly string[]) => values.map((v) => v.toLowerCase()).sort();

interface Renderers<T> {
  /** The compared fields; their JSON decides "changed". */
  fields(item: T): Record<string, unknown>;
  create(item: T): string[];
  update(before: T, after: T): string[];
  remove(item: T): string[];
}

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return Object.keys({ ...a, ...b }).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Creates, deletes and updates between two keyed lists, with the commands in both directions. */
function keyedChanges<T>(
  kind: ChangeKind,
  current: readonly T[],
  target: readonly T[],
  keyOf: (t: T) => string,
  labelOf: (t: T) => string,
  r: Renderers<T>,
  server: (t: T) => string | null = () => null,
): PlannedChange[] {
  const before = new Map(current.map((t) => [keyOf(t), t]));
  const after = new Map(target.map((t) => [keyOf(t), t]));
  const changes: PlannedChange[] = [];
  for (const [key, item] of after) {
    const old = before.get(key);
    if (old === undefined) {
      changes.push({ kind, action: 'create', key, label: labelOf(item), server: server(item), fields: [], before: null, after: item, shellToMatchExchange: r.create(item), shellToMatchConsole: r.remove(item) });
      continue;
    }
    const fields = changedFields(r.fields(old), r.fields(item));
    if (fields.length > 0)
      changes.push({ kind, action: 'update', key, label: labelOf(item), server: server(item), fields, before: old, after: item, shellToMatchExchange: r.update(old, item), shellToMatchConsole: r.update(item, old) });
  }
  for (const [key, item] of before)
    if (!after.has(key))
      changes.push({ kind, action: 'delete', key, label: labelOf(item), server: server(item), fields: [], before: item, after: null, shellToMatchExchange: r.remove(item), shellToMatchConsole: r.create(item) });
  return changes;
}

function transportChanges(current: OrganisationDocument, target: OrganisationDocument): PlannedChange[] {
  const view = (d: OrganisationDocument) => ({
    tlsReceiveDomainSecureList: sortedLower(d.transportSettings.tlsReceiveDomainSecureList),
    tlsSendDomainSecureList: sortedLower(d.transportSettings.tlsSendDomainSecureList),
  });
  const fields = changedFields(view(current), view(target));
  if (fields.length === 0) return [];
  return [
    {
      kind: 'transportSettings',
      action: 'update',
      key: 'transport',
      label: 'Transport settings',
      server: null,
      fields,
      before: current.transportSettings,
      after: target.transportSettings,
      shellToMatchExchange: setTransportConfigCommands(current.transportSettings, target.transportSettings),
      shellToMatchConsole: setTransportConfigCommands(target.transportSettings, current.transportSettings),
    },
  ];
}

function principalChanges(current: OrganisationDocument, target: OrganisationDocument): PlannedChange[] {
  const directory: DirectoryLookup = [...target.principals, ...current.principals];
  return keyedChanges('principal', current.principals, target.principals, (p) => nameKey(p.name), (p) => p.name, {
    fields: (p) => ({ kind: p.kind, emailAddresses: sortedLower(p.emailAddresses), memberOf: sortedLower(p.memberOf), sendAs: sortedLower(p.sendAs) }),
    create: (p) => newPrincipalCommands(p, directory),
    update: (a, b) => setPrincipalCommands(a, b, directory),
    remove: (p) => removePrincipalCommands(p),
  });
}

/** Servers are installed, not created by the shell: their own changes are comments; their container ACL is not. */
function serverChanges(current: OrganisationDocument, target: OrganisationDocument): PlannedChange[] {
  const describe = (s: DocumentServer) => `${s.name} (${s.role}, ${s.fqdn}, ${s.ipAddresses.join(', ') || 'no addresses'})`;
  const servers = keyedChanges('server', current.servers, target.servers, (s) => nameKey(s.name), (s) => s.name, {
    fields: (s) => ({ fqdn: s.fqdn.toLowerCase(), role: s.role, ipAddresses: sortedLower(s.ipAddresses), exchangeVersion: s.exchangeVersion }),
    create: (s) => [psComment(`Exchange server ${describe(s)}: installed by Exchange Setup, not by a shell command.`)],
    update: (_a, b) => [psComment(`Exchange server ${describe(b)}: addresses and version are the server's own, not set by a shell command.`)],
    remove: (s) => [psComment(`Exchange server ${s.name}: removed by uninstalling Exchange from it, not by a shell command.`)],
  });
  const containers: PlannedChange[] = [];
  for (const after of target.servers) {
    const before = findServer(current, after.name);
    const from = before?.containerPermissions ?? [];
    if (aclKey(from) === aclKey(after.containerPermissions)) continue;
    containers.push({
      kind: 'serverPermissions',
      action: 'update',
      key: after.name,
      label: after.name,
      server: after.name,
      fields: ['containerPermissions'],
      before: from,
      after: after.containerPermissions,
      shellToMatchExchange: containerDiff(after.name, toEntries(from, 'from'), toEntries(after.containerPermissions, 'to')),
      shellToMatchConsole: containerDiff(after.name, toEntries(after.containerPermissions, 'to'), toEntries(from, 'from')),
    });
  }
  return [...servers, ...containers];
}

function containerDiff(server: string, from: PermissionEntry[], to: PermissionEntry[]): string[] {
  const grants = (entries: PermissionEntry[]) => new Map(entries.flatMap((e) => e.extendedRights.map((r) => [`${e.user.toLowerCase()}|${r.toLowerCase()}|${e.deny}`, { user: e.user, right: r, deny: e.deny }] as const)));
  const a = grants(from);
  const b = grants(to);
  return [
    ...[...a].filter(([k]) => !b.has(k)).flatMap(([, g]) => containerPermissionCommands(server, 'Remove', g.user, [g.right], g.deny)),
    ...[...b].filter(([k]) => !a.has(k)).flatMap(([, g]) => containerPermissionCommands(server, 'Add', g.user, [g.right], g.deny)),
  ];
}

function connectorChanges(current: OrganisationDocument, target: OrganisationDocument): PlannedChange[] {
  const ctx = (c: DocumentConnector, preferred: OrganisationDocument, other: OrganisationDocument) => {
    const server = findServer(preferred, c.server) ?? findServer(other, c.server);
    const fallback = { name: c.server, fqdn: c.fqdn, role: 'HubTransport' as const, ipAddresses: [] };
    return { server: server ?? { ...fallback }, domain: preferred.domain };
  };
  return keyedChanges(
    'connector',
    current.connectors,
    target.connectors,
    (c) => connectorKey(c.server, c.name),
    (c) => `${c.server}\\${c.name}`,
    {
      fields: (c) => ({
        name: c.name,
        enabled: c.enabled,
        bindings: sortedLower(c.bindings),
        remoteIPRanges: sortedLower(c.remoteIPRanges),
        authMechanism: [...c.authMechanism].sort(),
        fqdn: c.fqdn.toLowerCase(),
        banner: c.banner,
        maxMessageSize: c.maxMessageSize,
        maxRecipientsPerMessage: c.maxRecipientsPerMessage,
        sizeEnabled: c.sizeEnabled,
        requireTLS: c.requireTLS,
        domainSecureEnabled: c.domainSecureEnabled,
        protocolLoggingLevel: c.protocolLoggingLevel,
        comment: c.comment,
        permissions: aclKey(c.permissions),
        extras: c.extras,
      }),
      create: (c) => newConnectorCommands(toConnectorState(c), ctx(c, target, current)),
      update: (a, b) => setConnectorCommands(toConnectorState(a), toConnectorState(b), ctx(a, current, target)),
      remove: (c) => [removeConnectorCommand(toConnectorState(c), ctx(c, current, target))],
    },
    (c) => c.server,
  );
}
