export * from './quote.ts';
export * from './commands.ts';
