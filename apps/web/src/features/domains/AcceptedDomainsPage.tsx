import type { AcceptedDomainView } from '@cc/api-contract';
import { useAcceptedDomains, useDeleteAcceptedDomain } from '../../api/helpdesk-hooks.ts';
import { useCan } from '../../app/session.ts';
import { Badge } from '../../components/Badge.tsx';
import { ConfirmAction, useConfirm } from '../../components/ConfirmAction.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { QueryStates, StatusLine, useOutcome } from '../../components/QueryStates.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { EditDomainDialog, NewDomainForm, typeLabel } from './DomainForms.tsx';
import './organisation.css';

export default function AcceptedDomainsPage() {
  usePageTitle('Accepted domains');
  const domains = useAcceptedDomains();
  const canWrite = useCan('domains:write');
  const remove = useDeleteAcceptedDomain();
  const removing = useConfirm<AcceptedDomainView>();
  const editing = useConfirm<AcceptedDomainView>();
  const outcome = useOutcome(remove);

  const sorted = (list: AcceptedDomainView[]) => [...list].sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.domainName.localeCompare(b.domainName));

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Accepted domains</h1>
      <p className="muted">
        The SMTP domains this organization accepts mail for. Sending to a recipient in an accepted domain is not relay: it needs no
        ms-Exch-SMTP-Accept-Any-Recipient right on the receive connector.
      </p>

      {remove.error ? <ErrorMessage error={remove.error} title="The accepted domain was not removed" /> : null}
      <StatusLine message={outcome.message} />

      <QueryStates query={domains} loadingLabel="Loading accepted domains…" errorTitle="Accepted domains could not be loaded">
        {(list) => (
          <DataTable
            caption={`Accepted domains, ${list.length}`}
            rows={sorted(list)}
            rowKey={(d) => d.id}
            columns={[
              { header: 'Accepted domain', rowHeader: true, cell: (d) => <code>{d.domainName}</code> },
              { header: 'Domain type', cell: (d) => typeLabel(d.domainType) },
              { header: 'Default', cell: (d) => (d.isDefault ? <Badge tone="info">Default</Badge> : <span className="muted">No</span>) },
            ]}
            actions={
              canWrite
                ? (d) => [
                    { label: 'Edit', target: d.domainName, onClick: () => {
                        outcome.clear();
                        editing.ask(d);
                      },
                    },
                    { label: 'Remove', target: d.domainName, disabled: remove.isPending,
                      onClick: () => {
                        outcome.clear();
                        removing.ask(d);
                      },
                    },
                  ]
                : undefined
            }
            empty="There are no accepted domains: every recipient would be relay."
          />
        )}
      </QueryStates>

      {canWrite ? <NewDomainForm /> : null}

      <EditDomainDialog
        domain={editing.target}
        onCancel={editing.cancel}
        onDone={(message) => {
          editing.cancel();
          outcome.announce(message);
        }}
      />

      <ConfirmAction
        target={removing.target}
        title={(d) => `Remove ${d.domainName}?`}
        confirmLabel="Remove"
        onCancel={removing.cancel}
        onConfirm={(d) => remove.mutate(d.id, { onSuccess: () => outcome.announce(`${d.domainName} was removed.`) })}
      >
        {(d) => (
          <p>
            Mail for {d.domainName} will no longer be accepted: recipients in it become relay, which anonymous sessions are refused with 550 5.7.1 Unable
            to relay.
          </p>
        )}
      </ConfirmAction>
    </section>
  );
}
