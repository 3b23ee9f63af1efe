import { useId, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { PermissionChangeSchema, RECEIVE_RIGHTS, RIGHT_DISPLAY_NAMES, ServerSchema, type PermissionEntry, type Server, type ServerRole } from '@cc/connector-engine';
import { usePrincipals, useServerPermissions, useServers } from '../../api/hooks.ts';
import {
  useAddServerPermission,
  useAllConnectors,
  useCreateServer,
  useDeleteServer,
  useRemoveServerPermission,
  useReplaceServer,
} from '../../api/helpdesk-hooks.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { useCan } from '../../app/session.ts';
import { Badge } from '../../components/Badge.tsx';
import { Field, FieldErrors } from '../../components/Field.tsx';
import { ConfirmDialog, Modal } from '../../components/Modal.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { issuesByField, lines } from '../../lib/form-issues.ts';
import '../domains/organisation.css';

const ROLE_LABEL: Record<ServerRole, string> = { HubTransport: 'Hub Transport', Edge: 'Edge Transport' };

interface ServerFormProps {
  /** The server being edited; null to create one. */
  editing: Server | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}

function ServerForm({ editing, onDone, onCancel }: ServerFormProps) {
  const id = useId();
  const create = useCreateServer();
  const replace = useReplaceServer();
  const [name, setName] = useState(editing?.name ?? '');
  const [fqdn, setFqdn] = useState(editing?.fqdn ?? '');
  const [role, setRole] = useState<ServerRole>(editing?.role ?? 'HubTransport');
  const [addresses, setAddresses] = useState((editing?.ipAddresses ?? []).join('\n'));
  const [defaults, setDefaults] = useState(true);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const mutation = editing ? replace : create;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = ServerSchema.safeParse({ name: name.trim(), fqdn: fqdn.trim(), role, ipAddresses: lines(addresses) });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    const onSuccess = (s: Server) => onDone(editing ? `${s.name} was saved.` : `${s.name} was added${defaults ? ' with its default receive connectors' : ''}.`);
    if (editing) replace.mutate({ name: editing.name, server: parsed.data }, { onSuccess });
    else create.mutate({ server: parsed.data, defaultConnectors: defaults }, { onSuccess });
  };

  const described = (field: string, hint: boolean) =>
    [hint ? `${id}-${field}-hint` : null, errors[field] ? `${id}-${field}-error` : null].filter(Boolean).join(' ') || undefined;

  return (
    <form onSubmit={submit} noValidate id={`${id}-form`}>
      <Field id={`${id}-name`} label="Server name" hint={editing ? 'The name of an Exchange server cannot change.' : 'The NetBIOS name, for example HUB02.'} error={errors.name}>
        <input
          id={`${id}-name`}
          value={name}
          readOnly={!!editing}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={described('name', true)}
          autoComplete="off"
        />
      </Field>
      <Field id={`${id}-fqdn`} label="FQDN" hint="For example hub02.contoso.com." error={errors.fqdn}>
        <input
          id={`${id}-fqdn`}
          value={fqdn}
          onChange={(e) => setFqdn(e.target.value)}
          aria-invalid={errors.fqdn ? true : undefined}
          aria-describedby={described('fqdn', true)}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <fieldset className="inline-radios">
        <legend>Server role</legend>
        {(['HubTransport', 'Edge'] as const).map((r) => (
          <label key={r}>
            <input type="radio" name={`${id}-role`} checked={role === r} onChange={() => setRole(r)} /> {ROLE_LABEL[r]}
          </label>
        ))}
      </fieldset>
      <Field id={`${id}-ips`} label="IP addresses" hint="The server's adapter addresses, one a line; bindings may only use these." error={errors.ipAddresses}>
        <textarea
          id={`${id}-ips`}
          rows={3}
          className="mono"
          value={addresses}
          onChange={(e) => setAddresses(e.target.value)}
          aria-invalid={errors.ipAddresses ? true : undefined}
          aria-describedby={described('ipAddresses', true)}
          spellCheck={false}
        />
      </Field>
      {!editing ? (
        <div className="check-row spaced">
          <input id={`${id}-defaults`} type="checkbox" checked={defaults} onChange={(e) => setDefaults(e.target.checked)} />
          <label htmlFor={`${id}-defaults`}>Create the default receive connectors, as Exchange setup does</label>
        </div>
      ) : null}
      {mutation.error ? <ErrorMessage error={mutation.error} title={editing ? 'The server was not saved' : 'The server was not added'} /> : null}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {editing ? 'Save' : 'Add server'}
        </button>
      </div>
    </form>
  );
}

const sourceLabel = (e: PermissionEntry) => (e.deny ? 'Deny' : 'Allow');

/** `onActivity`: something happened here, so messages about the server list above are out of date. */
function InheritedPermissions({ servers, canWrite, onActivity }: { servers: Server[]; canWrite: boolean; onActivity: () => void }) {
  const id = useId();
  const { serverName } = useServerChoice();
  const [chosen, setChosen] = useState<string>('');
  const name = servers.find((s) => s.name === chosen)?.name ?? serverName ?? servers[0]?.name ?? null;
  const entries = useServerPermissions(name);
  const principals = usePrincipals();
  const add = useAddServerPermission(name ?? '');
  const remove = useRemoveServerPermission(name ?? '');
  const [user, setUser] = useState('');
  const [rights, setRights] = useState<string[]>([]);
  const [deny, setDeny] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState<PermissionEntry | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = PermissionChangeSchema.safeParse({ user: user.trim(), extendedRights: rights, deny });
    if (!parsed.success) {
      setErrors(
        issuesByField(
          parsed.error.issues.map((i) => ({
            ...i,
            message: i.path[0] === 'extendedRights' ? 'Choose at least one right.' : i.path[0] === 'user' ? 'Enter the principal, for example CONTOSO\\alice.' : i.message,
          })),
        ),
      );
      return;
    }
    setErrors({});
    add.mutate(parsed.data, {
      onSuccess: () => {
        onActivity();
        setStatus(`${parsed.data.deny ? 'Denied' : 'Granted'} ${parsed.data.extendedRights.length} right(s) to ${parsed.data.user} on ${name}.`);
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
      {entries.isLoading ? <Loading label="Loading the inherited permissions…" /> : null}
      {entries.error ? <ErrorMessage error={entries.error} title="The inherited permissions could not be loaded" retry={() => void entries.refetch()} /> : null}
      {entries.data && entries.data.length === 0 ? <Empty>No permission is set on {name}&apos;s receive-connector container.</Empty> : null}
      {remove.error ? <ErrorMessage error={remove.error} title="The entry was not removed" /> : null}
      {entries.data && entries.data.length > 0 ? (
        <div className="table-wrap">
          <table className="data compact">
            <caption>Permissions inherited by every receive connector of {name}</caption>
            <thead>
              <tr>
                <th scope="col">Principal</th>
                <th scope="col">Allow or deny</th>
                <th scope="col">Extended rights</th>
                {canWrite ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {entries.data.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.user}</th>
                  <td>{e.deny ? <Badge tone="danger">Deny</Badge> : <Badge tone="ok">Allow</Badge>}</td>
                  <td>
                    <ul className="plain">
                      {e.extendedRights.map((r) => (
                        <li key={r}>
                          <code>{r}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  {canWrite ? (
                    <td>
                      <button type="button" onClick={() => setPending(e)} disabled={remove.isPending}>
                        Remove<span className="visually-hidden"> the {sourceLabel(e).toLowerCase()} entry for {e.user}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p role="status" className="status-line">
        {status}
      </p>

      {canWrite ? (
        <form onSubmit={submit} noValidate className="rights-form" aria-labelledby={`${id}-add-title`}>
          <h3 id={`${id}-add-title`}>Add a permission on {name}</h3>
          <Field id={`${id}-user`} label="Principal" hint="A directory user or group, or a well-known principal." error={errors.user}>
            <input
              id={`${id}-user`}
              list={`${id}-principals`}
              value={user}
              onChange={(e) => setUser(e.target.value)}
              aria-invalid={errors.user ? true : undefined}
              aria-describedby={`${id}-user-hint${errors.user ? ` ${id}-user-error` : ''}`}
              autoComplete="off"
              spellCheck={false}
            />
            <datalist id={`${id}-principals`}>
              {(principals.data ?? []).map((p) => (
                <option key={p.id} value={p.name} />
              ))}
            </datalist>
          </Field>
          <fieldset aria-describedby={errors.extendedRights ? `${id}-rights-error` : undefined}>
            <legend>Extended rights</legend>
            <div className="rights-choices">
              {RECEIVE_RIGHTS.map((r) => (
                <div key={r} className="check-row">
                  <input
                    id={`${id}-${r}`}
                    type="checkbox"
                    checked={rights.includes(r)}
                    onChange={(e) => setRights((list) => (e.target.checked ? [...list, r] : list.filter((x) => x !== r)))}
                  />
                  <label htmlFor={`${id}-${r}`}>
                    <code>{r}</code> <span className="muted small">({RIGHT_DISPLAY_NAMES[r]})</span>
                  </label>
                </div>
              ))}
            </div>
            <FieldErrors id={`${id}-rights-error`} errors={errors.extendedRights ?? []} />
          </fieldset>
          <div className="check-row spaced">
            <input id={`${id}-deny`} type="checkbox" checked={deny} onChange={(e) => setDeny(e.target.checked)} />
            <label htmlFor={`${id}-deny`}>Deny these rights (a deny entry)</label>
          </div>
          {add.error ? <ErrorMessage error={add.error} title="The permission was not added" /> : null}
          <button type="submit" className="primary" disabled={add.isPending}>
            Add permission
          </button>
        </form>
      ) : null}

      <ConfirmDialog
        open={pending !== null}
        title="Remove this inherited entry?"
        confirmLabel="Remove"
        danger
        onCancel={() => setPending(null)}
        onConfirm={() => {
          const target = pending;
          setPending(null);
          if (target) remove.mutate(target.id, { onSuccess: () => setStatus(`The entry for ${target.user} was removed from ${name}.`) });
        }}
      >
        <p>
          Every receive connector of {name} loses this {pending ? sourceLabel(pending).toLowerCase() : ''} entry for {pending?.user}:{' '}
          {pending?.extendedRights.join(', ')}.
        </p>
      </ConfirmDialog>
    </section>
  );
}

export default function ServersPage() {
  usePageTitle('Servers');
  const servers = useServers();
  const connectors = useAllConnectors();
  const canWrite = useCan('servers:write');
  const canWritePermissions = useCan('permissions:write');
  const remove = useDeleteServer();
  const { setServerName } = useServerChoice();
  const navigate = useNavigate();
  const [form, setForm] = useState<{ editing: Server | null } | null>(null);
  const [confirm, setConfirm] = useState<Server | null>(null);
  const [status, setStatus] = useState('');

  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const c of connectors.data ?? []) map.set(c.server.toLowerCase(), (map.get(c.server.toLowerCase()) ?? 0) + 1);
    return map;
  }, [connectors.data]);
  const list = [...(servers.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Servers</h1>
        {canWrite ? (
          <button type="button" className="primary" onClick={() => setForm({ editing: null })}>
            New server…
          </button>
        ) : null}
      </div>
      <p className="muted">The Hub Transport and Edge Transport servers whose receive connectors this console manages.</p>

      {servers.isLoading ? <Loading label="Loading servers…" /> : null}
      {servers.error ? <ErrorMessage error={servers.error} title="Servers could not be loaded" retry={() => void servers.refetch()} /> : null}
      {servers.data && list.length === 0 ? <Empty>There are no transport servers yet.</Empty> : null}
      {remove.error ? <ErrorMessage error={remove.error} title="The server was not deleted" /> : null}
      <p role="status" className="status-line">
        {status}
      </p>

      {list.length > 0 ? (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Transport servers, {list.length}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">FQDN</th>
                <th scope="col">IP addresses</th>
                <th scope="col">Receive connectors</th>
                {canWrite ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  <td>{ROLE_LABEL[s.role]}</td>
                  <td>
                    <code>{s.fqdn}</code>
                  </td>
                  <td>
                    <ul className="plain">
                      {s.ipAddresses.map((ip) => (
                        <li key={ip}>
                          <code>{ip}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        setServerName(s.name);
                        void navigate('/connectors');
                      }}
                    >
                      {counts.get(s.name.toLowerCase()) ?? 0} receive connector{counts.get(s.name.toLowerCase()) === 1 ? '' : 's'}
                      <span className="visually-hidden"> on {s.name}</span>
                    </button>
                  </td>
                  {canWrite ? (
                    <td>
                      <div className="buttons">
                        <button type="button" onClick={() => setForm({ editing: s })}>
                          Edit<span className="visually-hidden"> {s.name}</span>
                        </button>
                        <button
                          type="button"
                          onClick={() => {
                            remove.reset();
                            setConfirm(s);
                          }}
                          disabled={remove.isPending}
                        >
                          Delete<span className="visually-hidden"> {s.name}</span>
                        </button>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {list.length > 0 ? <InheritedPermissions
          servers={list}
          canWrite={canWritePermissions}
          onActivity={() => {
            remove.reset();
            setStatus('');
          }}
        /> : null}

      <Modal
        open={form !== null}
        title={form?.editing ? `Edit ${form.editing.name}` : 'New server'}
        onClose={() => setForm(null)}
        actions={null}
      >
        {form ? (
          <ServerForm
            key={form.editing?.name ?? 'new'}
            editing={form.editing}
            onCancel={() => setForm(null)}
            onDone={(message) => {
              setForm(null);
              remove.reset();
              setStatus(message);
            }}
          />
        ) : null}
      </Modal>

      <ConfirmDialog
        open={confirm !== null}
        title={`Delete ${confirm?.name ?? ''}?`}
        confirmLabel="Delete"
        danger
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const target = confirm;
          setConfirm(null);
          if (target) remove.mutate(target.name, { onSuccess: () => setStatus(`${target.name} was deleted.`) });
        }}
      >
        <p>
          {confirm?.name} can only be deleted once it has no receive connectors left
          {confirm && counts.get(confirm.name.toLowerCase()) ? ` (it has ${counts.get(confirm.name.toLowerCase())})` : ''}.
        </p>
      </ConfirmDialog>
    </section>
  );
}
