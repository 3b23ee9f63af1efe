import type { SelectableConnector } from './types.ts';

/**
 * [UNVERIFIED] Whether Exchange leaves disabled connectors out of the connector map (and out of the
 * listening sockets) was not confirmed in code (domain reference §7.3). We assume only
 * `Enabled $true` connectors participate; this function is the single place that encodes it.
 */
export function participatesInSelection(connector: SelectableConnector): boolean {
  return connector.enabled;
}
