import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { samePrincipal, wellKnownPrincipals, type Principal } from '@cc/connector-engine';
import type { PrincipalView } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { bumpConfiguration } from '../../db/generation.ts';
import { withChange, type Actor } from '../../db/change.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { getDomain } from '../organisation/organisation.repo.ts';
import * as repo from './principals.repo.ts';
import type { StoredPrincipal } from './principals.repo.ts';

const WELL_KNOWN_PREFIX = 'wellKnown:';

export interface PrincipalsService {
  /** Directory users and groups, then the well-known principals (read-only). */
  list(): Promise<PrincipalView[]>;
  create(actor: Actor, body: Omit<Principal, 'id'>): Promise<StoredPrincipal>;
  remove(actor: Actor, id: string): Promise<void>;
}

export function createPrincipalsService(deps: { db: Kysely<Database> }): PrincipalsService {
  const { db } = deps;
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
          await repo.insertPrincipal(trx, principal, actor.now().toISOString());
          return { result: principal, event: { action: 'principal.create', target: `principal:${principal.name}`, after: principal } };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError(409, 'NAME_TAKEN', `${body.name} is already in the directory.`);
        throw error;
      }
    },

    async remove(actor, id) {
      if (id.startsWith(WELL_KNOWN_PREFIX))
        throw new AppError(409, 'CONFLICT', 'Well-known principals are part of Windows and Exchange and cannot be removed.');
      await withChange(db, actor, async (trx) => {
        await bumpConfiguration(trx);
        const row = await repo.findPrincipal(trx, id);
        if (!row) throw notFound('The principal');
        const before = repo.toPrincipal(row);
        // Entries naming it stay, as unresolved SIDs stay on an AD object; the findings report them as stranded.
        await repo.deletePrincipal(trx, id);
        return { result: undefined, event: { action: 'principal.delete', target: `principal:${before.name}`, before } };
      });
    },
  };
}
