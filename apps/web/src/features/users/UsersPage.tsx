import { useId, useState, type FormEvent } from 'react';
import { CreateAccountBodySchema, NewPasswordSchema, type Account, type Role } from '@cc/api-contract';
import { useAccounts, useCreateAccount, useEndSessions, useResetPassword, useUpdateAccount } from '../../api/helpdesk-hooks.ts';
import { useUser } from '../../app/session.ts';
import { Badge } from '../../components/Badge.tsx';
import { Field } from '../../components/Field.tsx';
import { ConfirmDialog, Modal } from '../../components/Modal.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { formatDateTime } from '../../lib/format.ts';
import { issuesByField } from '../domains/form-issues.ts';
import '../domains/organisation.css';
import { SignInThrottlesPanel } from './SignInThrottlesPanel.tsx';
import { SignInSettingsPanel } from './SignInSettingsPanel.tsx';

const SOURCE_LABELS: Record<Account['source'], string> = { local: 'Console', ldap: 'Directory (LDAP)', oidc: 'OpenID Connect' };

const ROLE_LABELS: Record<Role, string> = { admin: 'Administrator', helpdesk: 'Help desk' };
const ROLE_HINTS: Record<Role, string> = {
  admin: 'Creates and changes connectors, permissions, servers, domains, the directory and console accounts.',
  helpdesk: 'Reads everything and runs the troubleshooter and effective permissions; changes nothing.',
};

function RoleChoice({ id, value, onChange }: { id: string; value: Role; onChange: (r: Role) => void }) {
  return (
    <fieldset>
      <legend>Role</legend>
      {(['helpdesk', 'admin'] as const).map((r) => (
        <div key={r} className="radio-option">
          <div className="check-row">
            <input id={`${id}-${r}`} type="radio" name={`${id}-role`} checked={value === r} onChange={() => onChange(r)} aria-describedby={`${id}-${r}-hint`} />
            <label htmlFor={`${id}-${r}`}>{ROLE_LABELS[r]}</label>
          </div>
          <p id={`${id}-${r}-hint`} className="hint">
            {ROLE_HINTS[r]}
          </p>
        </div>
      ))}
    </fieldset>
  );
}

function NewAccountForm() {
  const id = useId();
  const create = useCreateAccount();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('helpdesk');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    const parsed = CreateAccountBodySchema.safeParse({ username: username.trim(), password, role });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (a) => {
        setDone(`${a.username} can now sign in as ${ROLE_LABELS[a.role].toLowerCase()}.`);
        setUsername('');
        setPassword('');
      },
    });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="org-form">
      <h2 id={`${id}-title`}>New console account</h2>
      <form onSubmit={submit} noValidate>
        <Field id={`${id}-username`} label="User name" error={errors.username}>
          <input
            id={`${id}-username`}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={errors.username ? true : undefined}
            aria-describedby={errors.username ? `${id}-username-error` : undefined}
            autoComplete="off"
          />
        </Field>
        <Field id={`${id}-password`} label="Initial password" hint="At least 12 characters; a short sentence works well." error={errors.password}>
          <input
            id={`${id}-password`}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={`${id}-password-hint${errors.password ? ` ${id}-password-error` : ''}`}
            autoComplete="new-password"
          />
        </Field>
        <RoleChoice id={`${id}-role`} value={role} onChange={setRole} />
        {create.error ? <ErrorMessage error={create.error} title="The account was not created" /> : null}
        <div className="buttons">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create account
          </button>
          <span role="status" className="status-line">
            {done}
          </span>
        </div>
      </form>
    </section>
  );
}

function PasswordDialog({ account, onClose, onDone }: { account: Account | null; onClose: () => void; onDone: (message: string) => void }) {
  const id = useId();
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<string[]>([]);

  const close = () => {
    setPassword('');
    setAgain('');
    setErrors([]);
    reset.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!account) return;
    const parsed = NewPasswordSchema.safeParse(password);
    const problems = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    if (password !== again) problems.push('The two passwords differ.');
    setErrors(problems);
    if (problems.length > 0) return;
    reset.mutate(
      { username: account.username, password },
      {
        onSuccess: () => {
          const name = account.username;
          close();
          onDone(`The password of ${name} was reset; its sessions were ended.`);
        },
      },
    );
  };

  return (
    <Modal open={account !== null} title={`Reset the password of ${account?.username ?? ''}`} onClose={close} actions={null}>
      <form onSubmit={submit} noValidate>
        <p className="hint">The account&apos;s sessions end; it signs in again with the new password.</p>
        <Field id={`${id}-new`} label="New password" hint="At least 12 characters." error={errors}>
          <input
            id={`${id}-new`}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={errors.length > 0 ? true : undefined}
            aria-describedby={`${id}-new-hint${errors.length > 0 ? ` ${id}-new-error` : ''}`}
            autoComplete="new-password"
          />
        </Field>
        <Field id={`${id}-again`} label="Confirm the new password">
          <input id={`${id}-again`} type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" />
        </Field>
        {reset.error ? <ErrorMessage error={reset.error} title="The password was not reset" /> : null}
        <div className="modal-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={reset.isPending}>
            Reset password
          </button>
        </div>
      </form>
    </Modal>
  );
}

export default function UsersPage() {
  usePageTitle('Users');
  const accounts = useAccounts();
  const me = useUser();
  const update = useUpdateAccount();
  const endSessions = useEndSessions();
  const [status, setStatus] = useState('');
  const [resetting, setResetting] = useState<Account | null>(null);
  const [ending, setEnding] = useState<Account | null>(null);
  const [disabling, setDisabling] = useState<Account | null>(null);

  /** Each action replaces the previous one's outcome, so an old error does not stay next to a new success. */
  const clear = () => {
    update.reset();
    endSessions.reset();
    setStatus('');
  };
  const change = (a: Account, body: { role?: Role; disabled?: boolean }, message: string) => {
    clear();
    update.mutate({ username: a.username, change: body }, { onSuccess: () => setStatus(message) });
  };

  const list = [...(accounts.data ?? [])].sort((a, b) => a.username.localeCompare(b.username));
  const error = update.error ?? endSessions.error;

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Users</h1>
      <p className="muted">Console accounts: who can sign in to Connector Console, and as what. A change takes effect on the account&apos;s next request.</p>

      {accounts.isLoading ? <Loading label="Loading console accounts…" /> : null}
      {accounts.error ? <ErrorMessage error={accounts.error} title="Console accounts could not be loaded" retry={() => void accounts.refetch()} /> : null}
      {error ? <ErrorMessage error={error} title="The account was not changed" /> : null}
      <p role="status" className="status-line">
        {status}
      </p>
      {accounts.data && list.length === 0 ? <Empty>There are no console accounts.</Empty> : null}

      {list.length > 0 ? (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Console accounts, {list.length}</caption>
            <thead>
              <tr>
                <th scope="col">User name</th>
                <th scope="col">Signs in with</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => {
                const other: Role = a.role === 'admin' ? 'helpdesk' : 'admin';
                const self = me?.username === a.username;
                // A directory person's role and password live in the directory.
                const local = a.source === 'local';
                return (
                  <tr key={a.username} data-testid={`account-${a.username}`}>
                    <th scope="row">
                      {a.username}
                      {self ? <span className="muted small"> (you)</span> : null}
                    </th>
                    <td>{SOURCE_LABELS[a.source]}</td>
                    <td>{ROLE_LABELS[a.role]}</td>
                    <td>{a.disabled ? <Badge tone="warn">Disabled</Badge> : <Badge tone="ok">Enabled</Badge>}</td>
                    <td className="small">
                      <time dateTime={a.createdAt}>{formatDateTime(a.createdAt)}</time>
                    </td>
                    <td>
                      <div className="buttons">
                        {local ? (
                          <button
                            type="button"
                            disabled={update.isPending}
                            onClick={() => change(a, { role: other }, `${a.username} is now ${ROLE_LABELS[other].toLowerCase()}.`)}
                          >
                            Make {ROLE_LABELS[other].toLowerCase()}
                            <span className="visually-hidden"> ({a.username})</span>
                          </button>
                        ) : null}
                        <button
                          type="button"
                          disabled={update.isPending}
                          onClick={() => (a.disabled ? change(a, { disabled: false }, `${a.username} is enabled.`) : setDisabling(a))}
                        >
                          {a.disabled ? 'Enable' : 'Disable'}
                          <span className="visually-hidden"> {a.username}</span>
                        </button>
                        {local ? (
                          <button type="button" onClick={() => setResetting(a)}>
                            Reset password<span className="visually-hidden"> of {a.username}</span>
                          </button>
                        ) : null}
                        <button type="button" onClick={() => setEnding(a)} disabled={endSessions.isPending}>
                          End sessions<span className="visually-hidden"> of {a.username}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      <NewAccountForm />

      <SignInThrottlesPanel />

      <SignInSettingsPanel />

      <PasswordDialog account={resetting} onClose={() => setResetting(null)} onDone={setStatus} />

      <ConfirmDialog
        open={ending !== null}
        title={`End every session of ${ending?.username ?? ''}?`}
        confirmLabel="End sessions"
        danger
        onCancel={() => setEnding(null)}
        onConfirm={() => {
          const target = ending;
          setEnding(null);
          clear();
          if (target) endSessions.mutate(target.username, { onSuccess: () => setStatus(`Every session of ${target.username} was ended.`) });
        }}
      >
        <p>
          {ending?.username} is signed out everywhere and must sign in again.
          {ending && ending.username === me?.username ? ' That includes this browser: you will be signed out.' : ''}
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={disabling !== null}
        title={`Disable ${disabling?.username ?? ''}?`}
        confirmLabel="Disable"
        danger
        onCancel={() => setDisabling(null)}
        onConfirm={() => {
          const target = disabling;
          setDisabling(null);
          if (target) change(target, { disabled: true }, `${target.username} is disabled.`);
        }}
      >
        <p>{disabling?.username} can no longer sign in; its sessions stop working on their next request.</p>
      </ConfirmDialog>
    </section>
  );
}
