import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview, OrganisationDocument } from '@cc/api-contract';
import { createTestApp, multipart, type SignedInSession, type TestApp } from '../../test/helpers.ts';

async function preview(session: SignedInSession, files: { name: string; content: string | Buffer }[], fields?: Record<string, string>) {
  return session.request({ method: 'POST', url: '/api/import/preview', ...multipart(files, fields) });
}

async function previewAndApply(session: SignedInSession, files: { name: string; content: string | Buffer }[]) {
  const planned = (await preview(session, files)).json() as ImportPreview;
  const applied = await session.request({ method: 'POST', url: '/api/import/apply', ...multipart(files, { planHash: planned.planHash }) });
  return { planned, applied };
}

const exportJson = async (session: SignedInSession) => (await session.request({ method: 'GET', url: '/api/export/organisation.json' })).json() as OrganisationDocument;
const withoutTime = (doc: OrganisationDocument) => ({ ...doc, exportedAt: '' });

let demo: TestApp;
let empty: TestApp;
let demoAdmin: SignedInSession;
let emptyAdmin: SignedInSession;

beforeAll(async () => {
  demo = await createTestApp({ demo: true });
  empty = await createTestApp();
  demoAdmin = await demo.admin();
  emptyAdmin = await empty.admin();
});
afterAll(async () => {
  await demo.close();
  await empty.close();
});

const SESSIONS = [
  { server: 'HUB01', localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', tls: false, helo: 'crm', mailFrom: 'crm@contoso.com', rcptTo: ['x@external.net', 'alice@contoso.com'] },
  { server: 'HUB01', localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50', tls: false, helo: 'crm', mailFrom: 'crm@contoso.com', rcptTo: ['x@external.net'] },
  { server: 'HUB01', localEndpoint: '10.0.0.10:587', remoteIp: '192.168.1.20', tls: true, helo: 'pc', mailFrom: 'alice@contoso.com', rcptTo: ['x@external.net'] },
];

async function answers(session: SignedInSession) {
  const out: unknown[] = [];
  for (const s of SESSIONS) {
    const r = (await session.request({ method: 'POST', url: '/api/simulate', payload: s })).json() as { connector: { name: string } | null; transcript: { server: string }[] };
    out.push({ connector: r.connector?.name ?? null, replies: r.transcript.map((l) => l.server.replace(/ready at .*/, 'ready')) });
  }
  const connectors = (await session.request({ method: 'GET', url: '/api/connectors?server=HUB01' })).json() as { id: string; name: string }[];
  for (const c of connectors.sort((a, b) => a.name.localeCompare(b.name))) out.push([c.name, (await session.request({ method: 'GET', url: `/api/connectors/${c.id}/effective-permissions` })).json()]);
  // Entry and connector ids are each console's own; everything else must match.
  return JSON.parse(JSON.stringify(out, (key, value: unknown) => (key === 'entryId' || key === 'connectorId' || key === 'id' ? undefined : value))) as unknown;
}

describe('the console document: export, import into an empty console, same organisation', () => {
  it('recreates the demo organisation with identical effective permissions and simulation answers', async () => {
    const doc = await exportJson(demoAdmin);
    const { planned, applied } = await previewAndApply(emptyAdmin, [{ name: 'organisation.json', content: JSON.stringify(doc) }]);
    expect(planned.changes.length).toBeGreaterThan(5);
    expect(applied.statusCode).toBe(200);
    expect(withoutTime(await exportJson(emptyAdmin))).toEqual(withoutTime(doc));
    expect(await answers(emptyAdmin)).toEqual(await answers(demoAdmin));
  });

  it('changes nothing when the same files are imported again', async () => {
    const doc = await exportJson(demoAdmin);
    const again = (await preview(emptyAdmin, [{ name: 'organisation.json', content: JSON.stringify(doc) }])).json() as ImportPreview;
    expect(again.changes).toEqual([]);
    expect(again.drift).toBe(true);
  });

  it('records the import: one audit event per change with its shell, and the files with their SHA-256', async () => {
    const events = (await emptyAdmin.request({ method: 'GET', url: '/api/audit?limit=1000' })).json() as { action: string; shell: string; after: unknown }[];
    const imported = events.find((e) => e.action === 'import.apply')!;
    expect(imported.after).toMatchObject({ files: [{ file: 'organisation.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), format: 'document' }] });
    const created = events.filter((e) => e.action === 'connector.create');
    expect(created.length).toBeGreaterThanOrEqual(3);
    expect(created.every((e) => e.shell.startsWith('New-ReceiveConnector'))).toBe(true);
    const history = (await (await empty.helpdesk()).request({ method: 'GET', url: '/api/imports' })).json() as { actor: string }[];
    expect(history[0]).toMatchObject({ actor: 'admin' });
  });
});

describe('drift', () => {
  it('pinpoints what changed since the import, with the commands that bring either side back', async () => {
    const doc = await exportJson(demoAdmin);
    const list = (await emptyAdmin.request({ method: 'GET', url: '/api/connectors?server=HUB01' })).json() as { id: string; name: string }[];
    const internet = list.find((c) => c.name === 'Internet HUB01')!;
    const etag = String((await emptyAdmin.request({ method: 'GET', url: `/api/connectors/${internet.id}` })).headers.etag);
    expect((await emptyAdmin.request({ method: 'PATCH', url: `/api/connectors/${internet.id}`, payload: { maxRecipientsPerMessage: 50 }, headers: { 'if-match': etag } })).statusCode).toBe(200);
    const drift = (await preview(emptyAdmin, [{ name: 'organisation.json', content: JSON.stringify(doc) }])).json() as ImportPreview;
    expect(drift.changes).toEqual([
      expect.objectContaining({
        kind: 'connector',
        action: 'update',
        key: 'hub01\\internet hub01',
        label: 'HUB01\\Internet HUB01',
        fields: ['maxRecipientsPerMessage'],
        shellToMatchExchange: ["Set-ReceiveConnector -Identity 'HUB01\\Internet HUB01' -MaxRecipientsPerMessage 200"],
        shellToMatchConsole: ["Set-ReceiveConnector -Identity 'HUB01\\Internet HUB01' -MaxRecipientsPerMessage 50"],
      }),
    ]);
  });

  it('refuses an apply whose plan changed since the preview (409), applying nothing', async () => {
    const doc = await exportJson(demoAdmin);
    const res = await emptyAdmin.request({ method: 'POST', url: '/api/import/apply', ...multipart([{ name: 'organisation.json', content: JSON.stringify(doc) }], { planHash: 'f'.repeat(64) }) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/Preview again/);
  });
});

describe('bad input', () => {
  it.each([
    ['malformed XML', '<Objs Version="1.1.0.1"><Obj RefId="0">', /ReceiveConnector\.xml/],
    ['an external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Objs>&e;</Objs>', /ReceiveConnector\.xml/],
    ['billion laughs', '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><Objs>&b;</Objs>', /ReceiveConnector\.xml/],
    ['a document of another version', '{"format":"connector-console.organisation","version":9}', /version/],
  ])('refuses %s with 422 naming the file, applying nothing', async (_label, content, message) => {
    const before = await exportJson(emptyAdmin);
    const res = await preview(emptyAdmin, [{ name: content.startsWith('{') ? 'doc.json' : 'ReceiveConnector.xml', content }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].message).toMatch(message);
    expect(withoutTime(await exportJson(emptyAdmin))).toEqual(withoutTime(before));
  });

  it('refuses an upload over the size limit with 413', async () => {
    const huge = Buffer.alloc(65 * 1024 * 1024, 0x20);
    const res = await preview(emptyAdmin, [{ name: 'huge.xml', content: huge }]);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toMatch(/larger than 64 MB/);
  });

  it('names the line of an unsupported command and the connector of a truncated list, and refuses to apply them', async () => {
    const script = ["Get-ReceiveConnector 'HUB01\\Internet HUB01' | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'", 'Set-Mailbox -Identity alice -ProhibitSendQuota 1GB'].join('\n');
    const list = ['Identity       : HUB01\\Relay', 'Bindings       : {0.0.0.0:25}', 'RemoteIPRanges : {10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4...}', 'Enabled        : True'].join('\n');
    const files = [
      { name: 'change.ps1', content: script },
      { name: 'rc.txt', content: list },
    ];
    const planned = (await preview(emptyAdmin, files)).json() as ImportPreview;
    expect(planned.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', file: 'change.ps1', line: 2, message: expect.stringMatching(/Set-Mailbox is not a command the console imports/) }),
        expect.objectContaining({ severity: 'error', file: 'rc.txt', object: 'HUB01\\Relay', property: 'RemoteIPRanges' }),
      ]),
    );
    const before = await exportJson(emptyAdmin);
    const applied = await emptyAdmin.request({ method: 'POST', url: '/api/import/apply', ...multipart(files, { planHash: planned.planHash }) });
    expect(applied.statusCode).toBe(422);
    expect(applied.json().error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['change.ps1:2', 'rc.txt:1']));
    expect(withoutTime(await exportJson(emptyAdmin))).toEqual(withoutTime(before));
  });

  it('needs a connector identity for a pasted Format-Table', async () => {
    const table = ['User                         ExtendedRights', '----                         --------------', 'NT AUTHORITY\\ANONYMOUS LOGON {ms-Exch-SMTP-Submit}'].join('\n');
    const planned = (await preview(emptyAdmin, [{ name: 'pasted text', content: table }])).json() as ImportPreview;
    expect(planned.problems[0]).toMatchObject({ severity: 'error', file: 'pasted text' });
    const paired = (await preview(emptyAdmin, [{ name: 'pasted text', content: table }], { 'identity:pasted text': 'HUB01\\Internet HUB01' })).json() as ImportPreview;
    expect(paired.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('roles', () => {
  it('lets the help desk export and read the history, not import', async () => {
    const helpdesk = await demo.helpdesk();
    expect((await helpdesk.request({ method: 'GET', url: '/api/export/organisation.ps1' })).statusCode).toBe(200);
    expect((await helpdesk.request({ method: 'GET', url: '/api/import/collector.ps1' })).statusCode).toBe(200);
    expect((await helpdesk.request({ method: 'POST', url: '/api/import/preview', ...multipart([{ name: 'a.json', content: '{}' }]) })).statusCode).toBe(403);
  });
});

describe('the shell script export', () => {
  it('recreates the demo organisation in an empty console through the EMS import, with identical answers', async () => {
    const fresh = await createTestApp();
    try {
      const admin = await fresh.admin();
      const script = (await demoAdmin.request({ method: 'GET', url: '/api/export/organisation.ps1' })).body;
      expect(script).toMatch(/^# Connector Console export/);
      const { planned, applied } = await previewAndApply(admin, [{ name: 'organisation.ps1', content: script }]);
      expect(planned.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(applied.statusCode).toBe(200);
      const recreated = await exportJson(admin);
      const original = await exportJson(demoAdmin);
      expect(recreated.connectors.map((c) => c.name).sort()).toEqual(original.connectors.map((c) => c.name).sort());
      expect(await answers(admin)).toEqual(await answers(demoAdmin));
    } finally {
      await fresh.close();
    }
  });
});

describe('versions and properties outside the 2007 model', () => {
  it('keeps a 2019 connector\'s extra properties on the connector and names the server\'s release', async () => {
    const fresh = await createTestApp({ demo: true });
    try {
      const admin = await fresh.admin();
      const text = [
        'Name                 : HUB01',
        'Fqdn                 : hub01.contoso.com',
        'ServerRole           : Mailbox',
        'IsHubTransportServer : True',
        'AdminDisplayVersion  : Version 15.2 (Build 986.5)',
        '',
        'Identity         : HUB01\\Scanner 2019',
        'Bindings         : {10.0.0.11:25}',
        'RemoteIPRanges   : {10.0.0.70}',
        'AuthMechanism    : Tls',
        'PermissionGroups : AnonymousUsers',
        'Enabled          : True',
        'TransportRole    : FrontendTransport',
        'TarpitInterval   : 00:00:05',
      ].join('\r\n');
      const { planned, applied } = await previewAndApply(admin, [{ name: 'fl.txt', content: text }]);
      expect(planned.servers).toEqual([{ name: 'HUB01', exchangeVersion: 'Version 15.2 (Build 986.5)', release: 'Exchange 2019' }]);
      expect(applied.statusCode).toBe(200);
      const list = (await admin.request({ method: 'GET', url: '/api/connectors?server=HUB01' })).json() as { id: string; name: string }[];
      const scanner = list.find((c) => c.name === 'Scanner 2019')!;
      const properties = (await admin.request({ method: 'GET', url: `/api/connectors/${scanner.id}/exchange-properties` })).json();
      expect(properties).toEqual({ extras: { TransportRole: 'FrontendTransport', TarpitInterval: '00:00:05' }, exchangeVersion: 'Version 15.2 (Build 986.5)', release: 'Exchange 2019' });
      // The 2019 property travels in the console's document too.
      const doc = await exportJson(admin);
      expect(doc.connectors.find((c) => c.name === 'Scanner 2019')!.extras).toEqual({ TransportRole: 'FrontendTransport', TarpitInterval: '00:00:05' });
    } finally {
      await fresh.close();
    }
  });
});
