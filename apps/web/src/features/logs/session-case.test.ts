import { describe, expect, it } from 'vitest';
import type { LogSession } from '@cc/api-contract';
import { caseFromParams } from '../troubleshooter/case.ts';
import { decodeDraftParam } from '../wizard/link.ts';
import { rateText, scopedRelayHref, troubleshooterHref } from './session-case.ts';

const session: LogSession = {
  id: 's1',
  uploadId: 'u1',
  server: 'HUB01',
  sessionId: '08DE1A0000000000',
  connector: 'Internet HUB01',
  start: '2026-11-02T08:00:00.000Z',
  end: '2026-11-02T08:00:00.020Z',
  localEndpoint: '10.0.0.11:25',
  remoteEndpoint: '10.0.0.50:40000',
  remoteIp: '10.0.0.50',
  tls: true,
  account: 'CONTOSO\\crm-app',
  helo: 'crm.contoso.com',
  mailFrom: 'crm@contoso.com',
  rcptTo: ['partner@external.net'],
  replyCodes: ['220', '250', '550 5.7.1'],
  outcome: 'relay refused',
  verdict: 'agrees',
  note: null,
};

describe('from a logged session', () => {
  it('opens the troubleshooter with the same case and the refusal to compare', () => {
    const url = new URL(troubleshooterHref(session, '550 5.7.1 Unable to relay'), 'http://console');
    expect(url.pathname).toBe('/troubleshoot');
    expect(caseFromParams(url.searchParams)).toMatchObject({
      server: 'HUB01',
      localEndpoint: '10.0.0.11:25',
      remoteIp: '10.0.0.50',
      tls: true,
      signIn: { kind: 'user', name: 'CONTOSO\\crm-app' },
      helo: 'crm.contoso.com',
      mailFrom: 'crm@contoso.com',
      rcptTo: ['partner@external.net'],
      expectedReply: '550 5.7.1 Unable to relay',
    });
  });

  it('opens the wizard with a relay connector scoped to the addresses that really relayed', () => {
    const url = new URL(scopedRelayHref('HUB01\\AppRelay', [{ remoteIp: '10.0.0.50' }, { remoteIp: '10.0.0.51' }]), 'http://console');
    expect(url.pathname).toBe('/connectors/new');
    expect(url.searchParams.get('relay')).toBe('option2');
    expect(decodeDraftParam(url.searchParams.get('draft')!)).toMatchObject({ server: 'HUB01', name: 'AppRelay (scoped)', remoteIPRanges: ['10.0.0.50', '10.0.0.51'], permissionGroups: ['AnonymousUsers'] });
  });

  it('shows the agreement rate as a percentage, a dash when nothing was comparable', () => {
    expect([rateText(1), rateText(0.25), rateText(2 / 3), rateText(null)]).toEqual(['100%', '25%', '66.7%', '—']);
  });
});
