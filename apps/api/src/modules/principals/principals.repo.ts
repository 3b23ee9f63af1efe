import type { Kysely } from 'kysely';
import { PrincipalKindSchema, type Principal } from '@cc/connector-engine';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';

type Db = Kysely<Database> | Trx;
export type StoredPrincipal = Principal & { id: string };

export const principalKey = (name: string): string => name.normalize('NFC').toLowerCase();

export function toPrincipal(row: Database['principals']): StoredPrincipal {
  return {
    id: row.id,
    name: row.name,
    kind: PrincipalKindSchema.parse(row.kind),
    emailAddresses: JSON.parse(row.email_addresses) as string[],
    memberOf: JSON.parse(row.member_of) as string[],
    sendAs: JSON.parse(row.send_as) as string[],
  };
}

export async function listPrincipals(db: Db): Promise<StoredPrincipal[]> {
  return (await db.selectFrom('principals').selectAll().orderBy('name_key').execute()).map(toPrincipal);
}

export function findPrincipal(db: Db, id: string) {
  return db.selectFrom('principals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPrincipal(db: Db, p: StoredPrincipal, at: string): Promise<void> {
  await db
    .insertInto('principals')
    .values({
      id: p.id,
      name: p.name,
      name_key: principalKey(p.name),
      kind: p.kind,
      email_addresses: JSON.stringify(p.emailAddresses),
      member_of: JSON.stringify(p.memberOf),
      send_as: JSON.stringify(p.sendAs),
      created_at: at,
    })
    .execute();
}

export async function updatePrincipalLists(db: Db, id: string, p: Pick<Principal, 'emailAddresses' | 'memberOf' | 'sendAs'>): Promise<void> {
  await db
    .updateTable('principals')
    .set({ email_addresses: JSON.stringify(p.emailAddresses), member_of: JSON.stringify(p.memberOf), send_as: JSON.stringify(p.sendAs) })
    .where('id', '=', id)
    .execute();
}

export async function deletePrincipal(db: Db, id: string): Promise<void> {
  await db.deleteFrom('principals').where('id', '=', id).execute();
}
