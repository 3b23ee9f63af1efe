import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, LogSessionDetail, LogSummaries, LogUpload, OrganisationDocument } from '@cc/api-contract';
import type { SimulateRequest } from '@cc/connector-engine';
import { renderProtocolLog } from '@cc/exchange-formats';
import { createTestApp, multipart, type SignedInSession, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;
let doc: OrganisationDocument;

const START = new Date('2026-01-15T08:00:00.000Z');
const hub = { server: 'HUB01', tls: false, helo: 'client.example' };
/** The seed's symptom and its neighbours: the application server relays through Internet HUB01 and is refused. */
const CASES: SimulateRequest[] = [
  { ...hub, localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', mailFrom: 'crm@contoso.com', rcptTo: ['partner@external.net'] },
  { ...hub, localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', mailFrom: 'crm@contoso.com', rcptTo: ['alice@contoso.com'] },
  { ...hub, localEndpoint: '10.0.0.11:25', remoteIp: '198.51.100.7', mailFrom: 'x@spam.example', rcptTo: ['victim@elsewhere.example'] },
  { ...hub, localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.77', mailFrom: 'printer@contoso.com', rcptTo: ['bob@contoso.com'] },
];

const upload = (session: SignedInSession, files: { name: string; content: string | Buffer }[]) => session.request({ method: 'POST', url: '/api/logs', ...multipart(files) });

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.admin();
  helpdesk = await t.helpdesk();
  doc = (await admin.request({ method: 'GET', url: '/api/export/organisation.json' })).json() as OrganisationDocument;
});
afterAll(() => t.close());

describe('POST /api/logs', () => {
  it('a help-desk agent uploads a gzip log: every session agrees with the stored configuration, outcomes as the server logged them', async () => {
    const res = await upload(helpdesk, [{ name: 'RECV20260115-1.LOG.gz', content: gzipSync(renderProtocolLog(doc, CASES, START)) }]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as LogUpload;
    expect(body).toMatchObject({ sessions: 4, comparable: 4, agreeing: 4, agreementRate: 1, groups: [] });
    expect(body.files[0]).toMatchObject({ name: 'RECV20260115-1.LOG.gz', unreadable: 0, logType: 'SMTP Receive Protocol Log', version: '8.0.0.0' });

    const refused = (await helpdesk.request({ method: 'GET', url: `/api/logs/${body.id}/sessions?outcome=relay%20refused` })).json() as { total: number; sessions: { remoteIp: string; connector: string; id: string }[] };
    expect(refused.sessions.map((s) => [s.remoteIp, s.connector])).toEqual([
      ['10.0.0.50', 'Internet HUB01'],
      ['198.51.100.7', 'Internet HUB01'],
    ]);
    const byCode = (await helpdesk.request({ method: 'GET', url: `/api/logs/${body.id}/sessions?replyCode=550%205.7.1&clientIp=10.0.0.50` })).json() as { total: number };
    expect(byCode.total).toBe(1);
    const byRecipient = (await helpdesk.request({ method: 'GET', url: `/api/logs/${body.id}/sessions?recipient=ALICE@` })).json() as { total: number };
    expect(byRecipient.total).toBe(1);

    const detail = (await helpdesk.request({ method: 'GET', url: `/api/logs/${body.id}/sessions/${refused.sessions[0]!.id}` })).json() as LogSessionDetail;
    expect(detail.verdict).toBe('agrees');
    expect(detail.exchanges.find((e) => e.logged?.command?.startsWith('RCPT'))).toMatchObject({
      logged: { reply: '550 5.7.1 Unable to relay' },
      replayed: { reply: '550 5.7.1 Unable to relay' },
      agrees: true,
    });

    const summaries = (await helpdesk.request({ method: 'GET', url: `/api/logs/${body.id}/summaries` })).json() as LogSummaries;
    expect(summaries.relayRefusals).toEqual([
      { remoteIp: '10.0.0.50', connector: 'HUB01\\Internet HUB01', sessions: 1 },
      { remoteIp: '198.51.100.7', connector: 'HUB01\\Internet HUB01', sessions: 1 },
    ]);
  });

  it('a connector the console does not have is reported grouped, with "import the configuration again"', async () => {
    const text = renderProtocolLog(doc, CASES, START).replaceAll('HUB01\\Internet HUB01', 'HUB01\\Fax Relay');
    const body = (await upload(helpdesk, [{ name: 'pasted excerpt.log', content: text }])).json() as LogUpload;
    expect(body).toMatchObject({ sessions: 4, agreeing: 1, agreementRate: 0.25 });
    expect(body.groups).toEqual([
      { key: expect.any(String), cause: 'connector missing', explanation: "The log's connector HUB01\\Fax Relay does not exist in the console — import the configuration again.", sessions: 3 },
    ]);
  });

  it('the client addresses that relayed with ms-Exch-SMTP-Accept-Any-Recipient, per connector', async () => {
    const text = renderProtocolLog(doc, CASES.slice(0, 1), START).replace('SMTPSubmit SMTPAcceptAnySender', 'SMTPSubmit SMTPAcceptAnyRecipient SMTPAcceptAnySender').replace('550 5.7.1 Unable to relay', '250 2.1.5 Recipient OK');
    const body = (await upload(helpdesk, [{ name: 'RECV.LOG', content: text }])).json() as LogUpload;
    expect(body.groups.map((g) => g.cause)).toEqual(['rights', 'reply']);
    expect(body.groups[0]!.explanation).toContain('The log grants SMTPAcceptAnyRecipient to the sessions at connect (anonymous or externally secured) on HUB01\\Internet HUB01, the console does not — an entry');
    const summaries = (await helpdesk.request({ method: 'GET', url: `/api/logs/${body.id}/summaries` })).json() as LogSummaries;
    expect(summaries.acceptAnyRecipient).toEqual([{ connector: 'HUB01\\Internet HUB01', clients: [{ remoteIp: '10.0.0.50', sessions: 1 }] }]);
  });

  it('refuses what is not a receive log, names the file, and keeps nothing of it', async () => {
    const before = ((await helpdesk.request({ method: 'GET', url: '/api/logs' })).json() as LogUpload[]).length;
    const csv = await upload(helpdesk, [{ name: 'users.csv', content: 'Name,Mail\nalice,alice@contoso.com\n' }]);
    expect(csv.statusCode).toBe(422);
    expect(csv.json().error.message).toMatch(/^users\.csv: no line reads as an SMTP Receive protocol log entry \(2 unreadable; line 1: /);
    const garbage = await upload(helpdesk, [{ name: 'blob.bin', content: Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 131) % 256)) }]);
    expect(garbage.statusCode).toBe(422);
    const send = await upload(helpdesk, [{ name: 'SEND20260115-1.LOG', content: renderProtocolLog(doc, CASES, START).replace('SMTP Receive Protocol Log', 'SMTP Send Protocol Log') }]);
    expect(send.json().error.message).toMatch(/SEND20260115-1\.LOG is a "SMTP Send Protocol Log", not an SMTP Receive protocol log/);
    const damaged = await upload(helpdesk, [{ name: 'RECV.LOG.gz', content: gzipSync('x'.repeat(1000)).subarray(0, 20) }]);
    expect(damaged.statusCode).toBe(422);
    expect(damaged.json().error.message).toMatch(/^RECV\.LOG\.gz: the gzip data is damaged/);
    expect(((await helpdesk.request({ method: 'GET', url: '/api/logs' })).json() as LogUpload[]).length).toBe(before);
  });

  it('stops a gzip bomb at the inflated-size limit with a 413 naming the file', async () => {
    const bomb = gzipSync(Buffer.alloc(301 * 1024 * 1024, 0x41), { level: 9 });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const res = await upload(helpdesk, [{ name: 'RECV-bomb.LOG.gz', content: bomb }]);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toMatch(/^RECV-bomb\.LOG\.gz: the upload inflates to more than 300 MB/);
  }, 60_000);

  it('truncated lines and unknown events are counted and shown, the readable sessions still load', async () => {
    const text = `${renderProtocolLog(doc, CASES.slice(0, 2), START)}2026-01-15T08:00:09.000Z,HUB01\\Internet HUB01,08DE1A00000000FF,0,10.0.0.11:25,10.0.0.9:1,?,x,\n2026-01-15T08:00:09.000Z,HUB01\\Internet HUB01,08DE1A`;
    const body = (await upload(helpdesk, [{ name: 'RECV-cut.LOG', content: text }])).json() as LogUpload;
    expect(body.sessions).toBe(2);
    expect(body.files[0]!.unreadable).toBe(2);
    expect(body.files[0]!.examples.map((e) => e.reason)).toEqual(['unknown event "?" (expected + - > < *)', expect.stringMatching(/truncated/)]);
  });
});

describe('roles, audit and retention', () => {
  it('the help desk may not delete; an admin deletes, and both the upload and the deletion are audited', async () => {
    const body = (await upload(helpdesk, [{ name: 'RECV-del.LOG', content: renderProtocolLog(doc, CASES, START) }])).json() as LogUpload;
    expect((await helpdesk.request({ method: 'DELETE', url: `/api/logs/${body.id}` })).statusCode).toBe(403);
    expect((await admin.request({ method: 'DELETE', url: `/api/logs/${body.id}` })).statusCode).toBe(204);
    expect((await admin.request({ method: 'GET', url: `/api/logs/${body.id}/sessions` })).statusCode).toBe(404);
    const events = (await admin.request({ method: 'GET', url: '/api/audit?limit=50' })).json() as AuditEvent[];
    expect(events.find((e) => e.action === 'logs.upload' && e.target === 'RECV-del.LOG')).toMatchObject({ actor: 'helpdesk' });
    expect(events.find((e) => e.action === 'logs.delete' && e.target === 'RECV-del.LOG')).toMatchObject({ actor: 'admin' });
  });

  it('uploads older than the retention period (30 days by default) are gone', async () => {
    await upload(helpdesk, [{ name: 'RECV-old.LOG', content: renderProtocolLog(doc, CASES, START) }]);
    expect(((await helpdesk.request({ method: 'GET', url: '/api/logs' })).json() as LogUpload[]).some((u) => u.files[0]!.name === 'RECV-old.LOG')).toBe(true);
    t.clock.advance(31 * 86_400_000);
    helpdesk = await t.helpdesk();
    expect(((await helpdesk.request({ method: 'GET', url: '/api/logs' })).json() as LogUpload[]).some((u) => u.files[0]!.name === 'RECV-old.LOG')).toBe(false);
  });

  it('log contents need a signed-in user', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/logs' })).statusCode).toBe(401);
  });
});
