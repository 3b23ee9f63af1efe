import { formatAddressCount, parseBinding, parseIpAddress, parseIpRange, isAllIPv4, isAllIPv6, type IpRange } from '../addresses/index.ts';
import { sessionPermissions } from '../connector/effective.ts';
import { hasAuth, type ConnectorState, type ServerContext } from '../connector/state.ts';
import { ANONYMOUS_LOGON as ANONYMOUS, samePrincipal } from '../model/principals.ts';
import { allGroupAces } from '../permissions/group-tables.ts';
import { readPermissionGroups } from '../permissions/readback.ts';
import { connectorIdentity, permissionCommand, removeConnectorCommand } from '../shell/commands.ts';
import { psList, psQuote } from '../shell/quote.ts';
import { competitorsOf } from './competitors.ts';

const RELAY_RIGHT = 'ms-Exch-SMTP-Accept-Any-Recipient';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface Finding {
  code: string;
  severity: Severity;
  server: string;
  connectorId: string;
  connectorName: string;
  message: string;
  /** The fix in one plain sentence. */
  fix: string;
  /** Exchange Management Shell commands that make the fix, one a line, ready to paste. */
  shell: string;
}

/** More addresses than this on a relay connector is an open relay (issue: "more than 256 addresses"). */
export const OPEN_RELAY_ADDRESS_LIMIT = 256n;
/** Externally Secured is meant for a short host list; our choice of "short" is eight addresses. */
export const EXTERNALLY_SECURED_ADDRESS_LIMIT = 8n;
/** A connector open to this many addresses counts as Internet-facing for the self-spoofing check (a /16). */
export const INTERNET_FACING_ADDRESS_LIMIT = 65536n;

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function ranges(c: ConnectorState): IpRange[] {
  return c.remoteIPRanges.flatMap((t) => {
    const p = parseIpRange(t);
    return p.ok ? [p.value] : [];
  });
}

/** Addresses covered, counting overlapping ranges once per family. */
export function scopeSize(rs: readonly IpRange[]): bigint {
  let total = 0n;
  for (const family of [4, 6] as const) {
    const sorted = rs.filter((r) => r.family === family).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let end = -1n;
    for (const r of sorted) {
      if (r.end <= end) continue;
      total += r.end - (r.start > end ? r.start : end + 1n) + 1n;
      end = r.end;
    }
  }
  return total;
}

/** Whether `target` is entirely covered by the union of `cover`. */
function covered(target: IpRange, cover: readonly IpRange[]): boolean {
  const sorted = cover.filter((r) => r.family === target.family).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let next = target.start;
  for (const r of sorted) {
    if (r.start > next) return false;
    if (r.end >= next) next = r.end + 1n;
    if (next > target.end) return true;
  }
  return next > target.end;
}

/** Risk findings for one connector. */
export function connectorFindings(c: ConnectorState, ctx: ServerContext): Finding[] {
  const out: Finding[] = [];
  const add = (code: string, severity: Severity, message: string, fix: string, shell: string[]) =>
    out.push({ code, severity, server: ctx.server.name, connectorId: c.id, connectorName: c.name, message, fix, shell: shell.join('\n') });
  const identity = connectorIdentity(ctx.server.name, c.name);
  const set = (parameters: string) => `Set-ReceiveConnector -Identity ${psQuote(identity)} ${parameters}`;
  // Option 2 instead of Externally Secured: anonymous sessions with the relay right only (§3).
  const toOption2 = [set("-AuthMechanism 'Tls' -PermissionGroups 'AnonymousUsers'"), permissionCommand(identity, 'Add', ANONYMOUS, [RELAY_RIGHT], false)];
  const rs = ranges(c);
  const size = scopeSize(rs);
  const allV4 = rs.some(isAllIPv4);
  const allV6 = rs.some(isAllIPv6);
  const externallySecured = hasAuth(c, 'ExternalAuthoritative');
  const session = sessionPermissions(c, ctx, externallySecured ? { kind: 'externallySecured' } : { kind: 'anonymous' });
  const holds = (right: string) => session.rights.some((r) => r.right === right && r.granted);
  const canSubmit = holds('ms-Exch-SMTP-Submit');

  if (c.enabled && canSubmit && holds('ms-Exch-SMTP-Accept-Any-Recipient') && (size > OPEN_RELAY_ADDRESS_LIMIT || allV4 || allV6))
    add(
      'OPEN_RELAY',
      'critical',
      `${c.name} lets ${externallySecured ? 'externally secured' : 'anonymous'} senders relay from ${allV4 || allV6 ? 'every address' : formatAddressCount(size)} (${c.remoteIPRanges.join(', ')}).`,
      externallySecured
        ? 'Make it an Option 2 connector (anonymous relay only, antispam and sender checks kept), then narrow its remote IP ranges to the application servers that must relay.'
        : 'Take the relay right away from anonymous sessions here, then grant it again on a connector scoped to the application servers that must relay.',
      externallySecured ? toOption2 : [permissionCommand(identity, 'Remove', ANONYMOUS, [RELAY_RIGHT], false)],
    );
  if (externallySecured && size > EXTERNALLY_SECURED_ADDRESS_LIMIT)
    add(
      'WIDE_EXTERNALLY_SECURED',
      'high',
      `${c.name} is Externally Secured for ${formatAddressCount(size)}: every one of them is fully trusted (relay, any sender, no antispam, no size limit).`,
      `Make it an Option 2 connector (relay right only), or list only the hosts that need full trust (at most ${EXTERNALLY_SECURED_ADDRESS_LIMIT}).`,
      toOption2,
    );
  if (c.enabled && !externallySecured && canSubmit && allV6) {
    const others = c.remoteIPRanges.filter((t) => {
      const p = parseIpRange(t);
      return !p.ok || !isAllIPv6(p.value);
    });
    add(
      'ANONYMOUS_FROM_ALL_IPV6',
      'medium',
      `${c.name} accepts anonymous mail from all of IPv6, where block lists give little protection.`,
      others.length > 0
        ? 'Remove the all-IPv6 range; add known IPv6 networks instead if the connector must serve any.'
        : 'Disable the connector until its remote ranges list only known IPv6 networks.',
      [others.length > 0 ? set(`-RemoteIPRanges ${psList(others)}`) : set('-Enabled $false')],
    );
  }
  if (c.enabled && !externallySecured && canSubmit && holds('ms-Exch-SMTP-Accept-Authoritative-Domain-Sender') && (allV4 || allV6 || size >= INTERNET_FACING_ADDRESS_LIMIT))
    add(
      'SELF_DOMAIN_SPOOFING',
      'medium',
      `${c.name} faces the Internet and anonymous senders hold ms-Exch-SMTP-Accept-Authoritative-Domain-Sender, so anyone can send as your own domains.`,
      `Take the right to send as your own domains away from anonymous senders on ${c.name}.`,
      [permissionCommand(identity, 'Remove', ANONYMOUS, ['ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'], false)],
    );
  out.push(...strandedEntries(c, ctx));
  const shadow = shadowedBy(c, ctx);
  if (shadow)
    add(
      'SHADOWED_RANGES',
      'low',
      `${c.name} is never selected: every one of its remote ranges is fully covered by more specific ranges of ${shadow.join(', ')}.`,
      'Remove the connector, since it never answers; or change its ranges or bindings so it answers the hosts it was made for.',
      [removeConnectorCommand(c, ctx)],
    );
  for (const text of c.bindings) {
    const b = parseBinding(text);
    if (!b.ok || b.value.wildcard) continue;
    const local = ctx.server.ipAddresses.some((a) => {
      const p = parseIpAddress(a);
      return p.ok && p.value.family === b.value.family && p.value.value === b.value.address;
    });
    if (!local)
      add(
        'BINDING_NOT_ON_SERVER',
        'high',
        `${c.name} binds ${text}, an address ${ctx.server.name} does not have; the transport service can fail to start after its next restart.`,
        `Bind to (All available) on the same port, or to one of ${ctx.server.ipAddresses.join(', ') || "the server's addresses"}.`,
        [set(`-Bindings ${psList(c.bindings.map((t) => (t === text ? `${b.value.family === 6 ? '[::]' : '0.0.0.0'}:${b.value.port}` : t)))}`)],
      );
  }
  return out;
}

/** Explicit entries left behind for a group principal whose group is no longer there (scenario S30). */
function strandedEntries(c: ConnectorState, ctx: ServerContext): Finding[] {
  const groups = readPermissionGroups(c.entries, ctx.server.role, ctx.domain);
  const aces = allGroupAces(ctx.server.role, ctx.domain);
  return c.entries
    .filter((e) => !e.inherited && !e.source.startsWith('PermissionGroup:'))
    .flatMap((e) => {
      const ace = aces.find((a) => samePrincipal(a.user, e.user));
      if (!ace || groups.includes(ace.group)) return [];
      return [
        {
          code: 'STRANDED_ENTRY',
          severity: 'low' as const,
          server: ctx.server.name,
          connectorId: c.id,
          connectorName: c.name,
          message: `${c.name} still grants ${e.extendedRights.join(', ')} to ${e.user}, although the ${ace.group} permission group that principal belongs to is no longer set.`,
          fix: `Remove the entry, or turn the ${ace.group} permission group back on if the grant is still wanted.`,
          shell: permissionCommand(connectorIdentity(ctx.server.name, c.name), 'Remove', e.user, e.extendedRights, e.deny),
        },
      ];
    });
}

/**
 * Names of the connectors whose strictly smaller ranges, on the same binding (or an exact binding against this
 * wildcard-less one's wildcard twin), cover every range of this connector — so it can never be selected (§7.3).
 * Only ranges that overlap this connector's are named: the others take nothing from it.
 */
function shadowedBy(c: ConnectorState, ctx: ServerContext): string[] | null {
  if (!c.enabled || c.bindings.length === 0) return null;
  const mine = ranges(c);
  if (mine.length === 0) return null;
  const competitors = competitorsOf(ctx.connectors);
  const winners = new Set<string>();
  for (const text of c.bindings) {
    const b = parseBinding(text);
    if (!b.ok) return null;
    for (const r of mine) {
      const smaller = competitors.smallerOverlapping(b.value, r, c);
      if (!covered(r, smaller.map((s) => s.range))) return null;
      for (const s of smaller) winners.add(s.connector.name);
    }
  }
  return [...winners];
}

/** Every finding on a server, most severe first. */
export function serverFindings(ctx: ServerContext): Finding[] {
  return ctx.connectors
    .flatMap((c) => connectorFindings(c, ctx))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
