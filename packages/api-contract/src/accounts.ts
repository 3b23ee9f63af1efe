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
  username: z.string().min(1, 'Enter your user name.').max(64),
  // Sign-in accepts any length up to the maximum so an old password can still be typed.
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX_LENGTH),
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

export const AccountSchema = z.object({
  username: z.string(),
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
