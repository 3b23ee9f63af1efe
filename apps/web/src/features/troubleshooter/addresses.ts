/**
 * Addresses as people paste them: `<crm@contoso.com>`, `Contoso CRM <crm@contoso.com>`, `"CRM" <crm@contoso.com>`.
 * SMTP puts the bare address between the brackets itself (MAIL FROM:<x>), so anything else would turn a
 * relay question into `501 5.1.7 Invalid address`.
 */
export interface NormalisedAddress {
  address: string;
  /** What was taken away, in words; null when the text was already a bare address. */
  removed: string | null;
}

const WITH_BRACKETS = /^(.*?)\s*<([^<>]*)>$/s;

export function normaliseAddress(text: string): NormalisedAddress {
  const trimmed = text.trim();
  const m = WITH_BRACKETS.exec(trimmed);
  if (!m) return { address: trimmed, removed: null };
  const displayName = m[1]!.trim().replace(/^"(.*)"$/s, '$1').trim();
  return { address: m[2]!.trim(), removed: displayName ? `the display name "${displayName}" and the angle brackets` : 'the angle brackets' };
}

/** Recipients as typed or pasted: one a line, or separated by commas or semicolons (outside a quoted display name). */
export function splitRecipients(text: string): string[] {
  return (text.match(/(?:"[^"]*"|[^\n,;])+/g) ?? []).map((r) => normaliseAddress(r).address).filter((r) => r !== '');
}
