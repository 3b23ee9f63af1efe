import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Server } from '@cc/connector-engine';
import { useServers } from '../../api/hooks.ts';
import { useAllConnectors, useDeleteServer } from '../../api/helpdesk-hooks.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { useCan } from '../../app/session.ts';
import { ConfirmAction, useConfirm } from '../../components/ConfirmAction.tsx';
import { DataTable, PlainList } from '../../components/DataTable.tsx';
import { Modal } from '../../components/Modal.tsx';
import { QueryStates, StatusLine, useOutcome } from '../../components/QueryStates.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import '../domains/organisation.css';
import { InheritedPermissions } from './InheritedPermissions.tsx';
import { ROLE_LABEL, ServerForm } from './ServerForm.tsx';
import { ExportLinks } from '../import/ExportLinks.tsx';

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
  const deleting = useConfirm<Server>();
  const outcome = useOutcome(remove);

  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const c of connectors.data ?? []) map.set(c.server.toLowerCase(), (map.get(c.server.toLowerCase()) ?? 0) + 1);
    return map;
  }, [connectors.data]);
  const countOf = (s: Server) => counts.get(s.name.toLowerCase()) ?? 0;
  const sorted = (list: Server[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

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

      {remove.error ? <ErrorMessage error={remove.error} title="The server was not deleted" /> : null}
      <StatusLine message={outcome.message} />

      <QueryStates query={servers} loadingLabel="Loading servers…" errorTitle="Servers could not be loaded">
        {(list) => (
          <>
            <DataTable
              caption={`Transport servers, ${list.length}`}
              rows={sorted(list)}
              rowKey={(s) => s.name}
              columns={[
                { header: 'Name', rowHeader: true, cell: (s) => s.name },
                { header: 'Role', cell: (s) => ROLE_LABEL[s.role] },
                { header: 'FQDN', cell: (s) => <code>{s.fqdn}</code> },
                { header: 'IP addresses', cell: (s) => <PlainList items={s.ipAddresses} code /> },
                {
                  header: 'Receive connectors',
                  cell: (s) => (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        setServerName(s.name);
                        void navigate('/connectors');
                      }}
                    >
                      {countOf(s)} receive connector{countOf(s) === 1 ? '' : 's'}
                      <span className="visually-hidden"> on {s.name}</span>
                    </button>
                  ),
                },
                { header: 'Export', cell: (s) => <ExportLinks server={s.name} compact /> },
              ]}
              actions={
                canWrite
                  ? (s) => [
                      { label: 'Edit', target: s.name, onClick: () => setForm({ editing: s }) },
                      {
                        label: 'Delete',
                        target: s.name,
                        disabled: remove.isPending,
                        onClick: () => {
                          outcome.clear();
                          deleting.ask(s);
                        },
                      },
                    ]
                  : undefined
              }
              empty="There are no transport servers yet."
            />
            {list.length > 0 ? <InheritedPermissions servers={sorted(list)} canWrite={canWritePermissions} onActivity={outcome.clear} /> : null}
          </>
        )}
      </QueryStates>

      <Modal open={form !== null} title={form?.editing ? `Edit ${form.editing.name}` : 'New server'} onClose={() => setForm(null)} actions={null}>
        {form ? (
          <ServerForm
            key={form.editing?.name ?? 'new'}
            editing={form.editing}
            onCancel={() => setForm(null)}
            onDone={(message) => {
              setForm(null);
              outcome.clear();
              outcome.announce(message);
            }}
          />
        ) : null}
      </Modal>

      <ConfirmAction
        target={deleting.target}
        title={(s) => `Delete ${s.name}?`}
        confirmLabel="Delete"
        onCancel={deleting.cancel}
        onConfirm={(s) => remove.mutate(s.name, { onSuccess: () => outcome.announce(`${s.name} was deleted.`) })}
      >
        {(s) => (
          <p>
            {s.name} can only be deleted once it has no receive connectors left{countOf(s) ? ` (it has ${countOf(s)})` : ''}.
          </p>
        )}
      </ConfirmAction>
    </section>
  );
}
