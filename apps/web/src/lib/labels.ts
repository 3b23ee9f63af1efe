import type { AuthMechanism } from '@cc/connector-engine';

/** The Authentication tab's wording in the Exchange 2007 console (domain reference §4, §11.2). */
export const AUTH_LABELS: Record<AuthMechanism, string> = {
  Tls: 'Transport Layer Security (TLS)',
  BasicAuth: 'Basic Authentication',
  BasicAuthRequireTLS: 'Offer Basic authentication only after starting TLS',
  ExchangeServer: 'Exchange Server authentication',
  Integrated: 'Integrated Windows authentication',
  ExternalAuthoritative: 'Externally Secured (for example, with IPsec)',
};

/** Short forms for tables, still the console's words. */
export const AUTH_SHORT: Record<AuthMechanism, string> = {
  Tls: 'TLS',
  BasicAuth: 'Basic',
  BasicAuthRequireTLS: 'Basic after TLS',
  ExchangeServer: 'Exchange Server',
  Integrated: 'Integrated Windows',
  ExternalAuthoritative: 'Externally Secured',
};

export const DOMAIN_SECURITY_LABEL = 'Enable Domain Security (Mutual Auth TLS)';

/** "(All available)" is how the console shows the wildcard bindings (IPv4; IPv6 is named as such). */
export function bindingLabel(binding: string): string {
  if (binding.startsWith('0.0.0.0:')) return `(All available):${binding.slice('0.0.0.0:'.length)}`;
  if (binding.startsWith('[::]:')) return `(All available IPv6):${binding.slice('[::]:'.length)}`;
  return binding;
}
