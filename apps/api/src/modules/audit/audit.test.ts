import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInSession, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  helpdesk = await t.helpdesk();
});
afterAll(async () => t.close());

const domain = (domainName: string) => ({ domainName, domainType: 'Authoritative', isDefault: false });

describe('audit events', () => {
  it('records each change with time, actor, target, before/after and shell', async () => {
    const created = await admin.request({ method: 'POST', url: '/api/accepted-domains', payload: domain('fabrikam.com') });
    const id = created.json().id as string;
    await admin.request({ method: 'DELETE', url: `/api/accepted-domains/${id}` });
    const events = (await helpdesk.request({ method: 'GET', url: '/api/audit?actor=admin' })).json();
    const [del, add] = events.filter((e: { action: string }) => e.action.startsWith('acceptedDomain.'));
    expect(add).toMatchObject({ actor: 'admin', action: 'acceptedDomain.create', target: 'acceptedDomain:fabrikam.com', before: null, sourceIp: '127.0.0.1' });
    expect(add.shell).toBe("New-AcceptedDomain -Name 'fabrikam.com' -DomainName 'fabrikam.com' -DomainType 'Authoritative'");
    expect(add.after).toMatchObject({ domainName: 'fabrikam.com' });
    expect(del).toMatchObject({ action: 'acceptedDomain.delete', before: { domainName: 'fabrikam.com' }, after: null });
    expect(del.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('records sign-ins and failed sign-ins, for admins to read', async () => {
    await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: 'not the password 1' } });
    const events = (await admin.request({ method: 'GET', url: '/api/audit' })).json().map((e: { action: string }) => e.action);
    expect(events).toEqual(expect.arrayContaining(['session.signIn', 'session.signInFailed']));
  });

  it('shows the help desk no account, sign-in or refusal event, even when asked by name', async () => {
    await helpdesk.request({ method: 'POST', url: '/api/users', payload: { username: 'x', password: 'long enough password 1', role: 'admin' } });
    const all = (await helpdesk.request({ method: 'GET', url: '/api/audit' })).json() as Array<{ action: string; target: string }>;
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((e) => /^(session|user|request)\./.test(e.action))).toEqual([]);
    expect(all.some((e) => e.target.startsWith('user:'))).toBe(false);
    for (const action of ['session.signIn', 'session.signInFailed', 'user.create', 'request.forbidden'])
      expect((await helpdesk.request({ method: 'GET', url: `/api/audit?action=${action}` })).json(), action).toEqual([]);
    expect((await admin.request({ method: 'GET', url: '/api/audit?action=request.forbidden' })).json().length).toBeGreaterThan(0);
  });

  it('filters changes from sign-ins and refused requests (issue 9)', async () => {
    const changes = (await admin.request({ method: 'GET', url: '/api/audit?category=changes' })).json() as { action: string }[];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.some((e) => e.action.startsWith('session.') || e.action.startsWith('request.'))).toBe(false);
    const access = (await admin.request({ method: 'GET', url: '/api/audit?category=access' })).json() as { action: string }[];
    expect(access.map((e) => e.action)).toContain('session.signIn');
    expect(access.every((e) => e.action.startsWith('session.') || e.action.startsWith('request.'))).toBe(true);
  });

  it('filters by action, actor and time', async () => {
    const byAction = (await admin.request({ method: 'GET', url: '/api/audit?action=session.signIn' })).json();
    expect(byAction.length).toBeGreaterThan(0);
    expect(byAction.every((e: { action: string }) => e.action === 'session.signIn')).toBe(true);
    const future = (await helpdesk.request({ method: 'GET', url: '/api/audit?since=2100-01-01T00:00:00Z' })).json();
    expect(future).toEqual([]);
    const past = (await helpdesk.request({ method: 'GET', url: '/api/audit?until=2000-01-01T00:00:00Z' })).json();
    expect(past).toEqual([]);
    expect((await helpdesk.request({ method: 'GET', url: '/api/audit?since=yesterday' })).statusCode).toBe(400);
    expect((await helpdesk.request({ method: 'GET', url: '/api/audit?action=nonsense' })).statusCode).toBe(400);
    expect((await helpdesk.request({ method: 'GET', url: '/api/audit?limit=1' })).json()).toHaveLength(1);
  });

  it('offers no route that edits or deletes events', () => {
    const auditWrites = t.app.routeTable.filter((r) => r.url.startsWith('/api/audit') && r.method !== 'GET' && r.method !== 'HEAD');
    expect(auditWrites).toEqual([]);
  });

  it('fails closed: when the event cannot be written the change is refused and not stored (S-11)', async () => {
    if (t.database.dialect === 'postgres') {
      await sql`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`.execute(t.database.db);
      await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit()`.execute(t.database.db);
    } else {
      await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'disk full'); END`.execute(t.database.db);
    }
    const res = await admin.request({ method: 'POST', url: '/api/accepted-domains', payload: domain('tailspin.com') });
    await sql`DROP TRIGGER refuse_audit${sql.raw(t.database.dialect === 'postgres' ? ' ON audit_events' : '')}`.execute(t.database.db);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('disk full');
    const domains = (await admin.request({ method: 'GET', url: '/api/accepted-domains' })).json();
    expect(domains.map((d: { domainName: string }) => d.domainName)).not.toContain('tailspin.com');
  });

  it('keeps one record for a name with CR/LF in it', async () => {
    const name = 'CONTOSO\\eve\r\n{"fake":1}';
    const res = await admin.request({ method: 'POST', url: '/api/principals', payload: { name, kind: 'user', emailAddresses: [], memberOf: [], sendAs: [] } });
    // The engine's account-name rule refuses control characters; either way no forged record appears.
    expect([201, 400]).toContain(res.statusCode);
    const forged = (await admin.request({ method: 'GET', url: '/api/audit' })).json().filter((e: { target: string }) => e.target === '{"fake":1}');
    expect(forged).toEqual([]);
  });
});
