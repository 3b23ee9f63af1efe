import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocation, useNavigate } from 'react-router';
import { validateConnectorDraft, type Server, type Usage } from '@cc/connector-engine';
import {
  useConnectors,
  useDomain,
  useServerPermissions,
} from '../../api/hooks.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { StepRail } from '../../components/StepRail.tsx';
import { useHeadingFocus, usePageTitle } from '../../components/usePageTitle.ts';
import { counterIds, serverContext, type ClearedOption } from '../connector-form/engine.ts';
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
  saveStored,
  stepIndex,
  stepOfProblem,
  toDraft,
  type WizardValues,
} from './model.ts';
import { useInitialState } from './initial-state.ts';
import { focusFirstProblem, useStepProblems } from './step-problems.ts';
import { useConnectorCreation } from './creation.ts';
import { NO_ANSWER, useServerCheck } from './server-check.ts';
import { DiscardDraftDialog, ResumedDraftNotice, WizardActions } from './WizardActions.tsx';
import { CompletionStep } from './CompletionStep.tsx';
import { buildReview, ReviewStep } from './Review.tsx';
import { AuthenticationStep, PermissionGroupsStep } from './access-steps.tsx';
import { IntroductionStep, LocalNetworkStep, RemoteNetworkStep } from './network-steps.tsx';
import { RelayStep } from './RelayStep.tsx';
import type { StepProps } from './step-common.tsx';

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
  const form = useForm<WizardValues>({ defaultValues: initial.values, resolver: zodResolver(WizardSchema), mode: 'onSubmit' });
  const { control, register, setValue, trigger, formState, getValues } = form;
  const values = useWatch({ control }) as WizardValues;
  const [step, setStep] = useState(initial.step);
  const [reachable, setReachable] = useState(initial.reachable);
  const [attempted, setAttempted] = useState<Set<number>>(() => new Set());
  const [notices, setNotices] = useState<ClearedOption[]>([]);
  const [confirmCancel, setConfirmCancel] = useState(false);
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
  const { serverCheck, setServerCheck, checking, checkError, setCheckError, checkOnServer } = useServerCheck(draft, draftKey);
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
  const { visibleProblems, errorsFor, rowErrorsFor } = useStepProblems({
    step,
    attempted,
    localProblems: local.errors,
    serverProblems,
    zodErrors: formState.errors as Record<string, { message?: string } | undefined>,
    values,
  });

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
      focusFirstProblem('.wizard-body', setAnnounced);
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

  const { creating, createError, completion, retrying, retryGrant, ...creation } = useConnectorCreation();
  const create = () => {
    if (!review || review.problems.length > 0) return;
    void creation.create(draft, values.relay, review.commands, {
      onCreated: () => {
        clearStored();
        setStep(COMPLETION);
        setReachable(COMPLETION);
      },
      onRefused: (problems) => setServerCheck({ key: draftKey, answer: serverCheck?.answer ?? NO_ANSWER, problems }),
    });
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
      {resumedFrom !== null && step < COMPLETION ? <ResumedDraftNotice startedAt={resumedFrom} onStartOver={startOver} /> : null}
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
            if (step === REVIEW) create();
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
            <WizardActions
              step={step}
              checking={checking}
              creating={creating}
              canCreate={!!review && review.problems.length === 0}
              checkError={step !== REVIEW ? checkError : null}
              createError={createError}
              onBack={() => setStep(Math.max(0, step - 1))}
            />
          ) : null}
        </form>
      </div>
      <DiscardDraftDialog
        open={confirmCancel}
        onKeep={() => setConfirmCancel(false)}
        onDiscard={() => {
          clearStored();
          setConfirmCancel(false);
          void navigate('/connectors');
        }}
      />
    </section>
  );
}
