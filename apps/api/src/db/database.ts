import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Driver, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { SplitSqliteDriver, type SqliteHandle } from './sqlite-driver.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite at `path`. */
  url?: string;
  path?: string;
  /** PostgreSQL schema to work in (tests give each file its own). */
  pgSchema?: string;
  pgPoolSize?: number;
  /** Told about dropped PostgreSQL connections (logged by the server; the pool recovers by itself). */
  onConnectionError?: (error: Error) => void;
  /** How long a SQLite write waits for another process's write lock before answering 503. */
  sqliteBusyWaitMs?: number;
}

export const DEFAULT_SQLITE_PATH = './data/connector-console.db';

/**
 * better-sqlite3's SQLite is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so a re-opened WAL file silently runs
 * at synchronous=NORMAL, which can lose acknowledged commits on power loss (quality doc §0.1). Every open sets
 * the durability settings explicitly.
 */
export function applySqlitePragmas(database: SQLite.Database): void {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  // Waiting for another process's write lock happens on the event loop (SplitSqliteDriver), not inside SQLite,
  // which would block every request of this process meanwhile.
  database.pragma('busy_timeout = 0');
}

/** A SQLite dialect whose driver reads on one connection and writes on another (see SplitSqliteDriver). */
class SplitSqliteDialect extends SqliteDialect {
  readonly #options: ConstructorParameters<typeof SplitSqliteDriver>[0];
  constructor(options: ConstructorParameters<typeof SplitSqliteDriver>[0]) {
    super({ database: options.writer as unknown as SqliteDatabase });
    this.#options = options;
  }
  override createDriver(): Driver {
    return new SplitSqliteDriver(this.#options);
  }
}

/** Statements that are reused as they are; schema changes and pragmas are always prepared afresh. */
const REUSABLE_SQL = /^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/i;

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles the SQL on each prepare: for the small
 * queries every request makes (session, configuration generation) that was a third of their cost. Prepared
 * statements are kept by SQL text (least recently used beyond `capacity`); one still being iterated is not
 * handed out twice. SQLite re-prepares a kept statement by itself if the schema changes under it.
 */
export function withStatementCache(database: SQLite.Database, capacity = 256): SqliteHandle {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const kept = statements.get(sql);
      if (kept !== undefined && !kept.busy) {
        statements.delete(sql);
        statements.set(sql, kept);
        return kept;
      }
      const statement = database.prepare(sql);
      if (kept === undefined && REUSABLE_SQL.test(sql)) {
        statements.set(sql, statement);
        if (statements.size > capacity) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  if (isPostgresUrl(config.url)) return openPostgres(config.url, config);
  const file = resolve(config.path ?? DEFAULT_SQLITE_PATH);
  mkdirSync(dirname(file), { recursive: true });
  const open = () => {
    const database = new SQLite(file);
    applySqlitePragmas(database);
    return withStatementCache(database);
  };
  const writer = open();
  const reader = open();
  const db = new Kysely<Database>({ dialect: new SplitSqliteDialect({ writer, reader, busyWaitMs: config.sqliteBusyWaitMs ?? 5000 }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string, config: DatabaseConfig): DatabaseHandle {
  if (config.pgSchema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(config.pgSchema))
    throw new Error(`Invalid PostgreSQL schema name: ${config.pgSchema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: config.pgPoolSize ?? 10,
    // While the server is away a request fails fast (503) instead of queueing until the client gives up.
    connectionTimeoutMillis: 3000,
    ...(config.pgSchema ? { options: `-c search_path=${config.pgSchema}` } : {}),
  });
  // An idle connection that the server drops (restart, failover, pg_terminate_backend) is reported here; without
  // a listener Node treats it as an unhandled 'error' event and ends the process. The pool has already discarded
  // the connection and opens a new one for the next query, so there is nothing else to do.
  pool.on('error', (error) => config.onConnectionError?.(error));
  // A connection that breaks while a query holds it errors that query (answered 503) and also emits 'error' on
  // the client itself, where the pool listens only while the client is idle. Once released it is not queryable
  // any more, so the pool discards it.
  pool.on('connect', (client) => client.on('error', (error) => config.onConnectionError?.(error)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
