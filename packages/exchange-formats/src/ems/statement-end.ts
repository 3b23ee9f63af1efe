import { isBlank, isDoubleQuote, isNewline, isSingleQuote, type ScriptSource } from './script-source.ts';

const OPENERS = new Set(['(', '{']);
const CLOSERS = new Set([')', '}']);
const TOKEN_BOUNDARY = /[\s;|({,]/;

/** A quoted string's end, or -1 when it is never closed. Only the quote rules matter here, not the value. */
function endOfQuoted(text: string, open: number): number {
  const single = isSingleQuote(text[open]);
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (!single && c === '`') i++;
    else if (single ? isSingleQuote(c) : isDoubleQuote(c)) {
      const doubled = single ? isSingleQuote(text[i + 1]) : isDoubleQuote(text[i + 1]);
      if (!doubled) return i + 1;
      i++;
    }
  }
  return -1;
}

/**
 * Where the statement that starts at `from` ends, for carrying on after a problem in it: the first line break or
 * `;` outside brackets, quotes and comments, not after a trailing `|` or `,` or a continuation backtick (even one
 * followed by stray spaces). When a quote, bracket or block comment is never closed, reading resumes on the line
 * after the one that opened it, so no later command is swallowed.
 */
export function endOfStatement(src: ScriptSource, from: number): number {
  const { text } = src;
  const open: number[] = [];
  let continued = false;
  const resumeAfter = (pos: number) => src.startOfLineAfter(src.lineOf(pos));
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    const atTokenStart = i === from || TOKEN_BOUNDARY.test(text[i - 1]!);
    if (isSingleQuote(c) || isDoubleQuote(c)) {
      const end = endOfQuoted(text, i);
      if (end < 0) return resumeAfter(i);
      i = end - 1;
    } else if (c === '`') {
      const rest = /^`[ \t]*(\r\n|\n|\r)/.exec(text.slice(i, i + 200));
      i += rest ? rest[0].length - 1 : 1;
    } else if (c === '<' && text[i + 1] === '#' && atTokenStart) {
      const end = text.indexOf('#>', i + 2);
      if (end < 0) return resumeAfter(i);
      i = end + 1;
    } else if (c === '#' && atTokenStart) {
      while (i + 1 < text.length && !isNewline(text[i + 1])) i++;
    } else if (OPENERS.has(c)) open.push(i);
    else if (CLOSERS.has(c)) open.pop();
    else if (open.length === 0 && c === ';') return i + 1;
    else if (open.length === 0 && isNewline(c) && !continued) return i;
    if (!isBlank(c) && !isNewline(c) && c !== '#') continued = c === '|' || c === ',';
  }
  return open.length > 0 ? resumeAfter(open[0]!) : text.length;
}
