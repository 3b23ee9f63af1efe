import { describe, expect, it } from 'vitest';
import type { Server } from '@cc/connector-engine';
import { applyBounce, parseBounce } from './bounce.ts';
import { ALL_ENDPOINTS, EMPTY_CASE } from './case.ts';

const servers: Server[] = [
  { name: 'HUB01', fqdn: 'hub01.contoso.com', role: 'HubTransport', ipAddresses: ['10.0.0.10', '10.0.0.11', '2001:db8::10'] },
  { name: 'EDGE01', fqdn: 'edge01.contoso.com', role: 'Edge', ipAddresses: ['10.0.1.10'] },
];

/** An Exchange 2007 NDR as the CRM's service account receives it. */
const EXCHANGE_NDR = `From: Microsoft Exchange
To: crm@contoso.com
Subject: Undeliverable: Order confirmation 4711

Delivery has failed to these recipients or distribution lists:

x@external.net
The e-mail system was unable to deliver the message, but didn't report a specific reason.

Sent by Microsoft Exchange Server 2007

Diagnostic information for administrators:

Generating server: hub01.contoso.com

x@external.net
#550 5.7.1 Unable to relay ##

Original message headers:

Received: from crm01.contoso.com (10.0.0.50) by hub01.contoso.com (10.0.0.11) with Microsoft SMTP Server id 8.1.240.5; Fri, 27 Nov 2026 09:14:02 +0100
From: CRM <crm@contoso.com>
To: <x@external.net>
Subject: Order confirmation 4711`;

describe('parseBounce', () => {
  it('reads an Exchange 2007 NDR: recipient, sender, both addresses and the 5.7.1 reply', () => {
    expect(parseBounce(EXCHANGE_NDR)).toEqual({
      recipients: ['x@external.net'],
      sender: 'crm@contoso.com',
      clientIp: '10.0.0.50',
      serverIp: '10.0.0.11',
      serverPort: null,
      serverHost: 'hub01.contoso.com',
      reply: '550 5.7.1 Unable to relay',
      helo: 'crm01.contoso.com',
    });
  });

  it('reads an application log with the SMTP dialogue', () => {
    const log = `2026-11-27 09:14:02 Connecting to 10.0.0.10:25
S: 220 hub01.contoso.com Microsoft ESMTP MAIL Service ready at Fri, 27 Nov 2026 09:14:02 +0100
C: EHLO crm01
S: 250-hub01.contoso.com Hello [10.0.0.50]
C: MAIL FROM:<crm@contoso.com>
S: 530 5.7.1 Client was not authenticated`;
    const parsed = parseBounce(log);
    expect(parsed.serverIp).toBe('10.0.0.10');
    expect(parsed.serverPort).toBe(25);
    expect(parsed.clientIp).toBe('10.0.0.50');
    expect(parsed.sender).toBe('crm@contoso.com');
    expect(parsed.reply).toBe('530 5.7.1 Client was not authenticated');
    expect(parsed.recipients).toEqual([]);
  });

  it('reads a System.Net.Mail exception: the code from its status words, the reply as quoted (Exchange 2003 wording kept)', () => {
    const parsed = parseBounce('System.Net.Mail.SmtpFailedRecipientException: Mailbox unavailable. The server response was: 5.7.1 Unable to relay for x@external.net');
    expect(parsed.reply).toBe('550 5.7.1 Unable to relay for x@external.net');
    expect(parsed.recipients).toEqual(['x@external.net']);
    expect(parsed.sender).toBeNull();
  });

  it('reads a Send-MailMessage error', () => {
    const parsed = parseBounce(`Send-MailMessage : The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.1 Client was not authenticated
At line:1 char:1
+ Send-MailMessage -SmtpServer hub01 -From crm@contoso.com -To x@external.net`);
    expect(parsed.reply).toBe('530 5.7.1 Client was not authenticated');
  });

  it('reads a Postfix bounce: recipient, server name and address, reply, without "(in reply to …)"', () => {
    const parsed = parseBounce(`This is the mail system at host relay.fabrikam.com.

<customer@fabrikam.com>: host hub01.contoso.com[10.0.0.11] said: 550 5.7.1 Unable
    to relay (in reply to RCPT TO command)`);
    expect(parsed.recipients).toEqual(['customer@fabrikam.com']);
    expect(parsed.serverHost).toBe('hub01.contoso.com');
    expect(parsed.serverIp).toBe('10.0.0.11');
    expect(parsed.reply).toBe('550 5.7.1 Unable to relay');
  });

  it('reads Exchange protocol-log lines: the client from the remote endpoint, the local endpoint, HELO, sender, recipient, reply', () => {
    const parsed = parseBounce(`2026-11-27T09:14:02.101Z,HUB01\\Default HUB01,08D675E58CA1DA38,0,10.0.0.10:25,10.0.0.50:51234,+,,
2026-11-27T09:14:02.103Z,HUB01\\Default HUB01,08D675E58CA1DA38,2,10.0.0.10:25,10.0.0.50:51234,<,EHLO crm01,
2026-11-27T09:14:02.105Z,HUB01\\Default HUB01,08D675E58CA1DA38,4,10.0.0.10:25,10.0.0.50:51234,<,MAIL FROM:<crm@contoso.com>,
2026-11-27T09:14:02.106Z,HUB01\\Default HUB01,08D675E58CA1DA38,5,10.0.0.10:25,10.0.0.50:51234,>,530 5.7.1 Client was not authenticated,`);
    expect(parsed).toEqual({
      recipients: [],
      sender: 'crm@contoso.com',
      clientIp: '10.0.0.50',
      serverIp: '10.0.0.10',
      serverPort: 25,
      serverHost: 'HUB01',
      reply: '530 5.7.1 Client was not authenticated',
      helo: 'crm01',
    });
  });

  it('reads several recipients from a DSN and ignores the postmaster', () => {
    const dsn = `From: postmaster@contoso.com
Reporting-MTA: dns; hub01.contoso.com
Final-Recipient: rfc822; x@external.net
Action: failed
Status: 5.7.1
Diagnostic-Code: smtp; 550 5.7.1 Unable to relay
Final-Recipient: rfc822; y@external.net
Action: failed
Remote-MTA: dns; [10.0.0.11]`;
    const parsed = parseBounce(dsn);
    expect(parsed.recipients).toEqual(['x@external.net', 'y@external.net']);
    expect(parsed.reply).toBe('550 5.7.1 Unable to relay');
    expect(parsed.serverIp).toBe('10.0.0.11');
    expect(parsed.sender).toBeNull();
  });

  it('does not read clock times as IPv6 addresses, and finds bracketed IPv6 ones', () => {
    const parsed = parseBounce('Remote Server at hub01 ([2001:db8::10]) returned 550 5.7.1 Unable to relay at (09:14:02)');
    expect(parsed.serverIp).toBe('2001:db8::10');
  });
});

describe('applyBounce', () => {
  it('fills the case and picks the server that owns the address', () => {
    const { next, filled, missing } = applyBounce({ ...EMPTY_CASE, server: 'EDGE01', helo: 'crm01' }, parseBounce(EXCHANGE_NDR), servers);
    expect(next).toEqual({
      ...EMPTY_CASE,
      server: 'HUB01',
      localEndpoint: '10.0.0.11:25',
      remoteIp: '10.0.0.50',
      helo: 'crm01.contoso.com',
      mailFrom: 'crm@contoso.com',
      rcptTo: ['x@external.net'],
      expectedReply: '550 5.7.1 Unable to relay',
    });
    expect(filled).toContain('local endpoint 10.0.0.11:25 (port 25 assumed)');
    expect(missing).toEqual([]);
  });

  it('runs the case on every endpoint when the report names the server but not the address the client used', () => {
    const ndr = `Delivery has failed to these recipients or distribution lists:\n\ncustomer@fabrikam.com\n\nGenerating server: hub01.contoso.com\n\ncustomer@fabrikam.com\n#550 5.7.1 Unable to relay ##`;
    const { next, filled } = applyBounce({ ...EMPTY_CASE, server: 'EDGE01', localEndpoint: '10.0.1.10:25' }, parseBounce(ndr), servers);
    expect(next.server).toBe('HUB01');
    expect(next.localEndpoint).toBe(ALL_ENDPOINTS);
    expect(filled).toContain('every endpoint of HUB01 (the text does not say which address the client connected to)');
  });

  it('keeps what the text does not mention and says what is missing', () => {
    const start = { ...EMPTY_CASE, server: 'HUB01', localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.99' };
    const { next, missing } = applyBounce(start, parseBounce('The server response was: 5.7.1 Unable to relay'), servers);
    expect(next).toEqual({ ...start, expectedReply: '5.7.1 Unable to relay' });
    expect(missing).toEqual(['the server address the client connected to', 'the source IP address', 'the sender', 'the recipients']);
  });
});
