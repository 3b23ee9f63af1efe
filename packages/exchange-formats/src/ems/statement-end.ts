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
 * after the one that opened it, so no later command is swallowed. `scanned` is how far the search went, which can
 * be much further than the end (up to the end of the text when a bracket is never closed).
 */
export function endOfStatement(src: ScriptSource, from: number): { end: number; scanned: number } {
  const { text } = src;
  const open: number[] = [];
  let continued = false;
  const stop = (end: number, at: number) => ({ end, scanned: at - from });
  const resumeAfter = (pos: number, at: number) => stop(src.startOfLineAfter(src.lineOf(pos)), at);
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    const atTokenStart = (c === '#' || c === '<') && (i === from || TOKEN_BOUNDARY.test(text[i - 1]!));
    if (isSingleQuote(c) || isDoubleQuote(c)) {
      const end = endOfQuoted(text, i);
      if (end < 0) return resumeAfter(i, text.length);
      i = end - 1;
    } else if (c === '`') {
      let next = i + 1;
      while (text[next] === ' ' || text[next] === '\t') next++;
      i = isNewline(text[next]) ? next + (text[next] === '\r' && text[next + 1] === '\n' ? 1 : 0) : i + 1;
    } else if (c === '<' && text[i + 1] === '#' && atTokenStart) {
      const end = text.indexOf('#>', i + 2);
      if (end < 0) return resumeAfter(i, text.length);
      i = end + 1;
    } else if (c === '#' && atTokenStart) {
      while (i + 1 < text.length && !isNewline(text[i + 1])) i++;
    } else if (OPENERS.has(c)) open.push(i);
    else if (CLOSERS.has(c)) open.pop();
    else if (open.length === 0 && c === ';') return stop(i + 1, i);
    else if (open.length === 0 && isNewline(c) && !continued) return stop(i, i);
    if (!isBlank(c) && !isNewline(c) && c !== '#') continued = c === '|' || c === ',';
  }
  return open.length > 0 ? resumeAfter(open[0]!, text.length) : stop(text.length, text.length);
}
