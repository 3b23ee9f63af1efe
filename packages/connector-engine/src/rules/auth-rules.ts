import type { Problem } from '../connector/state.ts';
import type { ConnectorState } from '../connector/state.ts';
import { hasAuth } from '../connector/state.ts';
import type { PermissionGroupReadBack } from '../model/schemas.ts';
import { AUTH_MECHANISM_LABELS } from '../model/labels.ts';

/**
 * Authentication combination rules (§3.1, §4.1; Exchange's ReceiveConnector.ValidateWrite). Exchange's English
 * error texts are not known [UNVERIFIED, §3.1]: the messages are ours and say what to change; the codes map to
 * Exchange's resource identifiers, named in each comment.
 */
export interface RuleSubject {
  connector: ConnectorState;
  /** PermissionGroups as read back from the connector's ACL. */
  groups: readonly PermissionGroupReadBack[];
}

type Rule = (s: RuleSubject) => Problem | null;

/** ExternalAuthoritativeWithoutExchangeServerPermission. */
export const externalAuthoritativeRequiresExchangeServers: Rule = ({ connector, groups }) =>
  hasAuth(connector, 'ExternalAuthoritative') && !groups.includes('ExchangeServers')
    ? {
        code: 'EXTERNAL_AUTHORITATIVE_REQUIRES_EXCHANGE_SERVERS',
        paths: ['authMechanism', 'permissionGroups'],
        message:
          'Externally Secured gives every session the Externally Secured Servers identity, whose rights the Exchange servers permission group writes. Turn on the Exchange servers permission group first, or clear Externally Secured.',
      }
    : null;

/** ExternalAndAuthSet: only Tls may accompany ExternalAuthoritative. */
export const externalAuthoritativeWithAuth: Rule = ({ connector }) => {
  if (!hasAuth(connector, 'ExternalAuthoritative')) return null;
  const others = connector.authMechanism.filter((m) => m !== 'ExternalAuthoritative' && m !== 'Tls');
  return others.length === 0
    ? null
    : {
        code: 'EXTERNAL_AUTHORITATIVE_WITH_AUTH',
        paths: ['authMechanism'],
        message: `Externally Secured can only be combined with Transport Layer Security (TLS). Clear ${others.map((m) => `"${AUTH_MECHANISM_LABELS[m]}"`).join(' and ')}, or clear Externally Secured.`,
      };
};

/** BasicAfterTLSWithoutTLS. */
export const basicAfterTlsWithoutTls: Rule = ({ connector }) =>
  hasAuth(connector, 'BasicAuthRequireTLS') && !hasAuth(connector, 'Tls')
    ? {
        code: 'BASIC_AFTER_TLS_WITHOUT_TLS',
        paths: ['authMechanism'],
        message:
          '"Offer Basic authentication only after starting TLS" needs Transport Layer Security (TLS). Turn on TLS, or clear that option.',
      }
    : null;

/** BasicAfterTLSWithoutBasic. */
export const basicAfterTlsWithoutBasic: Rule = ({ connector }) =>
  hasAuth(connector, 'BasicAuthRequireTLS') && !hasAuth(connector, 'BasicAuth')
    ? {
        code: 'BASIC_AFTER_TLS_WITHOUT_BASIC',
        paths: ['authMechanism'],
        message:
          '"Offer Basic authentication only after starting TLS" is an option of Basic Authentication. Turn on Basic Authentication, or clear that option.',
      }
    : null;

/** RequireTLSWithoutTLS. */
export const requireTlsWithoutTls: Rule = ({ connector }) =>
  connector.requireTLS && !hasAuth(connector, 'Tls')
    ? {
        code: 'REQUIRE_TLS_WITHOUT_TLS',
        paths: ['requireTLS', 'authMechanism'],
        message: 'Require TLS needs Transport Layer Security (TLS) among the authentication mechanisms. Turn on TLS, or clear Require TLS.',
      }
    : null;

/** DomainSecureEnabledWithoutTls. */
export const domainSecureWithoutTls: Rule = ({ connector }) =>
  connector.domainSecureEnabled && !hasAuth(connector, 'Tls')
    ? {
        code: 'DOMAIN_SECURE_WITHOUT_TLS',
        paths: ['domainSecureEnabled', 'authMechanism'],
        message:
          'Enable Domain Security (Mutual Auth TLS) needs Transport Layer Security (TLS). Turn on TLS, or turn off Domain Security.',
      }
    : null;

/** DomainSecureEnabledWithExternalAuthoritative. */
export const domainSecureWithExternalAuthoritative: Rule = ({ connector }) =>
  connector.domainSecureEnabled && hasAuth(connector, 'ExternalAuthoritative')
    ? {
        code: 'DOMAIN_SECURE_WITH_EXTERNAL_AUTHORITATIVE',
        paths: ['domainSecureEnabled', 'authMechanism'],
        message: 'Domain Security cannot be used on an Externally Secured connector. Turn off Domain Security, or clear Externally Secured.',
      }
    : null;

export const AUTH_RULES: readonly Rule[] = [
  externalAuthoritativeRequiresExchangeServers,
  externalAuthoritativeWithAuth,
  basicAfterTlsWithoutTls,
  basicAfterTlsWithoutBasic,
  requireTlsWithoutTls,
  domainSecureWithoutTls,
  domainSecureWithExternalAuthoritative,
];

/**
 * A warning, not an error (Exchange saves it): the Exchange users group lets directory accounts submit and relay
 * once they sign in, but a connector that offers neither Basic nor Integrated Windows authentication gives them
 * no way to sign in, so the group grants nothing there.
 */
export function exchangeUsersWithoutSignIn(groups: readonly PermissionGroupReadBack[], authMechanism: readonly string[]): Problem | null {
  if (!groups.includes('ExchangeUsers')) return null;
  if (authMechanism.includes('BasicAuth') || authMechanism.includes('Integrated')) return null;
  return {
    code: 'EXCHANGE_USERS_WITHOUT_SIGN_IN',
    paths: ['permissionGroups', 'authMechanism'],
    message:
      'Exchange users is ticked, but this connector offers no way to sign in: turn on Basic Authentication or Integrated Windows authentication, or the group grants nothing here.',
  };
}
