import type { Kysely } from 'kysely';
import { DomainTypeSchema } from '@cc/connector-engine';
import type { AcceptedDomainView } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';

type Db = Kysely<Database> | Trx;

export function toDomain(row: Database['accepted_domains']): AcceptedDomainView {
  return { id: row.id, domainName: row.domain_name, domainType: DomainTypeSchema.parse(row.domain_type), isDefault: row.is_default === 1 };
}

export async function listDomains(db: Db): Promise<AcceptedDomainView[]> {
  return (await db.selectFrom('accepted_domains').selectAll().orderBy('domain_key').execute()).map(toDomain);
}

export function findDomain(db: Db, id: string) {
  return db.selectFrom('accepted_domains').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertDomain(db: Db, domain: AcceptedDomainView, at: string): Promise<void> {
  await db
    .insertInto('accepted_domains')
    .values({
      id: domain.id,
      domain_name: domain.domainName,
      domain_key: domain.domainName.toLowerCase(),
      domain_type: domain.domainType,
      is_default: domain.isDefault ? 1 : 0,
      created_at: at,
    })
    .execute();
}

export async function updateDomain(db: Db, id: string, change: Pick<AcceptedDomainView, 'domainType' | 'isDefault'>): Promise<void> {
  await db
    .updateTable('accepted_domains')
    .set({ domain_type: change.domainType, is_default: change.isDefault ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

export async function clearDefault(db: Db): Promise<void> {
  await db.updateTable('accepted_domains').set({ is_default: 0 }).where('is_default', '=', 1).execute();
}

export async function deleteDomain(db: Db, id: string): Promise<void> {
  await db.deleteFrom('accepted_domains').where('id', '=', id).execute();
}
