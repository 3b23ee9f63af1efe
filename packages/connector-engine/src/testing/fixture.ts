import { validateConnectorDraft } from '../connector/validate.ts';
import type { ConnectorState, ServerContext } from '../connector/state.ts';
import type { AuthMechanism, ConnectorDraft, PermissionGroup, Server } from '../model/schemas.ts';
import { CONNECTOR_DEFAULTS, installDefaultConnectors } from '../model/usage.ts';
import { addExplicitRights, applyPermissionGroups } from '../permissions/acl.ts';
import { ANONYMOUS_LOGON } from '../model/principals.ts';

/**
 * The "Shared fixture" of shared/domain/scenarios.md, built through the engine's own functions so tests exercise
 * the same paths as the API.
 */
export const HUB01: Server = {
  name: 'HUB01',
  fqdn: 'hub01.contoso.com',
  role: 'HubTransport',
  ipAddresses: ['10.0.0.10', '10.0.0.11', '2001:db8::10'],
};

export const EDGE01: Server = { name: 'EDGE01', fqdn: 'edge01.contoso.com', role: 'Edge', ipAddresses: ['10.0.1.10'] };

export function idFactory(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

export function baseContext(server: Server = HUB01): ServerContext {
  return {
    server,
    domain: 'CONTOSO',
    connectors: [],
    inheritedEntries: [],
    acceptedDomains: [
      { domainName: 'contoso.com', domainType: 'Authoritative', isDefault: true },
      { domainName: 'fabrikam.com', domainType: 'InternalRelay', isDefault: false },
      { domainName: 'tailspin.com', domainType: 'ExternalRelay', isDefault: false },
    ],
    directory: [
      { name: 'CONTOSO\\alice', kind: 'user', emailAddresses: ['alice@contoso.com'], memberOf: ['CONTOSO\\Sales', 'CONTOSO\\Temps'], sendAs: [] },
      { name: 'CONTOSO\\bob', kind: 'user', emailAddresses: ['bob@contoso.com'], memberOf: [], sendAs: [] },
      { name: 'CONTOSO\\Sales', kind: 'group', emailAddresses: [], memberOf: [], sendAs: [] },
      { name: 'CONTOSO\\Temps', kind: 'group', emailAddresses: [], memberOf: [], sendAs: [] },
    ],
    transportSettings: { tlsReceiveDomainSecureList: ['partner.example'], tlsSendDomainSecureList: ['partner.example'] },
  };
}

const newId = idFactory('entry');

/** The install defaults of §5.2 (Default HUB01, Client HUB01 — or the Edge default). */
export function withDefaults(ctx: ServerContext): ServerContext {
  for (const d of installDefaultConnectors(ctx.server.name, ctx.server.role)) {
    ctx.connectors.push({
      id: d.name,
      server: ctx.server.name,
      name: d.name,
      usage: 'Custom',
      bindings: d.bindings,
      remoteIPRanges: d.remoteIPRanges,
      authMechanism: d.authMechanism,
      fqdn: ctx.server.fqdn,
      ...CONNECTOR_DEFAULTS,
      sizeEnabled: 'Enabled',
      version: 1,
      entries: applyPermissionGroups([], d.permissionGroups, ctx.server.role, ctx.domain, newId),
    });
  }
  return ctx;
}

export interface ConnectorSpec extends Partial<ConnectorDraft> {
  name: string;
  authMechanism?: AuthMechanism[];
  permissionGroups?: PermissionGroup[];
  /** Extra ACEs added after creation, as Add-ADPermission would. */
  extra?: { user: string; rights: string[]; deny?: boolean }[];
}

/** Creates a connector through the engine's validation (which must pass) and adds it to the context. */
export function addConnector(ctx: ServerContext, spec: ConnectorSpec): ConnectorState {
  const { extra = [], ...draft } = spec;
  const result = validateConnectorDraft({ server: ctx.server.name, usage: 'Custom', ...draft, id: spec.name }, { ...ctx, newId });
  if (result.errors.length > 0 || !result.connector) throw new Error(`fixture ${spec.name}: ${JSON.stringify(result.errors)}`);
  let connector = result.connector;
  for (const e of extra)
    connector = { ...connector, entries: addExplicitRights(connector.entries, { user: e.user, extendedRights: e.rights, deny: e.deny ?? false }, newId) };
  ctx.connectors.push(connector);
  return connector;
}

const relayAce = { user: ANONYMOUS_LOGON, rights: ['ms-Exch-SMTP-Accept-Any-Recipient'] };

/** The common extra connectors of scenarios.md. */
export const CONNECTORS = {
  internet: { name: 'Internet HUB01', usage: 'Internet', bindings: ['10.0.0.11:25'] },
  lanRelay: { name: 'LAN Relay', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.0/24'], authMechanism: ['Tls'], permissionGroups: ['AnonymousUsers'], extra: [relayAce] },
  appRelay: { name: 'AppRelay', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.50'], authMechanism: ['Tls'], permissionGroups: ['AnonymousUsers'], extra: [relayAce] },
  printerExtSec: { name: 'Printer ExtSec', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.51'], authMechanism: ['ExternalAuthoritative'], permissionGroups: ['ExchangeServers'] },
} satisfies Record<string, ConnectorSpec>;

export function hubWith(...specs: ConnectorSpec[]): ServerContext {
  const ctx = withDefaults(baseContext());
  for (const s of specs) addConnector(ctx, s);
  return ctx;
}
