import type { Kysely } from 'kysely';
import { ACCESS_ACTIONS, ADMIN_ONLY_AUDIT_PREFIXES, AuditActionSchema, CHANGE_ACTIONS, type AuditEvent, type AuditQuery, type Role } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/**
 * Newest first. Reads only: no code path updates or deletes events (the database refuses it too). A help-desk
 * reader never receives account and sign-in events.
 */
export async function listAuditEvents(db: Kysely<Database>, query: AuditQuery, reader: Role): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (reader !== 'admin') for (const prefix of ADMIN_ONLY_AUDIT_PREFIXES) q = q.where('action', 'not like', `${prefix}%`);
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
