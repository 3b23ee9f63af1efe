export * from './errors.ts';
export * from './catalogue.ts';
export * from './audit.ts';
export * from './accounts.ts';
export * from './organisation.ts';
export * from './connectors.ts';
export * from './transport-settings.ts';
export * from './organisation-document.ts';
