import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';

type Db = Kysely<Database> | Trx;

/** Keys of the org_settings table. */
export const SETTING_DOMAIN = 'netbiosDomain';
export const SETTING_INITIALIZED = 'initializedAt';

/** The organisation's NetBIOS domain (`CONTOSO`), used for `<Domain>\Exchange Servers` and friends. */
export const DEFAULT_DOMAIN = 'CONTOSO';

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('org_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('org_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function getDomain(db: Db): Promise<string> {
  return (await getSetting(db, SETTING_DOMAIN)) ?? DEFAULT_DOMAIN;
}
