import type { Role } from '@cc/api-contract';

/** One directory group (by DN) or OpenID claim value that grants a console role. */
export interface RoleGrant {
  role: Role;
  value: string;
}

/** Admin outranks help desk: a person in both groups gets the stronger role, as Exchange's own groups nest. */
const RANK: Record<Role, number> = { admin: 2, helpdesk: 1 };

/**
 * `admin=<value>;helpdesk=<value>` — one pair per grant, a role may appear more than once. A `;` inside a value
 * is written `\;` (DNs escape it that way anyway).
 */
export function parseRoleGrants(variable: string, text: string, example: string): RoleGrant[] {
  const grants: RoleGrant[] = [];
  for (const part of text.split(/(?<!\\);/).map((p) => p.trim()).filter((p) => p !== '')) {
    const at = part.indexOf('=');
    const role = at < 0 ? '' : part.slice(0, at).trim().toLowerCase();
    const value = at < 0 ? '' : part.slice(at + 1).trim().replace(/\\;/g, ';');
    if ((role !== 'admin' && role !== 'helpdesk') || value === '')
      throw new Error(`${variable} must list role=value pairs separated by ";" with the roles admin and helpdesk, e.g. ${example}; "${part}" is not one`);
    grants.push({ role, value });
  }
  if (grants.length === 0) throw new Error(`${variable} must map at least one value to a role, e.g. ${example}`);
  return grants;
}

/** The strongest role the held values grant, and the value that granted it; null when none is mapped. */
export function roleFromGrants(held: Iterable<string>, grants: readonly RoleGrant[], same: (a: string, b: string) => boolean): { role: Role; grantedBy: string } | null {
  let best: { role: Role; grantedBy: string } | null = null;
  const values = [...held];
  for (const grant of grants) {
    if (!values.some((value) => same(value, grant.value))) continue;
    if (!best || RANK[grant.role] > RANK[best.role]) best = { role: grant.role, grantedBy: grant.value };
  }
  return best;
}
