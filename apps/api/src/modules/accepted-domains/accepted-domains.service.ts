import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  newAcceptedDomainCommands,
  removeAcceptedDomainCommand,
  setAcceptedDomainCommands,
  type AcceptedDomain,
} from '@cc/connector-engine';
import type { AcceptedDomainPatchBody, AcceptedDomainView } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { bumpConfiguration } from '../../db/generation.ts';
import { withChange, type Actor } from '../../db/change.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import * as repo from './accepted-domains.repo.ts';

export interface AcceptedDomainsService {
  list(): Promise<AcceptedDomainView[]>;
  create(actor: Actor, body: Omit<AcceptedDomain, 'id'>): Promise<AcceptedDomainView>;
  /** Set-AcceptedDomain: the type, or making this domain the default. */
  update(actor: Actor, id: string, patch: AcceptedDomainPatchBody): Promise<AcceptedDomainView>;
  remove(actor: Actor, id: string): Promise<void>;
}

const applyPatch = (before: AcceptedDomainView, patch: AcceptedDomainPatchBody): AcceptedDomainView => ({
  ...before,
  domainType: patch.domainType ?? before.domainType,
  isDefault: patch.isDefault ?? before.isDefault,
});

const unchanged = (a: AcceptedDomainView, b: AcceptedDomainView) => a.domainType === b.domainType && a.isDefault === b.isDefault;

export function createAcceptedDomainsService(deps: { db: Kysely<Database> }): AcceptedDomainsService {
  const { db } = deps;
  return {
    list: () => repo.listDomains(db),

    async create(actor, body) {
      const domain: AcceptedDomainView = { id: randomUUID(), ...body };
      try {
        return await withChange(db, actor, async (trx) => {
          await bumpConfiguration(trx);
          // Exchange keeps exactly one default domain: making a new one default takes the flag from the old one.
          if (domain.isDefault) await repo.clearDefault(trx);
          await repo.insertDomain(trx, domain, actor.now().toISOString());
          return {
            result: domain,
            event: {
              action: 'acceptedDomain.create',
              target: `acceptedDomain:${domain.domainName}`,
              after: domain,
              shell: newAcceptedDomainCommands(domain).join('\n'),
            },
          };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError(409, 'NAME_TAKEN', `${body.domainName} is already an accepted domain.`);
        throw error;
      }
    },

    async update(actor, id, patch) {
      // A request that changes nothing writes nothing and leaves no audit event (as connectors' PATCH).
      const current = await repo.findDomain(db, id);
      if (current && unchanged(repo.toDomain(current), applyPatch(repo.toDomain(current), patch))) return repo.toDomain(current);
      return withChange(db, actor, async (trx) => {
        await bumpConfiguration(trx);
        const row = await repo.findDomain(trx, id);
        if (!row) throw notFound('The accepted domain');
        const before = repo.toDomain(row);
        const after = applyPatch(before, patch);
        // Exchange has no "un-default": the flag only moves when another domain is made the default.
        if (before.isDefault && !after.isDefault)
          throw new AppError(
            409,
            'CONFLICT',
            `${before.domainName} is the default accepted domain; make another domain the default instead, and the flag moves to it.`,
          );
        if (after.isDefault && !before.isDefault) await repo.clearDefault(trx);
        await repo.updateDomain(trx, id, after);
        return {
          result: after,
          event: {
            action: 'acceptedDomain.update',
            target: `acceptedDomain:${before.domainName}`,
            before,
            after,
            shell: setAcceptedDomainCommands(before, after).join('\n'),
          },
        };
      });
    },

    async remove(actor, id) {
      await withChange(db, actor, async (trx) => {
        await bumpConfiguration(trx);
        const row = await repo.findDomain(trx, id);
        if (!row) throw notFound('The accepted domain');
        const before = repo.toDomain(row);
        if (before.isDefault)
          throw new AppError(409, 'CONFLICT', `${before.domainName} is the default accepted domain; make another domain the default first.`);
        await repo.deleteDomain(trx, id);
        return {
          result: undefined,
          event: { action: 'acceptedDomain.delete', target: `acceptedDomain:${before.domainName}`, before, shell: removeAcceptedDomainCommand(before) },
        };
      });
    },
  };
}
