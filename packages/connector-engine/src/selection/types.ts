export interface SelectableConnector {
  id: string;
  name: string;
  enabled: boolean;
  bindings: string[];
  remoteIPRanges: string[];
}

export interface SelectionInput {
  /** Binding syntax of the address the client connected to, e.g. '10.0.0.10:25' or '[2001:db8::10]:25'. */
  localEndpoint: string;
  remoteIp: string;
}

export type CandidateVerdict = {
  connectorId: string;
  name: string;
  outcome: 'selected' | 'lost';
  reason: string;
  matchingRange?: string;
  /** bigint as a decimal string */
  rangeSize?: string;
};

/**
 * Why a group of connectors was not a candidate: `notListening` (enabled, not bound to the local address and
 * port), `noFamilyRanges` (bound there, but no remote range of the client's address family),
 * `noMatchingRange` (bound there, but no range contains the client), `disabled` (disabled, and would not
 * have matched either).
 */
export type CandidateSummaryReason = 'notListening' | 'noFamilyRanges' | 'noMatchingRange' | 'disabled';

/** Connectors that did not compete, counted by reason instead of listed one by one. */
export interface CandidateSummary {
  reason: CandidateSummaryReason;
  /** The binding they listen through (`10.0.0.11:25` or `0.0.0.0:25`); null for `notListening` and `disabled`. */
  endpoint: string | null;
  count: number;
  /** The first few of them, in the server's connector order. */
  examples: string[];
  /** One sentence, e.g. "987 other connectors listen on 0.0.0.0:25, but none of their IPv4 remote ranges contains 10.0.0.50 (e.g. App 13, App 14, App 15)." */
  text: string;
}

export interface SelectionResult {
  connector: SelectableConnector | null;
  matchedRange: string | null;
  /** false = no connector binds that ip:port, so the TCP connection is refused */
  listening: boolean;
  /**
   * A verdict per connector when the server has at most FULL_DETAIL_MAX_CONNECTORS connectors. Beyond that,
   * only for the connectors that competed (bound to the endpoint with a range containing the client, disabled
   * ones included); the rest are counted in `candidateSummary`.
   */
  candidates: CandidateVerdict[];
  /** Empty when `candidates` covers every connector. */
  candidateSummary: CandidateSummary[];
  explanation: string;
}
