import { z } from 'zod';

/** Protocol-log uploads (issue 12): what was read, how the sessions compare with the stored configuration. */
export const LOG_OUTCOMES = ['relayed', 'relay refused', 'submission refused', 'authentication failed', 'accepted', 'dropped'] as const;
export const LOG_VERDICTS = ['agrees', 'differs', 'not comparable'] as const;

export const LogFileReportSchema = z.object({
  name: z.string(),
  bytes: z.number().int(),
  lines: z.number().int(),
  records: z.number().int(),
  unreadable: z.number().int(),
  logType: z.string().nullable(),
  version: z.string().nullable(),
  examples: z.array(z.object({ line: z.number().int(), reason: z.string(), text: z.string() })).describe('The first lines that could not be read, and why'),
});

export const DisagreementGroupSchema = z.object({
  key: z.string(),
  cause: z.enum(['connector missing', 'connector selection', 'rights', 'reply']),
  explanation: z.string(),
  sessions: z.number().int(),
});

export const LogUploadSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  expiresAt: z.string(),
  files: z.array(LogFileReportSchema),
  sessions: z.number().int(),
  comparable: z.number().int(),
  agreeing: z.number().int(),
  agreementRate: z.number().nullable().describe('Agreeing ÷ comparable sessions; null when none could be compared'),
  groups: z.array(DisagreementGroupSchema),
  notComparable: z.array(z.object({ reason: z.string(), sessions: z.number().int() })),
});
export type LogUpload = z.infer<typeof LogUploadSchema>;

const ExchangeSchema = z.object({ command: z.string().nullable(), reply: z.string() });

export const LogSessionSchema = z.object({
  id: z.string(),
  uploadId: z.string(),
  server: z.string(),
  sessionId: z.string(),
  connector: z.string(),
  start: z.string(),
  end: z.string(),
  localEndpoint: z.string(),
  remoteEndpoint: z.string(),
  remoteIp: z.string(),
  tls: z.boolean(),
  account: z.string().nullable(),
  helo: z.string().nullable(),
  mailFrom: z.string().nullable(),
  rcptTo: z.array(z.string()),
  replyCodes: z.array(z.string()),
  outcome: z.enum(LOG_OUTCOMES),
  verdict: z.enum(LOG_VERDICTS),
  /** The first difference (or why not comparable), for the table. */
  note: z.string().nullable(),
});
export type LogSession = z.infer<typeof LogSessionSchema>;

export const LogSessionDetailSchema = LogSessionSchema.extend({
  lines: z.array(z.object({ sequence: z.number().int(), time: z.string(), event: z.string(), data: z.string(), context: z.string() })),
  tokens: z.array(z.string()).describe('Each "Set Session Permissions" line as logged'),
  rights: z.array(z.array(z.string())).describe('The same, as extended rights'),
  exchanges: z.array(z.object({ logged: ExchangeSchema.nullable(), replayed: ExchangeSchema.nullable(), agrees: z.boolean() })).describe('The logged dialogue beside the replay, line by line'),
  differences: z.array(z.object({ cause: DisagreementGroupSchema.shape.cause, explanation: z.string(), logged: ExchangeSchema.optional(), replayed: ExchangeSchema.optional() })),
  replayedConnector: z.string().nullable(),
  complete: z.boolean(),
});
export type LogSessionDetail = z.infer<typeof LogSessionDetailSchema>;

export const LogSessionsQuerySchema = z.strictObject({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  clientIp: z.string().max(64).optional(),
  connector: z.string().max(128).optional(),
  sender: z.string().max(256).optional(),
  recipient: z.string().max(256).optional(),
  replyCode: z.string().regex(/^\d{3}( \d\.\d{1,3}\.\d{1,3})?$/, 'a reply code such as 550 or 550 5.7.1').optional(),
  outcome: z.enum(LOG_OUTCOMES).optional(),
  verdict: z.enum(LOG_VERDICTS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type LogSessionsQuery = z.infer<typeof LogSessionsQuerySchema>;

export const LogSessionPageSchema = z.object({ total: z.number().int(), sessions: z.array(LogSessionSchema) });

export const LogSummariesSchema = z.object({
  relayRefusals: z.array(z.object({ remoteIp: z.string(), connector: z.string(), sessions: z.number().int() })).describe('Sources of 550 5.7.1 Unable to relay'),
  acceptAnyRecipient: z
    .array(z.object({ connector: z.string(), clients: z.array(z.object({ remoteIp: z.string(), sessions: z.number().int() })) }))
    .describe('Per connector, the client addresses that relayed with ms-Exch-SMTP-Accept-Any-Recipient'),
});
export type LogSummaries = z.infer<typeof LogSummariesSchema>;
