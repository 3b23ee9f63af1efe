import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  addExplicitRights,
  applyPermissionGroups,
  CONNECTOR_DEFAULTS,
  containerPermissionCommands,
  formatIpAddress,
  installDefaultConnectors,
  parseIpAddress,
  type ConnectorState,
  type PermissionChange,
  type PermissionEntry,
  type Server,
} from '@cc/connector-engine';
import type { ErrorDetail } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { bumpConfiguration } from '../../db/generation.ts';
import { withChange, type Actor, type Trx } from '../../db/change.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { countConnectors, insertConnector, listContainerEntries, replaceEntries } from '../connectors/connectors.repo.ts';
import { getDomain } from '../organisation/organisation.repo.ts';
import * as repo from './servers.repo.ts';
import { loadOrganisation } from '../connectors/context.ts';
import { checkPermissionChange } from '../permissions/rights.ts';

/** Container entries as every connector of the server sees them. */
const asInherited = (e: PermissionEntry): PermissionEntry => ({ ...e, inherited: true, source: 'Inherited' });
/** On the container itself they are explicit entries an admin wrote; the engine edits them as such. */
const asContainerOwn = (e: PermissionEntry): PermissionEntry => ({ ...e, inherited: false, source: 'Explicit' });

/** Adapter addresses through the engine's one strict parser, stored in canonical form. */
function normaliseAddresses(server: Server): Server {
  const details: ErrorDetail[] = [];
  const out: string[] = [];
  server.ipAddresses.forEach((text, i) => {
    const parsed = parseIpAddress(text);
    const path = `ipAddresses[${i}]`;
    if (!parsed.ok) return void details.push({ code: 'INVALID_ADDRESS', path, message: parsed.error });
    if (parsed.warnings.length > 0 || parsed.value.value === 0n)
      return void details.push({
        code: 'INVALID_ADDRESS',
        path,
        message: `${text} is not an adapter address; write the server's own IPv4 or IPv6 address.`,
      });
    const canonical = formatIpAddress(parsed.value);
    if (!out.includes(canonical)) out.push(canonical);
  });
  if (details.length > 0) throw new AppError(422, 'RULE_VIOLATION', details[0]!.message, { details });
  return { ...server, ipAddresses: out };
}

/** The connectors Exchange setup creates on a new server (§5.2), with the ACL their groups write. */
export function defaultConnectorStates(server: Server, domain: string): ConnectorState[] {
  return installDefaultConnectors(server.name, server.role).map((d) => ({
    id: randomUUID(),
    server: server.name,
    name: d.name,
    usage: 'Custom',
    ...CONNECTOR_DEFAULTS,
    enabled: true,
    bindings: d.bindings,
    remoteIPRanges: d.remoteIPRanges,
    authMechanism: d.authMechanism,
    fqdn: server.fqdn,
    version: 1,
    entries: applyPermissionGroups([], d.permissionGroups, server.role, domain, randomUUID),
  }));
}

export interface ServersService {
  list(): Promise<Server[]>;
  get(name: string): Promise<Server>;
  create(actor: Actor, server: Server, options: { defaultConnectors: boolean }): Promise<Server>;
  replace(actor: Actor, name: string, server: Server): Promise<Server>;
  remove(actor: Actor, name: string): Promise<void>;
  listPermissions(name: string): Promise<PermissionEntry[]>;
  addPermission(actor: Actor, name: string, change: PermissionChange): Promise<PermissionEntry[]>;
  removePermission(actor: Actor, name: string, entryId: string): Promise<void>;
}

export function createServersService(deps: { db: Kysely<Database> }): ServersService {
  const { db } = deps;

  async function loadRow(trx: Kysely<Database> | Trx, name: string) {
    const row = await repo.findServerRow(trx, name);
    if (!row) throw notFound(`The server ${name}`);
    return row;
  }

  const nameTaken = (name: string) => new AppError(409, 'NAME_TAKEN', `A server named ${name} already exists.`);

  return {
    async list() {
      return (await repo.listServerRows(db)).map(repo.toServer);
    },

    async get(name) {
      return repo.toServer(await loadRow(db, name));
    },

    async create(actor, input, options) {
      const server = normaliseAddresses(input);
      const at = actor.now().toISOString();
      try {
        return await withChange(db, actor, async (trx) => {
          await bumpConfiguration(trx);
          const id = randomUUID();
          await repo.insertServer(trx, id, server, at);
          const connectors = options.defaultConnectors ? defaultConnectorStates(server, await getDomain(trx)) : [];
          for (const c of connectors) await insertConnector(trx, id, c, at);
          return {
            result: server,
            event: {
              action: 'server.create',
              target: `server:${server.name}`,
              after: { ...server, defaultConnectors: connectors.map((c) => c.name) },
            },
          };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken(server.name);
        throw error;
      }
    },

    async replace(actor, name, input) {
      const server = normaliseAddresses(input);
      try {
        return await withChange(db, actor, async (trx) => {
          await bumpConfiguration(trx);
          const row = await loadRow(trx, name);
          const before = repo.toServer(row);
          // The role decides which entries the permission groups wrote; changing it under existing connectors
          // would silently change what their PermissionGroups read back as.
          if (before.role !== server.role && (await countConnectors(trx, row.id)) > 0)
            throw new AppError(409, 'CONFLICT', `${before.name} still has receive connectors; its role cannot change. Remove them first.`);
          await repo.updateServer(trx, row.id, server, actor.now().toISOString());
          return { result: server, event: { action: 'server.update', target: `server:${server.name}`, before, after: server } };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken(server.name);
        throw error;
      }
    },

    async remove(actor, name) {
      await withChange(db, actor, async (trx) => {
        await bumpConfiguration(trx);
        const row = await loadRow(trx, name);
        const count = await countConnectors(trx, row.id);
        if (count > 0)
          throw new AppError(409, 'CONFLICT', `${row.name} still has ${count} receive connector(s); delete them before the server.`);
        const before = repo.toServer(row);
        await repo.deleteServer(trx, row.id);
        return { result: undefined, event: { action: 'server.delete', target: `server:${row.name}`, before } };
      });
    },

    async listPermissions(name) {
      const row = await loadRow(db, name);
      return (await listContainerEntries(db, row.id)).map(asInherited);
    },

    async addPermission(actor, name, change) {
      return withChange(db, actor, async (trx) => {
        await bumpConfiguration(trx);
        const row = await loadRow(trx, name);
        const org = await loadOrganisation(trx);
        checkPermissionChange(change, org.directory, org.domain);
        const before = (await listContainerEntries(trx, row.id)).map(asContainerOwn);
        const after = addExplicitRights(before, change, randomUUID);
        await replaceEntries(trx, row.id, null, after, actor.now().toISOString());
        return {
          result: after.map(asInherited),
          event: {
            action: 'server.permission.add',
            target: `server:${row.name}`,
            before: before.map(asInherited),
            after: after.map(asInherited),
            shell: containerPermissionCommands(row.name, 'Add', change.user, change.extendedRights, change.deny).join('\n'),
          },
        };
      });
    },

    async removePermission(actor, name, entryId) {
      await withChange(db, actor, async (trx) => {
        await bumpConfiguration(trx);
        const row = await loadRow(trx, name);
        const before = await listContainerEntries(trx, row.id);
        const entry = before.find((e) => e.id === entryId);
        if (!entry) throw notFound(`The entry ${entryId} on ${row.name}`);
        const after = before.filter((e) => e.id !== entryId);
        await replaceEntries(trx, row.id, null, after, actor.now().toISOString());
        return {
          result: undefined,
          event: {
            action: 'server.permission.remove',
            target: `server:${row.name}`,
            before: [asInherited(entry)],
            after: null,
            shell: containerPermissionCommands(row.name, 'Remove', entry.user, entry.extendedRights, entry.deny).join('\n'),
          },
        };
      });
    },
  };
}
