import type { PermissionEntry } from '../model/schemas.ts';
import { RECEIVE_RIGHTS, canonicalRight, type ReceiveRight } from '../model/rights.ts';

/** Which entry contributed to a decision, for the help desk's "where does this come from". */
export interface Provenance {
  entryId: string;
  user: string;
  source: string;
  inherited: boolean;
  deny: boolean;
}

export interface RightDecision {
  right: ReceiveRight;
  granted: boolean;
  /** Allow entries for the session's SIDs (when a deny won, these are the allows it overrode). */
  allowedBy: Provenance[];
  /** The deny entries that removed the right (empty when the right is granted). */
  deniedBy: Provenance[];
}

/** Entries bucketed by principal (lower-cased) so evaluation looks up only the session's SIDs. */
export interface CompiledAcl {
  byUser: Map<string, PermissionEntry[]>;
}

export function compileAcl(entries: readonly PermissionEntry[]): CompiledAcl {
  const byUser = new Map<string, PermissionEntry[]>();
  for (const entry of entries) {
    const key = entry.user.toLowerCase();
    const list = byUser.get(key);
    if (list) list.push(entry);
    else byUser.set(key, [entry]);
  }
  return { byUser };
}

const provenance = (e: PermissionEntry): Provenance => ({
  entryId: e.id,
  user: e.user,
  source: e.source,
  inherited: e.inherited,
  deny: e.deny,
});

/** Tiers in canonical DACL order (§9.2): explicit deny, explicit allow, inherited deny, inherited allow. */
const EXPLICIT_DENY = 0;
const EXPLICIT_ALLOW = 1;
const INHERITED_DENY = 2;
const INHERITED_ALLOW = 3;
const tierOf = (e: PermissionEntry): number => (e.inherited ? 2 : 0) + (e.deny ? 0 : 1);

/**
 * The rights a session with this SID set holds, with provenance. Windows AuthZ walks the ACEs in canonical
 * order and the first tier that mentions a right decides it, so an explicit deny beats any allow, an explicit
 * allow beats an inherited deny, and an inherited allow counts when nothing denies it (§9.2).
 */
export function evaluateRights(acl: CompiledAcl, sids: readonly string[]): RightDecision[] {
  const tiers = new Map<ReceiveRight, Provenance[][]>();
  for (const sid of sids) {
    const entries = acl.byUser.get(sid.toLowerCase());
    if (!entries) continue;
    for (const entry of entries) {
      const tier = tierOf(entry);
      for (const name of entry.extendedRights) {
        const right = canonicalRight(name);
        if (!right || !(RECEIVE_RIGHTS as readonly string[]).includes(right)) continue;
        let buckets = tiers.get(right as ReceiveRight);
        if (!buckets) tiers.set(right as ReceiveRight, (buckets = [[], [], [], []]));
        buckets[tier]!.push(provenance(entry));
      }
    }
  }
  return RECEIVE_RIGHTS.map((right) => decide(right, tiers.get(right)));
}

function decide(right: ReceiveRight, buckets: Provenance[][] | undefined): RightDecision {
  if (!buckets) return { right, granted: false, allowedBy: [], deniedBy: [] };
  const allows = [...buckets[EXPLICIT_ALLOW]!, ...buckets[INHERITED_ALLOW]!];
  if (buckets[EXPLICIT_DENY]!.length > 0)
    return { right, granted: false, allowedBy: allows, deniedBy: buckets[EXPLICIT_DENY]! };
  if (buckets[EXPLICIT_ALLOW]!.length > 0)
    return { right, granted: true, allowedBy: buckets[EXPLICIT_ALLOW]!, deniedBy: [] };
  if (buckets[INHERITED_DENY]!.length > 0)
    return { right, granted: false, allowedBy: allows, deniedBy: buckets[INHERITED_DENY]! };
  if (buckets[INHERITED_ALLOW]!.length > 0)
    return { right, granted: true, allowedBy: buckets[INHERITED_ALLOW]!, deniedBy: [] };
  return { right, granted: false, allowedBy: [], deniedBy: [] };
}

export function grantedRights(decisions: readonly RightDecision[]): Set<ReceiveRight> {
  return new Set(decisions.filter((d) => d.granted).map((d) => d.right));
}
