import { z } from 'zod';
import {
  AuthMechanismSchema,
  BannerSchema,
  CommentSchema,
  MAX_MESSAGE_SIZE_LIMIT,
  NameSchema,
  PermissionGroupSchema,
  ProtocolLoggingLevelSchema,
  ReceiveConnectorSchema,
  formatBinding,
  formatIpRange,
  parseBinding,
  parseIpRange,
  type ConnectorDraft,
  type PermissionGroup,
} from '@cc/connector-engine';
import type { ConnectorPatch, ConnectorView } from '../../api/types.ts';
import { FIELD_LABELS, type Change } from '../../lib/connector-diff.ts';
import { bindingToRow, rowToBinding, type BindingRow } from '../connector-form/BindingsEditor.tsx';

const MIN_MESSAGE_SIZE = 65536;

/** The property pages' form, validated with the engine's schemas and text checks. */
export const PropertiesSchema = z.object({
  name: NameSchema,
  enabled: z.boolean(),
  fqdn: ReceiveConnectorSchema.shape.fqdn,
  banner: BannerSchema,
  maxMessageSizeKb: z.string().superRefine((value, ctx) => {
    const kb = Number(value.trim());
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !ReceiveConnectorSchema.shape.maxMessageSize.safeParse(Math.round(kb * 1024)).success)
      ctx.addIssue({
        code: 'custom',
        message: `Enter a whole number of KB from ${MIN_MESSAGE_SIZE / 1024} to ${(MAX_MESSAGE_SIZE_LIMIT / 1024).toLocaleString('en-US')} (2 GB).`,
      });
  }),
  protocolLoggingLevel: ProtocolLoggingLevelSchema,
  comment: CommentSchema,
  bindings: z.array(z.object({ address: z.string(), port: z.string() })),
  remoteIPRanges: z.array(z.string()),
  authMechanism: z.array(AuthMechanismSchema),
  domainSecureEnabled: z.boolean(),
  permissionGroups: z.array(PermissionGroupSchema),
});
export type Editable = z.infer<typeof PropertiesSchema>;

const sizeText = (bytes: number) => (bytes % 1024 === 0 ? String(bytes / 1024) : (bytes / 1024).toFixed(3));

export function fromView(v: ConnectorView): Editable {
  return {
    name: v.name,
    enabled: v.enabled,
    fqdn: v.fqdn,
    banner: v.banner ?? '',
    maxMessageSizeKb: sizeText(v.maxMessageSize),
    protocolLoggingLevel: v.protocolLoggingLevel,
    comment: v.comment,
    bindings: v.bindings.map(bindingToRow),
    remoteIPRanges: [...v.remoteIPRanges],
    authMechanism: [...v.authMechanism],
    domainSecureEnabled: v.domainSecureEnabled,
    permissionGroups: v.permissionGroups.filter((g): g is PermissionGroup => g !== 'Custom'),
  };
}

const bytesOf = (base: ConnectorView, e: Editable): number =>
  e.maxMessageSizeKb.trim() === sizeText(base.maxMessageSize) ? base.maxMessageSize : Math.round(Number(e.maxMessageSizeKb.trim()) * 1024);

const rangeTexts = (e: Editable) => e.remoteIPRanges.map((r) => r.trim()).filter((r) => r !== '');

/** The whole connector as the admin would leave it, for the engine and for `POST /api/connectors/validate`. */
export function toDraft(base: ConnectorView, e: Editable): ConnectorDraft {
  return {
    id: base.id,
    server: base.server,
    usage: base.usage,
    name: e.name,
    enabled: e.enabled,
    fqdn: e.fqdn,
    banner: e.banner === '' ? null : e.banner,
    maxMessageSize: bytesOf(base, e),
    protocolLoggingLevel: e.protocolLoggingLevel,
    comment: e.comment,
    bindings: e.bindings.map(rowToBinding),
    remoteIPRanges: rangeTexts(e),
    authMechanism: e.authMechanism.length > 0 ? e.authMechanism : ['None'],
    domainSecureEnabled: e.domainSecureEnabled,
    permissionGroups: e.permissionGroups.length > 0 ? e.permissionGroups : ['None'],
  };
}

type ListField = 'bindings' | 'remoteIPRanges' | 'authMechanism' | 'permissionGroups';

function canonical(field: ListField, text: string): string {
  if (field === 'bindings') {
    const p = parseBinding(text);
    return p.ok ? formatBinding(p.value) : text;
  }
  if (field === 'remoteIPRanges') {
    const p = parseIpRange(text);
    return p.ok ? formatIpRange(p.value) : text;
  }
  return text;
}

/** `{ add, remove }` from the stored list to the edited one, compared in canonical form. */
function listEdit(field: ListField, before: readonly string[], after: readonly string[]): { add: string[]; remove: string[] } {
  const key = (v: string) => canonical(field, v).toLowerCase();
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  const add = [...new Set(after.filter((v) => !beforeKeys.has(key(v))).map((v) => canonical(field, v)))];
  const remove = before.filter((v) => !afterKeys.has(key(v)));
  return { add, remove };
}

const SCALARS = ['name', 'enabled', 'fqdn', 'banner', 'maxMessageSize', 'protocolLoggingLevel', 'comment', 'domainSecureEnabled'] as const;

export interface PendingChanges {
  patch: ConnectorPatch;
  changes: Change[];
  /** Which tabs hold changes, for the save bar. */
  tabs: Set<string>;
}

export const TAB_OF_FIELD: Record<string, string> = {
  name: 'general',
  enabled: 'general',
  fqdn: 'general',
  banner: 'general',
  maxMessageSize: 'general',
  protocolLoggingLevel: 'general',
  comment: 'general',
  bindings: 'network',
  remoteIPRanges: 'network',
  authMechanism: 'authentication',
  domainSecureEnabled: 'authentication',
  requireTLS: 'authentication',
  permissionGroups: 'groups',
};

/** What the admin changed relative to the version loaded, as the PATCH body and as readable changes. */
export function pendingChanges(base: ConnectorView, e: Editable): PendingChanges {
  const draft = toDraft(base, e);
  const patch: ConnectorPatch = {};
  const changes: Change[] = [];
  const tabs = new Set<string>();
  const baseDraft = toDraft(base, fromView(base));
  for (const field of SCALARS) {
    const before = baseDraft[field];
    const after = draft[field];
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    (patch as Record<string, unknown>)[field] = after;
    tabs.add(TAB_OF_FIELD[field]!);
    const show = (v: unknown) =>
      v === null || v === '' ? '(none)' : field === 'enabled' ? (v ? 'Enabled' : 'Disabled') : typeof v === 'boolean' ? (v ? 'On' : 'Off') : field === 'maxMessageSize' ? `${sizeText(v as number)} KB` : String(v);
    changes.push({ kind: 'scalar', field, label: FIELD_LABELS[field] ?? field, before: show(before), after: show(after) });
  }
  const lists: [ListField, string[], string[]][] = [
    ['bindings', base.bindings, draft.bindings ?? []],
    ['remoteIPRanges', base.remoteIPRanges, draft.remoteIPRanges ?? []],
    ['authMechanism', base.authMechanism, e.authMechanism],
    ['permissionGroups', base.permissionGroups.filter((g) => g !== 'Custom'), e.permissionGroups],
  ];
  for (const [field, before, after] of lists) {
    const edit = listEdit(field, before, after);
    if (edit.add.length === 0 && edit.remove.length === 0) continue;
    (patch as Record<string, unknown>)[field] = edit;
    tabs.add(TAB_OF_FIELD[field]!);
    changes.push({ kind: 'list', field, label: FIELD_LABELS[field] ?? field, added: edit.add, removed: edit.remove });
  }
  return { patch, changes, tabs };
}

/**
 * "Re-apply my changes" after someone else saved: my scalar values win, and my list edits (what I added and
 * removed relative to what I had loaded) are applied to the fresh lists.
 */
export function reapply(oldBase: ConnectorView, mine: Editable, fresh: ConnectorView): Editable {
  const start = fromView(fresh);
  const loaded = fromView(oldBase);
  const next: Editable = { ...start };
  for (const key of ['name', 'enabled', 'fqdn', 'banner', 'maxMessageSizeKb', 'protocolLoggingLevel', 'comment', 'domainSecureEnabled'] as const)
    if (JSON.stringify(mine[key]) !== JSON.stringify(loaded[key])) (next as Record<string, unknown>)[key] = mine[key];
  const merge = (field: ListField, freshList: string[], loadedList: string[], mineList: string[]) => {
    const { add, remove } = listEdit(field, loadedList, mineList);
    const removeKeys = new Set(remove.map((v) => canonical(field, v).toLowerCase()));
    const kept = freshList.filter((v) => !removeKeys.has(canonical(field, v).toLowerCase()));
    const keys = new Set(kept.map((v) => canonical(field, v).toLowerCase()));
    return [...kept, ...add.filter((v) => !keys.has(canonical(field, v).toLowerCase()))];
  };
  next.bindings = merge('bindings', start.bindings.map(rowToBinding), loaded.bindings.map(rowToBinding), mine.bindings.map(rowToBinding)).map(bindingToRow);
  next.remoteIPRanges = merge('remoteIPRanges', start.remoteIPRanges, loaded.remoteIPRanges, rangeTexts(mine));
  next.authMechanism = merge('authMechanism', start.authMechanism, loaded.authMechanism, mine.authMechanism) as Editable['authMechanism'];
  next.permissionGroups = merge('permissionGroups', start.permissionGroups, loaded.permissionGroups, mine.permissionGroups) as PermissionGroup[];
  return next;
}

export type { BindingRow };
