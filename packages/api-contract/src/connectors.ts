import { z } from 'zod';
import {
  AuthMechanismSchema,
  ConnectorDraftSchema,
  FULL_DETAIL_MAX_CONNECTORS,
  MAX_BINDINGS,
  MAX_REMOTE_RANGES,
  MAX_SIMULATION_LINES,
  PermissionChangeSchema,
  PermissionEntrySchema,
  PermissionGroupSchema,
  ReceiveConnectorSchema,
  RECEIVE_RIGHTS,
  type EffectivePermissions,
  type Finding,
  type SimulateRequest,
  type SimulateResult,
  smtpLineSchema,
  UsageSchema,
} from '@cc/connector-engine';

/**
 * Compile-time guard: the contract's schema and the engine's type must describe the same value, so the HTTP
 * shapes cannot drift from what the engine computes.
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export const ConnectorViewSchema = ReceiveConnectorSchema;

/** A whole number as query text: digits only (no sign, exponent or spaces), at most 7 of them. */
const countText = z.string().regex(/^[0-9]{1,7}$/, 'a whole number');

export const CONNECTOR_SORT_KEYS = ['name', 'usage', 'enabled', 'risk'] as const;
export const MAX_CONNECTOR_PAGE = 1000;

/**
 * Without paging parameters the whole list comes back as before (every connector, stored order). With them the
 * server filters, sorts and pages: `q` matches name, usage, bindings, ranges, authentication and permission
 * groups (case-insensitive); `risk` sorts by the most severe finding. The total after filtering is in the
 * X-Total-Count header either way.
 */
export const ConnectorListQuerySchema = z.strictObject({
  server: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  usage: UsageSchema.optional(),
  status: z.enum(['enabled', 'disabled']).optional(),
  sort: z.enum(CONNECTOR_SORT_KEYS).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  offset: countText.optional(),
  limit: countText.refine((text) => Number(text) >= 1 && Number(text) <= MAX_CONNECTOR_PAGE, `between 1 and ${MAX_CONNECTOR_PAGE}`).optional(),
});
export type ConnectorListQuery = z.infer<typeof ConnectorListQuerySchema>;
export const ConnectorParamsSchema = z.strictObject({ id: z.string().max(64) });
export const ConnectorEntryParamsSchema = z.strictObject({ id: z.string().max(64), entryId: z.string().max(64) });

/** A new connector: omitted fields take the usage preset and Exchange's defaults. */
export const ConnectorCreateBodySchema = ConnectorDraftSchema.omit({ id: true });

/** List edits: what to add and what to remove, so nobody replaces (and wipes) a list by accident. */
const listEdit = <T extends z.ZodType>(item: T, max: number) =>
  z
    .strictObject({ add: z.array(item).max(max).optional(), remove: z.array(item).max(max).optional() })
    .refine((e) => e.add !== undefined || e.remove !== undefined, 'Send add, remove or both.');

const draft = ConnectorDraftSchema.shape;
export const ConnectorPatchBodySchema = z.strictObject({
  name: draft.name.optional(),
  enabled: draft.enabled,
  fqdn: draft.fqdn,
  banner: draft.banner,
  maxMessageSize: draft.maxMessageSize,
  maxRecipientsPerMessage: draft.maxRecipientsPerMessage,
  sizeEnabled: draft.sizeEnabled,
  requireTLS: draft.requireTLS,
  domainSecureEnabled: draft.domainSecureEnabled,
  protocolLoggingLevel: draft.protocolLoggingLevel,
  comment: draft.comment,
  bindings: listEdit(z.string().max(200), MAX_BINDINGS).optional(),
  remoteIPRanges: listEdit(z.string().max(200), MAX_REMOTE_RANGES).optional(),
  authMechanism: listEdit(z.union([AuthMechanismSchema, z.literal('None')]), 8).optional(),
  permissionGroups: listEdit(z.union([PermissionGroupSchema, z.literal('None'), z.literal('Custom')]), 8).optional(),
});
export type ConnectorPatchBody = z.infer<typeof ConnectorPatchBodySchema>;

export const ConnectorValidateBodySchema = ConnectorDraftSchema;

/** An engine rule's answer: a stable code, the fields it concerns, what to change. */
export const ProblemSchema = z.object({ code: z.string(), paths: z.array(z.string()), message: z.string() });

export const FindingSchema = z.object({
  code: z.string(),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  server: z.string(),
  connectorId: z.string(),
  connectorName: z.string(),
  message: z.string(),
  fix: z.string().describe('The fix in one plain sentence'),
  shell: z.string().describe('Exchange Management Shell commands that make the fix, one a line'),
});
export type _FindingMatches = Assert<Same<z.infer<typeof FindingSchema>, Finding>>;

export const ValidateAnswerSchema = z.object({
  errors: z.array(ProblemSchema),
  warnings: z.array(ProblemSchema),
  findings: z.array(FindingSchema),
  normalized: ReceiveConnectorSchema.nullable(),
});

export const PermissionBodyForConnectorSchema = PermissionChangeSchema;
export const PermissionEntriesSchema = z.array(PermissionEntrySchema);

const ProvenanceSchema = z.object({ entryId: z.string(), user: z.string(), source: z.string(), inherited: z.boolean(), deny: z.boolean() });
export const RightDecisionSchema = z.object({
  right: z.enum(RECEIVE_RIGHTS),
  granted: z.boolean(),
  allowedBy: z.array(ProvenanceSchema),
  deniedBy: z.array(ProvenanceSchema),
});

export const EffectivePermissionsSchema = z.object({
  identity: z.string(),
  displayName: z.string(),
  sids: z.array(z.string()),
  rights: z.array(RightDecisionSchema),
  note: z.string().optional(),
});
export type _EffectiveMatches = Assert<Same<z.infer<typeof EffectivePermissionsSchema>, EffectivePermissions>>;

export const EffectivePermissionsQuerySchema = z.strictObject({
  identity: z
    .string()
    .max(200)
    .optional()
    .describe('anonymous, externallySecured, partner, exchangeServer or user:DOMAIN\\name; omit for every principal'),
});
/** One session kind when `identity` is given; every principal of the ACL otherwise. */
export const EffectivePermissionsAnswerSchema = z.union([EffectivePermissionsSchema, z.array(EffectivePermissionsSchema)]);

const Line = smtpLineSchema('A script line', 1000);
export const SimulateRequestSchema = z.strictObject({
  server: z.string().max(64),
  localEndpoint: z.string().max(100).describe('The address and port the client connects to, e.g. 10.0.0.10:25 or [2001:db8::10]:25'),
  remoteIp: z.string().max(100),
  tls: z.boolean(),
  authUser: smtpLineSchema('The sign-in name', 128).optional(),
  exchangeServerAuth: z.boolean().optional(),
  clientCertificate: z.strictObject({ domain: smtpLineSchema('The certificate domain', 255), valid: z.boolean() }).optional(),
  helo: smtpLineSchema('The HELO name', 255),
  mailFrom: smtpLineSchema('The sender', 320).describe('"" is the null reverse path'),
  rcptTo: z
    .array(smtpLineSchema('A recipient', 320))
    .max(MAX_SIMULATION_LINES, `At most ${MAX_SIMULATION_LINES} recipients per simulation; split a longer list into several runs.`)
    .describe(`Up to ${MAX_SIMULATION_LINES} recipients, one RCPT TO each, so MaxRecipientsPerMessage and the reply after it are reachable`),
  declaredSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  messageSizeBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  headerFrom: smtpLineSchema('The From header', 998).optional(),
  headers: z
    .array(smtpLineSchema('A header line', 998))
    .max(100, 'At most 100 header lines per simulation.')
    .optional()
    .describe('Header lines as submitted (Received: from a, X-MS-Exchange-Organization-SCL: -1); the answer says which the header firewall keeps'),
  script: z
    .array(Line)
    .max(MAX_SIMULATION_LINES, `At most ${MAX_SIMULATION_LINES} script lines per simulation; split a longer session into several runs.`)
    .optional(),
});
export type _SimulateRequestMatches = Assert<Same<z.infer<typeof SimulateRequestSchema>, SimulateRequest>>;

const FixSchema = z.object({
  kind: z.enum(['option1', 'option2', 'scopeConnector', 'authenticate', 'addAnonymousUsers', 'grantRight', 'raiseLimit', 'addBinding', 'useOwnAddress', 'enableTls']),
  title: z.string(),
  grants: z.array(z.string()),
  tradeoff: z.string(),
  shell: z.string(),
  connectorDraft: ConnectorDraftSchema.optional(),
  connectorId: z.string().optional(),
});

const MessageTreatmentSchema = z
  .object({
    treatedAsAuthenticated: z.boolean(),
    senderResolved: z.boolean(),
    antiSpamBypassed: z.boolean(),
    sizeLimitBypassed: z.boolean(),
    authParameterHonoured: z.boolean().nullable().describe('null when MAIL FROM had no AUTH= parameter'),
    body: z.enum(['7BIT', '8BITMIME', 'BINARYMIME']).describe('BODY= as declared on MAIL FROM; 7BIT when absent'),
    decisions: z
      .array(
        z.object({
          aspect: z.enum(['authentication', 'authParameter', 'senderResolution', 'antiSpam', 'sizeLimit']),
          value: z.boolean().nullable(),
          decidedBy: z.string().describe('The extended right, or "authentication" when the sign-in decided it'),
          section: z.string().describe('Section of the domain reference (receive-connectors.md)'),
          text: z.string(),
        }),
      )
      .describe('Each treatment with the right or setting that decides it and the reference section'),
    headers: z
      .array(
        z.object({
          name: z.string(),
          kept: z.boolean(),
          decidedBy: z.enum(RECEIVE_RIGHTS).nullable().describe('The ms-Exch-Accept-Headers-* right that decides it; null for an ordinary header'),
          section: z.string().nullable(),
        }),
      )
      .describe('The header firewall, per submitted header'),
  })
  .describe('How Exchange treats the accepted message; present only when a message was accepted');

export const SimulateResultSchema = z.object({
  connector: z.object({ id: z.string(), name: z.string() }).nullable(),
  listening: z.boolean(),
  matchedRange: z.string().nullable(),
  candidates: z.array(
    z.object({
      connectorId: z.string(),
      name: z.string(),
      outcome: z.enum(['selected', 'lost']),
      reason: z.string(),
      matchingRange: z.string().optional(),
      rangeSize: z.string().optional(),
    }),
  ).describe(
    `A verdict for every connector on a server with at most ${FULL_DETAIL_MAX_CONNECTORS} connectors; beyond that, for the connectors that competed (bound to the endpoint with a range containing the client, disabled ones included)`,
  ),
  candidateSummary: z
    .array(
      z.object({
        reason: z.enum(['notListening', 'noFamilyRanges', 'noMatchingRange', 'disabled']),
        endpoint: z.string().nullable(),
        count: z.number().int(),
        examples: z.array(z.string()),
        text: z.string(),
      }),
    )
    .describe(`On a server with more than ${FULL_DETAIL_MAX_CONNECTORS} connectors, the connectors that did not compete, counted by reason; empty when candidates lists every connector`),
  identity: z.string(),
  rights: z.array(RightDecisionSchema),
  decisiveRights: z.array(z.object({ right: z.string(), granted: z.boolean(), command: z.string() })),
  transcript: z.array(z.object({ client: z.string().nullable(), server: z.string() })),
  outcome: z.enum(['accepted', 'rejected', 'refused']),
  verdict: z.string(),
  explanation: z.string(),
  fixes: z.array(FixSchema),
  message: MessageTreatmentSchema.optional(),
});
export type _SimulateResultMatches = Assert<Same<z.infer<typeof SimulateResultSchema>, SimulateResult>>;
