/**
 * Why a command was not read. `syntax` problems are mistakes PowerShell itself would refuse (an unclosed quote,
 * a pipe with nothing after it); the others are valid PowerShell this reader deliberately does not evaluate
 * (variables, expressions, script blocks), so an import never applies a value it had to guess.
 */
export class EmsReadError extends Error {
  constructor(
    readonly kind: 'syntax' | 'unsupported',
    readonly line: number,
    message: string,
    readonly fix: string,
    readonly construct?: string,
    /** Set when the rest of the text cannot be trusted to the same statement: reading resumes on the next line. */
    readonly resumeAfterLine?: number,
  ) {
    super(message);
    this.name = 'EmsReadError';
  }
}

export const syntaxError = (line: number, message: string, fix: string, resumeAfterLine?: number): EmsReadError =>
  new EmsReadError('syntax', line, `Syntax error on line ${line}: ${message}`, fix, undefined, resumeAfterLine);

export const unsupported = (line: number, construct: string, message: string, fix: string): EmsReadError =>
  new EmsReadError('unsupported', line, `Line ${line}: ${message}`, fix, construct);

const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 37)}...` : text);

export const variableNotEvaluated = (line: number, written: string): EmsReadError =>
  unsupported(
    line,
    shorten(written),
    `${shorten(written)} — variables are not evaluated; write the value.`,
    "Replace the variable with the value it holds, in single quotes (for example -Identity 'HUB01\\Relay').",
  );
