export type { CandidateVerdict, SelectableConnector, SelectionInput, SelectionResult } from './types.ts';
export { participatesInSelection } from './participation.ts';
export { ConnectorIndex } from './connector-index.ts';
export { selectConnector } from './select-connector.ts';
export { selectLinear, selectLinearPrepared, type LinearSelection } from './select-linear.ts';
export { prepareConnectors, type PreparedConnector } from './prepared-connector.ts';
