import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInSession, type TestApp } from './test/helpers.ts';

/**
 * Scenarios of domain/scenarios.md replayed through HTTP: configure with the admin API, then ask as the help
 * desk (simulate, effective permissions, read-back). The demo organisation is the shared fixture.
 */
let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.admin();
  helpdesk = await t.helpdesk();
});
afterAll(async () => t.close());

type Connector = { id: string; name: string; permissionGroups: string[] };

async function create(body: Record<string, unknown>): Promise<Connector> {
  const res = await admin.request({ method: 'POST', url: '/api/connectors', payload: { server: 'HUB01', ...body } });
  if (res.statusCode !== 201) throw new Error(`create ${String(body.name)}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function byName(name: string): Promise<Connector & { etag: string }> {
  const list = (await helpdesk.request({ method: 'GET', url: '/api/connectors?server=HUB01' })).json() as Connector[];
  const found = list.find((c) => c.name === name)!;
  const res = await helpdesk.request({ method: 'GET', url: `/api/connectors/${found.id}` });
  return { ...res.json(), etag: String(res.headers.etag) };
}

async function grant(name: string, user: string, right: string, deny = false) {
  const { id } = await byName(name);
  const res = await admin.request({ method: 'POST', url: `/api/connectors/${id}/permissions`, payload: { user, extendedRights: [right], deny } });
  expect(res.statusCode).toBe(201);
}

async function remove(name: string) {
  const { id, etag } = await byName(name);
  expect((await admin.request({ method: 'DELETE', url: `/api/connectors/${id}`, headers: { 'if-match': etag } })).statusCode).toBe(204);
}

interface Session {
  localEndpoint: string;
  remoteIp: string;
  mailFrom?: string;
  rcptTo?: string[];
  declaredSize?: number;
  headerFrom?: string;
}

async function simulate(s: Session) {
  const res = await helpdesk.request({
    method: 'POST',
    url: '/api/simulate',
    payload: { server: 'HUB01', tls: false, helo: 'client.example', mailFrom: s.mailFrom ?? 'app@contoso.com', rcptTo: s.rcptTo ?? ['x@external.net'], ...s },
  });
  expect(res.statusCode, res.body).toBe(200);
  const result = res.json() as { connector: { name: string } | null; outcome: string; transcript: Array<{ client: string | null; server: string }> };
  const reply = (prefix: string) => result.transcript.find((l) => l.client?.startsWith(prefix))?.server;
  return { ...result, selected: result.connector?.name ?? null, reply };
}

describe('A. connector selection', () => {
  beforeAll(async () => {
    await create({ name: 'LAN Relay', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.0/24'], permissionGroups: ['AnonymousUsers'] });
    await grant('LAN Relay', 'NT AUTHORITY\\ANONYMOUS LOGON', 'ms-Exch-SMTP-Accept-Any-Recipient');
    await create({ name: 'AppRelay', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.50'], permissionGroups: ['AnonymousUsers'] });
    await grant('AppRelay', 'NT AUTHORITY\\ANONYMOUS LOGON', 'ms-Exch-SMTP-Accept-Any-Recipient');
  });

  it('S01 most specific range wins (single host)', async () => {
    const r = await simulate({ localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50' });
    expect(r.selected).toBe('AppRelay');
    expect(r.reply('RCPT TO')).toBe('250 2.1.5 Recipient OK');
  });

  it('S02 range containment, middle match', async () => {
    const r = await simulate({ localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.77', mailFrom: 'copier@contoso.com' });
    expect(r.selected).toBe('LAN Relay');
    expect(r.reply('RCPT TO')).toBe('250 2.1.5 Recipient OK');
  });

  it('S03 falls through to Default HUB01, which refuses anonymous submission', async () => {
    const r = await simulate({ localEndpoint: '10.0.0.10:25', remoteIp: '198.51.100.7', mailFrom: 'someone@external.net' });
    expect(r.selected).toBe('Default HUB01');
    expect(r.reply('MAIL FROM')).toMatch(/^530 5\.7\.1 Client was not authenticated/);
  });

  it('S04 exact-IP binding wins a tie with the wildcard binding', async () => {
    const a = await simulate({ localEndpoint: '10.0.0.11:25', remoteIp: '198.51.100.7', mailFrom: 'a@external.net', rcptTo: ['alice@contoso.com'] });
    expect(a.selected).toBe('Internet HUB01');
    expect(a.reply('RCPT TO')).toBe('250 2.1.5 Recipient OK');
    const b = await simulate({ localEndpoint: '10.0.0.10:25', remoteIp: '198.51.100.7', mailFrom: 'a@external.net' });
    expect(b.selected).toBe('Default HUB01');
  });

  it('S05 a more specific range on a wildcard binding beats an exact-IP binding', async () => {
    const r = await simulate({ localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50' });
    expect(r.selected).toBe('AppRelay');
    expect(r.reply('RCPT TO')).toBe('250 2.1.5 Recipient OK');
  });

  it('S06 port decides: submission port 587', async () => {
    const r = await simulate({ localEndpoint: '10.0.0.10:587', remoteIp: '10.0.0.77', mailFrom: 'alice@contoso.com' });
    expect(r.selected).toBe('Client HUB01');
    expect(r.reply('MAIL FROM')).toMatch(/^530 5\.7\.1/);
  });

  it('S07 no connector binds the port', async () => {
    const r = await simulate({ localEndpoint: '10.0.0.10:2525', remoteIp: '10.0.0.77' });
    expect(r.selected).toBeNull();
    expect(r.outcome).toBe('refused');
    expect(r.transcript).toEqual([]);
  });

  it('S27 outside the Option 2 range falls to Default HUB01', async () => {
    await remove('LAN Relay');
    const r = await simulate({ localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.99' });
    expect(r.selected).toBe('Default HUB01');
    expect(r.reply('MAIL FROM')).toMatch(/^530 5\.7\.1/);
  });
});

describe('B. configuration rules through the API', () => {
  it('S10 ExternalAuthoritative without the ExchangeServers group is refused, nothing saved', async () => {
    const app = await byName('AppRelay');
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/connectors/${app.id}`,
      payload: { authMechanism: { add: ['ExternalAuthoritative'], remove: ['Tls'] } },
      headers: { 'if-match': app.etag },
    });
    expect(res.statusCode).toBe(422);
    expect((await byName('AppRelay')).etag).toBe(app.etag);
  });

  it('S16 Custom cannot be assigned', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/connectors',
      payload: { server: 'HUB01', name: 'C', usage: 'Custom', bindings: ['0.0.0.0:2526'], remoteIPRanges: ['10.0.0.70'], permissionGroups: ['Custom'] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].code).toBe('CUSTOM_NOT_SETTABLE');
  });

  it('S17 Edge cannot take ExchangeLegacyServers', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/connectors',
      payload: { server: 'EDGE01', name: 'Legacy', usage: 'Custom', bindings: ['0.0.0.0:2527'], remoteIPRanges: ['10.0.0.70'], permissionGroups: ['ExchangeLegacyServers'] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.map((d: { code: string }) => d.code)).toContain('EDGE_LEGACY_SERVERS');
  });

  it('S18 partially overlapping ranges on the same binding answer 409 naming the other connector', async () => {
    await create({ name: 'Range A', usage: 'Custom', bindings: ['10.0.0.10:2600'], remoteIPRanges: ['192.168.1.0-192.168.1.100'], permissionGroups: ['AnonymousUsers'] });
    const res = await admin.request({
      method: 'POST',
      url: '/api/connectors',
      payload: { server: 'HUB01', name: 'Range B', usage: 'Custom', bindings: ['10.0.0.10:2600'], remoteIPRanges: ['192.168.1.50-192.168.1.200'], permissionGroups: ['AnonymousUsers'] },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.conflictsWith.name).toBe('Range A');
    // S19: contained ranges are fine.
    await create({ name: 'Range C', usage: 'Custom', bindings: ['10.0.0.10:2600'], remoteIPRanges: ['192.168.1.10-192.168.1.20'], permissionGroups: ['AnonymousUsers'] });
  });
});

describe('C. relay and permissions', () => {
  it('S24 accepted-domain types vs relay on Internet HUB01', async () => {
    const r = await simulate({
      localEndpoint: '10.0.0.11:25',
      remoteIp: '198.51.100.7',
      mailFrom: 'a@external.net',
      rcptTo: ['alice@contoso.com', 'u@fabrikam.com', 'u@tailspin.com', 'u@external.net'],
    });
    const rcpt = r.transcript.filter((l) => l.client?.startsWith('RCPT TO')).map((l) => l.server);
    expect(rcpt).toEqual(['250 2.1.5 Recipient OK', '250 2.1.5 Recipient OK', '250 2.1.5 Recipient OK', '550 5.7.1 Unable to relay']);
  });

  it('S26 Option 2 reads back as AnonymousUsers, Custom', async () => {
    expect((await byName('AppRelay')).permissionGroups).toEqual(['AnonymousUsers', 'Custom']);
  });

  it('S31 an explicit deny beats the relay grant', async () => {
    await grant('AppRelay', 'NT AUTHORITY\\ANONYMOUS LOGON', 'ms-Exch-SMTP-Accept-Any-Recipient', true);
    const r = await simulate({ localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50', rcptTo: ['alice@contoso.com', 'x@external.net'] });
    const rcpt = r.transcript.filter((l) => l.client?.startsWith('RCPT TO')).map((l) => l.server);
    expect(rcpt).toEqual(['250 2.1.5 Recipient OK', '550 5.7.1 Unable to relay']);
    const { id } = await byName('AppRelay');
    const res = await admin.request({
      method: 'POST',
      url: `/api/connectors/${id}/permissions/remove`,
      payload: { user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: true },
    });
    expect(res.statusCode).toBe(200);
  });

  it('S30 switching groups after Option 2 leaves the hand-added entry: ExchangeServers, Custom', async () => {
    const app = await byName('AppRelay');
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/connectors/${app.id}`,
      payload: { permissionGroups: { add: ['ExchangeServers'], remove: ['AnonymousUsers'] } },
      headers: { 'if-match': app.etag },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().permissionGroups).toEqual(['ExchangeServers', 'Custom']);
    const r = await simulate({ localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50' });
    expect(r.reply('MAIL FROM')).toMatch(/^530 5\.7\.1 Client was not authenticated/);
    const [event] = (await helpdesk.request({ method: 'GET', url: `/api/audit?connectorId=${app.id}&action=connector.update` })).json();
    expect(event.shell).toContain("-PermissionGroups 'ExchangeServers'");
  });

  it('S36 effective permissions on Default HUB01 for the help desk', async () => {
    const { id } = await byName('Default HUB01');
    const all = (await helpdesk.request({ method: 'GET', url: `/api/connectors/${id}/effective-permissions` })).json() as Array<{
      identity: string;
      rights: Array<{ right: string; granted: boolean }>;
      note?: string;
    }>;
    const granted = (identity: string) => all.find((p) => p.identity === identity)!.rights.filter((r) => r.granted).map((r) => r.right);
    expect(granted('NT AUTHORITY\\ANONYMOUS LOGON')).toEqual([]);
    expect(granted('NT AUTHORITY\\Authenticated Users').sort()).toEqual(
      ['ms-Exch-Accept-Headers-Routing', 'ms-Exch-Bypass-Anti-Spam', 'ms-Exch-SMTP-Accept-Any-Recipient', 'ms-Exch-SMTP-Submit'].sort(),
    );
    expect(granted('CONTOSO\\ExchangeLegacyInterop')).toHaveLength(9);
    expect(granted('MS Exchange\\Externally Secured Servers')).toHaveLength(9);
    expect(all.find((p) => p.identity === 'MS Exchange\\Externally Secured Servers')!.note).toMatch(/not Externally Secured/);
  });

  it('S38 removing the authoritative-sender right from ANONYMOUS LOGON: Custom, and 550 at MAIL FROM on 2007', async () => {
    const { id } = await byName('Internet HUB01');
    await admin.request({
      method: 'POST',
      url: `/api/connectors/${id}/permissions/remove`,
      payload: { user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'] },
    });
    expect((await byName('Internet HUB01')).permissionGroups).toEqual(['Custom']);
    const r = await simulate({ localEndpoint: '10.0.0.11:25', remoteIp: '198.51.100.7', mailFrom: 'ceo@contoso.com', rcptTo: ['alice@contoso.com'] });
    expect(r.reply('MAIL FROM')).toBe('550 5.7.1 Anonymous client does not have permissions to send as this sender');
  });

  it('S43 an Externally Secured printer bypasses size and relay limits', async () => {
    await create({
      name: 'Printer ExtSec',
      usage: 'Custom',
      bindings: ['0.0.0.0:25'],
      remoteIPRanges: ['10.0.0.51'],
      authMechanism: ['ExternalAuthoritative'],
      permissionGroups: ['ExchangeServers'],
    });
    const r = await simulate({ localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.51', mailFrom: 'scanner@contoso.com', declaredSize: 15728640 });
    expect(r.selected).toBe('Printer ExtSec');
    expect(r.reply('MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(r.reply('RCPT TO')).toBe('250 2.1.5 Recipient OK');
  });
});
