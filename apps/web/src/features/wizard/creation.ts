import type { ConnectorDraft } from '@cc/connector-engine';
import { addPermission, createConnector, fetchConnector } from '../../api/hooks.ts';
import { OPTION2_CHANGE, type RelayChoice } from '../connector-form/engine.ts';
import type { CompletionResult } from './CompletionStep.tsx';
import { connectorShell } from './server-check.ts';

/**
 * New-ReceiveConnector, then Option 2's grant when chosen. A failed grant does not undo the connector: the
 * Completion page says it was created without its relay grant and offers the grant again.
 */
export async function createConnectorWithRelay(draft: ConnectorDraft, relay: RelayChoice, reviewCommands: string[]): Promise<CompletionResult> {
  const started = performance.now();
  let connector = await createConnector(draft);
  let permissionError: unknown = null;
  if (relay === 'option2') {
    try {
      await addPermission(connector.id, OPTION2_CHANGE);
    } catch (e) {
      permissionError = e;
    }
  }
  connector = await fetchConnector(connector.id)
    .then((r) => r.data)
    .catch(() => connector);
  const commands = await connectorShell(connector.id, reviewCommands);
  return { connector, commands, permissionError, elapsedMs: performance.now() - started };
}

/** Option 2's grant again, after it failed at creation; the answer says whether it worked this time. */
export async function grantRelayAgain(completion: CompletionResult): Promise<CompletionResult> {
  try {
    await addPermission(completion.connector.id, OPTION2_CHANGE);
    const fresh = await fetchConnector(completion.connector.id);
    return { ...completion, connector: fresh.data, permissionError: null, commands: await connectorShell(fresh.data.id, completion.commands) };
  } catch (e) {
    return { ...completion, permissionError: e };
  }
}
