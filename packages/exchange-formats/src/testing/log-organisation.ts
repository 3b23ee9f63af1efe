import type { OrganisationDocument } from '@cc/api-contract';
import { ANONYMOUS_LOGON, addExplicitRights, installDefaultConnectors, validateConnectorDraft, type ConnectorDraft } from '@cc/connector-engine';
import { emptyDocument, serverContextOf, toDocumentEntries } from '../organisation/document.ts';

/**
 * The demo organisation (apps/api seed: HUB01 with its install defaults and Internet HUB01) plus AppRelay, an
 * anonymous relay for the application server 10.0.0.50: what the protocol-log tests, the benchmark and the e2e
 * upload render their logs from.
 */
export function logOrganisation(): OrganisationDocument {
  const doc = emptyDocument('CONTOSO', '2026-11-01T00:00:00.000Z');
  doc.acceptedDomains = [
    { domainName: 'contoso.com', domainType: 'Authoritative', isDefault: true },
    { domainName: 'fabrikam.com', domainType: 'InternalRelay', isDefault: false },
    { domainName: 'tailspin.com', domainType: 'ExternalRelay', isDefault: false },
  ];
  doc.principals = [
    { name: 'CONTOSO\\alice', kind: 'user', emailAddresses: ['alice@contoso.com'], memberOf: [], sendAs: [] },
    { name: 'CONTOSO\\bob', kind: 'user', emailAddresses: ['bob@contoso.com'], memberOf: [], sendAs: [] },
  ];
  const server = { name: 'HUB01', fqdn: 'hub01.contoso.com', role: 'HubTransport' as const, ipAddresses: ['10.0.0.10', '10.0.0.11'], exchangeVersion: 'Version 8.1 (Build 240.6)', containerPermissions: [] };
  doc.servers.push(server);
  let n = 0;
  const add = (draft: Partial<ConnectorDraft> & { name: string }, extra: { user: string; rights: string[] }[] = []) => {
    const built = validateConnectorDraft({ server: 'HUB01', usage: 'Custom', ...draft }, { ...serverContextOf(doc, server), newId: () => `log-${n++}` });
    if (!built.connector) throw new Error(`${draft.name}: ${JSON.stringify(built.errors)}`);
    let entries = built.connector.entries;
    for (const e of extra) entries = addExplicitRights(entries, { user: e.user, extendedRights: e.rights, deny: false }, () => `log-${n++}`);
    const { id: _id, version: _v, entries: _e, server: _s, ...fields } = built.connector;
    doc.connectors.push({ server: 'HUB01', ...fields, permissions: toDocumentEntries(entries), extras: {} });
  };
  for (const d of installDefaultConnectors('HUB01', 'HubTransport'))
    add({ name: d.name, bindings: d.bindings, remoteIPRanges: d.remoteIPRanges, authMechanism: d.authMechanism, permissionGroups: d.permissionGroups });
  add({ name: 'Internet HUB01', usage: 'Internet', bindings: ['10.0.0.11:25'] });
  add(
    { name: 'AppRelay', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.50'], authMechanism: ['Tls'], permissionGroups: ['AnonymousUsers'] },
    [{ user: ANONYMOUS_LOGON, rights: ['ms-Exch-SMTP-Accept-Any-Recipient'] }],
  );
  return doc;
}
