export * from './types.ts';
export * from './replies.ts';
export * from './accepted-domains.ts';
export * from './ehlo.ts';
export { SmtpSession, type Refusal, type SessionPermissionChange } from './session.ts';
export * from './fixes.ts';
export * from './simulate.ts';
export * from './message.ts';
export * from './syntax.ts';
