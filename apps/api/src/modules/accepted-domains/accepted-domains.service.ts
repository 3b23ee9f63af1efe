import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AcceptedDomain } from '@cc/connector-engine';
import type { AcceptedDomainView } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { bumpConfiguration } from '../../db/generation.ts';
import { withChange, type Actor } from '../../db/change.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import * as repo from './accepted-domains.repo.ts';

export interface AcceptedDomainsService {
  list(): Promise<AcceptedDomainView[]>;
  create(actor: Actor, body: Omit<AcceptedDomain, 'id'>): Promise<AcceptedDomainView>;
  remove(actor: Actor, id: string): Promise<void>;
}

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
          return { result: domain, event: { action: 'acceptedDomain.create', target: `acceptedDomain:${domain.domainName}`, after: domain } };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError(409, 'NAME_TAKEN', `${body.domainName} is already an accepted domain.`);
        throw error;
      }
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
        return { result: undefined, event: { action: 'acceptedDomain.delete', target: `acceptedDomain:${before.domainName}`, before } };
      });
    },
  };
}
