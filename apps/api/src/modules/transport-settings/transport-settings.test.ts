import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInSession, type TestApp } from '../../test/helpers.ts';

/** Issue 10 through HTTP: transport settings, partner sessions, 5,000 recipients, the message part, strict syntax. */

let t: TestApp;
let admin: SignedInSession;
let helpdesk: SignedInSession;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.admin();
  helpdesk = await t.helpdesk();
  const partnerIn = await admin.request({
    method: 'POST',
    url: '/api/connectors',
    payload: { server: 'HUB01', name: 'Partner In', usage: 'Partner', bindings: ['10.0.0.11:25'], remoteIPRanges: ['192.0.2.25'] },
  });
  expect(partnerIn.statusCode).toBe(201);
});
afterAll(async () => t.close());

type Answer = {
  identity: string;
  outcome: string;
  transcript: { client: string | null; server: string }[];
  message?: { treatedAsAuthenticated: boolean; headers: { name: string; kept: boolean; decidedBy: string | null }[]; decisions: { aspect: string; decidedBy: string; section: string }[] };
};
const simulate = async (payload: object) => {
  const res = await helpdesk.request({ method: 'POST', url: '/api/simulate', payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Answer;
};
const replyTo = (a: Answer, client: string) => a.transcript.find((l) => l.client === client)?.server;

const partnerCase = {
  server: 'HUB01',
  localEndpoint: '10.0.0.11:25',
  remoteIp: '192.0.2.25',
  tls: true,
  clientCertificate: { domain: 'partner.example', valid: true },
  helo: 'mx.partner.example',
  mailFrom: 'orders@partner.example',
  rcptTo: ['alice@contoso.com'],
  headers: ['Received: from mx.partner.example', 'X-MS-Exchange-Organization-SCL: -1'],
};

describe('transport settings', () => {
  it('start empty; help desk reads them and may not change them', async () => {
    const read = await helpdesk.request({ method: 'GET', url: '/api/transport-settings' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ tlsReceiveDomainSecureList: [], tlsSendDomainSecureList: [] });
    const write = await helpdesk.request({ method: 'PATCH', url: '/api/transport-settings', payload: { tlsReceiveDomainSecureList: { add: ['partner.example'] } } });
    expect(write.statusCode).toBe(403);
  });

  it('without the partner domain listed, the partner host is an anonymous client that Partner In refuses', async () => {
    const a = await simulate(partnerCase);
    expect(a.identity).toBe('NT AUTHORITY\\ANONYMOUS LOGON');
    expect(replyTo(a, 'MAIL FROM:<orders@partner.example>')).toBe('530 5.7.1 Client was not authenticated');
  });

  it('an admin lists the partner domain; the audit log holds the Set-TransportConfig equivalent', async () => {
    const res = await admin.request({
      method: 'PATCH',
      url: '/api/transport-settings',
      payload: { tlsReceiveDomainSecureList: { add: ['partner.example'] }, tlsSendDomainSecureList: { add: ['partner.example'] } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ tlsReceiveDomainSecureList: ['partner.example'], tlsSendDomainSecureList: ['partner.example'] });
    const audit = await helpdesk.request({ method: 'GET', url: '/api/audit?action=transportConfig.update' });
    expect(audit.json()).toEqual([
      expect.objectContaining({
        actor: 'admin',
        target: 'transportConfig',
        before: { tlsReceiveDomainSecureList: [], tlsSendDomainSecureList: [] },
        after: { tlsReceiveDomainSecureList: ['partner.example'], tlsSendDomainSecureList: ['partner.example'] },
        shell: "Set-TransportConfig -TLSReceiveDomainSecureList 'partner.example' -TLSSendDomainSecureList 'partner.example'",
      }),
    ]);
  });

  it('a listed partner over mutual TLS now runs as Partner Servers, and the answer says what happens to the message', async () => {
    const a = await simulate(partnerCase);
    expect(a.identity).toBe('MS Exchange\\Partner Servers');
    expect(replyTo(a, 'MAIL FROM:<orders@partner.example>')).toBe('250 2.1.0 Sender OK');
    expect(a.outcome).toBe('accepted');
    expect(a.message?.treatedAsAuthenticated).toBe(false);
    expect(a.message?.headers).toEqual([
      { name: 'Received', kept: true, decidedBy: 'ms-Exch-Accept-Headers-Routing', section: '§6.1' },
      { name: 'X-MS-Exchange-Organization-SCL', kept: false, decidedBy: 'ms-Exch-Accept-Headers-Organization', section: '§6.1' },
    ]);
    expect(a.message?.decisions.map((d) => [d.aspect, d.decidedBy, d.section])).toEqual([
      ['authentication', 'ms-Exch-SMTP-Accept-Authentication-Flag', '§6.1'],
      ['senderResolution', 'ms-Exch-SMTP-Accept-Authentication-Flag', '§6.4'],
      ['antiSpam', 'ms-Exch-Bypass-Anti-Spam', '§6.1'],
      ['sizeLimit', 'ms-Exch-Bypass-Message-Size-Limit', '§6.1'],
    ]);
  });

  it('the other domain-security cases give Exchange’s replies', async () => {
    const invalid = await simulate({ ...partnerCase, clientCertificate: { domain: 'partner.example', valid: false } });
    expect(replyTo(invalid, 'MAIL FROM:<orders@partner.example>')).toBe('454 4.7.5 Certificate validation failure');
    const plain = await simulate({ ...partnerCase, tls: false });
    expect(replyTo(plain, 'MAIL FROM:<orders@partner.example>')).toBe('530 5.7.1 Not authenticated');
  });

  it('refuses a malformed domain with a 400 naming the field, and removing an unlisted one with a 422', async () => {
    const bad = await admin.request({ method: 'PATCH', url: '/api/transport-settings', payload: { tlsReceiveDomainSecureList: { add: ['*.partner.example'] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ path: 'tlsReceiveDomainSecureList.add[0]', message: expect.stringContaining('partner.example (no wildcard') });
    const unlisted = await admin.request({ method: 'PATCH', url: '/api/transport-settings', payload: { tlsSendDomainSecureList: { remove: ['other.example'] } } });
    expect(unlisted.statusCode).toBe(422);
    expect(unlisted.json().error.details[0]).toMatchObject({ path: 'tlsSendDomainSecureList.remove[0]' });
  });
});

describe('simulate: recipients, message part and syntax through HTTP', () => {
  const internet = { server: 'HUB01', localEndpoint: '10.0.0.11:25', remoteIp: '198.51.100.7', tls: false, helo: 'x', mailFrom: 'a@external.net' };
  const many = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@contoso.com`);

  it('takes 5,000 recipients and answers 452 4.5.3 after MaxRecipientsPerMessage', async () => {
    const a = await simulate({ ...internet, rcptTo: many(5000) });
    const rcpt = a.transcript.filter((l) => l.client?.startsWith('RCPT'));
    expect(rcpt).toHaveLength(5000);
    expect(rcpt[199]!.server).toBe('250 2.1.5 Recipient OK');
    expect(rcpt[200]).toEqual({ client: 'RCPT TO:<user200@contoso.com>', server: '452 4.5.3 Too many recipients' });
    expect(a.outcome).toBe('accepted');
  });

  it('above 5,000 recipients or script lines: a 400 that names the field and the limit', async () => {
    for (const [field, payload] of [
      ['rcptTo', { ...internet, rcptTo: many(5001) }],
      ['script', { ...internet, rcptTo: [], script: Array.from({ length: 5001 }, () => 'NOOP') }],
    ] as const) {
      const res = await helpdesk.request({ method: 'POST', url: '/api/simulate', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([expect.objectContaining({ path: field, message: expect.stringContaining('At most 5000') })]);
    }
  });

  it('strict syntax: glued DATA, an EHLO carrying a command, a non-ASCII local part', async () => {
    const a = await simulate({
      ...internet,
      rcptTo: [],
      script: ['EHLO x MAIL FROM:<a@external.net>', 'EHLO x', 'MAIL FROM:<a@external.net>DATA', 'MAIL FROM:<jörg@external.net>', 'MAIL FROM:<a@external.net> BODY=8BITMIME', 'RCPT TO:<jürgen@contoso.com>'],
    });
    expect(a.transcript.slice(1).map((l) => l.server.split('\n').at(-1))).toEqual([
      '501 5.5.4 Invalid domain name',
      '250 XEXCH50',
      '501 5.1.7 Invalid address',
      '501 5.1.7 Invalid address',
      '250 2.1.0 Sender OK',
      '501 5.1.3 Invalid address',
    ]);
  });

  it('an anonymous Internet message: unauthenticated, filtered, organisation headers stripped', async () => {
    const a = await simulate({ ...internet, rcptTo: ['alice@contoso.com'], headers: ['X-MS-Exchange-Organization-SCL: -1', 'Subject: hi'] });
    expect(a.message).toMatchObject({
      treatedAsAuthenticated: false,
      headers: [
        { name: 'X-MS-Exchange-Organization-SCL', kept: false },
        { name: 'Subject', kept: true, decidedBy: null },
      ],
    });
  });

  it('the OpenAPI document shows the message part, the recipient limit and the transport settings', async () => {
    const res = await helpdesk.request({ method: 'GET', url: '/api/openapi.json' });
    const doc = JSON.stringify(res.json());
    expect(doc).toContain('/api/transport-settings');
    expect(doc).toContain('treatedAsAuthenticated');
    expect(doc).toContain('tlsReceiveDomainSecureList');
    expect(doc).toMatch(/"maxItems":5000/);
  });
});
