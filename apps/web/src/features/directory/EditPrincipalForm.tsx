import { useId, useState, type FormEvent } from 'react';
import { samePrincipal, type Principal } from '@cc/connector-engine';
import { useUpdatePrincipal } from '../../api/helpdesk-hooks.ts';
import { CheckboxGroup } from '../../components/CheckboxGroup.tsx';
import { Field } from '../../components/Field.tsx';
import { FormFooter } from '../../components/FormDialog.tsx';
import { StatusLine } from '../../components/QueryStates.tsx';
import { draftFor, patchFromDraft, type PrincipalEditDraft } from './principal-edit.ts';

type Stored = Principal & { id: string };

interface Props {
  principal: Stored;
  /** The directory's groups; the principal itself is left out of its own choices. */
  groups: readonly Stored[];
  onDone: (message: string) => void;
  onCancel: () => void;
}

const toggle = (list: readonly string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));

/** Ticking a current value removes it; values typed into the box are added. */
function RemovableList({ legend, values, removed, onChange }: { legend: string; values: readonly string[]; removed: readonly string[]; onChange: (removed: string[]) => void }) {
  if (values.length === 0) return null;
  return (
    <CheckboxGroup
      legend={legend}
      choices={values}
      isChecked={(v) => removed.includes(v)}
      onToggle={(v, on) => onChange(toggle(removed, v, on))}
      label={(v) => (
        <>
          Remove <code>{v}</code>
        </>
      )}
    />
  );
}

/**
 * Edits a directory user's or group's e-mail addresses, group memberships and Send-As. The API takes additions
 * and removals rather than whole lists, so a concurrent edit by another admin is kept, not overwritten.
 */
export function EditPrincipalForm({ principal, groups, onDone, onCancel }: Props) {
  const id = useId();
  const update = useUpdatePrincipal();
  const [draft, setDraft] = useState<PrincipalEditDraft>(() => draftFor(principal));
  const [errors, setErrors] = useState<Partial<Record<'emailAddresses' | 'memberOf' | 'sendAs', string[]>>>({});
  const [note, setNote] = useState('');
  const set = (change: Partial<PrincipalEditDraft>) => setDraft((d) => ({ ...d, ...change }));

  // Groups it may join, and any group it is in that the directory no longer lists (so it can still leave it).
  const choices = [
    ...groups.filter((g) => !samePrincipal(g.name, principal.name)).map((g) => g.name),
    ...principal.memberOf.filter((m) => !groups.some((g) => samePrincipal(g.name, m))),
  ];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { change, errors: found } = patchFromDraft(principal, draft);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setNote('');
      return;
    }
    if (!change) {
      setNote('Nothing to save: tick a value to remove, a group to join or leave, or type a value to add.');
      return;
    }
    setNote('');
    update.mutate({ id: principal.id, change }, { onSuccess: (p) => onDone(`${p.name} was saved.`) });
  };

  return (
    <form onSubmit={submit} noValidate>
      <RemovableList
        legend="Current e-mail addresses"
        values={principal.emailAddresses}
        removed={draft.removeAddresses}
        onChange={(removeAddresses) => set({ removeAddresses })}
      />
      <Field id={`${id}-emailAddresses`} label="Add e-mail addresses" hint="SMTP addresses, one a line." error={errors.emailAddresses}>
        {(control) => <textarea {...control} rows={2} value={draft.addAddresses} onChange={(e) => set({ addAddresses: e.target.value })} spellCheck={false} />}
      </Field>

      <CheckboxGroup
        legend="Member of"
        choices={choices}
        isChecked={(name) => draft.memberOf.some((m) => samePrincipal(m, name))}
        onToggle={(name, on) => set({ memberOf: on ? [...draft.memberOf, name] : draft.memberOf.filter((m) => !samePrincipal(m, name)) })}
        empty="There are no groups to join."
        error={errors.memberOf}
      />

      <RemovableList legend="Current Send-As" values={principal.sendAs} removed={draft.removeSendAs} onChange={(removeSendAs) => set({ removeSendAs })} />
      <Field id={`${id}-sendAs`} label="Add Send-As" hint="Addresses (or DOMAIN\name accounts) this principal may send as, one a line." error={errors.sendAs}>
        {(control) => <textarea {...control} rows={2} value={draft.addSendAs} onChange={(e) => set({ addSendAs: e.target.value })} spellCheck={false} />}
      </Field>

      <StatusLine message={note} />
      <FormFooter error={update.error} errorTitle={`${principal.name} was not saved`} submitLabel="Save" pendingLabel="Saving…" pending={update.isPending} onCancel={onCancel} />
    </form>
  );
}
