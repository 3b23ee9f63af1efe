import { splitCsvLine } from './csv-line.ts';

export type LogEvent = '+' | '-' | '>' | '<' | '*';

/** One data line of a protocol log. */
export interface LogRecord {
  file: string;
  /** 1-based line number in its file. */
  line: number;
  time: string;
  connectorId: string;
  sessionId: string;
  sequence: number;
  localEndpoint: string;
  remoteEndpoint: string;
  event: LogEvent;
  data: string;
  context: string;
}

export interface LogHeader {
  software: string | null;
  version: string | null;
  logType: string | null;
  date: string | null;
  fields: string[] | null;
}

export interface UnreadableLine {
  file: string;
  line: number;
  reason: string;
  text: string;
}

export interface ReadReport {
  file: string;
  header: LogHeader;
  lines: number;
  records: number;
  unreadable: number;
  /** The first unreadable lines, with why (the rest are counted). */
  examples: UnreadableLine[];
}

const DEFAULT_FIELDS = ['date-time', 'connector-id', 'session-id', 'sequence-number', 'local-endpoint', 'remote-endpoint', 'event', 'data', 'context'];
const EVENTS = new Set(['+', '-', '>', '<', '*']);
/** Information contexts that identify a `*` line whose star a forum's Markdown ate (protocol-logs.md §4.1). */
const INFO_CONTEXTS = /^(set session permissions|receiving message|authenticated)/i;
const MAX_EXAMPLES = 20;
/** Longer lines are not Exchange's (its data field carries one SMTP line): counted as unreadable, never buffered on. */
export const MAX_LINE_CHARS = 16_384;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Reads a SMTP Receive protocol log incrementally: feed decoded text with `push` in chunks of any size and get each
 * data line through `onRecord`; `end` returns what was read. Header lines are recognised by prefix and case (`#Log-type`
 * and `#Log-Type`), any `#Version` is accepted, the columns follow `#Fields` when present, and every line it cannot
 * read is counted with its reason instead of stopping the file.
 */
export class ProtocolLogReader {
  private rest = '';
  private lineNo = 0;
  private records = 0;
  private unreadable = 0;
  private readonly examples: UnreadableLine[] = [];
  private readonly header: LogHeader = { software: null, version: null, logType: null, date: null, fields: null };
  private columns: Columns = columnIndex(DEFAULT_FIELDS)!;
  private skipping = false;

  constructor(
    private readonly file: string,
    private readonly onRecord: (record: LogRecord) => void,
  ) {}

  push(chunk: string): void {
    let text = this.rest + chunk;
    if (this.lineNo === 0 && this.rest === '' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      if (this.skipping) this.skipping = false;
      else this.line(text.slice(start, nl));
      start = nl + 1;
    }
    this.rest = text.slice(start);
    if (this.rest.length > MAX_LINE_CHARS) {
      if (!this.skipping) this.fail(this.rest, `longer than ${MAX_LINE_CHARS} characters`);
      this.skipping = true;
      this.rest = '';
    }
  }

  end(): ReadReport {
    if (this.rest !== '' && !this.skipping) this.line(this.rest);
    this.rest = '';
    return { file: this.file, header: this.header, lines: this.lineNo, records: this.records, unreadable: this.unreadable, examples: this.examples };
  }

  private fail(text: string, reason: string): void {
    this.unreadable++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ file: this.file, line: this.lineNo, reason, text: text.slice(0, 200) });
  }

  private line(raw: string): void {
    this.lineNo++;
    const text = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).trimStart();
    if (text === '') return;
    if (text.startsWith('#')) return this.headerLine(text);
    const fields = splitCsvLine(text);
    if (!fields) return this.fail(text, 'a quoted field is not closed (truncated line?)');
    const c = this.columns;
    if (fields.length < c.minimum) return this.fail(text, `${fields.length} fields where ${c.minimum} are expected (truncated line?)`);
    const time = fields[c.time]!;
    if (!TIME.test(time)) return this.fail(text, `"${time.slice(0, 40)}" is not a UTC date-time`);
    const sequence = Number(fields[c.sequence]);
    if (!Number.isInteger(sequence) || sequence < 0) return this.fail(text, `sequence number "${fields[c.sequence]}" is not a number`);
    const data = fields[c.data] ?? '';
    const context = fields[c.context] ?? '';
    let event = fields[c.event]!;
    if (event === '' && INFO_CONTEXTS.test(context)) event = '*';
    if (!EVENTS.has(event)) return this.fail(text, `unknown event "${event.slice(0, 10)}" (expected + - > < *)`);
    const connectorId = fields[c.connector]!;
    if (!connectorId.includes('\\')) return this.fail(text, `connector "${connectorId}" is not SERVER\\Name (a Send log?)`);
    this.records++;
    this.onRecord({
      file: this.file,
      line: this.lineNo,
      time,
      connectorId,
      sessionId: fields[c.session]!,
      sequence,
      localEndpoint: fields[c.local]!,
      remoteEndpoint: fields[c.remote]!,
      event: event as LogEvent,
      data,
      context,
    });
  }

  private headerLine(text: string): void {
    const colon = text.indexOf(':');
    const key = (colon < 0 ? text : text.slice(1, colon)).trim().toLowerCase();
    const value = colon < 0 ? '' : text.slice(colon + 1).trim();
    if (key === 'software') this.header.software = value;
    else if (key === 'version') this.header.version = value;
    else if (key === 'log-type') this.header.logType = value;
    else if (key === 'date') this.header.date = value;
    else if (key === 'fields') {
      const fields = value.split(',').map((f) => f.trim().toLowerCase());
      const index = columnIndex(fields);
      if (index) {
        this.header.fields = fields;
        this.columns = index;
      } else this.fail(text, `#Fields lacks a column the console needs (${DEFAULT_FIELDS.join(', ')})`);
    }
  }
}

interface Columns {
  time: number;
  connector: number;
  session: number;
  sequence: number;
  local: number;
  remote: number;
  event: number;
  data: number;
  context: number;
  /** Lines with fewer fields are truncated; data and context may be missing at the end. */
  minimum: number;
}

function columnIndex(fields: string[]): Columns | null {
  const at = (name: string) => fields.indexOf(name);
  const c = {
    time: at('date-time'),
    connector: at('connector-id'),
    session: at('session-id'),
    sequence: at('sequence-number'),
    local: at('local-endpoint'),
    remote: at('remote-endpoint'),
    event: at('event'),
    data: at('data'),
    context: at('context'),
  };
  const required = [c.time, c.connector, c.session, c.sequence, c.local, c.remote, c.event];
  if (required.some((i) => i < 0)) return null;
  return { ...c, minimum: Math.max(...required) + 1 };
}

/** The log type a file declares, for a clear refusal of a Send log or a message-tracking log. */
export function isReceiveLog(header: LogHeader): boolean | null {
  if (header.logType === null) return null;
  return /smtp receive protocol log/i.test(header.logType);
}
