import type { LogSession } from '@cc/api-contract';
import { EMPTY_CASE, caseToParams, type RelayCase } from '../troubleshooter/case.ts';
import { newConnectorWizardHref } from '../wizard/link.ts';

/** The troubleshooter's case for a logged session: same server, endpoints, TLS, account, HELO and envelope. */
export function caseOfSession(session: LogSession, refusal: string | null): RelayCase {
  return {
    ...EMPTY_CASE,
    server: session.server,
    localEndpoint: session.localEndpoint,
    remoteIp: session.remoteIp,
    tls: session.tls,
    signIn: session.account ? { kind: 'user', name: session.account } : { kind: 'none' },
    helo: session.helo ?? '',
    mailFrom: session.mailFrom ?? '',
    rcptTo: session.rcptTo,
    expectedReply: refusal ?? '',
  };
}

export const troubleshooterHref = (session: LogSession, refusal: string | null): string => `/troubleshoot?${caseToParams(caseOfSession(session, refusal)).toString()}`;

/** Percentages as the uploads list shows them; "—" when nothing could be compared. */
export const rateText = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** The wizard pre-filled with an anonymous relay connector (Option 2) scoped to the addresses that really relayed. */
export function scopedRelayHref(connectorId: string, clients: readonly { remoteIp: string }[]): string {
  const [server, name] = [connectorId.slice(0, connectorId.indexOf('\\')), connectorId.slice(connectorId.indexOf('\\') + 1)];
  return newConnectorWizardHref(
    { server, name: `${name} (scoped)`, usage: 'Custom', remoteIPRanges: clients.map((c) => c.remoteIp), authMechanism: ['Tls'], permissionGroups: ['AnonymousUsers'] },
    'option2',
  );
}
