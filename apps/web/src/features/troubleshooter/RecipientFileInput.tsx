import { useId, useState, type ChangeEvent } from 'react';
import { MAX_SIMULATION_LINES } from '@cc/connector-engine';
import { recipientsFromText } from './recipients.ts';

/** Reads a recipient list from a text or CSV file into the recipients box (up to the simulation's limit). */
export function RecipientFileInput({ onLoad }: { onLoad: (recipients: string[]) => void }) {
  const id = useId();
  const [note, setNote] = useState('');

  const read = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const { recipients, dropped } = recipientsFromText(await file.text());
    onLoad(recipients);
    setNote(
      recipients.length === 0
        ? `${file.name} holds no e-mail address.`
        : `${recipients.length} recipient(s) read from ${file.name}${dropped > 0 ? `; ${dropped} more were left out (at most ${MAX_SIMULATION_LINES} per simulation)` : ''}.`,
    );
  };

  return (
    <div className="field">
      <label htmlFor={id}>Or read the recipients from a file</label>
      <input id={id} type="file" accept=".txt,.csv,.tsv,text/plain,text/csv" onChange={(e) => void read(e)} aria-describedby={`${id}-note`} />
      <p id={`${id}-note`} aria-live="polite" className="hint">
        {note || `A text or CSV file, one address a line or in any column; up to ${MAX_SIMULATION_LINES} recipients.`}
      </p>
    </div>
  );
}
