import { z } from 'zod';
import { ACTIONS, ROLES, type Action } from './catalogue.ts';

export const RoleSchema = z.enum(ROLES);

export const UsernameSchema = z
  .string()
  .min(1, 'Enter a user name.')
  .max(64, 'Use at most 64 characters for the user name.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dots, hyphens and underscores, starting with a letter or digit.');

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/** Only the bounds are checked by the schema; the common-password list is checked by the API. */
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters; a short sentence works well.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const SignInBodySchema = z.strictObject({
  // No control characters: no directory or console name has one, and NUL cannot even be stored by PostgreSQL.
  username: z
    .string()
    .min(1, 'Enter your user name.')
    .max(64)
    .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'A user name has no control characters (such as NUL or a line break); type it again.'),
  // Sign-in accepts any length up to the maximum so an old password can still be typed.
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX_LENGTH),
  /** `ldap` signs in with the organisation's directory; the default is a console account when those are on. */
  method: z.enum(['local', 'ldap'], { message: 'Use method "local" (console account) or "ldap" (directory).' }).optional(),
});
export type SignInBody = z.infer<typeof SignInBodySchema>;

export const SessionUserSchema = z.object({ username: z.string(), role: RoleSchema });

export const SessionAnswerSchema = z.object({
  user: SessionUserSchema,
  /** Send it back as `X-CSRF-Token` on every write. */
  csrfToken: z.string(),
  abilities: z.array(z.enum(ACTIONS as [Action, ...Action[]])),
  /** When the session ends at the latest (absolute limit), UTC ISO. */
  expiresAt: z.string(),
});
export type SessionAnswer = z.infer<typeof SessionAnswerSchema>;

export const AccountSourceSchema = z.enum(['local', 'ldap', 'oidc']);

export const AccountSchema = z.object({
  username: z.string(),
  /** How the person signs in; directory people get their role from their groups or claims at every sign-in. */
  source: AccountSourceSchema,
  /** The name as the directory or provider spells it (the user name itself for console accounts). */
  displayName: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof AccountSchema>;

export const CreateAccountBodySchema = z.strictObject({
  username: UsernameSchema,
  password: NewPasswordSchema,
  role: RoleSchema,
});
export type CreateAccountBody = z.infer<typeof CreateAccountBodySchema>;

export const UpdateAccountBodySchema = z
  .strictObject({ role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.disabled !== undefined, 'Send role, disabled or both.');
export type UpdateAccountBody = z.infer<typeof UpdateAccountBodySchema>;

export const ResetPasswordBodySchema = z.strictObject({ password: NewPasswordSchema });

/** One's own password: the current one proves it is really the account's owner at the keyboard. */
export const ChangeOwnPasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1, 'Enter your current password.').max(PASSWORD_MAX_LENGTH),
  newPassword: NewPasswordSchema,
});
export type ChangeOwnPasswordBody = z.infer<typeof ChangeOwnPasswordBodySchema>;

export const ChangeOwnPasswordAnswerSchema = z.object({ otherSessionsEnded: z.number().int().min(0) });
export type ChangeOwnPasswordAnswer = z.infer<typeof ChangeOwnPasswordAnswerSchema>;

export const UsernameParamsSchema = z.strictObject({ username: z.string().max(64) });

/** One sign-in throttle: failures counted for an account from an address, for an address, or for an account. */
export const SignInThrottleSchema = z.object({
  kind: z.enum(['pair', 'address', 'account']),
  /** The account's user name as compared (lower case); null for an address throttle. */
  account: z.string().nullable(),
  address: z.string().nullable(),
  failures: z.number().int(),
  windowStartedAt: z.string(),
  /** Until when attempts are refused with 429; null when the key only counts. */
  blockedUntil: z.string().nullable(),
});
export type SignInThrottle = z.infer<typeof SignInThrottleSchema>;

export const ClearThrottlesQuerySchema = z
  .strictObject({ account: z.string().min(1).max(64).optional(), address: z.string().min(1).max(64).optional() })
  .refine((q) => q.account !== undefined || q.address !== undefined, 'Name the account, the address or both to clear their throttles.');

export const ClearThrottlesAnswerSchema = z.object({ cleared: z.number().int() });

/** The ways in this console offers; the sign-in page shows exactly these. */
export const SignInMethodsSchema = z.object({
  local: z.boolean(),
  ldap: z.boolean(),
  /** The button's wording for the OpenID provider, null when none is configured. */
  oidc: z.object({ displayName: z.string() }).nullable(),
});
export type SignInMethods = z.infer<typeof SignInMethodsSchema>;

const RoleGrantSchema = z.object({ role: RoleSchema, value: z.string() });

/** How directory sign-in is configured (environment), for admins to read; secrets are never included. */
export const SignInSettingsSchema = z.object({
  local: z.boolean(),
  ldap: z
    .object({
      urls: z.array(z.string()),
      caFile: z.string().nullable(),
      bind: z.enum(['serviceAccount', 'direct']),
      /** The service account DN, or the direct-bind template. */
      bindName: z.string(),
      userBase: z.string(),
      userFilter: z.string(),
      roleGroups: z.array(RoleGrantSchema),
      allowPlain: z.boolean(),
      /** Live sessions are re-checked against the directory this often (0: only at sign-in). */
      recheckMinutes: z.number().int(),
    })
    .nullable(),
  oidc: z
    .object({ issuer: z.string(), clientId: z.string(), redirectUrl: z.string(), roleClaim: z.string(), roleValues: z.array(RoleGrantSchema) })
    .nullable(),
});
export type SignInSettings = z.infer<typeof SignInSettingsSchema>;
