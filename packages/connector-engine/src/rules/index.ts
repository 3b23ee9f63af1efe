import type { ConnectorState, Problem, ServerContext } from '../connector/state.ts';
import { readPermissionGroups } from '../permissions/readback.ts';
import { AUTH_RULES } from './auth-rules.ts';
import { bindingRangeConflict } from './conflict-rules.ts';
import { nameKey } from '../model/text.ts';

export * from './auth-rules.ts';
export * from './conflict-rules.ts';
export * from './draft-rules.ts';

export function nameTaken(connector: ConnectorState, others: readonly ConnectorState[], serverName: string): Problem | null {
  const key = nameKey(connector.name);
  const clash = others.find((o) => o.id !== connector.id && nameKey(o.name) === key);
  return clash
    ? {
        code: 'NAME_TAKEN',
        paths: ['name'],
        message: `Server ${serverName} already has a receive connector named "${clash.name}" (names are compared ignoring case). Choose another name.`,
      }
    : null;
}

/**
 * Every rule a whole connector must satisfy on the given server — run after each change, whether it came from
 * a property page, the wizard or a permission entry edit (Exchange validates the whole object on save, §11.3).
 */
export function checkConnector(connector: ConnectorState, ctx: Pick<ServerContext, 'server' | 'domain' | 'connectors'>): Problem[] {
  const groups = readPermissionGroups(connector.entries, ctx.server.role, ctx.domain);
  const problems: (Problem | null)[] = AUTH_RULES.map((rule) => rule({ connector, groups }));
  if (connector.bindings.length === 0)
    problems.push({ code: 'BINDINGS_REQUIRED', paths: ['bindings'], message: 'Add at least one local IP address and port (binding).' });
  if (connector.remoteIPRanges.length === 0)
    problems.push({
      code: 'REMOTE_IP_RANGES_REQUIRED',
      paths: ['remoteIPRanges'],
      message: 'Add at least one remote IP address range; without one the connector never receives mail.',
    });
  problems.push(nameTaken(connector, ctx.connectors, ctx.server.name));
  problems.push(bindingRangeConflict(connector, ctx.connectors, ctx.server.name));
  return problems.filter((p): p is Problem => p !== null);
}

/** Conflicts (409) versus rule violations (422): the API's status mapping lives next to the codes. */
export const CONFLICT_CODES: ReadonlySet<string> = new Set(['BINDING_RANGE_CONFLICT', 'NAME_TAKEN']);
