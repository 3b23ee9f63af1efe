import type { ImportProblem, ParseResult, ShellObject, SourceRef } from '../shell-object.ts';
import { isShellPrompt, splitLines } from './text-lines.ts';
import { isCutShort } from './truncated-list.ts';

/**
 * Reads `Get-ADPermission … | Format-Table User,ExtendedRights` and the 2007 default table (Identity, User, Deny,
 * Inherited, Rights): the dashes under the header give the column boundaries. Web copies that collapsed the spacing
 * (and lost the header) still read as `USER {rights}` rows. A table without an Identity column belongs to the
 * connector named by `identity`; without either, its rows are refused — they could belong to any connector.
 */
export function readAceTable(text: string, file: string, identity?: string): ParseResult {
  const lines = splitLines(text);
  const result: ParseResult = { objects: [], problems: [] };
  const headerIndexes = lines.flatMap((line, index) => (isHeader(lines, index) ? [index] : []));
  if (headerIndexes.length === 0) {
    readRowsWithoutHeader(lines, 0, lines.length, file, identity, result);
    return result;
  }
  readRowsWithoutHeader(lines, 0, headerIndexes[0]!, file, identity, result);
  headerIndexes.forEach((headerIndex, tableNumber) => {
    const end = headerIndexes[tableNumber + 1] ?? lines.length;
    readTable(lines, headerIndex, end, file, identity, result);
  });
  return result;
}

interface Column {
  property: string;
  start: number;
}

const DASHES = /^\s*-+(\s+-+)*$/;
/** `NT AUTHORITY\ANONYMOUS LOGON {ms-Exch-SMTP-Submit}` — a User,ExtendedRights row whose alignment was lost. */
const COLLAPSED_ROW = /^(\S.*?)\s+(\{[^{}]*\})$/;
/**
 * The 2007 default view labels IsInherited as "Inherited"; properties keep the shell's property names. [UNVERIFIED] what
 * its "Rights" column holds (extended rights or access rights); it stays `Rights` for the mapper to judge.
 */
const PROPERTY_OF_HEADER: Readonly<Record<string, string>> = { Inherited: 'IsInherited' };

function isHeader(lines: readonly string[], index: number): boolean {
  const next = lines[index + 1];
  return lines[index]!.trim() !== '' && !DASHES.test(lines[index]!) && next !== undefined && DASHES.test(next);
}

function readTable(lines: readonly string[], headerIndex: number, end: number, file: string, identity: string | undefined, result: ParseResult): void {
  const columns = columnsOf(lines[headerIndex]!, lines[headerIndex + 1]!);
  const hasIdentity = columns.some((column) => column.property === 'Identity');
  const tableLine = headerIndex + 1;
  if (!hasIdentity && identity === undefined) {
    result.problems.push(missingIdentity(file, tableLine, result.objects.length));
    return;
  }
  const collapsedFallback = columns.length === 2 && columns[0]!.property === 'User' && columns[1]!.property === 'ExtendedRights';
  for (let index = headerIndex + 2; index < end; index += 1) {
    const line = lines[index]!;
    if (line.trim() === '' || isShellPrompt(line)) continue;
    const lineNumber = index + 1;
    const source: SourceRef = { file, line: lineNumber, index: result.objects.length };
    const cells = alignedCells(line, columns) ?? (collapsedFallback ? collapsedCells(line) : undefined);
    if (cells === undefined) {
      result.problems.push(unreadableRow(source, lineNumber, line));
      continue;
    }
    addRow(cells, identity, source, result);
  }
}

/** Each run of dashes starts a column; a column runs to the start of the next one. */
function columnsOf(header: string, dashes: string): Column[] {
  const starts = [...dashes.matchAll(/-+/g)].map((match) => match.index);
  return starts.map((start, index) => {
    const label = header.slice(start, starts[index + 1]).trim();
    return { property: PROPERTY_OF_HEADER[label] ?? label, start };
  });
}

/** Undefined when a column boundary falls inside a word: the spacing was collapsed and positions mean nothing. */
function alignedCells(line: string, columns: readonly Column[]): Map<string, string> | undefined {
  const cells = new Map<string, string>();
  for (const [index, column] of columns.entries()) {
    const boundaryInsideWord = column.start > 0 && line.length > column.start && line[column.start - 1] !== ' ';
    if (boundaryInsideWord) return undefined;
    cells.set(column.property, line.slice(column.start, columns[index + 1]?.start).trim());
  }
  return cells;
}

function collapsedCells(line: string): Map<string, string> | undefined {
  const match = COLLAPSED_ROW.exec(line.trim());
  return match === null ? undefined : new Map([['User', match[1]!], ['ExtendedRights', match[2]!]]);
}

function readRowsWithoutHeader(lines: readonly string[], start: number, end: number, file: string, identity: string | undefined, result: ParseResult): void {
  const rows = lines.slice(start, end).map((line, offset) => ({ line, lineNumber: start + offset + 1 }))
    .filter(({ line }) => line.trim() !== '' && !isShellPrompt(line));
  if (rows.length === 0) return;
  if (identity === undefined) {
    result.problems.push(missingIdentity(file, rows[0]!.lineNumber, result.objects.length));
    return;
  }
  for (const { line, lineNumber } of rows) {
    const source: SourceRef = { file, line: lineNumber, index: result.objects.length };
    const cells = collapsedCells(line);
    if (cells === undefined) result.problems.push(unreadableRow(source, lineNumber, line));
    else addRow(cells, identity, source, result);
  }
}

function addRow(cells: Map<string, string>, identity: string | undefined, source: SourceRef, result: ParseResult): void {
  const rowIdentity = cells.get('Identity') || identity;
  const cutShort = [...cells].find(([, value]) => isCutShort(value));
  if (cutShort !== undefined) {
    result.problems.push({
      severity: 'error',
      source,
      ...(rowIdentity === undefined ? {} : { object: rowIdentity }),
      property: cutShort[0],
      message: `Line ${source.line}: the ${cutShort[0]} cell "${cutShort[1]}" was cut short by Format-Table ("..."), so this permission entry cannot be imported.`,
      fix: 'Export with `… | Format-Table User,ExtendedRights -AutoSize | Out-File acl.txt -Width 4096` (and `$global:FormatEnumerationLimit = -1`), paste Format-List output, or upload the collector\'s CliXML files.',
    });
    return;
  }
  const properties = new Map<string, string>(cells);
  if (rowIdentity !== undefined) properties.set('Identity', rowIdentity);
  const object: ShellObject = { type: null, properties, enumValues: new Map(), truncated: [], source };
  result.objects.push(object);
}

function missingIdentity(file: string, line: number, index: number): ImportProblem {
  return {
    severity: 'error',
    source: { file, line, index },
    message: `${file}: the permission table at line ${line} has no Identity column and no connector was named, so its entries could belong to any connector.`,
    fix: 'Run Get-ADPermission -Identity "SERVER\\Connector name" | Format-Table User,ExtendedRights for one connector and name that connector with the pasted text — or paste Format-List output (it includes Identity), or upload the collector\'s CliXML files.',
  };
}

function unreadableRow(source: SourceRef, lineNumber: number, line: string): ImportProblem {
  return {
    severity: 'error',
    source,
    message: `Line ${lineNumber} does not line up with the table's columns and is not a "USER {rights}" row: ${line.slice(0, 80)}`,
    fix: 'Paste the table exactly as the shell printed it, or paste Format-List output, or upload the collector\'s CliXML files.',
  };
}
