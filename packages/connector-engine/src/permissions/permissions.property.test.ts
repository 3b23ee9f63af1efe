import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERMISSION_GROUPS, type PermissionEntry, type PermissionGroup } from '../model/schemas.ts';
import { RECEIVE_RIGHTS } from '../model/rights.ts';
import { applyPermissionGroups, addExplicitRights } from './acl.ts';
import { compileAcl, evaluateRights } from './evaluate.ts';
import { readPermissionGroups } from './readback.ts';
import { UNSUPPORTED_GROUPS } from './group-tables.ts';
import { idFactory } from '../testing/fixture.ts';

const principals = ['NT AUTHORITY\\ANONYMOUS LOGON', 'NT AUTHORITY\\Authenticated Users', 'CONTOSO\\alice', 'CONTOSO\\Sales', 'Everyone', 'MS Exchange\\Partner Servers'];
const right = fc.constantFrom(...RECEIVE_RIGHTS);
const entry = fc.record({
  user: fc.constantFrom(...principals),
  extendedRights: fc.uniqueArray(right, { minLength: 1, maxLength: 4 }),
  deny: fc.boolean(),
  inherited: fc.boolean(),
});
const acl = fc.array(entry, { maxLength: 25 }).map((es) =>
  es.map((e, i): PermissionEntry => ({ ...e, id: `e${i}`, source: e.inherited ? 'Inherited' : 'Explicit' })),
);
const sids = fc.subarray(principals, { minLength: 1 });

describe('ACL evaluation properties', () => {
  it('an explicit deny of a right for any SID in the session always removes it', () => {
    fc.assert(
      fc.property(acl, sids, right, fc.nat(), (entries, set, denied, pick) => {
        const target = set[pick % set.length]!;
        const withDeny = [...entries, { id: 'deny', user: target, extendedRights: [denied], deny: true, inherited: false, source: 'Explicit' }];
        const decision = evaluateRights(compileAcl(withDeny), set).find((d) => d.right === denied)!;
        expect(decision.granted).toBe(false);
        expect(decision.deniedBy.some((p) => p.entryId === 'deny')).toBe(true);
      }),
    );
  });

  it('an explicit allow beats an inherited deny, and an inherited allow counts when nothing denies', () => {
    fc.assert(
      fc.property(fc.constantFrom(...principals), right, (user, r) => {
        const base = (deny: boolean, inherited: boolean, id: string): PermissionEntry => ({ id, user, extendedRights: [r], deny, inherited, source: inherited ? 'Inherited' : 'Explicit' });
        const decide = (entries: PermissionEntry[]) => evaluateRights(compileAcl(entries), [user]).find((d) => d.right === r)!.granted;
        expect(decide([base(true, true, 'a'), base(false, false, 'b')])).toBe(true);
        expect(decide([base(false, true, 'a')])).toBe(true);
        expect(decide([base(false, true, 'a'), base(true, true, 'b')])).toBe(false);
      }),
    );
  });

  it('rights are never granted to a session whose SIDs hold no allow entry', () => {
    fc.assert(
      fc.property(acl, sids, (entries, set) => {
        const lower = new Set(set.map((s) => s.toLowerCase()));
        for (const d of evaluateRights(compileAcl(entries), set)) {
          if (d.granted) expect(d.allowedBy.every((p) => lower.has(p.user.toLowerCase()) && !p.deny)).toBe(true);
        }
      }),
    );
  });
});

describe('PermissionGroups read-back properties', () => {
  const roles = ['HubTransport', 'Edge'] as const;

  it('a connector saved with groups G and no explicit entries reads back exactly G', () => {
    fc.assert(
      fc.property(fc.constantFrom(...roles), fc.subarray([...PERMISSION_GROUPS]), (role, groups) => {
        const allowed = groups.filter((g) => !UNSUPPORTED_GROUPS[role].includes(g));
        const entries = applyPermissionGroups([], allowed, role, 'CONTOSO', idFactory());
        expect(readPermissionGroups(entries, role, 'CONTOSO')).toEqual(PERMISSION_GROUPS.filter((g) => allowed.includes(g)));
      }),
    );
  });

  it('rewriting the groups keeps rights outside the defaults and is idempotent', () => {
    fc.assert(
      fc.property(fc.subarray([...PERMISSION_GROUPS]), fc.subarray([...PERMISSION_GROUPS]), (first, second) => {
        const newId = idFactory();
        let entries = applyPermissionGroups([], first as PermissionGroup[], 'HubTransport', 'CONTOSO', newId);
        entries = addExplicitRights(entries, { user: 'CONTOSO\\alice', extendedRights: ['ms-Exch-SMTP-Submit'], deny: false }, newId);
        const once = applyPermissionGroups(entries, second as PermissionGroup[], 'HubTransport', 'CONTOSO', newId);
        const twice = applyPermissionGroups(once, second as PermissionGroup[], 'HubTransport', 'CONTOSO', newId);
        const strip = (es: PermissionEntry[]) => es.map(({ id: _id, ...rest }) => rest);
        expect(strip(twice)).toEqual(strip(once));
        expect(once.some((e) => e.user === 'CONTOSO\\alice' && e.source === 'Explicit')).toBe(true);
      }),
    );
  });
});
