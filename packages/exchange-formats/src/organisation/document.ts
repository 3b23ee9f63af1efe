import {
  ORGANISATION_DOCUMENT_FORMAT,
  ORGANISATION_DOCUMENT_VERSION,
  type DocumentConnector,
  type DocumentEntry,
  type DocumentServer,
  type OrganisationDocument,
} from '@cc/api-contract';
import { DEFAULT_TRANSPORT_SETTINGS, nameKey, type ConnectorState, type PermissionEntry, type ServerContext } from '@cc/connector-engine';

/** An organisation with nothing in it: what an EMS script is applied to when it recreates one from scratch. */
export function emptyDocument(domain: string, exportedAt: string): OrganisationDocument {
  return {
    format: ORGANISATION_DOCUMENT_FORMAT,
    version: ORGANISATION_DOCUMENT_VERSION,
    exportedAt,
    domain,
    scope: 'organisation',
    transportSettings: DEFAULT_TRANSPORT_SETTINGS,
    acceptedDomains: [],
    principals: [],
    servers: [],
    connectors: [],
  };
}

/** Exchange compares object names without regard to case (and the console also ignores Unicode form). */
export const connectorKey = (server: string, name: string): string => `${nameKey(server)}\\${nameKey(name)}`;

export const findServer = (doc: OrganisationDocument, name: string): DocumentServer | undefined =>
  doc.servers.find((s) => nameKey(s.name) === nameKey(name));

export const findConnector = (doc: OrganisationDocument, server: string, name: string): DocumentConnector | undefined =>
  doc.connectors.find((c) => connectorKey(c.server, c.name) === connectorKey(server, name));

/** The engine's view of a document connector (ids are positional: the engine only needs them to be distinct). */
export function toConnectorState(c: DocumentConnector, idPrefix = 'doc'): ConnectorState {
  const { server, permissions, extras: _extras, ...fields } = c;
  return { ...fields, id: `${idPrefix}:${connectorKey(server, c.name)}`, server, version: 1, entries: toEntries(permissions, `${idPrefix}:${c.name}`) };
}

export function toEntries(entries: readonly DocumentEntry[], idPrefix: string, inherited = false): PermissionEntry[] {
  return entries.map((e, i) => ({ id: `${idPrefix}#${i}`, user: e.user, extendedRights: [...e.extendedRights], deny: e.deny, inherited, source: e.source }));
}

export const toDocumentEntries = (entries: readonly PermissionEntry[]): DocumentEntry[] =>
  entries.map((e) => ({ user: e.user, extendedRights: [...e.extendedRights], deny: e.deny, source: e.source }));

/** One server's context for the engine (rules, shell, findings, simulation) built from a document. */
export function serverContextOf(doc: OrganisationDocument, server: DocumentServer): ServerContext {
  const { exchangeVersion: _version, containerPermissions, ...fields } = server;
  return {
    server: fields,
    domain: doc.domain,
    connectors: doc.connectors.filter((c) => nameKey(c.server) === nameKey(server.name)).map((c) => toConnectorState(c)),
    inheritedEntries: toEntries(containerPermissions, `${server.name}:container`, true),
    acceptedDomains: doc.acceptedDomains,
    directory: doc.principals,
    transportSettings: doc.transportSettings,
  };
}

/**
 * The ACL as a sorted multiset of single grants: two ACLs that grant and deny the same rights to the same
 * principals, from the same source, compare equal whatever their order or grouping into entries.
 */
export function aclKey(entries: readonly DocumentEntry[]): string {
  return entries
    .flatMap((e) => e.extendedRights.map((r) => `${e.user.toLowerCase()}|${r.toLowerCase()}|${e.deny}|${e.source}`))
    .sort()
    .join('\n');
}
