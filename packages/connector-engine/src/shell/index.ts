export * from './quote.ts';
export * from './commands.ts';
export * from './organisation-commands.ts';
