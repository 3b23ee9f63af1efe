import { z } from 'zod';
import {
  AcceptedDomainSchema,
  AccountNameSchema,
  PermissionChangeSchema,
  PermissionEntrySchema,
  PrincipalSchema,
  ServerSchema,
} from '@cc/connector-engine';

/** 200 with `ok`, or 503 with `unavailable` while the database cannot be reached (the process keeps serving). */
export const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['ok', 'unavailable']) });

export const ServerParamsSchema = z.strictObject({ name: z.string().max(64) });
export const ServerBodySchema = ServerSchema;
export const ServerViewSchema = ServerSchema;

export const AcceptedDomainBodySchema = AcceptedDomainSchema.omit({ id: true });
export const AcceptedDomainViewSchema = AcceptedDomainSchema.extend({ id: z.string() });
export type AcceptedDomainView = z.infer<typeof AcceptedDomainViewSchema>;

/** Set-AcceptedDomain: the type, or making this domain the default (which takes the flag from the other one). */
export const AcceptedDomainPatchBodySchema = z
  .strictObject({
    domainType: AcceptedDomainSchema.shape.domainType.optional(),
    isDefault: AcceptedDomainSchema.shape.isDefault.optional(),
  })
  .refine((b) => b.domainType !== undefined || b.isDefault !== undefined, 'Send domainType, isDefault or both.');
export type AcceptedDomainPatchBody = z.infer<typeof AcceptedDomainPatchBodySchema>;

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

/** List edits: what to add and what to remove, so nobody replaces (and wipes) a list by accident. */
const listEdit = <T extends z.ZodType>(item: T, max: number) =>
  z
    .strictObject({
      add: z.array(item).max(max).optional(),
      // Removal names what is stored, so it takes any stored value (even one an older rule let through).
      remove: z.array(z.string().max(320)).max(max).optional(),
    })
    .refine((e) => e.add !== undefined || e.remove !== undefined, 'Send add, remove or both.');

const principal = PrincipalSchema.shape;
const smtpAddress = principal.emailAddresses.element;
/** The engine's Send-As entry, held to the two forms it documents: an SMTP address or DOMAIN\account. */
const sendAsTarget = principal.sendAs.element.refine(
  (v) => smtpAddress.safeParse(v).success || AccountNameSchema.safeParse(v).success,
  'Send-As names an SMTP address such as bob@contoso.com or an account such as CONTOSO\\bob.',
);

/** The bounds of one request; the API checks the edited principal against PrincipalSchema's own limits. */
export const PrincipalPatchBodySchema = z
  .strictObject({
    emailAddresses: listEdit(smtpAddress, 100).optional(),
    memberOf: listEdit(principal.memberOf.element, 200).optional(),
    sendAs: listEdit(sendAsTarget, 200).optional(),
  })
  .refine((b) => b.emailAddresses !== undefined || b.memberOf !== undefined || b.sendAs !== undefined, 'Send emailAddresses, memberOf or sendAs.');
export type PrincipalPatchBody = z.infer<typeof PrincipalPatchBodySchema>;

export const IdParamsSchema = z.strictObject({ id: z.string().max(64) });

export const PermissionBodySchema = PermissionChangeSchema;
export const PermissionEntryViewSchema = PermissionEntrySchema;
export const ServerEntryParamsSchema = z.strictObject({ name: z.string().max(64), entryId: z.string().max(64) });
