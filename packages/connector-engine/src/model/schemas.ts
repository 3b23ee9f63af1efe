import { z } from 'zod';
import { checkFreeText, checkName } from './text.ts';

/** A zod string refined by one of the text checks, so the message says what to fix. */
const checked = (check: (s: string) => string | null) =>
  z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const NameSchema = checked((s) => checkName(s));

/** A custom SMTP greeting is sent as one line, so it is screened as one (§6.3 step 1). */
export const BannerSchema = checked((s) => checkFreeText(s, 'The banner', 512));
export const CommentSchema = checked((s) => checkFreeText(s, 'The comment', 1024, 'many'));
/** Any text the simulator sends or compares as part of one SMTP command or header line. */
export const smtpLineSchema = (what: string, maxLength: number) => checked((s) => checkFreeText(s, what, maxLength));

export const ServerRoleSchema = z.enum(['HubTransport', 'Edge']);
export type ServerRole = z.infer<typeof ServerRoleSchema>;

const FqdnSchema = z
  .string()
  .max(255)
  .regex(
    /^(?=.{1,255}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    'Enter a host name such as hub01.contoso.com (letters, digits, hyphens and dots).',
  );

export const ServerSchema = z.strictObject({
  name: checked((s) => checkName(s, 'The server name')),
  fqdn: FqdnSchema,
  role: ServerRoleSchema,
  /** Local adapter addresses; bindings may only use these (or the wildcards). */
  ipAddresses: z.array(z.string().max(64)).max(64),
});
export type Server = z.infer<typeof ServerSchema>;

/** A DNS domain of at least two labels (contoso.com), as a regular-expression source without anchors. */
export const DOMAIN_NAME_PATTERN = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+';

export const DomainTypeSchema = z.enum(['Authoritative', 'InternalRelay', 'ExternalRelay']);
export type DomainType = z.infer<typeof DomainTypeSchema>;

export const AcceptedDomainSchema = z.strictObject({
  id: z.string().optional(),
  /** `contoso.com`, or `*.contoso.com` for the domain and all its subdomains (§8). */
  domainName: z
    .string()
    .max(255)
    .regex(new RegExp(`^(\\*\\.)?${DOMAIN_NAME_PATTERN}$`), 'Enter a domain such as contoso.com, or *.contoso.com to include its subdomains.'),
  domainType: DomainTypeSchema,
  isDefault: z.boolean(),
});
export type AcceptedDomain = z.infer<typeof AcceptedDomainSchema>;

/** DOMAIN\name, as Windows writes account names. */
export const AccountNameSchema = z
  .string()
  .max(128)
  .regex(/^[^\\\s][^\\]*\\[^\\]+$/, 'Write the account as DOMAIN\\name, for example CONTOSO\\alice.')
  .superRefine((value, ctx) => {
    const problem = checkFreeText(value, 'The account name', 128);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const EmailSchema = z
  .string()
  .max(320)
  .regex(/^[^@\s<>]+@[A-Za-z0-9.-]+$/, 'Enter an SMTP address such as alice@contoso.com.');

export const PrincipalKindSchema = z.enum(['user', 'group']);

export const PrincipalSchema = z.strictObject({
  id: z.string().optional(),
  name: AccountNameSchema,
  kind: PrincipalKindSchema,
  emailAddresses: z.array(EmailSchema).max(100),
  /** Groups this principal is a direct member of (DOMAIN\group names); membership is transitive. */
  memberOf: z.array(AccountNameSchema).max(200),
  /** Addresses or accounts this principal holds Send-As on. */
  sendAs: z.array(checked((s) => checkFreeText(s, 'A Send-As entry', 320))).max(200),
});
export type Principal = z.infer<typeof PrincipalSchema>;

export const UsageSchema = z.enum(['Custom', 'Internet', 'Internal', 'Client', 'Partner']);
export type Usage = z.infer<typeof UsageSchema>;

export const AUTH_MECHANISMS = [
  'Tls',
  'Integrated',
  'BasicAuth',
  'BasicAuthRequireTLS',
  'ExchangeServer',
  'ExternalAuthoritative',
] as const;
export const AuthMechanismSchema = z.enum(AUTH_MECHANISMS);
export type AuthMechanism = z.infer<typeof AuthMechanismSchema>;

/** Settable groups; `Custom` is only ever read back (§2.5). Flag order = Exchange's display order. */
export const PERMISSION_GROUPS = [
  'AnonymousUsers',
  'ExchangeUsers',
  'ExchangeServers',
  'ExchangeLegacyServers',
  'Partners',
] as const;
export const PermissionGroupSchema = z.enum(PERMISSION_GROUPS);
export type PermissionGroup = z.infer<typeof PermissionGroupSchema>;
export type PermissionGroupReadBack = PermissionGroup | 'Custom';

export const SizeEnabledSchema = z.enum(['Disabled', 'Enabled', 'EnabledWithoutValue']);
export const ProtocolLoggingLevelSchema = z.enum(['None', 'Verbose']);

export const MAX_REMOTE_RANGES = 1000;
export const MAX_BINDINGS = 64;
/** Exchange's largest settable MaxMessageSize is 2 GB. */
export const MAX_MESSAGE_SIZE_LIMIT = 2 * 1024 * 1024 * 1024;

/** A stored receive connector (the contract's connector fields). */
export const ReceiveConnectorSchema = z.strictObject({
  id: z.string(),
  server: z.string(),
  name: NameSchema,
  usage: UsageSchema,
  enabled: z.boolean(),
  bindings: z.array(z.string().max(64)).max(MAX_BINDINGS),
  remoteIPRanges: z.array(z.string().max(100)).max(MAX_REMOTE_RANGES),
  authMechanism: z.array(AuthMechanismSchema),
  /** Read back from the ACL; may contain `Custom`. */
  permissionGroups: z.array(z.union([PermissionGroupSchema, z.literal('Custom')])),
  fqdn: FqdnSchema,
  banner: BannerSchema.nullable(),
  maxMessageSize: z.number().int().min(65536).max(MAX_MESSAGE_SIZE_LIMIT),
  maxRecipientsPerMessage: z.number().int().min(1).max(512000),
  sizeEnabled: SizeEnabledSchema,
  requireTLS: z.boolean(),
  domainSecureEnabled: z.boolean(),
  protocolLoggingLevel: ProtocolLoggingLevelSchema,
  comment: CommentSchema,
  version: z.number().int().min(1),
});
export type ReceiveConnector = z.infer<typeof ReceiveConnectorSchema>;

/**
 * What an admin sends to create (or, with `id`, to validate an edit of) a connector. Omitted fields take the
 * usage preset (§5.1) and the object defaults. `permissionGroups` accepts `None` and `Custom` so the rules can
 * answer them with a precise message rather than a schema error.
 */
export const ConnectorDraftSchema = z.strictObject({
  id: z.string().optional(),
  server: z.string().max(64),
  name: z.string().max(1000),
  usage: UsageSchema,
  enabled: z.boolean().optional(),
  bindings: z.array(z.string().max(200)).max(MAX_BINDINGS).optional(),
  remoteIPRanges: z.array(z.string().max(200)).max(MAX_REMOTE_RANGES).optional(),
  authMechanism: z.array(z.union([AuthMechanismSchema, z.literal('None')])).max(8).optional(),
  permissionGroups: z.array(z.union([PermissionGroupSchema, z.literal('None'), z.literal('Custom')])).max(8).optional(),
  fqdn: FqdnSchema.optional(),
  banner: BannerSchema.nullable().optional(),
  maxMessageSize: z.number().int().min(65536).max(MAX_MESSAGE_SIZE_LIMIT).optional(),
  maxRecipientsPerMessage: z.number().int().min(1).max(512000).optional(),
  sizeEnabled: SizeEnabledSchema.optional(),
  requireTLS: z.boolean().optional(),
  domainSecureEnabled: z.boolean().optional(),
  protocolLoggingLevel: ProtocolLoggingLevelSchema.optional(),
  comment: CommentSchema.optional(),
});
export type ConnectorDraft = z.infer<typeof ConnectorDraftSchema>;

export const PermissionSourceSchema = z.string().regex(/^(PermissionGroup:[A-Za-z]+|Explicit|Inherited)$/);

/** One ACE-set on a connector (or, inherited, on the server's receive-connector container). */
export const PermissionEntrySchema = z.strictObject({
  id: z.string(),
  user: z.string(),
  extendedRights: z.array(z.string()).min(1),
  deny: z.boolean(),
  inherited: z.boolean(),
  /** What wrote it: `PermissionGroup:<name>`, `Explicit` (an admin) or `Inherited` (the server container). */
  source: PermissionSourceSchema,
});
export type PermissionEntry = z.infer<typeof PermissionEntrySchema>;

/** What an admin sends to add or remove rights (Add-ADPermission / Remove-ADPermission). */
export const PermissionChangeSchema = z.strictObject({
  user: z.string().min(1).max(128),
  extendedRights: z.array(z.string().max(80)).min(1).max(32),
  deny: z.boolean().default(false),
});
export type PermissionChange = z.infer<typeof PermissionChangeSchema>;
