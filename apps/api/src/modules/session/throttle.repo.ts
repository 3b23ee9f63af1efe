import type { Kysely } from 'kysely';
import type { Database, SignInThrottlesTable } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type ThrottleRow = SignInThrottlesTable;

export async function findThrottle(db: Db, key: string): Promise<ThrottleRow | undefined> {
  return db.selectFrom('sign_in_throttles').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Inserts the key's first failure; false when another request inserted it first. */
export async function insertThrottle(db: Db, row: ThrottleRow): Promise<boolean> {
  const result = await db
    .insertInto('sign_in_throttles')
    .values(row)
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * Compare-and-set: the update applies only if the row is still the one that was read, so of several
 * simultaneous attempts exactly one moves the count from n to n + 1 (the others read again).
 */
export async function advanceThrottle(
  db: Db,
  read: Pick<ThrottleRow, 'key' | 'failures' | 'window_started_at'>,
  next: Pick<ThrottleRow, 'failures' | 'window_started_at' | 'blocked_until'>,
): Promise<boolean> {
  const result = await db
    .updateTable('sign_in_throttles')
    .set(next)
    .where('key', '=', read.key)
    .where('failures', '=', read.failures)
    .where('window_started_at', '=', read.window_started_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteThrottles(db: Db, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.deleteFrom('sign_in_throttles').where('key', 'in', keys).execute();
}

/** Rows whose window has passed and that block nothing any more (accounts count over a longer window). */
export async function pruneThrottles(db: Db, cut: { windowStartedBefore: string; accountWindowStartedBefore: string; now: string }): Promise<void> {
  await db
    .deleteFrom('sign_in_throttles')
    .where((eb) =>
      eb.or([
        eb('window_started_at', '<=', cut.accountWindowStartedBefore),
        eb.and([eb('kind', '!=', 'account'), eb('window_started_at', '<=', cut.windowStartedBefore)]),
      ]),
    )
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', cut.now)]))
    .execute();
}

export async function listThrottles(db: Db): Promise<ThrottleRow[]> {
  return db.selectFrom('sign_in_throttles').selectAll().orderBy('window_started_at', 'desc').limit(1000).execute();
}

/** Deletes every row about the account and/or the address; answers how many went. */
export async function clearThrottles(db: Db, match: { account?: string; address?: string }): Promise<ThrottleRow[]> {
  let q = db.selectFrom('sign_in_throttles').selectAll();
  if (match.account !== undefined) q = q.where('account', '=', match.account);
  if (match.address !== undefined) q = q.where('address', '=', match.address);
  const rows = await q.execute();
  await deleteThrottles(
    db,
    rows.map((r) => r.key),
  );
  return rows;
}

export async function isKnownSource(db: Db, accountKey: string, address: string, since: string): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_sources')
    .select('last_success_at')
    .where('account_key', '=', accountKey)
    .where('address', '=', address)
    .where('last_success_at', '>', since)
    .executeTakeFirst();
  return row !== undefined;
}

export async function rememberSource(db: Db, accountKey: string, address: string, at: string): Promise<void> {
  await db
    .insertInto('sign_in_sources')
    .values({ account_key: accountKey, address, last_success_at: at })
    .onConflict((oc) => oc.columns(['account_key', 'address']).doUpdateSet({ last_success_at: at }))
    .execute();
}
