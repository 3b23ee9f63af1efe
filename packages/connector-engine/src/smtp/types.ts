import type { CandidateSummary, CandidateVerdict } from '../selection/index.ts';
import type { RightDecision } from '../permissions/evaluate.ts';
import type { ConnectorDraft } from '../model/schemas.ts';
import type { MessageTreatment } from './message.ts';

/** The help desk's case (ARCHITECTURE POST /api/simulate). `mailFrom: ''` is the null reverse path. */
export interface SimulateRequest {
  server: string;
  localEndpoint: string;
  remoteIp: string;
  tls: boolean;
  authUser?: string;
  exchangeServerAuth?: boolean;
  clientCertificate?: { domain: string; valid: boolean };
  helo: string;
  mailFrom: string;
  rcptTo: string[];
  declaredSize?: number;
  messageSizeBytes?: number;
  headerFrom?: string;
  /** Header lines the client submits (`Received: from a`, `X-MS-Exchange-Organization-SCL: -1`), for the header firewall. */
  headers?: string[];
  /** Client lines replacing the default dialogue (`EHLO x`, `STARTTLS`, `AUTH LOGIN`, `MAIL FROM:<a> SIZE=n`, `.`). */
  script?: string[];
}

/** Which Exchange behaviour to model where versions differ (§6.4): 2007 refuses a spoofed envelope sender at MAIL FROM. */
export type ExchangeVersion = '2007' | '2013';

export interface TranscriptLine {
  /** null for the banner. */
  client: string | null;
  server: string;
}

/** A right the session was checked for, at which command, and what that meant. */
export interface DecisiveRight {
  right: string;
  granted: boolean;
  command: string;
}

export type FixKind = 'option1' | 'option2' | 'scopeConnector' | 'authenticate' | 'addAnonymousUsers' | 'grantRight' | 'raiseLimit' | 'addBinding' | 'useOwnAddress' | 'enableTls';

export interface Fix {
  kind: FixKind;
  title: string;
  /** Exactly what the change grants. */
  grants: string[];
  tradeoff: string;
  shell: string;
  /** A wizard draft that implements the fix (new connector), when it is one. */
  connectorDraft?: ConnectorDraft;
  /** The connector to change on its property pages, when the fix edits one. */
  connectorId?: string;
}

export interface SimulateResult {
  connector: { id: string; name: string } | null;
  listening: boolean;
  matchedRange: string | null;
  /** Every connector's verdict on a small server; on a larger one only the connectors that competed (see selectConnector). */
  candidates: CandidateVerdict[];
  /** The connectors left out of `candidates`, counted by reason; empty when `candidates` lists them all. */
  candidateSummary: CandidateSummary[];
  identity: string;
  rights: RightDecision[];
  decisiveRights: DecisiveRight[];
  transcript: TranscriptLine[];
  outcome: 'accepted' | 'rejected' | 'refused';
  verdict: string;
  explanation: string;
  fixes: Fix[];
  /** The session's granted rights each time they were set, for the protocol-log rendering ("Set Session Permissions"). */
  permissionChanges?: { atLine: number; granted: string[] }[];
  /** How Exchange treats the message; present only when a message was accepted. */
  message?: MessageTreatment;
}
