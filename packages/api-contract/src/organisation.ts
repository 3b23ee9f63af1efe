import { z } from 'zod';
import {
  AcceptedDomainSchema,
  PermissionChangeSchema,
  PermissionEntrySchema,
  PrincipalSchema,
  ServerSchema,
} from '@cc/connector-engine';

export const HealthSchema = z.object({ status: z.literal('ok'), database: z.literal('ok') });

export const ServerParamsSchema = z.strictObject({ name: z.string().max(64) });
export const ServerBodySchema = ServerSchema;
export const ServerViewSchema = ServerSchema;

export const AcceptedDomainBodySchema = AcceptedDomainSchema.omit({ id: true });
export const AcceptedDomainViewSchema = AcceptedDomainSchema.extend({ id: z.string() });
export type AcceptedDomainView = z.infer<typeof AcceptedDomainViewSchema>;

export const PrincipalBodySchema = PrincipalSchema.omit({ id: true });
export const StoredPrincipalViewSchema = PrincipalSchema.extend({ id: z.string() });
/** Well-known principals (ANONYMOUS LOGON, Exchange Servers, …) are listed read-only. */
export const WellKnownPrincipalViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.literal('wellKnown'),
  sid: z.string(),
  description: z.string(),
  emailAddresses: z.array(z.string()),
  memberOf: z.array(z.string()),
  sendAs: z.array(z.string()),
});
export const PrincipalViewSchema = z.union([StoredPrincipalViewSchema, WellKnownPrincipalViewSchema]);
export type PrincipalView = z.infer<typeof PrincipalViewSchema>;

export const IdParamsSchema = z.strictObject({ id: z.string().max(64) });

export const PermissionBodySchema = PermissionChangeSchema;
export const PermissionEntryViewSchema = PermissionEntrySchema;
export const ServerEntryParamsSchema = z.strictObject({ name: z.string().max(64), entryId: z.string().max(64) });
