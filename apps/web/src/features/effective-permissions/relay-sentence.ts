import { useMemo } from 'react';
import { relaySummary, type Principal } from '@cc/connector-engine';
import { useDomain, usePrincipals } from '../../api/hooks.ts';
import { useConnectorEntries } from '../../api/helpdesk-hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { UNKNOWN_DOMAIN, toState } from '../connector-form/engine.ts';

/** "Who can relay through this connector?" — the engine's sentence from the connector, its ACL and the directory. */
export function useRelaySentence(view: ConnectorView | undefined): { text: string | null; isLoading: boolean; error: unknown } {
  const { servers } = useServerChoice();
  const entries = useConnectorEntries(view?.id ?? null);
  const principals = usePrincipals();
  const { domain } = useDomain();
  const text = useMemo(() => {
    if (!view || !entries.data) return null;
    const server = servers.find((s) => s.name.toLowerCase() === view.server.toLowerCase());
    if (!server) return null;
    const directory = (principals.data ?? []).filter((p): p is Principal & { id: string } => p.kind === 'user' || p.kind === 'group');
    return relaySummary(toState(view, entries.data.filter((e) => !e.inherited)), {
      server,
      domain: domain ?? UNKNOWN_DOMAIN,
      connectors: [],
      inheritedEntries: entries.data.filter((e) => e.inherited),
      acceptedDomains: [],
      directory,
    });
  }, [view, entries.data, servers, principals.data, domain]);
  return { text, isLoading: entries.isLoading, error: entries.error };
}

