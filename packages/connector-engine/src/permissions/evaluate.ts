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

const RIGHT_BIT = new Map<ReceiveRight, number>(RECEIVE_RIGHTS.map((r, i) => [r, 1 << i]));

/** An entry with its receive rights as a bit mask, so evaluation does no string work. */
interface CompiledEntry {
  entry: PermissionEntry;
  mask: number;
  tier: number;
}

/** Entries bucketed by principal (lower-cased) so evaluation looks up only the session's SIDs. */
export interface CompiledAcl {
  byUser: Map<string, CompiledEntry[]>;
}

/** Tiers in canonical DACL order (§9.2): explicit deny, explicit allow, inherited deny, inherited allow. */
const EXPLICIT_DENY = 0;
const EXPLICIT_ALLOW = 1;
const INHERITED_DENY = 2;
const INHERITED_ALLOW = 3;
/** When an explicit deny decides, every allow it overrode is shown. */
const ALLOWS_OVERRIDDEN = (1 << EXPLICIT_ALLOW) | (1 << INHERITED_ALLOW);
const tierOf = (e: PermissionEntry): number => (e.inherited ? 2 : 0) + (e.deny ? 0 : 1);

/** Rights outside the receive set (send-side, MLS) never reach a receive decision, so they get no bit. */
function maskOf(rights: readonly string[]): number {
  let mask = 0;
  for (const name of rights) {
    const right = canonicalRight(name);
    mask |= (right && RIGHT_BIT.get(right as ReceiveRight)) || 0;
  }
  return mask;
}

export function compileAcl(entries: readonly PermissionEntry[]): CompiledAcl {
  const byUser = new Map<string, CompiledEntry[]>();
  for (const entry of entries) {
    const key = entry.user.toLowerCase();
    const compiled = { entry, mask: maskOf(entry.extendedRights), tier: tierOf(entry) };
    const list = byUser.get(key);
    if (list) list.push(compiled);
    else byUser.set(key, [compiled]);
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

/**
 * The rights a session with this SID set holds, with provenance. Windows AuthZ walks the ACEs in canonical
 * order and the first tier that mentions a right decides it, so an explicit deny beats any allow, an explicit
 * allow beats an inherited deny, and an inherited allow counts when nothing denies it (§9.2).
 */
export function evaluateRights(acl: CompiledAcl, sids: readonly string[]): RightDecision[] {
  const matched: CompiledEntry[] = [];
  const tierMasks = [0, 0, 0, 0];
  for (const sid of sids) {
    const entries = acl.byUser.get(sid.toLowerCase());
    if (!entries) continue;
    for (const c of entries) {
      if (c.mask === 0) continue;
      matched.push(c);
      tierMasks[c.tier]! |= c.mask;
    }
  }
  const decisions: RightDecision[] = RECEIVE_RIGHTS.map((right) => ({ right, granted: false, allowedBy: [], deniedBy: [] }));
  // Per right: the tier that decides it, and which tiers are reported as allowing / denying.
  const allowTiers: number[] = [];
  const denyTiers: number[] = [];
  // A plain loop, no closure per right: under tsx (keepNames) every function created costs a defineProperty.
  for (let i = 0; i < RECEIVE_RIGHTS.length; i++) {
    const bit = RIGHT_BIT.get(RECEIVE_RIGHTS[i]!)!;
    if (tierMasks[EXPLICIT_DENY]! & bit) [allowTiers[i], denyTiers[i]] = [ALLOWS_OVERRIDDEN, 1 << EXPLICIT_DENY];
    else if (tierMasks[EXPLICIT_ALLOW]! & bit) [allowTiers[i], denyTiers[i], decisions[i]!.granted] = [1 << EXPLICIT_ALLOW, 0, true];
    else if (tierMasks[INHERITED_DENY]! & bit) [allowTiers[i], denyTiers[i]] = [1 << INHERITED_ALLOW, 1 << INHERITED_DENY];
    else if (tierMasks[INHERITED_ALLOW]! & bit) [allowTiers[i], denyTiers[i], decisions[i]!.granted] = [1 << INHERITED_ALLOW, 0, true];
    else [allowTiers[i], denyTiers[i]] = [0, 0];
  }
  for (const c of matched) {
    const tierBit = 1 << c.tier;
    for (let i = 0; i < RECEIVE_RIGHTS.length; i++) {
      if ((c.mask & (1 << i)) === 0) continue;
      if (allowTiers[i]! & tierBit) decisions[i]!.allowedBy.push(provenance(c.entry));
      else if (denyTiers[i]! & tierBit) decisions[i]!.deniedBy.push(provenance(c.entry));
    }
  }
  return decisions;
}

export function grantedRights(decisions: readonly RightDecision[]): Set<ReceiveRight> {
  return new Set(decisions.filter((d) => d.granted).map((d) => d.right));
}
