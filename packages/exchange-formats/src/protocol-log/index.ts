export * from './tokens.ts';
export * from './read-protocol-log.ts';
export * from './sessions.ts';
export { splitCsvLine, csvField } from './csv-line.ts';
export * from './render-session.ts';
export * from './render.ts';
export * from './replay.ts';
export * from './parse.ts';
