import { useId, type FormEvent, type RefObject } from 'react';
import type { Server } from '@cc/connector-engine';
import type { PrincipalView } from '@cc/api-contract';
import { Field } from '../../components/Field.tsx';
import { normaliseAddress } from './addresses.ts';
import { BouncePaste, type BounceNote } from './BouncePaste.tsx';
import { ALL_ENDPOINTS, type CaseProblems } from './case.ts';
import type { FormState } from './form-state.ts';
import { ClientCertificateFields } from './ClientCertificateFields.tsx';
import { RecipientFileInput } from './RecipientFileInput.tsx';

export type FormErrors = CaseProblems & { sizeKb?: string };

interface Props {
  form: FormState;
  errors: FormErrors;
  set: <K extends keyof FormState>(key: K, value: FormState[K]) => void;
  servers: readonly Server[];
  /** The chosen server, when it is one of `servers`. */
  server: Server | undefined;
  onServer: (name: string) => void;
  endpoints: readonly string[];
  endpointsLoading: boolean;
  users: readonly PrincipalView[];
  formRef: RefObject<HTMLFormElement | null>;
  onSubmit: (e: FormEvent) => void;
  onClear: () => void;
  onFill: (text: string) => BounceNote;
  resetKey: number;
}

/** The case: the pasted bounce, the connection, and the SMTP session, each field with its error line. */
export function CaseForm({ form, errors, set, servers, server, onServer, endpoints, endpointsLoading, users, formRef, onSubmit, onClear, onFill, resetKey }: Props) {
  const id = useId();
  const f = (name: keyof FormState) => `${id}-${name}`;
  const endpointOptions =
    form.localEndpoint && form.localEndpoint !== ALL_ENDPOINTS && !endpoints.includes(form.localEndpoint) ? [form.localEndpoint, ...endpoints] : endpoints;
  const sender = normaliseAddress(form.mailFrom);
  const userOption = form.signIn.startsWith('user:') && !users.some((u) => `user:${u.name}` === form.signIn) ? form.signIn : null;

  return (
    <form ref={formRef} className="case-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>The case</h2>

      <BouncePaste onFill={onFill} resetKey={resetKey} />

      <fieldset>
        <legend>Connection</legend>
        <div className="case-grid">
          <Field id={f('server')} label="Server the client connects to" error={errors.server}>
            {(control) => (
              <select {...control} value={server?.name ?? form.server} onChange={(e) => onServer(e.target.value)}>
                {!server ? <option value="">{servers.length === 0 ? 'No servers' : 'Choose a server'}</option> : null}
                {servers.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name} ({s.role === 'Edge' ? 'Edge Transport' : 'Hub Transport'})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id={f('localEndpoint')}
            label="Local endpoint (address and port the client connects to)"
            hint="The server's IP addresses on the ports its receive connectors bind; or every one of them, to compare."
            error={errors.localEndpoint}
          >
            {(control) => (
              <select {...control} className="mono" value={form.localEndpoint} onChange={(e) => set('localEndpoint', e.target.value)}>
                {endpointOptions.length === 0 ? <option value="">{endpointsLoading ? 'Loading…' : 'No address'}</option> : null}
                {endpointOptions.map((e) => (
                  <option key={e} value={e}>
                    {e}
                  </option>
                ))}
                {endpointOptions.length > 1 ? <option value={ALL_ENDPOINTS}>Every endpoint (compare the answers)</option> : null}
              </select>
            )}
          </Field>
          <Field id={f('remoteIp')} label="Source IP address (the client)" hint="For example 10.0.0.50, the application server." error={errors.remoteIp}>
            {(control) => (
              <input {...control} className="mono" value={form.remoteIp} onChange={(e) => set('remoteIp', e.target.value)} autoComplete="off" spellCheck={false} />
            )}
          </Field>
        </div>
        <div className="check-row">
          <input id={f('tls')} type="checkbox" checked={form.tls} onChange={(e) => set('tls', e.target.checked)} />
          <label htmlFor={f('tls')}>The client starts TLS (STARTTLS)</label>
        </div>
        {form.tls ? (
          <ClientCertificateFields
            value={form}
            onChange={(c) => {
              set('certDomain', c.certDomain);
              set('certValid', c.certValid);
            }}
          />
        ) : null}
      </fieldset>

      <fieldset>
        <legend>SMTP session</legend>
        <div className="case-grid">
          <Field id={f('signIn')} label="Signed-in user" hint="None means an anonymous session, as most devices and applications send.">
            {(control) => (
              <select {...control} value={form.signIn} onChange={(e) => set('signIn', e.target.value)}>
                <option value="none">None (anonymous)</option>
                <option value="exchangeServer">An Exchange server (Exchange Server authentication)</option>
                {users.map((u) => (
                  <option key={u.id} value={`user:${u.name}`}>
                    {u.name}
                  </option>
                ))}
                {userOption ? <option value={userOption}>{userOption.slice(5)}</option> : null}
              </select>
            )}
          </Field>
          <Field id={f('helo')} label="HELO/EHLO name" hint="Leave empty to send the client's address, e.g. [10.0.0.50]." error={errors.helo}>
            {(control) => <input {...control} value={form.helo} onChange={(e) => set('helo', e.target.value)} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field
            id={f('mailFrom')}
            label="Sender (MAIL FROM)"
            hint="Leave empty for the null sender <>. A display name and angle brackets are removed."
            error={errors.mailFrom}
            note={
              sender.removed
                ? {
                    id: f('mailFrom') + '-note',
                    text: (
                      <span data-testid="sender-note">
                        Sent as <code>MAIL FROM:&lt;{sender.address}&gt;</code>: {sender.removed} removed.
                      </span>
                    ),
                  }
                : null
            }
          >
            {(control) => <input {...control} value={form.mailFrom} onChange={(e) => set('mailFrom', e.target.value)} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field id={f('sizeKb')} label="Message size (KB)" hint="Optional; checked against the connector's maximum message size." error={errors.sizeKb}>
            {(control) => <input {...control} inputMode="decimal" value={form.sizeKb} onChange={(e) => set('sizeKb', e.target.value)} autoComplete="off" />}
          </Field>
        </div>
        <Field
          id={f('rcptText')}
          label="Recipients (RCPT TO)"
          hint="One address a line (or paste a list); several are sent in order, up to 5,000. Display names and angle brackets are removed."
          error={errors.rcptTo}
        >
          {(control) => <textarea {...control} rows={3} value={form.rcptText} onChange={(e) => set('rcptText', e.target.value)} spellCheck={false} />}
        </Field>
        <RecipientFileInput onLoad={(list) => set('rcptText', list.join('\n'))} />
        <Field
          id={f('headersText')}
          label="Message headers (optional)"
          hint="One header a line, e.g. Received: from app01 or X-MS-Exchange-Organization-SCL: -1; the answer says which ones Exchange keeps."
        >
          {(control) => <textarea {...control} rows={2} className="mono" value={form.headersText} onChange={(e) => set('headersText', e.target.value)} spellCheck={false} />}
        </Field>
        <Field
          id={f('expectedReply')}
          label="Reply in the bounce"
          hint="Optional, e.g. 550 5.7.1 Unable to relay: the answer says whether the simulation gives the same."
          error={errors.expectedReply}
        >
          {(control) => <input {...control} className="mono" value={form.expectedReply} onChange={(e) => set('expectedReply', e.target.value)} autoComplete="off" />}
        </Field>
      </fieldset>

      <div className="buttons">
        <button type="submit" className="primary">
          Run the case
        </button>
        <button type="button" onClick={onClear}>
          Clear
        </button>
      </div>
    </form>
  );
}
