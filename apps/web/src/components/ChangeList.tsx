import type { Change } from '../lib/connector-diff.ts';

/** A list of field changes: "Name: A → B", "+ 10.0.0.51", "− 10.0.0.50". */
export function ChangeList({ changes, empty = 'No changes.', testId }: { changes: Change[]; empty?: string; testId?: string }) {
  if (changes.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="changes" data-testid={testId}>
      {changes.map((c) => (
        <div key={c.field} className="change">
          <dt>{c.label}</dt>
          {c.kind === 'scalar' ? (
            <dd>
              <span className="before">{c.before}</span> <span aria-hidden="true">→</span>
              <span className="visually-hidden"> changed to </span> <span className="after">{c.after}</span>
            </dd>
          ) : (
            <dd>
              <ul className="plain">
                {c.added.map((v) => (
                  <li key={`+${v}`} className="added">
                    <span aria-hidden="true">+ </span>
                    <span className="visually-hidden">Added: </span>
                    <code>{v}</code>
                  </li>
                ))}
                {c.removed.map((v) => (
                  <li key={`-${v}`} className="removed">
                    <span aria-hidden="true">− </span>
                    <span className="visually-hidden">Removed: </span>
                    <code>{v}</code>
                  </li>
                ))}
              </ul>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}
