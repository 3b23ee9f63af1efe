/** One button of a table row: the visible label plus the row's name for screen readers ("Remove" + " contoso.com"). */
export interface RowAction {
  label: string;
  /** What the action applies to, read after the label by screen readers. */
  target: string;
  onClick: () => void;
  disabled?: boolean;
}

export function RowActions({ actions }: { actions: readonly RowAction[] }) {
  return (
    <div className="buttons">
      {actions.map((a) => (
        <button key={a.label} type="button" onClick={a.onClick} disabled={a.disabled}>
          {a.label}
          <span className="visually-hidden"> {a.target}</span>
        </button>
      ))}
    </div>
  );
}
