import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { freePort } from '../test/processes.ts';
import { ADMIN_PASSWORD, createTestApp, testHasher, type TestApp } from '../test/helpers.ts';
import { slapdAvailable, startPrivateSlapd, type PrivateSlapd } from '../test/private-slapd.ts';
import { ADMIN_GROUP, directorySignIn, HELPDESK_GROUP, ldapConfig, sessionFrom } from '../test/directory.ts';
import { createLdapAuthenticator } from './ldap.ts';

/**
 * Directory sign-in against a real OpenLDAP server (Debian's slapd) with an AD-like tree: users with
 * sAMAccountName and userPrincipalName, nested groups kept by the memberof overlay, a disabled account, TLS
 * from a test CA. `.ci/run` installs slapd; without it this suite fails rather than skips.
 */
let slapd: PrivateSlapd;
let t: TestApp;

const PASSWORDS: Record<string, string> = {
  alice: 'alice directory pass 1',
  bob: 'bob directory pass 1',
  dave: 'dave directory pass 1',
  erin: 'erin directory pass 1',
  frank: 'frank directory pass 1',
  gina: 'gina directory pass 1',
  henry: 'henry directory pass 1',
};

beforeAll(async () => {
  if (!slapdAvailable()) throw new Error('slapd and ldap-utils are needed: apt-get install -y slapd ldap-utils (.ci/run does this)');
  slapd = await startPrivateSlapd();
  t = await createTestApp({ signInConfig: ldapConfig(slapd) });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await slapd?.stop();
});

const events = (action: string) => t.database.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq').execute();
const lastFailure = async () => JSON.parse((await events('session.signInFailed')).at(-1)!.after!) as { method: string; reason: string; detail?: string };

describe('signing in with the directory', () => {
  it('accepts the sAMAccountName and the userPrincipalName of the same person, and maps the admin group to admin', async () => {
    const bySam = await directorySignIn(t.app, 'alice', PASSWORDS.alice!, '10.1.0.1');
    expect(bySam.statusCode).toBe(200);
    expect(bySam.json()).toMatchObject({ user: { username: 'ldap:alice', role: 'admin' } });
    const byUpn = await directorySignIn(t.app, 'alice@contoso.test', PASSWORDS.alice!, '10.1.0.1');
    expect(byUpn.json()).toMatchObject({ user: { username: 'ldap:alice', role: 'admin' } });
    const accounts = await t.database.db.selectFrom('accounts').selectAll().where('source', '=', 'ldap').execute();
    expect(accounts.map((a) => a.username_key)).toEqual(['ldap:alice']);
    // The first sign-in records where the role came from; the second changes nothing.
    const granted = (await events('session.directoryRoleChanged')).filter((e) => e.target === 'user:ldap:alice');
    expect(granted).toHaveLength(1);
    expect(JSON.parse(granted[0]!.after!)).toEqual({ role: 'admin', grantedBy: ADMIN_GROUP });
    const signIns = (await events('session.signIn')).filter((e) => e.actor === 'ldap:alice');
    expect(signIns.map((e) => JSON.parse(e.after!))).toEqual([{ method: 'ldap' }, { method: 'ldap' }]);
  });

  it('resolves nested groups: help desk through Tier 1 Support, admin through Messaging Team', async () => {
    const bob = await directorySignIn(t.app, 'bob', PASSWORDS.bob!, '10.1.0.2');
    expect(bob.json()).toMatchObject({ user: { role: 'helpdesk' } });
    const dave = await directorySignIn(t.app, 'dave@contoso.test', PASSWORDS.dave!, '10.1.0.2');
    expect(dave.json()).toMatchObject({ user: { username: 'ldap:dave', role: 'admin' } });
    // The directory session can do what its role allows and nothing more.
    const session = sessionFrom(t.app, bob);
    expect((await session.request({ method: 'GET', url: '/api/connectors' })).statusCode).toBe(200);
    expect((await session.request({ method: 'POST', url: '/api/servers', payload: { name: 'X', fqdn: 'x.contoso.test', role: 'HubTransport', ipAddresses: [] } })).statusCode).toBe(403);
  });

  it('refuses a user in no mapped group, a disabled user and a wrong password with one answer', async () => {
    // Each from its own address: the audit log summarises a second failure from one address within a minute.
    const answers = [
      await directorySignIn(t.app, 'erin', PASSWORDS.erin!, '10.1.3.1'),
      await directorySignIn(t.app, 'frank', PASSWORDS.frank!, '10.1.3.2'),
      await directorySignIn(t.app, 'alice', 'not her password', '10.1.3.3'),
      await directorySignIn(t.app, 'nobody', 'whatever it is', '10.1.3.4'),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toEqual(answers[0]!.json());
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    const reasons = (await events('session.signInFailed')).slice(-4).map((e) => JSON.parse(e.after!) as { reason: string });
    expect(reasons.map((r) => r.reason)).toEqual(['noMappedGroup', 'unknownUser', 'wrongPassword', 'unknownUser']);
  });

  it('treats *, )( and backslash escapes in the user name as characters of a name (RFC 4515), never as filter syntax', async () => {
    for (const [i, name] of ['*', 'alice)(sAMAccountName=*', '*)(|(objectClass=*', 'a*', '\\2a', 'alice\\00'].entries()) {
      const answer = await directorySignIn(t.app, name, PASSWORDS.alice!, `10.1.4.${i}`);
      expect(answer.statusCode, JSON.stringify(name)).toBe(401);
      expect((await lastFailure()).reason, JSON.stringify(name)).toBe('unknownUser');
    }
  });

  it('refuses a NUL or line break in the user name before anything else, naming the field', async () => {
    for (const name of ['alice\u0000', 'alice\r\n(cn=*)']) {
      const answer = await directorySignIn(t.app, name, PASSWORDS.alice!, '10.1.4.99');
      expect(answer.statusCode).toBe(400);
      expect(JSON.stringify(answer.json())).toMatch(/username.*control characters/);
    }
  });

  it('follows the directory: a new group raises the role, removal from the group ends the session', async () => {
    const first = sessionFrom(t.app, await directorySignIn(t.app, 'henry', PASSWORDS.henry!, '10.1.0.5'));
    expect((await first.request({ method: 'GET', url: '/api/session' })).json()).toMatchObject({ user: { role: 'helpdesk' } });

    slapd.modify(`dn: ${ADMIN_GROUP}\nchangetype: modify\nadd: member\nmember: cn=Henry Mover,ou=Users,dc=contoso,dc=test\n`);
    await directorySignIn(t.app, 'henry', PASSWORDS.henry!, '10.1.0.5');
    // The role is the account's: the session opened earlier is an admin session now too.
    expect((await first.request({ method: 'GET', url: '/api/session' })).json()).toMatchObject({ user: { role: 'admin' } });

    slapd.modify(`dn: ${ADMIN_GROUP}\nchangetype: modify\ndelete: member\nmember: cn=Henry Mover,ou=Users,dc=contoso,dc=test\n`);
    slapd.modify(`dn: ${HELPDESK_GROUP}\nchangetype: modify\ndelete: member\nmember: cn=Henry Mover,ou=Users,dc=contoso,dc=test\n`);
    expect((await directorySignIn(t.app, 'henry', PASSWORDS.henry!, '10.1.0.5')).statusCode).toBe(401);
    expect((await first.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);

    const changes = (await events('session.directoryRoleChanged')).filter((e) => e.target === 'user:ldap:henry').map((e) => [JSON.parse(e.before ?? 'null'), JSON.parse(e.after!)]);
    expect(changes).toEqual([
      [null, { role: 'helpdesk', grantedBy: HELPDESK_GROUP }],
      [{ role: 'helpdesk', grantedBy: HELPDESK_GROUP }, { role: 'admin', grantedBy: ADMIN_GROUP }],
      [{ role: 'admin', grantedBy: ADMIN_GROUP }, { role: null, reason: 'noMappedGroup', sessionsEnded: 2 }],
    ]);
  });

  it('ends the session of a person removed from the directory at their next sign-in attempt', async () => {
    const gina = sessionFrom(t.app, await directorySignIn(t.app, 'gina', PASSWORDS.gina!, '10.1.0.6'));
    slapd.modify('dn: cn=Gina Leaver,ou=Users,dc=contoso,dc=test\nchangetype: delete\n');
    expect((await directorySignIn(t.app, 'gina', PASSWORDS.gina!, '10.1.0.6')).statusCode).toBe(401);
    expect((await lastFailure()).reason).toBe('unknownUser');
    expect((await gina.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
  });

  it('counts directory attempts per account and address before the bind: the sixth try is refused even with the right password', async () => {
    for (let i = 0; i < 5; i += 1) expect((await directorySignIn(t.app, 'dave', `guess number ${i}`, '10.1.0.7')).statusCode).toBe(401);
    const refused = await directorySignIn(t.app, 'DAVE@contoso.test', PASSWORDS.dave!, '10.1.0.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    // Another address is not held back by this one's guesses.
    expect((await directorySignIn(t.app, 'dave', PASSWORDS.dave!, '10.1.0.8')).statusCode).toBe(200);
  });

  it('lists directory people on the users page; their role comes from the directory, but an admin can disable them', async () => {
    await directorySignIn(t.app, 'bob', PASSWORDS.bob!, '10.1.0.9');
    const admin = await t.admin();
    const users = (await admin.request({ method: 'GET', url: '/api/users' })).json<Array<{ username: string; source: string; displayName: string; role: string }>>();
    expect(users).toContainEqual(expect.objectContaining({ username: 'ldap:bob', source: 'ldap', displayName: 'bob', role: 'helpdesk' }));
    const promote = await admin.request({ method: 'PATCH', url: '/api/users/ldap:bob', payload: { role: 'admin' } });
    expect(promote.statusCode).toBe(409);
    expect(promote.json()).toMatchObject({ error: { code: 'MANAGED_BY_DIRECTORY', message: expect.stringMatching(/groups or LDAP_ROLE_GROUPS/) } });
    expect((await admin.request({ method: 'POST', url: '/api/users/ldap:bob/password', payload: { password: 'a long new password 1' } })).statusCode).toBe(409);
    expect((await admin.request({ method: 'PATCH', url: '/api/users/ldap:bob', payload: { disabled: true } })).statusCode).toBe(200);
    expect((await directorySignIn(t.app, 'bob', PASSWORDS.bob!, '10.1.0.9')).statusCode).toBe(401);
    expect((await lastFailure()).reason).toBe('disabled');
    // A console account cannot be reached through the directory's name space, nor the other way round.
    expect((await directorySignIn(t.app, 'ldap:bob', PASSWORDS.bob!, '10.1.0.10', 'local')).statusCode).toBe(401);
    await admin.request({ method: 'PATCH', url: '/api/users/ldap:bob', payload: { disabled: false } });
  });

  it('keeps passwords out of every log line and audit row', async () => {
    const audit = JSON.stringify(await t.database.db.selectFrom('audit_events').selectAll().execute());
    for (const secret of [...Object.values(PASSWORDS), 'service account secret 1'])
      for (const text of [audit, t.logLines.join('')]) expect(text).not.toContain(secret);
  });
});

describe('transport security and failures of the directory', () => {
  async function appWith(env: Record<string, string>) {
    return buildApp({ db: t.database.db, clock: t.clock, hasher: testHasher(), log: false, signInConfig: ldapConfig(slapd, env) });
  }

  it('signs in over ldap:// with StartTLS, and over plain LDAP only when LDAP_ALLOW_PLAIN=1', async () => {
    const startTls = await appWith({ LDAP_URL: slapd.ldapUrl });
    expect((await directorySignIn(startTls, 'bob', PASSWORDS.bob!, '10.2.0.1')).statusCode).toBe(200);
    await startTls.close();
    const plain = await appWith({ LDAP_URL: slapd.ldapUrl, LDAP_ALLOW_PLAIN: '1' });
    expect((await directorySignIn(plain, 'bob', PASSWORDS.bob!, '10.2.0.1')).statusCode).toBe(200);
    await plain.close();
  });

  it('refuses a certificate that does not name the server, or that an unknown CA signed', async () => {
    const refused: Record<string, string>[] = [{ LDAP_URL: slapd.mismatchedUrl }, { LDAP_CA_FILE: slapd.otherCaFile }, { LDAP_URL: slapd.ldapUrl, LDAP_CA_FILE: slapd.otherCaFile }];
    for (const [i, env] of refused.entries()) {
      const app = await appWith(env);
      const answer = await directorySignIn(app, 'bob', PASSWORDS.bob!, `10.2.2.${i}`);
      expect(answer.statusCode, JSON.stringify(env)).toBe(503);
      const failure = await lastFailure();
      expect(failure.reason).toBe('directoryUnavailable');
      expect(failure.detail).toMatch(i === 0 ? /ERR_TLS_CERT_ALTNAME_INVALID/ : /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|certificate/i);
      await app.close();
    }
  });

  it('answers an unreachable directory clearly, tries the next server, and local sign-in still works', async () => {
    const nobody = `ldaps://127.0.0.1:${await freePort()}`;
    const down = await appWith({ LDAP_URL: nobody });
    const answer = await directorySignIn(down, 'bob', PASSWORDS.bob!, '10.2.0.3');
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({ error: { code: 'DIRECTORY_UNAVAILABLE', message: expect.stringMatching(/could not be reached.*console account/) } });
    expect((await lastFailure()).detail).toMatch(/ECONNREFUSED/);
    expect((await directorySignIn(down, 'admin', ADMIN_PASSWORD, '10.2.0.3', 'local')).statusCode).toBe(200);
    await down.close();

    const failover = await appWith({ LDAP_URL: `${nobody},${slapd.ldapsUrl}` });
    expect((await directorySignIn(failover, 'bob', PASSWORDS.bob!, '10.2.0.3')).statusCode).toBe(200);
    await failover.close();
  });

  it('says so when the service account is refused', async () => {
    const app = await appWith({ LDAP_BIND_PASSWORD: 'not the service password' });
    expect((await directorySignIn(app, 'bob', PASSWORDS.bob!, '10.2.0.4')).statusCode).toBe(503);
    expect((await lastFailure()).detail).toMatch(/service account .* refused/);
    await app.close();
  });

  it('binds directly as the user when no service account is configured', async () => {
    const app = await appWith({ LDAP_BIND_DN: 'cn={username},ou=Users,dc=contoso,dc=test', LDAP_BIND_PASSWORD: '', LDAP_USER_FILTER: '(&(objectClass=user)(cn={username}))' });
    expect((await directorySignIn(app, 'Bob Support', PASSWORDS.bob!, '10.2.0.5')).json()).toMatchObject({ user: { username: 'ldap:bob', role: 'helpdesk' } });
    expect((await directorySignIn(app, 'Bob Support', 'wrong', '10.2.0.5')).statusCode).toBe(401);
    expect((await directorySignIn(app, 'Bob Support,ou=Users', PASSWORDS.bob!, '10.2.0.5')).statusCode).toBe(401);
    await app.close();
  });

  it('re-checks live sessions every LDAP_RECHECK_MINUTES: leaving the group ends the session without a new sign-in; an outage does not', async () => {
    const bob = sessionFrom(t.app, await directorySignIn(t.app, 'bob', PASSWORDS.bob!, '10.2.0.8'));
    const nobody = await appWith({ LDAP_URL: `ldaps://127.0.0.1:${await freePort()}` });
    t.clock.advance(5 * 60_000);
    // The domain controllers are away: the session goes on (and is asked about again next interval).
    expect((await nobody.inject({ method: 'GET', url: '/api/session', headers: { cookie: bob.cookie } })).statusCode).toBe(200);
    await nobody.close();

    const tier1 = 'member: cn=Tier 1 Support,ou=Groups,dc=contoso,dc=test';
    slapd.modify(`dn: ${HELPDESK_GROUP}\nchangetype: modify\ndelete: member\n${tier1}\n`);
    try {
      expect((await bob.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(200);
      t.clock.advance(5 * 60_000);
      expect((await bob.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
      const ended = (await events('session.directoryRoleChanged')).at(-1)!;
      expect([ended.actor, ended.target, JSON.parse(ended.after!)]).toEqual(['directory', 'user:ldap:bob', { role: null, reason: 'noMappedGroup', sessionsEnded: expect.any(Number) }]);
    } finally {
      slapd.modify(`dn: ${HELPDESK_GROUP}\nchangetype: modify\nadd: member\n${tier1}\n`);
    }
  });

  it('never binds with an empty password (that would be an anonymous bind)', async () => {
    // The schema already refuses an empty password; the authenticator refuses it before any connection too.
    const authenticator = createLdapAuthenticator(ldapConfig(slapd, { LDAP_URL: `ldaps://127.0.0.1:${await freePort()}` }).ldap!);
    await expect(authenticator.authenticate('alice', '')).resolves.toEqual({ ok: false, reason: 'wrongPassword' });
    expect((await directorySignIn(t.app, 'alice', '', '10.2.0.6')).statusCode).toBe(400);
  });

  it('ends directory sessions when the group mapping no longer grants their role, and local ones when local sign-in is switched off', async () => {
    const alice = sessionFrom(t.app, await directorySignIn(t.app, 'alice', PASSWORDS.alice!, '10.2.0.7'));
    const admin = sessionFrom(t.app, await directorySignIn(t.app, 'admin', ADMIN_PASSWORD, '10.2.0.7', 'local'));
    // A restart with a new mapping: same database, the old cookies.
    const remapped = await appWith({ LDAP_ROLE_GROUPS: `helpdesk=${HELPDESK_GROUP}`, LOCAL_SIGN_IN: '0' });
    const again = (s: typeof alice) => remapped.inject({ method: 'GET', url: '/api/session', headers: { cookie: s.cookie } });
    expect((await again(alice)).statusCode).toBe(401);
    expect((await again(admin)).statusCode).toBe(401);
    const local = await directorySignIn(remapped, 'admin', ADMIN_PASSWORD, '10.2.0.7', 'local');
    expect(local.statusCode).toBe(403);
    expect((await remapped.inject({ method: 'GET', url: '/api/session/methods' })).json()).toEqual({ local: false, ldap: true, oidc: null });
    await remapped.close();
  });
});
