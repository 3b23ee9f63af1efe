import { randomUUID } from 'node:crypto';
import {
  addExplicitRights,
  checkConnector,
  connectorIdentity,
  fullAcl,
  parseIdentity,
  permissionCommand,
  principalPermissions,
  removeRights,
  samePrincipal,
  sessionPermissions,
  type ConnectorState,
  type EffectivePermissions,
  type PermissionChange,
  type PermissionEntry,
} from '@cc/connector-engine';
import type { Actor } from '../../db/change.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import type { ChangeScope, ConnectorsService, ReadScope, VersionedConnector } from '../connectors/connectors.service.ts';
import { createAnswerCache } from '../connectors/answer-cache.ts';
import { problemsError } from '../connectors/problems.ts';
import type { SeenGeneration } from '../connectors/context.ts';
import { checkPermissionChange } from './rights.ts';

export interface EntriesAnswer {
  entries: PermissionEntry[];
  version: number;
}

export interface PermissionsService {
  list(connectorId: string, seen?: SeenGeneration): Promise<EntriesAnswer>;
  add(actor: Actor, connectorId: string, change: PermissionChange, ifMatch: string | undefined): Promise<EntriesAnswer>;
  removeRights(actor: Actor, connectorId: string, change: PermissionChange, ifMatch: string | undefined): Promise<EntriesAnswer>;
  removeEntry(actor: Actor, connectorId: string, entryId: string, ifMatch: string | undefined): Promise<EntriesAnswer>;
  /** The answer as JSON text: cached per connector version and identity (it is a pure function of them). */
  effective(connectorId: string, identity: string | undefined, seen?: SeenGeneration): Promise<string>;
}

const sameEntries = (a: readonly PermissionEntry[], b: readonly PermissionEntry[]) => JSON.stringify(a) === JSON.stringify(b);

/** The ACL change must still leave a valid connector (e.g. ExternalAuthoritative needs the Exchange servers' entries). */
function nextState(scope: ChangeScope, entries: PermissionEntry[]): ConnectorState {
  const next = { ...scope.existing, entries };
  const problems = checkConnector(next, { ...scope.ctx, connectors: scope.others });
  if (problems.length > 0) throw problemsError(problems, next, scope.others);
  return next;
}

/** Answers per (connector version, identity) text, in the cache of the generation's server context. */
const EFFECTIVE_ANSWERS_PER_SERVER = 10_000;

/** Rights of one session kind (or of every principal of the ACL), as the engine computes them. */
function effective(scope: ReadScope, identityText: string | undefined): EffectivePermissions | EffectivePermissions[] {
  if (identityText === undefined) return principalPermissions(scope.existing, scope.ctx);
  const identity = parseIdentity(identityText);
  if (!identity)
    throw new AppError(400, 'VALIDATION_FAILED', 'identity must be anonymous, externallySecured, partner, exchangeServer or user:DOMAIN\\name.', {
      details: [{ code: 'INVALID_VALUE', path: 'querystring.identity', message: 'Use anonymous, externallySecured, partner, exchangeServer or user:DOMAIN\\name.' }],
    });
  if (identity.kind === 'user' && !scope.ctx.directory.some((p) => p.kind === 'user' && samePrincipal(p.name, identity.name)))
    throw new AppError(422, 'RULE_VIOLATION', `${identity.name} is not a user in the directory.`, {
      details: [{ code: 'UNKNOWN_PRINCIPAL', path: 'querystring.identity', message: `${identity.name} is not a user in the directory; check the spelling or add the account.` }],
    });
  return sessionPermissions(scope.existing, scope.ctx, identity);
}

/** Entry edits go through the connector's one write path: same lock, version and audit as a property change. */
export function createPermissionsService(deps: { connectors: Pick<ConnectorsService, 'mutate' | 'scope'> }): PermissionsService {
  const { connectors } = deps;
  const effectiveAnswers = createAnswerCache<string>(EFFECTIVE_ANSWERS_PER_SERVER);
  /** After a write, the entries as every connector read shows them (own, then inherited) with the new version. */
  const answer = async (write: Promise<VersionedConnector>, id: string): Promise<EntriesAnswer> => {
    await write;
    const fresh = await connectors.scope(id);
    return { entries: fullAcl(fresh.existing, fresh.ctx), version: fresh.existing.version };
  };
  const identityOf = (scope: ChangeScope) => connectorIdentity(scope.ctx.server.name, scope.existing.name);
  const optional = (header: string | undefined) => ({ header, required: false });

  return {
    async list(id, seen) {
      const scope = await connectors.scope(id, seen);
      return { entries: fullAcl(scope.existing, scope.ctx), version: scope.existing.version };
    },

    add(actor, id, change, ifMatch) {
      return answer(
        connectors.mutate(actor, id, optional(ifMatch), (scope) => {
          checkPermissionChange(change, scope.ctx.directory, scope.ctx.domain);
          const entries = addExplicitRights(scope.existing.entries, change, randomUUID);
          if (sameEntries(entries, scope.existing.entries)) return null;
          return {
            next: nextState(scope, entries),
            event: { action: 'connector.permission.add', shell: permissionCommand(identityOf(scope), 'Add', change.user, change.extendedRights, change.deny) },
            entry: { user: change.user, extendedRights: [...change.extendedRights], deny: change.deny },
          };
        }),
        id,
      );
    },

    removeRights(actor, id, change, ifMatch) {
      return answer(
        connectors.mutate(actor, id, optional(ifMatch), (scope) => {
          checkPermissionChange(change, scope.ctx.directory, scope.ctx.domain);
          const entries = removeRights(scope.existing.entries, change);
          if (sameEntries(entries, scope.existing.entries)) return null;
          return {
            next: nextState(scope, entries),
            event: {
              action: 'connector.permission.remove',
              shell: permissionCommand(identityOf(scope), 'Remove', change.user, change.extendedRights, change.deny),
            },
            entry: { user: change.user, extendedRights: [...change.extendedRights], deny: change.deny },
          };
        }),
        id,
      );
    },

    removeEntry(actor, id, entryId, ifMatch) {
      return answer(
        connectors.mutate(actor, id, optional(ifMatch), (scope) => {
          const entry = scope.existing.entries.find((e) => e.id === entryId);
          if (!entry) {
            if (scope.ctx.inheritedEntries.some((e) => e.id === entryId))
              throw new AppError(409, 'CONFLICT', `This entry is inherited from ${scope.ctx.server.name}; remove it on the server (DELETE /api/servers/${scope.ctx.server.name}/permissions/${entryId}).`);
            throw notFound('The permission entry');
          }
          return {
            next: nextState(
              scope,
              scope.existing.entries.filter((e) => e.id !== entryId),
            ),
            event: {
              action: 'connector.permission.remove',
              shell: permissionCommand(identityOf(scope), 'Remove', entry.user, entry.extendedRights, entry.deny),
            },
            entry: { user: entry.user, extendedRights: [...entry.extendedRights], deny: entry.deny },
          };
        }),
        id,
      );
    },

    async effective(id, identityText, seen) {
      const scope = await connectors.scope(id, seen);
      // Keyed by the connector's version as well: the context is per generation, the key spells out the rest.
      return effectiveAnswers.get(scope.ctx, `${id}\n${scope.existing.version}\n${identityText ?? ''}`, () => JSON.stringify(effective(scope, identityText)));
    },
  };
}
