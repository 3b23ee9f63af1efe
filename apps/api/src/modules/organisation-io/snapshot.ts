import type { Kysely } from 'kysely';
import { ORGANISATION_DOCUMENT_FORMAT, ORGANISATION_DOCUMENT_VERSION, type OrganisationDocument } from '@cc/api-contract';
import { DEFAULT_TRANSPORT_SETTINGS } from '@cc/connector-engine';
import { toDocumentEntries } from '@cc/exchange-formats';
import type { Database } from '../../db/schema.ts';
import type { Trx } from '../../db/change.ts';
import { listConnectorStates, listContainerEntries } from '../connectors/connectors.repo.ts';
import { loadOrganisation } from '../connectors/context.ts';
import { listServerRows, serverKey, toServer } from '../servers/servers.repo.ts';

type Db = Kysely<Database> | Trx;

/** Where each stored connector and server lives, so an apply can address rows by the document's keys. */
export interface StoredIds {
  servers: Map<string, string>;
  connectors: Map<string, { id: string; version: number }>;
}

/**
 * The organisation as the console holds it, as the console's own document (the export, and the "before" of
 * every import). With `server`, only that server and its connectors (the rest of the organisation stays in,
 * since connectors are judged against it).
 */
export async function readDocument(db: Db, exportedAt: string, server?: string): Promise<{ document: OrganisationDocument; ids: StoredIds }> {
  const [org, rows] = await Promise.all([loadOrganisation(db), listServerRows(db)]);
  const chosen = server === undefined ? rows : rows.filter((r) => r.name_key === serverKey(server));
  const ids: StoredIds = { servers: new Map(), connectors: new Map() };
  const extras = new Map((await db.selectFrom('connectors').select(['id', 'extras']).execute()).map((r) => [r.id, JSON.parse(r.extras) as Record<string, string>]));
  const servers: OrganisationDocument['servers'] = [];
  const connectors: OrganisationDocument['connectors'] = [];
  for (const row of chosen) {
    ids.servers.set(row.name_key, row.id);
    servers.push({ ...toServer(row), exchangeVersion: row.exchange_version, containerPermissions: toDocumentEntries(await listContainerEntries(db, row.id)) });
    for (const state of await listConnectorStates(db, { serverId: row.id })) {
      const { id, version, entries, server: serverName, ...fields } = state;
      ids.connectors.set(`${row.name_key}\\${state.name.normalize('NFC').toLowerCase()}`, { id, version });
      connectors.push({ server: serverName, ...fields, permissions: toDocumentEntries(entries), extras: extras.get(id) ?? {} });
    }
  }
  return {
    ids,
    document: {
      format: ORGANISATION_DOCUMENT_FORMAT,
      version: ORGANISATION_DOCUMENT_VERSION,
      exportedAt,
      domain: org.domain,
      scope: server === undefined ? 'organisation' : { server: chosen[0]?.name ?? server },
      transportSettings: org.transportSettings ?? DEFAULT_TRANSPORT_SETTINGS,
      acceptedDomains: org.acceptedDomains.map(({ domainName, domainType, isDefault }) => ({ domainName, domainType, isDefault })),
      principals: org.directory.map(({ name, kind, emailAddresses, memberOf, sendAs }) => ({ name, kind, emailAddresses, memberOf, sendAs })),
      servers,
      connectors,
    },
  };
}
