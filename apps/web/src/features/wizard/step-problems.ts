import { useMemo } from 'react';
import type { Problem } from '@cc/connector-engine';
import { rowErrorsFrom } from '../connector-form/engine.ts';
import { STEPS, STEP_FIELDS, rangeRowIndexes, stepIndex, stepOfProblem, type WizardValues } from './model.ts';

/** The step that owns a field, for problems that concern several fields. */
function fieldStep(field: string): (typeof STEPS)[number]['id'] {
  for (const s of STEPS) if ((STEP_FIELDS[s.id] as string[]).includes(field)) return s.id;
  return 'review';
}

interface Input {
  step: number;
  /** Steps the admin has tried to leave: only their problems are shown. */
  attempted: ReadonlySet<number>;
  localProblems: readonly Problem[];
  serverProblems: readonly Problem[];
  zodErrors: Record<string, { message?: string } | undefined>;
  values: WizardValues;
}

/** The problems the current step shows, once, by field and by list row. */
export function useStepProblems({ step, attempted, localProblems, serverProblems, zodErrors, values }: Input) {
  const visibleProblems = useMemo(() => {
    const shownLocal = attempted.has(step) ? localProblems.filter((p) => stepOfProblem(p) === step) : [];
    // The server checks the whole draft; its findings about a step wait until the admin has tried to leave it.
    const shownServer = attempted.has(step) ? serverProblems.filter((p) => stepOfProblem(p) === step) : [];
    const all = [...shownLocal, ...shownServer];
    return all.filter((p, i) => all.findIndex((q) => q.code === p.code && q.message === p.message) === i);
  }, [attempted, step, localProblems, serverProblems]);

  const errorsFor = (field: string): string[] => {
    const messages = visibleProblems
      .filter((p) => (p.paths.length > 1 ? p.paths.includes(field) && stepOfProblem(p) === stepIndex(fieldStep(field)) : p.paths[0] === field))
      .map((p) => p.message);
    const zodError = zodErrors[field]?.message;
    if (zodError && messages.length === 0) messages.push(zodError);
    return messages;
  };
  const rowErrorsFor = (field: 'bindings' | 'remoteIPRanges') =>
    rowErrorsFrom(visibleProblems, field, field === 'remoteIPRanges' ? rangeRowIndexes(values) : values.bindings.map((_, i) => i));

  return { visibleProblems, errorsFor, rowErrorsFor };
}

/** After a refused Next: focus the first invalid field (else show the first message) and count the messages to announce. */
export function focusFirstProblem(scope: string, announce: (count: number) => void): void {
  window.setTimeout(() => {
    announce(document.querySelectorAll(`${scope} .field-error p`).length);
    const target = document.querySelector<HTMLElement>(`${scope} [aria-invalid="true"], ${scope} .field-error`);
    if (!target) return;
    if (target.matches('input, select, textarea')) target.focus();
    else target.scrollIntoView({ block: 'center' });
  }, 0);
}
