import type { z } from 'zod';
import { formatBinding, formatIpRange, parseBinding, parseIpRange } from '../addresses/index.ts';
import { ConnectorDraftSchema, type AuthMechanism, type ConnectorDraft, type PermissionGroup } from '../model/schemas.ts';
import { checkName } from '../model/text.ts';
import { CONNECTOR_DEFAULTS, usagePreset } from '../model/usage.ts';
import { applyPermissionGroups, type NewId } from '../permissions/acl.ts';
import { readPermissionGroups } from '../permissions/readback.ts';
import { checkConnector, customNotSettable, edgeLegacyServers, exchangeUsersWithoutSignIn, noneWithOthers, usageParameters } from '../rules/index.ts';
import { sortAuthMechanisms, type ConnectorState, type Problem, type ServerContext } from './state.ts';

export interface DraftValidation {
  errors: Problem[];
  warnings: Problem[];
  /** The connector as it would be saved (normalised, ACL written); null when the draft is not even well-formed. */
  connector: ConnectorState | null;
}

export interface DraftContext extends ServerContext {
  /** The connector being edited; absent when creating. */
  existing?: ConnectorState;
  newId: NewId;
}

export function zodProblems(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    return { code: 'INVALID_FIELD', paths: [path], message: path ? `${path}: ${issue.message}` : issue.message };
  });
}

/** Parses every entry of a list with the one strict parser; errors name the entry's index and the reason. */
function normaliseList<T>(
  values: readonly string[],
  field: 'bindings' | 'remoteIPRanges',
  parse: (s: string) => { ok: true; value: T; warnings: string[] } | { ok: false; error: string },
  format: (v: T) => string,
  errors: Problem[],
  warnings: Problem[],
): string[] {
  const code = field === 'bindings' ? 'INVALID_BINDING' : 'INVALID_RANGE';
  const out: string[] = [];
  values.forEach((text, i) => {
    const parsed = parse(text);
    if (!parsed.ok) {
      errors.push({ code, paths: [`${field}[${i}]`], message: parsed.error });
      return;
    }
    for (const w of parsed.warnings) warnings.push({ code: `${code}_WARNING`, paths: [`${field}[${i}]`], message: w });
    const canonical = format(parsed.value);
    if (out.includes(canonical))
      warnings.push({ code: 'DUPLICATE_ENTRY', paths: [`${field}[${i}]`], message: `${text} is listed twice; it is kept once.` });
    else out.push(canonical);
  });
  return out;
}

/**
 * Validates a connector an admin wants to create (no `existing`) or change, and builds it as it would be saved:
 * usage preset and object defaults for what was not given (creation), canonical bindings and ranges, the ACL
 * written by the permission groups. All problems are returned at once so the wizard and the 422 can list them.
 */
export function validateConnectorDraft(input: unknown, ctx: DraftContext): DraftValidation {
  const parsed = ConnectorDraftSchema.safeParse(input);
  if (!parsed.success) return { errors: zodProblems(parsed.error), warnings: [], connector: null };
  const draft: ConnectorDraft = parsed.data;
  const { server, existing } = ctx;
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const preset = usagePreset(draft.usage, server.role);

  if (draft.server.toLowerCase() !== server.name.toLowerCase())
    errors.push({ code: 'UNKNOWN_SERVER', paths: ['server'], message: `The connector belongs to ${server.name}, not ${draft.server}.` });
  const nameProblem = checkName(draft.name, 'The connector name');
  if (nameProblem) errors.push({ code: 'INVALID_NAME', paths: ['name'], message: nameProblem });
  if (existing && existing.usage !== draft.usage)
    errors.push({
      code: 'USAGE_IMMUTABLE',
      paths: ['usage'],
      message: `The intended use can only be chosen when a connector is created (this one is ${existing.usage}). Change its authentication and permission groups instead, or create a new connector.`,
    });
  if (!existing) errors.push(...usageParameters(draft, preset, server.role));
  for (const p of [customNotSettable(draft), edgeLegacyServers(draft, server.role), ...noneWithOthers(draft)]) if (p) errors.push(p);

  const bindingsInput = draft.bindings ?? existing?.bindings ?? (preset.bindings.kind === 'preset' ? preset.bindings.value : []);
  const rangesInput =
    draft.remoteIPRanges ?? existing?.remoteIPRanges ?? (preset.remoteIPRanges.kind === 'preset' ? preset.remoteIPRanges.value : []);
  const bindings = normaliseList(bindingsInput, 'bindings', parseBinding, formatBinding, errors, warnings);
  const remoteIPRanges = normaliseList(rangesInput, 'remoteIPRanges', parseIpRange, formatIpRange, errors, warnings);

  const authMechanism = sortAuthMechanisms(
    (draft.authMechanism ?? existing?.authMechanism ?? preset.authMechanism).filter((m): m is AuthMechanism => m !== 'None'),
  );
  const requestedGroups = draft.permissionGroups?.filter((g): g is PermissionGroup => g !== 'None' && g !== 'Custom');
  const entries = writeGroups(requestedGroups, ctx, preset.permissionGroups);

  const connector: ConnectorState = {
    id: existing?.id ?? draft.id ?? ctx.newId(),
    server: server.name,
    name: draft.name,
    usage: existing?.usage ?? draft.usage,
    enabled: draft.enabled ?? existing?.enabled ?? CONNECTOR_DEFAULTS.enabled,
    bindings,
    remoteIPRanges,
    authMechanism,
    fqdn: draft.fqdn ?? existing?.fqdn ?? server.fqdn,
    banner: draft.banner !== undefined ? draft.banner : (existing?.banner ?? CONNECTOR_DEFAULTS.banner),
    maxMessageSize: draft.maxMessageSize ?? existing?.maxMessageSize ?? CONNECTOR_DEFAULTS.maxMessageSize,
    maxRecipientsPerMessage:
      draft.maxRecipientsPerMessage ?? existing?.maxRecipientsPerMessage ?? CONNECTOR_DEFAULTS.maxRecipientsPerMessage,
    sizeEnabled: draft.sizeEnabled ?? existing?.sizeEnabled ?? preset.sizeEnabled,
    requireTLS: draft.requireTLS ?? existing?.requireTLS ?? CONNECTOR_DEFAULTS.requireTLS,
    domainSecureEnabled: draft.domainSecureEnabled ?? existing?.domainSecureEnabled ?? preset.domainSecureEnabled,
    protocolLoggingLevel: draft.protocolLoggingLevel ?? existing?.protocolLoggingLevel ?? CONNECTOR_DEFAULTS.protocolLoggingLevel,
    comment: draft.comment ?? existing?.comment ?? CONNECTOR_DEFAULTS.comment,
    version: existing?.version ?? 1,
    entries,
  };
  // Re-check list-shaped rules only when the lists parsed, so one bad range does not also report "no ranges".
  const listsParsed = !errors.some((e) => e.code === 'INVALID_BINDING' || e.code === 'INVALID_RANGE');
  const connectorProblems = checkConnector(connector, ctx).filter(
    (p) => listsParsed || (p.code !== 'BINDINGS_REQUIRED' && p.code !== 'REMOTE_IP_RANGES_REQUIRED'),
  );
  // USAGE_PARAMETERS already says a required list is missing at creation.
  const missingReported = new Set(errors.filter((e) => e.code === 'USAGE_PARAMETERS').flatMap((e) => e.paths));
  for (const p of connectorProblems) {
    if (p.code === 'BINDINGS_REQUIRED' && missingReported.has('bindings')) continue;
    if (p.code === 'REMOTE_IP_RANGES_REQUIRED' && missingReported.has('remoteIPRanges')) continue;
    errors.push(p);
  }
  const signIn = exchangeUsersWithoutSignIn(readPermissionGroups(entries, server.role, ctx.domain), authMechanism);
  if (signIn) warnings.push(signIn);
  return { errors, warnings, connector };
}

/**
 * The connector's ACL after the draft: on creation the requested groups (or the usage preset's); on an edit the
 * groups are rewritten only when they differ from what the ACL reads back as, so re-sending the current value
 * does not silently restore rights an admin removed on purpose (scenario S38).
 */
function writeGroups(requested: PermissionGroup[] | undefined, ctx: DraftContext, presetGroups: PermissionGroup[]) {
  const { existing, server, domain, newId } = ctx;
  if (!existing) return applyPermissionGroups([], requested ?? presetGroups, server.role, domain, newId);
  if (!requested) return existing.entries;
  const current = readPermissionGroups(existing.entries, server.role, domain).filter((g) => g !== 'Custom');
  const same = current.length === requested.length && requested.every((g) => current.includes(g));
  return same ? existing.entries : applyPermissionGroups(existing.entries, requested, server.role, domain, newId);
}
