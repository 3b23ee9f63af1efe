import type { AuthMechanism } from '@cc/connector-engine';

/** Short forms for tables, still the console's words (the full ones are the engine's AUTH_MECHANISM_LABELS). */
export const AUTH_SHORT: Record<AuthMechanism, string> = {
  Tls: 'TLS',
  BasicAuth: 'Basic',
  BasicAuthRequireTLS: 'Basic after TLS',
  ExchangeServer: 'Exchange Server',
  Integrated: 'Integrated Windows',
  ExternalAuthoritative: 'Externally Secured',
};

/** "(All available)" is how the console shows the wildcard bindings (IPv4; IPv6 is named as such). */
export function bindingLabel(binding: string): string {
  if (binding.startsWith('0.0.0.0:')) return `(All available):${binding.slice('0.0.0.0:'.length)}`;
  if (binding.startsWith('[::]:')) return `(All available IPv6):${binding.slice('[::]:'.length)}`;
  return binding;
}
