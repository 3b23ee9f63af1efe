import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SimulateRequest } from '@cc/connector-engine';
import type { OrganisationDocument } from '@cc/api-contract';
import { serverContextOf } from '../organisation/document.ts';
import { logOrganisation } from '../testing/log-organisation.ts';
import { parseProtocolLogs } from './parse.ts';
import { renderProtocolLog } from './render.ts';
import { ReplayTally, replaySession, replyStatus } from './replay.ts';

const START = new Date('2026-11-02T10:00:00.000Z');
const base = { server: 'HUB01', tls: false, helo: 'client.example' };
const CASES: Omit<SimulateRequest, 'server' | 'tls' | 'helo'>[] = [
  { localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50', mailFrom: 'app@contoso.com', rcptTo: ['partner@elsewhere.example'] },
  { localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.77', mailFrom: 'printer@contoso.com', rcptTo: ['alice@contoso.com'] },
  { localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50', mailFrom: 'app@contoso.com', rcptTo: ['alice@contoso.com'] },
  { localEndpoint: '10.0.0.11:25', remoteIp: '198.51.100.7', mailFrom: 'spam@spam.example', rcptTo: ['victim@elsewhere.example'] },
];

/** The log HUB01 writes for the cases on a configuration. */
const logOf = (doc: OrganisationDocument) => renderProtocolLog(doc, CASES.map((c) => ({ ...base, ...c })), START);

function replayAll(text: string, doc: OrganisationDocument) {
  const { sessions } = parseProtocolLogs([{ name: 'RECV20261102-1.LOG', text }], { isRelayRecipient: (a) => !/@(contoso|fabrikam|tailspin)\.com$/i.test(a) });
  const ctx = serverContextOf(doc, doc.servers[0]!);
  return sessions.map((s) => ({ session: s, replay: replaySession(s, s.server === 'HUB01' ? { ctx } : null) }));
}

describe('replaying a log against the stored configuration', () => {
  it('a log written by the configuration agrees 100%, and reads as relayed / accepted / relay refused', () => {
    const doc = logOrganisation();
    const results = replayAll(logOf(doc), doc);
    expect(results.map((r) => [r.session.connector, r.session.outcome, r.replay.verdict])).toEqual([
      ['AppRelay', 'relayed', 'agrees'],
      ['Default HUB01', 'submission refused', 'agrees'],
      ['AppRelay', 'accepted', 'agrees'],
      ['Internet HUB01', 'relay refused', 'agrees'],
    ]);
  });

  it('a configuration changed after the log was written is drift on exactly the affected sessions', () => {
    const before = logOrganisation();
    const log = logOf(before);
    const after = logOrganisation();
    const appRelay = after.connectors.find((c) => c.name === 'AppRelay')!;
    appRelay.permissions = appRelay.permissions.filter((p) => !p.extendedRights.includes('ms-Exch-SMTP-Accept-Any-Recipient'));
    const results = replayAll(log, after);
    expect(results.map((r) => r.replay.verdict)).toEqual(['differs', 'agrees', 'differs', 'agrees']);
    const relayed = results[0]!.replay;
    expect(relayed.differences.map((d) => d.cause)).toEqual(['rights', 'reply']);
    expect(relayed.differences[0]!.explanation).toBe(
      'The log grants SMTPAcceptAnyRecipient to the sessions at connect (anonymous or externally secured) on HUB01\\AppRelay, the console does not — an entry (ms-Exch-SMTP-Accept-Any-Recipient) is missing here.',
    );
    expect(relayed.differences[1]).toMatchObject({
      logged: { command: 'RCPT TO:<partner@elsewhere.example>', reply: '250 2.1.5 Recipient OK' },
      replayed: { command: 'RCPT TO:<partner@elsewhere.example>', reply: '550 5.7.1 Unable to relay' },
    });
    const tally = new ReplayTally();
    results.forEach((r) => tally.add(r.replay));
    const summary = tally.summary();
    expect(summary).toMatchObject({ sessions: 4, comparable: 4, agreeing: 2, agreementRate: 0.5 });
    expect(summary.groups[0]).toMatchObject({ cause: 'rights', sessions: 2 });
  });

  it('a connector deleted from the console: "import the configuration again"; an unknown server is not comparable', () => {
    const doc = logOrganisation();
    const log = logOf(doc);
    doc.connectors = doc.connectors.filter((c) => c.name !== 'Internet HUB01');
    const results = replayAll(log.replaceAll('HUB01\\Default HUB01', 'HUB02\\Default HUB02'), doc);
    expect(results[1]!.replay).toMatchObject({ verdict: 'not comparable', reason: 'The server HUB02 is not in the console — import its configuration.' });
    expect(results[3]!.replay.differences[0]!.explanation).toBe("The log's connector HUB01\\Internet HUB01 does not exist in the console — import the configuration again.");
  });

  it('the published 2010 sample (P02) replays on a Default connector that offers only NTLM: AUTH LOGIN refused alike', () => {
    const doc = logOrganisation();
    doc.servers[0]!.name = 'EX';
    for (const c of doc.connectors) c.server = 'EX';
    const dflt = doc.connectors.find((c) => c.name === 'Default HUB01')!;
    dflt.name = 'Default ';
    dflt.authMechanism = ['Tls', 'Integrated'];
    const text = readFileSync(new URL('../fixtures/protocol-log/graylog-ex2010-default.log', import.meta.url), 'utf8').replaceAll('x.x.x.x', '10.0.0.10');
    const { sessions } = parseProtocolLogs([{ name: 'RECV20161214-1.LOG', text }]);
    const replay = replaySession(sessions[0]!, { ctx: serverContextOf(doc, doc.servers[0]!) });
    expect(replay.connector).toBe('Default ');
    // The 2010 Default connector grants anonymous sessions the four AnonymousUsers rights (the log); the
    // 2007 install default has no AnonymousUsers, so the console tells the difference.
    expect(replay.differences.map((d) => d.cause)).toEqual(['rights', 'rights', 'rights', 'rights']);
    expect(replay.differences.some((d) => d.cause === 'reply')).toBe(false);
  });

  it('compares reply codes with their enhanced status code', () => {
    expect(replyStatus('550 5.7.1 Unable to relay')).toBe('550 5.7.1');
    expect(replyStatus('250 CHUNKING')).toBe('250');
    expect(replyStatus('250-SIZE 10485760')).toBe('250');
  });
});
