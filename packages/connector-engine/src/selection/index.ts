export type {
  CandidateSummary,
  CandidateSummaryReason,
  CandidateVerdict,
  SelectableConnector,
  SelectionInput,
  SelectionResult,
} from './types.ts';
export { FULL_DETAIL_MAX_CONNECTORS } from './explain.ts';
export { participatesInSelection } from './participation.ts';
export { ConnectorIndex } from './connector-index.ts';
export { selectConnector } from './select-connector.ts';
export { selectLinear, selectLinearPrepared, type LinearSelection } from './select-linear.ts';
export { prepareConnectors, type PreparedConnector } from './prepared-connector.ts';
