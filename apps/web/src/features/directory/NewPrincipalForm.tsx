import { useId, useState, type FormEvent } from 'react';
import { PrincipalSchema } from '@cc/connector-engine';
import type { PrincipalView } from '@cc/api-contract';
import { useCreatePrincipal } from '../../api/helpdesk-hooks.ts';
import { CheckboxGroup } from '../../components/CheckboxGroup.tsx';
import { Field } from '../../components/Field.tsx';
import { FormFooter } from '../../components/FormDialog.tsx';
import { RadioGroup } from '../../components/RadioGroup.tsx';
import { issuesByField, lines } from '../../lib/form-issues.ts';

type Stored = Extract<PrincipalView, { kind: 'user' | 'group' }>;

/** New-Mailbox / New-DistributionGroup in the console's terms: a directory user or group the rules can name. */
export function NewPrincipalForm({ groups, domain }: { groups: Stored[]; domain: string | null }) {
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

  return (
    <section aria-labelledby={`${id}-title`} className="org-form">
      <h2 id={`${id}-title`}>New user or group</h2>
      <form onSubmit={submit} noValidate>
        <RadioGroup
          legend="Kind"
          className="inline-radios"
          value={kind}
          onChange={setKind}
          choices={[
            { value: 'user', label: 'User' },
            { value: 'group', label: 'Group' },
          ]}
        />
        <Field id={`${id}-name`} label="Account name" hint="DOMAIN\name, for example CONTOSO\crm-app." error={errors.name}>
          {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field id={`${id}-emails`} label="E-mail addresses" hint="SMTP addresses, one a line." error={errors.emailAddresses}>
          {(control) => <textarea {...control} rows={2} value={emails} onChange={(e) => setEmails(e.target.value)} spellCheck={false} />}
        </Field>
        <CheckboxGroup
          legend="Member of"
          choices={groups.map((g) => g.name)}
          isChecked={(g) => memberOf.includes(g)}
          onToggle={(g, on) => setMemberOf((list) => (on ? [...list, g] : list.filter((x) => x !== g)))}
          empty="There are no groups yet."
          error={errors.memberOf}
        />
        <Field id={`${id}-sendAs`} label="Send-As" hint="Addresses or accounts this principal may send as, one a line." error={errors.sendAs}>
          {(control) => <textarea {...control} rows={2} value={sendAs} onChange={(e) => setSendAs(e.target.value)} spellCheck={false} />}
        </Field>
        <FormFooter
          error={create.error}
          errorTitle="The principal was not added"
          submitLabel={kind === 'user' ? 'Add user' : 'Add group'}
          pendingLabel="Adding…"
          pending={create.isPending}
          status={done}
        />
      </form>
    </section>
  );
}
