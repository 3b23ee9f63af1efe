import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, type SimulateRequest } from '@cc/connector-engine';
import { serverContextOf } from '../organisation/document.ts';
import { organisationArbitrary } from '../testing/random-organisation.ts';
import { parseProtocolLogs } from './parse.ts';
import { protocolLogHeader, renderSessionLines } from './render-session.ts';
import { replaySession } from './replay.ts';

const caseArbitrary = fc.record({
  server: fc.nat(),
  connector: fc.nat(),
  inRange: fc.boolean(),
  host: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })),
  tls: fc.boolean(),
  auth: fc.constantFrom(undefined, 'CONTOSO\\crm-app', 'CONTOSO\\nobody'),
  mailFrom: fc.constantFrom('crm@contoso.com', 'someone@fabrikam.com', 'spoof@tailspintoys.com', 'app@outside.example', ''),
  rcptTo: fc.array(fc.constantFrom('alice@contoso.com', 'bob@fabrikam.com', 'x@sub.contoso.com', 'victim@elsewhere.example'), { minLength: 1, maxLength: 4 }),
});

describe('simulate → render as a protocol log → parse → replay', () => {
  it('agrees on every comparable session of random organisations (connector, rights, every reply)', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(organisationArbitrary, fc.array(caseArbitrary, { minLength: 1, maxLength: 6 }), (doc, cases) => {
        const lines: string[] = [];
        const start = new Date('2026-11-02T10:00:00.000Z');
        cases.forEach((c, n) => {
          const server = doc.servers[c.server % doc.servers.length]!;
          const connectors = doc.connectors.filter((x) => x.server === server.name);
          if (connectors.length === 0) return;
          const connector = connectors[c.connector % connectors.length]!;
          const [network, length] = connector.remoteIPRanges[0]!.split('/');
          const [a, b] = network!.split('.');
          // Inside the connector's first range (its network address when the range is narrow), or a neighbour of it.
          const remoteIp = c.inRange ? `${a}.${b}.0.${Number(length) >= 24 ? 0 : c.host[1]}` : `${a}.${c.host[0]}.9.${c.host[1]}`;
          const request: SimulateRequest = {
            server: server.name,
            localEndpoint: `${server.ipAddresses[0]}:${connector.bindings[0]!.split(':').pop()}`,
            remoteIp,
            tls: c.tls,
            ...(c.auth ? { authUser: c.auth } : {}),
            helo: 'client.example',
            mailFrom: c.mailFrom,
            rcptTo: c.rcptTo,
          };
          const sessionStart = new Date(start.getTime() + n * 1000);
          const result = simulate(serverContextOf(doc, server), request, { now: sessionStart });
          lines.push(
            ...renderSessionLines(result, {
              server: server.name,
              sessionId: (0x08de1a0000000000n + BigInt(n)).toString(16).toUpperCase().padStart(16, '0'),
              start: sessionStart,
              localEndpoint: request.localEndpoint,
              remoteEndpoint: `${remoteIp}:${40000 + n}`,
              ...(c.auth && result.transcript.some((t) => t.client?.startsWith('AUTH') && t.server.startsWith('235')) ? { account: c.auth } : {}),
            }),
          );
        });
        const { sessions, reports } = parseProtocolLogs([{ name: 'RECV20261102-1.LOG', text: [...protocolLogHeader(start), ...lines].join('\r\n') }]);
        expect(reports[0]!.unreadable).toBe(0);
        for (const session of sessions) {
          const server = doc.servers.find((s) => s.name === session.server)!;
          const replay = replaySession(session, { ctx: serverContextOf(doc, server) });
          expect(replay.differences).toEqual([]);
          expect(replay.verdict).toBe('agrees');
          seen.set(session.outcome, (seen.get(session.outcome) ?? 0) + 1);
          if (session.account) seen.set('authenticated', (seen.get('authenticated') ?? 0) + 1);
        }
      }),
      { numRuns: 100 },
    );
    // Not vacuous: the runs covered refusals, queued mail and signed-in sessions.
    for (const kind of ['relay refused', 'accepted', 'authenticated']) expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(0);
  });
});
