import { useId, useMemo, useState } from 'react';
import { samePrincipal } from '@cc/connector-engine';
import type { PrincipalView } from '@cc/api-contract';
import { useDomain, usePrincipals } from '../../api/hooks.ts';
import { useDeletePrincipal } from '../../api/helpdesk-hooks.ts';
import { useCan } from '../../app/session.ts';
import { ConfirmAction, useConfirm } from '../../components/ConfirmAction.tsx';
import { DataTable, PlainList, type Column } from '../../components/DataTable.tsx';
import { Modal } from '../../components/Modal.tsx';
import { QueryStates, StatusLine, useOutcome } from '../../components/QueryStates.tsx';
import type { RowAction } from '../../components/RowActions.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import '../domains/organisation.css';
import { EditPrincipalForm } from './EditPrincipalForm.tsx';
import { NewPrincipalForm } from './NewPrincipalForm.tsx';

type Stored = Extract<PrincipalView, { kind: 'user' | 'group' }>;
type WellKnown = Extract<PrincipalView, { kind: 'wellKnown' }>;

/** Addresses in code type, account names as text. */
const Values = ({ items, empty }: { items: readonly string[]; empty?: string }) => <PlainList items={items} code={(v) => v.includes('@')} empty={empty} />;

const byName = (a: PrincipalView, b: PrincipalView) => a.name.localeCompare(b.name);

export default function DirectoryPage() {
  usePageTitle('Directory');
  const id = useId();
  const principals = usePrincipals();
  const { domain } = useDomain();
  const canWrite = useCan('directory:write');
  const remove = useDeletePrincipal();
  const removing = useConfirm<Stored>();
  const editing = useConfirm<Stored>();
  const outcome = useOutcome(remove);
  const [filter, setFilter] = useState('');

  const all = useMemo(() => principals.data ?? [], [principals.data]);
  const needle = filter.trim().toLowerCase();
  const matches = (p: PrincipalView) => !needle || [p.name, ...p.emailAddresses, ...p.memberOf, ...p.sendAs].some((v) => v.toLowerCase().includes(needle));
  const users = all.filter((p): p is Stored => p.kind === 'user').sort(byName);
  const groups = all.filter((p): p is Stored => p.kind === 'group').sort(byName);
  const wellKnown = all.filter((p): p is WellKnown => p.kind === 'wellKnown');
  // Group membership is stored on the member (memberOf); a group's member list is the same data read the other way.
  const members = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const p of all) for (const g of p.memberOf) map.set(g.toLowerCase(), [...(map.get(g.toLowerCase()) ?? []), p.name]);
    return map;
  }, [all]);

  const actions = canWrite
    ? (p: Stored): RowAction[] => [
        {
          label: 'Edit',
          target: p.name,
          onClick: () => {
            outcome.clear();
            editing.ask(p);
          },
        },
        {
          label: 'Remove',
          target: p.name,
          disabled: remove.isPending,
          onClick: () => {
            outcome.clear();
            removing.ask(p);
          },
        },
      ]
    : undefined;
  const shared: Column<Stored>[] = [
    { header: 'Member of', cell: (p) => <Values items={p.memberOf} /> },
    { header: 'E-mail addresses', cell: (p) => <Values items={p.emailAddresses} /> },
    { header: 'Send-As', cell: (p) => <Values items={p.sendAs} /> },
  ];

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Directory</h1>
      <p className="muted">
        The Active Directory users and groups the console knows: who can sign in to SMTP (Basic or Integrated Windows authentication), the groups whose
        permission entries apply to them, their e-mail addresses and the addresses they may send as.
      </p>

      {remove.error ? <ErrorMessage error={remove.error} title="The principal was not removed" /> : null}
      <StatusLine message={outcome.message} />

      <QueryStates query={principals} loadingLabel="Loading the directory…" errorTitle="The directory could not be loaded">
        {() => (
          <>
            <div className="filters" role="search">
              <div className="field inline">
                <label htmlFor={`${id}-filter`}>Filter the directory</label>
                <input id={`${id}-filter`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name, address, group…" />
              </div>
            </div>

            <section aria-labelledby={`${id}-users`} className="directory-section">
              <h2 id={`${id}-users`}>Users</h2>
              <DataTable
                caption="Directory users"
                rows={users.filter(matches)}
                rowKey={(u) => u.id}
                columns={[{ header: 'User', rowHeader: true, cell: (u) => u.name }, shared[1]!, shared[0]!, shared[2]!]}
                actions={actions}
                empty={users.length === 0 ? 'There are no users in the directory.' : 'No user matches the filter.'}
              />
            </section>

            <section aria-labelledby={`${id}-groups`} className="directory-section">
              <h2 id={`${id}-groups`}>Groups</h2>
              <DataTable
                caption="Directory groups"
                rows={groups.filter(matches)}
                rowKey={(g) => g.id}
                columns={[
                  { header: 'Group', rowHeader: true, cell: (g) => g.name },
                  { header: 'Members', cell: (g) => <Values items={members.get(g.name.toLowerCase()) ?? []} empty="No members" /> },
                  ...shared,
                ]}
                actions={actions}
                empty={groups.length === 0 ? 'There are no groups in the directory.' : 'No group matches the filter.'}
              />
            </section>

            <section aria-labelledby={`${id}-wellknown`} className="directory-section">
              <h2 id={`${id}-wellknown`}>Well-known principals</h2>
              <p className="muted small">Part of Windows and Exchange: receive connectors&apos; permission groups write entries for them. They cannot be changed.</p>
              <DataTable
                caption="Well-known principals"
                compact
                rows={wellKnown.filter(matches)}
                rowKey={(p) => p.id}
                columns={[
                  { header: 'Principal', rowHeader: true, cell: (p) => p.name },
                  { header: 'What it represents', cell: (p) => p.description },
                  { header: 'SID', cell: (p) => <code className="small">{p.sid}</code> },
                ]}
              />
            </section>

            {canWrite ? <NewPrincipalForm groups={groups} domain={domain} /> : null}
          </>
        )}
      </QueryStates>

      <Modal open={editing.target !== null} title={`Edit ${editing.target?.name ?? ''}`} onClose={editing.cancel} actions={null} wide>
        {editing.target ? (
          <EditPrincipalForm
            key={editing.target.id}
            principal={editing.target}
            groups={groups}
            onCancel={editing.cancel}
            onDone={(message) => {
              editing.cancel();
              outcome.announce(message);
            }}
          />
        ) : null}
      </Modal>

      <ConfirmAction
        target={removing.target}
        title={(p) => `Remove ${p.name}?`}
        confirmLabel="Remove"
        onCancel={removing.cancel}
        onConfirm={(p) => remove.mutate(p.id, { onSuccess: () => outcome.announce(`${p.name} was removed from the directory.`) })}
      >
        {(p) => (
          <p>
            {p.name} is removed from the directory.
            {all.some((q) => q.memberOf.some((g) => samePrincipal(g, p.name))) ? ' Its members lose the permissions granted to the group.' : ''} Permission
            entries on connectors that name it stay until an administrator removes them.
          </p>
        )}
      </ConfirmAction>
    </section>
  );
}
