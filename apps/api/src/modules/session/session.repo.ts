import { sql, type Kysely } from 'kysely';
import { precompiled } from '../../db/precompiled.ts';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export async function insertSession(
  db: Db,
  row: { id: string; tokenHash: string; accountId: string; at: string; sourceIp: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: row.id, token_hash: row.tokenHash, account_id: row.accountId, created_at: row.at, last_seen_at: row.at, source_ip: row.sourceIp })
    .execute();
}

const sessionWithAccount = precompiled((db) =>
  db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select([
      'sessions.id as sessionId',
      'sessions.created_at as createdAt',
      'sessions.last_seen_at as lastSeenAt',
      'accounts.id as accountId',
      'accounts.username as username',
      'accounts.role as role',
      'accounts.disabled as disabled',
      'accounts.source as source',
      'accounts.directory_grant as directoryGrant',
      'accounts.directory_checked_at as directoryCheckedAt',
      'accounts.username_key as usernameKey',
    ])
    // The configuration generation rides along (literal id, so the token hash stays the only parameter): the
    // request then needs no second round trip to learn whether its cached server contexts are current.
    .select((eb) => eb.selectFrom('config_generation').select('generation').where('id', '=', sql.lit(1)).as('generation'))
    .where('sessions.token_hash', '=', ''),
);

/**
 * The session and its account, loaded together on every request so role changes apply immediately, with the
 * configuration generation at the same moment (db/generation.ts).
 */
export async function findSessionWithAccount(db: Db, tokenHash: string) {
  const [row] = await sessionWithAccount(db, [tokenHash]);
  return row;
}

export async function touchSession(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Removes sessions past their idle or absolute limit, so the table does not grow without bound. */
export async function deleteExpiredSessions(db: Db, idleBefore: string, createdBefore: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .execute();
}
