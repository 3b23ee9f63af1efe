import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A query whose SQL Kysely builds and compiles once per database, then runs with fresh parameters. For the
 * reads every request makes (its session, the configuration generation), building and compiling the query
 * cost more than SQLite took to run it. `parameters` replace the compiled ones position for position, so
 * build the query with one placeholder value per parameter and nothing inlined that varies.
 */
export function precompiled<Row>(build: (db: Kysely<Database>) => Compilable<Row>): (db: Kysely<Database>, parameters?: readonly unknown[]) => Promise<Row[]> {
  const compiled = new WeakMap<Kysely<Database>, CompiledQuery<Row>>();
  return async (db, parameters) => {
    let query = compiled.get(db);
    if (query === undefined) {
      query = build(db).compile();
      compiled.set(db, query);
    }
    if (parameters !== undefined && parameters.length !== query.parameters.length)
      throw new Error(`expected ${query.parameters.length} parameters, got ${parameters.length}`);
    const { rows } = await db.executeQuery<Row>({ ...query, queryId: createQueryId(), parameters: parameters ?? query.parameters });
    return rows;
  };
}
