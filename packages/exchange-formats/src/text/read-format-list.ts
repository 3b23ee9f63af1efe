import type { ImportProblem, ParseResult, ShellObject } from '../shell-object.ts';
import { isShellPrompt, splitLines } from './text-lines.ts';
import { FORMAT_ENUMERATION_FIX, isCutShort } from './truncated-list.ts';

/**
 * Reads `Format-List` output (`Get-ReceiveConnector | fl`, and the same for accepted domains, servers, the transport
 * config and AD permissions) by the rules of config-exports.md §4: one `Name : Value` per line with names padded,
 * long values hard-wrapped onto lines indented to the value column, records separated by a blank line — or, in web
 * copies that lost it, by a property name the record already has (the first one, in practice) coming round again. Values stay as printed (`{a, b}` included);
 * the mapper interprets them. The text carries no type, so `type` is null.
 */
export function readFormatList(text: string, file: string): ParseResult {
  const reader = new FormatListReader(file);
  splitLines(text).forEach((line, index) => reader.line(line, index + 1));
  return reader.finish();
}

/**
 * `Name : value`, or `Name :` for an empty value; the first ` : ` after the padded name splits them. Property names are
 * single words, which keeps notes pasted around the output ("The permissions are:") from reading as properties.
 */
const PROPERTY_LINE = /^(\S+) *:(?: (.*))?$/;

interface OpenRecord {
  line: number;
  properties: Map<string, string>;
  lastName: string;
  valueColumn: number;
}

class FormatListReader {
  private readonly objects: ShellObject[] = [];
  private readonly problems: ImportProblem[] = [];
  private record: OpenRecord | undefined;

  constructor(private readonly file: string) {}

  line(line: string, lineNumber: number): void {
    if (line.trim() === '') {
      this.closeRecord();
    } else if (/^\s/.test(line) && this.record !== undefined) {
      this.continueValue(this.record, line);
    } else {
      this.propertyLine(line, lineNumber);
    }
  }

  finish(): ParseResult {
    this.closeRecord();
    return { objects: this.objects, problems: this.problems };
  }

  private propertyLine(line: string, lineNumber: number): void {
    const match = PROPERTY_LINE.exec(line);
    if (match === null) {
      if (!isShellPrompt(line)) this.ignoredLine(line, lineNumber);
      return;
    }
    const name = match[1]!;
    const value = match[2] ?? '';
    if (this.record?.properties.has(name) === true) this.closeRecord();
    this.record ??= { line: lineNumber, properties: new Map(), lastName: name, valueColumn: 0 };
    this.record.properties.set(name, value);
    this.record.lastName = name;
    this.record.valueColumn = match[2] === undefined ? line.length + 1 : line.length - value.length;
  }

  /** A wrapped value goes on at the value column, split anywhere — even inside a word — so nothing is added. */
  private continueValue(record: OpenRecord, line: string): void {
    const indentation = line.length - line.trimStart().length;
    const piece = indentation >= record.valueColumn ? line.slice(record.valueColumn) : line.trimStart();
    record.properties.set(record.lastName, record.properties.get(record.lastName)! + piece);
  }

  private closeRecord(): void {
    const record = this.record;
    if (record === undefined) return;
    this.record = undefined;
    const source = { file: this.file, line: record.line, index: this.objects.length };
    const truncated = [...record.properties].filter(([, value]) => isCutShort(value)).map(([name]) => name);
    const object = record.properties.get('Identity') ?? record.properties.get('Name');
    for (const property of truncated) {
      this.problems.push({
        severity: 'warning',
        source,
        ...(object === undefined ? {} : { object }),
        property,
        message: `${object ?? `The object at line ${record.line}`}: ${property} ends with "...}", so the shell cut the list short ($FormatEnumerationLimit) and it cannot be imported as complete.`,
        fix: FORMAT_ENUMERATION_FIX,
      });
    }
    this.objects.push({ type: null, properties: record.properties, enumValues: new Map(), truncated, source });
  }

  private ignoredLine(line: string, lineNumber: number): void {
    this.problems.push({
      severity: 'warning',
      source: { file: this.file, line: lineNumber, index: this.objects.length },
      message: `Line ${lineNumber} is not a "Name : Value" line of Format-List output and was ignored: ${line.slice(0, 80)}`,
      fix: 'Paste only the output of Get-ReceiveConnector | Format-List (no prompt text or notes), or upload the collector\'s CliXML files.',
    });
  }
}
