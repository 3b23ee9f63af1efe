import { useId, useState, type FormEvent } from 'react';
import { AcceptedDomainSchema, type DomainType } from '@cc/connector-engine';
import type { AcceptedDomainPatchBody, AcceptedDomainView } from '@cc/api-contract';
import { useCreateAcceptedDomain, useUpdateAcceptedDomain } from '../../api/helpdesk-hooks.ts';
import { Field } from '../../components/Field.tsx';
import { FormDialog, FormFooter } from '../../components/FormDialog.tsx';
import { RadioGroup, type Choice } from '../../components/RadioGroup.tsx';
import { issuesByField } from '../../lib/form-issues.ts';

/** The Exchange 2007 New Accepted Domain wizard's words for each type. */
export const DOMAIN_TYPES: readonly Choice<DomainType>[] = [
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

export const typeLabel = (t: string) => String(DOMAIN_TYPES.find((d) => d.value === t)?.label ?? t);

function DomainTypeChoice({ value, onChange }: { value: DomainType; onChange: (t: DomainType) => void }) {
  return <RadioGroup legend="This accepted domain is" value={value} onChange={onChange} choices={DOMAIN_TYPES} />;
}

/** New-AcceptedDomain: name, type, and whether it becomes the default. */
export function NewDomainForm() {
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
        <Field id={`${id}-name`} label="Accepted domain" hint="For example contoso.com, or *.contoso.com for the domain and all its subdomains." error={errors.domainName}>
          {(control) => <input {...control} value={domainName} onChange={(e) => setDomainName(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <DomainTypeChoice value={domainType} onChange={setDomainType} />
        <div className="check-row spaced">
          <input id={`${id}-default`} type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
          <label htmlFor={`${id}-default`}>Make this the default accepted domain</label>
        </div>
        <FormFooter
          error={create.error}
          errorTitle="The accepted domain was not added"
          submitLabel="New accepted domain"
          pendingLabel="Adding…"
          pending={create.isPending}
          status={done}
        />
      </form>
    </section>
  );
}

/** Set-AcceptedDomain in a dialog: the type, and making this domain the default (never un-defaulting it). */
export function EditDomainDialog({ domain, onDone, onCancel }: { domain: AcceptedDomainView | null; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const update = useUpdateAcceptedDomain();
  const [shown, setShown] = useState<string | null>(null);
  const [domainType, setDomainType] = useState<DomainType>('Authoritative');
  const [makeDefault, setMakeDefault] = useState(false);
  // A newly opened domain starts from its own values (state adjusted while rendering, as React recommends).
  if (domain && domain.id !== shown) {
    setShown(domain.id);
    setDomainType(domain.domainType);
    setMakeDefault(domain.isDefault);
    update.reset();
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!domain) return;
    const change: AcceptedDomainPatchBody = {};
    if (domainType !== domain.domainType) change.domainType = domainType;
    if (makeDefault && !domain.isDefault) change.isDefault = true;
    if (Object.keys(change).length === 0) return onDone(`${domain.domainName} is unchanged.`);
    update.mutate({ id: domain.id, change }, { onSuccess: (d) => onDone(`${d.domainName} was saved${change.isDefault ? ' and is now the default accepted domain' : ''}.`) });
  };

  return (
    <FormDialog
      open={domain !== null}
      title={`Edit ${domain?.domainName ?? ''}`}
      onCancel={() => {
        setShown(null);
        onCancel();
      }}
      onSubmit={submit}
      submitLabel="Save"
      pendingLabel="Saving…"
      pending={update.isPending}
      error={update.error}
      errorTitle="The accepted domain was not saved"
    >
      <DomainTypeChoice value={domainType} onChange={setDomainType} />
      <div className="check-row spaced">
        <input
          id={`${id}-default`}
          type="checkbox"
          checked={makeDefault}
          disabled={domain?.isDefault}
          onChange={(e) => setMakeDefault(e.target.checked)}
          aria-describedby={`${id}-default-hint`}
        />
        <label htmlFor={`${id}-default`}>Make this the default accepted domain</label>
      </div>
      <p id={`${id}-default-hint`} className="hint">
        {domain?.isDefault
          ? 'This is the default accepted domain. To change that, make another domain the default: the flag moves to it.'
          : 'The current default accepted domain loses the flag.'}
      </p>
    </FormDialog>
  );
}
