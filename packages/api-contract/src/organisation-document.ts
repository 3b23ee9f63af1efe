import { z } from 'zod';
import {
  AcceptedDomainSchema,
  PrincipalSchema,
  ReceiveConnectorSchema,
  ServerSchema,
  TransportSettingsSchema,
} from '@cc/connector-engine';

/**
 * The console's own document of an organisation (or of one server): what `GET /api/export/organisation.json`
 * writes and `POST /api/import/preview` reads back — a backup, a restore, a move between consoles. Versioned:
 * a reader refuses a version it does not know instead of guessing.
 */
export const ORGANISATION_DOCUMENT_FORMAT = 'connector-console.organisation';
export const ORGANISATION_DOCUMENT_VERSION = 1;

/** One ACE-set as written: no id (ids are the console's own); `source` says what wrote it. */
export const DocumentEntrySchema = z.strictObject({
  user: z.string().min(1).max(256),
  extendedRights: z.array(z.string().max(80)).min(1).max(64),
  deny: z.boolean(),
  source: z.string().regex(/^(PermissionGroup:[A-Za-z]+|Explicit|Inherited)$/),
});
export type DocumentEntry = z.infer<typeof DocumentEntrySchema>;

/** Properties an Exchange object had that the 2007 model does not cover, kept as printed (e.g. TransportRole). */
export const ExtrasSchema = z.record(z.string().max(128), z.string().max(4096));

const connector = ReceiveConnectorSchema.shape;
export const DocumentConnectorSchema = z.strictObject({
  server: z.string().max(64),
  name: connector.name,
  usage: connector.usage,
  enabled: connector.enabled,
  bindings: connector.bindings,
  remoteIPRanges: connector.remoteIPRanges,
  authMechanism: connector.authMechanism,
  fqdn: connector.fqdn,
  banner: connector.banner,
  maxMessageSize: connector.maxMessageSize,
  maxRecipientsPerMessage: connector.maxRecipientsPerMessage,
  sizeEnabled: connector.sizeEnabled,
  requireTLS: connector.requireTLS,
  domainSecureEnabled: connector.domainSecureEnabled,
  protocolLoggingLevel: connector.protocolLoggingLevel,
  comment: connector.comment,
  permissions: z.array(DocumentEntrySchema).max(20_000),
  extras: ExtrasSchema,
});
export type DocumentConnector = z.infer<typeof DocumentConnectorSchema>;

export const DocumentServerSchema = ServerSchema.extend({
  /** Get-ExchangeServer's AdminDisplayVersion, e.g. `Version 8.1 (Build 240.6)`; null when unknown. */
  exchangeVersion: z.string().max(100).nullable(),
  /** Entries on the server's receive-connector container, inherited by each of its connectors. */
  containerPermissions: z.array(DocumentEntrySchema).max(20_000),
});
export type DocumentServer = z.infer<typeof DocumentServerSchema>;

export const OrganisationDocumentSchema = z.strictObject({
  format: z.literal(ORGANISATION_DOCUMENT_FORMAT),
  version: z.literal(ORGANISATION_DOCUMENT_VERSION),
  exportedAt: z.string(),
  /** The organisation's NetBIOS domain (CONTOSO): principals such as CONTOSO\Exchange Servers carry it. */
  domain: z.string().max(15),
  /** `organisation`, or the one server the document was exported for (then only its connectors are present). */
  scope: z.union([z.literal('organisation'), z.strictObject({ server: z.string().max(64) })]),
  transportSettings: TransportSettingsSchema,
  acceptedDomains: z.array(AcceptedDomainSchema.omit({ id: true })).max(5_000),
  principals: z.array(PrincipalSchema.omit({ id: true })).max(50_000),
  servers: z.array(DocumentServerSchema).max(500),
  connectors: z.array(DocumentConnectorSchema).max(20_000),
});
export type OrganisationDocument = z.infer<typeof OrganisationDocumentSchema>;

// ---- import preview ---------------------------------------------------------------------------------------

export const ChangeKindSchema = z.enum(['transportSettings', 'acceptedDomain', 'principal', 'server', 'serverPermissions', 'connector']);
export type ChangeKind = z.infer<typeof ChangeKindSchema>;

/** One difference between what the console holds and what the import says Exchange holds. */
export const PlannedChangeSchema = z.object({
  kind: ChangeKindSchema,
  action: z.enum(['create', 'update', 'delete']),
  /** Stable key, compared without case: `hub01\relay`, `contoso.com`, `contoso\crm`, `hub01`, `transport`. */
  key: z.string(),
  /** The object as the admin knows it: `HUB01\Relay`, `contoso.com`, `CONTOSO\crm`, `HUB01`, `Transport settings`. */
  label: z.string(),
  server: z.string().nullable(),
  /** Fields that differ (updates). */
  fields: z.array(z.string()),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  /** What applying the import does, as Exchange Management Shell (the audit log keeps it). */
  shellToMatchExchange: z.array(z.string()),
  /** The other way round: what would make Exchange match the console again. */
  shellToMatchConsole: z.array(z.string()),
});
export type PlannedChange = z.infer<typeof PlannedChangeSchema>;

export const ImportProblemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int().nullable(),
  object: z.string().nullable(),
  property: z.string().nullable(),
  message: z.string(),
  fix: z.string().nullable(),
});
export type ImportProblemView = z.infer<typeof ImportProblemSchema>;

/** An imported object Exchange's own rules (as the engine knows them) refuse: shown as found, not applied. */
export const RefusedObjectSchema = z.object({
  kind: ChangeKindSchema,
  key: z.string(),
  asFound: z.unknown(),
  rules: z.array(z.object({ code: z.string(), message: z.string() })),
});

export const ImportSourceSchema = z.object({
  file: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  format: z.enum(['clixml', 'format-list', 'ace-table', 'ems', 'document']),
  objects: z.number().int(),
});
export type ImportSource = z.infer<typeof ImportSourceSchema>;

export const ImportPreviewSchema = z.object({
  sources: z.array(ImportSourceSchema),
  /** Servers found in the files, with the Exchange version each runs. */
  servers: z.array(z.object({ name: z.string(), exchangeVersion: z.string().nullable(), release: z.string().nullable() })),
  changes: z.array(PlannedChangeSchema),
  refused: z.array(RefusedObjectSchema),
  problems: z.array(ImportProblemSchema),
  /** Risk findings of the organisation as it would be after applying. */
  findings: z.array(z.object({ code: z.string(), severity: z.string(), server: z.string(), connectorName: z.string(), message: z.string(), fix: z.string() })),
  /** True when an earlier import exists: the changes are then drift, what changed in Exchange since. */
  drift: z.boolean(),
  lastImportAt: z.string().nullable(),
  /** Send it back with the apply: the apply refuses (409) if the plan it computes differs. */
  planHash: z.string(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportRecordSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  sources: z.array(ImportSourceSchema),
  changes: z.number().int(),
});
export type ImportRecord = z.infer<typeof ImportRecordSchema>;

/** What Exchange had on a connector beyond the 2007 model, and the server's version, as the last import found them. */
export const ExchangePropertiesSchema = z.object({
  extras: ExtrasSchema,
  exchangeVersion: z.string().nullable(),
  release: z.string().nullable(),
});
export type ExchangeProperties = z.infer<typeof ExchangePropertiesSchema>;
