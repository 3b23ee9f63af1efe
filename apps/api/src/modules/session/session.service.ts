import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { RoleSchema, type Role, type SignInThrottle } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { databaseUnavailability } from '../../db/availability.ts';
import { insertAuditEvent, withChange, type Actor } from '../../db/change.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../plugins/errors.ts';
import type { PasswordHasher } from '../users/password.ts';
import { findAccount, updateAccount, usernameKey } from '../users/users.repo.ts';
import type { SecurityEvents } from '../audit/security-events.ts';
import * as repo from './session.repo.ts';
import { DEFAULT_THROTTLE_POLICY, refundAttempt, reserveAttempt, throttleKeys, type Reservation, type ThrottleKind, type ThrottlePolicy } from './throttle.ts';
import * as throttles from './throttle.repo.ts';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  throttle: ThrottlePolicy;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 8 * 60 * 60_000,
  throttle: DEFAULT_THROTTLE_POLICY,
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
  /**
   * The configuration generation read together with the session, during this request; the cached server
   * contexts are current for it without another query. Absent right after sign-in.
   */
  generation?: number;
}

export interface SignedIn {
  token: string;
  auth: AuthContext;
}

// One-shot hash: on every request, so not the createHash object and its stream machinery.
const sha256 = (text: string): string => hash('sha256', text, 'hex');

/**
 * The CSRF token is derived from the session token, so it needs no storage, survives a page reload (GET
 * /api/session hands it out again) and dies with the session.
 */
export const csrfTokenFor = (token: string): string => hash('sha256', `cc-csrf:${token}`, 'base64url');

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
  listThrottles(): Promise<SignInThrottle[]>;
  clearThrottles(match: { account?: string; address?: string }, actor: Actor): Promise<number>;
}

export function createSessionService(deps: {
  db: Kysely<Database>;
  hasher: PasswordHasher;
  clock: Clock;
  securityEvents: SecurityEvents;
  policy?: SessionPolicy;
}): SessionService {
  const { db, hasher, clock, securityEvents } = deps;
  const policy = deps.policy ?? DEFAULT_SESSION_POLICY;

  const refusals: Record<ThrottleKind, (minutes: number) => string> = {
    pair: (m) => `Too many failed sign-ins to this account from your address; try again in ${m} minute(s) or ask an admin to clear the throttle.`,
    address: (m) => `Too many failed sign-ins from your address; try again in ${m} minute(s) or ask an admin to clear the throttle.`,
    account: (m) => `Sign-ins to this account are slowed down after many failures from other addresses; try again in ${m} minute(s), or from an address you signed in from before.`,
  };

  /**
   * Counts the attempt on every key that applies before anything is hashed (quality doc §0.8); the first key
   * that is blocked refuses it with 429.
   */
  async function reserve(accountKey: string, address: string, now: number, actor: Actor, username: string): Promise<void> {
    const keys = throttleKeys(accountKey, address);
    const known = await throttles.isKnownSource(db, accountKey, address, new Date(now - policy.throttle.knownSourceMs).toISOString());
    for (const key of known ? [keys.pair, keys.address] : [keys.pair, keys.address, keys.account]) {
      const reservation: Reservation = await reserveAttempt(db, key, now, policy.throttle);
      if (reservation.ok) continue;
      const retryAfter = Math.max(1, Math.ceil(reservation.retryAfterMs / 1000));
      await securityEvents.record(actor, { action: 'session.signInThrottled', target: `user:${username}`, after: { on: reservation.kind } });
      throw new AppError(429, 'TOO_MANY_ATTEMPTS', refusals[reservation.kind](Math.ceil(retryAfter / 60)), {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
  }

  return {
    async signIn({ username, password, sourceIp, actor }) {
      const accountKey = usernameKey(username);
      await reserve(accountKey, sourceIp, clock.now().getTime(), actor, username);

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
        await throttles.pruneThrottles(db, {
          windowStartedBefore: new Date(now.getTime() - policy.throttle.windowMs).toISOString(),
          accountWindowStartedBefore: new Date(now.getTime() - policy.throttle.accountWindowMs).toISOString(),
          now: at,
        });
        // The reason stays in the audit trail only (admins read it); the answer is the same for every failure.
        await securityEvents.record(actor, {
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
        const keys = throttleKeys(accountKey, sourceIp);
        await throttles.deleteThrottles(trx, [keys.pair.key, keys.account.key]);
        await refundAttempt(trx, keys.address, now.getTime(), policy.throttle);
        await throttles.rememberSource(trx, accountKey, sourceIp, at);
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
      // Best effort: a read must not fail because another writer holds the database; the next request retries.
      if (now - lastSeen >= TOUCH_INTERVAL_MS)
        await repo.touchSession(db, row.sessionId, new Date(now).toISOString()).catch((error: unknown) => {
          if (databaseUnavailability(error) === null) throw error;
        });
      let csrfToken: string | undefined;
      return {
        sessionId: row.sessionId,
        accountId: row.accountId,
        username: row.username,
        role: role.data,
        // Derived only when something reads it (writes, GET /api/session): most requests are reads.
        get csrfToken() {
          return (csrfToken ??= csrfTokenFor(token));
        },
        expiresAt: new Date(created + policy.absoluteMs),
        generation: Number(row.generation),
      };
    },

    async listThrottles() {
      const now = clock.now().getTime();
      const rows = await throttles.listThrottles(db);
      return rows.map((row) => {
        const blocked = row.blocked_until !== null && Date.parse(row.blocked_until) > now;
        return {
          kind: row.kind as ThrottleKind,
          account: row.account,
          address: row.address,
          failures: row.failures,
          windowStartedAt: row.window_started_at,
          blockedUntil: blocked ? row.blocked_until : null,
        };
      });
    },

    async clearThrottles(match, actor) {
      const accountKey = match.account === undefined ? undefined : usernameKey(match.account);
      return withChange(db, actor, async (trx) => {
        const cleared = await throttles.clearThrottles(trx, { ...(accountKey !== undefined ? { account: accountKey } : {}), ...(match.address !== undefined ? { address: match.address } : {}) });
        return {
          result: cleared.length,
          event: {
            action: 'session.throttleCleared',
            target: [accountKey !== undefined ? `user:${accountKey}` : null, match.address !== undefined ? `address:${match.address}` : null].filter(Boolean).join(' '),
            before: cleared.map((row) => ({ kind: row.kind, account: row.account, address: row.address, failures: row.failures })),
          },
        };
      });
    },

    async signOut(auth, actor) {
      await db.transaction().execute(async (trx) => {
        await repo.deleteSession(trx, auth.sessionId);
        await insertAuditEvent(trx, actor, { action: 'session.signOut', target: `user:${auth.username}` });
      });
    },
  };
}
