import type { PermissionEntry, PermissionGroup, ServerRole } from '../model/schemas.ts';
import { canonicalRight, type ExtendedRight } from '../model/rights.ts';
import { samePrincipal } from '../model/principals.ts';
import { allGroupAces, groupAces } from './group-tables.ts';

export type NewId = () => string;

/** Entries with `rights` taken out of those matching `matches`; entries left with no right disappear. */
function withoutRights(
  entries: readonly PermissionEntry[],
  matches: (e: PermissionEntry) => boolean,
  rights: readonly string[],
): PermissionEntry[] {
  const removed = new Set(rights.map((r) => r.toLowerCase()));
  const out: PermissionEntry[] = [];
  for (const entry of entries) {
    if (!matches(entry)) {
      out.push(entry);
      continue;
    }
    const kept = entry.extendedRights.filter((r) => !removed.has(r.toLowerCase()));
    if (kept.length === entry.extendedRights.length) out.push(entry);
    else if (kept.length > 0) out.push({ ...entry, extendedRights: kept });
  }
  return out;
}

/**
 * Writing PermissionGroups (§2.5, Exchange's SaveNewSecurityDescriptor): first remove, for every principal any
 * group writes for, that principal's default group rights — whoever wrote them — then add the ACEs of every
 * selected group. Rights outside a principal's default set (hand-added ones) survive: scenario S30.
 */
export function applyPermissionGroups(
  entries: readonly PermissionEntry[],
  groups: readonly PermissionGroup[],
  role: ServerRole,
  domain: string,
  newId: NewId,
): PermissionEntry[] {
  let result = [...entries];
  for (const ace of allGroupAces(role, domain)) {
    const own = (deny: boolean) => (e: PermissionEntry) => !e.inherited && e.deny === deny && samePrincipal(e.user, ace.user);
    result = withoutRights(result, own(false), ace.allow);
    if (ace.deny.length > 0) result = withoutRights(result, own(true), ace.deny);
  }
  for (const group of groups) {
    for (const ace of groupAces(group, role, domain)) {
      const source = `PermissionGroup:${group}`;
      result.push({ id: newId(), user: ace.user, extendedRights: [...ace.allow], deny: false, inherited: false, source });
      if (ace.deny.length > 0)
        result.push({ id: newId(), user: ace.user, extendedRights: [...ace.deny], deny: true, inherited: false, source });
    }
  }
  return result;
}

export interface RightsChange {
  user: string;
  extendedRights: readonly string[];
  deny: boolean;
}

/** Rights named in a change that Exchange does not know; the API answers them with a 422. */
export function unknownRights(change: RightsChange): string[] {
  return change.extendedRights.filter((r) => canonicalRight(r) === undefined);
}

function canonicalRights(rights: readonly string[]): ExtendedRight[] {
  const seen = new Set<ExtendedRight>();
  for (const r of rights) {
    const c = canonicalRight(r);
    if (c) seen.add(c);
  }
  return [...seen];
}

/**
 * Add-ADPermission: an explicit entry for the rights this principal does not already hold with the same
 * allow/deny on the connector itself. Returns the entries unchanged when nothing is new.
 */
export function addExplicitRights(entries: readonly PermissionEntry[], change: RightsChange, newId: NewId): PermissionEntry[] {
  const held = new Set(
    entries
      .filter((e) => !e.inherited && e.deny === change.deny && samePrincipal(e.user, change.user))
      .flatMap((e) => e.extendedRights.map((r) => r.toLowerCase())),
  );
  const fresh = canonicalRights(change.extendedRights).filter((r) => !held.has(r.toLowerCase()));
  if (fresh.length === 0) return [...entries];
  return [
    ...entries,
    { id: newId(), user: change.user, extendedRights: fresh, deny: change.deny, inherited: false, source: 'Explicit' },
  ];
}

/**
 * Remove-ADPermission: removes exactly these rights of this principal (allow or deny as given), whatever wrote
 * them — a permission group included (scenario S38). Inherited entries live on the server and are not touched.
 */
export function removeRights(entries: readonly PermissionEntry[], change: RightsChange): PermissionEntry[] {
  return withoutRights(
    entries,
    (e) => !e.inherited && e.deny === change.deny && samePrincipal(e.user, change.user),
    canonicalRights(change.extendedRights),
  );
}
