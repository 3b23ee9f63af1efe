import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import * as repo from './throttle.repo.ts';

/**
 * Sign-in throttling. Every attempt is counted *before* the password is hashed, by a compare-and-set on one row
 * per key, so simultaneous guesses (or two API processes) cannot all pass a count read before the ~0.3 s hash.
 *
 * Three keys, strictest first:
 * - the pair (account, address): a hard stop after `pairLimit` failures until the window ends — the usual
 *   typo-or-guessing case, and it only ever blocks the address that guessed;
 * - the address alone: a hard stop after `addressLimit` failures across accounts (one machine spraying names);
 * - the account alone, across addresses: never a hard lock — after `accountSoftLimit` failures each further
 *   attempt must wait a growing delay (Keycloak's wait-increment model). Addresses the account signed in from
 *   recently skip this key, so guesses from elsewhere cannot keep its owner out.
 */
export interface ThrottlePolicy {
  /** The pair's and the address's counting window. */
  windowMs: number;
  /** The account's window is longer, so a slow distributed guesser does not get a fresh allowance every 15 min. */
  accountWindowMs: number;
  pairLimit: number;
  addressLimit: number;
  accountSoftLimit: number;
  accountFirstDelayMs: number;
  accountMaxDelayMs: number;
  /** How long a successful sign-in makes an address "known" to the account. */
  knownSourceMs: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  accountWindowMs: 12 * 60 * 60_000,
  pairLimit: 5,
  addressLimit: 10,
  accountSoftLimit: 20,
  accountFirstDelayMs: 30_000,
  accountMaxDelayMs: 15 * 60_000,
  knownSourceMs: 30 * 24 * 60 * 60_000,
};

export type ThrottleKind = 'pair' | 'address' | 'account';

export interface ThrottleKey {
  key: string;
  kind: ThrottleKind;
  account: string | null;
  address: string | null;
}

export const throttleKeys = (accountKey: string, address: string) => ({
  pair: { key: `pair:${accountKey}|${address}`, kind: 'pair', account: accountKey, address } satisfies ThrottleKey,
  address: { key: `address:${address}`, kind: 'address', account: null, address } satisfies ThrottleKey,
  account: { key: `account:${accountKey}`, kind: 'account', account: accountKey, address: null } satisfies ThrottleKey,
});

const windowOf = (kind: ThrottleKind, policy: ThrottlePolicy): number => (kind === 'account' ? policy.accountWindowMs : policy.windowMs);

/** When, after the n-th failure in a window, the next attempt on this key may be made (null: at once). */
export function blockedUntil(kind: ThrottleKind, failures: number, windowStart: number, now: number, policy: ThrottlePolicy): number | null {
  if (kind === 'pair') return failures >= policy.pairLimit ? windowStart + policy.windowMs : null;
  if (kind === 'address') return failures >= policy.addressLimit ? windowStart + policy.windowMs : null;
  if (failures < policy.accountSoftLimit) return null;
  const doublings = Math.min(failures - policy.accountSoftLimit, 20);
  return now + Math.min(policy.accountFirstDelayMs * 2 ** doublings, policy.accountMaxDelayMs);
}

export type Reservation = { ok: true } | { ok: false; kind: ThrottleKind; retryAfterMs: number };

/** Compare-and-set rounds before an attempt that keeps losing the race is refused like a throttled one. */
const MAX_ROUNDS = 50;

/** Counts one attempt on the key, or refuses it (without counting) while the key is blocked. */
export async function reserveAttempt(db: Kysely<Database>, key: ThrottleKey, now: number, policy: ThrottlePolicy): Promise<Reservation> {
  const at = new Date(now).toISOString();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const row = await repo.findThrottle(db, key.key);
    if (row === undefined) {
      const until = blockedUntil(key.kind, 1, now, now, policy);
      const first = { ...key, failures: 1, window_started_at: at, blocked_until: until === null ? null : new Date(until).toISOString() };
      if (await repo.insertThrottle(db, first)) return { ok: true };
      continue;
    }
    const windowStart = Date.parse(row.window_started_at);
    const expired = windowStart + windowOf(key.kind, policy) <= now;
    const blocked = row.blocked_until === null ? 0 : Date.parse(row.blocked_until);
    if (blocked > now) return { ok: false, kind: key.kind, retryAfterMs: blocked - now };
    const failures = expired ? 1 : row.failures + 1;
    const start = expired ? now : windowStart;
    const until = blockedUntil(key.kind, failures, start, now, policy);
    const next = { failures, window_started_at: new Date(start).toISOString(), blocked_until: until === null ? null : new Date(until).toISOString() };
    if (await repo.advanceThrottle(db, row, next)) return { ok: true };
  }
  return { ok: false, kind: key.kind, retryAfterMs: 1000 };
}

/**
 * Gives back the attempt a successful sign-in reserved on the address key, so people signing in from one
 * address (a terminal server, a NAT) do not use up the allowance meant for failures.
 */
export async function refundAttempt(db: Kysely<Database>, key: ThrottleKey, now: number, policy: ThrottlePolicy): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const row = await repo.findThrottle(db, key.key);
    if (row === undefined || row.failures === 0) return;
    const failures = row.failures - 1;
    const until = failures === 0 ? null : blockedUntil(key.kind, failures, Date.parse(row.window_started_at), now, policy);
    const next = { failures, window_started_at: row.window_started_at, blocked_until: until === null ? null : new Date(until).toISOString() };
    if (await repo.advanceThrottle(db, row, next)) return;
  }
}
