import { useState } from 'react';
import { allGroupAces, compileAcl, connectorIdentity, evaluateRights, grantedRights, permissionCommand, permissionGroupLabel, samePrincipal, type PermissionEntry, type ServerRole } from '@cc/connector-engine';
import type { PrincipalView } from '@cc/api-contract';
import { addPermission, removePermissionEntry, removeRights, type Versioned } from '../../api/hooks.ts';
import type { ConnectorView } from '../../api/types.ts';
import { Badge } from '../../components/Badge.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { RightName } from '../connector-form/PermissionGroupsField.tsx';
import { RightsForm } from './RightsForm.tsx';


function sourceLabel(e: PermissionEntry): string {
  if (e.source.startsWith('PermissionGroup:')) return `${e.source.slice('PermissionGroup:'.length)} permission group`;
  if (e.inherited) return 'Inherited from the server';
  return 'Added by an administrator';
}

/** Why Exchange reads back Custom: group principals whose rights differ from their group's set, and others. */
function customReasons(entries: readonly PermissionEntry[], role: ServerRole, domain: string): string[] {
  const acl = compileAcl(entries.filter((e) => !e.inherited));
  const held = (user: string) => grantedRights(evaluateRights(acl, [user]));
  const table = allGroupAces(role, domain);
  const reasons: string[] = [];
  for (const ace of table) {
    const rights = held(ace.user);
    if (rights.size === 0) continue;
    const extra = [...rights].filter((r) => !ace.allow.includes(r));
    const missing = ace.allow.filter((r) => !rights.has(r));
    if (extra.length === 0 && missing.length === 0) continue;
    const parts = [
      extra.length > 0 ? `also holds ${extra.join(', ')}` : null,
      missing.length > 0 ? `lacks ${missing.join(', ')}` : null,
    ].filter(Boolean);
    reasons.push(`${ace.user} ${parts.join(' and ')}, compared with what the ${ace.group} permission group grants it.`);
  }
  const others = [...new Set(entries.filter((e) => !e.inherited && !table.some((a) => samePrincipal(a.user, e.user))).map((e) => e.user))];
  for (const user of others) {
    const rights = held(user);
    if (rights.size > 0 && !table.some((a) => a.allow.length === rights.size && a.allow.every((r) => rights.has(r))))
      reasons.push(`${user} holds ${[...rights].join(', ')}, which is not the set of any permission group.`);
  }
  return reasons;
}

interface Props {
  view: ConnectorView;
  entries: PermissionEntry[];
  role: ServerRole;
  domain: string;
  principals: PrincipalView[];
  canWrite: boolean;
  /** After a write: the entries the API answered, with the connector's new ETag. */
  onChanged: (result: Versioned<PermissionEntry[]>) => void;
}

export function PermissionsTab({ view, entries, role, domain, principals, canWrite, onChanged }: Props) {
  const own = entries.filter((e) => !e.inherited);
  const inherited = entries.filter((e) => e.inherited);
  const custom = view.permissionGroups.includes('Custom');
  const reasons = custom ? customReasons(entries, role, domain) : [];
  const identity = connectorIdentity(view.server, view.name);
  const [pendingRemove, setPendingRemove] = useState<PermissionEntry | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<Versioned<PermissionEntry[]>>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await action());
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tab-form">
      <section aria-labelledby="perm-readback">
        <h3 id="perm-readback">Permission groups as Exchange reads them back</h3>
        <p>
          <strong data-testid="permissions-readback">{view.permissionGroups.map(permissionGroupLabel).join(', ') || 'None'}</strong>
        </p>
        <p className="hint">
          Exchange does not store the permission groups: it computes them from the permissions below. A group is listed when every
          principal it writes for holds at least its rights; <strong>Custom</strong> is added when a principal holds a set of rights
          that matches no group.
        </p>
        {custom ? (
          <div className="notice" data-testid="custom-explained">
            <p>
              <strong>Why Custom:</strong>
            </p>
            <ul>
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {error ? <ErrorMessage error={error} title="The permissions were not changed" /> : null}

      <section aria-labelledby="perm-own">
        <h3 id="perm-own">Permissions on this connector</h3>
        <DataTable
          caption="Permissions on this connector"
          rows={own}
          rowKey={(e) => e.id}
          className="permission-entries"
          columns={[
            { header: 'Principal', rowHeader: true, cell: (e) => e.user },
            { header: 'Allow or deny', cell: (e) => (e.deny ? <Badge tone="danger">Deny</Badge> : <Badge tone="ok">Allow</Badge>) },
            {
              header: 'Extended rights',
              cell: (e) => (
                <ul className="plain">
                  {e.extendedRights.map((r) => (
                    <li key={r}>
                      <RightName right={r} />
                    </li>
                  ))}
                </ul>
              ),
            },
            { header: 'Written by', cell: sourceLabel },
          ]}
          actions={
            canWrite
              ? (e) => [{ label: 'Remove', target: `the ${e.deny ? 'deny' : 'allow'} entry of ${e.user}`, onClick: () => setPendingRemove(e), disabled: busy }]
              : undefined
          }
          empty="No permission is set on this connector itself."
        />
      </section>

      <section aria-labelledby="perm-inherited">
        <h3 id="perm-inherited">Inherited from {view.server}</h3>
        {inherited.length === 0 ? (
          <p className="muted">Nothing is inherited from the server&apos;s receive-connector container.</p>
        ) : (
          <ul className="plain">
            {inherited.map((e) => (
              <li key={e.id}>
                {e.deny ? 'Deny' : 'Allow'} <strong>{e.user}</strong>: {e.extendedRights.join(', ')}
              </li>
            ))}
          </ul>
        )}
        <p className="hint">Inherited permissions are changed on the Servers page; explicit entries here take precedence over them.</p>
      </section>

      {canWrite ? (
        <>
          <RightsForm
            mode="add"
            identity={identity}
            principals={principals.map((p) => p.name)}
            busy={busy}
            onSubmit={(change) => run(() => addPermission(view.id, change))}
          />
          {own.length > 0 ? (
            <RightsForm
              mode="remove"
              identity={identity}
              principals={[...new Set(own.map((e) => e.user))]}
              busy={busy}
              onSubmit={(change) => run(() => removeRights(view.id, change))}
            />
          ) : null}
        </>
      ) : null}

      <ConfirmDialog
        open={pendingRemove !== null}
        title="Remove this permission entry?"
        confirmLabel="Remove"
        danger
        onCancel={() => setPendingRemove(null)}
        onConfirm={() => {
          const entry = pendingRemove;
          setPendingRemove(null);
          if (entry) void run(() => removePermissionEntry(view.id, entry.id));
        }}
      >
        {pendingRemove ? (
          <>
            <p>
              {pendingRemove.deny ? 'Deny' : 'Allow'} <strong>{pendingRemove.user}</strong>: {pendingRemove.extendedRights.join(', ')} (
              {sourceLabel(pendingRemove)}).
            </p>
            <ShellCommands
              title="Equivalent command"
              commands={[permissionCommand(identity, 'Remove', pendingRemove.user, pendingRemove.extendedRights, pendingRemove.deny)]}
            />
          </>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
