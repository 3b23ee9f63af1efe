import type {
  AcceptedDomain,
  AuthMechanism,
  PermissionEntry,
  Principal,
  ReceiveConnector,
  Server,
} from '../model/schemas.ts';
import { AUTH_MECHANISMS } from '../model/schemas.ts';
import type { TransportSettings } from '../model/transport-settings.ts';
import { readPermissionGroups } from '../permissions/readback.ts';
import { compileAcl, type CompiledAcl } from '../permissions/evaluate.ts';

/**
 * A connector as stored: the contract's fields without `permissionGroups`, plus its ACL. The ACL is the truth;
 * PermissionGroups is always computed from it (ARCHITECTURE "The ACL is the truth").
 */
export type ConnectorState = Omit<ReceiveConnector, 'permissionGroups'> & { entries: PermissionEntry[] };

/** Everything the engine needs to answer questions about one server. */
export interface ServerContext {
  server: Server;
  /** The organisation's NetBIOS domain, e.g. CONTOSO. */
  domain: string;
  connectors: ConnectorState[];
  /** Entries on the server's receive-connector container, inherited by every connector of the server. */
  inheritedEntries: PermissionEntry[];
  acceptedDomains: AcceptedDomain[];
  directory: Principal[];
  /** The organisation's Get-TransportConfig values that change a session (Domain Security, §9.3); none when absent. */
  transportSettings?: TransportSettings;
}

/** A configuration problem: a stable code, the fields it concerns, and what to change. */
export interface Problem {
  code: string;
  paths: string[];
  message: string;
}

export function toReceiveConnector(state: ConnectorState, ctx: Pick<ServerContext, 'server' | 'domain'>): ReceiveConnector {
  const { entries: _entries, ...fields } = state;
  return { ...fields, permissionGroups: readPermissionGroups(state.entries, ctx.server.role, ctx.domain) };
}

/** The connector's own entries followed by the server container's, marked inherited. */
export function fullAcl(state: ConnectorState, ctx: Pick<ServerContext, 'inheritedEntries'>): PermissionEntry[] {
  return [...state.entries, ...ctx.inheritedEntries.map((e) => ({ ...e, inherited: true, source: 'Inherited' }))];
}

const compiledAcls = new WeakMap<readonly PermissionEntry[], WeakMap<readonly PermissionEntry[], CompiledAcl>>();

/**
 * The connector's full ACL compiled for evaluation, kept per (own entries, inherited entries) arrays: every edit
 * produces new arrays (the engine never changes one in place), so a cached compile is never stale, and the API's
 * per-generation contexts compile each connector's ACL once instead of on every request.
 */
export function compiledAclOf(state: ConnectorState, ctx: Pick<ServerContext, 'inheritedEntries'>): CompiledAcl {
  let byInherited = compiledAcls.get(state.entries);
  if (!byInherited) compiledAcls.set(state.entries, (byInherited = new WeakMap()));
  let compiled = byInherited.get(ctx.inheritedEntries);
  if (!compiled) byInherited.set(ctx.inheritedEntries, (compiled = compileAcl(fullAcl(state, ctx))));
  return compiled;
}

/** Auth mechanisms in Exchange's flag order, so output reads like Get-ReceiveConnector. */
export function sortAuthMechanisms(values: readonly AuthMechanism[]): AuthMechanism[] {
  return AUTH_MECHANISMS.filter((m) => values.includes(m));
}

export const hasAuth = (state: Pick<ConnectorState, 'authMechanism'>, m: AuthMechanism): boolean =>
  state.authMechanism.includes(m);
