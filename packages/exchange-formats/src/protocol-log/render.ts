import type { OrganisationDocument } from '@cc/api-contract';
import { ConnectorIndex, nameKey, simulate, type SimulateRequest } from '@cc/connector-engine';
import { serverContextOf } from '../organisation/document.ts';
import { protocolLogHeader, renderSessionLines } from './render-session.ts';

/**
 * A whole RECV log for an organisation and a list of cases, one session a second from `start` (what the
 * tests, the benchmark and the e2e upload use as "what the server wrote").
 */
export function renderProtocolLog(doc: OrganisationDocument, cases: readonly SimulateRequest[], start: Date): string {
  const contexts = new Map(doc.servers.map((s) => [nameKey(s.name), serverContextOf(doc, s)]));
  const indexes = new Map([...contexts].map(([k, ctx]) => [k, ConnectorIndex.build(ctx.connectors)]));
  const lines = cases.flatMap((request, i) => {
    const key = nameKey(request.server);
    const ctx = contexts.get(key);
    if (!ctx) return [];
    const at = new Date(start.getTime() + i * 1000);
    const result = simulate(ctx, request, { now: at, index: indexes.get(key)! });
    const signedIn = request.authUser !== undefined && result.transcript.some((t) => /^AUTH/i.test(t.client ?? '') && t.server.startsWith('235'));
    return renderSessionLines(result, {
      server: ctx.server.name,
      sessionId: (0x08de1a0000000000n + BigInt(i)).toString(16).toUpperCase().padStart(16, '0'),
      start: at,
      localEndpoint: request.localEndpoint,
      remoteEndpoint: `${request.remoteIp.includes(':') ? `[${request.remoteIp}]` : request.remoteIp}:${40000 + (i % 20000)}`,
      ...(signedIn ? { account: request.authUser! } : {}),
    });
  });
  return [...protocolLogHeader(start), ...lines].join('\r\n') + '\r\n';
}
