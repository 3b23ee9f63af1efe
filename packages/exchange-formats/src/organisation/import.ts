import { createHash } from 'node:crypto';
import { OrganisationDocumentSchema, type ImportSource, type OrganisationDocument } from '@cc/api-contract';
import { nameKey } from '@cc/connector-engine';
import type { EmsParseResult } from '../ems-command.ts';
import { UnreadableFileError, type ImportProblem, type ParseResult } from '../shell-object.ts';
import { applyEmsScript, applyStructuredComments } from './ems-apply.ts';
import { mapShellObjects, type MappedImport, type ShellSource } from './shell-mapper.ts';

/** One uploaded or pasted file, as bytes: Windows PowerShell writes UTF-16 by default, so text is decoded here. */
export interface ImportFile {
  name: string;
  bytes: Uint8Array;
  /** For a `Format-Table User,ExtendedRights` paste: the connector it lists (the table has no identity column). */
  identity?: string;
}

/** The readers of each format (injected, so this module holds only the orchestration). */
export interface FormatReaders {
  readCliXml(input: string, file: string): ParseResult;
  readFormatList(text: string, file: string): ParseResult;
  readAceTable(text: string, file: string, identity?: string): ParseResult;
  readEmsScript(text: string, file: string): EmsParseResult;
}

export interface BuiltImport {
  target: OrganisationDocument;
  sources: ImportSource[];
  problems: ImportProblem[];
  servers: MappedImport['servers'];
}

/** BOM first (UTF-8, UTF-16 LE/BE); without one the bytes must be valid UTF-8, never guessed. */
export function decodeText(bytes: Uint8Array, file: string): string {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnreadableFileError(file, `${file} is neither UTF-8 nor UTF-16 text.`, 'Upload the file the shell wrote (Export-Clixml, Out-File) without converting it, or save it as UTF-8.');
  }
}

export type DetectedFormat = ImportSource['format'];

/** By content, not by file name: admins rename files and paste without one. */
export function detectFormat(text: string): DetectedFormat {
  const start = text.trimStart();
  if (start.startsWith('{')) return 'document';
  if (start.startsWith('<')) return 'clixml';
  const lines = start.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.some((l) => /^\s*-{3,}(\s+-{3,})+\s*$/.test(l)) && lines.some((l) => /\bUser\b/i.test(l) && /\b(ExtendedRights|Rights)\b/i.test(l))) return 'ace-table';
  const propertyLines = lines.filter((l) => /^[A-Za-z][A-Za-z0-9]*\s*:(\s|$)/.test(l)).length;
  return propertyLines > 0 && propertyLines >= lines.filter((l) => /^\S/.test(l)).length / 2 ? 'format-list' : 'ems';
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function readDocument(text: string, file: string): OrganisationDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UnreadableFileError(file, `${file} is not valid JSON: ${(error as Error).message}.`, 'Upload the document exactly as the console exported it.');
  }
  const parsed = OrganisationDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UnreadableFileError(file, `${file} is not a Connector Console document: ${issue.path.join('.') || 'document'} — ${issue.message}.`, 'Upload a file written by Export (JSON) of this console, version 1.');
  }
  return parsed.data;
}

/** A document of one server replaces that server; of the organisation, everything (its own domains, directory…). */
function applyDocument(current: OrganisationDocument, doc: OrganisationDocument): OrganisationDocument {
  if (doc.scope === 'organisation') return { ...doc, domain: current.domain };
  const server = nameKey(doc.scope.server);
  const merge = <T>(mine: readonly T[], theirs: readonly T[], key: (t: T) => string) => {
    const byKey = new Map(mine.map((t) => [key(t), t]));
    for (const t of theirs) byKey.set(key(t), t);
    return [...byKey.values()];
  };
  return {
    ...current,
    transportSettings: doc.transportSettings,
    acceptedDomains: merge(current.acceptedDomains, doc.acceptedDomains, (d) => d.domainName.toLowerCase()),
    principals: merge(current.principals, doc.principals, (p) => nameKey(p.name)),
    servers: merge(current.servers, doc.servers, (s) => nameKey(s.name)),
    connectors: [...current.connectors.filter((c) => nameKey(c.server) !== server), ...doc.connectors.filter((c) => nameKey(c.server) === server)],
  };
}

/**
 * What the organisation would be after the import, starting from what the console holds: console documents
 * first, then what the shell printed (CliXML and text, mapped together so ACEs find their connectors across
 * files), then EMS scripts in upload order. A file that cannot be read at all throws UnreadableFileError.
 */
export function buildImport(current: OrganisationDocument, files: readonly ImportFile[], readers: FormatReaders): BuiltImport {
  const sources: ImportSource[] = [];
  const problems: ImportProblem[] = [];
  const shell: ShellSource[] = [];
  const scripts: { text: string; file: string }[] = [];
  let target = current;
  for (const f of files) {
    const text = decodeText(f.bytes, f.name);
    const format = detectFormat(text);
    const record = (objects: number) => sources.push({ file: f.name, sha256: sha256(f.bytes), bytes: f.bytes.byteLength, format, objects });
    if (format === 'document') {
      const doc = readDocument(text, f.name);
      if (doc.domain.toLowerCase() !== current.domain.toLowerCase())
        problems.push({ severity: 'warning', source: { file: f.name, index: 0 }, message: `${f.name} was exported from the organisation ${doc.domain}; this console is ${current.domain}. Principals named ${doc.domain}\\… keep that name.` });
      target = applyDocument(target, doc);
      record(doc.connectors.length);
    } else if (format === 'ems') {
      scripts.push({ text, file: f.name });
      record(0);
    } else {
      const result =
        format === 'clixml' ? readers.readCliXml(text, f.name) : format === 'ace-table' ? readers.readAceTable(text, f.name, f.identity) : readers.readFormatList(text, f.name);
      problems.push(...result.problems);
      shell.push({ objects: result.objects, complete: format === 'clixml' });
      record(result.objects.length);
    }
  }
  let servers: MappedImport['servers'] = [];
  if (shell.length > 0) {
    const mapped = mapShellObjects(target, shell);
    target = mapped.target;
    problems.push(...mapped.problems);
    servers = mapped.servers;
  }
  for (const script of scripts) {
    const parsed = readers.readEmsScript(script.text, script.file);
    problems.push(...parsed.problems);
    const withComments = structuredClone(target);
    problems.push(...applyStructuredComments(withComments, script.text, script.file));
    const applied = applyEmsScript(withComments, parsed.commands, script.file);
    problems.push(...applied.problems);
    target = applied.document;
    const source = sources.find((s) => s.file === script.file && s.format === 'ems');
    if (source) source.objects = applied.applied;
  }
  return { target, sources, problems, servers };
}
