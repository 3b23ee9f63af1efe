import type { Problem } from '../connector/state.ts';
import type { ConnectorDraft, ServerRole } from '../model/schemas.ts';
import type { UsagePreset } from '../model/usage.ts';
import { UNSUPPORTED_GROUPS } from '../permissions/group-tables.ts';

/** Rules about what an admin asks for, before the connector is built (§2.5, §5.1, §10.1). */

/** CustomCannotBeSetForPermissionGroupsException. */
export function customNotSettable(draft: ConnectorDraft): Problem | null {
  return draft.permissionGroups?.includes('Custom')
    ? {
        code: 'CUSTOM_NOT_SETTABLE',
        paths: ['permissionGroups'],
        message:
          'Custom cannot be set: Exchange reports it when the connector\'s permissions differ from the permission groups. Choose permission groups, and add or remove individual permissions on the Permissions tab.',
      }
    : null;
}

/** UnSupportedPermissionGroupsForEdgeException. */
export function edgeLegacyServers(draft: ConnectorDraft, role: ServerRole): Problem | null {
  const unsupported = (draft.permissionGroups ?? []).filter((g) =>
    (UNSUPPORTED_GROUPS[role] as readonly string[]).includes(g),
  );
  return unsupported.length > 0
    ? {
        code: 'EDGE_LEGACY_SERVERS',
        paths: ['permissionGroups'],
        message: 'Legacy Exchange Servers is not available on an Edge Transport server. Clear Legacy Exchange Servers.',
      }
    : null;
}

/** `None` is a value of its own: it cannot be combined with others (§4.1). */
export function noneWithOthers(draft: ConnectorDraft): Problem[] {
  const problems: Problem[] = [];
  if (draft.authMechanism?.includes('None') && draft.authMechanism.length > 1)
    problems.push({
      code: 'AUTH_NONE_WITH_OTHERS',
      paths: ['authMechanism'],
      message: 'None means no authentication at all and cannot be combined with other mechanisms. Clear None or the others.',
    });
  if (draft.permissionGroups?.includes('None') && draft.permissionGroups.length > 1)
    problems.push({
      code: 'PERMISSION_GROUPS_NONE_WITH_OTHERS',
      paths: ['permissionGroups'],
      message: 'None means no permission group and cannot be combined with groups. Clear None or the groups.',
    });
  return problems;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i]!.toLowerCase());

/**
 * The New-ReceiveConnector parameter sets of 2007 SP1+ (§10.1): Bindings required for Custom, Internet and
 * Partner and preset otherwise; RemoteIPRanges preset for Internet and required otherwise. A preset value sent
 * back unchanged is accepted (the wizard shows it). Client is not available on Edge (§5.1).
 */
export function usageParameters(draft: ConnectorDraft, preset: UsagePreset, role: ServerRole): Problem[] {
  const problems: Problem[] = [];
  if (preset.hubOnly && role === 'Edge')
    problems.push({
      code: 'USAGE_PARAMETERS',
      paths: ['usage'],
      message: `The ${preset.usage} usage is not available on an Edge Transport server. Choose another intended use.`,
    });
  for (const field of ['bindings', 'remoteIPRanges'] as const) {
    const rule = preset[field];
    const given = draft[field];
    const label = field === 'bindings' ? 'local IP addresses (Bindings)' : 'remote IP address ranges (RemoteIPRanges)';
    if (rule.kind === 'required' && (!given || given.length === 0))
      problems.push({
        code: 'USAGE_PARAMETERS',
        paths: [field],
        message: `A ${preset.usage} connector needs ${label}. Add at least one.`,
      });
    if (rule.kind === 'preset' && given && given.length > 0 && !sameList(given, rule.value))
      problems.push({
        code: 'USAGE_PARAMETERS',
        paths: [field],
        message: `A ${preset.usage} connector always uses ${rule.value.join(', ')} for its ${label}. Choose the Custom usage to set them yourself.`,
      });
  }
  return problems;
}
