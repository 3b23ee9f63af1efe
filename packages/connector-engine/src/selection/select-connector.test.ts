import { describe, expect, it } from 'vitest';
import { ConnectorIndex } from './connector-index.ts';
import {
  appRelay,
  clientHub01,
  defaultHub01,
  defaults,
  internetHub01,
  lanRelay,
  odd,
  printerExtSec,
  v6Relay,
} from './scenario-fixtures.ts';
import { FULL_DETAIL_MAX_CONNECTORS } from './explain.ts';
import { selectConnector } from './select-connector.ts';
import type { SelectableConnector, SelectionInput, SelectionResult } from './types.ts';

function select(connectors: SelectableConnector[], localEndpoint: string, remoteIp: string): SelectionResult {
  const input: SelectionInput = { localEndpoint, remoteIp };
  const result = selectConnector(connectors, input);
  if (!result.ok) throw new Error(result.error);
  // The same answer with a prebuilt index.
  const withIndex = selectConnector(connectors, input, ConnectorIndex.build(connectors));
  expect(withIndex).toEqual(result);
  return result.value;
}

function verdict(result: SelectionResult, name: string) {
  const found = result.candidates.find((c) => c.name === name);
  if (!found) throw new Error(`no verdict for ${name}`);
  return found;
}

const s01Connectors = [defaultHub01, lanRelay, appRelay];

describe('connector selection — scenarios S01–S09', () => {
  it('S01: the single-host range wins', () => {
    const result = select(s01Connectors, '10.0.0.10:25', '10.0.0.50');
    expect(result.connector?.name).toBe('AppRelay');
    expect(result.matchedRange).toBe('10.0.0.50');
    expect(result.listening).toBe(true);
    expect(verdict(result, 'AppRelay')).toMatchObject({ outcome: 'selected', rangeSize: '1' });
    expect(verdict(result, 'LAN Relay')).toMatchObject({ outcome: 'lost', matchingRange: '10.0.0.0/24', rangeSize: '256' });
    expect(verdict(result, 'LAN Relay').reason).toContain('10.0.0.0/24 (256 addresses) is larger than AppRelay');
    expect(verdict(result, 'Default HUB01').reason).toContain('(4,294,967,296 addresses)');
    expect(result.explanation).toContain('AppRelay handles 10.0.0.50 → 10.0.0.10:25');
  });

  it('S02: the /24 wins for a LAN host', () => {
    const result = select(s01Connectors, '10.0.0.10:25', '10.0.0.77');
    expect(result.connector?.name).toBe('LAN Relay');
    expect(result.matchedRange).toBe('10.0.0.0/24');
    expect(verdict(result, 'AppRelay').reason).toBe('none of its IPv4 remote ranges contains 10.0.0.77');
  });

  it('S03: an Internet host falls through to Default HUB01', () => {
    const result = select(s01Connectors, '10.0.0.10:25', '198.51.100.7');
    expect(result.connector?.name).toBe('Default HUB01');
    expect(result.matchedRange).toBe('0.0.0.0-255.255.255.255');
  });

  it('S04 A: the exact-IP binding wins a tie with the wildcard binding', () => {
    const result = select([defaultHub01, internetHub01], '10.0.0.11:25', '198.51.100.7');
    expect(result.connector?.name).toBe('Internet HUB01');
    expect(verdict(result, 'Default HUB01').reason).toContain('ties go to the exact-IP binding');
    expect(verdict(result, 'Internet HUB01').reason).toContain('exact-IP binding 10.0.0.11:25');
    expect(result.explanation).toContain('ties go to the exact-IP binding');
  });

  it('S04 B: only the wildcard connector listens on .10', () => {
    const result = select([defaultHub01, internetHub01], '10.0.0.10:25', '198.51.100.7');
    expect(result.connector?.name).toBe('Default HUB01');
    expect(verdict(result, 'Internet HUB01').reason).toBe('not listening on 10.0.0.10:25 (its bindings: 10.0.0.11:25)');
  });

  it('S05: a strictly smaller range on a wildcard binding beats an exact-IP binding', () => {
    const result = select([internetHub01, appRelay], '10.0.0.11:25', '10.0.0.50');
    expect(result.connector?.name).toBe('AppRelay');
    const lost = verdict(result, 'Internet HUB01');
    expect(lost.reason).toContain('strictly smaller');
    expect(lost.reason).toContain('wildcard binding 0.0.0.0:25');
    expect(result.explanation).toContain('It beats Internet HUB01');
  });

  it('S06: port 587 picks Client HUB01', () => {
    const result = select(defaults, '10.0.0.10:587', '10.0.0.77');
    expect(result.connector?.name).toBe('Client HUB01');
    expect(verdict(result, 'Default HUB01').reason).toContain('not listening on 10.0.0.10:587');
  });

  it('S07: nothing binds port 2525, so the TCP connection is refused', () => {
    const result = select(defaults, '10.0.0.10:2525', '10.0.0.77');
    expect(result).toMatchObject({ connector: null, matchedRange: null, listening: false });
    expect(result.explanation).toContain('TCP connection is refused');
    expect(result.candidates.every((c) => c.outcome === 'lost' && c.reason.startsWith('not listening'))).toBe(true);
  });

  it('S08 A: an IPv6 client is matched by the IPv6-only connector', () => {
    const result = select([...defaults, v6Relay], '[2001:db8::10]:25', '2001:db8:1::25');
    expect(result.connector?.name).toBe('V6 Relay');
    expect(result.matchedRange).toBe('2001:db8:1::/48');
    expect(verdict(result, 'V6 Relay').rangeSize).toBe((2n ** 80n).toString());
    expect(verdict(result, 'Default HUB01').reason).toContain('not listening on [2001:db8::10]:25');
  });

  it('S08 B: listening, but no connector range contains the client', () => {
    const result = select([...defaults, v6Relay], '[2001:db8::10]:25', '2001:db8:2::9');
    expect(result).toMatchObject({ connector: null, matchedRange: null, listening: true });
    expect(verdict(result, 'V6 Relay').reason).toBe('none of its IPv6 remote ranges contains 2001:db8:2::9');
    expect(result.explanation).toContain('not verified');
  });

  it('S09: an IPv4 client ignores a connector whose ranges are IPv6 only', () => {
    const result = select([...defaults, odd], '10.0.0.10:25', '198.51.100.7');
    expect(result.connector?.name).toBe('Default HUB01');
    expect(verdict(result, 'Odd').reason).toContain('has no IPv4 remote ranges');
  });
});

describe('connector selection — other rules', () => {
  it('treats an IPv4-mapped client address as IPv4', () => {
    const result = selectConnector(s01Connectors, { localEndpoint: '10.0.0.10:25', remoteIp: '::ffff:10.0.0.50' });
    expect(result.ok && result.value.connector?.name).toBe('AppRelay');
    expect(result.ok && result.warnings[0]).toContain('IPv4-mapped');
  });

  it('leaves disabled connectors out and says so', () => {
    const disabledApp = { ...appRelay, enabled: false };
    const result = select([defaultHub01, lanRelay, disabledApp], '10.0.0.10:25', '10.0.0.50');
    expect(result.connector?.name).toBe('LAN Relay');
    expect(verdict(result, 'AppRelay').reason).toContain('disabled');
    expect(verdict(result, 'AppRelay').matchingRange).toBeUndefined();
  });

  it('a disabled connector alone does not make the port listen', () => {
    const result = select([{ ...clientHub01, enabled: false }], '10.0.0.10:587', '10.0.0.77');
    expect(result.listening).toBe(false);
  });

  it('a tie within one binding goes to the connector registered first', () => {
    const twin = { ...lanRelay, id: 'lan-relay-2', name: 'LAN Relay 2', remoteIPRanges: ['10.0.0.0-10.0.0.255'] };
    const result = select([defaultHub01, lanRelay, twin, printerExtSec], '10.0.0.10:25', '10.0.0.77');
    expect(result.connector?.name).toBe('LAN Relay');
    expect(verdict(result, 'LAN Relay 2').reason).toContain('LAN Relay was registered first');
  });

  it('skips unparsable stored bindings and ranges instead of throwing', () => {
    const broken = { ...appRelay, bindings: ['0.0.0.0:25', 'garbage'], remoteIPRanges: ['10.0.0.300', '10.0.0.50'] };
    const result = select([defaultHub01, broken], '10.0.0.10:25', '10.0.0.50');
    expect(result.connector?.name).toBe('AppRelay');
  });

  it('refuses an invalid endpoint or client address with a message', () => {
    expect(selectConnector(defaults, { localEndpoint: '10.0.0.10', remoteIp: '10.0.0.1' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('local endpoint'),
    });
    expect(selectConnector(defaults, { localEndpoint: '0.0.0.0:25', remoteIp: '10.0.0.1' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('wildcard'),
    });
    expect(selectConnector(defaults, { localEndpoint: '10.0.0.10:25', remoteIp: '010.0.0.1' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('remote IP: "010.0.0.1": leading zeros'),
    });
  });

  it('gives a verdict for every connector, in connector order', () => {
    const all = [defaultHub01, clientHub01, internetHub01, lanRelay, appRelay, printerExtSec];
    const result = select(all, '10.0.0.11:25', '10.0.0.51');
    expect(result.connector?.name).toBe('Printer ExtSec');
    expect(result.candidates.map((c) => c.name)).toEqual(all.map((c) => c.name));
    expect(result.candidates.filter((c) => c.outcome === 'selected')).toHaveLength(1);
    for (const c of result.candidates) expect(c.reason.length).toBeGreaterThan(10);
  });
});

describe('connector selection — large servers are summarised', () => {
  const apps = (count: number): SelectableConnector[] =>
    Array.from({ length: count }, (_, i) => ({ id: `app-${i}`, name: `App ${i}`, enabled: true, bindings: ['0.0.0.0:25'], remoteIPRanges: [`10.1.${i}.7`] }));
  const disabledLan = { ...lanRelay, id: 'old-lan', name: 'Old LAN', enabled: false };
  const disabledElsewhere = { ...clientHub01, id: 'old-client', name: 'Old Client', enabled: false };
  const competitors = [defaultHub01, internetHub01, appRelay, disabledLan];
  const others = [clientHub01, odd, disabledElsewhere];

  it('lists the connectors that competed and counts the others by reason', () => {
    const all = [...competitors, ...others, ...apps(30)];
    const result = select(all, '10.0.0.11:25', '10.0.0.50');
    expect(result.connector?.name).toBe('AppRelay');
    expect(result.candidates.map((c) => c.name)).toEqual(['Default HUB01', 'Internet HUB01', 'AppRelay', 'Old LAN']);
    expect(verdict(result, 'Old LAN').reason).toContain('disabled');
    // The verdicts are those of the full form: each depends only on the connector and the winner.
    const full = select([...competitors, ...others], '10.0.0.11:25', '10.0.0.50');
    expect(full.candidateSummary).toEqual([]);
    expect(result.candidates).toEqual(full.candidates.filter((c) => competitors.some((k) => k.name === c.name)));
    expect(result.explanation).toBe(full.explanation);

    expect(result.candidateSummary).toEqual([
      {
        reason: 'noMatchingRange',
        endpoint: '0.0.0.0:25',
        count: 30,
        examples: ['App 0', 'App 1', 'App 2'],
        text: '30 other connectors listen on 0.0.0.0:25, but none of their IPv4 remote ranges contains 10.0.0.50 (e.g. App 0, App 1, App 2, …).',
      },
      {
        reason: 'noFamilyRanges',
        endpoint: '0.0.0.0:25',
        count: 1,
        examples: ['Odd'],
        text: '1 other connector listens on 0.0.0.0:25, but has no IPv4 remote ranges (Odd).',
      },
      { reason: 'notListening', endpoint: null, count: 1, examples: ['Client HUB01'], text: '1 connector does not listen on 10.0.0.11:25 (Client HUB01).' },
      {
        reason: 'disabled',
        endpoint: null,
        count: 1,
        examples: ['Old Client'],
        text: '1 connector is disabled and would not have matched this connection either (Old Client).',
      },
    ]);
    const counted = result.candidateSummary.reduce((n, s) => n + s.count, 0);
    expect(result.candidates.length + counted).toBe(all.length);
  });

  it('names the exact binding separately from the wildcard one', () => {
    const exactApps = apps(FULL_DETAIL_MAX_CONNECTORS).map((c) => ({ ...c, id: `x-${c.id}`, name: `Exact ${c.name}`, bindings: ['10.0.0.11:25'] }));
    const result = select([internetHub01, ...exactApps, ...apps(3)], '10.0.0.11:25', '10.0.0.50');
    expect(result.connector?.name).toBe('Internet HUB01');
    expect(result.candidateSummary.map((s) => [s.endpoint, s.count])).toEqual([
      ['10.0.0.11:25', FULL_DETAIL_MAX_CONNECTORS],
      ['0.0.0.0:25', 3],
    ]);
  });

  it('keeps every verdict up to the threshold, and summarises one connector beyond it', () => {
    const small = [defaultHub01, ...apps(FULL_DETAIL_MAX_CONNECTORS - 1)];
    expect(select(small, '10.0.0.10:25', '10.0.0.50').candidates).toHaveLength(FULL_DETAIL_MAX_CONNECTORS);
    const large = [...small, appRelay];
    const result = select(large, '10.0.0.10:25', '10.0.0.50');
    expect(result.candidates.map((c) => c.name)).toEqual(['Default HUB01', 'AppRelay']);
    expect(result.candidateSummary).toMatchObject([{ reason: 'noMatchingRange', count: FULL_DETAIL_MAX_CONNECTORS - 1 }]);
  });

  it('summarises a port nobody listens on in one line', () => {
    const result = select([defaultHub01, ...apps(40)], '10.0.0.10:2525', '10.0.0.50');
    expect(result).toMatchObject({ connector: null, listening: false, candidates: [] });
    expect(result.candidateSummary).toEqual([
      expect.objectContaining({ reason: 'notListening', count: 41, text: '41 connectors do not listen on 10.0.0.10:2525 (e.g. Default HUB01, App 0, App 1, …).' }),
    ]);
    expect(result.explanation).not.toContain('App');
  });
});
