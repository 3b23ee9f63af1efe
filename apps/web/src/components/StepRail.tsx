export interface RailStep {
  id: string;
  title: string;
}

interface StepRailProps {
  steps: readonly RailStep[];
  current: number;
  /** Steps up to this index can be visited; later ones are locked until the ones before validate. */
  reachable: number;
  /** Steps whose data failed validation, marked so the admin sees where to go back to. */
  invalid?: ReadonlySet<number>;
  onSelect: (index: number) => void;
  label?: string;
}

/**
 * The wizard's visible step rail. Locked steps are disabled buttons (so they are announced but cannot be
 * jumped to); the current one carries aria-current="step".
 */
export function StepRail({ steps, current, reachable, invalid, onSelect, label = 'Wizard steps' }: StepRailProps) {
  return (
    <nav aria-label={label} className="step-rail">
      <ol>
        {steps.map((step, i) => {
          const state = i === current ? 'current' : i < current ? 'done' : i <= reachable ? 'open' : 'locked';
          const bad = invalid?.has(i) ?? false;
          return (
            <li key={step.id} className={`step step-${state}${bad ? ' step-invalid' : ''}`}>
              <button
                type="button"
                onClick={() => onSelect(i)}
                disabled={i > reachable}
                aria-current={i === current ? 'step' : undefined}
              >
                <span className="step-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="visually-hidden">Step {i + 1}: </span>
                <span className="step-title">{step.title}</span>
                {bad ? <span className="visually-hidden"> (needs attention)</span> : null}
                {i > reachable ? <span className="visually-hidden"> (locked)</span> : null}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
