import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  newPrincipalCommands,
  PrincipalSchema,
  removePrincipalCommands,
  samePrincipal,
  setPrincipalCommands,
  wellKnownPrincipals,
  type Principal,
} from '@cc/connector-engine';
import type { ErrorDetail, PrincipalPatchBody, PrincipalView } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { bumpConfiguration } from '../../db/generation.ts';
import { withChange, type Actor } from '../../db/change.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, formatPath, notFound } from '../../plugins/errors.ts';
import { getDomain } from '../organisation/organisation.repo.ts';
import * as repo from './principals.repo.ts';
import type { StoredPrincipal } from './principals.repo.ts';

const WELL_KNOWN_PREFIX = 'wellKnown:';

export interface PrincipalsService {
  /** Directory users and groups, then the well-known principals (read-only). */
  list(): Promise<PrincipalView[]>;
  create(actor: Actor, body: Omit<Principal, 'id'>): Promise<StoredPrincipal>;
  /** Adds and removes e-mail addresses, group memberships and Send-As; nothing else of a principal changes. */
  update(actor: Actor, id: string, patch: PrincipalPatchBody): Promise<StoredPrincipal>;
  remove(actor: Actor, id: string): Promise<void>;
}

type ListField = 'emailAddresses' | 'memberOf' | 'sendAs';
const LIST_FIELDS: readonly ListField[] = ['emailAddresses', 'memberOf', 'sendAs'];
const LIST_WORDS: Record<ListField, string> = { emailAddresses: 'the e-mail addresses', memberOf: 'the groups it is a member of', sendAs: 'its Send-As list' };

/**
 * `{ add, remove }` on one list, removals first (so `remove: ["A"], add: ["a"]` corrects the case). Values compare
 * case-insensitively, as SMTP addresses and Windows account names do. Removing what is not there and adding what
 * is already there are both reported, as Exchange reports them.
 */
function editList(field: ListField, current: readonly string[], edit: { add?: string[]; remove?: string[] }, details: ErrorDetail[]): string[] {
  let next = [...current];
  (edit.remove ?? []).forEach((value, i) => {
    if (!next.some((v) => samePrincipal(v, value)))
      details.push({ code: 'NOT_IN_LIST', path: `${field}.remove[${i}]`, message: `${value} is not in ${LIST_WORDS[field]}, so it cannot be removed.` });
    next = next.filter((v) => !samePrincipal(v, value));
  });
  (edit.add ?? []).forEach((value, i) => {
    if (next.some((v) => samePrincipal(v, value)))
      details.push({ code: 'ALREADY_IN_LIST', path: `${field}.add[${i}]`, message: `${value} is already in ${LIST_WORDS[field]}.` });
    else next.push(value);
  });
  return next;
}

/** A membership must name a directory group: membership is what gives a user the rights entries grant to a group. */
function checkNewGroups(principal: StoredPrincipal, added: readonly string[], directory: readonly StoredPrincipal[], domain: string, details: ErrorDetail[]): void {
  const wellKnown = wellKnownPrincipals(domain);
  added.forEach((name, i) => {
    const path = `memberOf.add[${i}]`;
    const group = directory.find((p) => samePrincipal(p.name, name));
    if (samePrincipal(name, principal.name))
      details.push({ code: 'SELF_MEMBERSHIP', path, message: `${principal.name} cannot be a member of itself.` });
    else if (wellKnown.some((w) => samePrincipal(w.name, name)))
      details.push({
        code: 'WELL_KNOWN_GROUP',
        path,
        message: `${name} is a well-known principal: Windows and Exchange decide who belongs to it (from how a session signs in, or which server it comes from), not a membership list. Grant the rights to a directory group instead.`,
      });
    else if (!group)
      details.push({
        code: 'UNKNOWN_GROUP',
        path,
        message: `There is no group ${name} in the directory; add the group first (New user or group), or check the spelling.`,
      });
    else if (group.kind !== 'group') details.push({ code: 'NOT_A_GROUP', path, message: `${group.name} is a user, not a group; only groups have members.` });
  });
}

/** Exchange gives an SMTP address to one recipient only: a second owner would make Send-As checks ambiguous. */
function addressConflict(principal: StoredPrincipal, added: readonly string[], directory: readonly StoredPrincipal[]): AppError | null {
  for (const [i, address] of added.entries()) {
    const owner = directory.find((p) => p.id !== principal.id && p.emailAddresses.some((a) => samePrincipal(a, address)));
    if (owner)
      return new AppError(409, 'CONFLICT', `${address} is already an e-mail address of ${owner.name}; an address belongs to one recipient only.`, {
        details: [{ code: 'ADDRESS_TAKEN', path: `emailAddresses.add[${i}]`, message: `${address} belongs to ${owner.name}.` }],
        conflictsWith: { id: owner.id, name: owner.name },
      });
  }
  return null;
}

const ruleViolation = (details: ErrorDetail[]) => new AppError(422, 'RULE_VIOLATION', details[0]!.message, { details });

const wellKnownReadOnly = (verb: string) =>
  new AppError(409, 'CONFLICT', `Well-known principals are part of Windows and Exchange and cannot be ${verb}.`);

export function createPrincipalsService(deps: { db: Kysely<Database> }): PrincipalsService {
  const { db } = deps;

  async function load(trx: Parameters<typeof repo.findPrincipal>[0], id: string): Promise<StoredPrincipal> {
    const row = await repo.findPrincipal(trx, id);
    if (!row) throw notFound('The principal');
    return repo.toPrincipal(row);
  }

  return {
    async list() {
      const stored = await repo.listPrincipals(db);
      const wellKnown = wellKnownPrincipals(await getDomain(db)).map((w) => ({
        id: `${WELL_KNOWN_PREFIX}${w.sid}`,
        name: w.name,
        kind: 'wellKnown' as const,
        sid: w.sid,
        description: w.description,
        emailAddresses: [],
        memberOf: [],
        sendAs: [],
      }));
      return [...stored, ...wellKnown];
    },

    async create(actor, body) {
      const domain = await getDomain(db);
      if (wellKnownPrincipals(domain).some((w) => samePrincipal(w.name, body.name)))
        throw new AppError(409, 'NAME_TAKEN', `${body.name} is a well-known principal; it exists already and cannot be added.`);
      const principal = { id: randomUUID(), ...body };
      try {
        return await withChange(db, actor, async (trx) => {
          await bumpConfiguration(trx);
          const directory = await repo.listPrincipals(trx);
          await repo.insertPrincipal(trx, principal, actor.now().toISOString());
          return {
            result: principal,
            event: {
              action: 'principal.create',
              target: `principal:${principal.name}`,
              after: principal,
              shell: newPrincipalCommands(principal, directory).join('\n'),
            },
          };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError(409, 'NAME_TAKEN', `${body.name} is already in the directory.`);
        throw error;
      }
    },

    async update(actor, id, patch) {
      if (id.startsWith(WELL_KNOWN_PREFIX)) throw wellKnownReadOnly('changed');
      // Empty add/remove lists change nothing: no write and no audit event.
      if (LIST_FIELDS.every((f) => (patch[f]?.add?.length ?? 0) + (patch[f]?.remove?.length ?? 0) === 0)) return load(db, id);
      return withChange(db, actor, async (trx) => {
        await bumpConfiguration(trx);
        const before = await load(trx, id);
        const directory = await repo.listPrincipals(trx);
        const details: ErrorDetail[] = [];
        const after: StoredPrincipal = { ...before };
        for (const field of LIST_FIELDS) {
          const edit = patch[field];
          if (edit) after[field] = editList(field, before[field], edit, details);
        }
        checkNewGroups(before, patch.memberOf?.add ?? [], directory, await getDomain(trx), details);
        if (details.length > 0) throw ruleViolation(details);
        const conflict = addressConflict(before, patch.emailAddresses?.add ?? [], directory);
        if (conflict) throw conflict;
        // The edited principal as a whole still has to be one the engine accepts (list sizes included).
        const checked = PrincipalSchema.safeParse(after);
        if (!checked.success)
          throw ruleViolation(checked.error.issues.map((issue) => ({ code: 'INVALID_VALUE', path: formatPath(issue.path), message: `${formatPath(issue.path)}: ${issue.message}` })));
        await repo.updatePrincipalLists(trx, id, after);
        return {
          result: after,
          event: {
            action: 'principal.update',
            target: `principal:${before.name}`,
            before,
            after,
            shell: setPrincipalCommands(before, after, directory).join('\n'),
          },
        };
      });
    },

    async remove(actor, id) {
      if (id.startsWith(WELL_KNOWN_PREFIX)) throw wellKnownReadOnly('removed');
      await withChange(db, actor, async (trx) => {
        await bumpConfiguration(trx);
        const before = await load(trx, id);
        // Entries naming it stay, as unresolved SIDs stay on an AD object; the findings report them as stranded.
        await repo.deletePrincipal(trx, id);
        return {
          result: undefined,
          event: { action: 'principal.delete', target: `principal:${before.name}`, before, shell: removePrincipalCommands(before).join('\n') },
        };
      });
    },
  };
}
