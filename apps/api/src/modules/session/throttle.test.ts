import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { ADMIN_PASSWORD, HELPDESK_PASSWORD, createTestApp, testHasher, type TestApp } from '../../test/helpers.ts';
import type { PasswordHasher } from '../users/password.ts';
import { DEFAULT_THROTTLE_POLICY } from './throttle.ts';

/** The test hasher, counting every password evaluation (real and dummy): the cost an attacker can make us pay. */
function countingHasher(): PasswordHasher & { evaluations: number } {
  const inner = testHasher();
  const counter = {
    evaluations: 0,
    hash: (password: string) => inner.hash(password),
    verify: (password: string, stored: string) => {
      counter.evaluations += 1;
      return inner.verify(password, stored);
    },
    verifyDummy: (password: string) => {
      counter.evaluations += 1;
      return inner.verifyDummy(password);
    },
  };
  return counter;
}

const policy = DEFAULT_THROTTLE_POLICY;
const apps: TestApp[] = [];
afterEach(async () => {
  while (apps.length > 0) await apps.pop()!.close();
});

async function appWithCounter(): Promise<{ t: TestApp; hasher: ReturnType<typeof countingHasher> }> {
  const hasher = countingHasher();
  const t = await createTestApp({ hasher });
  apps.push(t);
  hasher.evaluations = 0;
  return { t, hasher };
}

const attempt = (app: FastifyInstance, username: string, password: string, remoteAddress = '127.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress });

describe('throttling holds under concurrency', () => {
  it('lets 100 simultaneous wrong guesses from one address cost at most the pair limit of hashes', async () => {
    const { t, hasher } = await appWithCounter();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(t.app, 'helpdesk', `wrong guess number ${i}`)));
    expect(hasher.evaluations).toBeLessThanOrEqual(policy.pairLimit);
    expect(answers.filter((a) => a.statusCode === 401)).toHaveLength(hasher.evaluations);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(100 - hasher.evaluations);
  });

  it('never accepts the right password as a late guess of a burst', async () => {
    const { t } = await appWithCounter();
    const passwords = Array.from({ length: 60 }, (_, i) => (i === 59 ? HELPDESK_PASSWORD : `wrong guess number ${i}`));
    const answers = await Promise.all(passwords.map((p) => attempt(t.app, 'helpdesk', p)));
    expect(answers[59]!.statusCode).toBe(429);
    expect(answers.filter((a) => a.statusCode === 200)).toEqual([]);
  });

  it('lets 100 simultaneous guesses from 100 addresses cost at most the account threshold of hashes', async () => {
    const { t, hasher } = await appWithCounter();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(t.app, 'helpdesk', `wrong guess ${i}`, `198.51.100.${i + 1}`)));
    expect(hasher.evaluations).toBeLessThanOrEqual(policy.accountSoftLimit);
    expect(answers.filter((a) => a.statusCode === 429).length).toBeGreaterThanOrEqual(100 - policy.accountSoftLimit);
  });

  it('counts an unknown account the same way (no hash after the limit, no enumeration)', async () => {
    const { t, hasher } = await appWithCounter();
    await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(t.app, 'nobody-here', `wrong guess ${i}`)));
    expect(hasher.evaluations).toBeLessThanOrEqual(policy.pairLimit);
  });
});

describe('nobody can lock the admins out', () => {
  it('keeps the admin’s own address working while another address guesses the admin’s password', async () => {
    const { t } = await appWithCounter();
    await t.admin(); // 127.0.0.1 is now an address the admin signed in from
    for (let i = 0; i < 200; i += 1) await attempt(t.app, 'admin', `guess ${i} of the attacker`, '203.0.113.66');
    expect((await attempt(t.app, 'admin', ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('slows the account down with growing delays when many addresses guess, instead of locking it', async () => {
    const { t } = await appWithCounter();
    for (let i = 0; i < policy.accountSoftLimit; i += 1) await attempt(t.app, 'helpdesk', `guess ${i}`, `198.51.100.${i + 1}`);
    // A new address (the owner on a new machine) waits the first delay, not 15 minutes.
    const first = await attempt(t.app, 'helpdesk', HELPDESK_PASSWORD, '192.0.2.10');
    expect(first.statusCode).toBe(429);
    expect(Number(first.headers['retry-after'])).toBeLessThanOrEqual(policy.accountFirstDelayMs / 1000);
    expect(first.json().error.message).toMatch(/slowed down/);
    t.clock.advance(policy.accountFirstDelayMs);
    // The attacker takes the next slot; the delay doubles.
    expect((await attempt(t.app, 'helpdesk', 'another guess', '198.51.100.200')).statusCode).toBe(401);
    const second = await attempt(t.app, 'helpdesk', HELPDESK_PASSWORD, '192.0.2.10');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(policy.accountFirstDelayMs / 1000);
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual((2 * policy.accountFirstDelayMs) / 1000);
    t.clock.advance(2 * policy.accountFirstDelayMs);
    expect((await attempt(t.app, 'helpdesk', HELPDESK_PASSWORD, '192.0.2.10')).statusCode).toBe(200);
  });

  it('blocks only the guessing address for the account, and its successful sign-ins do not use up the address allowance', async () => {
    const { t } = await appWithCounter();
    for (let i = 0; i < policy.pairLimit; i += 1) await attempt(t.app, 'helpdesk', `guess ${i}`, '203.0.113.7');
    expect((await attempt(t.app, 'helpdesk', HELPDESK_PASSWORD, '203.0.113.7')).statusCode).toBe(429);
    expect((await attempt(t.app, 'helpdesk', HELPDESK_PASSWORD, '203.0.113.8')).statusCode).toBe(200);
    for (let i = 0; i < 3 * policy.addressLimit; i += 1) expect((await attempt(t.app, 'admin', ADMIN_PASSWORD, '10.20.30.40')).statusCode).toBe(200);
  });

  it('lets an admin see and clear throttles, and audits both', async () => {
    const { t } = await appWithCounter();
    for (let i = 0; i < policy.pairLimit; i += 1) await attempt(t.app, 'helpdesk', `guess ${i}`, '203.0.113.9');
    expect((await attempt(t.app, 'helpdesk', HELPDESK_PASSWORD, '203.0.113.9')).statusCode).toBe(429);
    const admin = await t.admin();
    const list = (await admin.request({ method: 'GET', url: '/api/sign-in-throttles' })).json() as Array<{ kind: string; account: string | null; address: string | null; blockedUntil: string | null }>;
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'pair', account: 'helpdesk', address: '203.0.113.9', blockedUntil: expect.any(String) })]));
    const bad = await admin.request({ method: 'DELETE', url: '/api/sign-in-throttles' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/account, the address or both/);
    const cleared = await admin.request({ method: 'DELETE', url: '/api/sign-in-throttles?account=HelpDesk&address=203.0.113.9' });
    expect(cleared.json()).toEqual({ cleared: 1 });
    expect((await attempt(t.app, 'helpdesk', HELPDESK_PASSWORD, '203.0.113.9')).statusCode).toBe(200);
    const events = (await admin.request({ method: 'GET', url: '/api/audit' })).json() as Array<{ action: string; actor: string; target: string }>;
    expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'session.throttleCleared', actor: 'admin', target: 'user:helpdesk address:203.0.113.9' })]));
    expect(events.map((e) => e.action)).toContain('session.signInThrottled');
    const helpdesk = await t.helpdesk();
    expect((await helpdesk.request({ method: 'GET', url: '/api/sign-in-throttles' })).statusCode).toBe(403);
    expect((await helpdesk.request({ method: 'DELETE', url: '/api/sign-in-throttles?address=203.0.113.9' })).statusCode).toBe(403);
  });
});

describe.skipIf(process.env.TEST_DATABASE_URL === undefined)('throttling across two API processes on one PostgreSQL', () => {
  it('lets 100 simultaneous wrong guesses spread over both cost at most the pair limit of hashes', async () => {
    const hasher = countingHasher();
    const t = await createTestApp({ hasher });
    apps.push(t);
    const handle = t.database.reopen();
    const second = await buildApp({ db: handle.db, clock: t.clock, hasher, log: false });
    hasher.evaluations = 0;
    try {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => attempt(i % 2 === 0 ? t.app : second, 'helpdesk', `wrong guess number ${i}`)),
      );
      expect(hasher.evaluations).toBeLessThanOrEqual(policy.pairLimit);
      expect(answers.filter((a) => a.statusCode === 401)).toHaveLength(hasher.evaluations);
    } finally {
      await second.close();
      await handle.close();
    }
  });
});
