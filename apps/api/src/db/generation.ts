import { sql, type Kysely } from 'kysely';
import { precompiled } from './precompiled.ts';
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

const generationRow = precompiled((db) => db.selectFrom('config_generation').select('generation').where('id', '=', 1));

/** Read on every cached read (context cache), so precompiled. */
export async function readGeneration(db: Kysely<Database>): Promise<number> {
  const [row] = await generationRow(db);
  if (row === undefined) throw new Error('config_generation has no row: the database is not migrated');
  return Number(row.generation);
}
