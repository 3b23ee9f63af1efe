import { useId, useState, type FormEvent } from 'react';
import { useApplyImport, useImportHistory, usePreviewImport, type ImportUpload } from '../../api/import-hooks.ts';
import { useCan } from '../../app/session.ts';
import { Field } from '../../components/Field.tsx';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { QueryStates } from '../../components/QueryStates.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { ImportPreviewPanel, changeSummary } from './ImportPreviewPanel.tsx';
import './import.css';

const EMPTY_UPLOAD: ImportUpload = { files: [], pasted: '', identity: '' };

function CollectSection() {
  return (
    <section aria-labelledby="collect-title">
      <h2 id="collect-title">1. Collect from Exchange</h2>
      <p>
        Run the collection script in the Exchange Management Shell on an Exchange server (it works on Exchange 2007's PowerShell 1.0 and on later
        versions). It writes the servers, accepted domains, transport settings, receive connectors and their permission entries with Export-Clixml,
        plus a readable Format-List copy, and prints the folder it wrote to.
      </p>
      <p>
        <a className="button" href="/api/import/collector.ps1" download>
          Download the collection script
        </a>
      </p>
    </section>
  );
}

function UploadForm({ onPreview, busy }: { onPreview: (upload: ImportUpload) => void; busy: boolean }) {
  const id = useId();
  const [upload, setUpload] = useState<ImportUpload>(EMPTY_UPLOAD);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (upload.files.length === 0 && upload.pasted.trim() === '') {
      setError('Choose the collector’s files, or paste shell output or commands.');
      document.getElementById(`${id}-files`)?.focus();
      return;
    }
    setError(null);
    onPreview(upload);
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>2. Upload and preview</h2>
      <Field
        id={`${id}-files`}
        label="Files"
        hint="The collector's .xml files, Format-List text, an Exchange Management Shell script, or a console export (.json). Nothing changes until you apply."
        error={error}
      >
        <input
          id={`${id}-files`}
          type="file"
          multiple
          aria-describedby={`${id}-files-hint${error ? ` ${id}-files-error` : ''}`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setUpload({ ...upload, files: [...(e.target.files ?? [])] })}
        />
      </Field>
      <Field id={`${id}-paste`} label="Or paste" hint="Get-ReceiveConnector | Format-List output, Get-ADPermission output, or New-/Set-ReceiveConnector and Add-ADPermission commands.">
        <textarea id={`${id}-paste`} rows={8} value={upload.pasted} aria-describedby={`${id}-paste-hint`} onChange={(e) => setUpload({ ...upload, pasted: e.target.value })} />
      </Field>
      <Field id={`${id}-identity`} label="Connector of a pasted permission table (optional)" hint="A Format-Table User,ExtendedRights paste has no identity column: name its connector, as SERVER\Connector name.">
        <input id={`${id}-identity`} value={upload.identity} aria-describedby={`${id}-identity-hint`} onChange={(e) => setUpload({ ...upload, identity: e.target.value })} />
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Reading…' : 'Preview'}
      </button>
    </form>
  );
}

function ExportSection() {
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p>The whole organisation as an Exchange Management Shell script that recreates it, or as the console's JSON document (a backup this page imports back).</p>
      <p>
        <ExportLinks />
      </p>
    </section>
  );
}

function ImportHistory() {
  const history = useImportHistory();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Import history</h2>
      <QueryStates query={history} loadingLabel="Loading the import history…" errorTitle="The import history could not be loaded">
        {(records) => (
          <DataTable
            caption="Imports, newest first"
            rows={records}
            rowKey={(r) => r.id}
            empty="Nothing has been imported yet."
            columns={[
              { header: 'When', rowHeader: true, cell: (r) => <time dateTime={r.at}>{formatDateTime(r.at)}</time> },
              { header: 'Who', cell: (r) => r.actor },
              { header: 'Files', className: 'small', cell: (r) => r.sources.map((f) => `${f.file} (SHA-256 ${f.sha256.slice(0, 12)}…)`).join(', ') },
              { header: 'Changes', cell: (r) => r.changes },
            ]}
          />
        )}
      </QueryStates>
    </section>
  );
}

/** Collect → upload → review → apply, then export; help desk sees collection, export and history only. */
export default function ImportPage() {
  usePageTitle('Import and export');
  const canImport = useCan('organisation:import');
  const preview = usePreviewImport();
  const apply = useApplyImport();
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState('');

  const runPreview = (next: ImportUpload) => {
    setStatus('');
    apply.reset();
    setUpload(next);
    preview.mutate(next);
  };
  const runApply = () => {
    setConfirming(false);
    if (!upload || !preview.data) return;
    apply.mutate(
      { upload, planHash: preview.data.planHash },
      {
        onSuccess: (result) => {
          setStatus(`Applied ${result.changes} ${result.changes === 1 ? 'change' : 'changes'}; the audit log records each one with the files' SHA-256.`);
          preview.reset();
        },
      },
    );
  };

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Import and export</h1>
      <p className="muted">Bring a real Exchange organisation into the console, see what differs from what the console holds, and export it back as a script.</p>
      <CollectSection />
      {canImport ? <UploadForm onPreview={runPreview} busy={preview.isPending} /> : null}
      {preview.error ? <ErrorMessage error={preview.error} title="The files could not be imported" /> : null}
      {apply.error ? <ErrorMessage error={apply.error} title="The import was not applied" /> : null}
      <p role="status" className="status-line">
        {status}
      </p>
      {preview.data ? (
        <>
          <ImportPreviewPanel preview={preview.data} />
          {preview.data.changes.length > 0 ? (
            <button type="button" className="primary" onClick={() => setConfirming(true)} disabled={apply.isPending}>
              Apply {preview.data.changes.length} {preview.data.changes.length === 1 ? 'change' : 'changes'}
            </button>
          ) : null}
        </>
      ) : null}
      <ConfirmDialog open={confirming} title="Apply the import?" confirmLabel="Apply" onCancel={() => setConfirming(false)} onConfirm={runApply}>
        <p>{preview.data ? changeSummary(preview.data.changes) : ''} Everything is applied in one step, or nothing is.</p>
      </ConfirmDialog>
      <ExportSection />
      <ImportHistory />
    </section>
  );
}
