import { compiledAclOf, type ConnectorState, type ServerContext } from '../connector/state.ts';
import { parseBinding, parseIpAddress, formatBinding } from '../addresses/index.ts';
import { ANONYMOUS_LOGON, AUTHENTICATED_USERS } from '../model/principals.ts';
import type { ConnectorDraft } from '../model/schemas.ts';
import type { ReceiveRight } from '../model/rights.ts';
import { evaluateRights, grantedRights } from '../permissions/evaluate.ts';
import { EXCHANGE_USERS_RIGHTS, EXTERNALLY_SECURED_RIGHTS, ANONYMOUS_USERS_RIGHTS } from '../permissions/group-tables.ts';
import { resolveIdentity } from '../permissions/identity.ts';
import { connectorIdentity, permissionCommand } from '../shell/commands.ts';
import { psList, psQuote } from '../shell/quote.ts';
import { bestAcceptedDomain, domainOf } from './accepted-domains.ts';
import type { Refusal } from './session.ts';
import type { Fix, SimulateRequest } from './types.ts';

const RELAY_RIGHT = 'ms-Exch-SMTP-Accept-Any-Recipient';

interface FixContext {
  ctx: ServerContext;
  request: SimulateRequest;
  connector: ConnectorState | null;
  matchedRange: string | null;
}

/** A wildcard binding on the port the client used: with a one-address range it wins selection (§7.3, S05). */
function wildcardBindingFor(localEndpoint: string): string {
  const parsed = parseBinding(localEndpoint);
  if (!parsed.ok) return '0.0.0.0:25';
  return formatBinding({ ...parsed.value, address: 0n, wildcard: true });
}

function scopedDraft(fc: FixContext, name: string, authMechanism: ConnectorDraft['authMechanism'], permissionGroups: ConnectorDraft['permissionGroups']): ConnectorDraft {
  return {
    server: fc.ctx.server.name,
    name,
    usage: 'Custom',
    bindings: [wildcardBindingFor(fc.request.localEndpoint)],
    remoteIPRanges: [fc.request.remoteIp],
    authMechanism,
    permissionGroups,
  };
}

const newConnectorShell = (d: ConnectorDraft) =>
  `New-ReceiveConnector -Name ${psQuote(d.name)} -Server ${psQuote(d.server)} -Usage 'Custom' -Bindings ${psList(d.bindings ?? [])} -RemoteIPRanges ${psList(d.remoteIPRanges ?? [])} -AuthMechanism ${psList(d.authMechanism ?? [])} -PermissionGroups ${psList(d.permissionGroups ?? [])}`;

/** Option 1 (§3, seed): a connector scoped to the source, Externally Secured, with the Exchange servers group. */
export function option1(fc: FixContext): Fix {
  const draft = scopedDraft(fc, `Externally Secured ${fc.request.remoteIp}`, ['Tls', 'ExternalAuthoritative'], ['ExchangeServers']);
  return {
    kind: 'option1',
    title: `Option 1: a connector for ${fc.request.remoteIp} that is Externally Secured (with the Exchange servers group)`,
    grants: [...EXTERNALLY_SECURED_RIGHTS],
    tradeoff:
      'No shell step and senders resolve to directory names, but everything from that address is fully trusted: relay, any sender, no antispam, no size limit, messages treated as internal. Scope it to single hosts only.',
    shell: newConnectorShell(draft),
    connectorDraft: draft,
  };
}

/** Option 2 (seed, S26): ANONYMOUS LOGON gets only Accept-Any-Recipient on a connector scoped to the source. */
export function option2(fc: FixContext): Fix {
  const { connector, ctx, request } = fc;
  const grants = [RELAY_RIGHT];
  const tradeoff =
    'Least privilege: only relay is added. Antispam, size limits and sender checks still apply. The connector reads back as "AnonymousUsers, Custom".';
  // When the answering connector is already scoped to exactly this address, grant the right there.
  if (connector && fc.matchedRange === request.remoteIp) {
    return {
      kind: 'option2',
      title: `Option 2: grant ${RELAY_RIGHT} to ${ANONYMOUS_LOGON} on ${connector.name}`,
      grants,
      tradeoff,
      shell: permissionCommand(connectorIdentity(ctx.server.name, connector.name), 'Add', ANONYMOUS_LOGON, grants, false),
      connectorId: connector.id,
    };
  }
  const draft = scopedDraft(fc, `Anonymous Relay ${request.remoteIp}`, ['Tls'], ['AnonymousUsers']);
  return {
    kind: 'option2',
    title: `Option 2: a connector for ${request.remoteIp} with Anonymous users, plus ${RELAY_RIGHT} for ${ANONYMOUS_LOGON}`,
    grants: [...ANONYMOUS_USERS_RIGHTS, RELAY_RIGHT],
    tradeoff,
    shell: [newConnectorShell(draft), permissionCommand(connectorIdentity(ctx.server.name, draft.name), 'Add', ANONYMOUS_LOGON, grants, false)].join('\n'),
    connectorDraft: draft,
  };
}

interface RelayConnector {
  connector: ConnectorState;
  externallySecured: boolean;
  /** What a session there holds: what a host added to its remote ranges would get. */
  rights: ReceiveRight[];
}

/**
 * Connectors on this server where anonymous (or externally secured) sessions may relay, per port. Evaluating every
 * connector's ACL is the costly part of a refused simulation, so the answer is kept per server context (the API
 * caches contexts per configuration generation and never mutates one, so a change yields a new context and a fresh answer).
 */
const relayConnectorsByContext = new WeakMap<ServerContext, Map<number, RelayConnector[]>>();

function relayConnectors(ctx: ServerContext, port: number): RelayConnector[] {
  let byPort = relayConnectorsByContext.get(ctx);
  if (!byPort) relayConnectorsByContext.set(ctx, (byPort = new Map()));
  const known = byPort.get(port);
  if (known) return known;
  const found: RelayConnector[] = [];
  for (const c of ctx.connectors) {
    if (!c.enabled || !c.bindings.some((b) => b.endsWith(`:${port}`))) continue;
    const externallySecured = c.authMechanism.includes('ExternalAuthoritative');
    const identity = externallySecured ? { kind: 'externallySecured' as const } : { kind: 'anonymous' as const };
    const sids = resolveIdentity(identity, ctx.directory, ctx.server.role, ctx.domain).sids;
    const rights = grantedRights(evaluateRights(compiledAclOf(c, ctx), sids));
    if (rights.has('ms-Exch-SMTP-Submit') && rights.has(RELAY_RIGHT)) found.push({ connector: c, externallySecured, rights: [...rights] });
  }
  byPort.set(port, found);
  return found;
}

/**
 * Add the source to an existing relay connector's RemoteIPRanges (S27: the app server moved to a new address), one
 * fix per such connector: the host then gets exactly what that connector grants, which the trade-off spells out.
 */
export function scopeExistingConnectors(fc: FixContext): Fix[] {
  const port = parseBinding(fc.request.localEndpoint);
  if (!port.ok) return [];
  const ip = fc.request.remoteIp;
  return relayConnectors(fc.ctx, port.value.port)
    .filter((r) => r.connector.id !== fc.connector?.id)
    .map(({ connector: target, externallySecured, rights }) => {
      const identity = psQuote(connectorIdentity(fc.ctx.server.name, target.name));
      return {
        kind: 'scopeConnector',
        title: externallySecured
          ? `Add ${ip} to the remote IP ranges of ${target.name}, an Externally Secured connector`
          : `Add ${ip} to the remote IP ranges of ${target.name}, which already allows anonymous relay`,
        grants: rights,
        tradeoff: externallySecured
          ? `No new connector, but ${target.name} is Externally Secured: ${ip} would also bypass anti-spam, be accepted as any sender (your own domains included), skip the message size limit and be treated as internal — everything every other host on it gets.`
          : `No new connector: ${ip} gets what every host on ${target.name} gets — relay for anonymous sessions, while anti-spam, size limits and sender checks still apply. Scoping it there also ties ${ip} to whatever that connector is changed to later.`,
        shell: `$c = Get-ReceiveConnector -Identity ${identity}\n$c.RemoteIPRanges += ${psQuote(ip)}\nSet-ReceiveConnector -Identity ${identity} -RemoteIPRanges $c.RemoteIPRanges`,
        connectorId: target.id,
      } satisfies Fix;
    });
}

/** Rights that trust the sender beyond relay: each weighs more than any count of ordinary rights when fixes are ranked. */
const TRUST_RIGHTS = new Set<string>([
  'ms-Exch-SMTP-Accept-Any-Sender',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
  'ms-Exch-Bypass-Anti-Spam',
  'ms-Exch-Bypass-Message-Size-Limit',
  'ms-Exch-SMTP-Accept-Exch50',
  'ms-Exch-SMTP-Accept-Authentication-Flag',
  'ms-Exch-Accept-Headers-Forest',
  'ms-Exch-Accept-Headers-Organization',
]);

const privilegeOf = (fix: Fix) => fix.grants.reduce((sum, g) => sum + (TRUST_RIGHTS.has(g) ? 100 : 1), 0);

/** Least privilege first; for equal privilege, changing an existing connector before creating one. */
export function rankByPrivilege(fixes: readonly Fix[]): Fix[] {
  const existing = (f: Fix) => (f.connectorId && !f.connectorDraft ? 0 : 1);
  return [...fixes].sort((a, b) => privilegeOf(a) - privilegeOf(b) || existing(a) - existing(b));
}

const signInConnectorByContext = new WeakMap<ServerContext, ConnectorState | null>();

/** The first connector where Authenticated Users may sign in, submit and relay (kept per context, as above). */
function signInRelayConnector(ctx: ServerContext): ConnectorState | null {
  if (signInConnectorByContext.has(ctx)) return signInConnectorByContext.get(ctx)!;
  const found =
    ctx.connectors.find((c) => {
      if (!c.enabled || c.authMechanism.includes('ExternalAuthoritative')) return false;
      if (!c.authMechanism.some((m) => m === 'BasicAuth' || m === 'Integrated')) return false;
      const rights = grantedRights(evaluateRights(compiledAclOf(c, ctx), [AUTHENTICATED_USERS]));
      return rights.has('ms-Exch-SMTP-Submit') && rights.has(RELAY_RIGHT);
    }) ?? null;
  signInConnectorByContext.set(ctx, found);
  return found;
}

/** Signing in: a connector where Authenticated Users may submit and relay, if the server has one. */
export function authenticate(fc: FixContext): Fix | null {
  const candidate = signInRelayConnector(fc.ctx);
  if (!candidate) return null;
  return {
    kind: 'authenticate',
    title: `Have the application sign in with a mailbox account on ${candidate.name} (${candidate.bindings.join(', ')})`,
    grants: [...EXCHANGE_USERS_RIGHTS],
    tradeoff:
      'No connector change and every message is traceable to an account, but the application must support SMTP AUTH (ideally after STARTTLS) and may only send as the account\'s own addresses or those it holds Send-As on.',
    shell: '',
    connectorId: candidate.id,
  };
}

export function addAnonymousUsers(fc: FixContext): Fix {
  const draft = scopedDraft(fc, `Anonymous ${fc.request.remoteIp}`, ['Tls'], ['AnonymousUsers']);
  return {
    kind: 'addAnonymousUsers',
    title: `A connector for ${fc.request.remoteIp} with the Anonymous users permission group`,
    grants: [...ANONYMOUS_USERS_RIGHTS],
    tradeoff:
      'Lets that host submit anonymously to accepted domains only (no relay). Adding Anonymous users to the default connector instead would open it to every address it serves.',
    shell: newConnectorShell(draft),
    connectorDraft: draft,
  };
}

function grantRight(fc: FixContext, user: string, right: string, why: string): Fix | null {
  if (!fc.connector) return null;
  return {
    kind: 'grantRight',
    title: `Grant ${right} to ${user} on ${fc.connector.name}`,
    grants: [right],
    tradeoff: why,
    shell: permissionCommand(connectorIdentity(fc.ctx.server.name, fc.connector.name), 'Add', user, [right], false),
    connectorId: fc.connector.id,
  };
}

/** The fixes for what went wrong, most specific first. */
export function fixesFor(refusals: readonly Refusal[], fc: FixContext, identityName: string): Fix[] {
  const fixes: Fix[] = [];
  const first = refusals[0];
  if (!first) return fixes;
  const relayNeeded = fc.request.rcptTo.length > 0 && refusals.some((r) => r.kind === 'relay');
  const push = (f: Fix | null) => {
    if (f) fixes.push(f);
  };
  switch (first.kind) {
    case 'relay':
    case 'submit':
      if (first.kind === 'relay' || relayNeeded || recipientsNeedRelay(fc)) {
        const relayFixes = [option2(fc), option1(fc), ...scopeExistingConnectors(fc), authenticate(fc)].filter((f): f is Fix => f !== null);
        fixes.push(...rankByPrivilege(relayFixes));
      } else {
        push(addAnonymousUsers(fc));
        push(authenticate(fc));
      }
      break;
    case 'sender':
      push({
        kind: 'useOwnAddress',
        title: 'Send from an address the sender is allowed to use',
        grants: [],
        tradeoff: 'No configuration change; the application must be reconfigured.',
        shell: '',
      });
      push(
        grantRight(
          fc,
          identityName,
          first.internal ? 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender' : 'ms-Exch-SMTP-Accept-Any-Sender',
          first.internal
            ? 'Lets this identity send as any address in your own domains — the classic self-spoofing hole on Internet-facing connectors.'
            : 'Lets this identity send as any outside address.',
        ),
      );
      break;
    case 'size':
      if (fc.connector)
        fixes.push({
          kind: 'raiseLimit',
          title: `Raise MaxMessageSize on ${fc.connector.name} above ${first.bytes} bytes`,
          grants: [],
          tradeoff: 'Larger messages for every sender on this connector.',
          shell: `Set-ReceiveConnector -Identity ${psQuote(connectorIdentity(fc.ctx.server.name, fc.connector.name))} -MaxMessageSize ${psQuote(`${Math.ceil(first.bytes / (1024 * 1024))}MB`)}`,
          connectorId: fc.connector.id,
        });
      break;
    case 'recipients':
      if (fc.connector) {
        const wanted = Math.max(fc.request.rcptTo.length, (fc.request.script ?? []).filter((l) => /^RCPT TO:/i.test(l)).length);
        fixes.push({
          kind: 'raiseLimit',
          title: `Raise MaxRecipientsPerMessage on ${fc.connector.name} to ${wanted}, or split the message`,
          grants: [],
          tradeoff: 'Every sender on this connector may then address that many recipients in one message.',
          shell: `Set-ReceiveConnector -Identity ${psQuote(connectorIdentity(fc.ctx.server.name, fc.connector.name))} -MaxRecipientsPerMessage ${wanted}`,
          connectorId: fc.connector.id,
        });
      }
      break;
    case 'requireTls':
      fixes.push({
        kind: 'enableTls',
        title: 'Configure the client to use STARTTLS',
        grants: [],
        tradeoff: 'The connector requires TLS on purpose; turning RequireTLS off would allow unencrypted mail.',
        shell: '',
      });
      break;
    default:
      break;
  }
  return fixes;
}

/** True when some recipient of the case is outside every accepted domain (relay would be needed later). */
function recipientsNeedRelay(fc: FixContext): boolean {
  return fc.request.rcptTo.some((r) => bestAcceptedDomain(domainOf(r) ?? '', fc.ctx.acceptedDomains) === null);
}

/** Fixes when no connector answers: add a binding, or a connector whose ranges contain the client. */
export function noConnectorFixes(fc: FixContext, listening: boolean): Fix[] {
  const ip = parseIpAddress(fc.request.remoteIp);
  if (!ip.ok) return [];
  const draft = scopedDraft(fc, `Receive ${fc.request.remoteIp}`, ['Tls'], ['AnonymousUsers']);
  return [
    {
      kind: listening ? 'scopeConnector' : 'addBinding',
      title: listening
        ? `No connector on ${fc.request.localEndpoint} accepts ${fc.request.remoteIp}: create one scoped to it`
        : `Nothing listens on ${fc.request.localEndpoint}: create a connector bound to it, or point the client at a port that is bound`,
      grants: [...ANONYMOUS_USERS_RIGHTS],
      tradeoff: 'A new listener; check the firewall and that the address is on a local adapter.',
      shell: newConnectorShell({ ...draft, bindings: [fc.request.localEndpoint] }),
      connectorDraft: listening ? draft : { ...draft, bindings: [fc.request.localEndpoint] },
    },
  ];
}
