import { useId, useState, type FormEvent } from 'react';
import { samePrincipal, type Principal } from '@cc/connector-engine';
import { useUpdatePrincipal } from '../../api/helpdesk-hooks.ts';
import { Field, FieldErrors } from '../../components/Field.tsx';
import { ErrorMessage } from '../../components/States.tsx';
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
function RemovableList({ id, legend, values, removed, onChange }: { id: string; legend: string; values: readonly string[]; removed: readonly string[]; onChange: (removed: string[]) => void }) {
  if (values.length === 0) return null;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {values.map((v, i) => (
        <div key={v} className="check-row">
          <input id={`${id}-${i}`} type="checkbox" checked={removed.includes(v)} onChange={(e) => onChange(toggle(removed, v, e.target.checked))} />
          <label htmlFor={`${id}-${i}`}>
            Remove <code>{v}</code>
          </label>
        </div>
      ))}
    </fieldset>
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

  const described = (field: 'emailAddresses' | 'sendAs') => [`${id}-${field}-hint`, errors[field] ? `${id}-${field}-error` : null].filter(Boolean).join(' ');

  return (
    <form onSubmit={submit} noValidate>
      <RemovableList
        id={`${id}-remove-address`}
        legend="Current e-mail addresses"
        values={principal.emailAddresses}
        removed={draft.removeAddresses}
        onChange={(removeAddresses) => set({ removeAddresses })}
      />
      <Field id={`${id}-emailAddresses`} label="Add e-mail addresses" hint="SMTP addresses, one a line." error={errors.emailAddresses}>
        <textarea
          id={`${id}-emailAddresses`}
          rows={2}
          value={draft.addAddresses}
          onChange={(e) => set({ addAddresses: e.target.value })}
          aria-invalid={errors.emailAddresses ? true : undefined}
          aria-describedby={described('emailAddresses')}
          spellCheck={false}
        />
      </Field>

      <fieldset aria-describedby={errors.memberOf ? `${id}-memberOf-error` : undefined}>
        <legend>Member of</legend>
        {choices.length === 0 ? <p className="muted">There are no groups to join.</p> : null}
        {choices.map((name, i) => (
          <div key={name} className="check-row">
            <input
              id={`${id}-group-${i}`}
              type="checkbox"
              checked={draft.memberOf.some((m) => samePrincipal(m, name))}
              onChange={(e) => set({ memberOf: e.target.checked ? [...draft.memberOf, name] : draft.memberOf.filter((m) => !samePrincipal(m, name)) })}
            />
            <label htmlFor={`${id}-group-${i}`}>{name}</label>
          </div>
        ))}
        <FieldErrors id={`${id}-memberOf-error`} errors={errors.memberOf ?? []} />
      </fieldset>

      <RemovableList id={`${id}-remove-sendas`} legend="Current Send-As" values={principal.sendAs} removed={draft.removeSendAs} onChange={(removeSendAs) => set({ removeSendAs })} />
      <Field id={`${id}-sendAs`} label="Add Send-As" hint="Addresses (or DOMAIN\name accounts) this principal may send as, one a line." error={errors.sendAs}>
        <textarea
          id={`${id}-sendAs`}
          rows={2}
          value={draft.addSendAs}
          onChange={(e) => set({ addSendAs: e.target.value })}
          aria-invalid={errors.sendAs ? true : undefined}
          aria-describedby={described('sendAs')}
          spellCheck={false}
        />
      </Field>

      {update.error ? <ErrorMessage error={update.error} title={`${principal.name} was not saved`} /> : null}
      <p role="status" className="status-line">
        {note}
      </p>
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
