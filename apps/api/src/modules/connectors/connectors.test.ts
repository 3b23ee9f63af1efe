import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInSession, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;

type Connector = { id: string; name: string; server: string; version: number; permissionGroups: string[]; remoteIPRanges: string[]; bindings: string[]; enabled: boolean; authMechanism: string[] };

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.admin();
  helpdesk = await t.helpdesk();
});
afterAll(async () => t.close());

async function connectorNamed(name: string): Promise<{ connector: Connector; etag: string }> {
  const list = (await helpdesk.request({ method: 'GET', url: '/api/connectors' })).json() as Connector[];
  const found = list.find((c) => c.name === name);
  if (!found) throw new Error(`no connector ${name}`);
  const res = await helpdesk.request({ method: 'GET', url: `/api/connectors/${found.id}` });
  return { connector: res.json(), etag: String(res.headers.etag) };
}

const auditCount = async () =>
  Number((await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const connectorCount = async () =>
  Number((await t.database.db.selectFrom('connectors').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('the demo organisation', () => {
  it('has the shared fixture’s connectors with PermissionGroups read back from their entries', async () => {
    const list = (await helpdesk.request({ method: 'GET', url: '/api/connectors?server=HUB01' })).json() as Connector[];
    const groups = Object.fromEntries(list.map((c) => [c.name, c.permissionGroups]));
    expect(groups).toEqual({
      'Client HUB01': ['ExchangeUsers'],
      'Default HUB01': ['ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers'],
      'Internet HUB01': ['AnonymousUsers'],
    });
    const internet = list.find((c) => c.name === 'Internet HUB01')!;
    expect(internet).toMatchObject({ bindings: ['10.0.0.11:25'], remoteIPRanges: ['0.0.0.0-255.255.255.255'], authMechanism: ['Tls'] });
    const edge = (await helpdesk.request({ method: 'GET', url: '/api/connectors?server=EDGE01' })).json() as Connector[];
    expect(edge.map((c) => c.name)).toEqual(['Default internal receive connector EDGE01']);
    expect((await helpdesk.request({ method: 'GET', url: '/api/connectors?server=NOPE' })).statusCode).toBe(404);
  });

  it('reproduces the seed’s symptom: the app server cannot relay through Internet HUB01', async () => {
    const res = await helpdesk.request({
      method: 'POST',
      url: '/api/simulate',
      payload: { server: 'HUB01', localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', tls: false, helo: 'app01', mailFrom: 'app@contoso.com', rcptTo: ['x@external.net'] },
    });
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result.connector.name).toBe('Internet HUB01');
    expect(result.transcript[0].client).toBeNull();
    expect(result.transcript.map((l: { server: string }) => l.server)).toContain('550 5.7.1 Unable to relay');
    expect(result.outcome).toBe('rejected');
    expect(result.fixes.length).toBeGreaterThan(0);
  });

  it('refuses a simulation on an unknown server', async () => {
    const res = await helpdesk.request({
      method: 'POST',
      url: '/api/simulate',
      payload: { server: 'NOPE', localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', tls: false, helo: 'a', mailFrom: '', rcptTo: [] },
    });
    expect(res.statusCode).toBe(422);
  });
});

describe('ETag and If-Match (R-03, R-04)', () => {
  it('sends the version as a strong ETag', async () => {
    const { connector, etag } = await connectorNamed('Client HUB01');
    expect(etag).toBe(`"${connector.version}"`);
  });

  it('answers 428 without If-Match, with the current ETag', async () => {
    const { connector, etag } = await connectorNamed('Client HUB01');
    const res = await admin.request({ method: 'PATCH', url: `/api/connectors/${connector.id}`, payload: { comment: 'x' } });
    expect(res.statusCode).toBe(428);
    expect(res.headers.etag).toBe(etag);
  });

  it('answers 412 for a stale or weak ETag, with the current one', async () => {
    const { connector, etag } = await connectorNamed('Client HUB01');
    for (const ifMatch of ['"999"', `W/${etag}`]) {
      const res = await admin.request({ method: 'PATCH', url: `/api/connectors/${connector.id}`, payload: { comment: 'x' }, headers: { 'if-match': ifMatch } });
      expect(res.statusCode).toBe(412);
      expect(res.headers.etag).toBe(etag);
    }
  });

  it('lets one of two admins win; the other gets 412 and the stored value is the winner’s', async () => {
    const other = await t.admin();
    const { connector, etag } = await connectorNamed('Client HUB01');
    const a = await admin.request({ method: 'PATCH', url: `/api/connectors/${connector.id}`, payload: { comment: 'from A' }, headers: { 'if-match': etag } });
    expect(a.statusCode).toBe(200);
    expect(a.headers.etag).toBe(`"${connector.version + 1}"`);
    const b = await other.request({ method: 'PATCH', url: `/api/connectors/${connector.id}`, payload: { comment: 'from B' }, headers: { 'if-match': etag } });
    expect(b.statusCode).toBe(412);
    expect((await connectorNamed('Client HUB01')).connector).toMatchObject({ comment: 'from A' });
  });

  it('gives exactly one success to 50 concurrent PATCHes with the same ETag (R-05)', async () => {
    const { connector, etag } = await connectorNamed('Client HUB01');
    const before = await auditCount();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        admin.request({ method: 'PATCH', url: `/api/connectors/${connector.id}`, payload: { comment: `storm ${i}` }, headers: { 'if-match': etag } }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 412)).toHaveLength(49);
    expect((await connectorNamed('Client HUB01')).connector.version).toBe(connector.version + 1);
    expect(await auditCount()).toBe(before + 1);
  });

  it('accepts If-Match: *', async () => {
    const { connector } = await connectorNamed('Client HUB01');
    const res = await admin.request({ method: 'PATCH', url: `/api/connectors/${connector.id}`, payload: { enabled: true }, headers: { 'if-match': '*' } });
    expect(res.statusCode).toBe(200);
  });
});

describe('creating and changing connectors through the engine’s rules', () => {
  it('creates a connector from its usage preset, audited with the shell command', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/connectors',
      payload: { server: 'HUB01', name: 'AppRelay', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.50'], permissionGroups: ['AnonymousUsers'] },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json() as Connector;
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/connectors/${created.id}`);
    expect(created).toMatchObject({ name: 'AppRelay', permissionGroups: ['AnonymousUsers'], remoteIPRanges: ['10.0.0.50'] });
    const [event] = (await admin.request({ method: 'GET', url: `/api/audit?connectorId=${created.id}` })).json();
    expect(event).toMatchObject({ action: 'connector.create', actor: 'admin', target: `connector:${created.id}` });
    expect(event.shell).toContain("New-ReceiveConnector -Name 'AppRelay'");
  });

  it('answers 409 naming the other connector for a binding/range conflict, and stores nothing', async () => {
    const before = [await connectorCount(), await auditCount()];
    const res = await admin.request({
      method: 'POST',
      url: '/api/connectors',
      payload: { server: 'HUB01', name: 'Second Internet', usage: 'Internet', bindings: ['10.0.0.11:25'] },
    });
    expect(res.statusCode).toBe(409);
    const body = res.json().error;
    expect(body.code).toBe('BINDING_RANGE_CONFLICT');
    expect(body.conflictsWith.name).toBe('Internet HUB01');
    expect(body.message).toContain('Internet HUB01');
    expect([await connectorCount(), await auditCount()]).toEqual(before);
  });

  it('answers 409 for a duplicate name', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/connectors',
      payload: { server: 'HUB01', name: 'apprelay', usage: 'Custom', bindings: ['0.0.0.0:2525'], remoteIPRanges: ['10.0.0.60'] },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NAME_TAKEN');
  });

  it('answers 422 with every problem and the field of each', async () => {
    const before = [await connectorCount(), await auditCount()];
    const res = await admin.request({
      method: 'POST',
      url: '/api/connectors',
      payload: { server: 'HUB01', name: 'Broken', usage: 'Custom', bindings: ['010.0.0.1:25', '10.0.0.10:0'], remoteIPRanges: ['10.0.0.10-10.0.0.1'], permissionGroups: ['Custom'] },
    });
    expect(res.statusCode).toBe(422);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['bindings[0]', 'bindings[1]', 'remoteIPRanges[0]', 'permissionGroups']));
    expect([await connectorCount(), await auditCount()]).toEqual(before);
  });

  it('refuses an unknown server with 422 on the server field', async () => {
    const res = await admin.request({ method: 'POST', url: '/api/connectors', payload: { server: 'NOPE', name: 'X', usage: 'Internet', bindings: ['0.0.0.0:25'] } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].path).toBe('server');
  });

  it('refuses more than 1,000 remote ranges with 400', async () => {
    const ranges = Array.from({ length: 1001 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.1`);
    const res = await admin.request({ method: 'POST', url: '/api/connectors', payload: { server: 'HUB01', name: 'Many', usage: 'Custom', bindings: ['0.0.0.0:26'], remoteIPRanges: ranges } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('remoteIPRanges');
  });

  it('refuses server-owned fields in a PATCH (mass assignment, S-04)', async () => {
    const { connector, etag } = await connectorNamed('AppRelay');
    for (const payload of [{ id: 'x' }, { version: 9 }, { usage: 'Internet' }, { server: 'EDGE01' }, { bindings: ['0.0.0.0:25'] }]) {
      const res = await admin.request({ method: 'PATCH', url: `/api/connectors/${connector.id}`, payload, headers: { 'if-match': etag } });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('edits lists with add and remove, canonicalising what is removed', async () => {
    const { connector, etag } = await connectorNamed('AppRelay');
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/connectors/${connector.id}`,
      payload: { remoteIPRanges: { add: ['10.0.0.51'], remove: ['10.0.0.50-10.0.0.50'] } },
      headers: { 'if-match': etag },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().remoteIPRanges).toEqual(['10.0.0.51']);
    const [event] = (await admin.request({ method: 'GET', url: `/api/audit?connectorId=${connector.id}&action=connector.update` })).json();
    expect(event.before.remoteIPRanges).toEqual(['10.0.0.50']);
    expect(event.after.remoteIPRanges).toEqual(['10.0.0.51']);
    expect(event.shell).toContain('Set-ReceiveConnector');
  });

  it('reports removing something that is not in the list', async () => {
    const { connector, etag } = await connectorNamed('AppRelay');
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/connectors/${connector.id}`,
      payload: { bindings: { remove: ['10.9.9.9:25'] } },
      headers: { 'if-match': etag },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0]).toMatchObject({ code: 'NOT_IN_LIST', path: 'bindings.remove[0]' });
  });

  it('validates a draft without writing anything', async () => {
    const before = [await connectorCount(), await auditCount()];
    const res = await admin.request({
      method: 'POST',
      url: '/api/connectors/validate',
      payload: { server: 'HUB01', name: 'LAN Relay', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.1/24'] },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.errors).toEqual([]);
    expect(body.normalized.remoteIPRanges).toEqual(['10.0.0.0/24']);
    expect(body.warnings.length).toBeGreaterThan(0);
    expect([await connectorCount(), await auditCount()]).toEqual(before);
    const bad = (await admin.request({ method: 'POST', url: '/api/connectors/validate', payload: { server: 'HUB01', name: 'X', usage: 'Custom' } })).json();
    expect(bad.errors.length).toBeGreaterThan(0);
  });

  it('serves the shell commands as text', async () => {
    const { connector } = await connectorNamed('Internet HUB01');
    const res = await helpdesk.request({ method: 'GET', url: `/api/connectors/${connector.id}/shell` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain("New-ReceiveConnector -Name 'Internet HUB01'");
  });

  it('lists findings for the whole organisation', async () => {
    const res = await helpdesk.request({ method: 'GET', url: '/api/findings' });
    expect(res.statusCode).toBe(200);
    expect(res.json().length).toBeGreaterThan(0);
  });

  it('deletes with If-Match, audited with Remove-ReceiveConnector', async () => {
    const { connector, etag } = await connectorNamed('AppRelay');
    expect((await admin.request({ method: 'DELETE', url: `/api/connectors/${connector.id}` })).statusCode).toBe(428);
    expect((await admin.request({ method: 'DELETE', url: `/api/connectors/${connector.id}`, headers: { 'if-match': etag } })).statusCode).toBe(204);
    expect((await admin.request({ method: 'GET', url: `/api/connectors/${connector.id}` })).statusCode).toBe(404);
    const [event] = (await admin.request({ method: 'GET', url: `/api/audit?connectorId=${connector.id}&action=connector.delete` })).json();
    expect(event.shell).toContain("Remove-ReceiveConnector -Identity 'HUB01\\AppRelay'");
  });
});

describe('permission entries and effective permissions', () => {
  it('grants the relay right (Option 2) and the app server can then relay', async () => {
    const { connector } = await connectorNamed('Internet HUB01');
    const res = await admin.request({
      method: 'POST',
      url: `/api/connectors/${connector.id}/permissions`,
      payload: { user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'] },
    });
    expect(res.statusCode).toBe(201);
    const explicit = res.json().find((e: { source: string }) => e.source === 'Explicit');
    expect(explicit).toMatchObject({ user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: false, inherited: false });
    expect((await connectorNamed('Internet HUB01')).connector.permissionGroups).toContain('Custom');
    const sim = await helpdesk.request({
      method: 'POST',
      url: '/api/simulate',
      payload: { server: 'HUB01', localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', tls: false, helo: 'app01', mailFrom: 'app@contoso.com', rcptTo: ['x@external.net'] },
    });
    expect(sim.json().transcript.map((l: { server: string }) => l.server)).toContain('250 2.1.5 Recipient OK');
    const [event] = (await admin.request({ method: 'GET', url: `/api/audit?connectorId=${connector.id}&action=connector.permission.add` })).json();
    expect(event.shell).toContain('Add-ADPermission');
    // History shows the entry itself, not only the read-back flipping to Custom (issue 9).
    expect(event.after.permissionEntry).toEqual({ user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: false });
  });

  it('removes a group-written right exactly (Remove-ADPermission), so the read-back shows Custom', async () => {
    const { connector } = await connectorNamed('Client HUB01');
    const res = await admin.request({
      method: 'POST',
      url: `/api/connectors/${connector.id}/permissions/remove`,
      payload: { user: 'NT AUTHORITY\\Authenticated Users', extendedRights: ['ms-Exch-Bypass-Anti-Spam'] },
    });
    expect(res.statusCode).toBe(200);
    const after = (await connectorNamed('Client HUB01')).connector;
    expect(after.permissionGroups).toEqual(['Custom']);
  });

  it('refuses unknown rights and principals', async () => {
    const { connector } = await connectorNamed('Client HUB01');
    const right = await admin.request({ method: 'POST', url: `/api/connectors/${connector.id}/permissions`, payload: { user: 'CONTOSO\\bob', extendedRights: ['ms-Exch-Nope'] } });
    expect(right.statusCode).toBe(422);
    const user = await admin.request({ method: 'POST', url: `/api/connectors/${connector.id}/permissions`, payload: { user: 'CONTOSO\\mallory', extendedRights: ['ms-Exch-SMTP-Submit'] } });
    expect(user.statusCode).toBe(422);
    expect(user.json().error.details[0]).toMatchObject({ code: 'UNKNOWN_PRINCIPAL', path: 'user' });
  });

  it('lists inherited entries after the connector’s own, and an explicit allow beats an inherited deny', async () => {
    const denied = await admin.request({
      method: 'POST',
      url: '/api/servers/HUB01/permissions',
      payload: { user: 'CONTOSO\\Temps', extendedRights: ['ms-Exch-SMTP-Submit'], deny: true },
    });
    expect(denied.statusCode).toBe(201);
    const { connector } = await connectorNamed('Default HUB01');
    const entries = (await helpdesk.request({ method: 'GET', url: `/api/connectors/${connector.id}/permissions` })).json();
    expect(entries.at(-1)).toMatchObject({ user: 'CONTOSO\\Temps', inherited: true, source: 'Inherited', deny: true });
    const alice = (await helpdesk.request({ method: 'GET', url: `/api/connectors/${connector.id}/effective-permissions?identity=${encodeURIComponent('user:CONTOSO\\alice')}` })).json();
    expect(alice.sids).toEqual(expect.arrayContaining(['CONTOSO\\alice', 'CONTOSO\\Sales', 'CONTOSO\\Temps']));
    const submit = alice.rights.find((r: { right: string }) => r.right === 'ms-Exch-SMTP-Submit');
    expect(submit.granted).toBe(true);
    expect(submit.allowedBy[0]).toMatchObject({ user: 'NT AUTHORITY\\Authenticated Users', inherited: false });
  });

  it('refuses to delete an inherited entry on the connector, and deletes an own one', async () => {
    const { connector } = await connectorNamed('Default HUB01');
    const entries = (await helpdesk.request({ method: 'GET', url: `/api/connectors/${connector.id}/permissions` })).json();
    const inherited = entries.find((e: { inherited: boolean }) => e.inherited);
    expect((await admin.request({ method: 'DELETE', url: `/api/connectors/${connector.id}/permissions/${inherited.id}` })).statusCode).toBe(409);
    const own = entries.find((e: { inherited: boolean }) => !e.inherited);
    const res = await admin.request({ method: 'DELETE', url: `/api/connectors/${connector.id}/permissions/${own.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().some((e: { id: string }) => e.id === own.id)).toBe(false);
  });

  it('answers every principal without identity, and checks the identity', async () => {
    const { connector } = await connectorNamed('Internet HUB01');
    const all = (await helpdesk.request({ method: 'GET', url: `/api/connectors/${connector.id}/effective-permissions` })).json();
    expect(Array.isArray(all)).toBe(true);
    expect(all.some((p: { identity: string }) => p.identity === 'NT AUTHORITY\\ANONYMOUS LOGON')).toBe(true);
    const anonymous = (await helpdesk.request({ method: 'GET', url: `/api/connectors/${connector.id}/effective-permissions?identity=anonymous` })).json();
    expect(anonymous.identity).toBe('anonymous');
    expect(anonymous.rights.find((r: { right: string }) => r.right === 'ms-Exch-SMTP-Submit').granted).toBe(true);
    expect((await helpdesk.request({ method: 'GET', url: `/api/connectors/${connector.id}/effective-permissions?identity=root` })).statusCode).toBe(400);
    expect((await helpdesk.request({ method: 'GET', url: `/api/connectors/${connector.id}/effective-permissions?identity=user:CONTOSO%5Cnobody` })).statusCode).toBe(422);
  });
});

describe('the connector list, paged on the server', () => {
  const names = (res: { json(): unknown }) => (res.json() as Connector[]).map((c) => c.name);

  it('answers every connector in stored order without paging parameters, as before, with the total', async () => {
    const res = await helpdesk.request({ method: 'GET', url: '/api/connectors?server=HUB01' });
    expect(names(res)).toEqual(['Client HUB01', 'Default HUB01', 'Internet HUB01']);
    expect(res.headers['x-total-count']).toBe('3');
  });

  it('filters, sorts and pages, counting what the filter kept', async () => {
    const all = await helpdesk.request({ method: 'GET', url: '/api/connectors?sort=name&dir=desc' });
    const everything = names(all);
    expect(everything).toEqual([...everything].sort((a, b) => b.localeCompare(a)));
    const page = await helpdesk.request({ method: 'GET', url: '/api/connectors?sort=name&dir=desc&offset=1&limit=2' });
    expect(names(page)).toEqual(everything.slice(1, 3));
    expect(page.headers['x-total-count']).toBe(String(everything.length));

    const filtered = await helpdesk.request({ method: 'GET', url: '/api/connectors?server=HUB01&q=ANONYMOUS' });
    expect(names(filtered)).toEqual(['Internet HUB01']);
    expect(filtered.headers['x-total-count']).toBe('1');
    const byUsage = await helpdesk.request({ method: 'GET', url: '/api/connectors?server=HUB01&usage=Internet&limit=10' });
    expect(names(byUsage)).toEqual(['Internet HUB01']);
    const disabled = (await helpdesk.request({ method: 'GET', url: '/api/connectors?status=disabled' })).json() as Connector[];
    const enabled = (await helpdesk.request({ method: 'GET', url: '/api/connectors?status=enabled' })).json() as Connector[];
    expect(disabled.every((c) => !c.enabled) && enabled.every((c) => c.enabled)).toBe(true);
    expect(disabled.length + enabled.length).toBe(everything.length);
    const risky = await helpdesk.request({ method: 'GET', url: '/api/connectors?server=HUB01&sort=risk&limit=1' });
    expect(risky.json()).toHaveLength(1);
    expect(risky.headers['x-total-count']).toBe('3');
  });

  it('refuses paging parameters that are not plain whole numbers in range, and unknown parameters', async () => {
    for (const query of ['limit=0', 'limit=1001', 'offset=-1', 'offset=1e3', 'offset=%201', 'sort=size', 'dir=up', 'usage=Other', 'page=2']) {
      const res = await helpdesk.request({ method: 'GET', url: `/api/connectors?${query}` });
      expect(res.statusCode, query).toBe(400);
    }
  });

  it('sees a change at once: the listing belongs to the configuration generation', async () => {
    const { connector, etag } = await connectorNamed('Client HUB01');
    const before = await helpdesk.request({ method: 'GET', url: '/api/connectors?server=HUB01&q=renamed' });
    expect(before.json()).toEqual([]);
    const res = await admin.request({ method: 'PATCH', url: `/api/connectors/${connector.id}`, payload: { name: 'Client HUB01 renamed' }, headers: { 'if-match': etag } });
    expect(res.statusCode).toBe(200);
    const after = await helpdesk.request({ method: 'GET', url: '/api/connectors?server=HUB01&q=renamed' });
    expect(names(after)).toEqual(['Client HUB01 renamed']);
    await admin.request({ method: 'PATCH', url: `/api/connectors/${connector.id}`, payload: { name: 'Client HUB01' }, headers: { 'if-match': String(res.headers.etag) } });
  });
});
