import type { ColumnType, Generated } from 'kysely';

/**
 * Table shapes. Portable choices (CONVENTIONS gotcha 4): ids are UUID text, timestamps ISO-8601 UTC text (they
 * sort lexicographically), booleans are 0/1 integers, lists are JSON text. PostgreSQL returns BIGINT as a string,
 * so those columns are typed `number | string` and read through `Number()`.
 */
type BigIntColumn = ColumnType<number | string, number, number>;
type Bool = number;

export interface OrgSettingsTable {
  key: string;
  value: string;
}

export interface ServersTable {
  id: string;
  name: string;
  /** NFC + lower case, so names are unique as Exchange compares them. */
  name_key: string;
  fqdn: string;
  role: string;
  ip_addresses: string;
  created_at: string;
  updated_at: string;
  /** Get-ExchangeServer's AdminDisplayVersion when imported. */
  exchange_version: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AcceptedDomainsTable {
  id: string;
  domain_name: string;
  domain_key: string;
  domain_type: string;
  is_default: Bool;
  created_at: string;
}

export interface PrincipalsTable {
  id: string;
  name: string;
  name_key: string;
  kind: string;
  email_addresses: string;
  member_of: string;
  send_as: string;
  created_at: string;
}

export interface ConnectorsTable {
  id: string;
  server_id: string;
  name: string;
  name_key: string;
  usage: string;
  enabled: Bool;
  bindings: string;
  remote_ip_ranges: string;
  auth_mechanism: string;
  fqdn: string;
  banner: string | null;
  max_message_size: BigIntColumn;
  max_recipients_per_message: number;
  size_enabled: string;
  require_tls: Bool;
  domain_secure_enabled: Bool;
  protocol_logging_level: string;
  comment: string;
  version: number;
  created_at: string;
  updated_at: string;
  /** JSON object of Exchange properties the model does not cover (imports from 2010+). */
  extras: ColumnType<string, string | undefined, string>;
}

/** A connector's ACL entries, or (connector_id null) entries on the server's receive-connector container. */
export interface PermissionEntriesTable {
  id: string;
  server_id: string;
  connector_id: string | null;
  /** Keeps the ACL in the order it was written, which is the order the shell commands replay it. */
  position: number;
  principal: string;
  extended_rights: string;
  deny: Bool;
  source: string;
  created_at: string;
}

export interface AccountsTable {
  id: string;
  username: string;
  username_key: string;
  password_hash: string;
  role: string;
  disabled: Bool;
  created_at: string;
  updated_at: string;
  /** `local`, `ldap` or `oidc`: how the person proves who they are. */
  source: Generated<string>;
  /** Directory accounts: the group DN or claim value that granted `role` at the last sign-in. */
  directory_grant: string | null;
  directory_checked_at: string | null;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 of the cookie token: a database leak does not hand out live sessions. */
  token_hash: string;
  account_id: string;
  created_at: string;
  last_seen_at: string;
  source_ip: string | null;
}

export interface SignInThrottlesTable {
  /** `pair:<account>|<address>`, `address:<address>` or `account:<account>` (account = username key). */
  key: string;
  kind: string;
  account: string | null;
  address: string | null;
  failures: number;
  window_started_at: string;
  blocked_until: string | null;
}

export interface SignInSourcesTable {
  account_key: string;
  address: string;
  last_success_at: string;
}

export interface AuditEventsTable {
  seq: Generated<BigIntColumn>;
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  connector_id: string | null;
  before: string | null;
  after: string | null;
  shell: string;
  source_ip: string | null;
  request_id: string | null;
}

/** One row (id 1): the organisation's transport settings, lists as JSON text. */
export interface TransportSettingsTable {
  id: number;
  tls_receive_domain_secure_list: string;
  tls_send_domain_secure_list: string;
  updated_at: string | null;
}

export interface ConfigGenerationTable {
  id: number;
  generation: BigIntColumn;
}

export interface ImportsTable {
  id: string;
  at: string;
  actor: string;
  /** JSON list of { file, sha256, bytes, format, objects }. */
  sources: string;
  changes: number;
}

export interface Database {
  imports: ImportsTable;
  config_generation: ConfigGenerationTable;
  org_settings: OrgSettingsTable;
  transport_settings: TransportSettingsTable;
  servers: ServersTable;
  accepted_domains: AcceptedDomainsTable;
  principals: PrincipalsTable;
  connectors: ConnectorsTable;
  permission_entries: PermissionEntriesTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  sign_in_throttles: SignInThrottlesTable;
  sign_in_sources: SignInSourcesTable;
  audit_events: AuditEventsTable;
}
