import type { Kysely } from 'kysely';
import { ConnectorIndex, toReceiveConnector, type ReceiveConnector, type ServerContext } from '@cc/connector-engine';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';
import { readGeneration } from '../../db/generation.ts';
import { listDomains } from '../accepted-domains/accepted-domains.repo.ts';
import { getDomain } from '../organisation/organisation.repo.ts';
import { listPrincipals } from '../principals/principals.repo.ts';
import { findServerRow, findServerRowById, listServerRows, serverKey, toServer, type ServerRow } from '../servers/servers.repo.ts';
import { listConnectorStates, listContainerEntries } from './connectors.repo.ts';

type Db = Kysely<Database> | Trx;

export interface LoadedContext {
  serverId: string;
  ctx: ServerContext;
}

/** Everything the engine needs about one server, read from the store (inside the caller's transaction if any). */
async function contextFor(db: Db, row: ServerRow, shared?: Pick<ServerContext, 'domain' | 'acceptedDomains' | 'directory'>): Promise<LoadedContext> {
  const [connectors, inheritedEntries, org] = await Promise.all([
    listConnectorStates(db, { serverId: row.id }),
    listContainerEntries(db, row.id),
    shared ?? loadOrganisation(db),
  ]);
  return { serverId: row.id, ctx: { server: toServer(row), connectors, inheritedEntries, ...org } };
}

export async function loadOrganisation(db: Db): Promise<Pick<ServerContext, 'domain' | 'acceptedDomains' | 'directory'>> {
  const [domain, acceptedDomains, directory] = await Promise.all([getDomain(db), listDomains(db), listPrincipals(db)]);
  return { domain, acceptedDomains, directory };
}

export async function loadContextById(db: Db, serverId: string): Promise<LoadedContext | undefined> {
  const row = await findServerRowById(db, serverId);
  return row ? contextFor(db, row) : undefined;
}

export async function loadContextByName(db: Db, name: string): Promise<LoadedContext | undefined> {
  const row = await findServerRow(db, name);
  return row ? contextFor(db, row) : undefined;
}

export async function loadAllContexts(db: Db): Promise<LoadedContext[]> {
  const org = await loadOrganisation(db);
  const rows = await listServerRows(db);
  return Promise.all(rows.map((row) => contextFor(db, row, org)));
}

export interface CachedContext extends LoadedContext {
  /** The engine's compiled selection index for this server's connectors, reused across simulations. */
  index: ConnectorIndex;
  /** The connectors as the API shows them; PermissionGroups read-back is costly, so computed once. */
  views(): ReceiveConnector[];
}

/**
 * Server contexts computed once per configuration generation (db/generation.ts). Every read checks the
 * generation in the database, so a change made through another API process is seen at once: the cache is
 * derived data, never the only copy of anything.
 */
export interface ContextCache {
  byName(name: string): Promise<CachedContext | undefined>;
  byConnector(connectorId: string): Promise<CachedContext | undefined>;
  all(): Promise<CachedContext[]>;
}

export function createContextCache(db: Kysely<Database>): ContextCache {
  let generation = -1;
  let byKey = new Map<string, Promise<CachedContext | undefined>>();
  let everything: Promise<CachedContext[]> | null = null;

  async function sync(): Promise<void> {
    const current = await readGeneration(db);
    if (current === generation) return;
    generation = current;
    byKey = new Map();
    everything = null;
  }

  const withIndex = (loaded: LoadedContext): CachedContext => {
    let views: ReceiveConnector[] | null = null;
    return {
      ...loaded,
      index: ConnectorIndex.build(loaded.ctx.connectors),
      views: () => (views ??= loaded.ctx.connectors.map((c) => toReceiveConnector(c, loaded.ctx))),
    };
  };

  /** Shares one load between concurrent callers; a failed load is not kept. */
  function remember<T>(load: () => Promise<T>, keep: (p: Promise<T>) => void, forget: () => void): Promise<T> {
    const pending = load();
    keep(pending);
    pending.catch(forget);
    return pending;
  }

  async function byName(name: string): Promise<CachedContext | undefined> {
    await sync();
    const key = serverKey(name);
    const cached = byKey.get(key);
    if (cached) return cached;
    return remember(
      async () => {
        const loaded = await loadContextByName(db, name);
        return loaded ? withIndex(loaded) : undefined;
      },
      (p) => byKey.set(key, p),
      () => byKey.delete(key),
    );
  }

  return {
    byName,

    async byConnector(connectorId) {
      const row = await db
        .selectFrom('connectors')
        .innerJoin('servers', 'servers.id', 'connectors.server_id')
        .select('servers.name')
        .where('connectors.id', '=', connectorId)
        .executeTakeFirst();
      return row ? byName(row.name) : undefined;
    },

    async all() {
      await sync();
      if (everything) return everything;
      return remember(
        async () => (await loadAllContexts(db)).map(withIndex),
        (p) => (everything = p),
        () => (everything = null),
      );
    },
  };
}
