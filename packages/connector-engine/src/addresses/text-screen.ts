/**
 * Longest text any parser here looks at. The longest legitimate input is an IPv6 lo-hi range with
 * embedded IPv4 tails (2 × 45 + 1 characters); anything longer is refused before parsing so a
 * hostile 100,000-character string costs nothing.
 */
export const MAX_INPUT_LENGTH = 100;

/** Quotes a token for an error message; JSON escaping makes control characters and whitespace visible. */
export function quote(token: string): string {
  return JSON.stringify(token);
}

/** Quotes at most the first 24 characters, for inputs too long to echo. */
function quotePrefix(token: string): string {
  return token.length <= 24 ? quote(token) : `${quote(token.slice(0, 24))}…`;
}

function describeCharacter(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  return `${quote(char)} (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** An allowed alphabet: one regex to accept a whole string fast, one to name the first bad character. */
export interface CharacterSet {
  whole: RegExp;
  one: RegExp;
}

/** `characterClass` is the inside of a regex [...] class. */
export function characterSet(characterClass: string): CharacterSet {
  return { whole: new RegExp(`^[${characterClass}]*$`), one: new RegExp(`^[${characterClass}]$`, 'u') };
}

/**
 * Refusals shared by every address-like input; returns the message, or null when the text may be
 * parsed. The checks after the fast path run only for refused text, in the order that gives the
 * most useful reason. No trimming and no Unicode normalisation on purpose: NFKC would silently
 * turn full-width digits into a valid address, and trimming belongs to the UI, not to the gate.
 */
export function screenText(text: string, what: string, allowed: CharacterSet): string | null {
  if (text.length === 0) return `${quote(text)}: ${what} is required`;
  if (text.length > MAX_INPUT_LENGTH) {
    return `${quotePrefix(text)}: input is too long (${text.length} characters; at most ${MAX_INPUT_LENGTH})`;
  }
  if (allowed.whole.test(text)) return null;
  if (/\s/u.test(text)) return `${quote(text)}: whitespace is not allowed`;
  const zoneAt = text.indexOf('%');
  if (zoneAt >= 0) {
    return `${quote(text)}: zone ids (${quote(text.slice(zoneAt))}) are not allowed; a zone names a local interface and means nothing for a remote peer`;
  }
  if (!allowed.one.test('[') && /[[\]]/.test(text)) {
    return `${quote(text)}: brackets belong to bindings only; write the address without [ ]`;
  }
  if (/[xX]/.test(text)) return `${quote(text)}: hexadecimal notation (0x…) is not allowed; use dotted decimal`;
  for (const char of text) {
    if (!allowed.one.test(char)) return `${quote(text)}: character ${describeCharacter(char)} is not allowed`;
  }
  return `${quote(text)}: not allowed`; // unreachable: the whole-string test failed on some character
}
