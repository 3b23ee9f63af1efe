import type { Kysely } from 'kysely';
import { ConnectorIndex, toReceiveConnector, type ConnectorState, type ReceiveConnector, type ServerContext } from '@cc/connector-engine';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';
import { readGeneration } from '../../db/generation.ts';
import { listDomains } from '../accepted-domains/accepted-domains.repo.ts';
import { getDomain } from '../organisation/organisation.repo.ts';
import { listPrincipals } from '../principals/principals.repo.ts';
import { getTransportSettings } from '../transport-settings/transport-settings.repo.ts';
import { findServerRow, findServerRowById, listServerRows, serverKey, toServer, type ServerRow } from '../servers/servers.repo.ts';
import { listConnectorOwners, listConnectorStates, listContainerEntries } from './connectors.repo.ts';

type Db = Kysely<Database> | Trx;

export interface LoadedContext {
  serverId: string;
  ctx: ServerContext;
}

/** Everything the engine needs about one server, read from the store (inside the caller's transaction if any). */
async function contextFor(db: Db, row: ServerRow, shared?: OrganisationContext): Promise<LoadedContext> {
  const [connectors, inheritedEntries, org] = await Promise.all([
    listConnectorStates(db, { serverId: row.id }),
    listContainerEntries(db, row.id),
    shared ?? loadOrganisation(db),
  ]);
  return { serverId: row.id, ctx: { server: toServer(row), connectors, inheritedEntries, ...org } };
}

type OrganisationContext = Pick<ServerContext, 'domain' | 'acceptedDomains' | 'directory' | 'transportSettings'>;

export async function loadOrganisation(db: Db): Promise<OrganisationContext> {
  const [domain, acceptedDomains, directory, transportSettings] = await Promise.all([getDomain(db), listDomains(db), listPrincipals(db), getTransportSettings(db)]);
  return { domain, acceptedDomains, directory, transportSettings };
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
  /** One of this server's connectors by id, without scanning the list. */
  connector(id: string): ConnectorState | undefined;
  /** The connectors as the API shows them; PermissionGroups read-back is costly, so computed once. */
  views(): ReceiveConnector[];
  view(id: string): ReceiveConnector | undefined;
}

/**
 * Server contexts computed once per configuration generation (db/generation.ts). Every read checks the
 * generation in the database, so a change made through another API process is seen at once: the cache is
 * derived data, never the only copy of anything.
 */
export interface ContextCache {
  byName(name: string, seen?: SeenGeneration): Promise<CachedContext | undefined>;
  byConnector(connectorId: string, seen?: SeenGeneration): Promise<CachedContext | undefined>;
  all(seen?: SeenGeneration): Promise<CachedContext[]>;
}

/**
 * A configuration generation the caller read from the database after its request arrived (the session query
 * reads it: session.repo.ts). Given one, the cache answers from that generation or a newer one without reading
 * the generation again; without one, it reads it.
 */
export type SeenGeneration = number | undefined;

/** What is cached for one configuration generation; replaced whole when the generation moves. */
interface Generation {
  number: number;
  byKey: Map<string, Promise<CachedContext | undefined>>;
  everything: Promise<CachedContext[]> | null;
  /** Connector id → its server's name, so a connector's context is found without a query per request. */
  owners: Promise<Map<string, string>> | null;
}

const emptyGeneration = (number: number): Generation => ({ number, byKey: new Map(), everything: null, owners: null });

function withIndex(loaded: LoadedContext): CachedContext {
  const byId = new Map(loaded.ctx.connectors.map((c) => [c.id, c]));
  let views: ReceiveConnector[] | null = null;
  let viewsById: Map<string, ReceiveConnector> | null = null;
  const allViews = () => (views ??= loaded.ctx.connectors.map((c) => toReceiveConnector(c, loaded.ctx)));
  return {
    ...loaded,
    index: ConnectorIndex.build(loaded.ctx.connectors),
    connector: (id) => byId.get(id),
    views: allViews,
    view: (id) => (viewsById ??= new Map(allViews().map((v) => [v.id, v]))).get(id),
  };
}

/** Shares one load between concurrent callers; a failed load is not kept. */
function remember<T>(load: () => Promise<T>, keep: (p: Promise<T>) => void, forget: () => void): Promise<T> {
  const pending = load();
  keep(pending);
  pending.catch(forget);
  return pending;
}

export function createContextCache(db: Kysely<Database>): ContextCache {
  let current = emptyGeneration(-1);

  /**
   * The cache for the generation the database is at now: the one the caller saw during its request (or a newer
   * one another request saw since; generations only grow), else one indexed single-row read.
   */
  async function sync(seen: SeenGeneration): Promise<Generation> {
    if (seen !== undefined) {
      if (seen > current.number) current = emptyGeneration(seen);
      return current;
    }
    const number = await readGeneration(db);
    if (number !== current.number) current = emptyGeneration(number);
    return current;
  }

  function byNameIn(generation: Generation, name: string): Promise<CachedContext | undefined> {
    const key = serverKey(name);
    const cached = generation.byKey.get(key);
    if (cached) return cached;
    return remember(
      async () => {
        const loaded = await loadContextByName(db, name);
        return loaded ? withIndex(loaded) : undefined;
      },
      (p) => generation.byKey.set(key, p),
      () => generation.byKey.delete(key),
    );
  }

  return {
    async byName(name, seen) {
      return byNameIn(await sync(seen), name);
    },

    async byConnector(connectorId, seen) {
      const generation = await sync(seen);
      const owners = await (generation.owners ??
        remember(
          () => listConnectorOwners(db),
          (p) => (generation.owners = p),
          () => (generation.owners = null),
        ));
      const server = owners.get(connectorId);
      return server === undefined ? undefined : byNameIn(generation, server);
    },

    async all(seen) {
      const generation = await sync(seen);
      if (generation.everything) return generation.everything;
      return remember(
        async () => {
          const contexts = (await loadAllContexts(db)).map(withIndex);
          // Later by-name reads of this generation reuse these instead of loading the server again.
          for (const c of contexts) {
            const key = serverKey(c.ctx.server.name);
            if (!generation.byKey.has(key)) generation.byKey.set(key, Promise.resolve(c));
          }
          return contexts;
        },
        (p) => (generation.everything = p),
        () => (generation.everything = null),
      );
    },
  };
}
