import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { insertAuditEvent, type Actor } from './db/change.ts';
import { bumpConfiguration } from './db/generation.ts';
import type { Services } from './services.ts';
import { SETTING_DOMAIN, SETTING_INITIALIZED, setSetting } from './modules/organisation/organisation.repo.ts';

/**
 * The demo organisation: the "Shared fixture" of domain/scenarios.md plus `Internet HUB01` and an Edge server.
 * It goes through the same services as the API, so every object is validated by the engine and audited
 * (actor `system`).
 */
export async function seedDemoOrganisation(services: Services, actor: Actor): Promise<void> {
  await services.servers.create(
    actor,
    { name: 'HUB01', fqdn: 'hub01.contoso.com', role: 'HubTransport', ipAddresses: ['10.0.0.10', '10.0.0.11', '2001:db8::10'] },
    { defaultConnectors: true },
  );
  await services.domains.create(actor, { domainName: 'contoso.com', domainType: 'Authoritative', isDefault: true });
  await services.domains.create(actor, { domainName: 'fabrikam.com', domainType: 'InternalRelay', isDefault: false });
  await services.domains.create(actor, { domainName: 'tailspin.com', domainType: 'ExternalRelay', isDefault: false });
  for (const group of ['CONTOSO\\Sales', 'CONTOSO\\Temps'])
    await services.principals.create(actor, { name: group, kind: 'group', emailAddresses: [], memberOf: [], sendAs: [] });
  await services.principals.create(actor, {
    name: 'CONTOSO\\alice',
    kind: 'user',
    emailAddresses: ['alice@contoso.com'],
    memberOf: ['CONTOSO\\Sales', 'CONTOSO\\Temps'],
    sendAs: [],
  });
  await services.principals.create(actor, { name: 'CONTOSO\\bob', kind: 'user', emailAddresses: ['bob@contoso.com'], memberOf: [], sendAs: [] });
  // Internet usage presets RemoteIPRanges to all of IPv4, Tls and AnonymousUsers (§5.1): the seed's symptom
  // (an application server relaying through 10.0.0.11:25 gets 550 5.7.1 Unable to relay) reproduces as is.
  await services.connectors.create(actor, { server: 'HUB01', name: 'Internet HUB01', usage: 'Internet', bindings: ['10.0.0.11:25'] });
  await services.servers.create(
    actor,
    { name: 'EDGE01', fqdn: 'edge01.contoso.com', role: 'Edge', ipAddresses: ['10.0.1.10'] },
    { defaultConnectors: true },
  );
}

/**
 * First start of a database: claims initialisation (one process wins when several start together on
 * PostgreSQL), records the organisation's NetBIOS domain and seeds the demo unless told not to.
 */
export async function initialiseOrganisation(
  deps: { db: Kysely<Database>; services: Services; actor: Actor },
  options: { domain: string; seedDemo: boolean },
): Promise<{ seeded: boolean; initialised: boolean }> {
  const { db, services, actor } = deps;
  const claimed = await db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto('org_settings')
      .values({ key: SETTING_INITIALIZED, value: actor.now().toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
    await bumpConfiguration(trx);
    await setSetting(trx, SETTING_DOMAIN, options.domain);
    await insertAuditEvent(trx, actor, { action: 'org.initialize', target: 'organisation', after: { domain: options.domain, demo: options.seedDemo } });
    return true;
  });
  if (!claimed) return { seeded: false, initialised: false };
  if (options.seedDemo) await seedDemoOrganisation(services, actor);
  return { seeded: options.seedDemo, initialised: true };
}
