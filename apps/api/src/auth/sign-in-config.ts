import { readFileSync } from 'node:fs';
import { FilterParser, type Filter } from 'ldapts';
import { parseRoleGrants, type RoleGrant } from './role-mapping.ts';
import { checkUserFilter, USERNAME_PLACEHOLDER } from './ldap-filter.ts';

export interface LdapConfig {
  /** Tried in order; the next one only when a server cannot be reached. */
  urls: string[];
  /** PEM text of the CA(s) that signed the directory's certificate; the system store when absent. */
  ca: string | undefined;
  caFile: string | undefined;
  /** A service account that finds users and reads their groups; absent = direct bind as the user. */
  service: { dn: string; password: string } | null;
  /** Direct bind only: the name the user binds with, `{username}` replaced (e.g. `{username}@contoso.com`). */
  bindTemplate: string | null;
  userBase: string;
  userFilterText: string;
  userFilter: Filter;
  roleGroups: RoleGrant[];
  allowPlain: boolean;
  timeoutMs: number;
  /** How often a live session is re-checked against the directory (service account only); 0 = never. */
  recheckMs: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  roleClaim: string;
  roleValues: RoleGrant[];
  /** The name shown on the sign-in button. */
  displayName: string;
}

export interface SignInConfig {
  local: boolean;
  ldap: LdapConfig | null;
  oidc: OidcConfig | null;
}

/** Active Directory: a user that is enabled (bit 2 of userAccountControl clear), by either name form. */
export const DEFAULT_USER_FILTER =
  '(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2))(|(sAMAccountName={username})(userPrincipalName={username})))';

const LDAP_GROUPS_EXAMPLE = 'admin=CN=Exchange Organization Administrators,OU=Groups,DC=contoso,DC=com;helpdesk=CN=Help Desk,OU=Groups,DC=contoso,DC=com';
const OIDC_VALUES_EXAMPLE = 'admin=exchange-admins;helpdesk=help-desk';

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value !== '0' && value !== '1') throw new Error(`${name} must be 0 or 1, not ${value}`);
  return value === '1';
}

function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is required ${why}`);
  return value;
}

function readLdap(env: NodeJS.ProcessEnv, readFile: (path: string) => string): LdapConfig | null {
  if (!env.LDAP_URL?.trim()) return null;
  const allowPlain = flag(env, 'LDAP_ALLOW_PLAIN', false);
  const urls = env.LDAP_URL.split(',').map((u) => u.trim()).filter((u) => u !== '');
  for (const url of urls) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      // reported below
    }
    if (!parsed || !/^ldaps?:$/.test(parsed.protocol) || parsed.hostname === '' || (parsed.pathname !== '' && parsed.pathname !== '/'))
      throw new Error(`LDAP_URL must list servers such as ldaps://dc1.contoso.com:636 or ldap://dc1.contoso.com (StartTLS), not ${url}`);
  }
  const caFile = env.LDAP_CA_FILE?.trim() || undefined;
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFile(caFile);
    } catch (error) {
      throw new Error(`LDAP_CA_FILE cannot be read (${(error as Error).message}); give the path of the PEM file of the CA that signed the directory's certificate`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`LDAP_CA_FILE ${caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }

  const bindDn = env.LDAP_BIND_DN?.trim() || undefined;
  const bindPassword = env.LDAP_BIND_PASSWORD ?? '';
  const direct = bindDn === undefined || bindDn.includes(USERNAME_PLACEHOLDER);
  // An empty password makes a simple bind anonymous (RFC 4513 §5.1.2): the service account must have one.
  if (!direct && bindPassword === '')
    throw new Error('LDAP_BIND_PASSWORD is required with LDAP_BIND_DN: a bind with an empty password is anonymous and is never made');
  if (direct && bindDn === undefined) throw new Error(`LDAP_BIND_DN is required: a service account DN (with LDAP_BIND_PASSWORD), or for direct bind a template such as {username}@contoso.com`);

  const userFilterText = env.LDAP_USER_FILTER?.trim() || DEFAULT_USER_FILTER;
  let userFilter: Filter;
  try {
    userFilter = FilterParser.parseString(userFilterText);
  } catch (error) {
    throw new Error(`LDAP_USER_FILTER is not an LDAP filter (${(error as Error).message}); the default is ${DEFAULT_USER_FILTER}`);
  }
  const problem = checkUserFilter(userFilter);
  if (problem) throw new Error(`LDAP_USER_FILTER ${problem}`);

  const timeout = env.LDAP_TIMEOUT_MS === undefined ? 5000 : Number(env.LDAP_TIMEOUT_MS);
  if (!Number.isInteger(timeout) || timeout < 100 || timeout > 60_000) throw new Error(`LDAP_TIMEOUT_MS must be whole milliseconds from 100 to 60000, not ${env.LDAP_TIMEOUT_MS}`);

  const recheck = env.LDAP_RECHECK_MINUTES === undefined ? 5 : Number(env.LDAP_RECHECK_MINUTES);
  if (!Number.isInteger(recheck) || recheck < 0 || recheck > 24 * 60)
    throw new Error(`LDAP_RECHECK_MINUTES must be whole minutes from 0 (never) to 1440, not ${env.LDAP_RECHECK_MINUTES}`);
  return {
    recheckMs: recheck * 60_000,
    urls,
    ca,
    caFile,
    service: direct ? null : { dn: bindDn, password: bindPassword },
    bindTemplate: direct ? bindDn : null,
    userBase: required(env, 'LDAP_USER_BASE', 'with LDAP_URL: the DN under which users are searched, e.g. DC=contoso,DC=com'),
    userFilterText,
    userFilter,
    roleGroups: parseRoleGrants('LDAP_ROLE_GROUPS', required(env, 'LDAP_ROLE_GROUPS', `with LDAP_URL, e.g. ${LDAP_GROUPS_EXAMPLE}`), LDAP_GROUPS_EXAMPLE),
    allowPlain,
    timeoutMs: timeout,
  };
}

function readOidc(env: NodeJS.ProcessEnv): OidcConfig | null {
  if (!env.OIDC_ISSUER?.trim()) return null;
  const issuer = env.OIDC_ISSUER.trim();
  const redirectUrl = required(env, 'OIDC_REDIRECT_URL', 'with OIDC_ISSUER, e.g. https://console.contoso.com/api/session/oidc/callback');
  for (const [name, value] of [['OIDC_ISSUER', issuer], ['OIDC_REDIRECT_URL', redirectUrl]] as const) {
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      // reported below
    }
    const local = url !== null && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
    if (!url || (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)))
      throw new Error(`${name} must be an https:// URL (http:// only on this machine, for testing), not ${value}`);
  }
  if (!new URL(redirectUrl).pathname.endsWith('/api/session/oidc/callback'))
    throw new Error(`OIDC_REDIRECT_URL must end with /api/session/oidc/callback (the console's callback), not ${redirectUrl}`);
  return {
    issuer,
    clientId: required(env, 'OIDC_CLIENT_ID', 'with OIDC_ISSUER: the client (application) ID registered at the provider'),
    clientSecret: required(env, 'OIDC_CLIENT_SECRET', 'with OIDC_ISSUER: the client secret registered at the provider'),
    redirectUrl,
    roleClaim: env.OIDC_ROLE_CLAIM?.trim() || 'groups',
    roleValues: parseRoleGrants('OIDC_ROLE_VALUES', required(env, 'OIDC_ROLE_VALUES', `with OIDC_ISSUER, e.g. ${OIDC_VALUES_EXAMPLE}`), OIDC_VALUES_EXAMPLE),
    displayName: env.OIDC_DISPLAY_NAME?.trim() || 'single sign-on',
  };
}

/** Reads the ways in; a wrong value stops the process at start-up with the variable's name and the fix. */
export function readSignInConfig(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): SignInConfig {
  const ldap = readLdap(env, readFile);
  const oidc = readOidc(env);
  const local = flag(env, 'LOCAL_SIGN_IN', true);
  if (!local && !ldap && !oidc) throw new Error('LOCAL_SIGN_IN=0 needs LDAP_URL or OIDC_ISSUER: with no way in, nobody could sign in');
  return { local, ldap, oidc };
}

export const LOCAL_ONLY: SignInConfig = { local: true, ldap: null, oidc: null };
