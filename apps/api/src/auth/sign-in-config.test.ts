import { describe, expect, it } from 'vitest';
import { FilterParser } from 'ldapts';
import { bindUserFilter } from './ldap-filter.ts';
import { DEFAULT_USER_FILTER, readSignInConfig } from './sign-in-config.ts';
import { escapeDnValue, sameDn } from './dn.ts';
import { roleFromGrants } from './role-mapping.ts';

const LDAP = {
  LDAP_URL: 'ldaps://dc1.contoso.com',
  LDAP_BIND_DN: 'CN=svc-console,OU=Service Accounts,DC=contoso,DC=com',
  LDAP_BIND_PASSWORD: 'service secret',
  LDAP_USER_BASE: 'DC=contoso,DC=com',
  LDAP_ROLE_GROUPS: 'admin=CN=Exchange Organization Administrators,OU=Groups,DC=contoso,DC=com;helpdesk=CN=Help Desk,OU=Groups,DC=contoso,DC=com',
};
const OIDC = {
  OIDC_ISSUER: 'https://login.microsoftonline.com/contoso/v2.0',
  OIDC_CLIENT_ID: 'app-id',
  OIDC_CLIENT_SECRET: 'app-secret',
  OIDC_REDIRECT_URL: 'https://console.contoso.com/api/session/oidc/callback',
  OIDC_ROLE_VALUES: 'admin=exchange-admins;helpdesk=help-desk',
};
const read = (env: Record<string, string>) => () => readSignInConfig(env, () => '-----BEGIN CERTIFICATE-----\n');

describe('sign-in configuration', () => {
  it('offers console accounts only when nothing else is set', () => {
    expect(readSignInConfig({})).toEqual({ local: true, ldap: null, oidc: null });
  });

  it('reads an Active Directory setup with AD defaults', () => {
    const config = read(LDAP)();
    expect(config.ldap).toMatchObject({ urls: ['ldaps://dc1.contoso.com'], userFilterText: DEFAULT_USER_FILTER, allowPlain: false, bindTemplate: null });
    expect(config.ldap!.roleGroups.map((g) => g.role)).toEqual(['admin', 'helpdesk']);
  });

  it.each([
    [{ LDAP_URL: 'http://dc1.contoso.com' }, /LDAP_URL must list servers such as ldaps:/],
    [{ LDAP_URL: 'ldaps://dc1.contoso.com/DC=contoso' }, /LDAP_URL/],
    [{ LDAP_BIND_PASSWORD: '' }, /LDAP_BIND_PASSWORD is required .* anonymous/],
    [{ LDAP_BIND_DN: '' }, /LDAP_BIND_DN is required/],
    [{ LDAP_USER_BASE: '' }, /LDAP_USER_BASE is required/],
    [{ LDAP_USER_FILTER: '(sAMAccountName=alice)' }, /must contain \{username\}/],
    [{ LDAP_USER_FILTER: '(sAMAccountName={username}*)' }, /only as a whole value/],
    [{ LDAP_USER_FILTER: '(sAMAccountName={username}' }, /not an LDAP filter/],
    [{ LDAP_ROLE_GROUPS: 'superuser=CN=X' }, /LDAP_ROLE_GROUPS must list role=value pairs/],
    [{ LDAP_ALLOW_PLAIN: 'yes' }, /LDAP_ALLOW_PLAIN must be 0 or 1/],
    [{ LDAP_TIMEOUT_MS: '0' }, /LDAP_TIMEOUT_MS/],
    [{ LDAP_RECHECK_MINUTES: 'soon' }, /LDAP_RECHECK_MINUTES must be whole minutes/],
  ])('refuses %o with a message naming the variable and the fix', (change, message) => {
    expect(read({ ...LDAP, ...change })).toThrow(message);
  });

  it('refuses a CA file that cannot be read or holds no certificate', () => {
    expect(() => readSignInConfig({ ...LDAP, LDAP_CA_FILE: '/no/such/ca.pem' })).toThrow(/LDAP_CA_FILE cannot be read/);
    expect(() => readSignInConfig({ ...LDAP, LDAP_CA_FILE: '/x' }, () => 'hello')).toThrow(/holds no PEM certificate/);
  });

  it('takes a direct-bind template instead of a service account', () => {
    expect(read({ ...LDAP, LDAP_BIND_DN: '{username}@contoso.com', LDAP_BIND_PASSWORD: '' })().ldap).toMatchObject({ service: null, bindTemplate: '{username}@contoso.com' });
  });

  it('reads OpenID Connect and refuses plain http except on this machine', () => {
    expect(read(OIDC)().oidc).toMatchObject({ roleClaim: 'groups', clientId: 'app-id' });
    expect(read({ ...OIDC, OIDC_ISSUER: 'http://idp.contoso.com' })).toThrow(/OIDC_ISSUER must be an https:\/\/ URL/);
    expect(read({ ...OIDC, OIDC_REDIRECT_URL: 'https://console.contoso.com/callback' })).toThrow(/must end with \/api\/session\/oidc\/callback/);
    expect(read({ ...OIDC, OIDC_CLIENT_SECRET: '' })).toThrow(/OIDC_CLIENT_SECRET is required/);
  });

  it('switches console accounts off only when another way in exists', () => {
    expect(read({ LOCAL_SIGN_IN: '0' })).toThrow(/nobody could sign in/);
    expect(read({ ...OIDC, LOCAL_SIGN_IN: '0' })().local).toBe(false);
  });
});

describe('user filter, DNs and the role mapping', () => {
  it('places the typed name into the filter as a value, escaped when shown as text (RFC 4515)', () => {
    const filter = FilterParser.parseString(DEFAULT_USER_FILTER);
    expect(bindUserFilter(filter, 'a*)(cn=\u0000\\').toString()).toContain('(sAMAccountName=a\\2a\\29\\28cn=\\00\\5c)');
    // The parsed template itself is left as it was, for the next sign-in.
    expect(filter.toString()).toContain('(sAMAccountName={username})');
  });

  it('escapes a name placed into a DN (RFC 4514) and compares DNs as directories do', () => {
    expect(escapeDnValue('Smith, John+x=1')).toBe('Smith\\, John\\+x\\=1');
    expect(escapeDnValue(' #lead')).toBe('\\ #lead');
    expect(sameDn('CN=Help Desk, OU=Groups,DC=contoso,DC=com', 'cn=help desk,ou=groups,dc=contoso,dc=com')).toBe(true);
    expect(sameDn('CN=Help Desk,OU=Groups,DC=contoso,DC=com', 'CN=Help Desk 2,OU=Groups,DC=contoso,DC=com')).toBe(false);
  });

  it('gives the strongest mapped role, and none for unmapped values', () => {
    const grants = [
      { role: 'helpdesk' as const, value: 'help-desk' },
      { role: 'admin' as const, value: 'exchange-admins' },
    ];
    expect(roleFromGrants(['help-desk', 'exchange-admins'], grants, (a, b) => a === b)).toEqual({ role: 'admin', grantedBy: 'exchange-admins' });
    expect(roleFromGrants(['staff'], grants, (a, b) => a === b)).toBeNull();
  });
});
