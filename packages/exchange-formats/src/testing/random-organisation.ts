import fc from 'fast-check';
import type { OrganisationDocument } from '@cc/api-contract';
import {
  RECEIVE_RIGHTS,
  addExplicitRights,
  validateConnectorDraft,
  type AuthMechanism,
  type PermissionGroup,
  type ServerRole,
} from '@cc/connector-engine';
import { emptyDocument, serverContextOf, toDocumentEntries } from '../organisation/document.ts';

/**
 * Random organisations that the console's own rules accept, for the import/export round trips: each connector is
 * built by the engine from a random draft (exactly as the wizard builds it), gets random explicit allow/deny
 * entries (as Add-ADPermission would), and binds its own port so no two connectors collide.
 */
const PRINCIPALS = ['NT AUTHORITY\\ANONYMOUS LOGON', 'NT AUTHORITY\\Authenticated Users', 'CONTOSO\\crm-app', 'CONTOSO\\Relay Apps', "CONTOSO\\O'Brien"];
const AUTH_CHOICES: AuthMechanism[][] = [[], ['Tls'], ['Tls', 'BasicAuth', 'BasicAuthRequireTLS'], ['Tls', 'Integrated'], ['ExternalAuthoritative']];
const GROUP_CHOICES: PermissionGroup[][] = [[], ['AnonymousUsers'], ['ExchangeUsers'], ['ExchangeServers'], ['AnonymousUsers', 'ExchangeServers'], ['ExchangeServers', 'Partners']];

const connectorSpec = fc.record({
  name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 '’-]{0,20}[A-Za-z0-9]$/),
  ranges: fc.array(fc.tuple(fc.integer({ min: 1, max: 250 }), fc.integer({ min: 1, max: 250 }), fc.integer({ min: 8, max: 32 })), { minLength: 1, maxLength: 3 }),
  auth: fc.constantFrom(...AUTH_CHOICES),
  groups: fc.constantFrom(...GROUP_CHOICES),
  enabled: fc.boolean(),
  banner: fc.option(fc.stringMatching(/^220 [a-z .]{1,20}$/), { nil: null }),
  maxMessageSizeMb: fc.integer({ min: 1, max: 100 }),
  maxRecipients: fc.integer({ min: 1, max: 5000 }),
  comment: fc.stringMatching(/^[A-Za-z0-9 .,'$()-]{0,30}$/),
  explicit: fc.array(fc.record({ user: fc.constantFrom(...PRINCIPALS), right: fc.constantFrom(...RECEIVE_RIGHTS), deny: fc.boolean() }), { maxLength: 4 }),
});

const serverSpec = fc.record({
  role: fc.constantFrom<ServerRole>('HubTransport', 'HubTransport', 'Edge'),
  connectors: fc.array(connectorSpec, { minLength: 1, maxLength: 4 }),
  containerDeny: fc.boolean(),
});

export const organisationArbitrary: fc.Arbitrary<OrganisationDocument> = fc
  .record({
    servers: fc.array(serverSpec, { minLength: 1, maxLength: 3 }),
    domains: fc.uniqueArray(fc.constantFrom('contoso.com', 'fabrikam.com', 'tailspintoys.com', 'sub.contoso.com'), { minLength: 1, maxLength: 3 }),
    partner: fc.boolean(),
  })
  .map(({ servers, domains, partner }) => {
    const doc = emptyDocument('CONTOSO', '2026-01-15T09:00:00.000Z');
    doc.acceptedDomains = domains.map((domainName, i) => ({ domainName, domainType: i === 1 ? 'InternalRelay' : 'Authoritative', isDefault: i === 0 }));
    doc.transportSettings = { tlsReceiveDomainSecureList: partner ? ['partner.example'] : [], tlsSendDomainSecureList: [] };
    doc.principals = [
      { name: 'CONTOSO\\crm-app', kind: 'user', emailAddresses: ['crm@contoso.com'], memberOf: ['CONTOSO\\Relay Apps'], sendAs: [] },
      { name: 'CONTOSO\\Relay Apps', kind: 'group', emailAddresses: [], memberOf: [], sendAs: [] },
    ];
    servers.forEach((spec, s) => {
      const name = `HUB0${s + 1}`;
      const server = { name, fqdn: `hub0${s + 1}.contoso.com`, role: spec.role, ipAddresses: [`10.0.${s}.10`], exchangeVersion: 'Version 8.1 (Build 240.6)', containerPermissions: spec.containerDeny ? [{ user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: true, source: 'Inherited' }] : [] };
      doc.servers.push(server);
      const names = new Set<string>();
      spec.connectors.forEach((c, i) => {
        const connectorName = `${c.name} ${i}`;
        if (names.has(connectorName.toLowerCase())) return;
        names.add(connectorName.toLowerCase());
        const ctx = serverContextOf(doc, server);
        let n = 0;
        const built = validateConnectorDraft(
          {
            server: name,
            name: connectorName,
            usage: 'Custom',
            bindings: [`0.0.0.0:${2525 + i}`],
            remoteIPRanges: c.ranges.map(([a, b, len]) => `${a}.${b}.0.0/${len}`),
            authMechanism: c.auth.length > 0 ? c.auth : ['None'],
            permissionGroups: spec.role === 'Edge' ? c.groups.filter((g) => g !== 'ExchangeUsers') : c.groups,
            enabled: c.enabled,
            banner: c.banner,
            maxMessageSize: c.maxMessageSizeMb * 1024 * 1024,
            maxRecipientsPerMessage: c.maxRecipients,
            comment: c.comment,
          },
          { ...ctx, newId: () => `gen-${n++}` },
        );
        if (!built.connector || built.errors.length > 0) return;
        let entries = built.connector.entries;
        for (const e of c.explicit) entries = addExplicitRights(entries, { user: e.user, extendedRights: [e.right], deny: e.deny }, () => `gen-${n++}`);
        const { id: _id, version: _v, entries: _e, server: _s, ...fields } = built.connector;
        doc.connectors.push({ server: name, ...fields, permissions: toDocumentEntries(entries), extras: {} });
      });
    });
    return doc;
  });
