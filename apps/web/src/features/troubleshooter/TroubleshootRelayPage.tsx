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
import { normaliseAddress } from './addresses.ts';
import { applyBounce, endpointOf, parseBounce } from './bounce.ts';
import { BouncePaste } from './BouncePaste.tsx';
import { ALL_ENDPOINTS, EMPTY_CASE, caseFromParams, caseProblems, caseToParams, toSimulateRequest, type CaseProblems } from './case.ts';
import { EndpointsOverview } from './EndpointsOverview.tsx';
import { checkIp } from './ip-check.ts';
import { SIZE_KB, toCase, toForm, type FormState } from './form-state.ts';
import { SimulationAnswer } from './SimulationAnswer.tsx';
import './troubleshooter.css';

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
  const [errors, setErrors] = useState<CaseProblems & { sizeKb?: string }>({});
  // After a submit with mistakes, the old answer no longer belongs to what the form shows.
  const [blocked, setBlocked] = useState(false);
  const [resetKey, setResetKey] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const answerRef = useRef<HTMLHeadingElement>(null);
  // After "Run the case" the answer is below a long form: take keyboard and screen-reader users to it.
  const [jumpToAnswer, setJumpToAnswer] = useState(false);
  const id = useId();

  // Back, forward or a shared link: the form shows the case the URL holds, and what is wrong with it.
  const paramsKey = params.toString();
  useEffect(() => {
    const fromUrl = caseFromParams(new URLSearchParams(paramsKey));
    if (!fromUrl) return;
    setForm(toForm(fromUrl));
    setErrors(caseProblems(fromUrl, checkIp));
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

  const valid = submitted !== null && Object.keys(caseProblems(submitted, checkIp)).length === 0;
  const everyEndpoint = valid && submitted.localEndpoint === ALL_ENDPOINTS;
  const request = useMemo(() => (valid && !everyEndpoint ? toSimulateRequest(submitted) : null), [valid, everyEndpoint, submitted]);
  const simulation = useSimulation(request);
  const answerServer = servers.find((s) => s.name.toLowerCase() === submitted?.server.toLowerCase());
  const answerConnectors = useConnectors(answerServer?.name ?? null);
  const answerEndpoints = useMemo(
    () => endpointChoices(answerServer, (answerConnectors.data ?? []).flatMap((c) => c.bindings)),
    [answerServer, answerConnectors.data],
  );
  useEffect(() => {
    if (!jumpToAnswer || simulation.isFetching || (!simulation.data && !simulation.error && !everyEndpoint)) return;
    setJumpToAnswer(false);
    answerRef.current?.focus({ preventScroll: true });
    answerRef.current?.scrollIntoView?.({ block: 'start' });
  }, [jumpToAnswer, everyEndpoint, simulation.isFetching, simulation.data, simulation.error]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = toCase(form);
    const problems: typeof errors = caseProblems(next, checkIp);
    if (form.sizeKb.trim() !== '' && !SIZE_KB.test(form.sizeKb.trim())) problems.sizeKb = 'Enter the size in KB as a number, for example 2048.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      // Nothing invalid enters the URL; the old answer goes, and the first field to correct gets focus.
      setBlocked(true);
      window.setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    setBlocked(false);
    setParams(caseToParams(next));
    setJumpToAnswer(true);
  };

  const fillFromBounce = (text: string) => {
    const result = applyBounce(toCase(form), parseBounce(text), servers);
    const nextForm = toForm(result.next);
    // Keep what the agent typed where the bounce says nothing (recipients as typed, size).
    setForm({ ...nextForm, rcptText: result.next.rcptTo.length > 0 ? nextForm.rcptText : form.rcptText, sizeKb: form.sizeKb });
    return { filled: result.filled, missing: result.missing };
  };

  const clear = () => {
    setForm(toForm({ ...EMPTY_CASE, server: serverName ?? '' }));
    setErrors({});
    setBlocked(false);
    setResetKey((k) => k + 1);
    setParams(new URLSearchParams());
  };

  const showEndpoint = (endpoint: string) => {
    if (!submitted) return;
    setParams(caseToParams({ ...submitted, localEndpoint: endpoint }));
  };

  const endpointOptions = form.localEndpoint && form.localEndpoint !== ALL_ENDPOINTS && !endpoints.includes(form.localEndpoint) ? [form.localEndpoint, ...endpoints] : endpoints;
  const sender = normaliseAddress(form.mailFrom);
  const f = (name: string) => `${id}-${name}`;
  const invalid = (key: keyof typeof errors) => (errors[key] ? true : undefined);
  const describe = (key: keyof typeof errors, ...more: (string | false)[]) =>
    [...more.filter(Boolean), errors[key] ? `${f(key)}-error` : null].filter(Boolean).join(' ') || undefined;
  const hint = (key: string) => `${f(key)}-hint`;
  const status = blocked ? 'Correct the marked fields to run the case.' : simulation.isFetching ? 'Simulating…' : (simulation.data?.verdict ?? '');

  return (
    <section className="page troubleshooter" aria-labelledby="page-title">
      <h1 id="page-title">Troubleshoot relay</h1>
      <p className="muted">
        Describe the SMTP session that failed — or paste the bounce — to see which receive connector answers it, Exchange&apos;s exact replies, why,
        and how to fix it. This is a simulation of the stored configuration: nothing is sent to Exchange and nothing is changed.
      </p>

      {serversLoading ? <Loading label="Loading servers…" /> : null}
      {serversError ? <ErrorMessage error={serversError} title="Servers could not be loaded" /> : null}

      <form ref={formRef} className="case-form" onSubmit={submit} noValidate aria-labelledby={f('case-title')}>
        <h2 id={f('case-title')}>The case</h2>

        <BouncePaste onFill={fillFromBounce} resetKey={resetKey} />

        <fieldset>
          <legend>Connection</legend>
          <div className="case-grid">
            <Field id={f('server')} label="Server the client connects to" error={errors.server}>
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
              hint="The server's IP addresses on the ports its receive connectors bind; or every one of them, to compare."
              error={errors.localEndpoint}
            >
              <select
                id={f('localEndpoint')}
                className="mono"
                value={form.localEndpoint}
                onChange={(e) => set('localEndpoint', e.target.value)}
                aria-invalid={invalid('localEndpoint')}
                aria-describedby={describe('localEndpoint', hint('localEndpoint'))}
              >
                {endpointOptions.length === 0 ? <option value="">{connectors.isLoading ? 'Loading…' : 'No address'}</option> : null}
                {endpointOptions.map((e) => (
                  <option key={e} value={e}>
                    {e}
                  </option>
                ))}
                {endpointOptions.length > 1 ? <option value={ALL_ENDPOINTS}>Every endpoint (compare the answers)</option> : null}
              </select>
            </Field>
            <Field id={f('remoteIp')} label="Source IP address (the client)" hint="For example 10.0.0.50, the application server." error={errors.remoteIp}>
              <input
                id={f('remoteIp')}
                className="mono"
                value={form.remoteIp}
                onChange={(e) => set('remoteIp', e.target.value)}
                aria-invalid={invalid('remoteIp')}
                aria-describedby={describe('remoteIp', hint('remoteIp'))}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
          </div>
          <div className="check-row">
            <input id={f('tls')} type="checkbox" checked={form.tls} onChange={(e) => set('tls', e.target.checked)} />
            <label htmlFor={f('tls')}>The client starts TLS (STARTTLS)</label>
          </div>
        </fieldset>

        <fieldset>
          <legend>SMTP session</legend>
          <div className="case-grid">
            <Field id={f('signIn')} label="Signed-in user" hint="None means an anonymous session, as most devices and applications send.">
              <select id={f('signIn')} value={form.signIn} onChange={(e) => set('signIn', e.target.value)} aria-describedby={hint('signIn')}>
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
            <Field id={f('helo')} label="HELO/EHLO name" hint="Leave empty to send the client's address, e.g. [10.0.0.50]." error={errors.helo}>
              <input
                id={f('helo')}
                value={form.helo}
                onChange={(e) => set('helo', e.target.value)}
                aria-invalid={invalid('helo')}
                aria-describedby={describe('helo', hint('helo'))}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field
              id={f('mailFrom')}
              label="Sender (MAIL FROM)"
              hint="Leave empty for the null sender <>. A display name and angle brackets are removed."
              error={errors.mailFrom}
            >
              <input
                id={f('mailFrom')}
                value={form.mailFrom}
                onChange={(e) => set('mailFrom', e.target.value)}
                aria-invalid={invalid('mailFrom')}
                aria-describedby={describe('mailFrom', hint('mailFrom'), sender.removed !== null && f('mailFrom-note'))}
                autoComplete="off"
                spellCheck={false}
              />
              {sender.removed ? (
                <p id={f('mailFrom-note')} className="hint" data-testid="sender-note">
                  Sent as <code>MAIL FROM:&lt;{sender.address}&gt;</code>: {sender.removed} removed.
                </p>
              ) : null}
            </Field>
            <Field id={f('sizeKb')} label="Message size (KB)" hint="Optional; checked against the connector's maximum message size." error={errors.sizeKb}>
              <input
                id={f('sizeKb')}
                inputMode="decimal"
                value={form.sizeKb}
                onChange={(e) => set('sizeKb', e.target.value)}
                aria-invalid={invalid('sizeKb')}
                aria-describedby={describe('sizeKb', hint('sizeKb'))}
                autoComplete="off"
              />
            </Field>
          </div>
          <Field
            id={f('rcptTo')}
            label="Recipients (RCPT TO)"
            hint="One address a line; several are sent in order. Display names and angle brackets are removed."
            error={errors.rcptTo}
          >
            <textarea
              id={f('rcptTo')}
              rows={3}
              value={form.rcptText}
              onChange={(e) => set('rcptText', e.target.value)}
              aria-invalid={invalid('rcptTo')}
              aria-describedby={describe('rcptTo', hint('rcptTo'))}
              spellCheck={false}
            />
          </Field>
          <Field
            id={f('expectedReply')}
            label="Reply in the bounce"
            hint="Optional, e.g. 550 5.7.1 Unable to relay: the answer says whether the simulation gives the same."
            error={errors.expectedReply}
          >
            <input
              id={f('expectedReply')}
              className="mono"
              value={form.expectedReply}
              onChange={(e) => set('expectedReply', e.target.value)}
              aria-invalid={invalid('expectedReply')}
              aria-describedby={describe('expectedReply', hint('expectedReply'))}
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
          What Exchange would answer (simulation)
        </h2>
        <p className="muted small">Simulated from the configuration stored in the console, not tested against a live server.</p>
        <p role="status" aria-live="polite" className="visually-hidden">
          {status}
        </p>
        {blocked ? (
          <p className="muted">Correct the marked fields to run the case.</p>
        ) : (
          <>
            {!request && !everyEndpoint ? <p className="muted">Run a case to see the connector that answers it, the SMTP transcript and the fixes.</p> : null}
            {everyEndpoint ? <EndpointsOverview relayCase={submitted} endpoints={answerEndpoints} onChoose={showEndpoint} /> : null}
            {request && simulation.isLoading ? <Loading label="Simulating the SMTP session…" /> : null}
            {request && simulation.error ? (
              <ErrorMessage error={simulation.error} title="The case could not be simulated" retry={() => void simulation.refetch()} />
            ) : null}
            {request && submitted && simulation.data && !simulation.error ? (
              <>
                <SimulationAnswer relayCase={submitted} result={simulation.data} canAdmin={canAdmin} connectors={answerConnectors.data ?? []} />
                <p className="share">
                  <CopyButton text={typeof window === 'undefined' ? '' : window.location.href} label="Copy the link to this case" />
                </p>
              </>
            ) : null}
          </>
        )}
      </section>
    </section>
  );
}
