import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Action } from '@cc/api-contract';

export interface NavEntry {
  /** Route path under the shell, also the link target. */
  path: string;
  label: string;
  /** Shown and routed only when the session holds this ability (the API enforces it as well). */
  ability?: Action;
  /** Lazily loaded page; `null` for pages that are part of the initial bundle (registered in router.tsx). */
  page: LazyExoticComponent<ComponentType> | null;
}

/**
 * The left navigation and its routes in one table. A new page is one entry here: its own folder under
 * src/features, a default-exported component, loaded on first visit.
 */
export const NAVIGATION: readonly NavEntry[] = [
  { path: '/connectors', label: 'Connectors', page: null },
  {
    path: '/effective-permissions',
    label: 'Effective permissions',
    ability: 'simulate:run',
    page: lazy(() => import('../features/effective-permissions/EffectivePermissionsPage.tsx')),
  },
  {
    path: '/troubleshoot',
    label: 'Troubleshoot relay',
    ability: 'simulate:run',
    page: lazy(() => import('../features/troubleshooter/TroubleshootRelayPage.tsx')),
  },
  { path: '/findings', label: 'Findings', ability: 'findings:read', page: lazy(() => import('../features/findings/FindingsPage.tsx')) },
  {
    path: '/accepted-domains',
    label: 'Accepted domains',
    ability: 'domains:read',
    page: lazy(() => import('../features/domains/AcceptedDomainsPage.tsx')),
  },
  {
    path: '/transport-settings',
    label: 'Transport settings',
    ability: 'transport:read',
    page: lazy(() => import('../features/settings/TransportSettingsPage.tsx')),
  },
  { path: '/servers', label: 'Servers', ability: 'servers:read', page: lazy(() => import('../features/servers/ServersPage.tsx')) },
  { path: '/directory', label: 'Directory', ability: 'directory:read', page: lazy(() => import('../features/directory/DirectoryPage.tsx')) },
  {
    path: '/import',
    label: 'Import and export',
    ability: 'organisation:export',
    page: lazy(() => import('../features/import/ImportPage.tsx')),
  },
  { path: '/audit', label: 'Audit log', ability: 'audit:read', page: lazy(() => import('../features/audit/AuditLogPage.tsx')) },
  { path: '/users', label: 'Users', ability: 'users:manage', page: lazy(() => import('../features/users/UsersPage.tsx')) },
];
