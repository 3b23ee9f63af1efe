import { describe, expect, it } from 'vitest';
import { CONNECTORS, EDGE01, addConnector, baseContext, hubWith, idFactory, withDefaults } from './testing/fixture.ts';
import { simulate } from './smtp/simulate.ts';
import type { SimulateRequest, SimulateResult } from './smtp/types.ts';
import type { ServerContext } from './connector/state.ts';
import { toReceiveConnector } from './connector/state.ts';
import { validateConnectorDraft } from './connector/validate.ts';
import { applyPermissionGroups, removeRights, addExplicitRights } from './permissions/acl.ts';
import { principalPermissions, sessionPermissions } from './connector/effective.ts';
import { ANONYMOUS_LOGON } from './model/principals.ts';

/** Every scenario of shared/domain/scenarios.md, asserting Exchange's exact replies. */

function run(ctx: ServerContext, req: Partial<SimulateRequest> & Pick<SimulateRequest, 'remoteIp' | 'localEndpoint'>, version: '2007' | '2013' = '2007'): SimulateResult {
  return simulate(
    ctx,
    { server: ctx.server.name, tls: false, helo: 'client.example', mailFrom: 'app@contoso.com', rcptTo: [], ...req },
    { version, now: new Date('2026-11-28T10:00:00Z') },
  );
}

/** The server's reply to the first client line starting with `prefix` (case-insensitive). */
function replyTo(result: SimulateResult, prefix: string): string | undefined {
  return result.transcript.find((t) => t.client?.toUpperCase().startsWith(prefix.toUpperCase()))?.server;
}
const replyToRcpt = (result: SimulateResult, address: string) => replyTo(result, `RCPT TO:<${address}>`);
const QUEUED = /^250 2\.6\.0 <[^>]+> Queued mail for delivery$/;

const draftCtx = (ctx: ServerContext) => ({ ...ctx, newId: idFactory('draft') });

describe('A. connector selection', () => {
  const s01 = () => hubWith(CONNECTORS.lanRelay, CONNECTORS.appRelay);

  it('S01: the single host range wins and the full dialogue succeeds', () => {
    const r = run(s01(), { remoteIp: '10.0.0.50', localEndpoint: '10.0.0.10:25', helo: 'app', rcptTo: ['x@external.net'], messageSizeBytes: 2048 });
    expect(r.connector?.name).toBe('AppRelay');
    expect(r.transcript[0]).toEqual({ client: null, server: '220 hub01.contoso.com Microsoft ESMTP MAIL Service ready at Sat, 28 Nov 2026 10:00:00 +0000' });
    expect(replyTo(r, 'EHLO app')).toMatch(/^250-hub01\.contoso\.com Hello \[10\.0\.0\.50\]/);
    expect(replyTo(r, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(replyToRcpt(r, 'x@external.net')).toBe('250 2.1.5 Recipient OK');
    expect(replyTo(r, 'DATA')).toBe('354 Start mail input; end with <CRLF>.<CRLF>');
    expect(replyTo(r, '.')).toMatch(QUEUED);
    expect(r.outcome).toBe('accepted');
  });

  it('S02: a middle range wins', () => {
    const r = run(s01(), { remoteIp: '10.0.0.77', localEndpoint: '10.0.0.10:25', mailFrom: 'copier@contoso.com', rcptTo: ['x@external.net'] });
    expect(r.connector?.name).toBe('LAN Relay');
    expect(replyTo(r, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(replyToRcpt(r, 'x@external.net')).toBe('250 2.1.5 Recipient OK');
  });

  it('S03: an Internet host falls through to Default HUB01, which refuses anonymous submission', () => {
    const r = run(s01(), { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.10:25', helo: 'mx.example.net', mailFrom: 'someone@external.net', rcptTo: ['alice@contoso.com'] });
    expect(r.connector?.name).toBe('Default HUB01');
    expect(replyTo(r, 'MAIL FROM')).toBe('530 5.7.1 Client was not authenticated');
    expect(r.outcome).toBe('rejected');
    expect(r.transcript.some((t) => t.client?.startsWith('RCPT'))).toBe(false);
  });

  it('S04: the exact-IP binding wins a tie; the other address only has the wildcard connector', () => {
    const ctx = hubWith(CONNECTORS.internet);
    const a = run(ctx, { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.11:25', mailFrom: 'a@external.net', rcptTo: ['alice@contoso.com'] });
    expect(a.connector?.name).toBe('Internet HUB01');
    expect(replyTo(a, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(replyToRcpt(a, 'alice@contoso.com')).toBe('250 2.1.5 Recipient OK');
    const b = run(ctx, { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.10:25', mailFrom: 'a@external.net', rcptTo: ['alice@contoso.com'] });
    expect(b.connector?.name).toBe('Default HUB01');
    expect(replyTo(b, 'MAIL FROM')).toBe('530 5.7.1 Client was not authenticated');
  });

  it('S05: a strictly more specific range on a wildcard binding beats the exact-IP binding', () => {
    const ctx = hubWith(CONNECTORS.internet, CONNECTORS.appRelay);
    const r = run(ctx, { remoteIp: '10.0.0.50', localEndpoint: '10.0.0.11:25', rcptTo: ['x@external.net'] });
    expect(r.connector?.name).toBe('AppRelay');
    expect(replyToRcpt(r, 'x@external.net')).toBe('250 2.1.5 Recipient OK');
  });

  it('S06: port 587 selects Client HUB01; LOGIN is hidden until TLS; anonymous MAIL is refused', () => {
    const r = run(hubWith(), { remoteIp: '10.0.0.77', localEndpoint: '10.0.0.10:587', helo: 'pc', mailFrom: 'alice@contoso.com', rcptTo: ['bob@contoso.com'] });
    expect(r.connector?.name).toBe('Client HUB01');
    const ehlo = replyTo(r, 'EHLO pc')!.split('\n');
    expect(ehlo).toContain('250-STARTTLS');
    expect(ehlo).toContain('250-AUTH NTLM');
    expect(replyTo(r, 'MAIL FROM')).toBe('530 5.7.1 Client was not authenticated');
  });

  it('S07: nothing binds port 2525, so the connection is refused without a banner', () => {
    const r = run(hubWith(), { remoteIp: '10.0.0.77', localEndpoint: '10.0.0.10:2525', rcptTo: ['x@contoso.com'] });
    expect(r.connector).toBeNull();
    expect(r.listening).toBe(false);
    expect(r.outcome).toBe('refused');
    expect(r.transcript).toEqual([]);
  });

  it('S08: an IPv6 client is matched by an IPv6-only connector; another IPv6 client finds none', () => {
    const ctx = hubWith({
      name: 'V6 Relay',
      bindings: ['[::]:25'],
      remoteIPRanges: ['2001:db8:1::/48'],
      permissionGroups: ['AnonymousUsers'],
      extra: [{ user: ANONYMOUS_LOGON, rights: ['ms-Exch-SMTP-Accept-Any-Recipient'] }],
    });
    const a = run(ctx, { remoteIp: '2001:db8:1::25', localEndpoint: '[2001:db8::10]:25', rcptTo: ['x@external.net'] });
    expect(a.connector?.name).toBe('V6 Relay');
    expect(replyToRcpt(a, 'x@external.net')).toBe('250 2.1.5 Recipient OK');
    const b = run(ctx, { remoteIp: '2001:db8:2::9', localEndpoint: '[2001:db8::10]:25', rcptTo: ['x@external.net'] });
    expect(b.connector).toBeNull();
    expect(b.listening).toBe(true);
    expect(b.outcome).toBe('refused');
  });

  it('S09: an IPv4 client ignores a connector whose ranges are IPv6 only', () => {
    const ctx = hubWith({ name: 'Odd', bindings: ['0.0.0.0:25'], remoteIPRanges: ['2001:db8:1::/48'], permissionGroups: ['AnonymousUsers'] });
    const r = run(ctx, { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.10:25', mailFrom: 'a@external.net', rcptTo: ['alice@contoso.com'] });
    expect(r.connector?.name).toBe('Default HUB01');
    expect(replyTo(r, 'MAIL FROM')).toBe('530 5.7.1 Client was not authenticated');
  });
});

describe('B. configuration rules', () => {
  const edit = (ctx: ServerContext, name: string, changes: Record<string, unknown>) => {
    const existing = ctx.connectors.find((c) => c.name === name)!;
    const { entries: _e, version: _v, ...fields } = existing;
    return validateConnectorDraft({ ...fields, ...changes }, { ...draftCtx(ctx), existing });
  };
  const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

  it('S10: ExternalAuthoritative without the Exchange servers group is refused and says what to do', () => {
    const r = edit(hubWith(CONNECTORS.appRelay), 'AppRelay', { authMechanism: ['ExternalAuthoritative'] });
    expect(codes(r)).toEqual(['EXTERNAL_AUTHORITATIVE_REQUIRES_EXCHANGE_SERVERS']);
    expect(r.errors[0]!.message).toContain('Turn on the Exchange servers permission group first, or clear Externally Secured');
  });

  it.each(['Integrated', 'BasicAuth', 'ExchangeServer'])('S11: ExternalAuthoritative with %s is refused', (m) => {
    const r = edit(hubWith(CONNECTORS.printerExtSec), 'Printer ExtSec', { authMechanism: ['ExternalAuthoritative', m] });
    expect(codes(r)).toContain('EXTERNAL_AUTHORITATIVE_WITH_AUTH');
  });

  it('S11: ExternalAuthoritative with BasicAuthRequireTLS is refused', () => {
    const r = edit(hubWith(CONNECTORS.printerExtSec), 'Printer ExtSec', { authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExternalAuthoritative'] });
    expect(codes(r)).toContain('EXTERNAL_AUTHORITATIVE_WITH_AUTH');
  });

  it('S12: valid ExternalAuthoritative combinations are accepted', () => {
    const ctx = hubWith(CONNECTORS.appRelay);
    expect(edit(ctx, 'AppRelay', { authMechanism: ['ExternalAuthoritative'], permissionGroups: ['ExchangeServers'] }).errors).toEqual([]);
    expect(edit(ctx, 'AppRelay', { authMechanism: ['Tls', 'ExternalAuthoritative'], permissionGroups: ['AnonymousUsers', 'ExchangeServers'] }).errors).toEqual([]);
  });

  it('S13: BasicAuthRequireTLS needs Tls and BasicAuth', () => {
    const ctx = hubWith(CONNECTORS.appRelay);
    expect(codes(edit(ctx, 'AppRelay', { authMechanism: ['BasicAuth', 'BasicAuthRequireTLS'] }))).toEqual(['BASIC_AFTER_TLS_WITHOUT_TLS']);
    expect(codes(edit(ctx, 'AppRelay', { authMechanism: ['Tls', 'BasicAuthRequireTLS'] }))).toEqual(['BASIC_AFTER_TLS_WITHOUT_BASIC']);
    expect(codes(edit(ctx, 'AppRelay', { authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS'] }))).toEqual([]);
  });

  it('S14: RequireTLS needs Tls', () => {
    expect(codes(edit(hubWith(CONNECTORS.lanRelay), 'LAN Relay', { authMechanism: ['None'], requireTLS: true }))).toEqual(['REQUIRE_TLS_WITHOUT_TLS']);
  });

  it('S15: Domain Security cannot go with ExternalAuthoritative and needs Tls', () => {
    const ctx = hubWith(CONNECTORS.appRelay);
    expect(codes(edit(ctx, 'AppRelay', { domainSecureEnabled: true, authMechanism: ['ExternalAuthoritative'], permissionGroups: ['ExchangeServers'] }))).toEqual([
      'DOMAIN_SECURE_WITHOUT_TLS',
      'DOMAIN_SECURE_WITH_EXTERNAL_AUTHORITATIVE',
    ]);
    expect(codes(edit(ctx, 'AppRelay', { domainSecureEnabled: true, authMechanism: ['None'] }))).toEqual(['DOMAIN_SECURE_WITHOUT_TLS']);
  });

  it('S16: Custom cannot be assigned', () => {
    expect(codes(edit(hubWith(CONNECTORS.lanRelay), 'LAN Relay', { permissionGroups: ['Custom'] }))).toContain('CUSTOM_NOT_SETTABLE');
  });

  it('S17: Edge cannot take ExchangeLegacyServers', () => {
    const ctx = withDefaults(baseContext(EDGE01));
    const r = validateConnectorDraft(
      { server: 'EDGE01', name: 'X', usage: 'Custom', bindings: ['0.0.0.0:2526'], remoteIPRanges: ['10.1.1.1'], permissionGroups: ['ExchangeLegacyServers'] },
      draftCtx(ctx),
    );
    expect(codes(r)).toEqual(['EDGE_LEGACY_SERVERS']);
  });

  const create = (ctx: ServerContext, draft: Record<string, unknown>) => validateConnectorDraft({ server: 'HUB01', usage: 'Custom', permissionGroups: ['AnonymousUsers'], ...draft }, draftCtx(ctx));

  it('S18: a partially overlapping range on the same binding is refused, naming the other connector', () => {
    const r = create(hubWith(CONNECTORS.lanRelay), { name: 'Bad', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.128-10.0.1.10'] });
    expect(codes(r)).toEqual(['BINDING_RANGE_CONFLICT']);
    expect(r.errors[0]!.message).toContain('conflict with the settings on Receive connector "HUB01\\LAN Relay"');
  });

  it('S18 (issue 9): the conflict names the very range and binding rows, and does not repeat a shared binding', () => {
    const r = create(hubWith(CONNECTORS.lanRelay), { name: 'Bad', bindings: ['10.0.0.10:587', '0.0.0.0:25'], remoteIPRanges: ['192.168.9.9', '10.0.0.128-10.0.1.10'] });
    expect(r.errors[0]!.paths).toEqual(['remoteIPRanges[1]', 'bindings[1]']);
    expect(r.errors[0]!.message).toContain('Both listen on 0.0.0.0:25, and the range 10.0.0.128-10.0.1.10 partially overlaps its 10.0.0.0/24.');
    expect(r.errors[0]!.message).not.toContain('0.0.0.0:25 and 0.0.0.0:25');
  });

  it('S19: an identical range on an identical binding is refused; a contained one is fine', () => {
    const ctx = hubWith(CONNECTORS.lanRelay);
    expect(codes(create(ctx, { name: 'Dup', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.0/24'] }))).toEqual(['BINDING_RANGE_CONFLICT']);
    expect(codes(create(ctx, { name: 'Sub', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.64-10.0.0.127'] }))).toEqual([]);
  });

  it('S20: the same range is allowed on a specific IP next to the wildcard binding', () => {
    const r = validateConnectorDraft({ server: 'HUB01', name: 'Internet HUB01', usage: 'Internet', bindings: ['10.0.0.11:25'] }, draftCtx(hubWith()));
    expect(r.errors).toEqual([]);
    expect(r.connector?.remoteIPRanges).toEqual(['0.0.0.0-255.255.255.255']);
  });

  it('S21: usage parameter sets', () => {
    const ctx = hubWith();
    expect(codes(validateConnectorDraft({ server: 'HUB01', name: 'I1', usage: 'Internet' }, draftCtx(ctx)))).toEqual(['USAGE_PARAMETERS']);
    expect(
      codes(validateConnectorDraft({ server: 'HUB01', name: 'I3', usage: 'Internet', bindings: ['10.0.0.11:26'], remoteIPRanges: ['10.0.0.0/24'] }, draftCtx(ctx))),
    ).toEqual(['USAGE_PARAMETERS']);
    const c1 = validateConnectorDraft({ server: 'HUB01', name: 'C1', usage: 'Client', remoteIPRanges: ['10.0.0.0/24'] }, draftCtx(ctx));
    expect(c1.errors).toEqual([]);
    expect(c1.connector?.bindings).toEqual(['0.0.0.0:587']);
  });

  it('S23: remote range parsing through the connector rules', () => {
    const ctx = hubWith();
    const bad = create(ctx, { name: 'R', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.1/33', '10.0.0.9-2001:db8::1'] });
    expect(bad.errors.map((e) => [e.code, e.paths[0]])).toEqual([
      ['INVALID_RANGE', 'remoteIPRanges[0]'],
      ['INVALID_RANGE', 'remoteIPRanges[1]'],
    ]);
    const ok = create(ctx, { name: 'R', bindings: ['0.0.0.0:25'], remoteIPRanges: ['192.168.1.1/24', '192.168.2.0(255.255.255.0)'] });
    expect(ok.errors).toEqual([]);
    expect(ok.connector?.remoteIPRanges).toEqual(['192.168.1.0/24', '192.168.2.0(255.255.255.0)']);
    expect(ok.warnings.map((w) => w.paths[0])).toEqual(['remoteIPRanges[0]']);
  });
});

describe('C. relay and accepted domains', () => {
  it('S24: every accepted-domain type is accepted without relay; an outside domain is not', () => {
    const r = run(hubWith(CONNECTORS.internet), {
      remoteIp: '198.51.100.7',
      localEndpoint: '10.0.0.11:25',
      mailFrom: 'a@external.net',
      rcptTo: ['alice@contoso.com', 'u@fabrikam.com', 'u@tailspin.com', 'u@external.net'],
    });
    expect(replyTo(r, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(replyToRcpt(r, 'alice@contoso.com')).toBe('250 2.1.5 Recipient OK');
    expect(replyToRcpt(r, 'u@fabrikam.com')).toBe('250 2.1.5 Recipient OK');
    expect(replyToRcpt(r, 'u@tailspin.com')).toBe('250 2.1.5 Recipient OK');
    expect(replyToRcpt(r, 'u@external.net')).toBe('550 5.7.1 Unable to relay');
    expect(r.explanation).toContain('this is not relay');
  });

  it('S25: subdomains need a wildcard accepted domain', () => {
    const ctx = hubWith(CONNECTORS.internet);
    const req = { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.11:25', mailFrom: 'a@external.net', rcptTo: ['u@sales.contoso.com'] };
    expect(replyToRcpt(run(ctx, req), 'u@sales.contoso.com')).toBe('550 5.7.1 Unable to relay');
    ctx.acceptedDomains[0] = { domainName: '*.contoso.com', domainType: 'Authoritative', isDefault: true };
    expect(replyToRcpt(run(ctx, req), 'u@sales.contoso.com')).toBe('250 2.1.5 Recipient OK');
  });

  it('S26: Option 2 relays and reads back as AnonymousUsers, Custom', () => {
    const ctx = hubWith(CONNECTORS.appRelay);
    const r = run(ctx, { remoteIp: '10.0.0.50', localEndpoint: '10.0.0.10:25', rcptTo: ['customer@external.net'] });
    expect(replyTo(r, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(replyToRcpt(r, 'customer@external.net')).toBe('250 2.1.5 Recipient OK');
    expect(replyTo(r, '.')).toMatch(QUEUED);
    const app = ctx.connectors.find((c) => c.name === 'AppRelay')!;
    expect(toReceiveConnector(app, ctx).permissionGroups).toEqual(['AnonymousUsers', 'Custom']);
  });

  it('S27: outside the Option 2 range, Default HUB01 answers and refuses; the fix points at AppRelay', () => {
    const r = run(hubWith(CONNECTORS.appRelay), { remoteIp: '10.0.0.99', localEndpoint: '10.0.0.10:25', rcptTo: ['x@external.net'] });
    expect(r.connector?.name).toBe('Default HUB01');
    expect(replyTo(r, 'MAIL FROM')).toBe('530 5.7.1 Client was not authenticated');
    // Least privilege first: signing in, then extending the existing anonymous-relay connector before creating one.
    expect(r.fixes.map((f) => f.kind)).toEqual(['authenticate', 'scopeConnector', 'option2', 'option1']);
    expect(r.fixes.find((f) => f.kind === 'scopeConnector')?.title).toContain('AppRelay');
  });

  it('S27 (issue 9): with an Externally Secured and an anonymous-relay connector, fixes are ranked by privilege and the Externally Secured one says what it also grants', () => {
    const r = run(hubWith(CONNECTORS.printerExtSec, CONNECTORS.appRelay), { remoteIp: '10.0.0.99', localEndpoint: '10.0.0.10:25', rcptTo: ['x@external.net'] });
    expect(r.fixes.map((f) => f.title)).toEqual([
      expect.stringMatching(/^Have the application sign in/),
      'Add 10.0.0.99 to the remote IP ranges of AppRelay, which already allows anonymous relay',
      expect.stringMatching(/^Option 2: /),
      'Add 10.0.0.99 to the remote IP ranges of Printer ExtSec, an Externally Secured connector',
      expect.stringMatching(/^Option 1: /),
    ]);
    const extSec = r.fixes[3]!;
    expect(extSec.grants).toContain('ms-Exch-Bypass-Anti-Spam');
    expect(extSec.tradeoff).toContain('bypass anti-spam, be accepted as any sender');
    const appRelay = r.fixes[1]!;
    expect(appRelay.grants).not.toContain('ms-Exch-Bypass-Anti-Spam');
    expect(appRelay.grants).toContain('ms-Exch-SMTP-Accept-Any-Recipient');
    for (const fix of r.fixes) expect(fix.tradeoff.length).toBeGreaterThan(20);
  });

  it('S28: AnonymousUsers alone does not allow relay', () => {
    const ctx = hubWith({ name: 'Anon Only', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.50'], permissionGroups: ['AnonymousUsers'] });
    const r = run(ctx, { remoteIp: '10.0.0.50', localEndpoint: '10.0.0.10:25', rcptTo: ['alice@contoso.com', 'x@external.net'] });
    expect(replyToRcpt(r, 'alice@contoso.com')).toBe('250 2.1.5 Recipient OK');
    expect(replyToRcpt(r, 'x@external.net')).toBe('550 5.7.1 Unable to relay');
    // The connector is already scoped to the host, so Option 2 grants the right on it.
    const option2 = r.fixes.find((f) => f.kind === 'option2')!;
    expect(option2.connectorId).toBe('Anon Only');
    expect(option2.shell).toBe(
      "Get-ReceiveConnector -Identity 'HUB01\\Anon Only' | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'",
    );
  });

  it('S29: a Custom connector with no permission groups accepts nothing', () => {
    const ctx = hubWith({ name: 'Empty', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.60'] });
    const r = run(ctx, { remoteIp: '10.0.0.60', localEndpoint: '10.0.0.10:25', mailFrom: 'x@contoso.com', rcptTo: ['alice@contoso.com'] });
    expect(r.connector?.name).toBe('Empty');
    expect(replyTo(r, 'MAIL FROM')).toBe('530 5.7.1 Client was not authenticated');
  });

  it('S30: switching groups after Option 2 strands the relay entry', () => {
    const ctx = hubWith(CONNECTORS.appRelay);
    const app = ctx.connectors.find((c) => c.name === 'AppRelay')!;
    app.entries = applyPermissionGroups(app.entries, ['ExchangeServers'], 'HubTransport', 'CONTOSO', idFactory('s30'));
    expect(app.entries.filter((e) => e.user === ANONYMOUS_LOGON).flatMap((e) => e.extendedRights)).toEqual(['ms-Exch-SMTP-Accept-Any-Recipient']);
    expect(toReceiveConnector(app, ctx).permissionGroups).toEqual(['ExchangeServers', 'Custom']);
    const r = run(ctx, { remoteIp: '10.0.0.50', localEndpoint: '10.0.0.10:25', rcptTo: ['x@external.net'] });
    expect(replyTo(r, 'MAIL FROM')).toBe('530 5.7.1 Client was not authenticated');
  });

  it('S31: an explicit deny beats the relay grant', () => {
    const ctx = hubWith({
      ...CONNECTORS.appRelay,
      extra: [...CONNECTORS.appRelay.extra, { user: ANONYMOUS_LOGON, rights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: true }],
    });
    const r = run(ctx, { remoteIp: '10.0.0.50', localEndpoint: '10.0.0.10:25', rcptTo: ['alice@contoso.com', 'x@external.net'] });
    expect(replyToRcpt(r, 'alice@contoso.com')).toBe('250 2.1.5 Recipient OK');
    expect(replyToRcpt(r, 'x@external.net')).toBe('550 5.7.1 Unable to relay');
    const decision = r.rights.find((d) => d.right === 'ms-Exch-SMTP-Accept-Any-Recipient')!;
    expect(decision.deniedBy.map((p) => p.source)).toEqual(['Explicit']);
  });
});

describe('D. effective permissions and anti-spoofing', () => {
  it('S36: Default HUB01 for each principal', () => {
    const ctx = hubWith();
    const def = ctx.connectors.find((c) => c.name === 'Default HUB01')!;
    const rows = principalPermissions(def, ctx);
    const granted = (user: string) => rows.find((r) => r.identity === user)!.rights.filter((d) => d.granted).map((d) => d.right);
    const denied = (user: string) => rows.find((r) => r.identity === user)!.rights.filter((d) => d.deniedBy.length > 0).map((d) => d.right);
    expect(granted(ANONYMOUS_LOGON)).toEqual([]);
    expect(granted('NT AUTHORITY\\Authenticated Users').sort()).toEqual(
      ['ms-Exch-SMTP-Submit', 'ms-Exch-SMTP-Accept-Any-Recipient', 'ms-Exch-Bypass-Anti-Spam', 'ms-Exch-Accept-Headers-Routing'].sort(),
    );
    expect(granted('CONTOSO\\ExchangeLegacyInterop')).toHaveLength(9);
    expect(denied('CONTOSO\\ExchangeLegacyInterop').sort()).toEqual(['ms-Exch-Accept-Headers-Forest', 'ms-Exch-Accept-Headers-Organization']);
    expect(granted('MS Exchange\\Externally Secured Servers')).toHaveLength(9);
    expect(rows.find((r) => r.identity === 'MS Exchange\\Externally Secured Servers')!.note).toContain('unused');
    const alice = sessionPermissions(def, ctx, { kind: 'user', name: 'CONTOSO\\alice' });
    expect(alice.sids).toEqual(['CONTOSO\\alice', 'CONTOSO\\Sales', 'CONTOSO\\Temps', 'NT AUTHORITY\\Authenticated Users', 'Everyone']);
    expect(alice.rights.find((d) => d.right === 'ms-Exch-SMTP-Submit')!.allowedBy[0]!.source).toBe('PermissionGroup:ExchangeUsers');
  });

  it('S37: default anonymous rights allow self-domain spoofing', () => {
    const r = run(hubWith(CONNECTORS.internet), {
      remoteIp: '198.51.100.7',
      localEndpoint: '10.0.0.11:25',
      mailFrom: 'ceo@contoso.com',
      headerFrom: 'ceo@contoso.com',
      rcptTo: ['alice@contoso.com'],
    });
    expect(replyTo(r, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(replyToRcpt(r, 'alice@contoso.com')).toBe('250 2.1.5 Recipient OK');
    expect(replyTo(r, '.')).toMatch(QUEUED);
  });

  const s38 = () => {
    const ctx = hubWith(CONNECTORS.internet);
    const internet = ctx.connectors.find((c) => c.name === 'Internet HUB01')!;
    internet.entries = removeRights(internet.entries, { user: ANONYMOUS_LOGON, extendedRights: ['ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'], deny: false });
    return { ctx, internet };
  };
  const spoof = { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.11:25', mailFrom: 'ceo@contoso.com', headerFrom: 'ceo@contoso.com', rcptTo: ['alice@contoso.com'] };

  it('S38 (2007): the spoofed envelope sender is refused at MAIL FROM; read-back is Custom', () => {
    const { ctx, internet } = s38();
    const r = run(ctx, spoof);
    expect(replyTo(r, 'MAIL FROM')).toBe('550 5.7.1 Anonymous client does not have permissions to send as this sender');
    expect(toReceiveConnector(internet, ctx).permissionGroups).toEqual(['Custom']);
  });

  it('S38 (2013+ model): refused only after the data', () => {
    const { ctx } = s38();
    const r = run(ctx, spoof, '2013');
    expect(replyTo(r, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(replyToRcpt(r, 'alice@contoso.com')).toBe('250 2.1.5 Recipient OK');
    expect(replyTo(r, 'DATA')).toBe('354 Start mail input; end with <CRLF>.<CRLF>');
    expect(replyTo(r, '.')).toBe('550 5.7.1 Anonymous client does not have permissions to send as this sender');
  });
});

describe('E. externally secured, size, TLS and partners', () => {
  it('S43: the externally secured printer bypasses everything', () => {
    const ctx = hubWith(CONNECTORS.printerExtSec);
    const r = run(ctx, {
      remoteIp: '10.0.0.51',
      localEndpoint: '10.0.0.10:25',
      helo: 'printer',
      mailFrom: 'scanner@contoso.com',
      declaredSize: 15728640,
      messageSizeBytes: 15728640,
      rcptTo: ['x@external.net'],
    });
    expect(r.connector?.name).toBe('Printer ExtSec');
    const ehlo = replyTo(r, 'EHLO printer')!;
    expect(ehlo).not.toMatch(/STARTTLS|AUTH|X-EXPS/);
    expect(replyTo(r, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(replyToRcpt(r, 'x@external.net')).toBe('250 2.1.5 Recipient OK');
    expect(replyTo(r, '.')).toMatch(QUEUED);
    expect(r.identity).toBe('MS Exchange\\Externally Secured Servers');
  });

  it('S46: a declared size over MaxMessageSize is refused at MAIL FROM', () => {
    const r = run(hubWith(CONNECTORS.internet), { remoteIp: '198.51.100.7', localEndpoint: '10.0.0.11:25', helo: 'x', mailFrom: 'a@external.net', declaredSize: 15728640, rcptTo: ['alice@contoso.com'] });
    expect(replyTo(r, 'EHLO x')!.split('\n')).toContain('250-SIZE 10485760');
    expect(replyTo(r, 'MAIL FROM')).toBe('552 5.3.4 Message size exceeds fixed maximum message size');
  });

  it('S50: BasicAuthRequireTLS hides LOGIN until STARTTLS', () => {
    const r = run(hubWith(), {
      remoteIp: '10.0.0.77',
      localEndpoint: '10.0.0.10:587',
      script: ['EHLO pc', 'AUTH LOGIN', 'STARTTLS', 'EHLO pc'],
    });
    const ehlos = r.transcript.filter((t) => t.client === 'EHLO pc').map((t) => t.server.split('\n'));
    expect(ehlos[0]).toContain('250-STARTTLS');
    expect(ehlos[0]).toContain('250-AUTH NTLM');
    expect(replyTo(r, 'AUTH LOGIN')).toBe('504 5.7.4 Unrecognized authentication type');
    expect(replyTo(r, 'STARTTLS')).toBe('220 2.0.0 SMTP server ready');
    expect(ehlos[1]).not.toContain('250-STARTTLS');
    expect(ehlos[1]).toContain('250-AUTH NTLM LOGIN');
  });

  it('S50 follow-up: alice signs in after TLS and relays as an Exchange user', () => {
    const r = run(hubWith(), { remoteIp: '10.0.0.77', localEndpoint: '10.0.0.10:587', tls: true, authUser: 'CONTOSO\\alice', mailFrom: 'alice@contoso.com', rcptTo: ['x@external.net'] });
    expect(replyTo(r, 'AUTH LOGIN')).toBe('235 2.7.0 Authentication successful');
    expect(replyTo(r, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(replyToRcpt(r, 'x@external.net')).toBe('250 2.1.5 Recipient OK');
  });

  it('authenticated users may not send as someone else (pain point 8)', () => {
    const r = run(hubWith(), { remoteIp: '10.0.0.77', localEndpoint: '10.0.0.10:587', tls: true, authUser: 'CONTOSO\\alice', mailFrom: 'bob@contoso.com', rcptTo: ['x@external.net'] });
    expect(replyTo(r, 'MAIL FROM')).toBe('550 5.7.1 Client does not have permissions to send as this sender');
  });

  const partner = () =>
    hubWith({
      name: 'Partner In',
      usage: 'Partner',
      bindings: ['10.0.0.11:25'],
      remoteIPRanges: ['192.0.2.25'],
    }, CONNECTORS.internet);
  const partnerCase = { remoteIp: '192.0.2.25', localEndpoint: '10.0.0.11:25', mailFrom: 'u@partner.example', rcptTo: ['alice@contoso.com', 'x@external.net'] };

  it('S52 A: a domain-secured partner without TLS is not authenticated', () => {
    const r = run(partner(), partnerCase);
    expect(r.connector?.name).toBe('Partner In');
    expect(replyTo(r, 'MAIL FROM')).toBe('530 5.7.1 Not authenticated');
  });

  it('S52 B: with TLS and a valid certificate the session becomes Partner Servers', () => {
    const r = run(partner(), { ...partnerCase, tls: true, clientCertificate: { domain: 'partner.example', valid: true } });
    expect(replyTo(r, 'MAIL FROM')).toBe('250 2.1.0 Sender OK');
    expect(r.identity).toBe('MS Exchange\\Partner Servers');
    expect(replyToRcpt(r, 'alice@contoso.com')).toBe('250 2.1.5 Recipient OK');
    expect(replyToRcpt(r, 'x@external.net')).toBe('550 5.7.1 Unable to relay');
  });

  it('S52 C: a certificate for another name fails validation', () => {
    const r = run(partner(), { ...partnerCase, tls: true, clientCertificate: { domain: 'other.example', valid: true } });
    expect(replyTo(r, 'MAIL FROM')).toBe('454 4.7.5 Certificate validation failure');
  });
});

describe('the seed: an application server that cannot relay', () => {
  it('gives Option 1 and Option 2 with what each grants and the shell to do it', () => {
    const ctx = hubWith(CONNECTORS.internet);
    const r = run(ctx, { remoteIp: '10.0.0.50', localEndpoint: '10.0.0.11:25', rcptTo: ['x@external.net'] });
    expect(r.connector?.name).toBe('Internet HUB01');
    expect(replyToRcpt(r, 'x@external.net')).toBe('550 5.7.1 Unable to relay');
    const opt2 = r.fixes.find((f) => f.kind === 'option2');
    const opt1 = r.fixes.find((f) => f.kind === 'option1');
    // Option 2 (relay only) ranks before Option 1 (nine rights).
    expect(r.fixes.indexOf(opt2!)).toBeLessThan(r.fixes.indexOf(opt1!));
    expect(opt2!.shell).toContain("Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'");
    expect(opt1!.kind).toBe('option1');
    expect(opt1!.grants).toHaveLength(9);
    expect(opt1!.connectorDraft?.authMechanism).toContain('ExternalAuthoritative');
    // Applying Option 2's draft plus its grant makes the same case succeed.
    addConnector(ctx, { ...opt2!.connectorDraft!, name: opt2!.connectorDraft!.name, extra: [{ user: ANONYMOUS_LOGON, rights: ['ms-Exch-SMTP-Accept-Any-Recipient'] }] } as never);
    const after = run(ctx, { remoteIp: '10.0.0.50', localEndpoint: '10.0.0.11:25', rcptTo: ['x@external.net'] });
    expect(replyToRcpt(after, 'x@external.net')).toBe('250 2.1.5 Recipient OK');
    expect(after.connector?.name).toBe('Anonymous Relay 10.0.0.50');
  });

  it('an Exchange user with Accept-Any-Recipient can be denied through a group membership', () => {
    const ctx = hubWith();
    const def = ctx.connectors.find((c) => c.name === 'Default HUB01')!;
    def.entries = addExplicitRights(def.entries, { user: 'CONTOSO\\Temps', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: true }, idFactory('d'));
    const alice = sessionPermissions(def, ctx, { kind: 'user', name: 'CONTOSO\\alice' });
    expect(alice.rights.find((d) => d.right === 'ms-Exch-SMTP-Accept-Any-Recipient')!.granted).toBe(false);
    const bob = sessionPermissions(def, ctx, { kind: 'user', name: 'CONTOSO\\bob' });
    expect(bob.rights.find((d) => d.right === 'ms-Exch-SMTP-Accept-Any-Recipient')!.granted).toBe(true);
  });
});

describe('issue 9: warnings and wording an admin reads', () => {
  const draftFor = (draft: Record<string, unknown>) =>
    validateConnectorDraft({ server: 'HUB01', usage: 'Custom', bindings: ['0.0.0.0:2525'], remoteIPRanges: ['10.9.9.9'], ...draft }, draftCtx(hubWith()));

  it('warns when Exchange users is ticked on a connector that offers no sign-in mechanism', () => {
    const r = draftFor({ name: 'Users No Auth', permissionGroups: ['ExchangeUsers'], authMechanism: ['Tls'] });
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['EXCHANGE_USERS_WITHOUT_SIGN_IN']);
    expect(draftFor({ name: 'Users Basic', permissionGroups: ['ExchangeUsers'], authMechanism: ['Tls', 'BasicAuth'] }).warnings).toEqual([]);
  });

  it('says "required" for a name of spaces', () => {
    const r = draftFor({ name: '   ', permissionGroups: ['AnonymousUsers'] });
    expect(r.errors.find((e) => e.code === 'INVALID_NAME')?.message).toBe('The connector name is required.');
  });

  it('names the mechanisms to clear by their console labels, not their shell values', () => {
    const r = draftFor({ name: 'Mixed', permissionGroups: ['ExchangeServers'], authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExternalAuthoritative'] });
    const message = r.errors.find((e) => e.code === 'EXTERNAL_AUTHORITATIVE_WITH_AUTH')!.message;
    expect(message).toContain('Clear "Basic Authentication" and "Offer Basic authentication only after starting TLS"');
    expect(message).not.toMatch(/BasicAuthRequireTLS|BasicAuth,/);
  });
});
