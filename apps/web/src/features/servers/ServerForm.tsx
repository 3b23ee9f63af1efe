import { useId, useState, type FormEvent } from 'react';
import { ServerSchema, type Server, type ServerRole } from '@cc/connector-engine';
import { useCreateServer, useReplaceServer } from '../../api/helpdesk-hooks.ts';
import { Field } from '../../components/Field.tsx';
import { FormFooter } from '../../components/FormDialog.tsx';
import { RadioGroup } from '../../components/RadioGroup.tsx';
import { issuesByField, lines } from '../../lib/form-issues.ts';

export const ROLE_LABEL: Record<ServerRole, string> = { HubTransport: 'Hub Transport', Edge: 'Edge Transport' };

interface ServerFormProps {
  /** The server being edited; null to create one. */
  editing: Server | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}

/** New-…Server in the console's terms (and its edit): name, FQDN, role and adapter addresses. */
export function ServerForm({ editing, onDone, onCancel }: ServerFormProps) {
  const id = useId();
  const create = useCreateServer();
  const replace = useReplaceServer();
  const [name, setName] = useState(editing?.name ?? '');
  const [fqdn, setFqdn] = useState(editing?.fqdn ?? '');
  const [role, setRole] = useState<ServerRole>(editing?.role ?? 'HubTransport');
  const [addresses, setAddresses] = useState((editing?.ipAddresses ?? []).join('\n'));
  const [defaults, setDefaults] = useState(true);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const mutation = editing ? replace : create;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = ServerSchema.safeParse({ name: name.trim(), fqdn: fqdn.trim(), role, ipAddresses: lines(addresses) });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    const onSuccess = (s: Server) => onDone(editing ? `${s.name} was saved.` : `${s.name} was added${defaults ? ' with its default receive connectors' : ''}.`);
    if (editing) replace.mutate({ name: editing.name, server: parsed.data }, { onSuccess });
    else create.mutate({ server: parsed.data, defaultConnectors: defaults }, { onSuccess });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Field id={`${id}-name`} label="Server name" hint={editing ? 'The name of an Exchange server cannot change.' : 'The NetBIOS name, for example HUB02.'} error={errors.name}>
        {(control) => <input {...control} value={name} readOnly={!!editing} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
      </Field>
      <Field id={`${id}-fqdn`} label="FQDN" hint="For example hub02.contoso.com." error={errors.fqdn}>
        {(control) => <input {...control} value={fqdn} onChange={(e) => setFqdn(e.target.value)} autoComplete="off" spellCheck={false} />}
      </Field>
      <RadioGroup
        legend="Server role"
        className="inline-radios"
        value={role}
        onChange={setRole}
        choices={(['HubTransport', 'Edge'] as const).map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
      />
      <Field id={`${id}-ips`} label="IP addresses" hint="The server's adapter addresses, one a line; bindings may only use these." error={errors.ipAddresses}>
        {(control) => <textarea {...control} rows={3} className="mono" value={addresses} onChange={(e) => setAddresses(e.target.value)} spellCheck={false} />}
      </Field>
      {!editing ? (
        <div className="check-row spaced">
          <input id={`${id}-defaults`} type="checkbox" checked={defaults} onChange={(e) => setDefaults(e.target.checked)} />
          <label htmlFor={`${id}-defaults`}>Create the default receive connectors, as Exchange setup does</label>
        </div>
      ) : null}
      <FormFooter
        error={mutation.error}
        errorTitle={editing ? 'The server was not saved' : 'The server was not added'}
        submitLabel={editing ? 'Save' : 'Add server'}
        pendingLabel={editing ? 'Saving…' : 'Adding…'}
        pending={mutation.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}
