/**
 * Name and free-text checks (quality doc §3.5). Exchange limits names to 64 characters counted as .NET does
 * (UTF-16 code units), so `length` is the right measure here, not code points.
 */
export const NAME_MAX_UTF16_UNITS = 64;

// C0, DEL, C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// Bidi overrides/isolates and invisible characters (Trojan Source, CVE-2021-42574), plus U+FFFD left by bad UTF-8.
const BIDI_OR_INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffd]/u;

function describe(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

// Line breaks allowed in multi-line text: LF, or CR directly followed by LF.
const LINE_BREAK = /\r?\n/gu;

/** Problems shared by names and free text; returns a message or null. */
function unsafeCharacters(text: string, what: string, lines: 'one' | 'many' = 'one'): string | null {
  if (!text.isWellFormed()) return `${what} contains a broken Unicode character (a lone surrogate); retype it.`;
  const control = CONTROL.exec(lines === 'many' ? text.replace(LINE_BREAK, ' ') : text);
  if (control?.[0] === '\r' || control?.[0] === '\n')
    return `${what} must be one line: remove the line break at character ${control.index + 1}.`;
  if (control) return `${what} contains the control character ${describe(control[0])}; remove it.`;
  const hidden = BIDI_OR_INVISIBLE.exec(text);
  if (hidden) return `${what} contains the invisible or text-direction character ${describe(hidden[0])}; remove it.`;
  return null;
}

/** A connector, server or domain-object name as Exchange accepts it (§10.1): ≤ 64 units, no backslash. */
export function checkName(name: string, what = 'The name'): string | null {
  // A name of spaces only is no name: say "required", not "remove the space".
  if (name.trim().length === 0) return `${what} is required.`;
  if (name.length > NAME_MAX_UTF16_UNITS)
    return `${what} is ${name.length} characters long; Exchange allows at most ${NAME_MAX_UTF16_UNITS}.`;
  const unsafe = unsafeCharacters(name, what);
  if (unsafe) return unsafe;
  if (name !== name.trim()) return `${what} starts or ends with a space; remove it.`;
  if (name.includes('\\')) return `${what} contains a backslash, which Exchange does not allow in names.`;
  return null;
}

/**
 * The one screening of free text (quality doc §3.5): bounded length, no control or invisible characters, no
 * broken Unicode. `lines: 'one'` (the default) is for text that ends up on one line — an SMTP banner, a shell
 * parameter, an SMTP command; `'many'` allows line breaks, as in a comment.
 */
export function checkFreeText(text: string, what: string, maxLength: number, lines: 'one' | 'many' = 'one'): string | null {
  if (text.length > maxLength) return `${what} is ${text.length} characters long; at most ${maxLength} are allowed.`;
  return unsafeCharacters(text, what, lines);
}

/** Names are unique per server ignoring case and Unicode normalisation form. */
export const nameKey = (name: string): string => name.normalize('NFC').toLowerCase();
