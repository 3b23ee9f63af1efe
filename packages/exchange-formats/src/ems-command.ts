import type { ImportProblem } from './shell-object.ts';

/**
 * One Exchange Management Shell command as written in a script an admin pasted (a blog post, a change ticket,
 * the console's own export): syntax only. Which cmdlets and parameters the console supports, and what they
 * do, is decided by the importer that applies them.
 */

/** A parameter value: text (quoted or bare, numbers and sizes included), `$true`/`$false`, `$null`, or a list. A switch is `true`. */
export type EmsValue = string | boolean | null | readonly string[];

export interface EmsCommand {
  /** 1-based line where the command starts. */
  line: number;
  /** The command as written, continuation lines joined, for messages. */
  text: string;
  /** The cmdlet as written (`add-adpermission`); compare case-insensitively. */
  cmdlet: string;
  /** Arguments without a parameter name, in order (usually the identity). */
  positional: readonly string[];
  /** Parameter name as written, without the dash → value. */
  parameters: ReadonlyMap<string, EmsValue>;
  /** The command piped into this one: `Get-ReceiveConnector 'HUB01\Relay' | Add-ADPermission …`. */
  input?: EmsCommand;
}

export interface EmsParseResult {
  commands: EmsCommand[];
  problems: ImportProblem[];
}
