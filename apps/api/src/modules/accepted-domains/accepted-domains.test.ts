import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedDomainView, AuditEvent } from '@cc/api-contract';
import { createTestApp, type SignedInSession, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;
let contoso: AcceptedDomainView;
let fabrikam: AcceptedDomainView;

const create = async (domainName: string, domainType: string, isDefault: boolean) => {
  const res = await admin.request({ method: 'POST', url: '/api/accepted-domains', payload: { domainName, domainType, isDefault } });
  expect(res.statusCode).toBe(201);
  return res.json() as AcceptedDomainView;
};
const patch = (id: string, payload: unknown, session = admin) => session.request({ method: 'PATCH', url: `/api/accepted-domains/${id}`, payload: payload as object });
const list = async () => (await helpdesk.request({ method: 'GET', url: '/api/accepted-domains' })).json() as AcceptedDomainView[];
const events = async (action: string) =>
  (await helpdesk.request({ method: 'GET', url: `/api/audit?action=${action}` })).json() as AuditEvent[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  helpdesk = await t.helpdesk();
  contoso = await create('contoso.com', 'Authoritative', true);
  fabrikam = await create('*.fabrikam.com', 'InternalRelay', false);
});
afterAll(async () => t.close());

describe('PATCH /api/accepted-domains/:id', () => {
  it('changes the domain type and audits it with Set-AcceptedDomain', async () => {
    const res = await patch(contoso.id, { domainType: 'InternalRelay' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...contoso, domainType: 'InternalRelay' });
    const [event] = await events('acceptedDomain.update');
    expect(event).toMatchObject({
      actor: 'admin',
      target: 'acceptedDomain:contoso.com',
      before: { domainType: 'Authoritative', isDefault: true },
      after: { domainType: 'InternalRelay', isDefault: true },
      shell: "Set-AcceptedDomain -Identity 'contoso.com' -DomainType 'InternalRelay'",
    });
  });

  it('making a domain the default takes the flag from the other one, as create does', async () => {
    const res = await patch(fabrikam.id, { isDefault: true, domainType: 'Authoritative' });
    expect(res.statusCode).toBe(200);
    expect((await list()).map((d) => [d.domainName, d.domainType, d.isDefault])).toEqual([
      ['*.fabrikam.com', 'Authoritative', true],
      ['contoso.com', 'InternalRelay', false],
    ]);
    const [event] = await events('acceptedDomain.update');
    // A wildcard domain is named without the *, which -Identity would read as a wildcard.
    expect(event!.shell).toBe("Set-AcceptedDomain -Identity 'fabrikam.com and subdomains' -DomainType 'Authoritative' -MakeDefault $true");
  });

  it('refuses to un-default the default, saying to make another domain the default', async () => {
    const res = await patch(fabrikam.id, { isDefault: false });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/make another domain the default/);
    expect((await list()).find((d) => d.id === fabrikam.id)?.isDefault).toBe(true);
  });

  it('a request that changes nothing writes no event', async () => {
    const before = (await events('acceptedDomain.update')).length;
    const res = await patch(contoso.id, { isDefault: false, domainType: 'InternalRelay' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ domainName: 'contoso.com', isDefault: false });
    expect(await events('acceptedDomain.update')).toHaveLength(before);
  });

  it.each([
    [{ domainType: 'Authoritative', domainName: 'evil.com' }, 'UNKNOWN_PROPERTY'],
    [{ isDefault: 'true' }, 'INVALID_TYPE'],
    [{ domainType: 'Relay' }, 'INVALID_VALUE'],
    [{}, 'INVALID_VALUE'],
  ])('answers 400 to %j', async (payload, code) => {
    const res = await patch(contoso.id, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].code).toBe(code);
  });

  it('answers 404 for an unknown domain and 403 to the help desk', async () => {
    expect((await patch('no-such-id', { domainType: 'Authoritative' })).statusCode).toBe(404);
    expect((await patch(contoso.id, { domainType: 'Authoritative' }, helpdesk)).statusCode).toBe(403);
    expect((await list()).find((d) => d.id === contoso.id)?.domainType).toBe('InternalRelay');
  });
});

describe('shell commands of accepted-domain events', () => {
  it('records New-AcceptedDomain (and -MakeDefault) on create, Remove-AcceptedDomain on delete', async () => {
    const tailspin = await create('tailspin.com', 'ExternalRelay', false);
    const [created] = await events('acceptedDomain.create');
    expect(created!.shell).toBe("New-AcceptedDomain -Name 'tailspin.com' -DomainName 'tailspin.com' -DomainType 'ExternalRelay'");
    const first = (await events('acceptedDomain.create')).at(-1)!;
    expect(first.shell.split('\n')).toEqual([
      "New-AcceptedDomain -Name 'contoso.com' -DomainName 'contoso.com' -DomainType 'Authoritative'",
      "Set-AcceptedDomain -Identity 'contoso.com' -MakeDefault $true",
    ]);
    expect((await admin.request({ method: 'DELETE', url: `/api/accepted-domains/${tailspin.id}` })).statusCode).toBe(204);
    const [removed] = await events('acceptedDomain.delete');
    expect(removed!.shell).toBe("Remove-AcceptedDomain -Identity 'tailspin.com' -Confirm:$false");
  });
});
