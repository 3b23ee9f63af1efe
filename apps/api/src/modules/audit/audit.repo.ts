import type { Kysely } from 'kysely';
import { ACCESS_ACTIONS, AuditActionSchema, CHANGE_ACTIONS, type AuditEvent, type AuditQuery } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** Newest first. Reads only: no code path updates or deletes events (the database refuses it too). */
export async function listAuditEvents(db: Kysely<Database>, query: AuditQuery): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (query.connectorId) q = q.where('connector_id', '=', query.connectorId);
  if (query.actor) q = q.where('actor', '=', query.actor);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.category) q = q.where('action', 'in', query.category === 'changes' ? CHANGE_ACTIONS : ACCESS_ACTIONS);
  if (query.since) q = q.where('at', '>=', new Date(query.since).toISOString());
  if (query.until) q = q.where('at', '<', new Date(query.until).toISOString());
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(query.limit ? Number(query.limit) : 200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: AuditActionSchema.parse(row.action),
    target: row.target,
    connectorId: row.connector_id,
    before: parseJson(row.before),
    after: parseJson(row.after),
    shell: row.shell,
    sourceIp: row.source_ip,
    requestId: row.request_id,
  }));
}
