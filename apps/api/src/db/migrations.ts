import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { DialectName } from './database.ts';
import type { Database } from './schema.ts';

/**
 * Versioned migrations, kept in code so the API runs from source through tsx without a migrations folder to
 * ship. They are typed against no schema because they must keep working as the current types move on. Never
 * edit a released migration: add the next one.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('org_settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('servers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_key', 'text', (c) => c.notNull().unique())
          .addColumn('fqdn', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('ip_addresses', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('accepted_domains')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('domain_name', 'text', (c) => c.notNull())
          .addColumn('domain_key', 'text', (c) => c.notNull().unique())
          .addColumn('domain_type', 'text', (c) => c.notNull())
          .addColumn('is_default', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('principals')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_key', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('email_addresses', 'text', (c) => c.notNull())
          .addColumn('member_of', 'text', (c) => c.notNull())
          .addColumn('send_as', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('connectors')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('server_id', 'text', (c) => c.notNull().references('servers.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_key', 'text', (c) => c.notNull())
          .addColumn('usage', 'text', (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull())
          .addColumn('bindings', 'text', (c) => c.notNull())
          .addColumn('remote_ip_ranges', 'text', (c) => c.notNull())
          .addColumn('auth_mechanism', 'text', (c) => c.notNull())
          .addColumn('fqdn', 'text', (c) => c.notNull())
          .addColumn('banner', 'text')
          .addColumn('max_message_size', 'bigint', (c) => c.notNull())
          .addColumn('max_recipients_per_message', 'integer', (c) => c.notNull())
          .addColumn('size_enabled', 'text', (c) => c.notNull())
          .addColumn('require_tls', 'integer', (c) => c.notNull())
          .addColumn('domain_secure_enabled', 'integer', (c) => c.notNull())
          .addColumn('protocol_logging_level', 'text', (c) => c.notNull())
          .addColumn('comment', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('connectors_server_name_unique', ['server_id', 'name_key'])
          .execute();

        await db.schema
          .createTable('permission_entries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('server_id', 'text', (c) => c.notNull().references('servers.id'))
          .addColumn('connector_id', 'text', (c) => c.references('connectors.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('principal', 'text', (c) => c.notNull())
          .addColumn('extended_rights', 'text', (c) => c.notNull())
          .addColumn('deny', 'integer', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('permission_entries_connector').on('permission_entries').column('connector_id').execute();
        await db.schema.createIndex('permission_entries_server').on('permission_entries').column('server_id').execute();

        await db.schema
          .createTable('accounts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('username_key', 'text', (c) => c.notNull().unique())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text', (c) => c.notNull())
          .addColumn('source_ip', 'text')
          .execute();
        await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

        await db.schema
          .createTable('login_attempts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('login_attempts_key_at').on('login_attempts').columns(['key', 'at']).execute();

        // The sequence orders events written in the same millisecond; its type differs per dialect.
        await db.schema
          .createTable('audit_events')
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('connector_id', 'text')
          .addColumn('before', 'text')
          .addColumn('after', 'text')
          .addColumn('shell', 'text', (c) => c.notNull())
          .addColumn('source_ip', 'text')
          .addColumn('request_id', 'text')
          .execute();
        await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
        await db.schema.createIndex('audit_events_connector').on('audit_events').column('connector_id').execute();

        // Append-only in the database itself, so no code path (ours or a future one) can rewrite history.
        if (dialect === 'postgres') {
          await sql`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`.execute(db);
          await sql`CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);
          await sql`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
            FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`.execute(db);
        } else {
          await sql`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
          await sql`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
        }
      },
    },
    '0002_config_generation': {
      async up(db: Kysely<unknown>) {
        // One counter for the whole configuration (servers, connectors, entries, domains, directory): every
        // configuration write bumps it in its transaction, which also serialises those writes, and readers
        // reuse computed server contexts while it is unchanged.
        await db.schema
          .createTable('config_generation')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('generation', 'bigint', (c) => c.notNull())
          .execute();
        await sql`INSERT INTO config_generation (id, generation) VALUES (1, 0)`.execute(db);
      },
    },
    '0003_throttles_and_audit_inserts': {
      async up(db: Kysely<unknown>) {
        // One row per throttled key, updated by compare-and-set, replaces one row per failure: the count is
        // reserved before the password hash, so a burst of simultaneous guesses cannot all pass a stale count.
        await db.schema.dropTable('login_attempts').execute();
        await db.schema
          .createTable('sign_in_throttles')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('account', 'text')
          .addColumn('address', 'text')
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('window_started_at', 'text', (c) => c.notNull())
          .addColumn('blocked_until', 'text')
          .execute();
        // Addresses an account signed in from before: they skip the account-wide slow-down, so guesses from
        // elsewhere cannot keep an admin out of their own desk.
        await db.schema
          .createTable('sign_in_sources')
          .addColumn('account_key', 'text', (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .addColumn('last_success_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('sign_in_sources_pk', ['account_key', 'address'])
          .execute();
        // SQLite's REPLACE conflict resolution deletes the old row without firing DELETE triggers (recursive
        // triggers are off), so INSERT OR REPLACE / REPLACE INTO could rewrite history: refuse any insert that
        // names an existing event. PostgreSQL's INSERT … ON CONFLICT DO UPDATE fires the UPDATE trigger already.
        if (dialect === 'sqlite') {
          await sql`CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
            WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id OR seq = NEW.seq)
            BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
        }
      },
    },
    '0004_transport_settings': {
      async up(db: Kysely<unknown>) {
        // The organisation's Get-TransportConfig values that change a receive session: one row, lists as JSON.
        await db.schema
          .createTable('transport_settings')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('tls_receive_domain_secure_list', 'text', (c) => c.notNull())
          .addColumn('tls_send_domain_secure_list', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text')
          .execute();
        await sql`INSERT INTO transport_settings (id, tls_receive_domain_secure_list, tls_send_domain_secure_list) VALUES (1, '[]', '[]')`.execute(db);
      },
    },
    '0005_imports': {
      async up(db: Kysely<unknown>) {
        // What Exchange had that the 2007 model does not cover (2010+ properties), kept as printed so an import
        // loses nothing and an export can show it.
        await db.schema.alterTable('connectors').addColumn('extras', 'text', (c) => c.notNull().defaultTo('{}')).execute();
        await db.schema.alterTable('servers').addColumn('exchange_version', 'text').execute();
        // One row per applied import: who, when, which files (name, SHA-256, format) and how many changes.
        await db.schema
          .createTable('imports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('sources', 'text', (c) => c.notNull())
          .addColumn('changes', 'integer', (c) => c.notNull())
          .execute();
      },
    },
    '0006_directory_accounts': {
      async up(db: Kysely<unknown>) {
        // People who sign in with the directory (LDAP) or an OpenID provider get an account row too, so sessions,
        // audit and the users page treat them alike. `directory_grant` is the group DN or claim value that gave
        // the role: a session ends as soon as the configured mapping, or the directory itself, no longer grants it.
        await db.schema.alterTable('accounts').addColumn('source', 'text', (c) => c.notNull().defaultTo('local')).execute();
        await db.schema.alterTable('accounts').addColumn('directory_grant', 'text').execute();
        // When the directory was last asked about the person (sign-in or re-check of a live session).
        await db.schema.alterTable('accounts').addColumn('directory_checked_at', 'text').execute();
      },
    },
  };
}

/** Brings the schema up to date; throws when a migration fails so the process does not serve a half schema. */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName, pgSchema?: string): Promise<void> {
  // Kysely looks for its bookkeeping tables across all schemas, so name ours when several share one database.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    ...(pgSchema ? { migrationTableSchema: pgSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
