import type { PermissionGroup, ServerRole } from '../model/schemas.ts';
import type { ReceiveRight } from '../model/rights.ts';
import {
  ANONYMOUS_LOGON,
  AUTHENTICATED_USERS,
  EDGE_TRANSPORT_SERVERS,
  EXTERNALLY_SECURED_SERVERS,
  HUB_TRANSPORT_SERVERS,
  PARTNER_SERVERS,
  exchangeLegacyInterop,
  exchangeServersGroup,
} from '../model/principals.ts';

/** The ACEs one permission group writes for one principal (§2.1, §2.2). */
export interface GroupAce {
  group: PermissionGroup;
  user: string;
  allow: readonly ReceiveRight[];
  deny: readonly ReceiveRight[];
}

/**
 * AnonymousUsers includes Accept-Authoritative-Domain-Sender: sources disagree (§2.4 item 1); the reference
 * recommends "yes" for 2007 SP1+, so we model it, and keep it here as data so it can be changed in one place.
 */
export const ANONYMOUS_USERS_RIGHTS: readonly ReceiveRight[] = [
  'ms-Exch-SMTP-Submit',
  'ms-Exch-SMTP-Accept-Any-Sender',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
  'ms-Exch-Accept-Headers-Routing',
];

export const EXCHANGE_USERS_RIGHTS: readonly ReceiveRight[] = [
  'ms-Exch-SMTP-Submit',
  'ms-Exch-SMTP-Accept-Any-Recipient',
  'ms-Exch-Bypass-Anti-Spam',
  'ms-Exch-Accept-Headers-Routing',
];

/** The nine rights Externally Secured Servers gets from the ExchangeServers group (§3) — "Option 1". */
export const EXTERNALLY_SECURED_RIGHTS: readonly ReceiveRight[] = [
  'ms-Exch-SMTP-Submit',
  'ms-Exch-SMTP-Accept-Any-Recipient',
  'ms-Exch-SMTP-Accept-Authentication-Flag',
  'ms-Exch-SMTP-Accept-Any-Sender',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
  'ms-Exch-Bypass-Anti-Spam',
  'ms-Exch-Bypass-Message-Size-Limit',
  'ms-Exch-SMTP-Accept-Exch50',
  'ms-Exch-Accept-Headers-Routing',
];

/** Exchange 2007 (E12) server rights: the nine plus the forest and organization headers (11 rights). */
export const EXCHANGE_SERVERS_RIGHTS: readonly ReceiveRight[] = [
  ...EXTERNALLY_SECURED_RIGHTS,
  'ms-Exch-Accept-Headers-Forest',
  'ms-Exch-Accept-Headers-Organization',
];

export const LEGACY_SERVERS_RIGHTS: readonly ReceiveRight[] = EXTERNALLY_SECURED_RIGHTS;
export const LEGACY_SERVERS_DENIED: readonly ReceiveRight[] = [
  'ms-Exch-Accept-Headers-Forest',
  'ms-Exch-Accept-Headers-Organization',
];

export const PARTNERS_RIGHTS: readonly ReceiveRight[] = ['ms-Exch-SMTP-Submit', 'ms-Exch-Accept-Headers-Routing'];

/** The EMC 2007 labels (§11.2) so the console uses the words admins know. */
export const PERMISSION_GROUP_LABELS: Record<PermissionGroup, string> = {
  AnonymousUsers: 'Anonymous users',
  ExchangeUsers: 'Exchange users',
  ExchangeServers: 'Exchange servers',
  ExchangeLegacyServers: 'Legacy Exchange Servers',
  Partners: 'Partners',
};

/** A read-back group as the console names it; `Custom` is Exchange's own word for permissions no group explains. */
export function permissionGroupLabel(group: PermissionGroup | 'Custom'): string {
  return group === 'Custom' ? 'Custom' : PERMISSION_GROUP_LABELS[group];
}

/** Groups a role cannot take at all (New-ReceiveConnector refuses them, §2.2). */
export const UNSUPPORTED_GROUPS: Record<ServerRole, readonly PermissionGroup[]> = {
  HubTransport: [],
  Edge: ['ExchangeLegacyServers'],
};

/**
 * The ACEs a group writes on a server of the given role. `domain` is the organisation's NetBIOS domain
 * (for `<Domain>\Exchange Servers` and `<Domain>\ExchangeLegacyInterop`).
 */
export function groupAces(group: PermissionGroup, role: ServerRole, domain: string): GroupAce[] {
  const ace = (user: string, allow: readonly ReceiveRight[], deny: readonly ReceiveRight[] = []): GroupAce => ({
    group,
    user,
    allow,
    deny,
  });
  switch (group) {
    case 'AnonymousUsers':
      return [ace(ANONYMOUS_LOGON, ANONYMOUS_USERS_RIGHTS)];
    case 'ExchangeUsers':
      // On Edge the reference says to hide it in the UI but still model the ACE (§2.4 item 2).
      return [ace(AUTHENTICATED_USERS, EXCHANGE_USERS_RIGHTS)];
    case 'ExchangeServers': {
      const servers = role === 'Edge' ? [] : [ace(exchangeServersGroup(domain), EXCHANGE_SERVERS_RIGHTS)];
      return [
        ...servers,
        ace(HUB_TRANSPORT_SERVERS, EXCHANGE_SERVERS_RIGHTS),
        ace(EDGE_TRANSPORT_SERVERS, EXCHANGE_SERVERS_RIGHTS),
        ace(EXTERNALLY_SECURED_SERVERS, EXTERNALLY_SECURED_RIGHTS),
      ];
    }
    case 'ExchangeLegacyServers':
      return role === 'Edge' ? [] : [ace(exchangeLegacyInterop(domain), LEGACY_SERVERS_RIGHTS, LEGACY_SERVERS_DENIED)];
    case 'Partners':
      return [ace(PARTNER_SERVERS, PARTNERS_RIGHTS)];
  }
}

export const SETTABLE_GROUPS: readonly PermissionGroup[] = [
  'AnonymousUsers',
  'ExchangeUsers',
  'ExchangeServers',
  'ExchangeLegacyServers',
  'Partners',
];

/** Every ACE any group writes on this role: the "remove defaults" list of §2.5 and the read-back's table. */
export function allGroupAces(role: ServerRole, domain: string): GroupAce[] {
  return SETTABLE_GROUPS.flatMap((g) => groupAces(g, role, domain));
}
