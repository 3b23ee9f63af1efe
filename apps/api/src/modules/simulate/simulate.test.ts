import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { FULL_DETAIL_MAX_CONNECTORS } from '@cc/connector-engine';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { cookieFrom, createTestApp, testHasher, ADMIN_PASSWORD, type SignedInSession, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.admin();
  helpdesk = await t.helpdesk();
});
afterAll(async () => t.close());

const relayCase = { server: 'HUB01', localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', tls: false, helo: 'crm', mailFrom: 'crm@contoso.com', rcptTo: ['x@external.net'] };

type Connector = { id: string; name: string };
const connectorsOf = async (server: string) => (await helpdesk.request({ method: 'GET', url: `/api/connectors?server=${server}` })).json() as Connector[];

describe('simulate refuses a case it cannot run', () => {
  it('answers 422 on remoteIp for an address the engine cannot parse, instead of a "nothing listens" verdict', async () => {
    const res = await helpdesk.request({ method: 'POST', url: '/api/simulate', payload: { ...relayCase, remoteIp: '10.0.0.500' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { details: [{ path: 'remoteIp', message: '"10.0.0.500": octet 500 is greater than 255' }] } });
  });
});

describe('simulate on a server with many connectors', () => {
  it('lists the connectors that competed and counts the others', async () => {
    const existing = (await connectorsOf('HUB01')).length;
    for (let i = existing; i <= FULL_DETAIL_MAX_CONNECTORS; i++) {
      const res = await admin.request({
        method: 'POST',
        url: '/api/connectors',
        payload: { server: 'HUB01', name: `App ${i}`, usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: [`10.1.${i}.7`], permissionGroups: ['AnonymousUsers'] },
      });
      expect(res.statusCode).toBe(201);
    }
    const total = (await connectorsOf('HUB01')).length;
    expect(total).toBe(FULL_DETAIL_MAX_CONNECTORS + 1);

    const res = await helpdesk.request({ method: 'POST', url: '/api/simulate', payload: relayCase });
    expect(res.statusCode).toBe(200);
    const result = res.json() as {
      connector: { name: string };
      candidates: { name: string; outcome: string }[];
      candidateSummary: { reason: string; endpoint: string | null; count: number; text: string }[];
      explanation: string;
    };
    expect(result.connector.name).toBe('Internet HUB01');
    expect(result.candidates.map((c) => [c.name, c.outcome])).toEqual([
      ['Default HUB01', 'lost'],
      ['Internet HUB01', 'selected'],
    ]);
    const apps = total - 3;
    expect(result.candidateSummary).toEqual([
      expect.objectContaining({ reason: 'noMatchingRange', endpoint: '0.0.0.0:25', count: apps }),
      expect.objectContaining({ reason: 'notListening', endpoint: null, count: 1, text: '1 connector does not listen on 10.0.0.11:25 (Client HUB01).' }),
    ]);
    expect(result.candidateSummary[0]!.text).toMatch(new RegExp(`^${apps} other connectors listen on 0\\.0\\.0\\.0:25, but none of their IPv4 remote ranges contains 10\\.0\\.0\\.50 \\(e\\.g\\. App \\d+, App \\d+, App \\d+, …\\)\\.$`));
    expect(result.explanation).not.toContain('App ');
  });
});

describe('cached reads and a second API instance on the same database', () => {
  let second: FastifyInstance;
  let secondHandle: DatabaseHandle;
  let secondAdmin: { cookie: string; csrfToken: string };

  beforeAll(async () => {
    secondHandle = t.database.reopen();
    second = await buildApp({ db: secondHandle.db, clock: t.clock, hasher: testHasher(), log: false });
    const signIn = await second.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    secondAdmin = { cookie: cookieFrom(signIn), csrfToken: (signIn.json() as { csrfToken: string }).csrfToken };
  });
  afterAll(async () => {
    await second.close();
    await secondHandle.close();
  });

  const onSecond = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
    second.inject({ method, url, ...(payload ? { payload } : {}), headers: { cookie: secondAdmin.cookie, 'x-csrf-token': secondAdmin.csrfToken, ...headers } });
  const anonymousRights = async (id: string) => {
    const res = await helpdesk.request({ method: 'GET', url: `/api/connectors/${id}/effective-permissions?identity=anonymous` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { rights: { right: string; granted: boolean }[] }).rights.filter((r) => r.granted).map((r) => r.right);
  };

  it('sees a change made through the other instance at once', async () => {
    const internet = (await connectorsOf('HUB01')).find((c) => c.name === 'Internet HUB01')!;
    expect(await anonymousRights(internet.id)).not.toContain('ms-Exch-SMTP-Accept-Any-Recipient');
    const grant = await onSecond('POST', `/api/connectors/${internet.id}/permissions`, {
      user: 'NT AUTHORITY\\ANONYMOUS LOGON',
      extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'],
    });
    expect(grant.statusCode).toBe(201);
    expect(await anonymousRights(internet.id)).toContain('ms-Exch-SMTP-Accept-Any-Recipient');
  });

  it('finds a connector created through the other instance, and forgets it once deleted there', async () => {
    const created = await onSecond('POST', '/api/connectors', {
      server: 'EDGE01',
      name: 'Partner relay',
      usage: 'Custom',
      bindings: ['0.0.0.0:2525'],
      remoteIPRanges: ['192.0.2.10'],
      permissionGroups: ['AnonymousUsers'],
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const etag = String(created.headers.etag);
    expect((await helpdesk.request({ method: 'GET', url: `/api/connectors/${id}` })).json()).toMatchObject({ name: 'Partner relay', server: 'EDGE01' });
    expect(await anonymousRights(id)).toContain('ms-Exch-SMTP-Submit');

    expect((await onSecond('DELETE', `/api/connectors/${id}`, undefined, { 'if-match': etag })).statusCode).toBe(204);
    expect((await helpdesk.request({ method: 'GET', url: `/api/connectors/${id}` })).statusCode).toBe(404);
    expect((await helpdesk.request({ method: 'GET', url: `/api/connectors/${id}/effective-permissions?identity=anonymous` })).statusCode).toBe(404);
  });
});
