/**
 * Errors that mean "the database cannot answer right now" rather than "this request is wrong": the API answers
 * them with 503 and Retry-After, keeps running, and serves again as soon as the database is back.
 */
export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
  constructor(waitedMs: number) {
    super(`Another writer held the SQLite write lock for ${waitedMs} ms`);
    this.name = 'DatabaseBusyError';
  }
}

// PostgreSQL SQLSTATEs: class 08 connection exceptions; 57P01–57P03 shutdown, crash, starting up; 53300 too many connections.
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
const NODE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres reports a dropped or unreachable server with these messages and no code.
const PG_CLIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Connection ended unexpectedly/i;

export type Unavailability = 'busy' | 'unavailable';

export function databaseUnavailability(error: unknown): Unavailability | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (error instanceof DatabaseBusyError || code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'busy';
  if (typeof code === 'string' && (PG_UNAVAILABLE.test(code) || NODE_NETWORK.has(code))) return 'unavailable';
  if (typeof message === 'string' && PG_CLIENT_MESSAGES.test(message)) return 'unavailable';
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error ? databaseUnavailability(cause) : null;
}
