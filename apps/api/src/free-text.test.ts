import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInSession, type TestApp } from './test/helpers.ts';

/** Free text is screened like names (quality doc §3.5), with the rule its field needs; SMTP fields are one line. */
let t: TestApp;
let admin: SignedInSession;
let connectorId: string;
let etag: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.admin();
  const list = (await admin.request({ method: 'GET', url: '/api/connectors?server=HUB01' })).json() as Array<{ id: string; name: string }>;
  connectorId = list.find((c) => c.name === 'Client HUB01')!.id;
  etag = String((await admin.request({ method: 'GET', url: `/api/connectors/${connectorId}` })).headers.etag);
});
afterAll(async () => t.close());

const patch = (payload: Record<string, unknown>) =>
  admin.request({ method: 'PATCH', url: `/api/connectors/${connectorId}`, payload, headers: { 'if-match': etag } });

async function storedConnector() {
  const res = await admin.request({ method: 'GET', url: `/api/connectors/${connectorId}` });
  return res.json() as { banner: string | null; comment: string };
}

describe('connector free text', () => {
  it.each([
    ['a line break', '220 mail.contoso.com ready\r\n250 fake', /banner must be one line/],
    ['NUL', '220 mail\u0000.contoso.com', /control character U\+0000/],
    ['a right-to-left override', '220 mail.\u202Econtoso.com', /text-direction character U\+202E/],
    ['a lone surrogate', '220 \ud800 ready', /broken Unicode/],
  ])('refuses a banner with %s, naming the field, and stores nothing', async (_label, banner, message) => {
    const before = await storedConnector();
    const res = await patch({ banner });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ path: 'banner', message: expect.stringMatching(message) });
    expect(await storedConnector()).toEqual(before);
  });

  it('allows line breaks in a comment but no other control character', async () => {
    expect((await patch({ comment: 'Line one\u0007' })).statusCode).toBe(400);
    const ok = await patch({ comment: 'Owner: messaging team\r\nTicket CHG-1042' });
    expect(ok.statusCode).toBe(200);
    etag = String(ok.headers.etag);
    expect((await storedConnector()).comment).toBe('Owner: messaging team\r\nTicket CHG-1042');
  });

  it('refuses a body with invalid UTF-8 instead of storing U+FFFD', async () => {
    const before = await storedConnector();
    const body = Buffer.concat([Buffer.from('{"comment":"caf'), Buffer.from([0xe9]), Buffer.from(' menu"}')]);
    const res = await admin.request({ method: 'PATCH', url: `/api/connectors/${connectorId}`, payload: body, headers: { 'if-match': etag, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/not valid UTF-8/);
    expect(await storedConnector()).toEqual(before);
  });

  it('still accepts UTF-8 text with accents and emoji', async () => {
    const res = await patch({ comment: 'Café relay — owner Zoë 📠' });
    expect(res.statusCode).toBe(200);
    etag = String(res.headers.etag);
  });
});

describe('simulator fields are single SMTP lines', () => {
  const simulate = (fields: Record<string, unknown>) =>
    admin.request({
      method: 'POST',
      url: '/api/simulate',
      payload: { server: 'HUB01', localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', tls: false, helo: 'crm', mailFrom: 'crm@contoso.com', rcptTo: ['x@external.net'], ...fields },
    });

  it.each([
    ['helo', { helo: 'crm\r\nMAIL FROM:<ceo@contoso.com>' }, 'helo'],
    ['mailFrom', { mailFrom: 'crm@contoso.com\nRCPT TO:<x@y.net>' }, 'mailFrom'],
    ['rcptTo', { rcptTo: ['a@external.net', 'b@external.net\r\nDATA'] }, 'rcptTo[1]'],
    ['script', { script: ['EHLO crm', 'MAIL FROM:<a@b.c>\rRCPT TO:<x@y.z>'] }, 'script[1]'],
    ['headers', { headers: ['Subject: hi\r\nBcc: everyone@contoso.com'] }, 'headers[0]'],
  ])('refuses a line break in %s with a 400 that names the field', async (_field, fields, path) => {
    const res = await simulate(fields);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ path, message: expect.stringMatching(/one line/) });
  });

  it('answers the same case without the line break', async () => {
    expect((await simulate({ helo: 'crm' })).statusCode).toBe(200);
  });
});
