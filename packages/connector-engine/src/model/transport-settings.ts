import { z } from 'zod';
import { DOMAIN_NAME_PATTERN } from './schemas.ts';

/** Get-TransportConfig keeps each domain-secure list as a multi-valued property; a bound keeps requests small. */
export const MAX_DOMAIN_SECURE_DOMAINS = 500;

export const SecureDomainSchema = z
  .string()
  .max(255)
  .regex(new RegExp(`^${DOMAIN_NAME_PATTERN}$`), 'Enter a partner domain such as partner.example (no wildcard, no address).');

const domainList = z
  .array(SecureDomainSchema)
  .max(MAX_DOMAIN_SECURE_DOMAINS, `List at most ${MAX_DOMAIN_SECURE_DOMAINS} domains.`)
  .refine((list) => new Set(list.map((d) => d.toLowerCase())).size === list.length, 'List each domain once.');

/**
 * The organisation's transport settings that change a receive session (Get-TransportConfig). Domain Security
 * (§4.1, §9.3): a sender domain on TLSReceiveDomainSecureList must arrive over mutual TLS and then runs as
 * MS Exchange\Partner Servers. TLSSendDomainSecureList is its outbound twin: it changes no receive session but
 * is kept so the console holds Exchange's whole Domain Security configuration. §6 uses no other
 * organisation-wide value (its size and recipient limits are the connector's).
 */
export const TransportSettingsSchema = z.strictObject({
  tlsReceiveDomainSecureList: domainList,
  tlsSendDomainSecureList: domainList,
});
export type TransportSettings = z.infer<typeof TransportSettingsSchema>;

export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = { tlsReceiveDomainSecureList: [], tlsSendDomainSecureList: [] };

/** Exchange compares domains case-insensitively; the receive list decides whether a sender domain is domain-secured. */
export const isDomainSecured = (settings: TransportSettings | undefined, domain: string): boolean =>
  (settings?.tlsReceiveDomainSecureList ?? []).some((d) => d.toLowerCase() === domain.toLowerCase());
