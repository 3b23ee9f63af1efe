import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Trx } from './change.ts';

/**
 * Marks a configuration change. Called first in every configuration-writing transaction: the UPDATE takes a
 * row lock (PostgreSQL) or the write lock (SQLite), so two writers never check the rules against snapshots
 * that miss each other's change, and cached server contexts keyed by the old generation are retired.
 */
export async function bumpConfiguration(trx: Trx): Promise<void> {
  await trx
    .updateTable('config_generation')
    .set({ generation: sql<number>`generation + 1` })
    .where('id', '=', 1)
    .execute();
}

export async function readGeneration(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('config_generation').select('generation').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.generation);
}
