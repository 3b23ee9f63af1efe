import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  connectorFindings,
  formatBinding,
  formatIpRange,
  newConnectorCommands,
  parseBinding,
  parseIpRange,
  readPermissionGroups,
  removeConnectorCommand,
  serverFindings,
  setConnectorCommands,
  SEVERITY_ORDER,
  toReceiveConnector,
  validateConnectorDraft,
  type ConnectorDraft,
  type ConnectorState,
  type Finding,
  type Problem,
  type ReceiveConnector,
  type ServerContext,
} from '@cc/connector-engine';
import type { ConnectorPatchBody } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { insertAuditEvent, withChange, type Actor, type ChangeEvent, type Trx } from '../../db/change.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { checkIfMatch, staleError } from '../../plugins/preconditions.ts';
import { bumpConfiguration } from '../../db/generation.ts';
import { findServerRow } from '../servers/servers.repo.ts';
import { loadContextById, type ContextCache, type LoadedContext, type SeenGeneration } from './context.ts';
import * as repo from './connectors.repo.ts';
import { createAnswerCache } from './answer-cache.ts';
import { createListing, type ListPageQuery, type Listing } from './listing.ts';
import { problemsError } from './problems.ts';

export interface VersionedConnector {
  connector: ReceiveConnector;
  version: number;
}

export interface ValidateAnswer {
  errors: Problem[];
  warnings: Problem[];
  findings: Finding[];
  normalized: ReceiveConnector | null;
}

/** One connector and its server's context, for queries. */
export interface ReadScope extends LoadedContext {
  existing: ConnectorState;
}

/** The connector being changed and everything around it, read after the server's write lock is held. */
export interface ChangeScope extends ReadScope {
  /** The server's other connectors (what the conflict rules compare against). */
  others: ConnectorState[];
}

/**
 * A change to one connector: compute the next state from the scope (or throw an AppError), and describe it for
 * the audit log. `null` means nothing changed — no write, no event.
 */
/** `entry`: the permission entry a permission write added or removed, kept with the event so History can show it. */
export type ConnectorMutation = (
  scope: ChangeScope,
) => { next: ConnectorState; event: Omit<ChangeEvent, 'target' | 'connectorId' | 'before' | 'after'>; entry?: AuditedEntry } | null;

export interface AuditedEntry {
  user: string;
  extendedRights: string[];
  deny: boolean;
}

export interface ConnectorsService {
  /**
   * The connector list, filtered, sorted and paged on the server when asked (listing.ts), with the total.
   * `seen` (here and below): the generation the request's session query read (context.ts).
   */
  page(serverName: string | undefined, query: ListPageQuery, seen?: SeenGeneration): Promise<{ items: ReceiveConnector[]; total: number }>;
  get(id: string, seen?: SeenGeneration): Promise<VersionedConnector>;
  create(actor: Actor, draft: Omit<ConnectorDraft, 'id'>): Promise<VersionedConnector>;
  update(actor: Actor, id: string, ifMatch: string | undefined, patch: ConnectorPatchBody): Promise<VersionedConnector>;
  remove(actor: Actor, id: string, ifMatch: string | undefined): Promise<void>;
  validate(draft: ConnectorDraft): Promise<ValidateAnswer>;
  shell(id: string, seen?: SeenGeneration): Promise<string>;
  findings(seen?: SeenGeneration): Promise<Finding[]>;
  /** The one write path for a connector and its entries: lock, version check, rules, write, audit. */
  mutate(actor: Actor, id: string, ifMatch: { header: string | undefined; required: boolean }, mutation: ConnectorMutation): Promise<VersionedConnector>;
  /** Read-only scope for queries (effective permissions, entries), from the cached contexts. */
  scope(id: string, seen?: SeenGeneration): Promise<ReadScope>;
}

const canonical = (field: 'bindings' | 'remoteIPRanges' | 'authMechanism' | 'permissionGroups') => (value: string): string => {
  if (field === 'bindings') {
    const parsed = parseBinding(value);
    return parsed.ok ? formatBinding(parsed.value) : value.toLowerCase();
  }
  if (field === 'remoteIPRanges') {
    const parsed = parseIpRange(value);
    return parsed.ok ? formatIpRange(parsed.value) : value.toLowerCase();
  }
  return value.toLowerCase();
};

/** Applies `{ add, remove }` to a list; removing something that is not there is a mistake worth reporting. */
function editList(
  field: 'bindings' | 'remoteIPRanges' | 'authMechanism' | 'permissionGroups',
  current: readonly string[],
  edit: { add?: string[]; remove?: string[] },
  problems: Problem[],
): string[] {
  const key = canonical(field);
  const present = new Set(current.map(key));
  const removed = new Set<string>();
  (edit.remove ?? []).forEach((value, i) => {
    if (!present.has(key(value)))
      problems.push({ code: 'NOT_IN_LIST', paths: [`${field}.remove[${i}]`], message: `${value} is not in ${field}, so it cannot be removed.` });
    removed.add(key(value));
  });
  return [...current.filter((v) => !removed.has(key(v))), ...(edit.add ?? [])];
}

const SCALAR_FIELDS = [
  'name',
  'enabled',
  'fqdn',
  'banner',
  'maxMessageSize',
  'maxRecipientsPerMessage',
  'sizeEnabled',
  'requireTLS',
  'domainSecureEnabled',
  'protocolLoggingLevel',
  'comment',
] as const;

/** The PATCH as a full draft for the engine: the stored connector with the requested changes applied. */
function draftFromPatch(existing: ConnectorState, patch: ConnectorPatchBody, ctx: ServerContext, problems: Problem[]): ConnectorDraft {
  const draft: Record<string, unknown> = { id: existing.id, server: existing.server, name: existing.name, usage: existing.usage };
  for (const field of SCALAR_FIELDS) if (patch[field] !== undefined) draft[field] = patch[field];
  if (patch.bindings) draft.bindings = editList('bindings', existing.bindings, patch.bindings, problems);
  if (patch.remoteIPRanges) draft.remoteIPRanges = editList('remoteIPRanges', existing.remoteIPRanges, patch.remoteIPRanges, problems);
  if (patch.authMechanism) draft.authMechanism = editList('authMechanism', existing.authMechanism, patch.authMechanism, problems);
  if (patch.permissionGroups) {
    // Edits apply to the groups as Exchange reads them back; Custom is never a stored group.
    const current = readPermissionGroups(existing.entries, ctx.server.role, ctx.domain).filter((g) => g !== 'Custom');
    draft.permissionGroups = editList('permissionGroups', current, patch.permissionGroups, problems);
  }
  return draft as ConnectorDraft;
}

const view = (state: ConnectorState, ctx: ServerContext): VersionedConnector => ({
  connector: toReceiveConnector(state, ctx),
  version: state.version,
});

export function createConnectorsService(deps: { db: Kysely<Database>; contexts: ContextCache }): ConnectorsService {
  const { db, contexts } = deps;
  // One listing and one findings list per generation (per server, and for all servers together).
  const listings = createAnswerCache<Listing>(1);
  const organisationFindings = createAnswerCache<Finding[]>(1);

  const scopeOf = (loaded: LoadedContext, id: string): ChangeScope => {
    const existing = loaded.ctx.connectors.find((c) => c.id === id);
    if (!existing) throw notFound('The connector');
    return { ...loaded, existing, others: loaded.ctx.connectors.filter((c) => c.id !== id) };
  };

  /** For a write: take the configuration lock first, then read everything inside the transaction. */
  async function writeScope(trx: Trx, id: string): Promise<ChangeScope> {
    await bumpConfiguration(trx);
    const found = await repo.findConnectorState(trx, id);
    if (!found) throw notFound('The connector');
    return scopeOf((await loadContextById(trx, found.serverId))!, id);
  }

  /** For a read: the cached context of the connector's server, with no per-request scan of its connectors. */
  async function readScope(id: string, seen?: SeenGeneration): Promise<ReadScope> {
    const cached = await contexts.byConnector(id, seen);
    const existing = cached?.connector(id);
    if (!cached || !existing) throw notFound('The connector');
    return { serverId: cached.serverId, ctx: cached.ctx, existing };
  }

  async function mutate(
    actor: Actor,
    id: string,
    ifMatch: { header: string | undefined; required: boolean },
    mutation: ConnectorMutation,
  ): Promise<VersionedConnector> {
    let staleVersion: number | null = null;
    try {
      return await db.transaction().execute(async (trx) => {
        const scope = await writeScope(trx, id);
        const { existing, ctx, serverId } = scope;
        checkIfMatch(ifMatch.header, existing.version, ifMatch.required);
        const change = mutation(scope);
        // Nothing to change is not a change: no write, no version bump, no event (withChange always writes one).
        if (!change) return view(existing, ctx);
        const written = await repo.updateConnector(trx, serverId, change.next, existing.version, actor.now().toISOString());
        if (!written) {
          staleVersion = existing.version;
          throw staleError(existing.version);
        }
        const next = { ...change.next, version: existing.version + 1 };
        await insertAuditEvent(trx, actor, {
          ...change.event,
          target: `connector:${id}`,
          connectorId: id,
          before: toReceiveConnector(existing, ctx),
          after: change.entry ? { ...toReceiveConnector(next, ctx), permissionEntry: change.entry } : toReceiveConnector(next, ctx),
        });
        return view(next, ctx);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError(409, 'NAME_TAKEN', 'Another connector on this server already has that name.');
      if (staleVersion !== null) {
        const fresh = await repo.findConnectorState(db, id);
        if (fresh) throw staleError(fresh.version);
      }
      throw error;
    }
  }

  return {
    async page(serverName, query, seen) {
      if (serverName !== undefined) {
        const cached = await contexts.byName(serverName, seen);
        if (!cached) throw notFound(`The server ${serverName}`);
        return listings.get(cached.ctx, '', () => createListing(cached.views(), () => serverFindings(cached.ctx))).page(query);
      }
      const all = await contexts.all(seen);
      return listings.get(all, '', () => createListing(all.flatMap((c) => c.views()), () => all.flatMap(({ ctx }) => serverFindings(ctx)))).page(query);
    },

    async get(id, seen) {
      const cached = await contexts.byConnector(id, seen);
      const connector = cached?.view(id);
      if (!connector) throw notFound('The connector');
      return { connector, version: connector.version };
    },

    async create(actor, draft) {
      try {
        return await db.transaction().execute(async (trx) => {
          await bumpConfiguration(trx);
          const row = await findServerRow(trx, draft.server);
          if (!row)
            throw new AppError(422, 'RULE_VIOLATION', `There is no server named ${draft.server}.`, {
              details: [{ code: 'UNKNOWN_SERVER', path: 'server', message: `There is no server named ${draft.server}; add it under Servers first.` }],
            });
          const { ctx } = (await loadContextById(trx, row.id))!;
          const result = validateConnectorDraft(draft, { ...ctx, newId: randomUUID });
          if (result.errors.length > 0 || !result.connector) throw problemsError(result.errors, result.connector, ctx.connectors);
          const connector = result.connector;
          await repo.insertConnector(trx, row.id, connector, actor.now().toISOString());
          const created = toReceiveConnector(connector, ctx);
          await insertAuditEvent(trx, actor, {
            action: 'connector.create',
            target: `connector:${connector.id}`,
            connectorId: connector.id,
            after: created,
            shell: newConnectorCommands(connector, ctx).join('\n'),
          });
          return { connector: created, version: connector.version };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError(409, 'NAME_TAKEN', `Server ${draft.server} already has a receive connector named ${draft.name}.`);
        throw error;
      }
    },

    update(actor, id, ifMatch, patch) {
      return mutate(actor, id, { header: ifMatch, required: true }, ({ existing, ctx, others }) => {
        const listProblems: Problem[] = [];
        const draft = draftFromPatch(existing, patch, ctx, listProblems);
        const result = validateConnectorDraft(draft, { ...ctx, connectors: others, existing, newId: randomUUID });
        const errors = [...listProblems, ...result.errors];
        if (errors.length > 0 || !result.connector) throw problemsError(errors, result.connector, others);
        return {
          next: result.connector,
          event: { action: 'connector.update', shell: setConnectorCommands(existing, result.connector, ctx).join('\n') },
        };
      });
    },

    async remove(actor, id, ifMatch) {
      await withChange(db, actor, async (trx) => {
        const { existing, ctx } = await writeScope(trx, id);
        checkIfMatch(ifMatch, existing.version, true);
        if (!(await repo.deleteConnector(trx, id, existing.version))) throw staleError(existing.version);
        return {
          result: undefined,
          event: {
            action: 'connector.delete',
            target: `connector:${id}`,
            connectorId: id,
            before: toReceiveConnector(existing, ctx),
            shell: removeConnectorCommand(existing, ctx),
          },
        };
      });
    },

    async validate(draft) {
      const loaded = await contexts.byName(draft.server);
      if (!loaded)
        return {
          errors: [{ code: 'UNKNOWN_SERVER', paths: ['server'], message: `There is no server named ${draft.server}; add it under Servers first.` }],
          warnings: [],
          findings: [],
          normalized: null,
        };
      const { ctx } = loaded;
      const existing = draft.id ? ctx.connectors.find((c) => c.id === draft.id) : undefined;
      if (draft.id && !existing)
        return {
          errors: [{ code: 'UNKNOWN_CONNECTOR', paths: ['id'], message: `Server ${ctx.server.name} has no connector with this id; it may have been deleted.` }],
          warnings: [],
          findings: [],
          normalized: null,
        };
      const others = ctx.connectors.filter((c) => c.id !== draft.id);
      const result = validateConnectorDraft(draft, { ...ctx, connectors: others, ...(existing ? { existing } : {}), newId: randomUUID });
      const findings = result.connector ? connectorFindings(result.connector, { ...ctx, connectors: [...others, result.connector] }) : [];
      return {
        errors: result.errors,
        warnings: result.warnings,
        findings,
        normalized: result.connector ? toReceiveConnector(result.connector, ctx) : null,
      };
    },

    async shell(id, seen) {
      const { existing, ctx } = await readScope(id, seen);
      return `${newConnectorCommands(existing, ctx).join('\n')}\n`;
    },

    async findings(seen) {
      const all = await contexts.all(seen);
      // Kept per generation with its contexts: the findings page and the list's risk column ask often.
      return organisationFindings.get(all, '', () =>
        all.flatMap(({ ctx }) => serverFindings(ctx)).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
      );
    },

    mutate,

    scope: readScope,
  };
}
