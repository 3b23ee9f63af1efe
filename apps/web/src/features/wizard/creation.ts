import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ConnectorDraft, Problem } from '@cc/connector-engine';
import { isApiError } from '../../api/client.ts';
import { addPermission, createConnector, fetchConnector, keys } from '../../api/hooks.ts';
import { OPTION2_CHANGE, type RelayChoice } from '../connector-form/engine.ts';
import type { CompletionResult } from './CompletionStep.tsx';
import { connectorShell, problemsFromError } from './server-check.ts';

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

/** The wizard's New: creating, what came of it (Completion), a refusal, and the relay grant again. */
export function useConnectorCreation() {
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [completion, setCompletion] = useState<CompletionResult | null>(null);
  const [retrying, setRetrying] = useState(false);

  const create = async (
    draft: ConnectorDraft,
    relay: RelayChoice,
    reviewCommands: string[],
    on: { onCreated: () => void; onRefused: (problems: Problem[]) => void },
  ) => {
    setCreating(true);
    setCreateError(null);
    try {
      setCompletion(await createConnectorWithRelay(draft, relay, reviewCommands));
      await qc.invalidateQueries({ queryKey: keys.connectorsAll });
      void qc.invalidateQueries({ queryKey: keys.findings });
      on.onCreated();
    } catch (e) {
      setCreateError(e);
      // A conflict or rule found only now (another admin was quicker) goes back onto its step.
      if (isApiError(e) && (e.status === 409 || e.status === 422)) on.onRefused(problemsFromError(e));
    } finally {
      setCreating(false);
    }
  };

  const retryGrant = async () => {
    if (!completion) return;
    setRetrying(true);
    setCompletion(await grantRelayAgain(completion));
    await qc.invalidateQueries({ queryKey: keys.connectorsAll });
    setRetrying(false);
  };

  return { creating, createError, completion, retrying, create, retryGrant };
}
