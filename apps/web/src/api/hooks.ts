import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AuditEvent, PrincipalView, SessionAnswer, SignInBody, SignInMethods, SignInSettings } from '@cc/api-contract';
import type { Finding, PermissionEntry, Server } from '@cc/connector-engine';
import { forgetUserDrafts } from '../lib/storage.ts';
import { ApiError, getJson, query, request, setCsrfToken } from './client.ts';
import type {
  ConnectorPatch,
  ConnectorView,
  EffectivePermissionsAnswer,
  NewConnectorBody,
  PermissionChangeBody,
  ValidateAnswer,
} from './types.ts';

/** Every query key in one place, so a write invalidates exactly what it changed. */
export const keys = {
  session: ['session'] as const,
  servers: ['servers'] as const,
  serverPermissions: (server: string) => ['servers', server, 'permissions'] as const,
  connectors: (server: string | null) => ['connectors', 'list', server ?? ''] as const,
  connectorsAll: ['connectors'] as const,
  connector: (id: string) => ['connectors', 'one', id] as const,
  permissions: (id: string) => ['connectors', 'one', id, 'permissions'] as const,
  effective: (id: string, identity: string) => ['connectors', 'one', id, 'effective', identity] as const,
  findings: ['findings'] as const,
  audit: (filter: Record<string, string | undefined>) => ['audit', filter] as const,
  principals: ['principals'] as const,
};

// ---- session --------------------------------------------------------------------------------------------

/** The signed-in user, or null. A reload re-reads the CSRF token from here. */
/**
 * Whether this browser signed in and has not signed out since. Without it the session probe is skipped: a
 * first visit goes straight to the sign-in page instead of asking the API and getting a 401.
 */
const HINT_KEY = 'cc.signedIn';
function hint(value?: boolean): boolean {
  try {
    if (value === true) localStorage.setItem(HINT_KEY, '1');
    else if (value === false) localStorage.removeItem(HINT_KEY);
    return localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return true;
  }
}

export function useSession() {
  return useQuery({
    queryKey: keys.session,
    queryFn: async ({ signal }) => {
      if (!hint()) return null;
      try {
        const { data } = await request<SessionAnswer>('/api/session', { signal, quiet401: true });
        setCsrfToken(data.csrfToken ?? null);
        return data;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          setCsrfToken(null);
          hint(false);
          return null;
        }
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: SignInBody) =>
      (await request<SessionAnswer>('/api/session', { method: 'POST', body, quiet401: true })).data,
    onSuccess: (answer) => {
      hint(true);
      setCsrfToken(answer.csrfToken);
      qc.clear();
      qc.setQueryData(keys.session, answer);
    },
  });
}

/** Before leaving for the OpenID provider: the browser comes back signed in, so the session is asked for. */
export function expectSession(): void {
  hint(true);
}

/** The ways in this console offers (public: the sign-in page asks before anyone signs in). */
export function useSignInMethods() {
  return useQuery({ queryKey: ['session', 'methods'], queryFn: ({ signal }) => getJson<SignInMethods>('/api/session/methods', signal), staleTime: Infinity });
}

/** How directory sign-in is configured (admins only; read-only, set by environment). */
export function useSignInSettings() {
  return useQuery({ queryKey: ['settings', 'sign-in'], queryFn: ({ signal }) => getJson<SignInSettings>('/api/settings/sign-in', signal), staleTime: Infinity });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await request<void>('/api/session', { method: 'DELETE', quiet401: true }).catch((e: unknown) => {
        // Already signed out on the server: the outcome the user asked for.
        if (!(e instanceof ApiError && e.status === 401)) throw e;
      });
    },
    onSettled: () => signedOut(qc),
  });
}

/** Forget everything the previous user could see. */
export function signedOut(qc: QueryClient): void {
  hint(false);
  forgetUserDrafts();
  setCsrfToken(null);
  qc.clear();
  qc.setQueryData(keys.session, null);
}

// ---- organisation -----------------------------------------------------------------------------------------

export function useServers() {
  return useQuery({ queryKey: keys.servers, queryFn: ({ signal }) => getJson<Server[]>('/api/servers', signal) });
}

export function useServerPermissions(server: string | null) {
  return useQuery({
    queryKey: keys.serverPermissions(server ?? ''),
    queryFn: ({ signal }) => getJson<PermissionEntry[]>(`/api/servers/${encodeURIComponent(server!)}/permissions`, signal),
    enabled: !!server,
  });
}

export function usePrincipals() {
  return useQuery({ queryKey: keys.principals, queryFn: ({ signal }) => getJson<PrincipalView[]>('/api/principals', signal) });
}

/**
 * The organisation's NetBIOS domain (CONTOSO), which names `<Domain>\Exchange Servers` and
 * `<Domain>\ExchangeLegacyInterop`. The directory lists those well-known principals with the domain in front.
 */
export function domainFromPrincipals(principals: readonly PrincipalView[] | undefined): string | null {
  const group = principals?.find((p) => /\\Exchange Servers$/i.test(p.name) && !/^MS Exchange\\/i.test(p.name));
  return group ? group.name.slice(0, group.name.indexOf('\\')) : null;
}

export function useDomain(): { domain: string | null; isLoading: boolean } {
  const principals = usePrincipals();
  return { domain: domainFromPrincipals(principals.data), isLoading: principals.isLoading };
}

// ---- connectors -------------------------------------------------------------------------------------------

export function useConnectors(server: string | null) {
  return useQuery({
    queryKey: keys.connectors(server),
    queryFn: ({ signal }) => getJson<ConnectorView[]>(`/api/connectors${query({ server })}`, signal),
    enabled: !!server,
  });
}

/** The list page's query, answered by the server (filtered, sorted and paged there). */
export interface ConnectorPageQuery {
  q: string;
  usage: string;
  status: string;
  sort: string;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export function useConnectorPage(server: string | null, page: ConnectorPageQuery) {
  const params = { server, q: page.q.trim(), usage: page.usage, status: page.status, sort: page.sort, dir: page.dir, offset: String(page.offset), limit: String(page.limit) };
  return useQuery({
    queryKey: [...keys.connectors(server), 'page', params] as const,
    queryFn: async ({ signal }) => {
      const { data, total } = await request<ConnectorView[]>(`/api/connectors${query(params)}`, { signal });
      return { items: data, total: total ?? data.length };
    },
    enabled: !!server,
    // While the next page or filter loads, the current rows stay (no flash of "Loading").
    placeholderData: keepPreviousData,
  });
}

export interface Versioned<T> {
  data: T;
  etag: string | null;
}

export async function fetchConnector(id: string, signal?: AbortSignal): Promise<Versioned<ConnectorView>> {
  const { data, etag } = await request<ConnectorView>(`/api/connectors/${encodeURIComponent(id)}`, { signal });
  return { data, etag };
}

export function useConnector(id: string) {
  return useQuery({ queryKey: keys.connector(id), queryFn: ({ signal }) => fetchConnector(id, signal), enabled: id !== '' });
}

export function useConnectorPermissions(id: string) {
  return useQuery({
    queryKey: keys.permissions(id),
    queryFn: ({ signal }) => getJson<PermissionEntry[]>(`/api/connectors/${encodeURIComponent(id)}/permissions`, signal),
    enabled: id !== '',
  });
}

export function useEffectivePermissions(id: string, identity: string) {
  return useQuery({
    queryKey: keys.effective(id, identity),
    queryFn: ({ signal }) =>
      getJson<EffectivePermissionsAnswer>(`/api/connectors/${encodeURIComponent(id)}/effective-permissions${query({ identity })}`, signal),
    enabled: id !== '',
  });
}

export function useFindings() {
  return useQuery({
    queryKey: keys.findings,
    queryFn: ({ signal }) => getJson<Finding[]>('/api/findings', signal),
  });
}

export function useAudit(filter: { connectorId?: string; actor?: string; since?: string }) {
  return useQuery({
    queryKey: keys.audit(filter),
    queryFn: ({ signal }) => getJson<AuditEvent[]>(`/api/audit${query(filter)}`, signal),
  });
}

export const validateConnector = async (draft: unknown, signal?: AbortSignal): Promise<ValidateAnswer> =>
  (await request<ValidateAnswer>('/api/connectors/validate', { method: 'POST', body: draft, signal })).data;

export const createConnector = async (draft: NewConnectorBody): Promise<ConnectorView> =>
  (await request<ConnectorView>('/api/connectors', { method: 'POST', body: draft })).data;

export const patchConnector = async (id: string, patch: ConnectorPatch, etag: string): Promise<Versioned<ConnectorView>> => {
  const { data, etag: next } = await request<ConnectorView>(`/api/connectors/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: patch,
    ifMatch: etag,
  });
  return { data, etag: next };
};

/** Permission writes answer the connector's entries (own, then inherited); If-Match is optional there. */
export const addPermission = async (id: string, change: PermissionChangeBody, etag?: string): Promise<Versioned<PermissionEntry[]>> => {
  const { data, etag: next } = await request<PermissionEntry[]>(`/api/connectors/${encodeURIComponent(id)}/permissions`, {
    method: 'POST',
    body: change,
    ifMatch: etag,
  });
  return { data, etag: next };
};

export const removeRights = async (id: string, change: PermissionChangeBody, etag?: string): Promise<Versioned<PermissionEntry[]>> => {
  const { data, etag: next } = await request<PermissionEntry[]>(`/api/connectors/${encodeURIComponent(id)}/permissions/remove`, {
    method: 'POST',
    body: change,
    ifMatch: etag,
  });
  return { data, etag: next };
};

export const removePermissionEntry = async (id: string, entryId: string, etag?: string): Promise<Versioned<PermissionEntry[]>> => {
  const { data, etag: next } = await request<PermissionEntry[]>(
    `/api/connectors/${encodeURIComponent(id)}/permissions/${encodeURIComponent(entryId)}`,
    { method: 'DELETE', ifMatch: etag },
  );
  return { data, etag: next };
};

/** Enable or disable from the list: read the current ETag, then PATCH with If-Match. */
export function useSetEnabled() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, enabled }: { id: string; enabled: boolean }) => {
      const current = await fetchConnector(id);
      return patchConnector(id, { enabled }, current.etag ?? `"${current.data.version}"`);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.connectorsAll }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.findings }),
  });
}

/**
 * Remove-ReceiveConnector. If-Match carries the version the admin was looking at, so a connector changed
 * meanwhile is not removed unseen (412).
 */
export function useRemoveConnector() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, version }: { id: string; version: number }) => {
      await request<null>(`/api/connectors/${encodeURIComponent(id)}`, { method: 'DELETE', ifMatch: `"${version}"` });
    },
    // Only the lists: the removed connector's own query stays as it was, so an open properties page does not
    // ask for it again (a 404) before it navigates away.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['connectors', 'list'] }),
        qc.invalidateQueries({ queryKey: keys.findings }),
        qc.invalidateQueries({ queryKey: ['audit'] }),
      ]),
  });
}
