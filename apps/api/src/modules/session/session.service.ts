import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { RoleSchema, type Role } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { insertAuditEvent, type Actor } from '../../db/change.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../plugins/errors.ts';
import type { PasswordHasher } from '../users/password.ts';
import { findAccount, updateAccount, usernameKey } from '../users/users.repo.ts';
import * as repo from './session.repo.ts';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** Failed sign-ins allowed per account and per source address within `windowMs` before 429. */
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 8 * 60 * 60_000,
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 10,
  windowMs: 15 * 60_000,
};

/** last_seen_at is written at most this often: a write per request buys nothing for a 30-minute idle limit. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthContext {
  sessionId: string;
  accountId: string;
  username: string;
  role: Role;
  csrfToken: string;
  expiresAt: Date;
}

export interface SignedIn {
  token: string;
  auth: AuthContext;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The CSRF token is derived from the session token, so it needs no storage, survives a page reload (GET
 * /api/session hands it out again) and dies with the session.
 */
export const csrfTokenFor = (token: string): string => createHash('sha256').update(`cc-csrf:${token}`).digest('base64url');

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const INVALID = () => new AppError(401, 'INVALID_CREDENTIALS', 'The user name or password is wrong.');

export interface SessionService {
  signIn(input: { username: string; password: string; sourceIp: string; actor: Actor }): Promise<SignedIn>;
  authenticate(token: string): Promise<AuthContext | null>;
  signOut(auth: AuthContext, actor: Actor): Promise<void>;
}

export function createSessionService(deps: {
  db: Kysely<Database>;
  hasher: PasswordHasher;
  clock: Clock;
  policy?: SessionPolicy;
}): SessionService {
  const { db, hasher, clock } = deps;
  const policy = deps.policy ?? DEFAULT_SESSION_POLICY;

  /** 429 before any hashing when the account or the address has failed too often (quality doc §0.8). */
  async function throttle(keys: Array<{ key: string; limit: number }>, actor: Actor, username: string): Promise<void> {
    const now = clock.now().getTime();
    const since = new Date(now - policy.windowMs).toISOString();
    for (const { key, limit } of keys) {
      const { count, oldest } = await repo.recentFailures(db, key, since);
      if (count < limit) continue;
      const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest!) + policy.windowMs - now) / 1000));
      await insertAuditEvent(db, actor, { action: 'session.signInThrottled', target: `user:${username}`, after: { on: key.split(':')[0] } });
      throw new AppError(429, 'TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${Math.ceil(retryAfter / 60)} minute(s).`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
  }

  return {
    async signIn({ username, password, sourceIp, actor }) {
      const accountKey = `account:${usernameKey(username)}`;
      const ipKey = `ip:${sourceIp}`;
      await throttle(
        [
          { key: accountKey, limit: policy.maxFailuresPerAccount },
          { key: ipKey, limit: policy.maxFailuresPerIp },
        ],
        actor,
        username,
      );

      const account = await findAccount(db, username);
      let ok = false;
      if (account) {
        const result = await hasher.verify(password, account.password_hash);
        ok = result.ok && account.disabled === 0;
        if (ok && result.needsRehash)
          await updateAccount(db, account.id, { passwordHash: await hasher.hash(password), at: clock.now().toISOString() });
      } else {
        await hasher.verifyDummy(password);
      }

      const now = clock.now();
      const at = now.toISOString();
      if (!ok || !account) {
        await repo.recordFailures(db, [
          { id: randomUUID(), key: accountKey, at },
          { id: randomUUID(), key: ipKey, at },
        ]);
        await repo.pruneFailures(db, new Date(now.getTime() - policy.windowMs).toISOString());
        // The reason stays in the audit trail only; the answer is the same for every failure.
        await insertAuditEvent(db, actor, {
          action: 'session.signInFailed',
          target: `user:${username}`,
          after: { reason: !account ? 'unknownAccount' : account.disabled ? 'disabled' : 'wrongPassword' },
        });
        throw INVALID();
      }

      const token = randomBytes(32).toString('base64url');
      const sessionId = randomUUID();
      await db.transaction().execute(async (trx) => {
        await repo.insertSession(trx, { id: sessionId, tokenHash: sha256(token), accountId: account.id, at, sourceIp });
        await repo.clearFailures(trx, accountKey);
        await insertAuditEvent(trx, { ...actor, username: account.username }, { action: 'session.signIn', target: `user:${account.username}` });
      });
      await repo.deleteExpiredSessions(
        db,
        new Date(now.getTime() - policy.idleMs).toISOString(),
        new Date(now.getTime() - policy.absoluteMs).toISOString(),
      );
      return {
        token,
        auth: {
          sessionId,
          accountId: account.id,
          username: account.username,
          role: RoleSchema.parse(account.role),
          csrfToken: csrfTokenFor(token),
          expiresAt: new Date(now.getTime() + policy.absoluteMs),
        },
      };
    },

    async authenticate(token) {
      const row = await repo.findSessionWithAccount(db, sha256(token));
      if (!row) return null;
      const now = clock.now().getTime();
      const created = Date.parse(row.createdAt);
      const lastSeen = Date.parse(row.lastSeenAt);
      const role = RoleSchema.safeParse(row.role);
      if (now - lastSeen > policy.idleMs || now - created > policy.absoluteMs || row.disabled !== 0 || !role.success) {
        await repo.deleteSession(db, row.sessionId);
        return null;
      }
      if (now - lastSeen >= TOUCH_INTERVAL_MS) await repo.touchSession(db, row.sessionId, new Date(now).toISOString());
      return {
        sessionId: row.sessionId,
        accountId: row.accountId,
        username: row.username,
        role: role.data,
        csrfToken: csrfTokenFor(token),
        expiresAt: new Date(created + policy.absoluteMs),
      };
    },

    async signOut(auth, actor) {
      await db.transaction().execute(async (trx) => {
        await repo.deleteSession(trx, auth.sessionId);
        await insertAuditEvent(trx, actor, { action: 'session.signOut', target: `user:${auth.username}` });
      });
    },
  };
}
