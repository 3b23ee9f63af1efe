import { z } from 'zod';
import {
  AuthMechanismSchema,
  ConnectorDraftSchema,
  NameSchema,
  PermissionGroupSchema,
  UsageSchema,
  usagePreset,
  type ConnectorDraft,
  type PermissionGroup,
  type Problem,
  type Server,
  type Usage,
} from '@cc/connector-engine';
import { bindingToRow, rowToBinding, type BindingRow } from '../connector-form/BindingsEditor.tsx';
import { visibleGroups } from '../connector-form/PermissionGroupsField.tsx';
import { WIZARD_DRAFT_KEY } from '../../lib/storage.ts';
import { decodeDraftParam, type WizardRelay } from './link.ts';

export const STEPS = [
  { id: 'introduction', title: 'Introduction' },
  { id: 'local', title: 'Local network settings' },
  { id: 'remote', title: 'Remote network settings' },
  { id: 'groups', title: 'Permission groups' },
  { id: 'authentication', title: 'Authentication' },
  { id: 'relay', title: 'Relay permissions' },
  { id: 'review', title: 'New connector (review)' },
  { id: 'completion', title: 'Completion' },
] as const;
export type StepId = (typeof STEPS)[number]['id'];
export const stepIndex = (id: StepId): number => STEPS.findIndex((s) => s.id === id);
export const REVIEW = stepIndex('review');
export const COMPLETION = stepIndex('completion');

/**
 * The form: the engine's draft fields, with the lists as rows the admin edits (a range keeps its text while it
 * is wrong), and the relay choice. Validated with the engine's own zod schemas.
 */
const WizardShapeSchema = z.object({
  name: z.string(),
  server: z.string(),
  usage: UsageSchema,
  bindings: z.array(z.object({ address: z.string(), port: z.string() })),
  fqdn: z.string(),
  remoteIPRanges: z.array(z.object({ value: z.string() })),
  permissionGroups: z.array(PermissionGroupSchema),
  authMechanism: z.array(AuthMechanismSchema),
  domainSecureEnabled: z.boolean(),
  relay: z.enum(['none', 'option1', 'option2']),
});

export const WizardSchema = WizardShapeSchema.extend({
  name: NameSchema,
  server: z.string().min(1, 'Choose the server this connector belongs to.'),
  fqdn: ConnectorDraftSchema.shape.fqdn.unwrap(),
});
export type WizardValues = z.infer<typeof WizardSchema>;

/** Which form fields each step owns (for zod's per-step trigger). */
export const STEP_FIELDS: Record<StepId, (keyof WizardValues)[]> = {
  introduction: ['name', 'server', 'usage'],
  local: ['bindings', 'fqdn'],
  remote: ['remoteIPRanges'],
  groups: ['permissionGroups'],
  authentication: ['authMechanism', 'domainSecureEnabled'],
  relay: ['relay'],
  review: [],
  completion: [],
};

/** The step an engine or API problem path belongs to (`remoteIPRanges[2]` → remote). */
export function stepOfPath(path: string): number {
  const field = path.replace(/\[.*$/, '').split('.')[0] ?? '';
  for (const step of STEPS) if ((STEP_FIELDS[step.id] as string[]).includes(field)) return stepIndex(step.id);
  if (field === 'requireTLS') return stepIndex('authentication');
  // Fields the wizard does not show (sizes, banner…) are checked on the review.
  return REVIEW;
}

/** A problem is answered on the latest step among its paths: a binding+range conflict belongs to Remote. */
export function stepOfProblem(p: Problem): number {
  return p.paths.length === 0 ? REVIEW : Math.max(...p.paths.map(stepOfPath));
}

const DEFAULT_BINDING: BindingRow = { address: '0.0.0.0', port: '25' };

/** Apply a usage's presets (§5.1) to the form, as choosing the intended use does in the console. */
export function applyUsage(values: WizardValues, usage: Usage, server: Server | null): WizardValues {
  const role = server?.role ?? 'HubTransport';
  const preset = usagePreset(usage, role);
  const previous = usagePreset(values.usage, role);
  const bindings =
    preset.bindings.kind === 'preset'
      ? preset.bindings.value.map(bindingToRow)
      : previous.bindings.kind === 'preset' || values.bindings.length === 0
        ? [DEFAULT_BINDING]
        : values.bindings;
  const remoteIPRanges =
    preset.remoteIPRanges.kind === 'preset'
      ? preset.remoteIPRanges.value.map((value) => ({ value }))
      : previous.remoteIPRanges.kind === 'preset'
        ? [{ value: '' }]
        : values.remoteIPRanges;
  return {
    ...values,
    usage,
    bindings,
    remoteIPRanges,
    permissionGroups: [...preset.permissionGroups],
    authMechanism: [...preset.authMechanism],
    domainSecureEnabled: preset.domainSecureEnabled,
    relay: 'none',
  };
}

/** Moving the connector to another server: its FQDN and own-address bindings follow that server. */
export function applyServer(values: WizardValues, server: Server): WizardValues {
  const own = new Set(['0.0.0.0', '::', ...server.ipAddresses]);
  return {
    ...values,
    server: server.name,
    fqdn: server.fqdn,
    bindings: values.bindings.map((b) => (own.has(b.address) ? b : { ...b, address: '0.0.0.0' })),
    permissionGroups: values.permissionGroups.filter((g) => visibleGroups(server.role).includes(g)),
  };
}

export function defaultValues(server: Server | null): WizardValues {
  const base: WizardValues = {
    name: '',
    server: server?.name ?? '',
    usage: 'Custom',
    bindings: [DEFAULT_BINDING],
    fqdn: server?.fqdn ?? '',
    remoteIPRanges: [{ value: '' }],
    permissionGroups: [],
    authMechanism: ['Tls'],
    domainSecureEnabled: false,
    relay: 'none',
  };
  return applyUsage(base, 'Custom', server);
}

/** Row index → draft index: blank range rows are not sent, so API paths are mapped back to the rows. */
export function rangeRowIndexes(values: WizardValues): number[] {
  return values.remoteIPRanges.flatMap((r, i) => (r.value.trim() === '' ? [] : [i]));
}

/** The draft the engine and the API validate. Ranges are trimmed here: the engine leaves trimming to the UI. */
export function toDraft(values: WizardValues): ConnectorDraft {
  const draft: ConnectorDraft = {
    server: values.server,
    name: values.name,
    usage: values.usage,
    bindings: values.bindings.map(rowToBinding),
    remoteIPRanges: values.remoteIPRanges.map((r) => r.value.trim()).filter((v) => v !== ''),
    authMechanism: values.authMechanism.length > 0 ? values.authMechanism : ['None'],
    permissionGroups: values.permissionGroups.length > 0 ? values.permissionGroups : ['None'],
    domainSecureEnabled: values.domainSecureEnabled,
  };
  if (values.fqdn.trim() !== '') draft.fqdn = values.fqdn.trim();
  return draft;
}

const PrefillSchema = ConnectorDraftSchema.partial();

/**
 * A pre-filled draft (`?draft=` from the troubleshooter, or router state) on top of the defaults; fields it
 * does not give keep the usage preset. Returns null when the text is not a draft.
 */
export function valuesFromDraft(input: unknown, servers: readonly Server[], relay: WizardRelay | null): WizardValues | null {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = decodeDraftParam(input);
    } catch {
      return null;
    }
  }
  const parsed = PrefillSchema.safeParse(raw);
  if (!parsed.success) return null;
  const d = parsed.data;
  const server = servers.find((s) => s.name.toLowerCase() === d.server?.toLowerCase()) ?? servers[0] ?? null;
  let values = defaultValues(server);
  if (d.usage) values = applyUsage(values, d.usage, server);
  const groups = d.permissionGroups?.filter((g): g is PermissionGroup => g !== 'None' && g !== 'Custom');
  const auth = d.authMechanism?.filter((m) => m !== 'None');
  values = {
    ...values,
    name: d.name ?? values.name,
    bindings: d.bindings ? d.bindings.map(bindingToRow) : values.bindings,
    fqdn: d.fqdn ?? values.fqdn,
    remoteIPRanges: d.remoteIPRanges ? d.remoteIPRanges.map((value) => ({ value })) : values.remoteIPRanges,
    permissionGroups: groups ?? values.permissionGroups,
    authMechanism: (auth as WizardValues['authMechanism'] | undefined) ?? values.authMechanism,
    domainSecureEnabled: d.domainSecureEnabled ?? values.domainSecureEnabled,
  };
  const inferred: WizardRelay = values.authMechanism.includes('ExternalAuthoritative') ? 'option1' : 'none';
  return { ...values, relay: relay ?? inferred };
}

// ---- Draft persistence (a reload keeps the draft) -----------------------------------------------------------

const STORAGE_KEY = WIZARD_DRAFT_KEY;

export interface StoredWizard {
  values: WizardValues;
  step: number;
  reachable: number;
  /** When this draft was begun (ISO 8601), to say so when it is resumed. */
  startedAt?: string;
}

export function loadStored(): StoredWizard | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    if (!text) return null;
    const raw = JSON.parse(text) as StoredWizard;
    const values = WizardShapeSchema.safeParse(raw.values);
    if (!values.success || typeof raw.step !== 'number' || typeof raw.reachable !== 'number') return null;
    return { values: values.data, step: raw.step, reachable: raw.reachable, ...(typeof raw.startedAt === 'string' ? { startedAt: raw.startedAt } : {}) };
  } catch {
    return null;
  }
}

export function saveStored(state: StoredWizard): void {
  try {
    const startedAt = state.startedAt ?? loadStored()?.startedAt ?? new Date().toISOString();
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...state, startedAt }));
  } catch {
    // Storage full or refused: the draft lives as long as the page.
  }
}

export function clearStored(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}
