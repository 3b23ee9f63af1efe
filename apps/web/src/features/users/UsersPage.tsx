import type { Account, Role } from '@cc/api-contract';
import { useAccounts, useEndSessions, useUpdateAccount } from '../../api/helpdesk-hooks.ts';
import { useUser } from '../../app/session.ts';
import { Badge } from '../../components/Badge.tsx';
import { ConfirmAction, useConfirm } from '../../components/ConfirmAction.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { QueryStates, StatusLine, useOutcome } from '../../components/QueryStates.tsx';
import type { RowAction } from '../../components/RowActions.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { formatDateTime } from '../../lib/format.ts';
import '../domains/organisation.css';
import { NewAccountForm, PasswordDialog, ROLE_LABELS } from './AccountForms.tsx';
import { SignInSettingsPanel } from './SignInSettingsPanel.tsx';
import { SignInThrottlesPanel } from './SignInThrottlesPanel.tsx';

const SOURCE_LABELS: Record<Account['source'], string> = { local: 'Console', ldap: 'Directory (LDAP)', oidc: 'OpenID Connect' };

export default function UsersPage() {
  usePageTitle('Users');
  const accounts = useAccounts();
  const me = useUser();
  const update = useUpdateAccount();
  const endSessions = useEndSessions();
  // Each action replaces the previous one's outcome, so an old error does not stay next to a new success.
  const outcome = useOutcome(update, endSessions);
  const resetting = useConfirm<Account>();
  const ending = useConfirm<Account>();
  const disabling = useConfirm<Account>();

  const change = (a: Account, body: { role?: Role; disabled?: boolean }, message: string) => {
    outcome.clear();
    update.mutate({ username: a.username, change: body }, { onSuccess: () => outcome.announce(message) });
  };
  const actions = (a: Account): RowAction[] => {
    const other: Role = a.role === 'admin' ? 'helpdesk' : 'admin';
    // A directory person's role and password live in the directory.
    const local = a.source === 'local';
    return [
      ...(local
        ? [
            {
              label: `Make ${ROLE_LABELS[other].toLowerCase()}`,
              target: `(${a.username})`,
              disabled: update.isPending,
              onClick: () => change(a, { role: other }, `${a.username} is now ${ROLE_LABELS[other].toLowerCase()}.`),
            },
          ]
        : []),
      {
        label: a.disabled ? 'Enable' : 'Disable',
        target: a.username,
        disabled: update.isPending,
        onClick: () => (a.disabled ? change(a, { disabled: false }, `${a.username} is enabled.`) : disabling.ask(a)),
      },
      ...(local ? [{ label: 'Reset password', target: `of ${a.username}`, onClick: () => resetting.ask(a) }] : []),
      { label: 'End sessions', target: `of ${a.username}`, disabled: endSessions.isPending, onClick: () => ending.ask(a) },
    ];
  };
  const error = update.error ?? endSessions.error;

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Users</h1>
      <p className="muted">Console accounts: who can sign in to Connector Console, and as what. A change takes effect on the account&apos;s next request.</p>

      {error ? <ErrorMessage error={error} title="The account was not changed" /> : null}
      <StatusLine message={outcome.message} />

      <QueryStates query={accounts} loadingLabel="Loading console accounts…" errorTitle="Console accounts could not be loaded">
        {(list) => (
          <DataTable
            caption={`Console accounts, ${list.length}`}
            rows={[...list].sort((a, b) => a.username.localeCompare(b.username))}
            rowKey={(a) => a.username}
            rowTestId={(a) => `account-${a.username}`}
            columns={[
              {
                header: 'User name',
                rowHeader: true,
                cell: (a) => (
                  <>
                    {a.username}
                    {me?.username === a.username ? <span className="muted small"> (you)</span> : null}
                  </>
                ),
              },
              { header: 'Signs in with', cell: (a) => SOURCE_LABELS[a.source] },
              { header: 'Role', cell: (a) => ROLE_LABELS[a.role] },
              { header: 'Status', cell: (a) => (a.disabled ? <Badge tone="warn">Disabled</Badge> : <Badge tone="ok">Enabled</Badge>) },
              { header: 'Created', className: 'small', cell: (a) => <time dateTime={a.createdAt}>{formatDateTime(a.createdAt)}</time> },
            ]}
            actions={actions}
            empty="There are no console accounts."
          />
        )}
      </QueryStates>

      <NewAccountForm />

      <SignInThrottlesPanel />

      <SignInSettingsPanel />

      <PasswordDialog account={resetting.target} onClose={resetting.cancel} onDone={outcome.announce} />

      <ConfirmAction
        target={ending.target}
        title={(a) => `End every session of ${a.username}?`}
        confirmLabel="End sessions"
        onCancel={ending.cancel}
        onConfirm={(a) => {
          outcome.clear();
          endSessions.mutate(a.username, { onSuccess: () => outcome.announce(`Every session of ${a.username} was ended.`) });
        }}
      >
        {(a) => (
          <p>
            {a.username} is signed out everywhere and must sign in again.
            {a.username === me?.username ? ' That includes this browser: you will be signed out.' : ''}
          </p>
        )}
      </ConfirmAction>

      <ConfirmAction
        target={disabling.target}
        title={(a) => `Disable ${a.username}?`}
        confirmLabel="Disable"
        onCancel={disabling.cancel}
        onConfirm={(a) => change(a, { disabled: true }, `${a.username} is disabled.`)}
      >
        {(a) => <p>{a.username} can no longer sign in; its sessions stop working on their next request.</p>}
      </ConfirmAction>
    </section>
  );
}
