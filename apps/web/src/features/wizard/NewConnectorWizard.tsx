import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { validateConnectorDraft, type Problem, type Server, type Usage } from '@cc/connector-engine';
import { ApiError, isApiError, request } from '../../api/client.ts';
import {
  addPermission,
  createConnector,
  fetchConnector,
  keys,
  useConnectors,
  useDomain,
  useServerPermissions,
  validateConnector,
} from '../../api/hooks.ts';
import type { ValidateAnswer } from '../../api/types.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { StepRail } from '../../components/StepRail.tsx';
import { useHeadingFocus, usePageTitle } from '../../components/usePageTitle.ts';
import { formatDateTime } from '../../lib/format.ts';
import { OPTION2_CHANGE, counterIds, normalizeProblems, serverContext, type ClearedOption } from '../connector-form/engine.ts';
import type { WizardRelay } from './link.ts';
import {
  COMPLETION,
  REVIEW,
  STEPS,
  STEP_FIELDS,
  WizardSchema,
  applyServer,
  applyUsage,
  clearStored,
  defaultValues,
  loadStored,
  rangeRowIndexes,
  saveStored,
  stepIndex,
  stepOfProblem,
  toDraft,
  valuesFromDraft,
  type StoredWizard,
  type WizardValues,
} from './model.ts';
import { buildReview, CompletionStep, ReviewStep, type CompletionResult } from './Review.tsx';
import {
  AuthenticationStep,
  IntroductionStep,
  LocalNetworkStep,
  PermissionGroupsStep,
  RelayStep,
  RemoteNetworkStep,
  type StepProps,
} from './steps.tsx';

/** A conflict answered as an error body names its paths by code when it carries no details. */
function problemsFromError(e: ApiError): Problem[] {
  if (e.details.length > 0) return e.details.map((d) => ({ code: d.code, paths: d.path ? [d.path] : [], message: d.message }));
  const paths = e.code === 'NAME_TAKEN' ? ['name'] : e.status === 409 ? ['remoteIPRanges', 'bindings'] : [];
  return [{ code: e.code, paths, message: e.message }];
}

interface ServerCheck {
  key: string;
  answer: ValidateAnswer;
  problems: Problem[];
}

/** Decides where the wizard starts: a pre-filled draft, the draft kept in this tab, or a fresh one. */
function useInitialState(servers: Server[], preferred: string | null): StoredWizard & { resumed: boolean } {
  const [params] = useSearchParams();
  const location = useLocation();
  const [initial] = useState<StoredWizard & { resumed: boolean }>(() => {
    const relayParam = params.get('relay');
    const relay: WizardRelay | null = relayParam === 'option1' || relayParam === 'option2' || relayParam === 'none' ? relayParam : null;
    const routed = (location.state as { draft?: unknown; relay?: WizardRelay } | null) ?? null;
    const prefill = params.get('draft') ?? routed?.draft;
    if (prefill) {
      const values = valuesFromDraft(prefill, servers, relay ?? routed?.relay ?? null);
      if (values) return { values, step: 0, reachable: 0, resumed: false };
    }
    const stored = loadStored();
    if (stored && servers.some((s) => s.name === stored.values.server)) return { ...stored, resumed: true };
    const server = servers.find((s) => s.name.toLowerCase() === (params.get('server') ?? preferred ?? '').toLowerCase()) ?? servers[0] ?? null;
    return { values: defaultValues(server), step: 0, reachable: 0, resumed: false };
  });
  return initial;
}

export default function NewConnectorWizard() {
  usePageTitle('New Receive Connector');
  const { servers, serverName, isLoading, error } = useServerChoice();
  const domain = useDomain();
  if (isLoading || domain.isLoading) return <Loading label="Preparing the wizard…" />;
  if (error) return <ErrorMessage error={error} title="Servers could not be loaded" />;
  if (servers.length === 0)
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">New Receive Connector</h1>
        <Empty>There is no transport server to create a connector on. Add a server first.</Empty>
      </section>
    );
  return <Wizard servers={servers} preferred={serverName} domain={domain.domain} />;
}

function Wizard({ servers, preferred, domain }: { servers: Server[]; preferred: string | null; domain: string | null }) {
  useHeadingFocus();
  const initial = useInitialState(servers, preferred);
  const navigate = useNavigate();
  const location = useLocation();

  // A pre-filled draft is read once; from then on the tab's stored draft is the truth, so a reload keeps edits.
  useEffect(() => {
    const search = new URLSearchParams(location.search);
    if (!search.has('draft') && !(location.state as { draft?: unknown } | null)?.draft) return;
    search.delete('draft');
    search.delete('relay');
    const rest = search.toString();
    void navigate({ pathname: location.pathname, search: rest ? `?${rest}` : '' }, { replace: true, state: null });
  }, [location, navigate]);
  const qc = useQueryClient();
  const form = useForm<WizardValues>({ defaultValues: initial.values, resolver: zodResolver(WizardSchema), mode: 'onSubmit' });
  const { control, register, setValue, trigger, formState, getValues } = form;
  const values = useWatch({ control }) as WizardValues;
  const [step, setStep] = useState(initial.step);
  const [reachable, setReachable] = useState(initial.reachable);
  const [attempted, setAttempted] = useState<Set<number>>(() => new Set());
  const [notices, setNotices] = useState<ClearedOption[]>([]);
  const [serverCheck, setServerCheck] = useState<ServerCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [completion, setCompletion] = useState<CompletionResult | null>(null);
  const [retrying, setRetrying] = useState(false);
  const headingFocus = useRef(false);
  // How many problems the last Next found, said in the live region (the field itself gets focus).
  const [announced, setAnnounced] = useState(0);

  const server = servers.find((s) => s.name === values.server) ?? servers[0]!;
  const connectors = useConnectors(server.name);
  const inherited = useServerPermissions(server.name);
  const ctx = useMemo(
    () => serverContext(server, domain, connectors.data ?? [], inherited.data ?? []),
    [server, domain, connectors.data, inherited.data],
  );
  const draft = useMemo(() => toDraft(values), [values]);
  const draftKey = useMemo(() => JSON.stringify(draft), [draft]);
  const local = useMemo(() => validateConnectorDraft(draft, { ...ctx, newId: counterIds('local') }), [draft, ctx]);

  // A reload keeps the draft and the step (sessionStorage: this tab only, gone when it closes).
  useEffect(() => {
    if (step < COMPLETION) saveStored({ values, step, reachable });
  }, [values, step, reachable]);
  // A resumed draft says so, with the way back to a blank one.
  const [resumedFrom, setResumedFrom] = useState(initial.resumed ? (initial.startedAt ?? null) : null);
  const startOver = () => {
    clearStored();
    form.reset(defaultValues(server));
    setStep(0);
    setReachable(0);
    setAttempted(new Set());
    setNotices([]);
    setResumedFrom(null);
  };

  // The step heading takes focus when the step changes, so keyboard and screen-reader users start there.
  useEffect(() => {
    if (!headingFocus.current) {
      headingFocus.current = true;
      return;
    }
    document.getElementById('wizard-step-title')?.focus();
  }, [step]);

  const update = useCallback(
    (next: WizardValues) => {
      const current = getValues();
      for (const key of Object.keys(next) as (keyof WizardValues)[])
        if (JSON.stringify(next[key]) !== JSON.stringify(current[key])) setValue(key, next[key] as never, { shouldDirty: true });
    },
    [getValues, setValue],
  );

  const serverProblems = serverCheck && serverCheck.key === draftKey ? serverCheck.problems : [];
  const visibleProblems = useMemo(() => {
    const shownLocal = attempted.has(step) ? local.errors.filter((p) => stepOfProblem(p) === step) : [];
    // The server checks the whole draft; its findings about a step wait until the admin has tried to leave it.
    const shownServer = attempted.has(step) ? serverProblems.filter((p) => stepOfProblem(p) === step) : [];
    const all = [...shownLocal, ...shownServer];
    return all.filter((p, i) => all.findIndex((q) => q.code === p.code && q.message === p.message) === i);
  }, [attempted, step, local.errors, serverProblems]);

  const errorsFor = (field: string): string[] => {
    const messages = visibleProblems
      .filter((p) => p.paths.length > 1 ? p.paths.includes(field) && stepOfProblem(p) === stepIndex(fieldStep(field)) : p.paths[0] === field)
      .map((p) => p.message);
    const zodError = (formState.errors as Record<string, { message?: string } | undefined>)[field]?.message;
    if (zodError && messages.length === 0) messages.push(zodError);
    return messages;
  };
  const rowErrorsFor = (field: 'bindings' | 'remoteIPRanges'): Map<number, string[]> => {
    const rows = field === 'remoteIPRanges' ? rangeRowIndexes(values) : values.bindings.map((_, i) => i);
    const map = new Map<number, string[]>();
    for (const p of visibleProblems) {
      if (field === 'remoteIPRanges' && p.code === 'INVALID_RANGE') continue; // the live check already shows it
      for (const path of p.paths) {
        const match = new RegExp(`^${field}\\[(\\d+)\\]`).exec(path);
        if (!match) continue;
        const row = rows[Number(match[1])];
        if (row !== undefined) map.set(row, [...(map.get(row) ?? []), p.message]);
      }
    }
    return map;
  };

  /** `fresh`: ask again even for a draft already checked, since other admins may have changed the server meanwhile. */
  const checkOnServer = async (fresh = false): Promise<ServerCheck | null> => {
    if (!fresh && serverCheck && serverCheck.key === draftKey) return serverCheck;
    setChecking(true);
    setCheckError(null);
    try {
      const answer = await validateConnector(draft);
      const problems = normalizeProblems(answer.errors);
      const result = { key: draftKey, answer, problems };
      setServerCheck(result);
      return result;
    } catch (e) {
      if (isApiError(e) && (e.status === 409 || e.status === 422)) {
        const result = { key: draftKey, answer: { errors: [], warnings: [], findings: [], normalized: null }, problems: problemsFromError(e) };
        setServerCheck(result);
        return result;
      }
      setCheckError(e);
      return null;
    } finally {
      setChecking(false);
    }
  };

  /** Validates the steps from `from` up to and including `to`; returns the first failing step, or null. */
  const validateThrough = async (from: number, to: number): Promise<number | null> => {
    for (let s = from; s <= to; s++) {
      const fields = STEP_FIELDS[STEPS[s]!.id];
      if (fields.length > 0 && !(await trigger(fields))) return s;
    }
    // Names and bindings are checked against the server's connectors as they are now, not as they were when the
    // wizard opened: a connector removed elsewhere no longer blocks, one added elsewhere does.
    const current = await connectors.refetch();
    const now = current.data ? validateConnectorDraft(draft, { ...serverContext(server, domain, current.data, inherited.data ?? []), newId: counterIds('local') }) : local;
    const localBlocking = now.errors.filter((p) => stepOfProblem(p) <= to);
    if (localBlocking.length > 0) return Math.min(...localBlocking.map(stepOfProblem));
    const check = await checkOnServer(true);
    if (!check) return to;
    const serverBlocking = check.problems.filter((p) => stepOfProblem(p) <= to);
    if (serverBlocking.length > 0) return Math.min(...serverBlocking.map(stepOfProblem));
    return null;
  };

  const focusFirstError = () =>
    window.setTimeout(() => {
      setAnnounced(document.querySelectorAll('.wizard-body .field-error p').length);
      const target = document.querySelector<HTMLElement>('.wizard-body [aria-invalid="true"], .wizard-body .field-error');
      if (target) {
        if (target.matches('input, select, textarea')) target.focus();
        else target.scrollIntoView({ block: 'center' });
      }
    }, 0);

  const advanceTo = async (target: number) => {
    if (target <= step) {
      setStep(target);
      return;
    }
    const marks = new Set(attempted);
    for (let s = step; s < target; s++) marks.add(s);
    setAttempted(marks);
    const failing = await validateThrough(step, target - 1);
    if (failing !== null) {
      setStep(failing);
      focusFirstError();
      return;
    }
    setStep(target);
    setReachable((r) => Math.max(r, target));
  };

  const goToStep = (id: 'groups' | 'authentication') => setStep(stepIndex(id));

  const onServer = (name: string) => {
    const next = servers.find((s) => s.name === name);
    if (next) update(applyServer(getValues(), next));
  };
  const onUsage = (usage: Usage) => update(applyUsage(getValues(), usage, server));

  const review = useMemo(() => {
    if (step !== REVIEW || !serverCheck || serverCheck.key !== draftKey) return null;
    return buildReview(serverCheck.answer, serverCheck.problems, local.connector, ctx, values.relay);
  }, [step, serverCheck, draftKey, local.connector, ctx, values.relay]);

  // Entering the review (by Next or the rail) asks the server about exactly this draft.
  useEffect(() => {
    if (step === REVIEW && (!serverCheck || serverCheck.key !== draftKey) && !checking && !checkError) void checkOnServer();
  }, [step, draftKey]); // checkOnServer reads the same draft; re-running on its identity would loop

  const grantOption2 = async (id: string) => addPermission(id, OPTION2_CHANGE);

  const shellFor = async (id: string, fallback: string[]): Promise<string[]> => {
    try {
      const { data } = await request<string>(`/api/connectors/${encodeURIComponent(id)}/shell`);
      const lines = String(data).split(/\r?\n/).filter((l) => l.trim() !== '');
      return lines.length > 0 ? lines : fallback;
    } catch {
      return fallback;
    }
  };

  const create = async () => {
    if (!review || review.problems.length > 0) return;
    setCreating(true);
    setCreateError(null);
    const started = performance.now();
    try {
      let connector = await createConnector(draft);
      let permissionError: unknown = null;
      if (values.relay === 'option2') {
        try {
          await grantOption2(connector.id);
        } catch (e) {
          permissionError = e;
        }
      }
      connector = await fetchConnector(connector.id).then((r) => r.data).catch(() => connector);
      const commands = await shellFor(connector.id, review.commands);
      clearStored();
      await qc.invalidateQueries({ queryKey: keys.connectorsAll });
      void qc.invalidateQueries({ queryKey: keys.findings });
      setCompletion({ connector, commands, permissionError, elapsedMs: performance.now() - started });
      setStep(COMPLETION);
      setReachable(COMPLETION);
    } catch (e) {
      setCreateError(e);
      if (isApiError(e) && (e.status === 409 || e.status === 422)) setServerCheck({ key: draftKey, answer: serverCheck?.answer ?? { errors: [], warnings: [], findings: [], normalized: null }, problems: problemsFromError(e) });
    } finally {
      setCreating(false);
    }
  };

  const retryGrant = async () => {
    if (!completion) return;
    setRetrying(true);
    try {
      await grantOption2(completion.connector.id);
      const fresh = await fetchConnector(completion.connector.id);
      setCompletion({ ...completion, connector: fresh.data, permissionError: null, commands: await shellFor(fresh.data.id, completion.commands) });
      await qc.invalidateQueries({ queryKey: keys.connectorsAll });
    } catch (e) {
      setCompletion({ ...completion, permissionError: e });
    } finally {
      setRetrying(false);
    }
  };

  const stepProps: StepProps = {
    values,
    server,
    servers,
    domain: ctx.domain,
    ctx,
    errorsFor,
    rowErrorsFor,
    update: (next) => {
      update(next);
    },
    register,
    notices,
    setNotices,
    goToStep,
  };

  const id = STEPS[step]!.id;
  // Once saved, the connector is among the server's own, and checking the draft against it would flag itself.
  const invalidSteps =
    step === COMPLETION ? new Set<number>() : new Set<number>(local.errors.map(stepOfProblem).filter((s) => s < REVIEW && attempted.has(s)));
  const ownFields = STEP_FIELDS[id] as string[];
  const unplaced = visibleProblems.filter((p) => !p.paths.some((path) => ownFields.includes(path.replace(/\[.*$/, ''))));

  return (
    <section className="page wizard" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">New Receive Connector</h1>
        {step < COMPLETION ? (
          <button type="button" onClick={() => setConfirmCancel(true)}>
            Cancel
          </button>
        ) : null}
      </div>
      {resumedFrom !== null && step < COMPLETION ? (
        <p className="notice" data-testid="resumed-draft">
          Continuing your draft from {formatDateTime(resumedFrom)} —{' '}
          <button type="button" className="link-button" onClick={startOver}>
            Start over
          </button>
        </p>
      ) : null}
      <div className="wizard-layout">
        <StepRail
          steps={STEPS}
          current={step}
          reachable={step === COMPLETION ? -1 : Math.min(reachable, REVIEW)}
          invalid={invalidSteps}
          onSelect={(i) => {
            if (step === COMPLETION || i === COMPLETION) return;
            void advanceTo(i);
          }}
        />
        <form
          className="wizard-body"
          noValidate
          aria-labelledby="wizard-step-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (step === REVIEW) void create();
            else if (step < REVIEW) void advanceTo(step + 1);
          }}
        >
          <p role="status" className="visually-hidden" data-testid="wizard-announcement">
            {announced > 0 && visibleProblems.length > 0
              ? `${STEPS[step]!.title}: ${visibleProblems.length === 1 ? 'one problem' : `${visibleProblems.length} problems`} to fix before going on.`
              : ''}
          </p>
          {step < REVIEW && unplaced.length > 0 ? (
            <div className="error-box" role="alert">
              {unplaced.map((p, i) => (
                <p key={`${p.code}-${i}`}>{p.message}</p>
              ))}
            </div>
          ) : null}
          {id === 'introduction' ? <IntroductionStep {...stepProps} onServer={onServer} onUsage={onUsage} /> : null}
          {id === 'local' ? <LocalNetworkStep {...stepProps} /> : null}
          {id === 'remote' ? <RemoteNetworkStep {...stepProps} /> : null}
          {id === 'groups' ? <PermissionGroupsStep {...stepProps} /> : null}
          {id === 'authentication' ? <AuthenticationStep {...stepProps} /> : null}
          {id === 'relay' ? <RelayStep {...stepProps} /> : null}
          {id === 'review' ? (
            <ReviewStep
              model={review}
              ctx={ctx}
              loading={checking}
              error={checkError}
              retry={() => {
                setCheckError(null);
                void checkOnServer();
              }}
              goToStep={(i) => setStep(i)}
            />
          ) : null}
          {id === 'completion' && completion ? <CompletionStep result={completion} onRetryGrant={() => void retryGrant()} retrying={retrying} /> : null}

          {step < COMPLETION ? (
            <div className="wizard-actions">
              {checkError && step !== REVIEW ? <ErrorMessage error={checkError} title="The server could not check this step" /> : null}
              {createError ? <ErrorMessage error={createError} title="The connector was not created" /> : null}
              {createError && isApiError(createError) && createError.conflictsWith ? (
                <p>
                  Conflicting connector:{' '}
                  <Link to={`/connectors/${encodeURIComponent(createError.conflictsWith.id)}`}>{createError.conflictsWith.name}</Link>
                </p>
              ) : null}
              <div className="buttons">
                <button type="button" onClick={() => setStep(Math.max(0, step - 1))} disabled={step === 0 || checking || creating}>
                  Back
                </button>
                {step < REVIEW ? (
                  <button type="submit" className="primary" disabled={checking}>
                    {checking ? 'Checking…' : 'Next'}
                  </button>
                ) : (
                  <button type="submit" className="primary" disabled={creating || checking || !review || review.problems.length > 0}>
                    {creating ? 'Creating…' : 'New'}
                  </button>
                )}
              </div>
            </div>
          ) : null}
        </form>
      </div>
      <ConfirmDialog
        open={confirmCancel}
        title="Discard this new connector?"
        confirmLabel="Discard"
        cancelLabel="Keep editing"
        danger
        onCancel={() => setConfirmCancel(false)}
        onConfirm={() => {
          clearStored();
          setConfirmCancel(false);
          void navigate('/connectors');
        }}
      >
        <p>Everything entered in this wizard is lost. Nothing has been created.</p>
      </ConfirmDialog>
    </section>
  );
}

/** The step that owns a field, for problems that concern several fields. */
function fieldStep(field: string): (typeof STEPS)[number]['id'] {
  for (const s of STEPS) if ((STEP_FIELDS[s.id] as string[]).includes(field)) return s.id;
  return 'review';
}
