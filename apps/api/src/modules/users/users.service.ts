import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Account, CreateAccountBody, Role, UpdateAccountBody } from '@cc/api-contract';
import { AccountSourceSchema, NewPasswordSchema, RoleSchema } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { withChange, type Actor } from '../../db/change.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, notFound } from '../../plugins/errors.ts';
import { passwordProblem, type PasswordHasher } from './password.ts';
import * as repo from './users.repo.ts';
import { DEFAULT_THROTTLE_POLICY, reserveAttempt, throttleKeys } from '../session/throttle.ts';
import { deleteThrottles } from '../session/throttle.repo.ts';

type AccountRow = NonNullable<Awaited<ReturnType<typeof repo.findAccount>>>;

/** Directory people are addressed by their key (`ldap:alice`, `oidc:<subject>`), which no local name can take. */
export function toAccount(row: AccountRow): Account {
  const source = AccountSourceSchema.parse(row.source);
  return {
    username: source === 'local' ? row.username : row.username_key,
    source,
    displayName: row.username,
    role: RoleSchema.parse(row.role),
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError(422, 'RULE_VIOLATION', problem, { details: [{ code: 'WEAK_PASSWORD', path: 'password', message: problem }] });
}

export interface UsersService {
  list(): Promise<Account[]>;
  create(actor: Actor, body: CreateAccountBody): Promise<Account>;
  update(actor: Actor, username: string, body: UpdateAccountBody): Promise<Account>;
  resetPassword(actor: Actor, username: string, password: string): Promise<void>;
  endSessions(actor: Actor, username: string): Promise<number>;
  /** The signed-in account's own password; ends its other sessions. */
  changeOwnPassword(actor: Actor, self: { accountId: string; sessionId: string }, currentPassword: string, newPassword: string): Promise<number>;
  /** First start: creates `admin`; returns the generated password when none was configured. */
  ensureFirstAdmin(actor: Actor, configuredPassword: string | undefined): Promise<{ created: boolean; generatedPassword: string | null }>;
}

export function createUsersService(deps: { db: Kysely<Database>; hasher: PasswordHasher }): UsersService {
  const { db, hasher } = deps;

  async function load(username: string): Promise<AccountRow> {
    const row = await repo.findAccount(db, username);
    if (!row) throw notFound(`The account ${username}`);
    return row;
  }

  /** Refuses a change that would leave no enabled admin, so the console cannot lock itself out. */
  async function keepAnAdmin(trx: Parameters<typeof repo.countEnabledAdmins>[0], row: AccountRow, role: Role, disabled: boolean) {
    const wasActiveAdmin = row.role === 'admin' && row.disabled === 0;
    const staysActiveAdmin = role === 'admin' && !disabled;
    if (wasActiveAdmin && !staysActiveAdmin && (await repo.countEnabledAdmins(trx)) <= 1)
      throw new AppError(409, 'CONFLICT', `${row.username} is the last enabled admin; make another account admin first.`);
  }

  return {
    async list() {
      return (await repo.listAccounts(db)).map(toAccount);
    },

    async create(actor, body) {
      checkPassword(body.password, body.username);
      const passwordHash = await hasher.hash(body.password);
      const at = actor.now().toISOString();
      try {
        return await withChange(db, actor, async (trx) => {
          await repo.insertAccount(trx, { id: randomUUID(), username: body.username, passwordHash, role: body.role, at });
          const account = toAccount((await repo.findAccount(trx, body.username))!);
          return { result: account, event: { action: 'user.create', target: `user:${body.username}`, after: account } };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError(409, 'NAME_TAKEN', `An account named ${body.username} already exists.`);
        throw error;
      }
    },

    async update(actor, username, body) {
      return withChange(db, actor, async (trx) => {
        const row = await repo.findAccount(trx, username);
        if (!row) throw notFound(`The account ${username}`);
        const before = toAccount(row);
        if (row.source !== 'local' && body.role !== undefined && body.role !== before.role)
          throw new AppError(409, 'MANAGED_BY_DIRECTORY', `The role of ${before.username} comes from the directory at every sign-in; change the person's groups or LDAP_ROLE_GROUPS / OIDC_ROLE_VALUES instead.`);
        const role = body.role ?? before.role;
        const disabled = body.disabled ?? before.disabled;
        await keepAnAdmin(trx, row, role, disabled);
        await repo.updateAccount(trx, row.id, { role, disabled, at: actor.now().toISOString() });
        // A disabled account loses its sessions at once; a demotion takes effect on the next request anyway
        // because the account is loaded on every request.
        if (disabled && !before.disabled) await repo.deleteSessionsOf(trx, row.id);
        const after = toAccount((await repo.findAccountById(trx, row.id))!);
        return { result: after, event: { action: 'user.update', target: `user:${row.username}`, before, after } };
      });
    },

    async resetPassword(actor, username, password) {
      const row = await load(username);
      if (row.source !== 'local') throw new AppError(409, 'MANAGED_BY_DIRECTORY', `${row.username_key} signs in with the directory, which holds the password; reset it there.`);
      checkPassword(password, row.username);
      const passwordHash = await hasher.hash(password);
      await withChange(db, actor, async (trx) => {
        await repo.updateAccount(trx, row.id, { passwordHash, at: actor.now().toISOString() });
        // Whoever knew the old password is signed out everywhere.
        const ended = await repo.deleteSessionsOf(trx, row.id);
        return { result: undefined, event: { action: 'user.passwordReset', target: `user:${row.username}`, after: { sessionsEnded: ended } } };
      });
    },

    async changeOwnPassword(actor, self, currentPassword, newPassword) {
      const row = await repo.findAccountById(db, self.accountId);
      if (!row) throw notFound('Your account');
      if (row.source !== 'local') throw new AppError(409, 'MANAGED_BY_DIRECTORY', 'Your password is the directory’s; change it there (for example with Ctrl+Alt+Del on Windows).');
      // A stolen session must not become a way to guess the password: the same throttle as sign-in, counted first.
      const pair = throttleKeys(row.username_key, actor.sourceIp ?? 'unknown').pair;
      const reservation = await reserveAttempt(db, pair, actor.now().getTime(), DEFAULT_THROTTLE_POLICY);
      if (!reservation.ok) {
        const retryAfter = Math.max(1, Math.ceil(reservation.retryAfterMs / 1000));
        throw new AppError(429, 'TOO_MANY_ATTEMPTS', `Too many wrong current passwords; try again in ${Math.ceil(retryAfter / 60)} minute(s).`, { headers: { 'Retry-After': String(retryAfter) } });
      }
      const verified = await hasher.verify(currentPassword, row.password_hash);
      if (!verified.ok)
        throw new AppError(422, 'RULE_VIOLATION', 'The current password is not correct.', {
          details: [{ code: 'WRONG_PASSWORD', path: 'currentPassword', message: 'The current password is not correct.' }],
        });
      if (currentPassword === newPassword)
        throw new AppError(422, 'RULE_VIOLATION', 'The new password is the current one.', {
          details: [{ code: 'SAME_PASSWORD', path: 'newPassword', message: 'Choose a password other than the current one.' }],
        });
      const problem = passwordProblem(newPassword, row.username);
      if (problem) throw new AppError(422, 'RULE_VIOLATION', problem, { details: [{ code: 'WEAK_PASSWORD', path: 'newPassword', message: problem }] });
      const passwordHash = await hasher.hash(newPassword);
      return withChange(db, actor, async (trx) => {
        await deleteThrottles(trx, [pair.key]);
        await repo.updateAccount(trx, row.id, { passwordHash, at: actor.now().toISOString() });
        // Anyone signed in elsewhere with the old password is signed out; this session stays.
        const ended = await repo.deleteOtherSessionsOf(trx, row.id, self.sessionId);
        return { result: ended, event: { action: 'user.passwordChange', target: `user:${row.username}`, after: { otherSessionsEnded: ended } } };
      });
    },

    async endSessions(actor, username) {
      const row = await load(username);
      return withChange(db, actor, async (trx) => {
        const ended = await repo.deleteSessionsOf(trx, row.id);
        return { result: ended, event: { action: 'user.sessionsEnd', target: `user:${row.username}`, after: { sessionsEnded: ended } } };
      });
    },

    async ensureFirstAdmin(actor, configuredPassword) {
      if ((await repo.countAccounts(db)) > 0) return { created: false, generatedPassword: null };
      const generatedPassword = configuredPassword ? null : randomBytes(18).toString('base64url');
      const password = configuredPassword ?? generatedPassword!;
      if (configuredPassword) {
        const length = NewPasswordSchema.safeParse(configuredPassword);
        if (!length.success) throw new Error(`CONSOLE_ADMIN_PASSWORD is refused: ${length.error.issues[0]?.message}`);
        checkPassword(configuredPassword, 'admin');
      }
      const passwordHash = await hasher.hash(password);
      const at = actor.now().toISOString();
      await withChange(db, actor, async (trx) => {
        await repo.insertAccount(trx, { id: randomUUID(), username: 'admin', passwordHash, role: 'admin', at });
        return { result: undefined, event: { action: 'user.create', target: 'user:admin', after: { username: 'admin', role: 'admin' } } };
      });
      return { created: true, generatedPassword };
    },
  };
}
