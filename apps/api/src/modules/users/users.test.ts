import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher, passwordProblem } from './password.ts';
import { createTestApp, type SignedInSession, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
let admin: SignedInSession;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(async () => t.close());

describe('password hashing (S-09)', () => {
  it('writes a PHC-style scrypt string with a per-hash salt and verifies it', async () => {
    const hasher = createPasswordHasher({ costLog2: 10 });
    const a = await hasher.hash('granite lighthouse 88');
    const b = await hasher.hash('granite lighthouse 88');
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify('granite lighthouse 88', a)).toEqual({ ok: true, needsRehash: false });
    expect((await hasher.verify('granite lighthouse 89', a)).ok).toBe(false);
    expect((await hasher.verify('x', 'not a hash')).ok).toBe(false);
  });

  it('asks for a rehash when the cost changed', async () => {
    const old = await createPasswordHasher({ costLog2: 10 }).hash('granite lighthouse 88');
    expect(await createPasswordHasher({ costLog2: 11 }).verify('granite lighthouse 88', old)).toEqual({ ok: true, needsRehash: true });
  });

  it('defaults to OWASP’s scrypt parameters (N=2^17), which need the raised maxmem', async () => {
    const hash = await createPasswordHasher().hash('granite lighthouse 88');
    expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
  });

  it('queues hashes beyond the concurrency limit instead of running them all', async () => {
    const hasher = createPasswordHasher({ costLog2: 10, maxConcurrent: 1, maxQueued: 2 });
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => hasher.hash(`password number ${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  it('refuses common passwords and the user name, not composition', () => {
    expect(passwordProblem('password1234', 'x')).toMatch(/commonly used/);
    expect(passwordProblem('alice-is-my-name', 'alice')).toMatch(/user name/);
    expect(passwordProblem('aaaaaaaaaaaaaaa', 'x')).toMatch(/repeats/);
    expect(passwordProblem('all lower case words here', 'x')).toBeNull();
  });
});

describe('users API', () => {
  it('creates an account without echoing any secret', async () => {
    const res = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'erin', password: 'saffron tunnel piano 3', role: 'helpdesk' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ username: 'erin', source: 'local', displayName: 'erin', role: 'helpdesk', disabled: false, createdAt: expect.any(String), updatedAt: expect.any(String) });
    const list = await admin.request({ method: 'GET', url: '/api/users' });
    expect(list.body).not.toMatch(/scrypt|password/i);
    expect(list.json().map((u: { username: string }) => u.username)).toEqual(['admin', 'erin', 'helpdesk']);
  });

  it('enforces the password rule: 12 to 128 characters, not a common one', async () => {
    const short = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'f1', password: 'elevenchars', role: 'helpdesk' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe('password');
    const long = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'f2', password: 'x'.repeat(129), role: 'helpdesk' } });
    expect(long.statusCode).toBe(400);
    const common = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'f3', password: 'Password1234', role: 'helpdesk' } });
    expect(common.statusCode).toBe(422);
    const longest = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'f4', password: 'long '.repeat(25) + 'end', role: 'helpdesk' } });
    expect(longest.statusCode).toBe(201);
  });

  it('refuses a duplicate user name whatever its case', async () => {
    const res = await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'ERIN', password: 'saffron tunnel piano 4', role: 'helpdesk' } });
    expect(res.statusCode).toBe(409);
  });

  it('refuses a role outside the catalogue, and mass assignment of other fields', async () => {
    expect((await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'g', password: 'saffron tunnel piano 5', role: 'root' } })).statusCode).toBe(400);
    expect((await admin.request({ method: 'PATCH', url: '/api/users/erin', payload: { username: 'x' } })).statusCode).toBe(400);
    expect((await admin.request({ method: 'PATCH', url: '/api/users/erin', payload: {} })).statusCode).toBe(400);
  });

  it('resets a password and ends the account’s sessions', async () => {
    const erin = await t.signIn('erin', 'saffron tunnel piano 3');
    const res = await admin.request({ method: 'POST', url: '/api/users/erin/password', payload: { password: 'walnut glacier ferry 6' } });
    expect(res.statusCode).toBe(204);
    expect((await erin.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(401);
    await t.signIn('erin', 'walnut glacier ferry 6');
  });

  it('ends every session of an account', async () => {
    const one = await t.signIn('erin', 'walnut glacier ferry 6');
    const two = await t.signIn('erin', 'walnut glacier ferry 6');
    expect((await admin.request({ method: 'DELETE', url: '/api/users/erin/sessions' })).statusCode).toBe(204);
    expect((await one.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(401);
    expect((await two.request({ method: 'GET', url: '/api/servers' })).statusCode).toBe(401);
  });

  it('never leaves the console without an enabled admin', async () => {
    const res = await admin.request({ method: 'PATCH', url: '/api/users/admin', payload: { role: 'helpdesk' } });
    expect(res.statusCode).toBe(409);
    expect((await admin.request({ method: 'PATCH', url: '/api/users/admin', payload: { disabled: true } })).statusCode).toBe(409);
  });

  it('answers 404 for an unknown account', async () => {
    expect((await admin.request({ method: 'PATCH', url: '/api/users/nobody', payload: { disabled: true } })).statusCode).toBe(404);
  });

  it('audits account changes without the password', async () => {
    const events = await admin.request({ method: 'GET', url: '/api/audit?actor=admin' });
    const actions = events.json().map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.passwordReset', 'user.sessionsEnd']));
    expect(events.body).not.toContain('saffron');
    expect(events.body).not.toContain('walnut');
  });
});

describe('changing one’s own password (issue 9)', () => {
  it('lets a help-desk agent change their own password with the current one, ending their other sessions only', async () => {
    await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'frank', password: 'copper meadow violin 7', role: 'helpdesk' } });
    const here = await t.signIn('frank', 'copper meadow violin 7');
    const elsewhere = await t.signIn('frank', 'copper meadow violin 7');

    const wrong = await here.request({ method: 'POST', url: '/api/account/password', payload: { currentPassword: 'not it at all', newPassword: 'harbour kite lemon 55' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details).toEqual([expect.objectContaining({ path: 'currentPassword', message: 'The current password is not correct.' })]);

    const res = await here.request({ method: 'POST', url: '/api/account/password', payload: { currentPassword: 'copper meadow violin 7', newPassword: 'harbour kite lemon 55' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ otherSessionsEnded: 1 });
    expect((await here.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    expect((await elsewhere.request({ method: 'GET', url: '/api/connectors' })).statusCode).toBe(401);
    await expect(t.signIn('frank', 'copper meadow violin 7')).rejects.toThrow(/401/);
    await t.signIn('frank', 'harbour kite lemon 55');

    const [event] = (await admin.request({ method: 'GET', url: '/api/audit?action=user.passwordChange' })).json();
    expect(event).toMatchObject({ actor: 'frank', target: 'user:frank', after: { otherSessionsEnded: 1 } });
    expect(JSON.stringify(event)).not.toMatch(/harbour|copper/);
  });

  it('throttles guesses of the current password like sign-ins: after five wrong ones even the right one waits', async () => {
    await admin.request({ method: 'POST', url: '/api/users', payload: { username: 'gina', password: 'copper meadow violin 8', role: 'helpdesk' } });
    const thief = await t.signIn('gina', 'copper meadow violin 8');
    for (let i = 0; i < 5; i += 1)
      expect((await thief.request({ method: 'POST', url: '/api/account/password', payload: { currentPassword: `guess number ${i}`, newPassword: 'harbour kite lemon 57' } })).statusCode).toBe(422);
    const blocked = await thief.request({ method: 'POST', url: '/api/account/password', payload: { currentPassword: 'copper meadow violin 8', newPassword: 'harbour kite lemon 57' } });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('needs a session and a CSRF token, and never changes someone else’s password', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/account/password', payload: { currentPassword: 'x', newPassword: 'harbour kite lemon 56' } })).statusCode).toBe(401);
    const helpdesk = await t.helpdesk();
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/account/password',
      headers: { cookie: helpdesk.cookie },
      payload: { currentPassword: 'amber forest ticket 17', newPassword: 'harbour kite lemon 56' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const extra = await helpdesk.request({ method: 'POST', url: '/api/account/password', payload: { username: 'admin', currentPassword: 'amber forest ticket 17', newPassword: 'harbour kite lemon 56' } });
    expect(extra.statusCode).toBe(400);
    // Help desk writes elsewhere stay refused.
    expect((await helpdesk.request({ method: 'POST', url: '/api/users/admin/password', payload: { password: 'harbour kite lemon 56' } })).statusCode).toBe(403);
  });
});
