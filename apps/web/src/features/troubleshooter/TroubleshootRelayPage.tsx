import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { Server } from '@cc/connector-engine';
import { useConnectors, usePrincipals } from '../../api/hooks.ts';
import { useSimulation } from '../../api/helpdesk-hooks.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { useCan } from '../../app/session.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { applyBounce, endpointOf, parseBounce } from './bounce.ts';
import { EMPTY_CASE, caseFromParams, caseToParams, missingFields, signInFromParam, signInToParam, toSimulateRequest, type RelayCase } from './case.ts';
import { SimulationAnswer } from './SimulationAnswer.tsx';
import { ClientCertificateFields } from './ClientCertificateFields.tsx';
import { RecipientFileInput } from './RecipientFileInput.tsx';
import './troubleshooter.css';

/** The form's own text state: recipients as typed (one a line) and the size in KB. */
interface FormState {
  server: string;
  localEndpoint: string;
  remoteIp: string;
  tls: boolean;
  signIn: string;
  helo: string;
  mailFrom: string;
  rcptText: string;
  sizeKb: string;
  expectedReply: string;
  certDomain: string;
  certValid: boolean;
  headersText: string;
}

function toForm(c: RelayCase): FormState {
  return {
    server: c.server,
    localEndpoint: c.localEndpoint,
    remoteIp: c.remoteIp,
    tls: c.tls,
    signIn: signInToParam(c.signIn),
    helo: c.helo,
    mailFrom: c.mailFrom,
    rcptText: c.rcptTo.join('\n'),
    sizeKb: c.messageSize === null ? '' : String(Math.round((c.messageSize / 1024) * 100) / 100),
    expectedReply: c.expectedReply,
    certDomain: c.certificate?.domain ?? '',
    certValid: c.certificate?.valid ?? true,
    headersText: c.headers.join('\n'),
  };
}

const SIZE_KB = /^\d{1,9}(\.\d{1,2})?$/;

function toCase(f: FormState): RelayCase {
  const size = f.sizeKb.trim();
  return {
    server: f.server,
    localEndpoint: f.localEndpoint,
    remoteIp: f.remoteIp.trim(),
    tls: f.tls,
    signIn: signInFromParam(f.signIn),
    helo: f.helo.trim(),
    mailFrom: f.mailFrom.trim(),
    rcptTo: f.rcptText
      .split(/[\n,;]+/)
      .map((r) => r.trim().replace(/^<(.*)>$/, '$1'))
      .filter((r) => r !== ''),
    messageSize: SIZE_KB.test(size) ? Math.round(Number(size) * 1024) : null,
    expectedReply: f.expectedReply.trim(),
    certificate: f.tls && f.certDomain.trim() !== '' ? { domain: f.certDomain.trim(), valid: f.certValid } : null,
    headers: f.headersText.split('\n').filter((h) => h.trim() !== ''),
  };
}

/** Every address of the server on every port its connectors bind: where a client can connect. */
export function endpointChoices(server: Server | undefined, bindings: readonly string[]): string[] {
  if (!server) return [];
  const ports = [...new Set(bindings.map((b) => Number(/:(\d+)$/.exec(b)?.[1])).filter((p) => Number.isInteger(p) && p > 0))].sort((a, b) => a - b);
  const list = ports.length > 0 ? ports : [25];
  return list.flatMap((port) => server.ipAddresses.map((ip) => endpointOf(ip, port)));
}

export default function TroubleshootRelayPage() {
  usePageTitle('Troubleshoot relay');
  const [params, setParams] = useSearchParams();
  const submitted = useMemo(() => caseFromParams(params), [params]);
  const { servers, serverName, isLoading: serversLoading, error: serversError } = useServerChoice();
  const canAdmin = useCan('connectors:write');

  const [form, setForm] = useState<FormState>(() => toForm(submitted ?? { ...EMPTY_CASE, server: serverName ?? '' }));
  const [errors, setErrors] = useState<ReturnType<typeof missingFields> & { sizeKb?: string }>({});
  const [bounceText, setBounceText] = useState('');
  const [bounceNote, setBounceNote] = useState<{ filled: string[]; missing: string[] } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const answerRef = useRef<HTMLHeadingElement>(null);
  // After "Run the case" the answer is below a long form: take keyboard and screen-reader users to it.
  const [jumpToAnswer, setJumpToAnswer] = useState(false);
  const id = useId();

  // Back, forward or a shared link: the form shows the case the URL holds.
  const paramsKey = params.toString();
  useEffect(() => {
    const fromUrl = caseFromParams(new URLSearchParams(paramsKey));
    if (fromUrl) setForm(toForm(fromUrl));
  }, [paramsKey]);

  // Until a server is chosen (servers load after the first render), take the header's.
  useEffect(() => {
    if (!form.server && serverName) setForm((f) => ({ ...f, server: serverName }));
  }, [form.server, serverName]);

  const server = servers.find((s) => s.name.toLowerCase() === form.server.toLowerCase());
  const connectors = useConnectors(server?.name ?? null);
  const principals = usePrincipals();
  const users = (principals.data ?? []).filter((p) => p.kind === 'user');
  const endpoints = useMemo(() => endpointChoices(server, (connectors.data ?? []).flatMap((c) => c.bindings)), [server, connectors.data]);

  // A new server, or connectors loaded: keep the endpoint if the server has it, else take its first one.
  useEffect(() => {
    if (endpoints.length > 0 && !form.localEndpoint) setForm((f) => ({ ...f, localEndpoint: endpoints[0]! }));
  }, [endpoints, form.localEndpoint]);

  const request = useMemo(() => {
    if (!submitted || Object.keys(missingFields(submitted)).length > 0) return null;
    return toSimulateRequest(submitted);
  }, [submitted]);
  const simulation = useSimulation(request);
  const answerServer = servers.find((s) => s.name.toLowerCase() === submitted?.server.toLowerCase())?.name ?? null;
  const answerConnectors = useConnectors(answerServer);
  useEffect(() => {
    if (!jumpToAnswer || simulation.isFetching || (!simulation.data && !simulation.error)) return;
    setJumpToAnswer(false);
    answerRef.current?.focus({ preventScroll: true });
    answerRef.current?.scrollIntoView?.({ block: 'start' });
  }, [jumpToAnswer, simulation.isFetching, simulation.data, simulation.error]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = toCase(form);
    const problems: typeof errors = { ...missingFields(next) };
    if (form.sizeKb.trim() !== '' && !SIZE_KB.test(form.sizeKb.trim())) problems.sizeKb = 'Enter the size in KB as a number, for example 2048.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      // Focus the first field that needs attention, in form order.
      const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      window.setTimeout(() => (formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? first)?.focus(), 0);
      return;
    }
    setParams(caseToParams(next));
    setJumpToAnswer(true);
  };

  const fillFromBounce = () => {
    const result = applyBounce(toCase(form), parseBounce(bounceText), servers);
    const nextForm = toForm(result.next);
    // Keep what the agent typed where the bounce says nothing (recipients as typed, size).
    setForm({ ...nextForm, rcptText: result.next.rcptTo.length > 0 ? nextForm.rcptText : form.rcptText, sizeKb: form.sizeKb });
    setBounceNote({ filled: result.filled, missing: result.missing });
  };

  const clear = () => {
    setForm(toForm({ ...EMPTY_CASE, server: serverName ?? '' }));
    setErrors({});
    setBounceText('');
    setBounceNote(null);
    setParams(new URLSearchParams());
  };

  const endpointOptions = form.localEndpoint && !endpoints.includes(form.localEndpoint) ? [form.localEndpoint, ...endpoints] : endpoints;
  const f = (name: string) => `${id}-${name}`;
  const invalid = (key: keyof typeof errors) => (errors[key] ? true : undefined);
  const describe = (key: keyof typeof errors, hint = false) =>
    [hint ? `${f(key)}-hint` : null, errors[key] ? `${f(key)}-error` : null].filter(Boolean).join(' ') || undefined;

  return (
    <section className="page troubleshooter" aria-labelledby="page-title">
      <h1 id="page-title">Troubleshoot relay</h1>
      <p className="muted">
        Describe the SMTP session that failed — or paste the bounce — to see which receive connector answers it, Exchange&apos;s exact replies, why,
        and how to fix it. Nothing is changed.
      </p>

      {serversLoading ? <Loading label="Loading servers…" /> : null}
      {serversError ? <ErrorMessage error={serversError} title="Servers could not be loaded" /> : null}

      <form ref={formRef} className="case-form" onSubmit={submit} noValidate aria-labelledby={f('case-title')}>
        <h2 id={f('case-title')}>The case</h2>

        <fieldset className="bounce">
          <legend>Paste the bounce</legend>
          <div className="field">
            <label htmlFor={f('bounce')}>Bounce or SMTP error text</label>
            <p id={f('bounce-hint')} className="hint">
              The non-delivery report (NDR), the DSN or the application&apos;s error message. Recipients, the sender, the server and client addresses
              and the reply code are filled in from it; check them before you run the case.
            </p>
            <textarea
              id={f('bounce')}
              rows={5}
              className="mono"
              value={bounceText}
              onChange={(e) => setBounceText(e.target.value)}
              aria-describedby={f('bounce-hint')}
              spellCheck={false}
            />
          </div>
          <div className="buttons">
            <button type="button" onClick={fillFromBounce} disabled={bounceText.trim() === ''}>
              Fill in from the bounce
            </button>
          </div>
          <div role="status" aria-live="polite" className="bounce-note">
            {bounceNote ? (
              <>
                <p>
                  {bounceNote.filled.length > 0 ? (
                    <>
                      <strong>Filled in:</strong> {bounceNote.filled.join('; ')}.
                    </>
                  ) : (
                    <strong>Nothing could be read from this text.</strong>
                  )}
                </p>
                {bounceNote.missing.length > 0 ? <p className="muted">Not in the text: {bounceNote.missing.join(', ')} — enter them below.</p> : null}
              </>
            ) : null}
          </div>
        </fieldset>

        <fieldset>
          <legend>Connection</legend>
          <div className="case-grid">
            <Field id={f('server')} label="Server" error={errors.server}>
              <select
                id={f('server')}
                value={server?.name ?? form.server}
                onChange={(e) => setForm((x) => ({ ...x, server: e.target.value, localEndpoint: '' }))}
                aria-invalid={invalid('server')}
                aria-describedby={describe('server')}
              >
                {!server ? <option value="">{servers.length === 0 ? 'No servers' : 'Choose a server'}</option> : null}
                {servers.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name} ({s.role === 'Edge' ? 'Edge Transport' : 'Hub Transport'})
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id={f('localEndpoint')}
              label="Local endpoint (address and port the client connects to)"
              hint="The server's IP addresses on the ports its receive connectors bind."
              error={errors.localEndpoint}
            >
              <select
                id={f('localEndpoint')}
                className="mono"
                value={form.localEndpoint}
                onChange={(e) => set('localEndpoint', e.target.value)}
                aria-invalid={invalid('localEndpoint')}
                aria-describedby={describe('localEndpoint', true)}
              >
                {endpointOptions.length === 0 ? <option value="">{connectors.isLoading ? 'Loading…' : 'No address'}</option> : null}
                {endpointOptions.map((e) => (
                  <option key={e} value={e}>
                    {e}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={f('remoteIp')} label="Source IP address (the client)" hint="For example 10.0.0.50, the application server." error={errors.remoteIp}>
              <input
                id={f('remoteIp')}
                className="mono"
                value={form.remoteIp}
                onChange={(e) => set('remoteIp', e.target.value)}
                aria-invalid={invalid('remoteIp')}
                aria-describedby={describe('remoteIp', true)}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
          </div>
          <div className="check-row">
            <input id={f('tls')} type="checkbox" checked={form.tls} onChange={(e) => set('tls', e.target.checked)} />
            <label htmlFor={f('tls')}>The client starts TLS (STARTTLS)</label>
          </div>
          {form.tls ? (
            <ClientCertificateFields value={form} onChange={(c) => setForm((x) => ({ ...x, certDomain: c.certDomain, certValid: c.certValid }))} />
          ) : null}
        </fieldset>

        <fieldset>
          <legend>SMTP session</legend>
          <div className="case-grid">
            <Field id={f('signIn')} label="Signed-in user" hint="None means an anonymous session, as most devices and applications send.">
              <select id={f('signIn')} value={form.signIn} onChange={(e) => set('signIn', e.target.value)} aria-describedby={`${f('signIn')}-hint`}>
                <option value="none">None (anonymous)</option>
                <option value="exchangeServer">An Exchange server (Exchange Server authentication)</option>
                {users.map((u) => (
                  <option key={u.id} value={`user:${u.name}`}>
                    {u.name}
                  </option>
                ))}
                {form.signIn.startsWith('user:') && !users.some((u) => `user:${u.name}` === form.signIn) ? (
                  <option value={form.signIn}>{form.signIn.slice(5)}</option>
                ) : null}
              </select>
            </Field>
            <Field id={f('helo')} label="HELO/EHLO name" hint="Leave empty to send the client's address, e.g. [10.0.0.50].">
              <input
                id={f('helo')}
                value={form.helo}
                onChange={(e) => set('helo', e.target.value)}
                aria-describedby={`${f('helo')}-hint`}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field id={f('mailFrom')} label="Sender (MAIL FROM)" hint="Leave empty for the null sender <>.">
              <input
                id={f('mailFrom')}
                type="email"
                value={form.mailFrom}
                onChange={(e) => set('mailFrom', e.target.value)}
                aria-describedby={`${f('mailFrom')}-hint`}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field id={f('sizeKb')} label="Message size (KB)" hint="Optional; checked against the connector's maximum message size." error={errors.sizeKb}>
              <input
                id={f('sizeKb')}
                inputMode="decimal"
                value={form.sizeKb}
                onChange={(e) => set('sizeKb', e.target.value)}
                aria-invalid={invalid('sizeKb')}
                aria-describedby={describe('sizeKb', true)}
                autoComplete="off"
              />
            </Field>
          </div>
          <Field id={f('rcptTo')} label="Recipients (RCPT TO)" hint="One address a line (or paste a list); several are sent in order, up to 5,000." error={errors.rcptTo}>
            <textarea
              id={f('rcptTo')}
              rows={3}
              value={form.rcptText}
              onChange={(e) => set('rcptText', e.target.value)}
              aria-invalid={invalid('rcptTo')}
              aria-describedby={describe('rcptTo', true)}
              spellCheck={false}
            />
          </Field>
          <RecipientFileInput onLoad={(list) => set('rcptText', list.join('\n'))} />
          <Field
            id={f('headers')}
            label="Message headers (optional)"
            hint="One header a line, e.g. Received: from app01 or X-MS-Exchange-Organization-SCL: -1; the answer says which ones Exchange keeps."
          >
            <textarea
              id={f('headers')}
              rows={2}
              className="mono"
              value={form.headersText}
              onChange={(e) => set('headersText', e.target.value)}
              aria-describedby={`${f('headers')}-hint`}
              spellCheck={false}
            />
          </Field>
          <Field id={f('expectedReply')} label="Reply in the bounce" hint="Optional, e.g. 550 5.7.1 Unable to relay: the answer says whether the simulation gives the same.">
            <input
              id={f('expectedReply')}
              className="mono"
              value={form.expectedReply}
              onChange={(e) => set('expectedReply', e.target.value)}
              aria-describedby={`${f('expectedReply')}-hint`}
              autoComplete="off"
            />
          </Field>
        </fieldset>

        <div className="buttons">
          <button type="submit" className="primary">
            Run the case
          </button>
          <button type="button" onClick={clear}>
            Clear
          </button>
        </div>
      </form>

      <section className="answer" aria-labelledby={f('answer-title')} aria-busy={simulation.isFetching || undefined}>
        <h2 id={f('answer-title')} ref={answerRef} tabIndex={-1}>
          What Exchange answers
        </h2>
        <p role="status" aria-live="polite" className="visually-hidden">
          {simulation.isFetching ? 'Simulating…' : (simulation.data?.verdict ?? '')}
        </p>
        {!request ? <p className="muted">Run a case to see the connector that answers it, the SMTP transcript and the fixes.</p> : null}
        {request && simulation.isLoading ? <Loading label="Simulating the SMTP session…" /> : null}
        {simulation.error ? <ErrorMessage error={simulation.error} title="The case could not be simulated" retry={() => void simulation.refetch()} /> : null}
        {submitted && simulation.data && !simulation.error ? (
          <>
            <SimulationAnswer relayCase={submitted} result={simulation.data} canAdmin={canAdmin} connectors={answerConnectors.data ?? []} />
            <p className="share">
              <CopyButton text={typeof window === 'undefined' ? '' : window.location.href} label="Copy the link to this case" />
            </p>
          </>
        ) : null}
      </section>
    </section>
  );
}
