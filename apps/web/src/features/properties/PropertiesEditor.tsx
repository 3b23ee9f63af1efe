import * as Tabs from '@radix-ui/react-tabs';
import { useEffect, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { setConnectorCommands, validateConnectorDraft, type PermissionEntry, type Problem, type Server } from '@cc/connector-engine';
import { isApiError } from '../../api/client.ts';
import { fetchConnector, keys, patchConnector, useConnector, useConnectors, usePrincipals, useServerPermissions, validateConnector, type Versioned } from '../../api/hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { useCan } from '../../app/session.ts';
import { useHeadingFocus } from '../../components/usePageTitle.ts';
import { diffConnectors } from '../../lib/connector-diff.ts';
import { counterIds, normalizeProblems, rowErrorsFrom, serverContext, toState, type ClearedOption } from '../connector-form/engine.ts';
import { ConflictDialog, type ConflictState } from './ConflictDialog.tsx';
import { HistoryTab } from './HistoryTab.tsx';
import { PropertiesHead } from './PropertiesHead.tsx';
import { SaveBar } from './SaveBar.tsx';
import { SaveDialog } from './SaveDialog.tsx';
import { PropertiesSchema, TAB_OF_FIELD, fromView, pendingChanges, reapply, toDraft, type Editable } from './model.ts';
import { PermissionsTab } from './PermissionsTab.tsx';
import { AuthenticationTab, GeneralTab, NetworkTab, PermissionGroupsTab, type TabProps } from './tabs.tsx';
import { ExchangeExtras } from '../import/ExchangeExtras.tsx';

export const TABS = [
  { id: 'general', title: 'General' },
  { id: 'network', title: 'Network' },
  { id: 'authentication', title: 'Authentication' },
  { id: 'groups', title: 'Permission Groups' },
  { id: 'permissions', title: 'Permissions' },
  { id: 'history', title: 'History' },
] as const;
export type TabId = (typeof TABS)[number]['id'];
export const tabTitle = (id: string) => TABS.find((t) => t.id === id)?.title ?? id;

export const tabOfProblem = (p: Problem): string[] => [...new Set(p.paths.map((path) => TAB_OF_FIELD[path.replace(/[[.].*$/, '')] ?? 'general'))];

/** The property pages of one connector: its tabs, the save with its check and diff, and conflicts with other admins. */
export function PropertiesEditor({
  initial,
  entries,
  server,
  domain,
}: {
  initial: Versioned<ConnectorView>;
  entries: PermissionEntry[];
  server: Server;
  domain: string | null;
}) {
  useHeadingFocus();
  const qc = useQueryClient();
  const canWrite = useCan('connectors:write');
  const canWritePermissions = useCan('permissions:write');
  const [params, setParams] = useSearchParams();
  const tab = (TABS.some((t) => t.id === params.get('tab')) ? params.get('tab') : 'general') as TabId;
  const [base, setBase] = useState(initial);
  const form = useForm<Editable>({ defaultValues: fromView(initial.data), resolver: zodResolver(PropertiesSchema), mode: 'onChange' });
  const values = useWatch({ control: form.control }) as Editable;
  const [notices, setNotices] = useState<ClearedOption[]>([]);
  const [saveOpen, setSaveOpen] = useState(false);
  const [serverCheck, setServerCheck] = useState<{ problems: Problem[]; loading: boolean; error: unknown }>({ problems: [], loading: false, error: null });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<ConflictState | null>(null);
  const [status, setStatus] = useState('');

  const view = base.data;
  const connectors = useConnectors(server.name);
  const inherited = useServerPermissions(server.name);
  const principals = usePrincipals();
  const ctx = useMemo(
    () => serverContext(server, domain, (connectors.data ?? []).filter((c) => c.id !== view.id), inherited.data ?? []),
    [server, domain, connectors.data, inherited.data, view.id],
  );
  const ownEntries = useMemo(() => entries.filter((e) => !e.inherited), [entries]);
  const existing = useMemo(() => toState(view, ownEntries), [view, ownEntries]);
  const draft = useMemo(() => toDraft(view, values), [view, values]);
  const local = useMemo(() => validateConnectorDraft(draft, { ...ctx, existing, newId: counterIds('edit') }), [draft, ctx, existing]);
  const pending = useMemo(() => pendingChanges(view, values), [view, values]);
  const dirty = pending.changes.length > 0;

  // Someone else's change arrives while nothing is being edited here: show it.
  const latest = useConnectorLatest(view.id);
  useEffect(() => {
    if (latest && latest.data.version > base.data.version && !dirty) {
      setBase(latest);
      form.reset(fromView(latest.data));
    }
  }, [latest, base.data.version, dirty, form]);

  const zodErrors = form.formState.errors as Record<string, { message?: string } | undefined>;
  const errorsFor = (field: string): string[] => {
    const messages = local.errors.filter((p) => p.paths.some((path) => path === field)).map((p) => p.message);
    const zodField = field === 'maxMessageSize' ? 'maxMessageSizeKb' : field;
    const z = zodErrors[zodField]?.message;
    if (z && !messages.includes(z)) messages.unshift(z);
    return messages;
  };
  const rowErrorsFor = (field: 'bindings' | 'remoteIPRanges') =>
    rowErrorsFrom(local.errors, field, field === 'remoteIPRanges' ? values.remoteIPRanges.flatMap((r, i) => (r.trim() === '' ? [] : [i])) : values.bindings.map((_, i) => i));
  const errorTabs = new Set([...local.errors.flatMap(tabOfProblem), ...Object.keys(zodErrors).map((f) => TAB_OF_FIELD[f === 'maxMessageSizeKb' ? 'maxMessageSize' : f] ?? 'general')]);
  const pendingFor = (field: string) => pending.changes.filter((c) => c.field === field);

  const tabProps: TabProps = {
    view,
    server,
    domain: ctx.domain,
    form,
    values,
    readOnly: !canWrite,
    errorsFor,
    rowErrorsFor,
    notices,
    setNotices,
    pendingFor,
  };

  const commandsPreview = useMemo(
    () => (saveOpen && local.connector ? setConnectorCommands(existing, local.connector, ctx) : []),
    [saveOpen, local.connector, existing, ctx],
  );

  const openSave = async () => {
    setSaveError(null);
    setStatus('');
    const zodOk = await form.trigger();
    if (!zodOk || local.errors.length > 0) {
      const first = TABS.find((t) => errorTabs.has(t.id));
      if (first) setParams({ tab: first.id }, { replace: true });
      setStatus(`Fix the problems first (${[...errorTabs].map(tabTitle).join(', ')}).`);
      return;
    }
    setSaveOpen(true);
    setServerCheck({ problems: [], loading: true, error: null });
    try {
      const answer = await validateConnector(draft);
      setServerCheck({ problems: normalizeProblems(answer.errors), loading: false, error: null });
    } catch (e) {
      setServerCheck({ problems: [], loading: false, error: e });
    }
  };

  const afterSave = async (saved: Versioned<ConnectorView>) => {
    setBase(saved);
    form.reset(fromView(saved.data));
    qc.setQueryData(keys.connector(saved.data.id), saved);
    await Promise.all([
      qc.invalidateQueries({ queryKey: keys.connectors(saved.data.server) }),
      qc.invalidateQueries({ queryKey: keys.permissions(saved.data.id) }),
      qc.invalidateQueries({ queryKey: keys.findings }),
      qc.invalidateQueries({ queryKey: ['audit'] }),
    ]);
  };

  const showConflict = async (mine: Editable) => {
    const fresh = await fetchConnector(view.id);
    setConflict({ fresh, changedMeanwhile: diffConnectors(view, fresh.data), mine });
  };

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await patchConnector(view.id, pending.patch, base.etag ?? `"${view.version}"`);
      await afterSave({ data: saved.data, etag: saved.etag });
      setSaveOpen(false);
      setNotices([]);
      setStatus(`Saved. ${view.name} is now at version ${saved.data.version}.`);
    } catch (e) {
      if (isApiError(e) && e.status === 412) {
        setSaveOpen(false);
        await showConflict(form.getValues()).catch((err: unknown) => setSaveError(err));
      } else setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  /** A permission write answered the entries and the connector's new ETag; everything else follows the ACL. */
  const onPermissionsChanged = async (result: Versioned<PermissionEntry[]>) => {
    qc.setQueryData(keys.permissions(view.id), result.data);
    const fresh = await fetchConnector(view.id);
    if (fresh.data.version === base.data.version + 1) {
      // Only our own write happened: keep any unsaved edits on top of the new version.
      const mine = form.getValues();
      setBase(fresh);
      form.reset(dirty ? reapply(view, mine, fresh.data) : fromView(fresh.data));
      qc.setQueryData(keys.connector(view.id), fresh);
    } else if (dirty) {
      setConflict({ fresh, changedMeanwhile: diffConnectors(view, fresh.data), mine: form.getValues() });
    } else {
      setBase(fresh);
      form.reset(fromView(fresh.data));
      qc.setQueryData(keys.connector(view.id), fresh);
    }
    setStatus('The permissions were changed.');
    void qc.invalidateQueries({ queryKey: keys.connectors(view.server) });
    void qc.invalidateQueries({ queryKey: keys.findings });
    void qc.invalidateQueries({ queryKey: ['audit'] });
  };

  return (
    <section className="page properties" aria-labelledby="page-title">
      <PropertiesHead view={view} role={server.role} canWrite={canWrite} />
      <p role="status" aria-live="polite" className="status-line" data-testid="properties-status">
        {status}
      </p>
      {!canWrite ? <p className="notice">Read-only: your role can view this connector but not change it.</p> : null}

      <Tabs.Root value={tab} onValueChange={(t) => setParams({ tab: t }, { replace: true })} className="tabs">
        <Tabs.List aria-label="Connector properties" className="tab-list">
          {TABS.map((t) => (
            <Tabs.Trigger key={t.id} value={t.id} className="tab">
              {t.title}
              {errorTabs.has(t.id) ? <span className="tab-mark error" aria-hidden="true">!</span> : pending.tabs.has(t.id) ? <span className="tab-mark" aria-hidden="true">•</span> : null}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="general" className="tab-panel">
          <GeneralTab {...tabProps} />
          <ExchangeExtras connectorId={view.id} />
        </Tabs.Content>
        <Tabs.Content value="network" className="tab-panel">
          <NetworkTab {...tabProps} />
        </Tabs.Content>
        <Tabs.Content value="authentication" className="tab-panel">
          <AuthenticationTab {...tabProps} />
        </Tabs.Content>
        <Tabs.Content value="groups" className="tab-panel">
          <PermissionGroupsTab {...tabProps} />
        </Tabs.Content>
        <Tabs.Content value="permissions" className="tab-panel">
          <PermissionsTab
            view={view}
            entries={entries}
            role={server.role}
            domain={ctx.domain}
            principals={principals.data ?? []}
            canWrite={canWritePermissions}
            onChanged={(r) => void onPermissionsChanged(r)}
          />
        </Tabs.Content>
        <Tabs.Content value="history" className="tab-panel">
          <HistoryTab connectorId={view.id} />
        </Tabs.Content>
      </Tabs.Root>

      {canWrite && (dirty || errorTabs.size > 0) ? (
        <SaveBar
          dirty={dirty}
          pendingTabs={[...pending.tabs].map(tabTitle)}
          errorTabs={[...errorTabs].map(tabTitle)}
          onDiscard={() => {
            form.reset(fromView(view));
            setNotices([]);
          }}
          onSave={() => void openSave()}
        />
      ) : null}

      <SaveDialog
        open={saveOpen}
        connectorName={view.name}
        changes={pending.changes}
        check={serverCheck}
        tabsOf={(p) => tabOfProblem(p).map(tabTitle)}
        saving={saving}
        saveError={saveError}
        commands={commandsPreview}
        onCancel={() => setSaveOpen(false)}
        onSave={() => void save()}
      />
      <ConflictDialog
        conflict={conflict}
        view={view}
        onReload={(fresh) => {
          setBase(fresh);
          form.reset(fromView(fresh.data));
          qc.setQueryData(keys.connector(view.id), fresh);
          void qc.invalidateQueries({ queryKey: keys.permissions(view.id) });
          setNotices([]);
          setConflict(null);
          setStatus('Reloaded: your changes were discarded.');
        }}
        onReapply={(fresh, mine) => {
          setBase(fresh);
          form.reset(reapply(view, mine, fresh.data));
          qc.setQueryData(keys.connector(view.id), fresh);
          void qc.invalidateQueries({ queryKey: keys.permissions(view.id) });
          setConflict(null);
          setStatus('Your changes were re-applied to the latest version. Check them, then save again.');
        }}
        onClose={() => setConflict(null)}
      />
    </section>
  );
}

/** The connector as the query cache has it now (refreshed by other screens), to notice changes made elsewhere. */
function useConnectorLatest(id: string): Versioned<ConnectorView> | undefined {
  return useConnector(id).data;
}
