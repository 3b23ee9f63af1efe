import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, PrincipalView } from '@cc/api-contract';
import { createTestApp, type SignedInSession, type TestApp } from '../../test/helpers.ts';

/** The demo organisation: CONTOSO\alice (alice@contoso.com, in Sales and Temps), CONTOSO\bob, the groups Sales and Temps. */
let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.admin();
  helpdesk = await t.helpdesk();
  const staff = await admin.request({
    method: 'POST',
    url: '/api/principals',
    payload: { name: 'CONTOSO\\All Staff', kind: 'group', emailAddresses: ['staff@contoso.com'], memberOf: [], sendAs: [] },
  });
  expect(staff.statusCode).toBe(201);
});
afterAll(async () => t.close());

const directory = async () => (await helpdesk.request({ method: 'GET', url: '/api/principals' })).json() as PrincipalView[];
const named = async (name: string) => (await directory()).find((p) => p.name === name)!;
const patch = async (name: string, payload: unknown, session = admin) =>
  session.request({ method: 'PATCH', url: `/api/principals/${encodeURIComponent((await named(name)).id)}`, payload: payload as object });
const latest = async (action: string) => ((await helpdesk.request({ method: 'GET', url: `/api/audit?action=${action}&limit=1` })).json() as AuditEvent[])[0]!;

/** Alice, authenticated on Client HUB01, sends as bob@contoso.com: the Send-As check of §6.4 decides. */
const sendAsBob = async () =>
  (
    await helpdesk.request({
      method: 'POST',
      url: '/api/simulate',
      payload: {
        server: 'HUB01',
        localEndpoint: '10.0.0.10:587',
        remoteIp: '10.0.0.60',
        tls: true,
        authUser: 'CONTOSO\\alice',
        helo: 'pc01',
        mailFrom: 'bob@contoso.com',
        rcptTo: ['x@external.net'],
      },
    })
  ).json() as { outcome: string; transcript: { server: string }[] };

describe('PATCH /api/principals/:id', () => {
  it('adds an address, a membership and Send-As additively, and the simulation follows', async () => {
    expect((await sendAsBob()).transcript.map((l) => l.server)).toContain('550 5.7.1 Client does not have permissions to send as this sender');
    const res = await patch('CONTOSO\\alice', {
      emailAddresses: { add: ['a.smith@contoso.com'] },
      memberOf: { add: ['CONTOSO\\All Staff'] },
      sendAs: { add: ['bob@contoso.com'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'CONTOSO\\alice',
      emailAddresses: ['alice@contoso.com', 'a.smith@contoso.com'],
      memberOf: ['CONTOSO\\Sales', 'CONTOSO\\Temps', 'CONTOSO\\All Staff'],
      sendAs: ['bob@contoso.com'],
    });
    expect((await sendAsBob()).outcome).toBe('accepted');

    const event = await latest('principal.update');
    expect(event).toMatchObject({ actor: 'admin', target: 'principal:CONTOSO\\alice', before: { sendAs: [] }, after: { sendAs: ['bob@contoso.com'] } });
    expect(event.shell.split('\n')).toEqual([
      '# Exchange 2007 replaces the whole list of addresses (the @{Add=...} form needs Exchange 2010 or later).',
      "Set-Mailbox -Identity 'CONTOSO\\alice' -EmailAddresses 'alice@contoso.com','a.smith@contoso.com'",
      "Add-DistributionGroupMember -Identity 'CONTOSO\\All Staff' -Member 'CONTOSO\\alice'",
      "Get-Recipient -Identity 'bob@contoso.com' | Add-ADPermission -User 'CONTOSO\\alice' -ExtendedRights 'Send-As'",
    ]);
  });

  it('removes a membership; a group that is not mail-enabled is changed in Active Directory', async () => {
    const res = await patch('CONTOSO\\alice', { memberOf: { remove: ['contoso\\temps'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().memberOf).toEqual(['CONTOSO\\Sales', 'CONTOSO\\All Staff']);
    expect((await latest('principal.update')).shell).toBe(
      '# Active Directory: remove CONTOSO\\alice from CONTOSO\\Temps (Active Directory Users and Computers); CONTOSO\\Temps is not a mail-enabled group, and the *-DistributionGroupMember cmdlets change only those.',
    );
  });

  it.each([
    [{ memberOf: { add: ['CONTOSO\\Marketing'] } }, 'UNKNOWN_GROUP', /There is no group CONTOSO\\Marketing in the directory; add the group first/],
    [{ memberOf: { add: ['CONTOSO\\bob'] } }, 'NOT_A_GROUP', /CONTOSO\\bob is a user, not a group/],
    [{ memberOf: { add: ['NT AUTHORITY\\Authenticated Users'] } }, 'WELL_KNOWN_GROUP', /well-known principal: Windows and Exchange decide who belongs to it/],
    [{ memberOf: { add: ['CONTOSO\\alice'] } }, 'SELF_MEMBERSHIP', /cannot be a member of itself/],
    [{ memberOf: { add: ['contoso\\SALES'] } }, 'ALREADY_IN_LIST', /already in the groups it is a member of/],
    [{ sendAs: { remove: ['carol@contoso.com'] } }, 'NOT_IN_LIST', /carol@contoso.com is not in its Send-As list/],
  ])('refuses %j with 422 %s, and changes nothing', async (payload, code, message) => {
    const before = await named('CONTOSO\\alice');
    const res = await patch('CONTOSO\\alice', payload);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].code).toBe(code);
    expect(res.json().error.message).toMatch(message);
    expect(await named('CONTOSO\\alice')).toEqual(before);
  });

  it('refuses an address another recipient holds, naming it', async () => {
    const res = await patch('CONTOSO\\alice', { emailAddresses: { add: ['BOB@contoso.com'] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ conflictsWith: { name: 'CONTOSO\\bob' }, details: [{ path: 'emailAddresses.add[0]' }] });
  });

  it.each([
    [{ emailAddresses: { add: ['not an address'] } }, 'emailAddresses.add[0]'],
    [{ memberOf: { add: ['Sales'] } }, 'memberOf.add[0]'],
    [{ sendAs: { add: ['bob at contoso'] } }, 'sendAs.add[0]'],
    [{ sendAs: { add: ['x@contoso.com'], replace: [] } }, 'sendAs.replace'],
    [{ name: 'CONTOSO\\mallory' }, 'name'],
    [{ emailAddresses: ['x@contoso.com'] }, 'emailAddresses'],
    [{ sendAs: {} }, 'sendAs'],
    [{}, 'body'],
  ])('answers 400 to %j, naming %s', async (payload, path) => {
    const res = await patch('CONTOSO\\alice', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe(path);
  });

  it('keeps well-known principals read-only, answers 404 for an unknown id and 403 to the help desk', async () => {
    const anonymous = await named('NT AUTHORITY\\ANONYMOUS LOGON');
    const wellKnown = await admin.request({ method: 'PATCH', url: `/api/principals/${anonymous.id}`, payload: { memberOf: { add: ['CONTOSO\\Sales'] } } });
    expect(wellKnown.statusCode).toBe(409);
    expect(wellKnown.json().error.message).toMatch(/cannot be changed/);
    expect((await admin.request({ method: 'PATCH', url: '/api/principals/no-such-id', payload: { sendAs: { add: ['a@contoso.com'] } } })).statusCode).toBe(404);
    expect((await patch('CONTOSO\\bob', { sendAs: { add: ['alice@contoso.com'] } }, helpdesk)).statusCode).toBe(403);
  });

  it('empty edits change nothing and write no event', async () => {
    const count = async () => (await helpdesk.request({ method: 'GET', url: '/api/audit?action=principal.update' })).json().length as number;
    const before = await count();
    const res = await patch('CONTOSO\\bob', { sendAs: { add: [] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('CONTOSO\\bob');
    expect(await count()).toBe(before);
  });
});

describe('shell commands of principal events', () => {
  it('records the AD step and the Exchange commands on create, Remove-Mailbox on delete', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/principals',
      payload: { name: 'CONTOSO\\carol', kind: 'user', emailAddresses: ['carol@contoso.com'], memberOf: ['CONTOSO\\All Staff'], sendAs: [] },
    });
    expect(created.statusCode).toBe(201);
    const shell = (await latest('principal.create')).shell.split('\n');
    expect(shell[0]).toBe('# Active Directory: create the user CONTOSO\\carol (Active Directory Users and Computers).');
    expect(shell).toContain("Set-Mailbox -Identity 'CONTOSO\\carol' -EmailAddresses 'carol@contoso.com'");
    expect(shell.at(-1)).toBe("Add-DistributionGroupMember -Identity 'CONTOSO\\All Staff' -Member 'CONTOSO\\carol'");
    expect((await admin.request({ method: 'DELETE', url: `/api/principals/${created.json().id}` })).statusCode).toBe(204);
    expect((await latest('principal.delete')).shell).toMatch(/\nRemove-Mailbox -Identity 'CONTOSO\\carol' -Confirm:\$false$/);
  });
});
