import { useId, useMemo, useState, type FormEvent } from 'react';
import { PrincipalSchema, samePrincipal } from '@cc/connector-engine';
import type { PrincipalView } from '@cc/api-contract';
import { useDomain, usePrincipals } from '../../api/hooks.ts';
import { useCreatePrincipal, useDeletePrincipal } from '../../api/helpdesk-hooks.ts';
import { useCan } from '../../app/session.ts';
import { Field, FieldErrors } from '../../components/Field.tsx';
import { ConfirmDialog, Modal } from '../../components/Modal.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { issuesByField, lines } from '../../lib/form-issues.ts';
import '../domains/organisation.css';
import { EditPrincipalForm } from './EditPrincipalForm.tsx';

type Stored = Extract<PrincipalView, { kind: 'user' | 'group' }>;
type WellKnown = Extract<PrincipalView, { kind: 'wellKnown' }>;

function List({ items, empty }: { items: readonly string[]; empty?: string }) {
  if (items.length === 0) return <span className="muted">{empty ?? 'None'}</span>;
  return (
    <ul className="plain">
      {items.map((v) => (
        <li key={v}>{v.includes('@') ? <code>{v}</code> : v}</li>
      ))}
    </ul>
  );
}

function NewPrincipalForm({ groups, domain }: { groups: Stored[]; domain: string | null }) {
  const id = useId();
  const create = useCreatePrincipal();
  const [name, setName] = useState(domain ? `${domain}\\` : '');
  const [kind, setKind] = useState<'user' | 'group'>('user');
  const [emails, setEmails] = useState('');
  const [memberOf, setMemberOf] = useState<string[]>([]);
  const [sendAs, setSendAs] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    const parsed = PrincipalSchema.omit({ id: true }).safeParse({ name: name.trim(), kind, emailAddresses: lines(emails), memberOf, sendAs: lines(sendAs) });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (p) => {
        setDone(`${p.name} was added to the directory.`);
        setName(domain ? `${domain}\\` : '');
        setEmails('');
        setMemberOf([]);
        setSendAs('');
      },
    });
  };

  const described = (field: string) => [`${id}-${field}-hint`, errors[field] ? `${id}-${field}-error` : null].filter(Boolean).join(' ');

  return (
    <section aria-labelledby={`${id}-title`} className="org-form">
      <h2 id={`${id}-title`}>New user or group</h2>
      <form onSubmit={submit} noValidate>
        <fieldset className="inline-radios">
          <legend>Kind</legend>
          <label>
            <input type="radio" name={`${id}-kind`} checked={kind === 'user'} onChange={() => setKind('user')} /> User
          </label>
          <label>
            <input type="radio" name={`${id}-kind`} checked={kind === 'group'} onChange={() => setKind('group')} /> Group
          </label>
        </fieldset>
        <Field id={`${id}-name`} label="Account name" hint="DOMAIN\name, for example CONTOSO\crm-app." error={errors.name}>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={described('name')}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field id={`${id}-emails`} label="E-mail addresses" hint="SMTP addresses, one a line." error={errors.emailAddresses}>
          <textarea
            id={`${id}-emails`}
            rows={2}
            value={emails}
            onChange={(e) => setEmails(e.target.value)}
            aria-invalid={errors.emailAddresses ? true : undefined}
            aria-describedby={described('emailAddresses')}
            spellCheck={false}
          />
        </Field>
        <fieldset aria-describedby={errors.memberOf ? `${id}-memberOf-error` : undefined}>
          <legend>Member of</legend>
          {groups.length === 0 ? <p className="muted">There are no groups yet.</p> : null}
          {groups.map((g) => (
            <div key={g.id} className="check-row">
              <input
                id={`${id}-group-${g.id}`}
                type="checkbox"
                checked={memberOf.includes(g.name)}
                onChange={(e) => setMemberOf((list) => (e.target.checked ? [...list, g.name] : list.filter((x) => x !== g.name)))}
              />
              <label htmlFor={`${id}-group-${g.id}`}>{g.name}</label>
            </div>
          ))}
          <FieldErrors id={`${id}-memberOf-error`} errors={errors.memberOf ?? []} />
        </fieldset>
        <Field id={`${id}-sendAs`} label="Send-As" hint="Addresses or accounts this principal may send as, one a line." error={errors.sendAs}>
          <textarea
            id={`${id}-sendAs`}
            rows={2}
            value={sendAs}
            onChange={(e) => setSendAs(e.target.value)}
            aria-invalid={errors.sendAs ? true : undefined}
            aria-describedby={described('sendAs')}
            spellCheck={false}
          />
        </Field>
        {create.error ? <ErrorMessage error={create.error} title="The principal was not added" /> : null}
        <div className="buttons">
          <button type="submit" className="primary" disabled={create.isPending}>
            {kind === 'user' ? 'Add user' : 'Add group'}
          </button>
          <span role="status" className="status-line">
            {done}
          </span>
        </div>
      </form>
    </section>
  );
}

export default function DirectoryPage() {
  usePageTitle('Directory');
  const id = useId();
  const principals = usePrincipals();
  const { domain } = useDomain();
  const canWrite = useCan('directory:write');
  const remove = useDeletePrincipal();
  const [confirm, setConfirm] = useState<Stored | null>(null);
  const [editing, setEditing] = useState<Stored | null>(null);
  const [status, setStatus] = useState('');
  const [filter, setFilter] = useState('');

  const all = principals.data ?? [];
  const needle = filter.trim().toLowerCase();
  const matches = (p: PrincipalView) =>
    !needle || [p.name, ...p.emailAddresses, ...p.memberOf, ...p.sendAs].some((v) => v.toLowerCase().includes(needle));
  const byName = (a: PrincipalView, b: PrincipalView) => a.name.localeCompare(b.name);
  const users = all.filter((p): p is Stored => p.kind === 'user').sort(byName);
  const groups = all.filter((p): p is Stored => p.kind === 'group').sort(byName);
  const wellKnown = all.filter((p): p is WellKnown => p.kind === 'wellKnown');
  // Group membership is stored on the member (memberOf); a group's member list is the same data read the other way.
  const members = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const p of all) for (const g of p.memberOf) map.set(g.toLowerCase(), [...(map.get(g.toLowerCase()) ?? []), p.name]);
    return map;
  }, [all]);

  const actions = (p: Stored) =>
    canWrite ? (
      <td>
        <div className="buttons">
          <button
            type="button"
            onClick={() => {
              remove.reset();
              setStatus('');
              setEditing(p);
            }}
          >
            Edit<span className="visually-hidden"> {p.name}</span>
          </button>
          <button
            type="button"
            onClick={() => {
              remove.reset();
              setConfirm(p);
            }}
            disabled={remove.isPending}
          >
            Remove<span className="visually-hidden"> {p.name}</span>
          </button>
        </div>
      </td>
    ) : null;

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Directory</h1>
      <p className="muted">
        The Active Directory users and groups the console knows: who can sign in to SMTP (Basic or Integrated Windows authentication), the groups whose
        permission entries apply to them, their e-mail addresses and the addresses they may send as.
      </p>

      {principals.isLoading ? <Loading label="Loading the directory…" /> : null}
      {principals.error ? <ErrorMessage error={principals.error} title="The directory could not be loaded" retry={() => void principals.refetch()} /> : null}
      {remove.error ? <ErrorMessage error={remove.error} title="The principal was not removed" /> : null}
      <p role="status" className="status-line">
        {status}
      </p>

      {principals.data ? (
        <>
          <div className="filters" role="search">
            <div className="field inline">
              <label htmlFor={`${id}-filter`}>Filter the directory</label>
              <input id={`${id}-filter`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name, address, group…" />
            </div>
          </div>

          <section aria-labelledby={`${id}-users`} className="directory-section">
            <h2 id={`${id}-users`}>Users</h2>
            {users.filter(matches).length === 0 ? (
              <Empty>{users.length === 0 ? 'There are no users in the directory.' : 'No user matches the filter.'}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="data">
                  <caption className="visually-hidden">Directory users</caption>
                  <thead>
                    <tr>
                      <th scope="col">User</th>
                      <th scope="col">E-mail addresses</th>
                      <th scope="col">Member of</th>
                      <th scope="col">Send-As</th>
                      {canWrite ? <th scope="col">Actions</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {users.filter(matches).map((u) => (
                      <tr key={u.id}>
                        <th scope="row">{u.name}</th>
                        <td>
                          <List items={u.emailAddresses} />
                        </td>
                        <td>
                          <List items={u.memberOf} />
                        </td>
                        <td>
                          <List items={u.sendAs} />
                        </td>
                        {actions(u)}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby={`${id}-groups`} className="directory-section">
            <h2 id={`${id}-groups`}>Groups</h2>
            {groups.filter(matches).length === 0 ? (
              <Empty>{groups.length === 0 ? 'There are no groups in the directory.' : 'No group matches the filter.'}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="data">
                  <caption className="visually-hidden">Directory groups</caption>
                  <thead>
                    <tr>
                      <th scope="col">Group</th>
                      <th scope="col">Members</th>
                      <th scope="col">Member of</th>
                      <th scope="col">E-mail addresses</th>
                      <th scope="col">Send-As</th>
                      {canWrite ? <th scope="col">Actions</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {groups.filter(matches).map((g) => (
                      <tr key={g.id}>
                        <th scope="row">{g.name}</th>
                        <td>
                          <List items={members.get(g.name.toLowerCase()) ?? []} empty="No members" />
                        </td>
                        <td>
                          <List items={g.memberOf} />
                        </td>
                        <td>
                          <List items={g.emailAddresses} />
                        </td>
                        <td>
                          <List items={g.sendAs} />
                        </td>
                        {actions(g)}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby={`${id}-wellknown`} className="directory-section">
            <h2 id={`${id}-wellknown`}>Well-known principals</h2>
            <p className="muted small">Part of Windows and Exchange: receive connectors&apos; permission groups write entries for them. They cannot be changed.</p>
            <div className="table-wrap">
              <table className="data compact">
                <caption className="visually-hidden">Well-known principals</caption>
                <thead>
                  <tr>
                    <th scope="col">Principal</th>
                    <th scope="col">What it represents</th>
                    <th scope="col">SID</th>
                  </tr>
                </thead>
                <tbody>
                  {wellKnown.filter(matches).map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{p.name}</th>
                      <td>{p.description}</td>
                      <td>
                        <code className="small">{p.sid}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          {canWrite ? <NewPrincipalForm groups={groups} domain={domain} /> : null}
        </>
      ) : null}

      <Modal open={editing !== null} title={`Edit ${editing?.name ?? ''}`} onClose={() => setEditing(null)} actions={null} wide>
        {editing ? (
          <EditPrincipalForm
            key={editing.id}
            principal={editing}
            groups={groups}
            onCancel={() => setEditing(null)}
            onDone={(message) => {
              setEditing(null);
              setStatus(message);
            }}
          />
        ) : null}
      </Modal>

      <ConfirmDialog
        open={confirm !== null}
        title={`Remove ${confirm?.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const target = confirm;
          setConfirm(null);
          if (target) remove.mutate(target.id, { onSuccess: () => setStatus(`${target.name} was removed from the directory.`) });
        }}
      >
        <p>
          {confirm?.name} is removed from the directory.
          {confirm && all.some((p) => p.memberOf.some((g) => samePrincipal(g, confirm.name)))
            ? ' Its members lose the permissions granted to the group.'
            : ''}{' '}
          Permission entries on connectors that name it stay until an administrator removes them.
        </p>
      </ConfirmDialog>
    </section>
  );
}
