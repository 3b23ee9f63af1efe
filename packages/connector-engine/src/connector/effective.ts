import { EXTERNALLY_SECURED_SERVERS } from '../model/principals.ts';
import { compileAcl, evaluateRights, type RightDecision } from '../permissions/evaluate.ts';
import { allGroupAces } from '../permissions/group-tables.ts';
import { formatIdentity, resolveIdentity, type SessionIdentity } from '../permissions/identity.ts';
import { compiledAclOf, fullAcl, hasAuth, type ConnectorState, type ServerContext } from './state.ts';

export interface EffectivePermissions {
  /** `anonymous`, `user:CONTOSO\alice`… for a session, or the principal's name for a principal row. */
  identity: string;
  displayName: string;
  sids: string[];
  rights: RightDecision[];
  /** Context the matrix shows next to the row. */
  note?: string;
}

/** Rights of one session kind on a connector, with provenance (§9.3). */
export function sessionPermissions(state: ConnectorState, ctx: ServerContext, identity: SessionIdentity): EffectivePermissions {
  const resolved = resolveIdentity(identity, ctx.directory, ctx.server.role, ctx.domain);
  return {
    identity: formatIdentity(identity),
    displayName: resolved.displayName,
    sids: resolved.sids,
    rights: evaluateRights(compiledAclOf(state, ctx), resolved.sids),
  };
}

/**
 * The principals × rights matrix: every principal a permission group writes for on this role, and every
 * principal of an explicit or inherited entry, each evaluated on its own SID.
 */
export function principalPermissions(state: ConnectorState, ctx: ServerContext): EffectivePermissions[] {
  const acl = fullAcl(state, ctx);
  const compiled = compileAcl(acl);
  const names = new Map<string, string>();
  for (const ace of allGroupAces(ctx.server.role, ctx.domain)) names.set(ace.user.toLowerCase(), ace.user);
  for (const e of acl) if (!names.has(e.user.toLowerCase())) names.set(e.user.toLowerCase(), e.user);
  const externallySecured = hasAuth(state, 'ExternalAuthoritative');
  return [...names.values()].map((user) => ({
    identity: user,
    displayName: user,
    sids: [user],
    rights: evaluateRights(compiled, [user]),
    ...(user === EXTERNALLY_SECURED_SERVERS
      ? {
          note: externallySecured
            ? 'Every session on this connector has this identity, because its authentication includes Externally Secured (ExternalAuthoritative).'
            : 'No session gets this identity here: the connector is not Externally Secured, so these rights are unused.',
        }
      : {}),
  }));
}

const holds = (p: EffectivePermissions, right: string) => p.rights.some((r) => r.right === right && r.granted);
const RELAY = 'ms-Exch-SMTP-Accept-Any-Recipient';
const SUBMIT = 'ms-Exch-SMTP-Submit';

/** One sentence answering "who can relay through this connector?". */
export function relaySummary(state: ConnectorState, ctx: ServerContext): string {
  const scope = state.remoteIPRanges.join(', ');
  if (hasAuth(state, 'ExternalAuthoritative')) {
    const p = sessionPermissions(state, ctx, { kind: 'externallySecured' });
    return holds(p, SUBMIT) && holds(p, RELAY)
      ? `Any host in ${scope} can relay without signing in: the connector is Externally Secured, so every session is trusted with the Externally Secured Servers rights.`
      : `Nobody can relay: the connector is Externally Secured but the Externally Secured Servers identity lacks ${holds(p, SUBMIT) ? RELAY : SUBMIT}.`;
  }
  const who: string[] = [];
  const anonymous = sessionPermissions(state, ctx, { kind: 'anonymous' });
  if (holds(anonymous, SUBMIT) && holds(anonymous, RELAY)) who.push(`any host in ${scope} without signing in (anonymous relay)`);
  const signedIn = state.authMechanism.some((m) => m === 'BasicAuth' || m === 'Integrated');
  const users = sessionPermissions(state, ctx, { kind: 'user', name: 'NT AUTHORITY\\Authenticated Users' });
  if (signedIn && holds(users, SUBMIT) && holds(users, RELAY)) who.push('users who sign in with a domain account');
  if (state.authMechanism.includes('ExchangeServer')) {
    const servers = sessionPermissions(state, ctx, { kind: 'exchangeServer' });
    if (holds(servers, SUBMIT) && holds(servers, RELAY)) who.push('Exchange servers that authenticate');
  }
  return who.length > 0
    ? `Relay is allowed for ${who.join('; ')}.`
    : 'Nobody can relay through this connector: mail is only accepted for your accepted domains.';
}
