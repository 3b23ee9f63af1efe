import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';

type Db = Kysely<Database> | Trx;

export const usernameKey = (username: string): string => username.toLowerCase();

/** By user name (any case), or by the exact key of an OpenID account (`oidc:<subject>`, whose case matters). */
export function findAccount(db: Db, username: string) {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) => eb.or([eb('username_key', '=', usernameKey(username)), eb('username_key', '=', username)]))
    .orderBy('username_key')
    .executeTakeFirst();
}

export function findAccountById(db: Db, id: string) {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listAccounts(db: Db) {
  return db.selectFrom('accounts').selectAll().orderBy('username_key').execute();
}

export async function countEnabledAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countAccounts(db: Db): Promise<number> {
  const row = await db.selectFrom('accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAccount(
  db: Db,
  row: { id: string; username: string; passwordHash: string; role: string; at: string },
): Promise<void> {
  await db
    .insertInto('accounts')
    .values({
      id: row.id,
      username: row.username,
      username_key: usernameKey(row.username),
      password_hash: row.passwordHash,
      role: row.role,
      disabled: 0,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

export async function updateAccount(
  db: Db,
  id: string,
  changes: { role?: string; disabled?: boolean; passwordHash?: string; at: string },
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled ? 1 : 0 } : {}),
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
      updated_at: changes.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteSessionsOf(db: Db, accountId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Every session of the account but `keepSessionId` (the one changing its own password stays signed in). */
export async function deleteOtherSessionsOf(db: Db, accountId: string, keepSessionId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).where('id', '!=', keepSessionId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
