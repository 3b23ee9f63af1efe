import { useId, useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.tsx';

/** Files (RECV*.LOG, plain or .gz) and/or a pasted excerpt from a ticket. */
export function UploadLogsForm({ onUpload, busy }: { onUpload: (upload: { files: File[]; pasted: string }) => void; busy: boolean }) {
  const id = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (files.length === 0 && pasted.trim() === '') {
      setError('Choose RECV*.LOG files, or paste an excerpt of one.');
      document.getElementById(`${id}-files`)?.focus();
      return;
    }
    setError(null);
    onUpload({ files, pasted });
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Upload logs</h2>
      <Field
        id={`${id}-files`}
        label="Protocol log files"
        hint="RECV*.LOG from TransportRoles\Logs\ProtocolLog\SmtpReceive (plain or .gz). The files are read and not kept; only the sessions are stored."
        error={error}
      >
        {(control) => <input {...control} type="file" multiple accept=".log,.gz,.txt,text/plain" onChange={(e) => setFiles([...(e.target.files ?? [])])} />}
      </Field>
      <Field id={`${id}-pasted`} label="Or paste an excerpt" hint="Lines copied from a log or a ticket; a missing header or a lost * is fine.">
        {(control) => <textarea {...control} rows={5} value={pasted} onChange={(e) => setPasted(e.target.value)} />}
      </Field>
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Reading and replaying…' : 'Upload and replay'}
        </button>
      </div>
    </form>
  );
}
