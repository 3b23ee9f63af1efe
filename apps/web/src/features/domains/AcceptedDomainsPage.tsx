import { useId, useState, type FormEvent } from 'react';
import { AcceptedDomainSchema, type DomainType } from '@cc/connector-engine';
import type { AcceptedDomainPatchBody, AcceptedDomainView } from '@cc/api-contract';
import { useAcceptedDomains, useCreateAcceptedDomain, useDeleteAcceptedDomain, useUpdateAcceptedDomain } from '../../api/helpdesk-hooks.ts';
import { useCan } from '../../app/session.ts';
import { Badge } from '../../components/Badge.tsx';
import { Field } from '../../components/Field.tsx';
import { ConfirmDialog, Modal } from '../../components/Modal.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { issuesByField } from './form-issues.ts';
import './organisation.css';

/** The Exchange 2007 New Accepted Domain wizard's words for each type. */
export const DOMAIN_TYPES: { value: DomainType; label: string; description: string }[] = [
  { value: 'Authoritative', label: 'Authoritative Domain', description: 'E-mail is delivered to a recipient in this Exchange organization.' },
  {
    value: 'InternalRelay',
    label: 'Internal Relay Domain',
    description: 'E-mail is relayed to an e-mail server in another Active Directory forest within the organization.',
  },
  {
    value: 'ExternalRelay',
    label: 'External Relay Domain',
    description: 'E-mail is relayed to an e-mail server outside this Exchange organization by the Edge Transport server.',
  },
];

const typeLabel = (t: string) => DOMAIN_TYPES.find((d) => d.value === t)?.label ?? t;

function NewDomainForm() {
  const id = useId();
  const create = useCreateAcceptedDomain();
  const [domainName, setDomainName] = useState('');
  const [domainType, setDomainType] = useState<DomainType>('Authoritative');
  const [isDefault, setIsDefault] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    const parsed = AcceptedDomainSchema.omit({ id: true }).safeParse({ domainName: domainName.trim(), domainType, isDefault });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (d) => {
        setDone(`${d.domainName} was added as an ${typeLabel(d.domainType).toLowerCase()}.`);
        setDomainName('');
        setIsDefault(false);
      },
    });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="org-form">
      <h2 id={`${id}-title`}>New accepted domain</h2>
      <form onSubmit={submit} noValidate>
        <Field
          id={`${id}-name`}
          label="Accepted domain"
          hint="For example contoso.com, or *.contoso.com for the domain and all its subdomains."
          error={errors.domainName}
        >
          <input
            id={`${id}-name`}
            value={domainName}
            onChange={(e) => setDomainName(e.target.value)}
            aria-invalid={errors.domainName ? true : undefined}
            aria-describedby={`${id}-name-hint${errors.domainName ? ` ${id}-name-error` : ''}`}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <fieldset>
          <legend>This accepted domain is</legend>
          {DOMAIN_TYPES.map((t) => (
            <div key={t.value} className="radio-option">
              <div className="check-row">
                <input
                  id={`${id}-${t.value}`}
                  type="radio"
                  name={`${id}-type`}
                  checked={domainType === t.value}
                  onChange={() => setDomainType(t.value)}
                  aria-describedby={`${id}-${t.value}-desc`}
                />
                <label htmlFor={`${id}-${t.value}`}>{t.label}</label>
              </div>
              <p id={`${id}-${t.value}-desc`} className="hint">
                {t.description}
              </p>
            </div>
          ))}
        </fieldset>
        <div className="check-row spaced">
          <input id={`${id}-default`} type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
          <label htmlFor={`${id}-default`}>Make this the default accepted domain</label>
        </div>
        {create.error ? <ErrorMessage error={create.error} title="The accepted domain was not added" /> : null}
        <div className="buttons">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'New accepted domain'}
          </button>
          <span role="status" className="status-line">
            {done}
          </span>
        </div>
      </form>
    </section>
  );
}

/** Set-AcceptedDomain in a dialog: the type, and making this domain the default (never un-defaulting it). */
function EditDomainForm({ domain, onDone, onCancel }: { domain: AcceptedDomainView; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const update = useUpdateAcceptedDomain();
  const [domainType, setDomainType] = useState<DomainType>(domain.domainType);
  const [makeDefault, setMakeDefault] = useState(domain.isDefault);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const change: AcceptedDomainPatchBody = {};
    if (domainType !== domain.domainType) change.domainType = domainType;
    if (makeDefault && !domain.isDefault) change.isDefault = true;
    if (Object.keys(change).length === 0) {
      onDone(`${domain.domainName} is unchanged.`);
      return;
    }
    update.mutate({ id: domain.id, change }, { onSuccess: (d) => onDone(`${d.domainName} was saved${change.isDefault ? ' and is now the default accepted domain' : ''}.`) });
  };

  return (
    <form onSubmit={submit} noValidate>
      <fieldset>
        <legend>This accepted domain is</legend>
        {DOMAIN_TYPES.map((t) => (
          <div key={t.value} className="radio-option">
            <div className="check-row">
              <input
                id={`${id}-${t.value}`}
                type="radio"
                name={`${id}-type`}
                checked={domainType === t.value}
                onChange={() => setDomainType(t.value)}
                aria-describedby={`${id}-${t.value}-desc`}
              />
              <label htmlFor={`${id}-${t.value}`}>{t.label}</label>
            </div>
            <p id={`${id}-${t.value}-desc`} className="hint">
              {t.description}
            </p>
          </div>
        ))}
      </fieldset>
      <div className="check-row spaced">
        <input
          id={`${id}-default`}
          type="checkbox"
          checked={makeDefault}
          disabled={domain.isDefault}
          onChange={(e) => setMakeDefault(e.target.checked)}
          aria-describedby={`${id}-default-hint`}
        />
        <label htmlFor={`${id}-default`}>Make this the default accepted domain</label>
      </div>
      <p id={`${id}-default-hint`} className="hint">
        {domain.isDefault
          ? 'This is the default accepted domain. To change that, make another domain the default: the flag moves to it.'
          : 'The current default accepted domain loses the flag.'}
      </p>
      {update.error ? <ErrorMessage error={update.error} title="The accepted domain was not saved" /> : null}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

export default function AcceptedDomainsPage() {
  usePageTitle('Accepted domains');
  const domains = useAcceptedDomains();
  const canWrite = useCan('domains:write');
  const remove = useDeleteAcceptedDomain();
  const [confirm, setConfirm] = useState<AcceptedDomainView | null>(null);
  const [editing, setEditing] = useState<AcceptedDomainView | null>(null);
  const [status, setStatus] = useState('');

  const list = [...(domains.data ?? [])].sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.domainName.localeCompare(b.domainName));

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Accepted domains</h1>
      <p className="muted">
        The SMTP domains this organization accepts mail for. Sending to a recipient in an accepted domain is not relay: it needs no
        ms-Exch-SMTP-Accept-Any-Recipient right on the receive connector.
      </p>

      {domains.isLoading ? <Loading label="Loading accepted domains…" /> : null}
      {domains.error ? <ErrorMessage error={domains.error} title="Accepted domains could not be loaded" retry={() => void domains.refetch()} /> : null}
      {domains.data && list.length === 0 ? <Empty>There are no accepted domains: every recipient would be relay.</Empty> : null}
      {remove.error ? <ErrorMessage error={remove.error} title="The accepted domain was not removed" /> : null}
      <p role="status" className="status-line">
        {status}
      </p>

      {list.length > 0 ? (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Accepted domains, {list.length}</caption>
            <thead>
              <tr>
                <th scope="col">Accepted domain</th>
                <th scope="col">Domain type</th>
                <th scope="col">Default</th>
                {canWrite ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <code>{d.domainName}</code>
                  </th>
                  <td>{typeLabel(d.domainType)}</td>
                  <td>{d.isDefault ? <Badge tone="info">Default</Badge> : <span className="muted">No</span>}</td>
                  {canWrite ? (
                    <td>
                      <div className="buttons">
                        <button
                          type="button"
                          onClick={() => {
                            remove.reset();
                            setEditing(d);
                          }}
                        >
                          Edit<span className="visually-hidden"> {d.domainName}</span>
                        </button>
                        <button
                          type="button"
                          onClick={() => {
                            remove.reset();
                            setConfirm(d);
                          }}
                          disabled={remove.isPending}
                        >
                          Remove<span className="visually-hidden"> {d.domainName}</span>
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

      {canWrite ? <NewDomainForm /> : null}

      <Modal open={editing !== null} title={`Edit ${editing?.domainName ?? ''}`} onClose={() => setEditing(null)} actions={null}>
        {editing ? (
          <EditDomainForm
            key={editing.id}
            domain={editing}
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
        title={`Remove ${confirm?.domainName ?? ''}?`}
        confirmLabel="Remove"
        danger
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const target = confirm;
          setConfirm(null);
          if (target)
            remove.mutate(target.id, {
              onSuccess: () => setStatus(`${target.domainName} was removed.`),
            });
        }}
      >
        <p>
          Mail for {confirm?.domainName} will no longer be accepted: recipients in it become relay, which anonymous sessions are refused with 550 5.7.1
          Unable to relay.
        </p>
      </ConfirmDialog>
    </section>
  );
}
