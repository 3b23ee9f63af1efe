import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hubWith, type ConnectorSpec } from '../testing/fixture.ts';
import { RECEIVE_RIGHTS } from '../model/rights.ts';
import { ANONYMOUS_LOGON, AUTHENTICATED_USERS, EXTERNALLY_SECURED_SERVERS } from '../model/principals.ts';
import { simulate } from './simulate.ts';

/**
 * For random connectors (authentication, permission groups, extra allow/deny entries) and random sessions
 * (anonymous or signed in), the message part agrees with the session's rights at end of data.
 */

const ALWAYS = ['ms-Exch-SMTP-Submit'];
const VARIABLE = RECEIVE_RIGHTS.filter((r) => !ALWAYS.includes(r));
const principals = [ANONYMOUS_LOGON, AUTHENTICATED_USERS, EXTERNALLY_SECURED_SERVERS, 'CONTOSO\\alice', 'CONTOSO\\Sales'];
const HEADERS = ['Received: from a', 'Resent-Date: x', 'X-MS-Exchange-Organization-SCL: -1', 'X-MS-Exchange-Forest-Hops: 1', 'Subject: s'];

const connectorSpec = fc
  .record({
    auth: fc.constantFrom<ConnectorSpec['authMechanism']>(['Tls'], ['Tls', 'BasicAuth'], ['ExternalAuthoritative']),
    groups: fc.subarray(['AnonymousUsers', 'ExchangeUsers', 'ExchangeServers', 'Partners'] as const),
    extra: fc.array(
      fc.record({ user: fc.constantFrom(...principals), rights: fc.subarray(VARIABLE, { minLength: 1 }), deny: fc.boolean() }),
      { maxLength: 6 },
    ),
  })
  .map(({ auth, groups, extra }): ConnectorSpec => ({
    name: 'Prop',
    bindings: ['0.0.0.0:25'],
    remoteIPRanges: ['192.0.2.99'],
    authMechanism: auth,
    // ExternalAuthoritative needs the Exchange servers group (§3.1).
    permissionGroups: auth?.includes('ExternalAuthoritative') ? [...new Set([...groups, 'ExchangeServers' as const])] : [...groups],
    // Submit always holds, so most runs reach the message part.
    extra: [{ user: ANONYMOUS_LOGON, rights: ALWAYS }, { user: AUTHENTICATED_USERS, rights: ALWAYS }, { user: EXTERNALLY_SECURED_SERVERS, rights: ALWAYS }, ...extra],
  }));

const session = fc.record({ signIn: fc.boolean(), auth: fc.constantFrom<string | null>(null, '<>', 'alice@contoso.com') });

function runCase(spec: ConnectorSpec, s: { signIn: boolean; auth: string | null }) {
  const ctx = hubWith(spec);
  const mail = `MAIL FROM:<>${s.auth ? ` AUTH=${s.auth}` : ''}`;
  const signIn = s.signIn && spec.authMechanism?.includes('BasicAuth') ? ['STARTTLS', 'EHLO app', 'AUTH LOGIN'] : [];
  return simulate(
    ctx,
    {
      server: 'HUB01',
      localEndpoint: '10.0.0.10:25',
      remoteIp: '192.0.2.99',
      tls: false,
      authUser: 'CONTOSO\\alice',
      helo: 'app',
      mailFrom: '',
      rcptTo: ['bob@contoso.com'],
      headers: HEADERS,
      script: ['EHLO app', ...signIn, mail, 'RCPT TO:<bob@contoso.com>', 'DATA', '.', 'QUIT'],
    },
    { now: new Date('2026-11-29T10:00:00Z') },
  );
}

describe('message part properties', () => {
  it('a header is kept ⇔ the session holds its deciding right (ordinary headers always kept)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(connectorSpec, session, (spec, s) => {
        const r = runCase(spec, s);
        if (!r.message) return;
        accepted++;
        const granted = new Set(r.rights.filter((d) => d.granted).map((d) => d.right));
        expect(r.message.headers).toHaveLength(HEADERS.length);
        for (const h of r.message.headers) expect(h.kept).toBe(h.decidedBy === null || granted.has(h.decidedBy));
      }),
      { numRuns: 200 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it('treated as authenticated ⇔ the flag right holds or the session authenticated; AUTH= honoured ⇔ the flag right holds', () => {
    fc.assert(
      fc.property(connectorSpec, session, (spec, s) => {
        const r = runCase(spec, s);
        if (!r.message) return;
        const flag = r.rights.some((d) => d.right === 'ms-Exch-SMTP-Accept-Authentication-Flag' && d.granted);
        const signedIn = r.identity === 'CONTOSO\\alice';
        expect(r.message.treatedAsAuthenticated).toBe(flag || signedIn);
        expect(r.message.authParameterHonoured).toBe(s.auth === null ? null : flag);
        expect(r.message.antiSpamBypassed).toBe(r.rights.some((d) => d.right === 'ms-Exch-Bypass-Anti-Spam' && d.granted));
        expect(r.message.sizeLimitBypassed).toBe(r.rights.some((d) => d.right === 'ms-Exch-Bypass-Message-Size-Limit' && d.granted));
      }),
      { numRuns: 200 },
    );
  });
});
