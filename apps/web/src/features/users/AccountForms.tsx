import { useId, useState, type FormEvent } from 'react';
import { CreateAccountBodySchema, NewPasswordSchema, type Account, type Role } from '@cc/api-contract';
import { useCreateAccount, useResetPassword } from '../../api/helpdesk-hooks.ts';
import { Field } from '../../components/Field.tsx';
import { FormDialog, FormFooter } from '../../components/FormDialog.tsx';
import { RadioGroup } from '../../components/RadioGroup.tsx';
import { issuesByField } from '../../lib/form-issues.ts';

export const ROLE_LABELS: Record<Role, string> = { admin: 'Administrator', helpdesk: 'Help desk' };
const ROLE_CHOICES = [
  { value: 'helpdesk', label: ROLE_LABELS.helpdesk, description: 'Reads everything and runs the troubleshooter and effective permissions; changes nothing.' },
  { value: 'admin', label: ROLE_LABELS.admin, description: 'Creates and changes connectors, permissions, servers, domains, the directory and console accounts.' },
] as const;

/** A new console account with its initial password and role. */
export function NewAccountForm() {
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
          {(control) => <input {...control} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />}
        </Field>
        <Field id={`${id}-password`} label="Initial password" hint="At least 12 characters; a short sentence works well." error={errors.password}>
          {(control) => <input {...control} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />}
        </Field>
        <RadioGroup legend="Role" value={role} onChange={setRole} choices={ROLE_CHOICES} />
        <FormFooter error={create.error} errorTitle="The account was not created" submitLabel="Create account" pendingLabel="Creating…" pending={create.isPending} status={done} />
      </form>
    </section>
  );
}

/** An admin sets someone else's password; that account's sessions end. */
export function PasswordDialog({ account, onClose, onDone }: { account: Account | null; onClose: () => void; onDone: (message: string) => void }) {
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
    <FormDialog
      open={account !== null}
      title={`Reset the password of ${account?.username ?? ''}`}
      onCancel={close}
      onSubmit={submit}
      submitLabel="Reset password"
      pendingLabel="Resetting…"
      pending={reset.isPending}
      error={reset.error}
      errorTitle="The password was not reset"
    >
      <p className="hint">The account&apos;s sessions end; it signs in again with the new password.</p>
      <Field id={`${id}-new`} label="New password" hint="At least 12 characters." error={errors}>
        {(control) => <input {...control} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />}
      </Field>
      <Field id={`${id}-again`} label="Confirm the new password">
        {(control) => <input {...control} type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" />}
      </Field>
    </FormDialog>
  );
}
