import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { RoleSchema, type Role, type SignInThrottle } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { databaseUnavailability } from '../../db/availability.ts';
import { insertAuditEvent, withChange, type Actor, type Trx } from '../../db/change.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../plugins/errors.ts';
import type { PasswordHasher } from '../users/password.ts';
import { findAccount, updateAccount, usernameKey } from '../users/users.repo.ts';
import type { SecurityEvents } from '../audit/security-events.ts';
import type { SignInConfig } from '../../auth/sign-in-config.ts';
import { DirectoryUnavailable, type LdapAuthenticator } from '../../auth/ldap.ts';
import { OidcRefused, OidcUnavailable, type OidcOutcome } from '../../auth/oidc.ts';
import { sameDn } from '../../auth/dn.ts';
import { directoryKey, directoryThrottleName, revokeDirectoryAccount, upsertDirectoryAccount } from './directory-accounts.ts';
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

export type SignInMethod = 'local' | 'ldap';

export const oidcKey = (subject: string): string => `oidc:${subject}`;

/** Who a session is in the audit trail and the page header: directory people carry their source. */
export const sessionName = (source: string, username: string): string => (source === 'local' ? username : `${source}:${username}`);

export interface SessionService {
  signIn(input: { username: string; password: string; method?: SignInMethod; sourceIp: string; actor: Actor }): Promise<SignedIn>;
  /** Completes an OpenID Connect return: `finish` exchanges the code; the attempt is counted before it runs. */
  signInWithOidc(input: { finish: () => Promise<OidcOutcome>; sourceIp: string; actor: Actor }): Promise<SignedIn>;
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
  signInConfig: SignInConfig;
  ldap: LdapAuthenticator | null;
}): SessionService {
  const { db, hasher, clock, securityEvents, signInConfig, ldap } = deps;
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
  async function reserve(accountKey: string | null, address: string, now: number, actor: Actor, username: string): Promise<void> {
    const keys = throttleKeys(accountKey ?? '', address);
    const known = accountKey !== null && (await throttles.isKnownSource(db, accountKey, address, new Date(now - policy.throttle.knownSourceMs).toISOString()));
    // Without an account (an OpenID return, whose password the provider checked) only the address is counted.
    const reserved = accountKey === null ? [keys.address] : known ? [keys.pair, keys.address] : [keys.pair, keys.address, keys.account];
    for (const key of reserved) {
      const reservation: Reservation = await reserveAttempt(db, key, now, policy.throttle);
      if (reservation.ok) continue;
      const retryAfter = Math.max(1, Math.ceil(reservation.retryAfterMs / 1000));
      await securityEvents.record(actor, { action: 'session.signInThrottled', target: `user:${username}`, after: { on: reservation.kind } });
      throw new AppError(429, 'TOO_MANY_ATTEMPTS', refusals[reservation.kind](Math.ceil(retryAfter / 60)), {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
  }

  /**
   * A directory person's role came from a group or claim value: when the configured mapping (read at start-up)
   * no longer grants that role for it, or the way in is switched off, the session ends.
   */
  function stillGranted(row: { source: string; role: string; directoryGrant: string | null }): boolean {
    if (row.source === 'local') return signInConfig.local;
    if (row.directoryGrant === null) return false;
    const grants = row.source === 'ldap' ? signInConfig.ldap?.roleGroups : signInConfig.oidc?.roleValues;
    const same = row.source === 'ldap' ? sameDn : (a: string, b: string) => a === b;
    return (grants ?? []).some((g) => g.role === row.role && same(g.value, row.directoryGrant!));
  }

  const directoryActor: Actor = { username: 'directory', sourceIp: null, requestId: null, now: () => clock.now() };

  function recheckDue(row: { source: string; directoryCheckedAt: string | null; createdAt: string }, now: number): boolean {
    const every = signInConfig.ldap?.recheckMs ?? 0;
    if (row.source !== 'ldap' || !ldap?.canRecheck || every === 0) return false;
    return now - Date.parse(row.directoryCheckedAt ?? row.createdAt) >= every;
  }

  /**
   * Asks the directory (as the service account) what it grants a signed-in person now, so that removal from a
   * group ends their sessions within LDAP_RECHECK_MINUTES and not only at their next sign-in. Returns the role,
   * or null when the sessions were ended. An unreachable directory keeps the session (and is asked again next
   * interval): an outage of the domain controllers should not sign every admin out.
   */
  async function recheckDirectory(row: { usernameKey: string; username: string; accountId: string }, role: Role): Promise<Role | null> {
    const at = clock.now().toISOString();
    let outcome;
    try {
      outcome = await ldap!.recheck(row.username);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailable)) throw error;
      await db.updateTable('accounts').set({ directory_checked_at: at }).where('id', '=', row.accountId).execute();
      return role;
    }
    if (!outcome.ok) {
      await revokeDirectoryAccount(db, directoryActor, row.usernameKey, outcome.reason);
      return null;
    }
    await db.transaction().execute((trx) =>
      upsertDirectoryAccount(trx, directoryActor, { source: 'ldap', key: row.usernameKey, username: outcome.username, role: outcome.role, grantedBy: outcome.grantedBy }),
    );
    return outcome.role;
  }

  async function failed(actor: Actor, target: string, after: Record<string, unknown>): Promise<never> {
    const now = clock.now();
    await throttles.pruneThrottles(db, {
      windowStartedBefore: new Date(now.getTime() - policy.throttle.windowMs).toISOString(),
      accountWindowStartedBefore: new Date(now.getTime() - policy.throttle.accountWindowMs).toISOString(),
      now: now.toISOString(),
    });
    // The reason stays in the audit trail only (admins read it); the answer is the same for every failure.
    await securityEvents.record(actor, { action: 'session.signInFailed', target, after });
    throw INVALID();
  }

  /** A directory could not be asked: not the person's fault, so the attempt is given back. */
  async function unavailable(accountKey: string | null, sourceIp: string, actor: Actor, target: string, method: string, detail: string, message: string): Promise<never> {
    const now = clock.now().getTime();
    const keys = throttleKeys(accountKey ?? '', sourceIp);
    for (const key of accountKey === null ? [keys.address] : [keys.pair, keys.address]) await refundAttempt(db, key, now, policy.throttle);
    await securityEvents.record(actor, { action: 'session.signInFailed', target, after: { method, reason: 'directoryUnavailable', detail } });
    throw new AppError(503, 'DIRECTORY_UNAVAILABLE', message, { headers: { 'Retry-After': '30' } });
  }

  /** The new session, with the throttle bookkeeping and the sign-in event in one transaction. */
  async function establish(
    trx: Trx,
    account: { id: string; username: string; role: string },
    throttleAccount: string | null,
    sourceIp: string,
    actor: Actor,
    method: string,
  ): Promise<SignedIn> {
    const now = clock.now();
    const at = now.toISOString();
    const token = randomBytes(32).toString('base64url');
    const sessionId = randomUUID();
    await repo.insertSession(trx, { id: sessionId, tokenHash: sha256(token), accountId: account.id, at, sourceIp });
    const keys = throttleKeys(throttleAccount ?? '', sourceIp);
    if (throttleAccount !== null) {
      await throttles.deleteThrottles(trx, [keys.pair.key, keys.account.key]);
      await throttles.rememberSource(trx, throttleAccount, sourceIp, at);
    }
    await refundAttempt(trx, keys.address, now.getTime(), policy.throttle);
    await insertAuditEvent(trx, { ...actor, username: account.username }, { action: 'session.signIn', target: `user:${account.username}`, ...(method === 'local' ? {} : { after: { method } }) });
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
  }

  async function pruneSessions(): Promise<void> {
    const now = clock.now().getTime();
    await repo.deleteExpiredSessions(db, new Date(now - policy.idleMs).toISOString(), new Date(now - policy.absoluteMs).toISOString());
  }

  async function signInLocal(username: string, password: string, sourceIp: string, actor: Actor): Promise<SignedIn> {
    const accountKey = usernameKey(username);
    await reserve(accountKey, sourceIp, clock.now().getTime(), actor, username);
    const found = await findAccount(db, username);
    // Directory people have no console password: only local accounts sign in here.
    const account = found?.source === 'local' ? found : undefined;
    let ok = false;
    if (account) {
      const result = await hasher.verify(password, account.password_hash);
      ok = result.ok && account.disabled === 0;
      if (ok && result.needsRehash) await updateAccount(db, account.id, { passwordHash: await hasher.hash(password), at: clock.now().toISOString() });
    } else {
      await hasher.verifyDummy(password);
    }
    if (!ok || !account) return failed(actor, `user:${username}`, { reason: !account ? 'unknownAccount' : account.disabled ? 'disabled' : 'wrongPassword' });
    const signedIn = await db.transaction().execute((trx) => establish(trx, account, accountKey, sourceIp, actor, 'local'));
    await pruneSessions();
    return signedIn;
  }

  async function signInLdap(directory: LdapAuthenticator, username: string, password: string, sourceIp: string, actor: Actor): Promise<SignedIn> {
    const throttleAccount = directoryThrottleName(username);
    const target = `user:${throttleAccount}`;
    // Reserved before the directory bind, as local sign-in reserves before hashing.
    await reserve(throttleAccount, sourceIp, clock.now().getTime(), actor, username);
    let outcome;
    try {
      outcome = await directory.authenticate(username, password);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailable)) throw error;
      return unavailable(throttleAccount, sourceIp, actor, target, 'ldap', error.message, 'The directory could not be reached, so directory sign-in is not possible right now; try again shortly or sign in with a console account.');
    }
    if (!outcome.ok) {
      // Someone the directory no longer grants a role: any session they still hold ends now.
      if (outcome.reason === 'noMappedGroup' || outcome.reason === 'unknownUser') await revokeDirectoryAccount(db, actor, throttleAccount, outcome.reason);
      return failed(actor, target, { method: 'ldap', reason: outcome.reason });
    }
    const key = directoryKey('ldap', outcome.username);
    const signedIn = await db.transaction().execute(async (trx) => {
      const account = await upsertDirectoryAccount(trx, actor, { source: 'ldap', key, username: outcome.username, role: outcome.role, grantedBy: outcome.grantedBy });
      if (!account) return null;
      return establish(trx, { ...account, username: sessionName('ldap', account.username), role: outcome.role }, throttleAccount, sourceIp, actor, 'ldap');
    });
    if (!signedIn) return failed(actor, `user:${key}`, { method: 'ldap', reason: 'disabled' });
    await pruneSessions();
    return signedIn;
  }

  return {
    async signIn({ username, password, method, sourceIp, actor }) {
      const way = method ?? (signInConfig.local ? 'local' : 'ldap');
      if (way === 'local' && !signInConfig.local)
        throw new AppError(403, 'SIGN_IN_METHOD_OFF', 'Console accounts are switched off here (LOCAL_SIGN_IN=0); sign in with the directory.');
      if (way === 'ldap' && !ldap) throw new AppError(400, 'SIGN_IN_METHOD_OFF', 'Directory sign-in is not configured here (LDAP_URL); sign in with a console account.');
      return way === 'ldap' ? signInLdap(ldap!, username, password, sourceIp, actor) : signInLocal(username, password, sourceIp, actor);
    },

    async signInWithOidc({ finish, sourceIp, actor }) {
      await reserve(null, sourceIp, clock.now().getTime(), actor, 'oidc');
      let outcome: OidcOutcome;
      try {
        outcome = await finish();
      } catch (error) {
        if (error instanceof OidcUnavailable)
          return unavailable(null, sourceIp, actor, 'oidc', 'oidc', error.message, 'The sign-in provider could not be reached; try again shortly or use another way to sign in.');
        if (error instanceof OidcRefused) return failed(actor, 'oidc', { method: 'oidc', reason: 'refusedByChecks', detail: error.message });
        throw error;
      }
      const key = oidcKey(outcome.subject);
      if (!outcome.ok) {
        await revokeDirectoryAccount(db, actor, key, outcome.reason);
        return failed(actor, `user:${key}`, { method: 'oidc', reason: outcome.reason });
      }
      const signedIn = await db.transaction().execute(async (trx) => {
        const account = await upsertDirectoryAccount(trx, actor, { source: 'oidc', key, username: outcome.username, role: outcome.role, grantedBy: outcome.grantedBy });
        if (!account) return null;
        return establish(trx, { ...account, username: sessionName('oidc', account.username), role: outcome.role }, null, sourceIp, actor, 'oidc');
      });
      if (!signedIn) return failed(actor, `user:${key}`, { method: 'oidc', reason: 'disabled' });
      await pruneSessions();
      return signedIn;
    },

    async authenticate(token) {
      const row = await repo.findSessionWithAccount(db, sha256(token));
      if (!row) return null;
      const now = clock.now().getTime();
      const created = Date.parse(row.createdAt);
      const lastSeen = Date.parse(row.lastSeenAt);
      const stored = RoleSchema.safeParse(row.role);
      if (now - lastSeen > policy.idleMs || now - created > policy.absoluteMs || row.disabled !== 0 || !stored.success || !stillGranted(row)) {
        await repo.deleteSession(db, row.sessionId);
        return null;
      }
      let role: Role = stored.data;
      if (recheckDue(row, now)) {
        const current = await recheckDirectory(row, stored.data);
        if (current === null) return null;
        role = current;
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
        username: sessionName(row.source, row.username),
        role,
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
