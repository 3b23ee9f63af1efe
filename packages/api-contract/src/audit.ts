import { z } from 'zod';

/**
 * Audit event types. Changes are written in the same transaction as the change; security events (sign-ins,
 * refusals) are written on their own.
 */
export const AUDIT_ACTIONS = [
  'session.signIn',
  'session.signInFailed',
  'session.signInThrottled',
  'session.signOut',
  'session.throttleCleared',
  'session.directoryRoleChanged',
  'request.unauthenticated',
  'request.forbidden',
  'request.csrfRefused',
  'user.create',
  'user.update',
  'user.passwordReset',
  'user.passwordChange',
  'user.sessionsEnd',
  'org.initialize',
  'transportConfig.update',
  'server.create',
  'server.update',
  'server.delete',
  'server.permission.add',
  'server.permission.remove',
  'server.permissions.update',
  'acceptedDomain.create',
  'acceptedDomain.update',
  'acceptedDomain.delete',
  'principal.create',
  'principal.update',
  'principal.delete',
  'connector.create',
  'connector.update',
  'connector.delete',
  'connector.permission.add',
  'connector.permission.remove',
  'import.apply',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);

/** Sessions and refused requests; every other action changes something. */
/** Sign-ins and refused requests; an admin clearing a sign-in throttle is a change like any other. */
export const ACCESS_ACTIONS = AUDIT_ACTIONS.filter((a) => (a.startsWith('session.') && a !== 'session.throttleCleared') || a.startsWith('request.'));
export const CHANGE_ACTIONS = AUDIT_ACTIONS.filter((a) => !ACCESS_ACTIONS.includes(a));
export type AuditAction = z.infer<typeof AuditActionSchema>;

/**
 * Account and sign-in events name accounts, roles and failure reasons: only admins read them. (Help desk sees
 * configuration changes, whose actor is part of the change record.) `request.unauthenticated` is no longer
 * written — anonymous requests are request noise for the JSON log — but older databases may hold such rows.
 */
export const ADMIN_ONLY_AUDIT_PREFIXES = ['session.', 'user.', 'request.'] as const;

export const AuditEventSchema = z.object({
  id: z.string(),
  /** UTC, ISO 8601. */
  at: z.string(),
  actor: z.string(),
  action: AuditActionSchema,
  /** What was acted on, e.g. `connector:<id>`, `server:HUB01`, `user:alice`. */
  target: z.string(),
  connectorId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  /** The Exchange Management Shell commands that make the same change; '' when there are none. */
  shell: z.string(),
  sourceIp: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

const IsoInstantSchema = z.iso.datetime({ offset: true, message: 'Use an ISO 8601 time such as 2026-01-31T12:00:00Z.' });

export const AuditQuerySchema = z.strictObject({
  connectorId: z.string().max(64).optional(),
  actor: z.string().max(128).optional(),
  action: AuditActionSchema.optional(),
  category: z.enum(['changes', 'access']).optional().describe('changes: what altered the configuration or accounts; access: sign-ins and refused requests'),
  since: IsoInstantSchema.optional(),
  until: IsoInstantSchema.optional(),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, 'Use a whole number from 1 to 1000.')
    .optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
