import { useId, useState, type FormEvent } from 'react';
import { PermissionChangeSchema, RECEIVE_RIGHTS, RIGHT_DISPLAY_NAMES, type PermissionEntry, type ReceiveRight, type Server } from '@cc/connector-engine';
import { usePrincipals, useServerPermissions } from '../../api/hooks.ts';
import { useAddServerPermission, useRemoveServerPermission } from '../../api/helpdesk-hooks.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { Badge } from '../../components/Badge.tsx';
import { CheckboxGroup } from '../../components/CheckboxGroup.tsx';
import { ConfirmAction, useConfirm } from '../../components/ConfirmAction.tsx';
import { DataTable, PlainList } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { FormFooter } from '../../components/FormDialog.tsx';
import { QueryStates, StatusLine, useOutcome } from '../../components/QueryStates.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { issuesByField } from '../../lib/form-issues.ts';

const allowOrDeny = (e: PermissionEntry) => (e.deny ? 'deny' : 'allow');
const rightsCount = (n: number) => (n === 1 ? '1 right' : `${n} rights`);

/** `onActivity`: something happened here, so messages about the server list above are out of date. */
export function InheritedPermissions({ servers, canWrite, onActivity }: { servers: Server[]; canWrite: boolean; onActivity: () => void }) {
  const id = useId();
  const { serverName } = useServerChoice();
  const [chosen, setChosen] = useState<string>('');
  const name = servers.find((s) => s.name === chosen)?.name ?? serverName ?? servers[0]?.name ?? null;
  const entries = useServerPermissions(name);
  const principals = usePrincipals();
  const add = useAddServerPermission(name ?? '');
  const remove = useRemoveServerPermission(name ?? '');
  const removing = useConfirm<PermissionEntry>();
  const outcome = useOutcome(add, remove);
  const [user, setUser] = useState('');
  const [rights, setRights] = useState<string[]>([]);
  const [deny, setDeny] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = PermissionChangeSchema.safeParse({ user: user.trim(), extendedRights: rights, deny });
    if (!parsed.success) {
      const plain = (path: PropertyKey | undefined, message: string) =>
        path === 'extendedRights' ? 'Choose at least one right.' : path === 'user' ? 'Enter the principal, for example CONTOSO\\alice.' : message;
      setErrors(issuesByField(parsed.error.issues.map((i) => ({ ...i, message: plain(i.path[0], i.message) }))));
      return;
    }
    setErrors({});
    add.mutate(parsed.data, {
      onSuccess: () => {
        onActivity();
        outcome.announce(`${parsed.data.deny ? 'Denied' : 'Granted'} ${rightsCount(parsed.data.extendedRights.length)} to ${parsed.data.user} on ${name}.`);
        setRights([]);
        setUser('');
        setDeny(false);
      },
    });
  };

  if (!name) return null;
  return (
    <section aria-labelledby={`${id}-title`} className="org-section">
      <h2 id={`${id}-title`}>Inherited permissions</h2>
      <p className="muted">
        Entries on a server&apos;s receive-connector container are inherited by every receive connector of that server. An explicit entry on a connector
        beats an inherited one.
      </p>
      <div className="filters">
        <div className="field inline">
          <label htmlFor={`${id}-server`}>Server</label>
          <select id={`${id}-server`} value={name} onChange={(e) => setChosen(e.target.value)}>
            {servers.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {remove.error ? <ErrorMessage error={remove.error} title="The entry was not removed" /> : null}
      <QueryStates query={entries} loadingLabel="Loading the inherited permissions…" errorTitle="The inherited permissions could not be loaded">
        {(list) => (
          <DataTable
            caption={`Permissions inherited by every receive connector of ${name}`}
            captionVisible
            compact
            rows={list}
            rowKey={(e) => e.id}
            columns={[
              { header: 'Principal', rowHeader: true, cell: (e) => e.user },
              { header: 'Allow or deny', cell: (e) => (e.deny ? <Badge tone="danger">Deny</Badge> : <Badge tone="ok">Allow</Badge>) },
              { header: 'Extended rights', cell: (e) => <PlainList items={e.extendedRights} code /> },
            ]}
            actions={
              canWrite ? (e) => [{ label: 'Remove', target: `the ${allowOrDeny(e)} entry for ${e.user}`, disabled: remove.isPending, onClick: () => removing.ask(e) }] : undefined
            }
            empty={`No permission is set on ${name}'s receive-connector container.`}
          />
        )}
      </QueryStates>
      <StatusLine message={outcome.message} />

      {canWrite ? (
        <form onSubmit={submit} noValidate className="rights-form" aria-labelledby={`${id}-add-title`}>
          <h3 id={`${id}-add-title`}>Add a permission on {name}</h3>
          <Field id={`${id}-user`} label="Principal" hint="A directory user or group, or a well-known principal." error={errors.user}>
            {(control) => (
              <>
                <input {...control} list={`${id}-principals`} value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" spellCheck={false} />
                <datalist id={`${id}-principals`}>
                  {(principals.data ?? []).map((p) => (
                    <option key={p.id} value={p.name} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <CheckboxGroup
            legend="Extended rights"
            choicesClassName="rights-choices"
            choices={RECEIVE_RIGHTS}
            isChecked={(r) => rights.includes(r)}
            onToggle={(r, on) => setRights((list) => (on ? [...list, r] : list.filter((x) => x !== r)))}
            label={(r) => (
              <>
                <code>{r}</code> <span className="muted small">({RIGHT_DISPLAY_NAMES[r as ReceiveRight]})</span>
              </>
            )}
            error={errors.extendedRights}
          />
          <div className="check-row spaced">
            <input id={`${id}-deny`} type="checkbox" checked={deny} onChange={(e) => setDeny(e.target.checked)} />
            <label htmlFor={`${id}-deny`}>Deny these rights (a deny entry)</label>
          </div>
          <FormFooter error={add.error} errorTitle="The permission was not added" submitLabel="Add permission" pendingLabel="Adding…" pending={add.isPending} />
        </form>
      ) : null}

      <ConfirmAction
        target={removing.target}
        title={() => 'Remove this inherited entry?'}
        confirmLabel="Remove"
        onCancel={removing.cancel}
        onConfirm={(e) => remove.mutate(e.id, { onSuccess: () => outcome.announce(`The entry for ${e.user} was removed from ${name}.`) })}
      >
        {(e) => (
          <p>
            Every receive connector of {name} loses this {allowOrDeny(e)} entry for {e.user}: {e.extendedRights.join(', ')}.
          </p>
        )}
      </ConfirmAction>
    </section>
  );
}
