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

export interface SelectionResult {
  connector: SelectableConnector | null;
  matchedRange: string | null;
  /** false = no connector binds that ip:port, so the TCP connection is refused */
  listening: boolean;
  candidates: CandidateVerdict[];
  explanation: string;
}
