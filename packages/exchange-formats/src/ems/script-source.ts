/**
 * The text of a pasted script with a cursor and line numbers, plus PowerShell's character classes. PowerShell
 * reads U+2018–U+201B as single quotes, U+201C–U+201E as double quotes and U+2013–U+2015 as dashes, and blog
 * engines turn typed quotes and dashes into exactly those, so a pasted command works in the shell and must read
 * the same here.
 */

export const isSingleQuote = (c: string | undefined): boolean => c === "'" || (c !== undefined && c >= '\u2018' && c <= '\u201b');
export const isDoubleQuote = (c: string | undefined): boolean => c === '"' || (c !== undefined && c >= '\u201c' && c <= '\u201e');
export const isQuote = (c: string | undefined): boolean => isSingleQuote(c) || isDoubleQuote(c);
export const isDash = (c: string | undefined): boolean => c === '-' || (c !== undefined && c >= '\u2013' && c <= '\u2015');
export const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r';
export const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff';

export class ScriptSource {
  pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) this.lineStarts.push(i + 1);
    }
  }

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  next(): string {
    return this.text[this.pos++]!;
  }

  /** 1-based line of a position (the cursor by default). */
  lineOf(pos = this.pos): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= pos) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /** Position where the line after `line` starts (the end of the text for the last line). */
  startOfLineAfter(line: number): number {
    return this.lineStarts[line] ?? this.text.length;
  }

  /** A backtick directly before a line break joins the next line to this one. */
  atLineContinuation(): boolean {
    return this.peek() === '`' && isNewline(this.peek(1));
  }

  skipNewline(): void {
    if (this.peek() === '\r') this.pos++;
    if (this.peek() === '\n') this.pos++;
  }
}
