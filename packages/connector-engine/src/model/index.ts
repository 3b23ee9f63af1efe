export * from './rights.ts';
export * from './principals.ts';
export * from './schemas.ts';
export * from './text.ts';
export * from './usage.ts';
export * from './transport-settings.ts';
export * from './labels.ts';
