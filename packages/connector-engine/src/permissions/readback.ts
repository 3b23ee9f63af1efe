import type { PermissionEntry, PermissionGroupReadBack, ServerRole } from '../model/schemas.ts';
import { PERMISSION_GROUPS } from '../model/schemas.ts';
import { samePrincipal } from '../model/principals.ts';
import { compileAcl, evaluateRights, grantedRights } from './evaluate.ts';
import { allGroupAces, groupAces, UNSUPPORTED_GROUPS } from './group-tables.ts';

const sameSet = (a: ReadonlySet<string>, b: readonly string[]): boolean => a.size === b.length && b.every((r) => a.has(r));

/**
 * PermissionGroups as Exchange computes it when read (§2.5, GetPermissionGroups): a group is reported when
 * every one of its principals effectively holds at least the group's rights; `Custom` is added when a group
 * principal holds a non-empty set that differs from its default, or when any other explicitly ACL'd principal
 * holds a set that is none of the predefined ones. Send-side and MLS rights are ignored (evaluation only
 * returns receive rights).
 */
export function readPermissionGroups(
  entries: readonly PermissionEntry[],
  role: ServerRole,
  domain: string,
): PermissionGroupReadBack[] {
  const acl = compileAcl(entries);
  const effective = (user: string) => grantedRights(evaluateRights(acl, [user]));
  const result: PermissionGroupReadBack[] = [];

  for (const group of PERMISSION_GROUPS) {
    if (UNSUPPORTED_GROUPS[role].includes(group)) continue;
    const aces = groupAces(group, role, domain);
    if (aces.length > 0 && aces.every((ace) => ace.allow.every((r) => effective(ace.user).has(r)))) result.push(group);
  }

  const table = allGroupAces(role, domain);
  const groupPrincipalDiffers = table.some((ace) => {
    const held = effective(ace.user);
    return held.size > 0 && !sameSet(held, ace.allow);
  });
  const otherPrincipals = new Set(
    entries.filter((e) => !e.inherited && !table.some((ace) => samePrincipal(ace.user, e.user))).map((e) => e.user.toLowerCase()),
  );
  const otherIsCustom = [...otherPrincipals].some((user) => {
    const held = effective(user);
    return held.size > 0 && !table.some((ace) => sameSet(held, ace.allow));
  });
  if (groupPrincipalDiffers || otherIsCustom) result.push('Custom');
  return result;
}
