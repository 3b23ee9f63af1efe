/** What is unsaved and where the problems are, with Discard and Save. */
export function SaveBar({ pendingTabs, errorTabs, dirty, onDiscard, onSave }: { pendingTabs: string[]; errorTabs: string[]; dirty: boolean; onDiscard: () => void; onSave: () => void }) {
  return (
    <div className="save-bar" role="region" aria-label="Unsaved changes">
      <p>
        {dirty ? <>Unsaved changes on: {pendingTabs.join(', ')}.</> : null} {errorTabs.length > 0 ? <strong>Problems on: {errorTabs.join(', ')}.</strong> : null}
      </p>
      <div className="buttons">
        <button type="button" onClick={onDiscard}>
          Discard changes
        </button>
        <button type="button" className="primary" onClick={onSave} disabled={!dirty}>
          Save changes…
        </button>
      </div>
    </div>
  );
}
