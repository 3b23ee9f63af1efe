import { describe, expect, it } from 'vitest';
import { CONNECTORS, hubWith, type ConnectorSpec } from '../testing/fixture.ts';
import type { ServerContext } from '../connector/state.ts';
import { EXTERNALLY_SECURED_RIGHTS, ANONYMOUS_USERS_RIGHTS } from '../permissions/group-tables.ts';
import { simulate } from './simulate.ts';
import { messageGains, messageTreatment } from './message.ts';
import type { SimulateRequest, SimulateResult } from './types.ts';

/** Issue 10: domain security from the transport settings, any recipient count, the message part, strict syntax. */

const NOW = new Date('2026-11-29T10:00:00Z');
const QUEUED = /^250 2\.6\.0 <[^>]+> Queued mail for delivery$/;

function run(ctx: ServerContext, req: Partial<SimulateRequest> & Pick<SimulateRequest, 'remoteIp' | 'localEndpoint'>): SimulateResult {
  return simulate(ctx, { server: ctx.server.name, tls: false, helo: 'client.example', mailFrom: 'app@contoso.com', rcptTo: [], ...req }, { now: NOW });
}
const replies = (r: SimulateResult) => r.transcript.filter((t) => t.client !== null).map((t) => [t.client, t.server.split('\n').at(-1)]);
const replyTo = (r: SimulateResult, client: string) => r.transcript.find((t) => t.client === client)?.server;

const PARTNER_IN: ConnectorSpec = {
  name: 'Partner In',
  usage: 'Partner',
  bindings: ['10.0.0.11:25'],
  remoteIPRanges: ['192.0.2.25'],
};
const partnerCtx = (list = ['partner.example']) => {
  const ctx = hubWith(PARTNER_IN, CONNECTORS.internet);
  ctx.transportSettings = { tlsReceiveDomainSecureList: list, tlsSendDomainSecureList: [] };
  return ctx;
};
const partnerCase = {
  remoteIp: '192.0.2.25',
  localEndpoint: '10.0.0.11:25',
  tls: true,
  clientCertificate: { domain: 'partner.example', valid: true },
  mailFrom: 'u@partner.example',
  rcptTo: ['alice@contoso.com'],
  headers: ['Received: from mx.partner.example', 'X-MS-Exchange-Organization-SCL: -1', 'Subject: Orders'],
};

describe('domain security from the organisation transport settings (§9.3, §6.5)', () => {
  it('a listed partner domain over mutual TLS with a valid certificate runs as Partner Servers', () => {
    const r = run(partnerCtx(), partnerCase);
    expect(r.connector?.name).toBe('Partner In');
    expect(r.identity).toBe('MS Exchange\\Partner Servers');
    expect(replyTo(r, 'MAIL FROM:<u@partner.example>')).toBe('250 2.1.0 Sender OK');
    expect(replyTo(r, 'RCPT TO:<alice@contoso.com>')).toBe('250 2.1.5 Recipient OK');
    expect(replyTo(r, '.')).toMatch(QUEUED);
    expect(r.message).toMatchObject({
      treatedAsAuthenticated: false,
      antiSpamBypassed: false,
      sizeLimitBypassed: false,
      authParameterHonoured: null,
      headers: [
        { name: 'Received', kept: true, decidedBy: 'ms-Exch-Accept-Headers-Routing', section: '§6.1' },
        { name: 'X-MS-Exchange-Organization-SCL', kept: false, decidedBy: 'ms-Exch-Accept-Headers-Organization', section: '§6.1' },
        { name: 'Subject', kept: true, decidedBy: null, section: null },
      ],
    });
  });

  it('matches the listed domain case-insensitively', () => {
    const r = run(partnerCtx(['Partner.Example']), partnerCase);
    expect(r.identity).toBe('MS Exchange\\Partner Servers');
  });

  it('a domain that is not on TLSReceiveDomainSecureList stays anonymous, which Partner In does not let submit', () => {
    const r = run(partnerCtx([]), partnerCase);
    expect(r.identity).toBe('NT AUTHORITY\\ANONYMOUS LOGON');
    expect(replyTo(r, 'MAIL FROM:<u@partner.example>')).toBe('530 5.7.1 Client was not authenticated');
    expect(r.message).toBeUndefined();
  });

  it('without TLS: 530 5.7.1 Not authenticated', () => {
    const r = run(partnerCtx(), { ...partnerCase, tls: false });
    expect(replyTo(r, 'MAIL FROM:<u@partner.example>')).toBe('530 5.7.1 Not authenticated');
  });

  it('TLS without a client certificate: 530 5.7.1 Not authenticated', () => {
    const { clientCertificate: _none, ...noCertificate } = partnerCase;
    const r = run(partnerCtx(), noCertificate);
    expect(replyTo(r, 'MAIL FROM:<u@partner.example>')).toBe('530 5.7.1 Not authenticated');
  });

  it('an invalid certificate, or one for another name: 454 4.7.5 Certificate validation failure', () => {
    for (const clientCertificate of [{ domain: 'partner.example', valid: false }, { domain: 'other.example', valid: true }]) {
      const r = run(partnerCtx(), { ...partnerCase, clientCertificate });
      expect(replyTo(r, 'MAIL FROM:<u@partner.example>')).toBe('454 4.7.5 Certificate validation failure');
    }
  });

  it('a connector with Domain Security off: 451 4.7.3 The admin has temporarily disallowed this secure domain', () => {
    const ctx = hubWith({ ...PARTNER_IN, usage: 'Custom', authMechanism: ['Tls'], permissionGroups: ['Partners'] });
    ctx.transportSettings = { tlsReceiveDomainSecureList: ['partner.example'], tlsSendDomainSecureList: [] };
    const r = run(ctx, partnerCase);
    expect(replyTo(r, 'MAIL FROM:<u@partner.example>')).toBe('451 4.7.3 The admin has temporarily disallowed this secure domain');
  });

  it('the Partner Servers identity lasts one transaction: the next MAIL FROM starts anonymous again', () => {
    const r = run(partnerCtx(), {
      ...partnerCase,
      script: ['EHLO mx', 'STARTTLS', 'EHLO mx', 'MAIL FROM:<u@partner.example>', 'RCPT TO:<alice@contoso.com>', 'DATA', '.', 'MAIL FROM:<u@other.example>', 'QUIT'],
    });
    expect(replyTo(r, '.')).toMatch(QUEUED);
    expect(replyTo(r, 'MAIL FROM:<u@other.example>')).toBe('530 5.7.1 Client was not authenticated');
    expect(r.identity).toBe('NT AUTHORITY\\ANONYMOUS LOGON');
  });
});

describe('recipients up to the connector limit (MaxRecipientsPerMessage)', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@contoso.com`);

  it('accepts up to MaxRecipientsPerMessage and answers 452 4.5.3 Too many recipients after it', () => {
    const r = run(hubWith(CONNECTORS.internet), { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.11:25', mailFrom: 'a@external.net', rcptTo: many(250) });
    const rcpt = r.transcript.filter((t) => t.client?.startsWith('RCPT'));
    expect(rcpt).toHaveLength(250);
    expect(rcpt.slice(0, 200).every((t) => t.server === '250 2.1.5 Recipient OK')).toBe(true);
    expect(rcpt[200]).toEqual({ client: 'RCPT TO:<user200@contoso.com>', server: '452 4.5.3 Too many recipients' });
    expect(rcpt.slice(200).every((t) => t.server === '452 4.5.3 Too many recipients')).toBe(true);
    expect(replyTo(r, '.')).toMatch(QUEUED);
    expect(r.verdict).toBe('Accepted by Internet HUB01 for 200 of 250 recipients; the others were refused (452 4.5.3 Too many recipients).');
    expect(r.fixes.map((f) => f.kind)).toContain('raiseLimit');
    // The explanation names the limit once and stays short however many recipients there are.
    expect(r.explanation.match(/MaxRecipientsPerMessage/g)).toHaveLength(1);
    expect(r.explanation.split('\n').length).toBeLessThan(20);
    expect(r.decisiveRights.filter((d) => d.command === 'RCPT TO')).toHaveLength(1);
  });

  it('reaches a raised limit of 5,000 exactly', () => {
    const r = run(hubWith({ ...CONNECTORS.internet, maxRecipientsPerMessage: 4999 }), { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.11:25', mailFrom: 'a@external.net', rcptTo: many(5000) });
    const rcpt = r.transcript.filter((t) => t.client?.startsWith('RCPT'));
    expect(rcpt[4998]!.server).toBe('250 2.1.5 Recipient OK');
    expect(rcpt[4999]).toEqual({ client: 'RCPT TO:<user4999@contoso.com>', server: '452 4.5.3 Too many recipients' });
  });

  it('ms-Exch-Bypass-Message-Size-Limit lifts the recipient limit', () => {
    const r = run(hubWith(CONNECTORS.printerExtSec), { remoteIp: '10.0.0.51', localEndpoint: '10.0.0.10:25', rcptTo: many(300) });
    expect(r.transcript.filter((t) => t.server === '250 2.1.5 Recipient OK')).toHaveLength(300);
    expect(r.message?.sizeLimitBypassed).toBe(true);
  });
});

describe('what happens to the message (§6.1, §6.4)', () => {
  const headers = ['Received: from printer', 'Resent-From: x@contoso.com', 'X-MS-Exchange-Organization-SCL: -1', 'X-MS-Exchange-Forest-Hops: 1', 'Subject: Scan'];

  it('Option 1 (Externally Secured): authenticated and internal, resolved, no antispam, no size limit; organisation and forest headers stripped', () => {
    const r = run(hubWith(CONNECTORS.printerExtSec), {
      remoteIp: '10.0.0.51',
      localEndpoint: '10.0.0.10:25',
      mailFrom: 'scanner@contoso.com',
      headerFrom: 'alice@contoso.com',
      rcptTo: ['x@external.net'],
      headers,
    });
    expect(r.outcome).toBe('accepted');
    expect(r.message).toEqual({
      treatedAsAuthenticated: true,
      senderResolved: true,
      antiSpamBypassed: true,
      sizeLimitBypassed: true,
      authParameterHonoured: null,
      body: '7BIT',
      decisions: [
        expect.objectContaining({ aspect: 'authentication', value: true, decidedBy: 'ms-Exch-SMTP-Accept-Authentication-Flag', section: '§6.1' }),
        expect.objectContaining({ aspect: 'senderResolution', value: true, decidedBy: 'ms-Exch-SMTP-Accept-Authentication-Flag', section: '§6.4' }),
        expect.objectContaining({ aspect: 'antiSpam', value: true, decidedBy: 'ms-Exch-Bypass-Anti-Spam', section: '§6.1' }),
        expect.objectContaining({ aspect: 'sizeLimit', value: true, decidedBy: 'ms-Exch-Bypass-Message-Size-Limit', section: '§6.1' }),
      ],
      headers: [
        { name: 'Received', kept: true, decidedBy: 'ms-Exch-Accept-Headers-Routing', section: '§6.1' },
        { name: 'Resent-From', kept: true, decidedBy: 'ms-Exch-Accept-Headers-Routing', section: '§6.1' },
        { name: 'X-MS-Exchange-Organization-SCL', kept: false, decidedBy: 'ms-Exch-Accept-Headers-Organization', section: '§6.1' },
        { name: 'X-MS-Exchange-Forest-Hops', kept: false, decidedBy: 'ms-Exch-Accept-Headers-Forest', section: '§6.1' },
        { name: 'Subject', kept: true, decidedBy: null, section: null },
      ],
    });
  });

  it('Option 2 (anonymous relay): unauthenticated and external, not resolved, filtered, limited; AUTH=<> ignored', () => {
    const r = run(hubWith(CONNECTORS.appRelay), {
      remoteIp: '10.0.0.50',
      localEndpoint: '10.0.0.10:25',
      mailFrom: 'crm@contoso.com',
      headerFrom: 'alice@contoso.com',
      rcptTo: ['x@external.net'],
      script: ['EHLO crm', 'MAIL FROM:<crm@contoso.com> AUTH=<>', 'RCPT TO:<x@external.net>', 'DATA', '.', 'QUIT'],
      headers,
    });
    expect(replyTo(r, 'MAIL FROM:<crm@contoso.com> AUTH=<>')).toBe('250 2.1.0 Sender OK');
    expect(r.message).toMatchObject({ treatedAsAuthenticated: false, senderResolved: false, antiSpamBypassed: false, sizeLimitBypassed: false, authParameterHonoured: false });
    expect(r.message!.decisions.find((d) => d.aspect === 'authParameter')).toEqual({
      aspect: 'authParameter',
      value: false,
      decidedBy: 'ms-Exch-SMTP-Accept-Authentication-Flag',
      section: '§6.1',
      text: 'AUTH=<> on MAIL FROM is ignored: NT AUTHORITY\\ANONYMOUS LOGON holds no ms-Exch-SMTP-Accept-Authentication-Flag.',
    });
    expect(r.message!.headers.map((h) => [h.name, h.kept])).toEqual([
      ['Received', true],
      ['Resent-From', true],
      ['X-MS-Exchange-Organization-SCL', false],
      ['X-MS-Exchange-Forest-Hops', false],
      ['Subject', true],
    ]);
  });

  it('with the flag right, AUTH= is honoured', () => {
    const r = run(hubWith(CONNECTORS.printerExtSec), {
      remoteIp: '10.0.0.51',
      localEndpoint: '10.0.0.10:25',
      script: ['EHLO printer', 'MAIL FROM:<scanner@contoso.com> AUTH=scanner@contoso.com BODY=8BITMIME SIZE=2048', 'RCPT TO:<alice@contoso.com>', 'DATA', '.'],
    });
    expect(replyTo(r, '.')).toMatch(QUEUED);
    expect(r.message).toMatchObject({ treatedAsAuthenticated: true, authParameterHonoured: true, body: '8BITMIME' });
  });

  it('a signed-in user is treated as authenticated because of the sign-in, and keeps no organisation headers', () => {
    const r = run(hubWith(), {
      remoteIp: '10.0.0.77',
      localEndpoint: '10.0.0.10:587',
      tls: true,
      authUser: 'CONTOSO\\alice',
      mailFrom: 'alice@contoso.com',
      rcptTo: ['bob@contoso.com'],
      headers: ['X-MS-Exchange-Organization-SCL: -1'],
    });
    expect(r.message).toMatchObject({ treatedAsAuthenticated: true, senderResolved: true, antiSpamBypassed: true });
    expect(r.message!.decisions[0]).toMatchObject({ aspect: 'authentication', decidedBy: 'authentication', text: 'Treated as authenticated and internal: CONTOSO\\alice authenticated.' });
    expect(r.message!.headers).toEqual([{ name: 'X-MS-Exchange-Organization-SCL', kept: false, decidedBy: 'ms-Exch-Accept-Headers-Organization', section: '§6.1' }]);
  });

  it('a rejected message has no message part', () => {
    const r = run(hubWith(CONNECTORS.internet), { remoteIp: '10.0.0.50', localEndpoint: '10.0.0.11:25', rcptTo: ['x@external.net'] });
    expect(r.outcome).toBe('rejected');
    expect(r.message).toBeUndefined();
  });

  it('the wizard’s comparison: what Option 1 grants beyond Option 2, from the same function', () => {
    const treat = (granted: readonly string[]) =>
      messageTreatment({ granted: new Set(granted) as never, authenticated: false, identity: 'x', authParameter: null, body: null, sender: 'alice@contoso.com', directory: hubWith().directory, headers: [] });
    const option1 = treat(EXTERNALLY_SECURED_RIGHTS);
    const option2 = treat([...ANONYMOUS_USERS_RIGHTS, 'ms-Exch-SMTP-Accept-Any-Recipient']);
    expect([option1.treatedAsAuthenticated, option1.senderResolved, option1.antiSpamBypassed, option1.sizeLimitBypassed]).toEqual([true, true, true, true]);
    expect([option2.treatedAsAuthenticated, option2.senderResolved, option2.antiSpamBypassed, option2.sizeLimitBypassed]).toEqual([false, false, false, false]);
  });
});

describe('strict SMTP syntax (choices marked [UNVERIFIED] in syntax.ts)', () => {
  const internet = () => hubWith(CONNECTORS.internet);
  const base = { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.11:25' };

  it('MAIL FROM:<a@b>DATA is a malformed path, and no DATA follows', () => {
    const r = run(internet(), { ...base, script: ['EHLO x', 'MAIL FROM:<a@external.net>DATA', 'DATA'] });
    expect(replies(r)).toEqual([
      ['EHLO x', '250 XEXCH50'],
      ['MAIL FROM:<a@external.net>DATA', '501 5.1.7 Invalid address'],
      ['DATA', '503 5.5.2 Need mail command'],
    ]);
    expect(r.explanation).toContain('Text follows the sender\'s closing bracket without a space ("DATA")');
  });

  it('RCPT TO:<a@b>DATA is a malformed path too', () => {
    const r = run(internet(), { ...base, script: ['EHLO x', 'MAIL FROM:<a@external.net>', 'RCPT TO:<alice@contoso.com>DATA'] });
    expect(replyTo(r, 'RCPT TO:<alice@contoso.com>DATA')).toBe('501 5.1.3 Invalid address');
  });

  it('an EHLO argument carrying a command is refused, so the session has no hello', () => {
    const r = run(internet(), { ...base, script: ['EHLO x MAIL FROM:<a@external.net>', 'MAIL FROM:<a@external.net>', 'HELO y RCPT TO:<b@c.d>'] });
    expect(replies(r)).toEqual([
      ['EHLO x MAIL FROM:<a@external.net>', '501 5.5.4 Invalid domain name'],
      ['MAIL FROM:<a@external.net>', '503 5.5.2 Send hello first'],
      ['HELO y RCPT TO:<b@c.d>', '501 5.5.4 Invalid domain name'],
    ]);
  });

  it('a non-ASCII local part is an invalid address (Exchange 2007 has no SMTPUTF8)', () => {
    const r = run(internet(), { ...base, script: ['EHLO x', 'MAIL FROM:<jörg@external.net>', 'MAIL FROM:<a@external.net>', 'RCPT TO:<jürgen@contoso.com>'] });
    expect(replies(r).slice(1)).toEqual([
      ['MAIL FROM:<jörg@external.net>', '501 5.1.7 Invalid address'],
      ['MAIL FROM:<a@external.net>', '250 2.1.0 Sender OK'],
      ['RCPT TO:<jürgen@contoso.com>', '501 5.1.3 Invalid address'],
    ]);
    expect(r.explanation).toContain('Exchange 2007 has no SMTPUTF8');
  });

  it.each([
    'MAIL FROM:<a@external.net> SIZE=big',
    'MAIL FROM:<a@external.net> BODY=9BIT',
    'MAIL FROM:<a@external.net> AUTH=',
    'MAIL FROM:<a@external.net> SIZE=1 SIZE=2',
    'MAIL FROM:<a@external.net> XYZZY=1',
  ])('%s → 501 5.5.4 Invalid arguments', (line) => {
    const r = run(internet(), { ...base, script: ['EHLO x', line] });
    expect(replyTo(r, line)).toBe('501 5.5.4 Invalid arguments');
  });

  it('SIZE=, BODY= and AUTH= in any order and case are honoured', () => {
    const line = 'MAIL FROM:<a@external.net> body=8bitmime auth=<> size=15728640';
    const r = run(internet(), { ...base, script: ['EHLO x', line] });
    expect(replyTo(r, line)).toBe('552 5.3.4 Message size exceeds fixed maximum message size');
  });
});

describe('messageGains: Option 1 beyond Option 2, in consequences', () => {
  it('names what Externally Secured adds for every message, and nothing the other way round', () => {
    const option2 = [...ANONYMOUS_USERS_RIGHTS, 'ms-Exch-SMTP-Accept-Any-Recipient' as const];
    expect(messageGains(EXTERNALLY_SECURED_RIGHTS, option2)).toEqual([
      'Every message counts as authenticated and internal, so it reaches groups that accept mail only from authenticated senders.',
      'The AUTH= identity another server puts on MAIL FROM is trusted.',
      'A sender that exists in your directory shows in Outlook under its directory name, as if it had signed in.',
      'Messages skip antispam filtering.',
      "The connector's maximum message size and recipient limit stop applying.",
    ]);
    expect(messageGains(option2, EXTERNALLY_SECURED_RIGHTS)).toEqual([]);
    expect(messageGains(['ms-Exch-Accept-Headers-Organization'], [])).toEqual([
      'Exchange keeps the X-MS-Exchange-Organization-* headers the host sends instead of stripping them.',
    ]);
  });
});
