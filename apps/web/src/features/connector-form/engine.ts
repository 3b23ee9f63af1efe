/**
 * The browser's bridge to the connector engine: it builds the engine's inputs from what the API sent and asks
 * the engine's own rules. Nothing here decides a rule; it only asks "what would the rules say if…".
 */
import {
  ANONYMOUS_LOGON,
  AUTH_MECHANISM_LABELS,
  AUTH_RULES,
  DOMAIN_SECURITY_LABEL,
  CONNECTOR_DEFAULTS,
  addExplicitRights,
  applyPermissionGroups,
  sessionPermissions,
  type AuthMechanism,
  type ConnectorState,
  type PermissionEntry,
  type PermissionGroup,
  type PermissionGroupReadBack,
  type Problem,
  type Server,
  type ServerContext,
} from '@cc/connector-engine';
import type { ConnectorView, ProblemView } from '../../api/types.ts';
import { wayForward, whyCleared } from './way-forward.ts';

export const RELAY_RIGHT = 'ms-Exch-SMTP-Accept-Any-Recipient';
export const SUBMIT_RIGHT = 'ms-Exch-SMTP-Submit';

/** Used for display when the directory does not tell us the organisation's NetBIOS domain. */
export const UNKNOWN_DOMAIN = '<Domain>';

export function counterIds(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** A listed connector as the engine's state; list answers carry no ACL, which conflict checks do not need. */
export function toState(c: ConnectorView, entries: PermissionEntry[] = []): ConnectorState {
  const { permissionGroups: _groups, ...fields } = c;
  return { ...fields, entries };
}

export function serverContext(
  server: Server,
  domain: string | null,
  others: readonly ConnectorView[],
  inheritedEntries: readonly PermissionEntry[] = [],
): ServerContext {
  return {
    server,
    domain: domain ?? UNKNOWN_DOMAIN,
    connectors: others.filter((c) => c.server.toLowerCase() === server.name.toLowerCase()).map((c) => toState(c)),
    inheritedEntries: [...inheritedEntries],
    acceptedDomains: [],
    directory: [],
  };
}

/** Rule problems normalised to `paths[]`, whichever way the API spelled them. */
export function normalizeProblems(list: readonly ProblemView[] | undefined): Problem[] {
  return (list ?? []).map((p) => ({ code: p.code, message: p.message, paths: p.paths ?? (p.path ? [p.path] : []) }));
}

/**
 * Rule problems per form row of a list field. `rows[i]` is the form row of the draft's i-th value (empty range rows
 * are not sent). A range's parse error is left out: the row's live check already shows it.
 */
export function rowErrorsFrom(problems: readonly Problem[], field: 'bindings' | 'remoteIPRanges', rows: readonly number[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const p of problems) {
    if (field === 'remoteIPRanges' && p.code === 'INVALID_RANGE') continue;
    for (const path of p.paths) {
      const match = new RegExp(`^${field}\\[(\\d+)\\]`).exec(path);
      const row = match ? rows[Number(match[1])] : undefined;
      if (row !== undefined) map.set(row, [...(map.get(row) ?? []), p.message]);
    }
  }
  return map;
}

// ---- Authentication options: disabled-with-reason and cascading clears -------------------------------------

/** The Authentication tab's check boxes; Domain Security is TLS's child option. */
export type AuthOption = AuthMechanism | 'domainSecureEnabled';

export const AUTH_OPTION_LABELS: Record<AuthOption, string> = { ...AUTH_MECHANISM_LABELS, domainSecureEnabled: DOMAIN_SECURITY_LABEL };

export interface AuthChoice {
  authMechanism: AuthMechanism[];
  domainSecureEnabled: boolean;
  requireTLS: boolean;
  /** PermissionGroups as it will read back (may contain Custom on an existing connector). */
  groups: PermissionGroupReadBack[];
}

function isOn(choice: AuthChoice, option: AuthOption): boolean {
  return option === 'domainSecureEnabled' ? choice.domainSecureEnabled : choice.authMechanism.includes(option);
}

function withOption(choice: AuthChoice, option: AuthOption, on: boolean): AuthChoice {
  if (option === 'domainSecureEnabled') return { ...choice, domainSecureEnabled: on };
  const rest = choice.authMechanism.filter((m) => m !== option);
  return { ...choice, authMechanism: on ? [...rest, option] : rest };
}

/** The engine's authentication rules (§3.1, §4.1) on a connector that only differs in these settings. */
export function authProblems(choice: AuthChoice): Problem[] {
  const connector: ConnectorState = {
    id: 'draft',
    server: '',
    name: 'draft',
    usage: 'Custom',
    bindings: [],
    remoteIPRanges: [],
    fqdn: 'draft',
    ...CONNECTOR_DEFAULTS,
    version: 1,
    entries: [],
    authMechanism: choice.authMechanism,
    domainSecureEnabled: choice.domainSecureEnabled,
    requireTLS: choice.requireTLS,
  };
  return AUTH_RULES.map((rule) => rule({ connector, groups: choice.groups })).filter((p): p is Problem => p !== null);
}

const newOnes = (after: Problem[], before: Problem[]) => after.filter((p) => !before.some((b) => b.code === p.code));

/**
 * Why an option cannot be turned on right now: the messages of the rules that turning it on would break.
 * Options that are on can always be turned off (dependent options are then cleared, see `applyChange`).
 */
export function disabledReason(choice: AuthChoice, option: AuthOption): { text: string; codes: string[] } | null {
  if (isOn(choice, option)) return null;
  const added = newOnes(authProblems(withOption(choice, option, true)), authProblems(choice));
  return added.length > 0 ? { text: added.map((p) => wayForward(p, option, choice)).join(' '), codes: added.map((p) => p.code) } : null;
}

export interface ClearedOption {
  option: AuthOption;
  label: string;
  because: string;
}

const CLEAR_ORDER: AuthOption[] = ['ExternalAuthoritative', 'BasicAuthRequireTLS', 'domainSecureEnabled', 'BasicAuth', 'Integrated', 'ExchangeServer', 'Tls'];

/**
 * A change the admin made (an option or the permission groups) can break a rule through an option that was
 * already on — turning Exchange servers off while Externally Secured is on. Exchange would refuse to save;
 * the console clears the dependent option instead and says so. Only options whose removal resolves a newly
 * broken rule, without breaking another, are cleared.
 */
export function applyChange(before: AuthChoice, after: AuthChoice, changed: AuthOption | null): { choice: AuthChoice; cleared: ClearedOption[] } {
  const existing = authProblems(before);
  let choice = after;
  const cleared: ClearedOption[] = [];
  for (let guard = 0; guard < CLEAR_ORDER.length; guard++) {
    const broken = newOnes(authProblems(choice), existing);
    if (broken.length === 0) break;
    const target = broken[0]!;
    const fix = CLEAR_ORDER.filter((o) => o !== changed && isOn(choice, o)).find((o) => {
      const candidate = authProblems(withOption(choice, o, false));
      return !candidate.some((p) => p.code === target.code) && newOnes(candidate, [...existing, ...authProblems(choice)]).length === 0;
    });
    if (!fix) break;
    choice = withOption(choice, fix, false);
    cleared.push({ option: fix, label: AUTH_OPTION_LABELS[fix], because: whyCleared(target) });
  }
  return { choice, cleared };
}

export function setOption(choice: AuthChoice, option: AuthOption, on: boolean) {
  return applyChange(choice, withOption(choice, option, on), option);
}

// ---- Relay -----------------------------------------------------------------------------------------------

export type RelayChoice = 'none' | 'option1' | 'option2';

export const OPTION2_CHANGE = { user: ANONYMOUS_LOGON, extendedRights: [RELAY_RIGHT], deny: false };

/** The ACL the permission groups write, plus the Option 2 grant when chosen. */
export function draftEntries(groups: readonly PermissionGroup[], ctx: ServerContext, relay: RelayChoice): PermissionEntry[] {
  const newId = counterIds('draft');
  const entries = applyPermissionGroups([], groups, ctx.server.role, ctx.domain, newId);
  return relay === 'option2' ? addExplicitRights(entries, OPTION2_CHANGE, newId) : entries;
}

/** Whether anonymous sessions would hold a right on a connector with this ACL (engine evaluation). */
export function anonymousHolds(state: ConnectorState, ctx: ServerContext, right: string): boolean {
  return sessionPermissions(state, ctx, { kind: 'anonymous' }).rights.some((r) => r.right === right && r.granted);
}
