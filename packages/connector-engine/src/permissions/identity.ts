import type { Principal, ServerRole } from '../model/schemas.ts';
import {
  ANONYMOUS_LOGON,
  AUTHENTICATED_USERS,
  EVERYONE,
  EXTERNALLY_SECURED_SERVERS,
  HUB_TRANSPORT_SERVERS,
  PARTNER_SERVERS,
  exchangeServersGroup,
} from '../model/principals.ts';

/** The kinds of SMTP session whose rights the console evaluates (§9.3). */
export type SessionIdentity =
  | { kind: 'anonymous' }
  | { kind: 'externallySecured' }
  | { kind: 'partner' }
  | { kind: 'exchangeServer' }
  | { kind: 'user'; name: string };

export interface ResolvedIdentity {
  identity: SessionIdentity;
  /** The name Exchange shows for the session. */
  displayName: string;
  sids: string[];
}

/** `anonymous`, `externallySecured`, `partner`, `exchangeServer` or `user:DOMAIN\name` (the API's query form). */
export function parseIdentity(text: string): SessionIdentity | null {
  if (text === 'anonymous' || text === 'externallySecured' || text === 'partner' || text === 'exchangeServer')
    return { kind: text };
  if (text.startsWith('user:') && text.length > 5) return { kind: 'user', name: text.slice(5) };
  return null;
}

export function formatIdentity(identity: SessionIdentity): string {
  return identity.kind === 'user' ? `user:${identity.name}` : identity.kind;
}

/** Direct and transitive group memberships of an account, cycles tolerated. */
export function transitiveGroups(name: string, directory: readonly Principal[]): string[] {
  const byName = new Map(directory.map((p) => [p.name.toLowerCase(), p]));
  const seen = new Set<string>();
  const out: string[] = [];
  const queue = [...(byName.get(name.toLowerCase())?.memberOf ?? [])];
  while (queue.length > 0) {
    const group = queue.shift()!;
    const key = group.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(byName.get(key)?.name ?? group);
    queue.push(...(byName.get(key)?.memberOf ?? []));
  }
  return out;
}

/**
 * SID set per session kind (§9.3). Two choices the reference leaves open, kept here:
 * - Anonymous sessions get ANONYMOUS LOGON only, not Everyone [UNVERIFIED, §13 item 4].
 * - Exchange Server authentication: the reference does not settle whether the receive side uses the remote
 *   computer account's token or the well-known Hub/Edge SIDs [UNVERIFIED, §13 item 8]. We give the union a
 *   remote Hub would carry: `<Domain>\Exchange Servers` (not on Edge, which has no domain groups),
 *   Hub Transport Servers, Authenticated Users and Everyone. On Edge, a subscribed Hub is Hub Transport Servers.
 */
export function resolveIdentity(
  identity: SessionIdentity,
  directory: readonly Principal[],
  role: ServerRole,
  domain: string,
): ResolvedIdentity {
  switch (identity.kind) {
    case 'anonymous':
      return { identity, displayName: ANONYMOUS_LOGON, sids: [ANONYMOUS_LOGON] };
    case 'externallySecured':
      return { identity, displayName: EXTERNALLY_SECURED_SERVERS, sids: [EXTERNALLY_SECURED_SERVERS] };
    case 'partner':
      return { identity, displayName: PARTNER_SERVERS, sids: [PARTNER_SERVERS] };
    case 'exchangeServer':
      return role === 'Edge'
        ? { identity, displayName: HUB_TRANSPORT_SERVERS, sids: [HUB_TRANSPORT_SERVERS] }
        : {
            identity,
            displayName: HUB_TRANSPORT_SERVERS,
            sids: [exchangeServersGroup(domain), HUB_TRANSPORT_SERVERS, AUTHENTICATED_USERS, EVERYONE],
          };
    case 'user':
      return {
        identity,
        displayName: identity.name,
        sids: [identity.name, ...transitiveGroups(identity.name, directory), AUTHENTICATED_USERS, EVERYONE],
      };
  }
}
