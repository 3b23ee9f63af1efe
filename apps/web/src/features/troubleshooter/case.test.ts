import { describe, expect, it } from 'vitest';
import type { SimulateResult } from '@cc/connector-engine';
import { EMPTY_CASE, adminHandOff, caseFromParams, caseProblems, caseToParams, toSimulateRequest, type RelayCase } from './case.ts';
import { compareBounce, comparisonSentence, parseReply } from './reply-compare.ts';
import { checkIp } from './ip-check.ts';

const seedCase: RelayCase = {
  server: 'HUB01',
  localEndpoint: '10.0.0.11:25',
  remoteIp: '10.0.0.50',
  tls: true,
  signIn: { kind: 'user', name: 'CONTOSO\\alice' },
  helo: 'crm01.contoso.com',
  mailFrom: 'crm@contoso.com',
  rcptTo: ['x@external.net', 'alice@contoso.com'],
  messageSize: 2_097_152,
  expectedReply: '550 5.7.1 Unable to relay',
  certificate: null,
  headers: [],
};

describe('the case in the URL', () => {
  it('round-trips every field through the query string', () => {
    const text = caseToParams(seedCase).toString();
    expect(caseFromParams(new URLSearchParams(text))).toEqual(seedCase);
  });

  it('keeps links short: defaults and empty values are left out', () => {
    const params = caseToParams({ ...EMPTY_CASE, server: 'HUB01', localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50', rcptTo: ['x@external.net'] });
    expect(params.toString()).toBe('server=HUB01&endpoint=10.0.0.10%3A25&ip=10.0.0.50&rcpt=x%40external.net');
  });

  it('round-trips IPv6 endpoints, the null sender and Exchange Server authentication', () => {
    const c: RelayCase = { ...EMPTY_CASE, server: 'HUB01', localEndpoint: '[2001:db8::10]:25', remoteIp: '2001:db8::50', signIn: { kind: 'exchangeServer' }, rcptTo: ['a@b.example'] };
    expect(caseFromParams(caseToParams(c))).toEqual(c);
  });

  it('reads no case from an empty or unrelated query string, and ignores a malformed size', () => {
    expect(caseFromParams(new URLSearchParams(''))).toBeNull();
    expect(caseFromParams(new URLSearchParams('tab=x'))).toBeNull();
    expect(caseFromParams(new URLSearchParams('server=HUB01&size=12ab'))?.messageSize).toBeNull();
  });

  it('builds the POST /api/simulate body, with an address literal when HELO is blank', () => {
    expect(toSimulateRequest(seedCase)).toEqual({
      server: 'HUB01',
      localEndpoint: '10.0.0.11:25',
      remoteIp: '10.0.0.50',
      tls: true,
      helo: 'crm01.contoso.com',
      mailFrom: 'crm@contoso.com',
      rcptTo: ['x@external.net', 'alice@contoso.com'],
      authUser: 'CONTOSO\\alice',
      declaredSize: 2_097_152,
      messageSizeBytes: 2_097_152,
    });
    const anonymous = toSimulateRequest({ ...EMPTY_CASE, server: 'HUB01', localEndpoint: '10.0.0.10:25', remoteIp: ' 10.0.0.50 ', rcptTo: ['x@external.net', ' '] });
    expect(anonymous).toEqual({ server: 'HUB01', localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50', tls: false, helo: '[10.0.0.50]', mailFrom: '', rcptTo: ['x@external.net'] });
  });

  it('says what is missing before a case can run', () => {
    expect(Object.keys(caseProblems(EMPTY_CASE, checkIp)).sort()).toEqual(['localEndpoint', 'rcptTo', 'remoteIp', 'server']);
    expect(caseProblems(seedCase, checkIp)).toEqual({});
  });

  it("refuses a client IP the engine's parser refuses, and over-long values, in plain words", () => {
    const problems = caseProblems({ ...seedCase, remoteIp: '10.0.0.500', helo: 'h'.repeat(5120) }, checkIp);
    expect(problems.remoteIp).toBe('10.0.0.500 is not an IP address: octet 500 is greater than 255. Enter one such as 10.0.0.50 or 2001:db8::50.');
    expect(problems.helo).toBe('The HELO/EHLO name is too long: at most 255 characters (this one has 5,120).');
    expect(caseProblems({ ...seedCase, remoteIp: '2001:db8::50' }, checkIp)).toEqual({});
  });
});

describe('comparing with the bounce', () => {
  const transcript = [
    { client: null, server: '220 hub01.contoso.com Microsoft ESMTP MAIL Service ready' },
    { client: 'RCPT TO:<x@external.net>', server: '550 5.7.1 Unable to relay' },
  ];
  it('reproduces only with the same code, enhanced code and words', () => {
    expect(parseReply('#550 5.7.1 Unable to relay')).toEqual({ basic: '550', enhanced: '5.7.1', text: 'Unable to relay' });
    expect(compareBounce('550 5.7.1 Unable to relay.', transcript)).toEqual({ kind: 'same', reply: '550 5.7.1 Unable to relay' });
    expect(compareBounce('530 5.7.1 Client was not authenticated', transcript)).toEqual({ kind: 'different', reply: '550 5.7.1 Unable to relay' });
    expect(compareBounce('550 5.7.1 Relay denied', transcript).kind).toBe('different');
    expect(compareBounce('', transcript)).toEqual({ kind: 'unreadable' });
  });

  it('says "same refusal, different server version" for Exchange 2003 and 2013+ wordings', () => {
    const old = compareBounce('550 5.7.1 Unable to relay for customer@fabrikam.com', transcript);
    expect(old.kind).toBe('otherVersion');
    expect(comparisonSentence('550 5.7.1 Unable to relay for customer@fabrikam.com', old)).toMatch(/^Same refusal, different server version: /);
    expect(compareBounce('550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain', transcript).kind).toBe('otherVersion');
  });

  it('calls a code-less quote a partial agreement, never a reproduction', () => {
    const partial = compareBounce('5.7.1 Unable to relay', transcript);
    expect(partial).toEqual({ kind: 'partial', reply: '550 5.7.1 Unable to relay', missing: 'the SMTP code' });
    expect(comparisonSentence('5.7.1 Unable to relay', partial)).not.toMatch(/reproduces/);
  });

  it('hands the admin the case, the verdict and the shell commands', () => {
    const result = {
      connector: { id: 'c1', name: 'Internet HUB01' },
      verdict: 'Rejected by Internet HUB01: 550 5.7.1 Unable to relay.',
      explanation: 'x@external.net is outside every accepted domain.',
      fixes: [{ kind: 'option2', title: 'Option 2', grants: ['ms-Exch-SMTP-Accept-Any-Recipient'], tradeoff: 'Least privilege.', shell: 'New-ReceiveConnector …\nAdd-ADPermission …' }],
      transcript,
    } as unknown as SimulateResult;
    const text = adminHandOff(seedCase, result, 'https://console/troubleshoot?server=HUB01');
    expect(text).toContain('Client 10.0.0.50 connects to 10.0.0.11:25 and starts TLS, signs in as CONTOSO\\alice.');
    expect(text).toMatch(/^Relay case: a simulation of the stored configuration .*not a live test/);
    expect(text).toContain('Simulated verdict: Rejected by Internet HUB01: 550 5.7.1 Unable to relay.');
    expect(text).toContain('   New-ReceiveConnector …\n   Add-ADPermission …');
    expect(text).toContain('Case link: https://console/troubleshoot?server=HUB01');
  });
});
