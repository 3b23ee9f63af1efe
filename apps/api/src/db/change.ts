import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditAction } from '@cc/api-contract';
import type { Database } from './schema.ts';

/** Who makes a change, and from where; `now` is the request's clock so tests can move time. */
export interface Actor {
  username: string;
  sourceIp: string | null;
  requestId: string | null;
  now: () => Date;
}

export interface ChangeEvent {
  action: AuditAction;
  target: string;
  connectorId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Exchange Management Shell commands that make the same change; '' when there are none. */
  shell?: string;
}

export type Trx = Transaction<Database>;

export async function insertAuditEvent(db: Kysely<Database> | Trx, actor: Actor, event: ChangeEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: randomUUID(),
      at: actor.now().toISOString(),
      actor: actor.username,
      action: event.action,
      target: event.target,
      connector_id: event.connectorId ?? null,
      before: event.before === undefined || event.before === null ? null : JSON.stringify(event.before),
      after: event.after === undefined || event.after === null ? null : JSON.stringify(event.after),
      shell: event.shell ?? '',
      source_ip: actor.sourceIp,
      request_id: actor.requestId,
    })
    .execute();
}

/**
 * Runs one change and writes its audit event in the same transaction. If the event cannot be written the
 * change rolls back with it: the audit trail is a precondition of the change, not a side effect (Vault's model,
 * quality doc §0.6).
 */
export async function withChange<T>(
  db: Kysely<Database>,
  actor: Actor,
  fn: (trx: Trx) => Promise<{ result: T; event: ChangeEvent }>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const { result, event } = await fn(trx);
    await insertAuditEvent(trx, actor, event);
    return result;
  });
}
