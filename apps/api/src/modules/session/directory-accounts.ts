import { randomUUID } from 'node:crypto';
import type { Role } from '@cc/api-contract';
import { insertAuditEvent, type Actor, type Trx } from '../../db/change.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { deleteSessionsOf } from '../users/users.repo.ts';

export type DirectorySource = 'ldap' | 'oidc';

/**
 * Directory people are keyed `<source>:<name>`: local user names cannot contain a colon, so a directory `admin`
 * never becomes the local break-glass `admin`, and the same name at two providers stays two people.
 */
export const directoryKey = (source: DirectorySource, name: string): string => `${source}:${name.toLowerCase()}`;

/** The throttle's account for a typed directory name: `CONTOSO\alice`, `alice@contoso.com` and `alice` are one. */
export function directoryThrottleName(typed: string): string {
  const withoutDomain = typed.includes('\\') ? typed.slice(typed.lastIndexOf('\\') + 1) : typed;
  const at = withoutDomain.lastIndexOf('@');
  return directoryKey('ldap', at > 0 ? withoutDomain.slice(0, at) : withoutDomain);
}

export function findDirectoryAccount(db: Kysely<Database> | Trx, key: string) {
  return db.selectFrom('accounts').selectAll().where('username_key', '=', key).executeTakeFirst();
}

/**
 * Creates or updates the account a directory sign-in proved, with the role the directory grants now; a changed
 * role (the first one included) is audited as coming from the directory. Returns null when an admin disabled it.
 */
export async function upsertDirectoryAccount(
  trx: Trx,
  actor: Actor,
  person: { source: DirectorySource; key: string; username: string; role: Role; grantedBy: string },
): Promise<{ id: string; username: string } | null> {
  const at = actor.now().toISOString();
  const existing = await findDirectoryAccount(trx, person.key);
  if (existing?.disabled) return null;
  if (!existing) {
    const id = randomUUID();
    await trx
      .insertInto('accounts')
      .values({
        id,
        username: person.username,
        username_key: person.key,
        password_hash: '',
        role: person.role,
        disabled: 0,
        created_at: at,
        updated_at: at,
        source: person.source,
        directory_grant: person.grantedBy,
        directory_checked_at: at,
      })
      .execute();
    await insertAuditEvent(trx, actor, { action: 'session.directoryRoleChanged', target: `user:${person.key}`, before: null, after: { role: person.role, grantedBy: person.grantedBy } });
    return { id, username: person.username };
  }
  await trx.updateTable('accounts').set({ directory_checked_at: at }).where('id', '=', existing.id).execute();
  if (existing.role !== person.role || existing.directory_grant !== person.grantedBy || existing.username !== person.username) {
    await trx.updateTable('accounts').set({ role: person.role, directory_grant: person.grantedBy, username: person.username, updated_at: at }).where('id', '=', existing.id).execute();
    if (existing.role !== person.role)
      await insertAuditEvent(trx, actor, {
        action: 'session.directoryRoleChanged',
        target: `user:${person.key}`,
        before: { role: existing.role, grantedBy: existing.directory_grant },
        after: { role: person.role, grantedBy: person.grantedBy },
      });
  }
  return { id: existing.id, username: person.username };
}

/**
 * The directory no longer grants this person a role (or no longer knows them): their sessions end now, the
 * account keeps no role-granting value, and the change is audited.
 */
export async function revokeDirectoryAccount(db: Kysely<Database>, actor: Actor, key: string, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await findDirectoryAccount(trx, key);
    if (!existing || existing.directory_grant === null) return;
    const ended = await deleteSessionsOf(trx, existing.id);
    await trx.updateTable('accounts').set({ directory_grant: null, updated_at: actor.now().toISOString() }).where('id', '=', existing.id).execute();
    await insertAuditEvent(trx, actor, {
      action: 'session.directoryRoleChanged',
      target: `user:${key}`,
      before: { role: existing.role, grantedBy: existing.directory_grant },
      after: { role: null, reason, sessionsEnded: ended },
    });
  });
}
