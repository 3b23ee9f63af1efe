import { useId, useState, type FormEvent } from 'react';
import { RECEIVE_RIGHTS, RIGHT_DISPLAY_NAMES, permissionCommand } from '@cc/connector-engine';
import { ShellCommands } from '../../components/ShellCommands.tsx';

/** Add or remove rights for one principal on this connector, with the shell command it amounts to. */
export function RightsForm({
  mode,
  identity,
  principals,
  busy,
  onSubmit,
}: {
  mode: 'add' | 'remove';
  identity: string;
  principals: string[];
  busy: boolean;
  onSubmit: (change: { user: string; extendedRights: string[]; deny: boolean }) => Promise<boolean>;
}) {
  const id = useId();
  const [user, setUser] = useState(mode === 'remove' ? (principals[0] ?? '') : '');
  const [rights, setRights] = useState<string[]>([]);
  const [deny, setDeny] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const title = mode === 'add' ? 'Add a permission (Add-ADPermission)' : 'Remove rights (Remove-ADPermission)';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = [
      user.trim() === '' ? 'Choose or type a principal, for example NT AUTHORITY\\ANONYMOUS LOGON or CONTOSO\\alice.' : null,
      rights.length === 0 ? 'Select at least one extended right.' : null,
    ].filter((p): p is string => p !== null);
    setProblems(found);
    if (found.length > 0) return;
    if (await onSubmit({ user: user.trim(), extendedRights: rights, deny })) {
      setRights([]);
      if (mode === 'add') setUser('');
    }
  };
  return (
    <form className="rights-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{title}</h3>
      {problems.length > 0 ? (
        <div className="error-box" role="alert">
          {problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-user`}>Principal (user or group):</label>
        {mode === 'add' ? (
          <>
            <input id={`${id}-user`} list={`${id}-principals`} value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" />
            <datalist id={`${id}-principals`}>
              {principals.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </>
        ) : (
          <select id={`${id}-user`} value={user} onChange={(e) => setUser(e.target.value)}>
            {principals.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        )}
      </div>
      <fieldset>
        <legend>Extended rights</legend>
        <div className="rights-choices">
          {RECEIVE_RIGHTS.map((r) => (
            <div className="check-row" key={r}>
              <input
                type="checkbox"
                id={`${id}-${r}`}
                checked={rights.includes(r)}
                onChange={(e) => setRights(e.target.checked ? [...rights, r] : rights.filter((x) => x !== r))}
              />
              <label htmlFor={`${id}-${r}`}>
                <code>{r}</code> <span className="muted small">{RIGHT_DISPLAY_NAMES[r]}</span>
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <fieldset className="inline-radios">
        <legend>{mode === 'add' ? 'Allow or deny' : 'Which entries'}</legend>
        <div className="check-row">
          <input type="radio" id={`${id}-allow`} name={`${id}-deny`} checked={!deny} onChange={() => setDeny(false)} />
          <label htmlFor={`${id}-allow`}>Allow</label>
        </div>
        <div className="check-row">
          <input type="radio" id={`${id}-deny`} name={`${id}-deny`} checked={deny} onChange={() => setDeny(true)} />
          <label htmlFor={`${id}-deny`}>Deny</label>
        </div>
      </fieldset>
      {user.trim() && rights.length > 0 ? (
        <ShellCommands title="Equivalent command" commands={[permissionCommand(identity, mode === 'add' ? 'Add' : 'Remove', user.trim(), rights, deny)]} />
      ) : null}
      <button type="submit" className={mode === 'add' ? 'primary' : 'danger'} disabled={busy}>
        {mode === 'add' ? 'Add permission' : 'Remove rights'}
      </button>
    </form>
  );
}
