import type { AuthMechanism, PermissionGroup, ServerRole, Usage } from './schemas.ts';

/**
 * Object defaults of a new receive connector (§5.1 "Common object defaults").
 * MaxMessageSize: the reference gives 10 MB for 2007 as the common value but no 2007 page states it
 * [UNVERIFIED]; we use 10 MB (10,485,760 bytes), consistent with the 2007 global limit of 10240 KB.
 */
export const CONNECTOR_DEFAULTS = {
  enabled: true,
  banner: null as string | null,
  maxMessageSize: 10 * 1024 * 1024,
  maxRecipientsPerMessage: 200,
  sizeEnabled: 'Enabled' as const,
  requireTLS: false,
  domainSecureEnabled: false,
  protocolLoggingLevel: 'None' as const,
  comment: '',
};

export const ALL_IPV4 = '0.0.0.0-255.255.255.255';
export const ALL_IPV6 = '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';

/** Whether a New-ReceiveConnector parameter is required, forbidden (its value is preset) or free. */
export type ParameterRule = { kind: 'required' } | { kind: 'preset'; value: string[] };

export interface UsagePreset {
  usage: Usage;
  description: string;
  permissionGroups: PermissionGroup[];
  authMechanism: AuthMechanism[];
  bindings: ParameterRule;
  remoteIPRanges: ParameterRule;
  domainSecureEnabled: boolean;
  sizeEnabled: 'Enabled' | 'EnabledWithoutValue';
  /** Edge servers cannot have this usage (§5.1: Client is not available on Edge). */
  hubOnly: boolean;
}

/** What each usage type sets (§5.1, 2007 SP1+ parameter sets of §10.1). */
export function usagePreset(usage: Usage, role: ServerRole): UsagePreset {
  switch (usage) {
    case 'Custom':
      return {
        usage,
        description: 'A connector for a special purpose: you choose the permission groups and authentication.',
        permissionGroups: [],
        authMechanism: ['Tls'],
        bindings: { kind: 'required' },
        remoteIPRanges: { kind: 'required' },
        domainSecureEnabled: false,
        sizeEnabled: 'Enabled',
        hubOnly: false,
      };
    case 'Internet':
      return {
        usage,
        description: 'Receives mail from the Internet: anonymous users, from every IPv4 address.',
        permissionGroups: ['AnonymousUsers'],
        authMechanism: ['Tls'],
        bindings: { kind: 'required' },
        remoteIPRanges: { kind: 'preset', value: [ALL_IPV4] },
        domainSecureEnabled: false,
        sizeEnabled: 'Enabled',
        hubOnly: false,
      };
    case 'Internal':
      return {
        usage,
        description: 'Receives mail from other Exchange servers in the organisation (Exchange Server authentication).',
        // ExchangeLegacyServers is not allowed on Edge (§2.2).
        permissionGroups: role === 'Edge' ? ['ExchangeServers'] : ['ExchangeServers', 'ExchangeLegacyServers'],
        authMechanism: ['Tls', 'ExchangeServer'],
        bindings: { kind: 'preset', value: ['0.0.0.0:25'] },
        remoteIPRanges: { kind: 'required' },
        domainSecureEnabled: false,
        sizeEnabled: role === 'Edge' ? 'Enabled' : 'EnabledWithoutValue',
        hubOnly: false,
      };
    case 'Client':
      return {
        usage,
        description: 'Receives mail from users who sign in (POP3/IMAP4 clients) on port 587.',
        permissionGroups: ['ExchangeUsers'],
        authMechanism: ['Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS'],
        bindings: { kind: 'preset', value: ['0.0.0.0:587'] },
        remoteIPRanges: { kind: 'required' },
        domainSecureEnabled: false,
        sizeEnabled: 'Enabled',
        hubOnly: true,
      };
    case 'Partner':
      return {
        usage,
        description: 'Receives mail from a partner domain secured with mutual TLS (Domain Security).',
        permissionGroups: ['Partners'],
        authMechanism: ['Tls'],
        bindings: { kind: 'required' },
        remoteIPRanges: { kind: 'required' },
        domainSecureEnabled: true,
        sizeEnabled: 'Enabled',
        hubOnly: false,
      };
  }
}

export const USAGES: Usage[] = ['Custom', 'Internet', 'Internal', 'Client', 'Partner'];

export interface InstallDefaultConnector {
  name: string;
  bindings: string[];
  remoteIPRanges: string[];
  authMechanism: AuthMechanism[];
  permissionGroups: PermissionGroup[];
}

/**
 * The connectors setup creates (§5.2). Setup creates them without a usage; our model needs one, so they are
 * recorded as `Custom` (the usage of a connector only matters at creation).
 */
export function installDefaultConnectors(serverName: string, role: ServerRole): InstallDefaultConnector[] {
  if (role === 'Edge') {
    return [
      {
        name: `Default internal receive connector ${serverName}`,
        bindings: ['0.0.0.0:25'],
        remoteIPRanges: [ALL_IPV4],
        authMechanism: ['Tls', 'ExchangeServer'],
        permissionGroups: ['AnonymousUsers', 'ExchangeServers', 'Partners'],
      },
    ];
  }
  return [
    {
      name: `Default ${serverName}`,
      bindings: ['0.0.0.0:25'],
      remoteIPRanges: [ALL_IPV4],
      authMechanism: ['Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
      permissionGroups: ['ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers'],
    },
    {
      name: `Client ${serverName}`,
      bindings: ['0.0.0.0:587'],
      remoteIPRanges: [ALL_IPV4],
      authMechanism: ['Tls', 'Integrated', 'BasicAuth', 'BasicAuthRequireTLS'],
      permissionGroups: ['ExchangeUsers'],
    },
  ];
}
