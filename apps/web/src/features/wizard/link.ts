import type { ConnectorDraft } from '@cc/connector-engine';

export type WizardRelay = 'none' | 'option1' | 'option2';

/** base64url of UTF-8 JSON, so a draft survives any URL and any name characters. */
export function encodeDraftParam(draft: Partial<ConnectorDraft>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(draft));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeDraftParam(text: string): unknown {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}

/**
 * The link that opens the New Receive Connector wizard pre-filled, e.g. with a troubleshooter fix's
 * `connectorDraft` (and `relay: 'option2'` for an Option 2 fix, whose extra grant a draft cannot carry).
 * Engine-free, so any page can import it without loading the wizard.
 */
export function newConnectorWizardHref(draft: Partial<ConnectorDraft>, relay?: WizardRelay): string {
  const params = new URLSearchParams({ draft: encodeDraftParam(draft) });
  if (relay) params.set('relay', relay);
  return `/connectors/new?${params.toString()}`;
}
