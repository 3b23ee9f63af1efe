import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readSignInConfig, type SignInConfig } from '../auth/sign-in-config.ts';
import type { PrivateSlapd } from './private-slapd.ts';
import { cookieFrom, type SignedInSession } from './helpers.ts';

export const ADMIN_GROUP = 'CN=Exchange Organization Administrators,OU=Groups,DC=contoso,DC=test';
export const HELPDESK_GROUP = 'cn=Help Desk,ou=Groups,dc=contoso,dc=test';

/** The sign-in configuration an admin would write for the test directory, read through the real parser. */
export function ldapConfig(slapd: PrivateSlapd, env: Record<string, string> = {}): SignInConfig {
  return readSignInConfig({
    LDAP_URL: slapd.ldapsUrl,
    LDAP_CA_FILE: slapd.caFile,
    LDAP_BIND_DN: 'cn=svc-console,ou=Service Accounts,dc=contoso,dc=test',
    LDAP_BIND_PASSWORD: 'service account secret 1',
    LDAP_USER_BASE: 'ou=Users,dc=contoso,dc=test',
    LDAP_ROLE_GROUPS: `admin=${ADMIN_GROUP};helpdesk=${HELPDESK_GROUP}`,
    LDAP_TIMEOUT_MS: '3000',
    ...env,
  });
}

/** POST /api/session from an address of the test's own, so throttles of other tests do not interfere. */
export function directorySignIn(app: FastifyInstance, username: string, password: string, address: string, method: 'ldap' | 'local' = 'ldap'): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/session', payload: { username, password, method }, remoteAddress: address });
}

export function sessionFrom(app: FastifyInstance, response: LightMyRequestResponse): SignedInSession {
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = cookieFrom(response);
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrfToken,
    request: (opts) =>
      app.inject({ ...opts, headers: { cookie, ...(opts.method && opts.method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}), ...(opts.headers ?? {}) } }),
  };
}
