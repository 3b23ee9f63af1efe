export * from './group-tables.ts';
export * from './acl.ts';
export * from './evaluate.ts';
export * from './readback.ts';
export * from './identity.ts';
