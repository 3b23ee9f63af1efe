import type { Kysely } from 'kysely';
import { TransportSettingsSchema, type TransportSettings } from '@cc/connector-engine';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';

type Db = Kysely<Database> | Trx;

/** The single row migration 0003 creates; parsed, so a hand-edited row cannot reach the engine unchecked. */
export async function getTransportSettings(db: Db): Promise<TransportSettings> {
  const row = await db.selectFrom('transport_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return TransportSettingsSchema.parse({
    tlsReceiveDomainSecureList: JSON.parse(row.tls_receive_domain_secure_list),
    tlsSendDomainSecureList: JSON.parse(row.tls_send_domain_secure_list),
  });
}

export async function saveTransportSettings(db: Db, settings: TransportSettings, at: string): Promise<void> {
  await db
    .updateTable('transport_settings')
    .set({
      tls_receive_domain_secure_list: JSON.stringify(settings.tlsReceiveDomainSecureList),
      tls_send_domain_secure_list: JSON.stringify(settings.tlsSendDomainSecureList),
      updated_at: at,
    })
    .where('id', '=', 1)
    .execute();
}
