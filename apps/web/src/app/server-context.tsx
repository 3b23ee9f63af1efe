import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Server } from '@cc/connector-engine';
import { useServers } from '../api/hooks.ts';

const STORAGE_KEY = 'cc.server';

interface ServerChoice {
  /** The chosen server's name, or null while none exists. */
  serverName: string | null;
  server: Server | null;
  servers: Server[];
  setServerName: (name: string) => void;
  isLoading: boolean;
  error: unknown;
}

const ServerContext = createContext<ServerChoice | null>(null);

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The header's server picker: every page that is "per server" reads the same choice. */
export function ServerProvider({ children }: { children: ReactNode }) {
  const servers = useServers();
  const [chosen, setChosen] = useState<string | null>(stored);
  const setServerName = useCallback((name: string) => {
    setChosen(name);
    try {
      localStorage.setItem(STORAGE_KEY, name);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  const value = useMemo<ServerChoice>(() => {
    const list = servers.data ?? [];
    // Without a choice, a Hub Transport server: that is where most receive connectors live.
    const server =
      list.find((s) => s.name.toLowerCase() === chosen?.toLowerCase()) ?? list.find((s) => s.role === 'HubTransport') ?? list[0] ?? null;
    return { serverName: server?.name ?? null, server, servers: list, setServerName, isLoading: servers.isLoading, error: servers.error };
  }, [servers.data, servers.isLoading, servers.error, chosen, setServerName]);
  return <ServerContext.Provider value={value}>{children}</ServerContext.Provider>;
}

export function useServerChoice(): ServerChoice {
  const value = useContext(ServerContext);
  if (!value) throw new Error('useServerChoice needs <ServerProvider>.');
  return value;
}
