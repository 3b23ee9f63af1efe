import { isDoubleQuote, isSingleQuote, type ScriptSource } from './script-source.ts';
import { syntaxError, variableNotEvaluated } from './ems-read-error.ts';

/** PowerShell's backtick escapes (about_Special_Characters); any other escaped character stands for itself. */
const BACKTICK_ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** `` `x `` → the character it stands for; `` `u{263A} `` (PowerShell 6+) → that code point. */
export function readBacktickEscape(src: ScriptSource): string {
  src.next();
  if (src.atEnd) return '';
  const c = src.next();
  if (c === 'u' && src.peek() === '{') {
    const close = src.text.indexOf('}', src.pos);
    const hex = close > 0 ? src.text.slice(src.pos + 1, close) : '';
    if (/^[0-9a-fA-F]{1,6}$/.test(hex) && Number.parseInt(hex, 16) <= 0x10ffff) {
      src.pos = close + 1;
      return String.fromCodePoint(Number.parseInt(hex, 16));
    }
  }
  return BACKTICK_ESCAPES[c] ?? c;
}

const unterminated = (line: number, quote: string) =>
  syntaxError(
    line,
    `the string opened with ${quote} is never closed.`,
    quote === "'" || isSingleQuote(quote)
      ? "Close the quote; inside single quotes write a quote twice ('O''Brien')."
      : 'Close the quote; inside double quotes write a quote as `" or "".',
    line,
  );

/** '…': nothing is expanded; a quote written twice stands for one (PowerShell keeps the second of the pair). */
export function readSingleQuoted(src: ScriptSource): string {
  const line = src.lineOf();
  const open = src.next();
  let value = '';
  for (;;) {
    if (src.atEnd) throw unterminated(line, open);
    const c = src.next();
    if (isSingleQuote(c)) {
      if (!isSingleQuote(src.peek())) return value;
      value += src.next();
    } else value += c;
  }
}

/** A `$` that PowerShell would expand: a variable name, `${…}`, `$(…)` or an automatic variable such as `$?`. */
export const startsVariable = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_{(?$^:]/u.test(c);

/** "…": backtick escapes are applied; an expanded `$` is refused rather than guessed. */
export function readDoubleQuoted(src: ScriptSource): string {
  const line = src.lineOf();
  const open = src.next();
  let value = '';
  for (;;) {
    if (src.atEnd) throw unterminated(line, open);
    const c = src.peek()!;
    if (c === '`') value += readBacktickEscape(src);
    else if (c === '$' && startsVariable(src.peek(1))) throw variableNotEvaluated(src.lineOf(), variableText(src));
    else if (isDoubleQuote(c)) {
      src.next();
      if (!isDoubleQuote(src.peek())) return value;
      value += src.next();
    } else value += src.next();
  }
}

/** The variable as written, for the message: `$name`, `${name}` or `$(…)` up to its closing bracket on the line. */
export function variableText(src: ScriptSource): string {
  const rest = src.text.slice(src.pos, src.pos + 200).split(/\r?\n|\r/, 1)[0]!;
  const bracketed = /^\$(\([^)]*\)?|\{[^}]*\}?)/.exec(rest);
  if (bracketed) return bracketed[0];
  return /^\$[\p{L}\p{N}_?$^:]*/u.exec(rest)![0];
}
