import type { Kysely, Selectable } from 'kysely';
import { ServerRoleSchema, type Server } from '@cc/connector-engine';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';

type Db = Kysely<Database> | Trx;

export const serverKey = (name: string): string => name.normalize('NFC').toLowerCase();

export type ServerRow = Selectable<Database['servers']>;

export function toServer(row: ServerRow): Server {
  return { name: row.name, fqdn: row.fqdn, role: ServerRoleSchema.parse(row.role), ipAddresses: JSON.parse(row.ip_addresses) as string[] };
}

export function listServerRows(db: Db) {
  return db.selectFrom('servers').selectAll().orderBy('name_key').execute();
}

export function findServerRow(db: Db, name: string) {
  return db.selectFrom('servers').selectAll().where('name_key', '=', serverKey(name)).executeTakeFirst();
}

export function findServerRowById(db: Db, id: string) {
  return db.selectFrom('servers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertServer(db: Db, id: string, server: Server, at: string): Promise<void> {
  await db
    .insertInto('servers')
    .values({
      id,
      name: server.name,
      name_key: serverKey(server.name),
      fqdn: server.fqdn,
      role: server.role,
      ip_addresses: JSON.stringify(server.ipAddresses),
      created_at: at,
      updated_at: at,
    })
    .execute();
}

export async function updateServer(db: Db, id: string, server: Server, at: string): Promise<void> {
  await db
    .updateTable('servers')
    .set({
      name: server.name,
      name_key: serverKey(server.name),
      fqdn: server.fqdn,
      role: server.role,
      ip_addresses: JSON.stringify(server.ipAddresses),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteServer(db: Db, id: string): Promise<void> {
  // Container entries belong to the server; connectors must be gone already (the service checks).
  await db.deleteFrom('permission_entries').where('server_id', '=', id).execute();
  await db.deleteFrom('servers').where('id', '=', id).execute();
}
