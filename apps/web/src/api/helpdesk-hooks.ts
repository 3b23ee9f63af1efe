/**
 * TanStack Query hooks for the help-desk screens (effective permissions, troubleshooter, findings) and the
 * organisation pages (accepted domains, servers, directory, console users, audit log). Keys extend the ones
 * in hooks.ts, so a write here refreshes the shell's queries too (and the other way round).
 */
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Account,
  AcceptedDomainPatchBody,
  AcceptedDomainView,
  AuditEvent,
  ChangeOwnPasswordAnswer,
  ChangeOwnPasswordBody,
  CreateAccountBody,
  PrincipalPatchBody,
  TransportSettingsPatchBody,
  UpdateAccountBody,
} from '@cc/api-contract';
import type {
  AcceptedDomain,
  EffectivePermissions,
  PermissionChange,
  PermissionEntry,
  Principal,
  Server,
  SimulateRequest,
  SimulateResult,
  TransportSettings,
} from '@cc/connector-engine';
import { getJson, query, request } from './client.ts';
import { fetchConnector, keys } from './hooks.ts';
import type { ConnectorView } from './types.ts';

export const helpdeskKeys = {
  allConnectors: ['connectors', 'list', '*'] as const,
  matrix: (id: string) => ['connectors', 'one', id, 'effective', '*'] as const,
  session: (id: string, identity: string) => keys.effective(id, identity),
  simulate: (body: SimulateRequest) => ['simulate', body] as const,
  acceptedDomains: ['accepted-domains'] as const,
  transportSettings: ['transport-settings'] as const,
  accounts: ['users'] as const,
  audit: (filter: AuditFilter) => ['audit', 'log', filter] as const,
};

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

// ---- connectors and effective permissions ------------------------------------------------------------------

/** Every connector of every server (the audit log filters by any of them). */
export function useAllConnectors() {
  return useQuery({ queryKey: helpdeskKeys.allConnectors, queryFn: ({ signal }) => getJson<ConnectorView[]>('/api/connectors', signal) });
}

/** One connector by id (a shared link may name one of another server than the header's); null = none. */
export function useConnectorById(id: string | null) {
  return useQuery({
    queryKey: keys.connector(id ?? ''),
    queryFn: ({ signal }) => fetchConnector(id!, signal),
    enabled: !!id,
  });
}

/** The connector's entries, own then inherited from its server; null = none. */
export function useConnectorEntries(id: string | null) {
  return useQuery({
    queryKey: keys.permissions(id ?? ''),
    queryFn: ({ signal }) => getJson<PermissionEntry[]>(`/api/connectors/${path(id!)}/permissions`, signal),
    enabled: !!id,
  });
}

/** Without `identity` the API answers every principal of the ACL: the principals × rights matrix. */
export function usePrincipalMatrix(connectorId: string | null) {
  return useQuery({
    queryKey: helpdeskKeys.matrix(connectorId ?? ''),
    queryFn: ({ signal }) => getJson<EffectivePermissions[]>(`/api/connectors/${path(connectorId!)}/effective-permissions`, signal),
    enabled: !!connectorId,
  });
}

/** One session kind: `anonymous`, `externallySecured`, `partner`, `exchangeServer` or `user:DOMAIN\name`. */
export function useSessionPermissions(connectorId: string | null, identity: string | null) {
  return useQuery({
    queryKey: helpdeskKeys.session(connectorId ?? '', identity ?? ''),
    queryFn: ({ signal }) =>
      getJson<EffectivePermissions>(`/api/connectors/${path(connectorId!)}/effective-permissions${query({ identity })}`, signal),
    enabled: !!connectorId && !!identity,
  });
}

// ---- troubleshooter ---------------------------------------------------------------------------------------

/** POST /api/simulate never writes, so it is a query: the case in the URL is answered on load and on reload. */
const simulateOnce = async (body: SimulateRequest | null, signal: AbortSignal) => (await request<SimulateResult>('/api/simulate', { method: 'POST', body, signal })).data;

export function useSimulation(body: SimulateRequest | null) {
  return useQuery({
    queryKey: body ? helpdeskKeys.simulate(body) : ['simulate', null],
    queryFn: ({ signal }) => simulateOnce(body, signal),
    enabled: body !== null,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

/** The same case on several endpoints (one query each, cached like single runs). */
export function useSimulations(bodies: readonly SimulateRequest[]) {
  return useQueries({
    queries: bodies.map((body) => ({ queryKey: helpdeskKeys.simulate(body), queryFn: ({ signal }: { signal: AbortSignal }) => simulateOnce(body, signal), staleTime: 0 })),
  });
}

// ---- accepted domains -------------------------------------------------------------------------------------

export function useAcceptedDomains() {
  return useQuery({ queryKey: helpdeskKeys.acceptedDomains, queryFn: ({ signal }) => getJson<AcceptedDomainView[]>('/api/accepted-domains', signal) });
}

/** What a domain change can alter elsewhere: relay decisions (simulations), findings and the audit log. */
function useOrganisationRefresh() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['simulate'] }),
      qc.invalidateQueries({ queryKey: keys.findings }),
      qc.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}

export function useCreateAcceptedDomain() {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async (body: Omit<AcceptedDomain, 'id'>) =>
      (await request<AcceptedDomainView>('/api/accepted-domains', { method: 'POST', body })).data,
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: helpdeskKeys.acceptedDomains }), refresh()]),
  });
}

/** Set-AcceptedDomain: the type, or making this the default (the API takes the flag from the old default). */
export function useUpdateAcceptedDomain() {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async ({ id, change }: { id: string; change: AcceptedDomainPatchBody }) =>
      (await request<AcceptedDomainView>(`/api/accepted-domains/${path(id)}`, { method: 'PATCH', body: change })).data,
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: helpdeskKeys.acceptedDomains }), refresh()]),
  });
}

export function useDeleteAcceptedDomain() {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async (id: string) => {
      await request<void>(`/api/accepted-domains/${path(id)}`, { method: 'DELETE' });
    },
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: helpdeskKeys.acceptedDomains }), refresh()]),
  });
}

// ---- servers ----------------------------------------------------------------------------------------------

/** A new server gets Exchange setup's default connectors unless `defaultConnectors` is false. */
export function useCreateServer() {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async ({ server, defaultConnectors }: { server: Server; defaultConnectors: boolean }) =>
      (await request<Server>(`/api/servers${query({ defaultConnectors: defaultConnectors ? undefined : 'false' })}`, { method: 'POST', body: server })).data,
    onSettled: () =>
      Promise.all([qc.invalidateQueries({ queryKey: keys.servers }), qc.invalidateQueries({ queryKey: keys.connectorsAll }), refresh()]),
  });
}

export function useReplaceServer() {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async ({ name, server }: { name: string; server: Server }) =>
      (await request<Server>(`/api/servers/${path(name)}`, { method: 'PUT', body: server })).data,
    onSettled: () =>
      Promise.all([qc.invalidateQueries({ queryKey: keys.servers }), qc.invalidateQueries({ queryKey: keys.connectorsAll }), refresh()]),
  });
}

export function useDeleteServer() {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async (name: string) => {
      await request<void>(`/api/servers/${path(name)}`, { method: 'DELETE' });
    },
    // The list forgets the server at once, and its own queries are dropped rather than refetched (they could only answer 404).
    onSuccess: (_, name) => {
      qc.setQueryData<Server[]>(keys.servers, (list) => list?.filter((s) => s.name !== name));
      qc.removeQueries({ queryKey: keys.serverPermissions(name), exact: true });
    },
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.servers, exact: true }),
        qc.invalidateQueries({ queryKey: keys.connectorsAll }),
        refresh(),
      ]),
  });
}

/** Entries on a server's receive-connector container: every connector of the server inherits them. */
export function useAddServerPermission(server: string) {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async (change: PermissionChange) =>
      (await request<PermissionEntry[]>(`/api/servers/${path(server)}/permissions`, { method: 'POST', body: change })).data,
    onSettled: () =>
      Promise.all([qc.invalidateQueries({ queryKey: keys.serverPermissions(server) }), qc.invalidateQueries({ queryKey: keys.connectorsAll }), refresh()]),
  });
}

export function useRemoveServerPermission(server: string) {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async (entryId: string) => {
      await request<void>(`/api/servers/${path(server)}/permissions/${path(entryId)}`, { method: 'DELETE' });
    },
    onSettled: () =>
      Promise.all([qc.invalidateQueries({ queryKey: keys.serverPermissions(server) }), qc.invalidateQueries({ queryKey: keys.connectorsAll }), refresh()]),
  });
}

// ---- directory --------------------------------------------------------------------------------------------

export function useCreatePrincipal() {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async (body: Omit<Principal, 'id'>) => (await request<Principal>('/api/principals', { method: 'POST', body })).data,
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: keys.principals }), qc.invalidateQueries({ queryKey: keys.connectorsAll }), refresh()]),
  });
}

/** Additive list edits (`{ add, remove }` per list), so two admins' changes to one principal never wipe each other. */
export function useUpdatePrincipal() {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async ({ id, change }: { id: string; change: PrincipalPatchBody }) =>
      (await request<Principal>(`/api/principals/${path(id)}`, { method: 'PATCH', body: change })).data,
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: keys.principals }), qc.invalidateQueries({ queryKey: keys.connectorsAll }), refresh()]),
  });
}

export function useDeletePrincipal() {
  const qc = useQueryClient();
  const refresh = useOrganisationRefresh();
  return useMutation({
    mutationFn: async (id: string) => {
      await request<void>(`/api/principals/${path(id)}`, { method: 'DELETE' });
    },
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: keys.principals }), qc.invalidateQueries({ queryKey: keys.connectorsAll }), refresh()]),
  });
}

// ---- console users ----------------------------------------------------------------------------------------

export function useAccounts() {
  return useQuery({ queryKey: helpdeskKeys.accounts, queryFn: ({ signal }) => getJson<Account[]>('/api/users', signal) });
}

function useAccountMutation<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: helpdeskKeys.accounts }), qc.invalidateQueries({ queryKey: ['audit'] })]),
  });
}

export const useCreateAccount = () =>
  useAccountMutation(async (body: CreateAccountBody) => (await request<Account>('/api/users', { method: 'POST', body })).data);

export const useUpdateAccount = () =>
  useAccountMutation(
    async ({ username, change }: { username: string; change: UpdateAccountBody }) =>
      (await request<Account>(`/api/users/${path(username)}`, { method: 'PATCH', body: change })).data,
  );

export const useResetPassword = () =>
  useAccountMutation(async ({ username, password }: { username: string; password: string }) => {
    await request<void>(`/api/users/${path(username)}/password`, { method: 'POST', body: { password } });
  });

export const useEndSessions = () =>
  useAccountMutation(async (username: string) => {
    await request<void>(`/api/users/${path(username)}/sessions`, { method: 'DELETE' });
  });

/** One's own password; the answer says how many other sessions were signed out. */
export function useChangeOwnPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: ChangeOwnPasswordBody) => (await request<ChangeOwnPasswordAnswer>('/api/account/password', { method: 'POST', body })).data,
    onSuccess: () => qc.invalidateQueries({ queryKey: ['audit'] }),
  });
}

// ---- audit log --------------------------------------------------------------------------------------------

export interface AuditFilter {
  connectorId?: string;
  actor?: string;
  action?: string;
  /** changes: what altered something; access: sign-ins and refused requests; absent: both. */
  category?: 'changes' | 'access';
  /** ISO 8601 instants. */
  since?: string;
  until?: string;
  limit?: string;
}

export function useAuditLog(filter: AuditFilter) {
  return useQuery({
    queryKey: helpdeskKeys.audit(filter),
    queryFn: ({ signal }) => getJson<AuditEvent[]>(`/api/audit${query({ ...filter })}`, signal),
    placeholderData: keepPreviousData,
  });
}

// ---- transport settings ----------------------------------------------------------------------------------------

export function useTransportSettings() {
  return useQuery({ queryKey: helpdeskKeys.transportSettings, queryFn: ({ signal }) => getJson<TransportSettings>('/api/transport-settings', signal) });
}

/** Set-TransportConfig: the domain-secure lists change partner sessions, so cached simulations are dropped too. */
export function useUpdateTransportSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (patch: TransportSettingsPatchBody) => (await request<TransportSettings>('/api/transport-settings', { method: 'PATCH', body: patch })).data,
    onSuccess: (data) => {
      qc.setQueryData(helpdeskKeys.transportSettings, data);
      void qc.invalidateQueries({ queryKey: ['simulate'] });
      void qc.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}
