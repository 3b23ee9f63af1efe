export * from './state.ts';
export * from './validate.ts';
export * from './effective.ts';
