import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProtocolLogs } from './parse.ts';
import { ProtocolLogReader, type LogRecord } from './read-protocol-log.ts';
import { splitCsvLine } from './csv-line.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/protocol-log/${name}`, import.meta.url), 'utf8');
const HEADER = [
  '#Software: Microsoft Exchange Server',
  '#Version: 8.0.0.0',
  '#Log-Type: SMTP Receive Protocol Log',
  '#Date: 2026-11-02T10:00:00.000Z',
  '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
].join('\r\n');

describe('published Exchange 2010 excerpts', () => {
  it('reconstructs the nxlog/Graylog sample (P02): trailing-space connector, quoted banner, one line per EHLO keyword, AUTH refused', () => {
    const { sessions, reports } = parseProtocolLogs([{ name: 'RECV20161214-1.LOG', text: fixture('graylog-ex2010-default.log') }]);
    expect(reports[0]).toMatchObject({ records: 18, unreadable: 0 });
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s).toMatchObject({ server: 'EX', connector: 'Default ', remoteIp: '91.112.61.94', localEndpoint: 'x.x.x.x:25', helo: 'ylmf-pc', complete: true, outcome: 'authentication failed' });
    expect(s.permissions[0]!.rights).toEqual(['ms-Exch-SMTP-Submit', 'ms-Exch-SMTP-Accept-Any-Sender', 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender', 'ms-Exch-Accept-Headers-Routing']);
    expect(s.exchanges[0]).toEqual({ command: null, replies: ['220 mail.x.x Microsoft ESMTP MAIL Service ready at Tue, 13 Dec 2016 20:17:34 -0500'] });
    expect(s.exchanges[1]!.replies).toHaveLength(10);
    expect(s.exchanges[1]!.replies.at(-1)).toBe('250 CHUNKING');
    expect(s.exchanges[2]).toEqual({ command: 'AUTH LOGIN', replies: ['504 5.7.4 Unrecognized authentication type'] });
  });

  it("reads Milne's sample (P01) with its header: #Version 14.0.0.0, a session still open at the end of the excerpt", () => {
    const { sessions, reports } = parseProtocolLogs([{ name: 'RECV20190125-1.LOG', text: fixture('milne-ex2010-internet-mail.log') }]);
    expect(reports[0]!.header).toMatchObject({ version: '14.0.0.0', logType: 'SMTP Receive Protocol Log', date: '2019-01-25T00:03:58.478Z' });
    expect(sessions[0]).toMatchObject({ connectorId: 'TAIL-EXCH-1\\Internet Mail', sessionId: '08D675E58CA1DA38', complete: false, outcome: 'dropped' });
  });
});

describe('format pitfalls', () => {
  it('strips a BOM, reads CRLF, matches header keys case-insensitively and accepts any #Version', () => {
    const text = `\uFEFF${HEADER.replace('8.0.0.0', '99.1.2.3')}\r\n2026-11-02T10:00:00.000Z,HUB01\\Default HUB01,08DE1A0000000001,0,10.0.0.10:25,10.0.0.50:4000,+,,\r\n`;
    const { reports, sessions } = parseProtocolLogs([{ name: 'a.log', text }]);
    expect(reports[0]!.header).toMatchObject({ software: 'Microsoft Exchange Server', version: '99.1.2.3', logType: 'SMTP Receive Protocol Log' });
    expect(sessions[0]!.connector).toBe('Default HUB01');
  });

  it('gives each line to the right session when sessions interleave, and keeps ids per server', () => {
    const line = (server: string, id: string, seq: number, event: string, data = '') => `2026-11-02T10:00:0${seq}.000Z,${server}\\Default ${server},${id},${seq},10.0.0.10:25,10.0.0.5${id.at(-1)}:4000,${event},${data},`;
    const text = [
      line('HUB01', '0000000000000001', 0, '+'),
      line('HUB01', '0000000000000002', 0, '+'),
      line('HUB02', '0000000000000001', 0, '+'),
      line('HUB01', '0000000000000002', 1, '<', 'EHLO b'),
      line('HUB01', '0000000000000001', 1, '<', 'EHLO a'),
      line('HUB02', '0000000000000001', 1, '<', 'EHLO c'),
      line('HUB01', '0000000000000001', 2, '-'),
      line('HUB01', '0000000000000002', 2, '-'),
      line('HUB02', '0000000000000001', 2, '-'),
    ].join('\n');
    const { sessions } = parseProtocolLogs([{ name: 'a.log', text }]);
    expect(sessions.map((s) => `${s.server}/${s.sessionId}/${s.helo}`)).toEqual(['HUB01/0000000000000001/a', 'HUB01/0000000000000002/b', 'HUB02/0000000000000001/c']);
  });

  it('pairs pipelined replies with their commands in order, not by adjacency (2013 one-line EHLO)', () => {
    const l = (seq: number, event: string, data: string, context = '') => `2026-11-02T10:00:00.${String(seq).padStart(3, '0')}Z,FE01\\Default Frontend FE01,08DE1A0000000009,${seq},10.0.0.10:25,192.0.2.7:5000,${event},${data},${context}`;
    const text = [
      l(0, '+', ''),
      l(1, '>', '"220 fe01.contoso.com Microsoft ESMTP MAIL Service ready at Mon, 2 Nov 2026 10:00:00 +0000"'),
      l(2, '<', 'EHLO spam.example'),
      l(3, '>', '250  fe01.contoso.com Hello [192.0.2.7] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS 8BITMIME BINARYMIME CHUNKING'),
      l(4, '<', 'MAIL FROM:<a@spam.example>'),
      l(5, '<', 'RCPT TO:<victim@elsewhere.example>'),
      l(6, '*', "Tarpit for '0.00:00:05'"),
      l(7, '>', '250 2.1.0 Sender OK'),
      l(8, '>', '550 5.7.1 Unable to relay'),
      l(9, '-', '', 'Remote'),
    ].join('\n');
    const s = parseProtocolLogs([{ name: 'RECV2026110210-1.LOG', text }]).sessions[0]!;
    expect(s.exchanges.map((e) => [e.command, e.replies])).toEqual([
      [null, ['220 fe01.contoso.com Microsoft ESMTP MAIL Service ready at Mon, 2 Nov 2026 10:00:00 +0000']],
      ['EHLO spam.example', ['250  fe01.contoso.com Hello [192.0.2.7] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS 8BITMIME BINARYMIME CHUNKING']],
      ['MAIL FROM:<a@spam.example>', ['250 2.1.0 Sender OK']],
      ['RCPT TO:<victim@elsewhere.example>', ['550 5.7.1 Unable to relay']],
    ]);
    expect(s).toMatchObject({ outcome: 'relay refused', mailFrom: 'a@spam.example', rcptTo: ['victim@elsewhere.example'], acceptedRcptTo: [] });
  });

  it('reads a forum paste that lost its `*` and its header, and a session continued in the next file', () => {
    const a = '2026-11-02T10:59:59.000Z,HUB01\\Default HUB01,08DE1A00000000AA,0,10.0.0.10:25,10.0.0.60:1000,+,,\n2026-11-02T10:59:59.001Z,HUB01\\Default HUB01,08DE1A00000000AA,1,10.0.0.10:25,10.0.0.60:1000,,SMTPSubmit SMTPAcceptAnyRecipient,Set Session Permissions';
    const b = '2026-11-02T11:00:00.000Z,HUB01\\Default HUB01,08DE1A00000000AA,2,10.0.0.10:25,10.0.0.60:1000,-,,Remote';
    const { sessions } = parseProtocolLogs([
      { name: 'RECV20261102-1.LOG', text: a },
      { name: 'RECV20261102-2.LOG', text: b },
    ]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ complete: true, files: ['RECV20261102-1.LOG', 'RECV20261102-2.LOG'] });
    expect(sessions[0]!.permissions[0]!.rights).toEqual(['ms-Exch-SMTP-Submit', 'ms-Exch-SMTP-Accept-Any-Recipient']);
  });

  it('gives AUTH its challenge lines and its outcome, the end of data its queued reply, and the account its rights', () => {
    const l = (seq: number, event: string, data: string, context = '') => `2026-11-02T10:00:00.${String(seq).padStart(3, '0')}Z,HUB01\\Client HUB01,08DE1A0000000042,${seq},10.0.0.10:587,192.168.1.20:5000,${event},${data},${context}`;
    const text = [
      l(0, '+', ''),
      l(1, '*', 'None', 'Set Session Permissions'),
      l(2, '>', '220 hub01.contoso.com ready'),
      l(3, '<', 'EHLO pc'),
      l(4, '>', '250-hub01.contoso.com Hello [192.168.1.20]'),
      l(5, '>', '250 AUTH LOGIN'),
      l(6, '<', 'AUTH LOGIN'),
      l(7, '>', '334 VXNlcm5hbWU6'),
      l(8, '>', '334 UGFzc3dvcmQ6'),
      l(9, '*', 'CONTOSO\\alice', 'authenticated'),
      l(10, '*', 'SMTPSubmit SMTPAcceptAnyRecipient BypassAntiSpam AcceptRoutingHeaders', 'Set Session Permissions'),
      l(11, '>', '235 2.7.0 Authentication successful'),
      l(12, '<', 'MAIL FROM:<alice@contoso.com> SIZE=2048'),
      l(13, '>', '250 2.1.0 Sender OK'),
      l(14, '<', 'RCPT TO:<x@external.net>'),
      l(15, '>', '250 2.1.5 Recipient OK'),
      l(16, '<', 'DATA'),
      l(17, '>', '354 Start mail input; end with <CRLF>.<CRLF>'),
      l(18, '>', '250 2.6.0 <1@hub01.contoso.com> Queued mail for delivery'),
      l(19, '<', 'QUIT'),
      l(20, '-', '', 'Local'),
    ].join('\n');
    const s = parseProtocolLogs([{ name: 'a.log', text }], { isRelayRecipient: (a) => !a.endsWith('@contoso.com') }).sessions[0]!;
    expect(s.exchanges.map((e) => [e.command, e.replies.at(-1)])).toEqual([
      [null, '220 hub01.contoso.com ready'],
      ['EHLO pc', '250 AUTH LOGIN'],
      ['AUTH LOGIN', '235 2.7.0 Authentication successful'],
      ['MAIL FROM:<alice@contoso.com> SIZE=2048', '250 2.1.0 Sender OK'],
      ['RCPT TO:<x@external.net>', '250 2.1.5 Recipient OK'],
      ['DATA', '354 Start mail input; end with <CRLF>.<CRLF>'],
      ['.', '250 2.6.0 <1@hub01.contoso.com> Queued mail for delivery'],
      ['QUIT', undefined],
    ]);
    expect(s).toMatchObject({ account: 'CONTOSO\\alice', outcome: 'relayed', acceptedRcptTo: ['x@external.net'], complete: true });
    expect(s.permissions.map((p) => [p.atExchange, p.rights.length])).toEqual([
      [0, 0],
      [3, 4],
    ]);
    expect(s.permissions[1]!.rights).toContain('ms-Exch-Bypass-Anti-Spam');
  });

  it('follows a #Fields line that orders the columns differently', () => {
    const text = '#Fields: connector-id,date-time,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\nHUB01\\X,2026-11-02T10:00:00.000Z,1,0,10.0.0.10:25,10.0.0.1:1,+,,';
    expect(parseProtocolLogs([{ name: 'a.log', text }]).sessions[0]!.connector).toBe('X');
  });

  it('splits RFC 4180 fields: doubled quotes, commas inside quotes, empty trailing field', () => {
    expect(splitCsvLine('a,"b, ""c""",')).toEqual(['a', 'b, "c"', '']);
    expect(splitCsvLine('a,"open')).toBeNull();
  });
});

describe('bad input is counted and labelled, never fatal', () => {
  const records: LogRecord[] = [];
  const read = (text: string, chunk = text.length) => {
    records.length = 0;
    const reader = new ProtocolLogReader('upload.log', (r) => records.push(r));
    for (let i = 0; i < text.length; i += chunk) reader.push(text.slice(i, i + chunk));
    return reader.end();
  };

  it('a non-log file yields no record and names the first lines it could not read', () => {
    const report = read('Name,Value\nfoo,bar\n');
    expect(report.records).toBe(0);
    expect(report.unreadable).toBe(2);
    expect(report.examples[0]).toMatchObject({ file: 'upload.log', line: 1 });
  });

  it('binary garbage is unreadable lines, bounded in length', () => {
    const garbage = Array.from({ length: 70_000 }, (_, i) => String.fromCharCode((i * 7919) % 65_000)).join('').replace(/\n/g, '');
    const report = read(garbage, 4096);
    expect(report.records).toBe(0);
    expect(report.unreadable).toBeGreaterThan(0);
    expect(report.examples[0]!.reason).toMatch(/longer than/);
  });

  it('truncated lines and unknown event symbols are reported with line numbers; the good lines still count', () => {
    const good = '2026-11-02T10:00:00.000Z,HUB01\\D,1,0,10.0.0.10:25,10.0.0.1:1,+,,';
    const report = read([good, '2026-11-02T10:00:00.000Z,HUB01\\D,1,1,10.0.0.10:25', '2026-11-02T10:00:00.000Z,HUB01\\D,1,2,10.0.0.10:25,10.0.0.1:1,?,x,', '2026-11-02T10:00:00.000Z,HUB01\\D,1,3,10.0.0.10:25,10.0.0.1:1,>,"220 cut'].join('\n'), 7);
    expect(report.records).toBe(1);
    expect(report.examples.map((e) => [e.line, e.reason])).toEqual([
      [2, expect.stringMatching(/truncated/)],
      [3, 'unknown event "?" (expected + - > < *)'],
      [4, expect.stringMatching(/not closed/)],
    ]);
  });
});
