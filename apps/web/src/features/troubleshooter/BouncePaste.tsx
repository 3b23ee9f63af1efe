import { useId, useState } from 'react';

export interface BounceNote {
  filled: string[];
  missing: string[];
}

interface Props {
  /** Reads the text into the case and says what it took and what it could not find. */
  onFill: (text: string) => BounceNote;
  /** Changes when the case is cleared, so the pasted text and its note go too. */
  resetKey: number;
}

/** "Paste the bounce": the text box, the button and what was read from it. */
export function BouncePaste(props: Props) {
  return <BouncePasteFields key={props.resetKey} {...props} />;
}

function BouncePasteFields({ onFill }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [note, setNote] = useState<BounceNote | null>(null);
  return (
    <fieldset className="bounce">
      <legend>Paste the bounce</legend>
      <div className="field">
        <label htmlFor={`${id}-bounce`}>Bounce or SMTP error text</label>
        <p id={`${id}-hint`} className="hint">
          The non-delivery report (NDR), the DSN, a Postfix bounce, the application&apos;s error (System.Net.Mail, Send-MailMessage) or lines of
          the Exchange protocol log. Recipients, the sender, HELO, the server and client addresses and the reply are filled in from it; check them
          before you run the case.
        </p>
        <textarea
          id={`${id}-bounce`}
          rows={5}
          className="mono"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={`${id}-hint`}
          spellCheck={false}
        />
      </div>
      <div className="buttons">
        <button type="button" onClick={() => setNote(onFill(text))} disabled={text.trim() === ''}>
          Fill in from the bounce
        </button>
      </div>
      <div role="status" aria-live="polite" className="bounce-note">
        {note ? (
          <>
            <p>
              {note.filled.length > 0 ? (
                <>
                  <strong>Filled in:</strong> {note.filled.join('; ')}.
                </>
              ) : (
                <strong>Nothing could be read from this text.</strong>
              )}
            </p>
            {note.missing.length > 0 ? <p className="muted">Not in the text: {note.missing.join(', ')} — enter them below.</p> : null}
          </>
        ) : null}
      </div>
    </fieldset>
  );
}
