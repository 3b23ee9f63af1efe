import type { AuthMechanism } from './schemas.ts';

/**
 * The Authentication tab's wording in the Exchange 2007 console (§4, §11.2): what the admin reads everywhere,
 * messages included; the shell values (BasicAuthRequireTLS…) appear only next to a shell command.
 */
export const AUTH_MECHANISM_LABELS: Record<AuthMechanism, string> = {
  Tls: 'Transport Layer Security (TLS)',
  BasicAuth: 'Basic Authentication',
  BasicAuthRequireTLS: 'Offer Basic authentication only after starting TLS',
  ExchangeServer: 'Exchange Server authentication',
  Integrated: 'Integrated Windows authentication',
  ExternalAuthoritative: 'Externally Secured (for example, with IPsec)',
};

export const DOMAIN_SECURITY_LABEL = 'Enable Domain Security (Mutual Auth TLS)';
