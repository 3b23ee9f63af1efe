import { ProtocolLogReader, type ReadReport } from './read-protocol-log.ts';
import { SessionAssembler, type AssembleOptions, type LogSession } from './sessions.ts';

export interface ParsedLog {
  sessions: LogSession[];
  reports: ReadReport[];
}

/** Reads whole texts (a pasted excerpt, test fixtures) into sessions; uploads stream through the reader instead. */
export function parseProtocolLogs(files: { name: string; text: string }[], options: AssembleOptions = {}): ParsedLog {
  const sessions: LogSession[] = [];
  const assembler = new SessionAssembler((s) => sessions.push(s), options);
  const reports = files.map(({ name, text }) => {
    const reader = new ProtocolLogReader(name, (r) => assembler.add(r));
    reader.push(text);
    return reader.end();
  });
  assembler.end();
  return { sessions, reports };
}
