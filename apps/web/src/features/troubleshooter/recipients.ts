import { MAX_SIMULATION_LINES } from '@cc/connector-engine';

/**
 * Recipients from a pasted or uploaded list: one a line, or CSV/TSV where only the fields holding an address
 * count (so a "Name,Email" export works). Angle brackets and quotes are dropped; a repeated address is kept once,
 * as a mail client would send it.
 */
export function recipientsFromText(text: string): { recipients: string[]; dropped: number } {
  const seen = new Set<string>();
  const recipients: string[] = [];
  for (const field of text.split(/[\r\n,;\t]+/)) {
    const address = field.trim().replace(/^["']|["']$/g, '').trim().replace(/^<(.*)>$/, '$1').trim();
    if (!address.includes('@') || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    recipients.push(address);
  }
  const dropped = Math.max(0, recipients.length - MAX_SIMULATION_LINES);
  return { recipients: recipients.slice(0, MAX_SIMULATION_LINES), dropped };
}
