/**
 * What every reader of the Exchange shell's output produces: objects as the shell showed them, before any
 * interpretation. CliXML, `Format-List` text and `Format-Table User,ExtendedRights` text all come down to this,
 * so one mapper (import/) turns them into the console's model, and the protocol-log reader shares the same
 * identity and principal rules. Nothing here knows about the console's database.
 */

/** A property as printed: its text (`ToString()`), a list of item texts, or null/absent. */
export type ShellValue = string | readonly string[] | null;

export interface SourceRef {
  /** The uploaded file's name (or "pasted text"). */
  file: string;
  /** 1-based line where the object (or the command) starts, when the format has lines. */
  line?: number;
  /** 0-based position of the object in its file. */
  index: number;
}

export interface ShellObject {
  /**
   * Last segment of the most specific type name, without a `Deserialized.` prefix (`ReceiveConnector`,
   * `AcceptedDomain`, `ExchangeServer`, `ADAcePresentationObject`, `TransportConfig`…); null when the format
   * does not carry it (text), so the mapper recognises the object by its properties.
   */
  type: string | null;
  /** Property name → value, names as the shell spells them, in file order. */
  properties: ReadonlyMap<string, ShellValue>;
  /** Integer values of enum properties when the format has them (CliXML `<I32>` next to `<ToString>`). */
  enumValues: ReadonlyMap<string, number>;
  /**
   * Properties whose printed list was cut short (`{a, b, c...}` — the shell's `$FormatEnumerationLimit`):
   * never imported as complete.
   */
  truncated: readonly string[];
  /** The SID of an ACE's `User` when the file has it (CliXML), so localised names still match. */
  userSid?: string;
  source: SourceRef;
}

export type ProblemSeverity = 'error' | 'warning';

/** Something a reader or the mapper could not take as it is: where, what, and how to fix it. */
export interface ImportProblem {
  severity: ProblemSeverity;
  source: SourceRef;
  /** The object (`HUB01\Relay`), property (`RemoteIPRanges`), parameter or cmdlet concerned, when known. */
  object?: string;
  property?: string;
  message: string;
  fix?: string;
}

export interface ParseResult {
  objects: ShellObject[];
  problems: ImportProblem[];
}

/** Raised for input that cannot be read at all (not XML, a DTD, over a limit): the whole file is refused. */
export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}
