import { randomUUID } from 'node:crypto';
import type { AuditAction, DocumentConnector, DocumentServer, PlannedChange } from '@cc/api-contract';
import type { AcceptedDomain, Principal, TransportSettings } from '@cc/connector-engine';
import { nameKey } from '@cc/connector-engine';
import { toConnectorState, toEntries } from '@cc/exchange-formats';
import { insertAuditEvent, type Actor, type Trx } from '../../db/change.ts';
import { clearDefault, deleteDomain, insertDomain, updateDomain } from '../accepted-domains/accepted-domains.repo.ts';
import { deleteConnector, insertConnector, replaceEntries, updateConnector } from '../connectors/connectors.repo.ts';
import { deletePrincipal, insertPrincipal, principalKey, updatePrincipalLists } from '../principals/principals.repo.ts';
import { deleteServer, insertServer, serverKey, updateServer } from '../servers/servers.repo.ts';
import { saveTransportSettings } from '../transport-settings/transport-settings.repo.ts';
import type { StoredIds } from './snapshot.ts';

/**
 * Writes a planned import inside the caller's transaction, one audit event per change with its shell
 * equivalent. Order matters for the foreign keys: connectors leave before their server, servers arrive before
 * their connectors.
 */
export async function applyChanges(trx: Trx, actor: Actor, changes: readonly PlannedChange[], ids: StoredIds): Promise<void> {
  const at = actor.now().toISOString();
  const phase = (c: PlannedChange) =>
    c.kind === 'connector' && c.action === 'delete' ? 0 : c.kind === 'server' && c.action === 'delete' ? 2 : c.kind === 'connector' ? 3 : 1;
  const ordered = [...changes].sort((a, b) => phase(a) - phase(b));
  for (const change of ordered) {
    await applyOne(trx, change, ids, at);
    await insertAuditEvent(trx, actor, {
      action: auditAction(change),
      target: `${change.kind}:${change.key}`,
      connectorId: change.kind === 'connector' ? (ids.connectors.get(storedConnectorKey(change))?.id ?? null) : null,
      before: change.before,
      after: change.after,
      shell: change.shellToMatchExchange.join('\n'),
    });
  }
}

const storedConnectorKey = (change: PlannedChange): string => {
  const c = (change.after ?? change.before) as DocumentConnector;
  return `${serverKey(c.server)}\\${nameKey(c.name)}`;
};

function auditAction(change: PlannedChange): AuditAction {
  switch (change.kind) {
    case 'transportSettings':
      return 'transportConfig.update';
    case 'serverPermissions':
      return 'server.permissions.update';
    default:
      return `${change.kind}.${change.action}` as AuditAction;
  }
}

async function applyOne(trx: Trx, change: PlannedChange, ids: StoredIds, at: string): Promise<void> {
  switch (change.kind) {
    case 'transportSettings':
      return saveTransportSettings(trx, change.after as TransportSettings, at);
    case 'acceptedDomain':
      return applyDomain(trx, change, at);
    case 'principal':
      return applyPrincipal(trx, change, at);
    case 'server':
      return applyServer(trx, change, ids, at);
    case 'serverPermissions': {
      const serverId = ids.servers.get(serverKey(change.key))!;
      return replaceEntries(trx, serverId, null, storedEntries(change.after as DocumentServer['containerPermissions'], true), at);
    }
    case 'connector':
      return applyConnector(trx, change, ids, at);
  }
}

/** A document's entries as rows of this console: each gets its own id. */
const storedEntries = (entries: DocumentServer['containerPermissions'], inherited: boolean) =>
  toEntries(entries, 'import', inherited).map((e) => ({ ...e, id: randomUUID() }));

async function applyDomain(trx: Trx, change: PlannedChange, at: string): Promise<void> {
  const domain = (change.after ?? change.before) as AcceptedDomain;
  const row = await trx.selectFrom('accepted_domains').select('id').where('domain_key', '=', domain.domainName.toLowerCase()).executeTakeFirst();
  if (change.action === 'delete') return deleteDomain(trx, row!.id);
  if (domain.isDefault) await clearDefault(trx);
  if (change.action === 'create') return insertDomain(trx, { ...domain, id: randomUUID() }, at);
  return updateDomain(trx, row!.id, domain);
}

async function applyPrincipal(trx: Trx, change: PlannedChange, at: string): Promise<void> {
  const principal = (change.after ?? change.before) as Principal;
  const row = await trx.selectFrom('principals').select(['id', 'kind']).where('name_key', '=', principalKey(principal.name)).executeTakeFirst();
  if (change.action === 'delete') return deletePrincipal(trx, row!.id);
  if (change.action === 'update' && row!.kind === principal.kind) return updatePrincipalLists(trx, row!.id, principal);
  if (row) await deletePrincipal(trx, row.id);
  return insertPrincipal(trx, { ...principal, id: randomUUID() }, at);
}

async function applyServer(trx: Trx, change: PlannedChange, ids: StoredIds, at: string): Promise<void> {
  const server = (change.after ?? change.before) as DocumentServer;
  const key = serverKey(server.name);
  const { exchangeVersion, containerPermissions, ...fields } = server;
  if (change.action === 'delete') return deleteServer(trx, ids.servers.get(key)!);
  if (change.action === 'create') {
    const id = randomUUID();
    ids.servers.set(key, id);
    await insertServer(trx, id, fields, at);
    await replaceEntries(trx, id, null, storedEntries(containerPermissions, true), at);
  } else await updateServer(trx, ids.servers.get(key)!, fields, at);
  await trx.updateTable('servers').set({ exchange_version: exchangeVersion }).where('id', '=', ids.servers.get(key)!).execute();
}

async function applyConnector(trx: Trx, change: PlannedChange, ids: StoredIds, at: string): Promise<void> {
  const key = storedConnectorKey(change);
  const stored = ids.connectors.get(key);
  if (change.action === 'delete') {
    await deleteConnector(trx, stored!.id, stored!.version);
    return;
  }
  const doc = change.after as DocumentConnector;
  const serverId = ids.servers.get(serverKey(doc.server))!;
  const withIds = { ...toConnectorState(doc), entries: storedEntries(doc.permissions, false) };
  if (change.action === 'create') {
    const id = randomUUID();
    ids.connectors.set(key, { id, version: 1 });
    await insertConnector(trx, serverId, { ...withIds, id, version: 1 }, at);
  } else {
    await updateConnector(trx, serverId, { ...withIds, id: stored!.id }, stored!.version, at);
    ids.connectors.set(key, { id: stored!.id, version: stored!.version + 1 });
  }
  await trx.updateTable('connectors').set({ extras: JSON.stringify(doc.extras) }).where('id', '=', ids.connectors.get(key)!.id).execute();
}
