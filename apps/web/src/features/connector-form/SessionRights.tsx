import { RIGHT_CONSEQUENCES, type EffectivePermissions, type Provenance, type ReceiveRight } from '@cc/connector-engine';
import { RightName } from './PermissionGroupsField.tsx';

function source(p: Provenance): string {
  if (p.source.startsWith('PermissionGroup:')) return `${p.source.slice('PermissionGroup:'.length)} permission group (${p.user})`;
  if (p.source === 'Inherited' || p.inherited) return `inherited from the server (${p.user})`;
  return `explicit entry for ${p.user}`;
}

interface Props {
  title: string;
  description?: string;
  permissions: EffectivePermissions;
  /** Show the rights that are not granted too, with what the session cannot do without them. */
  showMissing?: boolean;
  testId?: string;
}

/** Which rights one kind of session holds, and which entry gave or removed each (engine provenance). */
export function SessionRights({ title, description, permissions, showMissing = false, testId }: Props) {
  const granted = permissions.rights.filter((r) => r.granted);
  const rows = showMissing ? permissions.rights : granted;
  return (
    <section className="session-rights" data-testid={testId} aria-label={title}>
      <h4>
        {title} <span className="muted small">({granted.length} of {permissions.rights.length} rights)</span>
      </h4>
      {description ? <p className="hint">{description}</p> : null}
      {rows.length === 0 ? (
        <p>
          <strong>No rights.</strong> This session cannot submit mail on this connector.
        </p>
      ) : (
        <table className="data compact">
          <thead>
            <tr>
              <th scope="col">Right</th>
              <th scope="col">Result</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.right} className={r.granted ? 'granted' : 'not-granted'}>
                <th scope="row">
                  <RightName right={r.right} />
                </th>
                <td>{r.granted ? 'Allowed' : r.deniedBy.length > 0 ? 'Denied' : 'Not granted'}</td>
                <td className="small">
                  {r.granted
                    ? `Allowed by the ${r.allowedBy.map(source).join('; ')}`
                    : r.deniedBy.length > 0
                      ? `Denied by the ${r.deniedBy.map(source).join('; ')}`
                      : RIGHT_CONSEQUENCES[r.right as ReceiveRight]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
