/**
 * The permission catalogue: every route of the API declares one of these actions, and a role holds an action
 * only when it is listed here. The browser reads the same table (through the session's `abilities`) to decide
 * what to show; the API is the authority.
 */
export const ROLES = ['admin', 'helpdesk'] as const;
export type Role = (typeof ROLES)[number];

const both = ['admin', 'helpdesk'] as const;
const adminOnly = ['admin'] as const;

export const PERMISSION_CATALOGUE = {
  'session:self': { roles: both, description: 'Read or end one’s own session.' },
  'account:self': { roles: both, description: 'Change one’s own password, which ends one’s other sessions.' },
  'connectors:read': { roles: both, description: 'List and read receive connectors, their entries and shell commands.' },
  'connectors:validate': { roles: adminOnly, description: 'Check a draft connector for the wizard (never writes).' },
  'connectors:write': { roles: adminOnly, description: 'Create, change and delete receive connectors.' },
  'permissions:write': { roles: adminOnly, description: 'Add and remove permission entries on connectors and servers.' },
  'servers:read': { roles: both, description: 'List and read transport servers and their inherited entries.' },
  'servers:write': { roles: adminOnly, description: 'Create, change and delete transport servers.' },
  'domains:read': { roles: both, description: 'List accepted domains.' },
  'domains:write': { roles: adminOnly, description: 'Create, change and delete accepted domains.' },
  'directory:read': { roles: both, description: 'List directory users, groups and well-known principals.' },
  'directory:write': { roles: adminOnly, description: 'Create, change and delete directory users and groups.' },
  'transport:read': { roles: both, description: 'Read the organisation’s transport settings (Get-TransportConfig).' },
  'transport:write': { roles: adminOnly, description: 'Change the organisation’s transport settings (Set-TransportConfig).' },
  'simulate:run': { roles: both, description: 'Run effective permissions and SMTP session simulations.' },
  'findings:read': { roles: both, description: 'Read the organisation’s risk findings.' },
  'audit:read': { roles: both, description: 'Read the audit log.' },
  'organisation:export': { roles: both, description: 'Export the organisation (JSON, shell script), download the collector, read the import history.' },
  'organisation:import': { roles: adminOnly, description: 'Preview and apply an import of Exchange configuration.' },
  'users:manage': { roles: adminOnly, description: 'Manage console accounts and their sessions.' },
} as const satisfies Record<string, { roles: readonly Role[]; description: string }>;

export type Action = keyof typeof PERMISSION_CATALOGUE;
export const ACTIONS = Object.keys(PERMISSION_CATALOGUE) as Action[];

export function can(role: Role, action: Action): boolean {
  return (PERMISSION_CATALOGUE[action].roles as readonly Role[]).includes(role);
}

/** The actions a role holds, sent with the session so the browser never re-implements this table. */
export function abilities(role: Role): Action[] {
  return ACTIONS.filter((action) => can(role, action));
}
