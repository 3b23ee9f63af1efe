import { useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import type { Server } from '@cc/connector-engine';
import type { WizardRelay } from './link.ts';
import { defaultValues, loadStored, valuesFromDraft, type StoredWizard } from './model.ts';

/** Decides where the wizard starts: a pre-filled draft, the draft kept in this tab, or a fresh one. */
export function useInitialState(servers: Server[], preferred: string | null): StoredWizard & { resumed: boolean } {
  const [params] = useSearchParams();
  const location = useLocation();
  const [initial] = useState<StoredWizard & { resumed: boolean }>(() => {
    const relayParam = params.get('relay');
    const relay: WizardRelay | null = relayParam === 'option1' || relayParam === 'option2' || relayParam === 'none' ? relayParam : null;
    const routed = (location.state as { draft?: unknown; relay?: WizardRelay } | null) ?? null;
    const prefill = params.get('draft') ?? routed?.draft;
    if (prefill) {
      const values = valuesFromDraft(prefill, servers, relay ?? routed?.relay ?? null);
      if (values) return { values, step: 0, reachable: 0, resumed: false };
    }
    const stored = loadStored();
    if (stored && servers.some((s) => s.name === stored.values.server)) return { ...stored, resumed: true };
    const server = servers.find((s) => s.name.toLowerCase() === (params.get('server') ?? preferred ?? '').toLowerCase()) ?? servers[0] ?? null;
    return { values: defaultValues(server), step: 0, reachable: 0, resumed: false };
  });
  return initial;
}

