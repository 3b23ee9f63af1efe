/**
 * Security principals that receive connectors use (domain reference §1). `<Domain>` principals carry the
 * organisation's NetBIOS domain; the rest are fixed names.
 */
export const ANONYMOUS_LOGON = 'NT AUTHORITY\\ANONYMOUS LOGON';
export const AUTHENTICATED_USERS = 'NT AUTHORITY\\Authenticated Users';
export const EVERYONE = 'Everyone';
export const HUB_TRANSPORT_SERVERS = 'MS Exchange\\Hub Transport Servers';
export const EDGE_TRANSPORT_SERVERS = 'MS Exchange\\Edge Transport Servers';
export const EXTERNALLY_SECURED_SERVERS = 'MS Exchange\\Externally Secured Servers';
export const LEGACY_EXCHANGE_SERVERS = 'MS Exchange\\Legacy Exchange Servers';
export const PARTNER_SERVERS = 'MS Exchange\\Partner Servers';

export const exchangeServersGroup = (domain: string): string => `${domain}\\Exchange Servers`;
export const exchangeLegacyInterop = (domain: string): string => `${domain}\\ExchangeLegacyInterop`;

export interface WellKnownPrincipal {
  name: string;
  sid: string;
  description: string;
}

/** The well-known principals of §1, listed read-only by the directory. */
export function wellKnownPrincipals(domain: string): WellKnownPrincipal[] {
  return [
    { name: ANONYMOUS_LOGON, sid: 'S-1-5-7', description: 'Every SMTP session before (or without) successful authentication.' },
    { name: AUTHENTICATED_USERS, sid: 'S-1-5-11', description: 'Any session that authenticated with a Windows account (Basic or Integrated).' },
    { name: EVERYONE, sid: 'S-1-1-0', description: 'Every Windows token, including authenticated users.' },
    { name: exchangeServersGroup(domain), sid: `${domain}-USG-ExchangeServers`, description: 'Universal security group of all Exchange server computer accounts (not on Edge).' },
    { name: HUB_TRANSPORT_SERVERS, sid: 'S-1-9-1419165041-1139599005-3936102811-1022490595-21', description: 'Hub Transport servers authenticated with Exchange Server authentication.' },
    { name: EDGE_TRANSPORT_SERVERS, sid: 'S-1-9-1419165041-1139599005-3936102811-1022490595-22', description: 'Subscribed Edge Transport servers.' },
    { name: EXTERNALLY_SECURED_SERVERS, sid: 'S-1-9-1419165041-1139599005-3936102811-1022490595-23', description: 'Identity of every session on a connector whose AuthMechanism includes ExternalAuthoritative.' },
    { name: LEGACY_EXCHANGE_SERVERS, sid: 'S-1-9-1419165041-1139599005-3936102811-1022490595-24', description: 'Legacy (2003/2000) routing-group traffic; appears on send connectors.' },
    { name: PARTNER_SERVERS, sid: 'S-1-9-1419165041-1139599005-3936102811-1022490595-10', description: 'A domain-secured partner whose TLS certificate validated.' },
    { name: exchangeLegacyInterop(domain), sid: `${domain}-USG-ExchangeLegacyInterop`, description: 'Group of Exchange 2003/2000 servers for interop (Hub only).' },
  ];
}

/** Principal names compare case-insensitively, as Windows account names do. */
export const samePrincipal = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
