import type { Kysely, Selectable } from 'kysely';
import {
  AuthMechanismSchema,
  ProtocolLoggingLevelSchema,
  SizeEnabledSchema,
  UsageSchema,
  type ConnectorState,
  type PermissionEntry,
} from '@cc/connector-engine';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';

type Db = Kysely<Database> | Trx;

const list = (text: string): string[] => JSON.parse(text) as string[];

type EntryRow = Selectable<Database['permission_entries']>;
type ConnectorRow = Selectable<Database['connectors']> & { server_name: string };

export function toEntry(row: Pick<EntryRow, 'id' | 'connector_id' | 'principal' | 'extended_rights' | 'deny' | 'source'>): PermissionEntry {
  return {
    id: row.id,
    user: row.principal,
    extendedRights: list(row.extended_rights),
    deny: row.deny === 1,
    inherited: row.connector_id === null,
    source: row.source,
  };
}

function toState(row: ConnectorRow, entries: PermissionEntry[]): ConnectorState {
  return {
    id: row.id,
    server: row.server_name,
    name: row.name,
    usage: UsageSchema.parse(row.usage),
    enabled: row.enabled === 1,
    bindings: list(row.bindings),
    remoteIPRanges: list(row.remote_ip_ranges),
    authMechanism: list(row.auth_mechanism).map((m) => AuthMechanismSchema.parse(m)),
    fqdn: row.fqdn,
    banner: row.banner,
    maxMessageSize: Number(row.max_message_size),
    maxRecipientsPerMessage: Number(row.max_recipients_per_message),
    sizeEnabled: SizeEnabledSchema.parse(row.size_enabled),
    requireTLS: row.require_tls === 1,
    domainSecureEnabled: row.domain_secure_enabled === 1,
    protocolLoggingLevel: ProtocolLoggingLevelSchema.parse(row.protocol_logging_level),
    comment: row.comment,
    version: Number(row.version),
    entries,
  };
}

function selectConnectors(db: Db) {
  return db
    .selectFrom('connectors')
    .innerJoin('servers', 'servers.id', 'connectors.server_id')
    .selectAll('connectors')
    .select('servers.name as server_name');
}

/**
 * Bound parameters per statement stay well under SQLite's 32,766 (and PostgreSQL's 65,535): a connector may have
 * thousands of entries and a server thousands of connectors, so long lists go in chunks.
 */
const PARAMETERS_PER_STATEMENT = 10_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function withEntries(db: Db, rows: ConnectorRow[]): Promise<ConnectorState[]> {
  if (rows.length === 0) return [];
  const entryRows = [];
  for (const ids of chunks(rows.map((r) => r.id), PARAMETERS_PER_STATEMENT))
    entryRows.push(...(await db.selectFrom('permission_entries').selectAll().where('connector_id', 'in', ids).orderBy('position').execute()));
  const byConnector = new Map<string, PermissionEntry[]>();
  for (const row of entryRows) {
    const entries = byConnector.get(row.connector_id!) ?? [];
    entries.push(toEntry(row));
    byConnector.set(row.connector_id!, entries);
  }
  return rows.map((row) => toState(row, byConnector.get(row.id) ?? []));
}

export async function listConnectorStates(db: Db, filter: { serverId?: string } = {}): Promise<ConnectorState[]> {
  let q = selectConnectors(db);
  if (filter.serverId) q = q.where('connectors.server_id', '=', filter.serverId);
  return withEntries(db, await q.orderBy('servers.name_key').orderBy('connectors.name_key').execute());
}

/** Every connector's id with its server's name: which server context answers for a connector. */
export async function listConnectorOwners(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('connectors')
    .innerJoin('servers', 'servers.id', 'connectors.server_id')
    .select(['connectors.id as id', 'servers.name as server'])
    .execute();
  return new Map(rows.map((r) => [r.id, r.server]));
}

export async function findConnectorState(db: Db, id: string): Promise<(ConnectorState & { serverId: string }) | undefined> {
  const row = await selectConnectors(db).where('connectors.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [state] = await withEntries(db, [row]);
  return { ...state!, serverId: row.server_id };
}

export async function countConnectors(db: Db, serverId: string): Promise<number> {
  const row = await db
    .selectFrom('connectors')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('server_id', '=', serverId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function columns(state: ConnectorState) {
  return {
    name: state.name,
    name_key: state.name.normalize('NFC').toLowerCase(),
    usage: state.usage,
    enabled: state.enabled ? 1 : 0,
    bindings: JSON.stringify(state.bindings),
    remote_ip_ranges: JSON.stringify(state.remoteIPRanges),
    auth_mechanism: JSON.stringify(state.authMechanism),
    fqdn: state.fqdn,
    banner: state.banner,
    max_message_size: state.maxMessageSize,
    max_recipients_per_message: state.maxRecipientsPerMessage,
    size_enabled: state.sizeEnabled,
    require_tls: state.requireTLS ? 1 : 0,
    domain_secure_enabled: state.domainSecureEnabled ? 1 : 0,
    protocol_logging_level: state.protocolLoggingLevel,
    comment: state.comment,
  };
}

/** Replaces the entries of a connector (or, with `connectorId` null, of the server's container) in order. */
export async function replaceEntries(
  db: Db,
  serverId: string,
  connectorId: string | null,
  entries: readonly PermissionEntry[],
  at: string,
): Promise<void> {
  let del = db.deleteFrom('permission_entries').where('server_id', '=', serverId);
  del = connectorId === null ? del.where('connector_id', 'is', null) : del.where('connector_id', '=', connectorId);
  await del.execute();
  const rows = entries.map((e, position) => ({
    id: e.id,
    server_id: serverId,
    connector_id: connectorId,
    position,
    principal: e.user,
    extended_rights: JSON.stringify(e.extendedRights),
    deny: e.deny ? 1 : 0,
    source: e.source,
    created_at: at,
  }));
  // Nine parameters per row.
  for (const chunk of chunks(rows, Math.floor(PARAMETERS_PER_STATEMENT / 9))) await db.insertInto('permission_entries').values(chunk).execute();
}

export async function insertConnector(db: Db, serverId: string, state: ConnectorState, at: string): Promise<void> {
  await db
    .insertInto('connectors')
    .values({ id: state.id, server_id: serverId, ...columns(state), version: state.version, created_at: at, updated_at: at })
    .execute();
  await replaceEntries(db, serverId, state.id, state.entries, at);
}

/**
 * Optimistic concurrency in one statement: the row changes only if it still has the version the client read.
 * Returns false when another change got there first (the caller answers 412).
 */
export async function updateConnector(
  db: Db,
  serverId: string,
  state: ConnectorState,
  expectedVersion: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('connectors')
    .set({ ...columns(state), version: expectedVersion + 1, updated_at: at })
    .where('id', '=', state.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await replaceEntries(db, serverId, state.id, state.entries, at);
  return true;
}

export async function deleteConnector(db: Db, id: string, expectedVersion: number): Promise<boolean> {
  const result = await db.deleteFrom('connectors').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function listContainerEntries(db: Db, serverId: string): Promise<PermissionEntry[]> {
  const rows = await db
    .selectFrom('permission_entries')
    .selectAll()
    .where('server_id', '=', serverId)
    .where('connector_id', 'is', null)
    .orderBy('position')
    .execute();
  return rows.map(toEntry);
}
