import { parseIpAddress } from '@cc/connector-engine';

/** The engine's own address parser decides what an IP address is; returns why the text is not one, or null. */
export function checkIp(text: string): string | null {
  const parsed = parseIpAddress(text);
  // The engine's reason starts with the quoted text, which the field's message already names.
  return parsed.ok ? null : parsed.error.replace(/^"[^"]*":\s*/, '');
}
