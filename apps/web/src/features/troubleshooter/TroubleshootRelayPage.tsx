import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { Server } from '@cc/connector-engine';
import { useConnectors, usePrincipals } from '../../api/hooks.ts';
import { useSimulation } from '../../api/helpdesk-hooks.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { useCan } from '../../app/session.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { applyBounce, endpointOf, parseBounce } from './bounce.ts';
import { ALL_ENDPOINTS, EMPTY_CASE, caseFromParams, caseProblems, caseToParams, toSimulateRequest } from './case.ts';
import { CaseForm, type FormErrors } from './CaseForm.tsx';
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
  const [errors, setErrors] = useState<FormErrors>({});
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

  const f = (name: string) => `${id}-${name}`;
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

      <CaseForm
        form={form}
        errors={errors}
        set={set}
        servers={servers}
        server={server}
        onServer={(name) => setForm((x) => ({ ...x, server: name, localEndpoint: '' }))}
        endpoints={endpoints}
        endpointsLoading={connectors.isLoading}
        users={users}
        formRef={formRef}
        onSubmit={submit}
        onClear={clear}
        onFill={fillFromBounce}
        resetKey={resetKey}
      />

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
