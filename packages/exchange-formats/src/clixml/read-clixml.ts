import { SaxesParser, type SaxesOptions, type SaxesTagPlain } from 'saxes';
import {
  UnreadableFileError,
  type ImportProblem,
  type ParseResult,
  type ShellObject,
  type ShellValue,
  type SourceRef,
} from '../shell-object.ts';
import { decodeCliXmlString } from './decode-clixml-string.ts';
import { decodeInput } from './decode-input.ts';
import { shortTypeName } from './type-names.ts';

/**
 * Reads `Export-Clixml` output (config-exports.md §7): every top-level `<Obj>` becomes a ShellObject whose
 * properties are what the shell would print — `<ToString>` for value objects, item texts for lists, `True`/`False`
 * for booleans. Nested objects only provide values. `SerializationData` (a .NET BinaryFormatter payload) is never
 * read, and a document type declaration refuses the whole file, so no entity is ever expanded.
 */

export interface CliXmlLimits {
  /** Bytes of the file as uploaded. */
  maxBytes: number;
  /** Element nesting; real Exchange files reach about 10. */
  maxDepth: number;
  /** Elements in the whole file; a 2,000-connector export has about 600,000. */
  maxElements: number;
}

export const DEFAULT_CLIXML_LIMITS: CliXmlLimits = {
  maxBytes: 100 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 5_000_000,
};

const REEXPORT_FIX = 'Upload the file exactly as Export-Clixml wrote it (not opened and saved in an editor), or run the collector again.';

/** Scalars of the PowerShell serialisation format ([MS-PSRP] 2.2.5.1) whose text is their value. */
const SCALAR_TAGS = new Set([
  'S', 'B', 'C', 'DT', 'TS', 'By', 'SB', 'U16', 'I16', 'U32', 'I32', 'U64', 'I64', 'Sg', 'Db', 'D', 'G', 'URI',
  'Version', 'XD', 'SBK',
]);
const INTEGER_TAGS = new Set(['By', 'SB', 'U16', 'I16', 'U32', 'I32', 'U64', 'I64']);
const LIST_TAGS = new Set(['LST', 'IE', 'STK', 'QUE']);
/** Skipped with their content: the binary payload, secure strings (never decrypted), and shapes Exchange objects lack. */
const SKIPPED_TAGS = new Set(['BA', 'SS', 'DCT', 'PR']);

interface ObjFrame {
  kind: 'obj';
  name: string | undefined;
  refId: string | undefined;
  line: number;
  isTopLevel: boolean;
  typeNames: readonly string[];
  toString: string | undefined;
  primitive: string | undefined;
  primitiveIsInteger: boolean;
  list: string[] | undefined;
  properties: Map<string, ShellValue>;
  enumValues: Map<string, number>;
  userSid: string | undefined;
}

/** `<Props>` and `<MS>` hold named properties of their object; a list holds unnamed items. */
interface ContainerFrame {
  kind: 'props' | 'ms' | 'list';
  owner: ObjFrame;
}

interface TextFrame {
  kind: 'text';
  tag: string;
  name: string | undefined;
  text: string;
}

interface TypeNamesFrame {
  kind: 'tn';
  refId: string | undefined;
  owner: ObjFrame;
  names: string[];
}

type Frame = { kind: 'root' | 'skip' } | ObjFrame | ContainerFrame | TextFrame | TypeNamesFrame;

export function readCliXml(input: string | Buffer, file: string, limits: Partial<CliXmlLimits> = {}): ParseResult {
  const { maxBytes, maxDepth, maxElements } = { ...DEFAULT_CLIXML_LIMITS, ...limits };
  const text = decodeInput(input, file, maxBytes);
  const reader = new CliXmlReader(file, maxDepth, maxElements);
  const parser = new SaxesParser<SaxesOptions & { xmlns: false }>({ fileName: file, xmlns: false });
  parser.on('doctype', () => reader.refuseDoctype(parser.line));
  parser.on('opentag', (tag) => reader.open(tag, parser.line));
  parser.on('text', (chunk) => reader.text(chunk));
  parser.on('closetag', () => reader.close());
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(file, `${file} is not well-formed XML: ${(error as Error).message}`, REEXPORT_FIX);
  }
  return reader.result();
}

class CliXmlReader {
  private readonly stack: Frame[] = [];
  private readonly objects: ShellObject[] = [];
  private readonly problems: ImportProblem[] = [];
  private readonly typeNamesByRefId = new Map<string, readonly string[]>();
  private readonly valuesByRefId = new Map<string, ShellValue>();
  private readonly reportedUnknownTags = new Set<string>();
  private elementCount = 0;

  constructor(
    private readonly file: string,
    private readonly maxDepth: number,
    private readonly maxElements: number,
  ) {}

  refuseDoctype(line: number): never {
    throw new UnreadableFileError(
      this.file,
      `${this.file} contains a document type declaration (<!DOCTYPE …>) at line ${line}. Export-Clixml never writes one, and DTDs and entities are refused so that nothing outside the file is ever read.`,
      REEXPORT_FIX,
    );
  }

  open(tag: SaxesTagPlain, line: number): void {
    this.checkLimits(line);
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      this.stack.push(this.openRoot(tag.name));
      return;
    }
    const name = tag.attributes['N'];
    this.stack.push(this.openChild(tag.name, name === undefined ? undefined : decodeCliXmlString(name), tag.attributes, parent, line));
  }

  text(chunk: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame?.kind === 'text') frame.text += chunk;
  }

  close(): void {
    const frame = this.stack.pop()!;
    const parent = this.stack[this.stack.length - 1];
    if (frame.kind === 'text') this.closeText(frame, parent);
    else if (frame.kind === 'obj') this.closeObj(frame, parent);
    else if (frame.kind === 'tn') this.closeTypeNames(frame);
  }

  result(): ParseResult {
    return { objects: this.objects, problems: this.problems };
  }

  private checkLimits(line: number): void {
    this.elementCount += 1;
    if (this.elementCount > this.maxElements) {
      throw new UnreadableFileError(
        this.file,
        `${this.file} has more than ${this.maxElements.toLocaleString('en-US')} XML elements (line ${line}).`,
        'Export the connectors of one server at a time (Get-ReceiveConnector -Server <name> | Export-Clixml …) and upload the files separately.',
      );
    }
    if (this.stack.length >= this.maxDepth) {
      throw new UnreadableFileError(
        this.file,
        `${this.file} nests XML elements more than ${this.maxDepth} deep (line ${line}); Export-Clixml output of Exchange objects stays far below that.`,
        'Export with the default depth (no -Depth parameter), or run the collector again.',
      );
    }
  }

  private openRoot(tagName: string): Frame {
    if (tagName !== 'Objs') {
      throw new UnreadableFileError(
        this.file,
        `${this.file} is XML but not Export-Clixml output: its root element is <${tagName}>, not <Objs>.`,
        'Upload the files the collector wrote with Export-Clixml, or paste Get-ReceiveConnector | Format-List output instead.',
      );
    }
    return { kind: 'root' };
  }

  private openChild(tagName: string, name: string | undefined, attributes: Record<string, string>, parent: Frame, line: number): Frame {
    if (parent.kind === 'skip' || parent.kind === 'text') return { kind: 'skip' };
    if (parent.kind === 'tn') return tagName === 'T' ? { kind: 'text', tag: 'T', name: undefined, text: '' } : { kind: 'skip' };
    if (tagName === 'Obj') return this.openObj(name, attributes['RefId'], parent, line);
    if (SCALAR_TAGS.has(tagName) || tagName === 'ToString') return { kind: 'text', tag: tagName, name, text: '' };
    if (tagName === 'Nil') return this.deliverOnOpen(name, null, parent);
    if (tagName === 'Ref') return this.deliverOnOpen(name, this.resolveRef(attributes['RefId'], name, line), parent);
    if (parent.kind !== 'obj') return this.unknown(tagName, name, parent, line);
    if (tagName === 'TN') return { kind: 'tn', refId: attributes['RefId'], owner: parent, names: [] };
    if (tagName === 'TNRef') return this.openTypeNamesRef(attributes['RefId'], parent, line);
    if (tagName === 'Props') return { kind: 'props', owner: parent };
    if (tagName === 'MS') return { kind: 'ms', owner: parent };
    if (LIST_TAGS.has(tagName)) {
      parent.list ??= [];
      return { kind: 'list', owner: parent };
    }
    return this.unknown(tagName, name, parent, line);
  }

  private openObj(name: string | undefined, refId: string | undefined, parent: Frame, line: number): ObjFrame {
    return {
      kind: 'obj',
      name,
      refId,
      line,
      isTopLevel: parent.kind === 'root',
      typeNames: [],
      toString: undefined,
      primitive: undefined,
      primitiveIsInteger: false,
      list: undefined,
      properties: new Map(),
      enumValues: new Map(),
      userSid: undefined,
    };
  }

  private openTypeNamesRef(refId: string | undefined, owner: ObjFrame, line: number): Frame {
    const names = refId === undefined ? undefined : this.typeNamesByRefId.get(refId);
    if (names === undefined) {
      this.warn(line, `<TNRef RefId="${refId ?? ''}"> points to no type-name list defined earlier in the file; the object's type is unknown.`);
    } else {
      owner.typeNames = names;
    }
    return { kind: 'skip' };
  }

  /** `<Nil/>` and `<Ref/>` are complete when they open; the skip frame absorbs their close. */
  private deliverOnOpen(name: string | undefined, value: ShellValue, parent: Frame): Frame {
    this.deliver(name, value, parent);
    return { kind: 'skip' };
  }

  private resolveRef(refId: string | undefined, name: string | undefined, line: number): ShellValue {
    if (refId !== undefined && this.valuesByRefId.has(refId)) return this.valuesByRefId.get(refId)!;
    this.warn(line, `<Ref RefId="${refId ?? ''}"> for ${name ?? 'a list item'} points to no object serialised earlier in the file; the value is left empty.`);
    return null;
  }

  private unknown(tagName: string, name: string | undefined, parent: Frame, line: number): Frame {
    if (!SKIPPED_TAGS.has(tagName) && !this.reportedUnknownTags.has(tagName)) {
      this.reportedUnknownTags.add(tagName);
      this.warn(line, `Element <${tagName}> is not part of the CliXML format this reader knows; ${name === undefined ? 'it was ignored' : `property ${name} is left empty`}.`);
    }
    if (name !== undefined && tagName !== 'BA') this.deliver(name, null, parent);
    return { kind: 'skip' };
  }

  private closeTypeNames(frame: TypeNamesFrame): void {
    const names = frame.names.map((name) => name.trim()).filter((name) => name !== '');
    if (frame.refId !== undefined) this.typeNamesByRefId.set(frame.refId, names);
    frame.owner.typeNames = names;
  }

  private closeText(frame: TextFrame, parent: Frame | undefined): void {
    if (frame.tag === 'T') {
      if (parent?.kind === 'tn') parent.names.push(frame.text);
      return;
    }
    if (frame.tag === 'ToString') {
      if (parent?.kind === 'obj') parent.toString = decodeCliXmlString(frame.text);
      return;
    }
    const value = scalarText(frame.tag, frame.text);
    if (parent?.kind === 'obj') {
      parent.primitive = value;
      parent.primitiveIsInteger = INTEGER_TAGS.has(frame.tag);
      return;
    }
    if (parent?.kind === 'root') {
      this.warn(undefined, `A top-level <${frame.tag}> value (${value}) is not an Exchange object and was ignored.`);
      return;
    }
    if (parent !== undefined) this.deliver(frame.name, value, parent);
  }

  private closeObj(frame: ObjFrame, parent: Frame | undefined): void {
    const value = objectValue(frame);
    if (frame.refId !== undefined) this.valuesByRefId.set(frame.refId, value);
    if (parent?.kind === 'root') {
      this.objects.push(this.toShellObject(frame));
      return;
    }
    if (parent === undefined) return;
    this.deliver(frame.name, value, parent);
    const owner = parent.kind === 'props' || parent.kind === 'ms' ? parent.owner : undefined;
    if (owner?.isTopLevel !== true || frame.name === undefined) return;
    if (frame.toString !== undefined && frame.primitive !== undefined && frame.primitiveIsInteger) {
      owner.enumValues.set(frame.name, Number(frame.primitive));
    }
    if (frame.name === 'User') owner.userSid = sidAmong(frame.properties, ['SecurityIdentifier', 'Sid']);
  }

  /** Hands a finished value to the object, property bag or list that contains it. */
  private deliver(name: string | undefined, value: ShellValue, parent: Frame): void {
    if (parent.kind === 'list') {
      if (typeof value === 'string') parent.owner.list!.push(value);
      else if (value !== null) parent.owner.list!.push(...value);
    } else if (parent.kind === 'props' && name !== undefined) {
      parent.owner.properties.set(name, value);
    } else if (parent.kind === 'ms' && name !== undefined && !parent.owner.properties.has(name)) {
      // Select-Object output keeps its properties in <MS>; <Props> wins when both name one.
      parent.owner.properties.set(name, value);
    }
  }

  private toShellObject(frame: ObjFrame): ShellObject {
    const firstTypeName = frame.typeNames[0];
    const userSid = frame.userSid ?? sidAmong(frame.properties, ['UserSid']);
    return {
      type: firstTypeName === undefined ? null : shortTypeName(firstTypeName),
      properties: frame.properties,
      enumValues: frame.enumValues,
      truncated: [],
      ...(userSid === undefined ? {} : { userSid }),
      source: this.source(frame.line, this.objects.length),
    };
  }

  private source(line: number | undefined, index: number): SourceRef {
    return line === undefined ? { file: this.file, index } : { file: this.file, line, index };
  }

  private warn(line: number | undefined, message: string): void {
    this.problems.push({ severity: 'warning', source: this.source(line, this.objects.length), message });
  }
}

/** What the shell prints for an object: its items if it is a collection, else its ToString, else its bare value. */
function objectValue(frame: ObjFrame): ShellValue {
  return frame.list ?? frame.toString ?? frame.primitive ?? null;
}

function scalarText(tag: string, raw: string): string {
  if (tag === 'B') return raw.trim() === 'true' ? 'True' : 'False';
  if (tag === 'C') return String.fromCharCode(Number(raw));
  return decodeCliXmlString(raw);
}

const SID = /^S-1-\d+(-\d+)+$/i;

/**
 * [UNVERIFIED — no published CliXML of Get-ADPermission was found] `User` is a SecurityPrincipalIdParameter whose
 * public `SecurityIdentifier` property (decompiled Microsoft.Exchange.Configuration.Tasks) serialises as an object
 * whose ToString is the SID, or as a plain `<S>` once past the export depth; `Sid` is accepted too, and a collector's
 * `Select-Object` may add `UserSid` on the entry itself.
 */
function sidAmong(properties: ReadonlyMap<string, ShellValue>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = properties.get(name);
    if (typeof value === 'string' && SID.test(value.trim())) return value.trim().toUpperCase();
  }
  return undefined;
}
