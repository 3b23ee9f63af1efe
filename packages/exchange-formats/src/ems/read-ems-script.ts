import type { EmsCommand, EmsParseResult, EmsValue } from '../ems-command.ts';
import type { ImportProblem } from '../shell-object.ts';
import { EmsReadError, syntaxError, unsupported, variableNotEvaluated } from './ems-read-error.ts';
import { readBacktickEscape, readDoubleQuoted, readSingleQuoted, startsVariable, variableText } from './quoted-strings.ts';
import { endOfStatement } from './statement-end.ts';
import { isBlank, isDash, isDoubleQuote, isNewline, isQuote, isSingleQuote, ScriptSource } from './script-source.ts';

/**
 * Reads Exchange Management Shell commands as admins paste them (a blog post, a change ticket, the console's own
 * export): syntax only, nothing is run or evaluated. A command that cannot be read exactly is left out and
 * reported with its line and the fix; reading carries on with the next command.
 */
export function readEmsScript(text: string, file: string): EmsParseResult {
  const src = new ScriptSource(text);
  const reader = new CommandReader(src);
  const commands: EmsCommand[] = [];
  const problems: ImportProblem[] = [];
  let recoveryBudget = RECOVERY_BUDGET_PER_CHAR * text.length + RECOVERY_BUDGET_BASE;
  for (let index = 0; !src.atEnd; index++) {
    let start = src.pos;
    try {
      reader.skipBetweenStatements();
      if (src.atEnd) break;
      start = src.pos;
      commands.push(reader.readStatement());
    } catch (error) {
      if (!(error instanceof EmsReadError)) throw error;
      problems.push({
        severity: 'error',
        source: { file, line: error.line, index },
        ...(error.construct ? { object: error.construct } : {}),
        message: error.message,
        fix: error.fix,
      });
      if (error.resumeAfterLine !== undefined) {
        // Only a quote, bracket or comment that is never closed resumes this way: its search reached the end.
        recoveryBudget -= text.length - start;
        src.pos = src.startOfLineAfter(error.resumeAfterLine);
      } else {
        const { end, scanned } = endOfStatement(src, start);
        src.pos = Math.max(end, start + 1);
        recoveryBudget -= scanned;
      }
      if (recoveryBudget < 0 && !src.atEnd) {
        problems.push(readingStopped(file, src.lineOf(), index + 1));
        break;
      }
    }
  }
  return { commands, problems };
}

/**
 * A quote, bracket or comment never closed means searching to the end of the text; text that forces this on
 * every line would take quadratic time, so the total search is capped and reading stops with a problem saying
 * where.
 */
const RECOVERY_BUDGET_PER_CHAR = 20;
const RECOVERY_BUDGET_BASE = 1_000_000;

const readingStopped = (file: string, line: number, index: number): ImportProblem => ({
  severity: 'error',
  source: { file, line, index },
  message: `Reading stopped at line ${line}: brackets or quotes left open above make the rest of the script one unfinished statement.`,
  fix: 'Fix the problems above (close each bracket and quote), then read the script again.',
});

/** Switches of the Exchange cmdlets: they never take the next word as their value (only `-Deny:$false`). */
const SWITCHES = new Set(['confirm', 'whatif', 'deny', 'force', 'custom', 'internet', 'internal', 'client', 'partner', 'verbose', 'debug']);
const KEYWORDS = new Set(
  'begin break catch class continue data do dynamicparam else elseif end enum exit filter finally for foreach function if param process return switch throw trap try until using while workflow'.split(
    ' ',
  ),
);
const COMMAND_NAME = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;
const WORD_END = /[\s;|,(){}]/;
const PARAMETER_CHAR = /[\p{L}\p{N}_?]/u;

const LINE_CONTINUATION = /[ \t]*`(\r\n|\n|\r)[ \t]*/g;
/** The rest of the line from `pos`, at most 200 characters: enough to name a construct in a message. */
const lineFrom = (text: string, pos: number) => text.slice(pos, pos + 200).split(/\r?\n|\r/, 1)[0]!;

class CommandReader {
  constructor(private readonly src: ScriptSource) {}

  skipBetweenStatements(): void {
    for (;;) {
      this.skipInlineSpace();
      const c = this.src.peek();
      if (c === ';' || isNewline(c)) this.src.pos++;
      else return;
    }
  }

  /** `Verb-Noun …` or `Get-… | Verb-Noun …` (one pipe: the left command becomes the right one's input). */
  readStatement(): EmsCommand {
    const start = this.src.pos;
    const line = this.src.lineOf();
    const left = this.readCommand();
    if (this.src.peek() !== '|') return left;
    const pipeLine = this.src.lineOf();
    this.src.next();
    this.skipBetweenLines();
    if (this.atCommandEnd())
      throw syntaxError(pipeLine, 'the pipe | has no command after it.', 'Write the command that receives the objects after |, or remove the |.');
    const right = this.readCommand();
    if (this.src.peek() === '|')
      throw unsupported(
        this.src.lineOf(),
        '|',
        'more than one pipe; only one is read (Get-ReceiveConnector … | Add-ADPermission …).',
        'Split the pipeline into commands with at most one | each, writing values instead of Where-Object or ForEach-Object.',
      );
    return { ...right, line, text: this.textFrom(start), input: left };
  }

  private readCommand(): EmsCommand {
    this.skipInlineSpace();
    const start = this.src.pos;
    const line = this.src.lineOf();
    const name = this.readCommandName();
    const parameters = new Map<string, EmsValue>();
    const seen = new Set<string>();
    const positional: string[] = [];
    for (;;) {
      this.skipInlineSpace();
      if (this.atCommandEnd()) break;
      const c = this.src.peek();
      if (c === ')' || c === '}') throw this.unmatched(c);
      if (this.atParameter()) {
        const parameterLine = this.src.lineOf();
        const parameter = this.readParameterName();
        if (seen.has(parameter.toLowerCase()))
          throw syntaxError(parameterLine, `-${parameter} is given twice.`, `Keep one -${parameter} (PowerShell refuses a parameter named twice).`);
        seen.add(parameter.toLowerCase());
        parameters.set(parameter, this.readParameterValue(parameter, parameterLine));
      } else {
        const valueLine = this.src.lineOf();
        const value = this.readValue();
        if (typeof value !== 'string')
          throw unsupported(valueLine, String(value), 'an argument without a parameter name must be a single text value.', 'Name the parameter it is meant for (for example -Identity).');
        positional.push(value);
      }
    }
    return { line, text: this.textFrom(start), cmdlet: name, positional, parameters };
  }

  private readCommandName(): string {
    const line = this.src.lineOf();
    const c = this.src.peek();
    if (c === '|') throw syntaxError(line, 'the pipe | has no command before it.', 'Write the command that produces the objects before |, or move the | to the end of the previous line (the shell does not continue a line that starts with |).');
    if (c === ')' || c === '}') throw this.unmatched(c);
    if (c === '$' && startsVariable(this.src.peek(1))) throw variableNotEvaluated(line, variableText(this.src));
    let name = '';
    while (!this.src.atEnd && !WORD_END.test(this.src.peek()!)) name += this.src.next();
    const written = name || lineFrom(this.src.text, this.src.pos).slice(0, 20);
    if (KEYWORDS.has(name.toLowerCase()))
      throw unsupported(line, name, `"${name}" is a PowerShell statement; only commands are read.`, 'Write out the commands it would run, one per line, with their values.');
    if (!COMMAND_NAME.test(name))
      throw unsupported(line, written, `"${written}" is not a command; only cmdlets such as Set-ReceiveConnector are read.`, 'Start the line with the cmdlet and write values instead of expressions.');
    return name;
  }

  private readParameterName(): string {
    this.src.next();
    let name = '';
    while (PARAMETER_CHAR.test(this.src.peek() ?? '')) name += this.src.next();
    return name;
  }

  /** `-Name value`, `-Name:value`, or a switch (`-Deny`, `-Force`: true). */
  private readParameterValue(parameter: string, line: number): EmsValue {
    if (this.src.peek() === ':') {
      this.src.next();
      this.skipInlineSpace();
      if (this.atCommandEnd()) throw syntaxError(line, `-${parameter}: has no value after the colon.`, `Write the value right after -${parameter}: (for example -Confirm:$false).`);
      return this.readValue();
    }
    if (SWITCHES.has(parameter.toLowerCase())) return true;
    this.skipInlineSpace();
    if (this.atCommandEnd() || this.atParameter() || this.src.peek() === ')' || this.src.peek() === '}') return true;
    return this.readValue();
  }

  /** One value or a comma list (`a,b`, `'a', 'b'`); a list may continue on the next line after a comma. */
  private readValue(): EmsValue {
    const line = this.src.lineOf();
    const items = [this.readElement()];
    for (;;) {
      this.skipInlineSpace();
      if (this.src.peek() !== ',') break;
      this.src.next();
      this.skipBetweenLines();
      items.push(this.readElement());
    }
    if (items.length === 1) return items[0]!;
    return this.textItems(items, line);
  }

  private textItems(items: EmsValue[], line: number): string[] {
    const notText = items.find((item) => typeof item !== 'string');
    if (notText !== undefined)
      throw unsupported(line, String(notText), `a list holds ${String(notText)}; lists are read as text values only.`, "Write each list item as text in quotes ('a','b').");
    return items as string[];
  }

  private readElement(): EmsValue {
    const src = this.src;
    const line = src.lineOf();
    const c = src.peek();
    if (this.atCommandEnd() || c === ',') throw syntaxError(line, 'a value is missing (a comma with nothing after it, or nothing after the parameter).', 'Write the value, or remove the extra comma.');
    if (isSingleQuote(c)) return readSingleQuoted(src);
    if (isDoubleQuote(c)) return readDoubleQuoted(src);
    if (c === '$') {
      const constant = /^\$(true|false|null)(?![\p{L}\p{N}_:?])/iu.exec(src.text.slice(src.pos, src.pos + 7));
      if (constant) {
        src.pos += constant[0].length;
        const word = constant[1]!.toLowerCase();
        return word === 'null' ? null : word === 'true';
      }
    }
    if (c === '@') return this.readAtElement(line);
    if (c === '(')
      throw unsupported(line, this.bracketText(), 'expressions in parentheses are not evaluated.', "Write the value the expression gives, in single quotes (for example -Identity 'HUB01\\Relay').");
    if (c === '{')
      throw unsupported(line, this.bracketText(), 'script blocks ({ … }) are not run.', 'Write the commands and values it would produce instead of the script block.');
    if (c === ')' || c === '}') throw this.unmatched(c);
    return this.readBareWord();
  }

  private readAtElement(line: number): EmsValue {
    const next = this.src.peek(1);
    if (next === '(') return this.readArrayExpression(line);
    if (next === '{')
      throw unsupported(
        line,
        this.bracketText(),
        'the @{Add=…; Remove=…} form (Exchange 2010 and later) is not read: it changes a list the console cannot see from here.',
        "Write the whole list after the change (for example -RemoteIPRanges '10.0.0.1','10.0.0.2'); Exchange 2007 replaces the list anyway.",
      );
    if (isQuote(next)) throw unsupported(line, `@${next}`, 'here-strings (@\' … \'@) are not read.', 'Write the value in single quotes on one line.');
    if (startsVariable(next)) throw variableNotEvaluated(line, lineFrom(this.src.text, this.src.pos).split(/\s/, 1)[0]!);
    return this.readBareWord();
  }

  /** `@('a','b')`, `@("a";"b")` or `@()`: quoted items (or whole numbers) separated by commas, `;` or line breaks. */
  private readArrayExpression(line: number): string[] {
    const src = this.src;
    src.pos += 2;
    const items: string[] = [];
    for (let expectItem = true; ; ) {
      this.skipInlineSpace();
      const c = src.peek();
      if (src.atEnd) throw syntaxError(line, '@( is never closed.', 'Close the list with ).', line);
      if (c === ')') {
        src.next();
        return items;
      }
      if (c === ',' || c === ';' || isNewline(c)) {
        src.next();
        expectItem = true;
        continue;
      }
      const itemLine = src.lineOf();
      if (!expectItem) throw syntaxError(itemLine, 'two values inside @( ) have no comma between them.', "Separate the values with commas: @('a','b').");
      if (isSingleQuote(c)) items.push(readSingleQuoted(src));
      else if (isDoubleQuote(c)) items.push(readDoubleQuoted(src));
      else {
        const word = /^\d+(?=[\s,;)]|$)/.exec(src.text.slice(src.pos, src.pos + 20))?.[0];
        if (word === undefined)
          throw unsupported(itemLine, lineFrom(src.text, src.pos).slice(0, 30), 'inside @( ) PowerShell runs an unquoted word as a command.', "Quote each value inside @( ): @('a','b').");
        src.pos += word.length;
        items.push(word);
      }
      expectItem = false;
    }
  }

  /** An unquoted argument: `HUB01\Relay`, `10MB`, `Tls,BasicAuth` (the comma is read by readValue), with quoted parts and escapes. */
  private readBareWord(): string {
    const src = this.src;
    let value = '';
    while (!src.atEnd && !WORD_END.test(src.peek()!)) {
      const c = src.peek()!;
      if (c === '`') {
        if (src.atLineContinuation()) break;
        this.refuseDanglingBacktick();
        value += readBacktickEscape(src);
      } else if (isSingleQuote(c)) value += readSingleQuoted(src);
      else if (isDoubleQuote(c)) value += readDoubleQuoted(src);
      else if (c === '$' && startsVariable(src.peek(1))) throw variableNotEvaluated(src.lineOf(), variableText(src));
      else value += src.next();
    }
    return value;
  }

  /** Spaces, continuation backticks and comments inside a command, up to a token or the end of the command. */
  skipInlineSpace(): void {
    const src = this.src;
    for (;;) {
      const c = src.peek();
      if (isBlank(c)) src.pos++;
      else if (src.atLineContinuation()) {
        src.pos++;
        src.skipNewline();
      } else if (c === '`') {
        this.refuseDanglingBacktick();
        return;
      } else if (c === '<' && src.peek(1) === '#') this.skipBlockComment();
      else if (c === '#') while (!src.atEnd && !isNewline(src.peek())) src.pos++;
      else return;
    }
  }

  /** After a pipe or a comma PowerShell keeps reading on the next line. */
  private skipBetweenLines(): void {
    for (;;) {
      this.skipInlineSpace();
      if (!isNewline(this.src.peek())) return;
      this.src.skipNewline();
    }
  }

  private skipBlockComment(): void {
    const line = this.src.lineOf();
    const end = this.src.text.indexOf('#>', this.src.pos + 2);
    if (end < 0) throw syntaxError(line, 'the comment opened with <# is never closed.', 'Close the comment with #>.', line);
    this.src.pos = end + 2;
  }

  /** A backtick followed by spaces at the end of a line escapes a space, so the command ends there in PowerShell. */
  private refuseDanglingBacktick(): void {
    const rest = /^`[ \t]+(?=\r|\n|$)/.exec(this.src.text.slice(this.src.pos, this.src.pos + 200));
    if (rest)
      throw syntaxError(
        this.src.lineOf(),
        'the backtick at the end of the line is followed by spaces, so PowerShell ends the command there.',
        'Remove the spaces after the backtick so the command continues on the next line.',
      );
  }

  private atCommandEnd(): boolean {
    const c = this.src.peek();
    return this.src.atEnd || isNewline(c) || c === ';' || c === '|';
  }

  private atParameter(): boolean {
    return isDash(this.src.peek()) && /[\p{L}_?]/u.test(this.src.peek(1) ?? '');
  }

  private unmatched(c: string): EmsReadError {
    return syntaxError(this.src.lineOf(), `${c} closes a bracket that was never opened.`, `Remove the ${c} or add the opening ${c === ')' ? '(' : '{'}.`);
  }

  /** The bracketed construct as written on its first line, for the message. */
  private bracketText(): string {
    const text = lineFrom(this.src.text, this.src.pos);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }

  /** The command as written from `start`, continuation lines joined. */
  private textFrom(start: number): string {
    return this.src.text.slice(start, this.src.pos).replace(LINE_CONTINUATION, ' ').trim();
  }
}
