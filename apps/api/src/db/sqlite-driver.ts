import type SQLite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { DatabaseBusyError } from './availability.ts';

/** The part of better-sqlite3 the driver uses (the statement cache provides it too). */
export interface SqliteHandle {
  prepare(sql: string): SQLite.Statement;
  close(): unknown;
}

const isBusy = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until SQLite stops answering SQLITE_BUSY, waiting between tries on the event loop (the
 * connection's own busy_timeout would block the whole process), for at most `waitMs`.
 */
async function retryWhileBusy<T>(attempt: () => T, waitMs: number): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() >= deadline) throw new DatabaseBusyError(waitMs);
      await sleep(pause);
    }
  }
}

function run(db: SqliteHandle, query: CompiledQuery): QueryResult<unknown> {
  const statement = db.prepare(query.sql);
  const parameters = query.parameters as unknown[];
  if (statement.reader) return { rows: statement.all(parameters) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** One writer at a time on the write connection: a transaction holds it from BEGIN to COMMIT. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let unlock!: () => void;
    const next = new Promise<void>((resolve) => (unlock = resolve));
    const ready = this.#tail.then(() => unlock);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

/**
 * SQLite in WAL mode lets readers run while a writer holds the lock, but Kysely's SQLite driver funnels every
 * query through one connection behind one mutex, so a write waiting for another process's lock stalled every
 * read and the health check with it. This driver keeps two connections: statements that only read (SQLite's own
 * `readonly` verdict) run on the read connection at once; transactions and writes take the write connection in
 * turn and wait for the file's write lock asynchronously, answering DatabaseBusyError (a 503) after `busyWaitMs`.
 */
export class SplitSqliteDriver implements Driver {
  readonly #writer: SqliteHandle;
  readonly #reader: SqliteHandle;
  readonly #busyWaitMs: number;
  readonly #writeLock = new Mutex();

  constructor(options: { writer: SqliteHandle; reader: SqliteHandle; busyWaitMs: number }) {
    this.#writer = options.writer;
    this.#reader = options.reader;
    this.#busyWaitMs = options.busyWaitMs;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SplitConnection(this.#writer, this.#reader, this.#writeLock, this.#busyWaitMs);
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    // BEGIN IMMEDIATE takes the write lock up front: a deferred BEGIN that reads and then writes would fail at
    // once with SQLITE_BUSY, without retry, when another process committed in between.
    await (connection as SplitConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as SplitConnection).release();
  }

  async destroy(): Promise<void> {
    this.#reader.close();
    this.#writer.close();
  }
}

class SplitConnection implements DatabaseConnection {
  #unlock: (() => void) | null = null;

  constructor(
    private readonly writer: SqliteHandle,
    private readonly reader: SqliteHandle,
    private readonly writeLock: Mutex,
    private readonly busyWaitMs: number,
  ) {}

  async begin(): Promise<void> {
    this.#unlock = await this.writeLock.lock();
    try {
      await retryWhileBusy(() => this.writer.prepare('begin immediate').run(), this.busyWaitMs);
    } catch (error) {
      this.release();
      throw error;
    }
  }

  release(): void {
    this.#unlock?.();
    this.#unlock = null;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#unlock !== null) return run(this.writer, query) as QueryResult<R>;
    if (this.#readsOnly(query.sql)) return retryWhileBusy(() => run(this.reader, query) as QueryResult<R>, this.busyWaitMs);
    const unlock = await this.writeLock.lock();
    try {
      return await retryWhileBusy(() => run(this.writer, query) as QueryResult<R>, this.busyWaitMs);
    } finally {
      unlock();
    }
  }

  /** SQLite's own verdict; a statement the read connection cannot prepare is left to the write connection. */
  #readsOnly(sql: string): boolean {
    try {
      return this.reader.prepare(sql).readonly;
    } catch {
      return false;
    }
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not used with SQLite here');
  }
}
