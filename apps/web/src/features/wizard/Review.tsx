import {
  AUTH_MECHANISM_LABELS,
  DOMAIN_SECURITY_LABEL,
  AUTHENTICATED_USERS,
  CONFLICT_CODES,
  permissionGroupLabel,
  addExplicitRights,
  connectorFindings,
  newConnectorCommands,
  readPermissionGroups,
  relaySummary,
  sessionPermissions,
  type ConnectorState,
  type Finding,
  type PermissionGroup,
  type Problem,
  type ServerContext,
} from '@cc/connector-engine';
import type { ValidateAnswer } from '../../api/types.ts';
import { SeverityBadge } from '../../components/Badge.tsx';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { ErrorMessage, Loading } from '../../components/States.tsx';
import { formatBytes, humanizeCode } from '../../lib/format.ts';
import { bindingLabel } from '../../lib/labels.ts';
import { OPTION2_CHANGE, counterIds, toState, type RelayChoice } from '../connector-form/engine.ts';
import { RightName } from '../connector-form/PermissionGroupsField.tsx';
import { RangeCounts } from '../connector-form/RangeCounts.tsx';
import { SessionRights } from '../connector-form/SessionRights.tsx';
import { STEPS, stepOfProblem } from './model.ts';


export interface ReviewModel {
  state: ConnectorState;
  readBack: string[];
  commands: string[];
  findings: Finding[];
  /** Rule violations and conflicts the server reported: creation is blocked while there are any. */
  problems: Problem[];
  conflicts: Problem[];
  option2Added: { user: string; rights: string[] } | null;
}

/**
 * What will be saved, from the server's `normalized` answer (the authority); the engine evaluates it for the
 * effective permissions, the findings and the shell commands. The local engine build only fills in the ACL
 * when the answer does not carry it.
 */
export function buildReview(
  answer: ValidateAnswer,
  problems: Problem[],
  local: ConnectorState | null,
  ctx: ServerContext,
  relay: RelayChoice,
): ReviewModel | null {
  const normalized = answer.normalized;
  // The answer carries no ACL; the same engine built it from the same draft, so the local build supplies it.
  const fields = normalized ? toState(normalized, local?.entries ?? []) : local;
  if (!fields) return null;
  const newId = counterIds('review');
  const entries = relay === 'option2' ? addExplicitRights(fields.entries, OPTION2_CHANGE, newId) : fields.entries;
  const state: ConnectorState = { ...fields, entries };
  const added = entries.filter((e) => !fields.entries.some((f) => f.id === e.id));
  const serverFindings = answer.findings ?? [];
  const engineFindings = connectorFindings(state, ctx);
  const findings = [...serverFindings, ...engineFindings.filter((f) => !serverFindings.some((s) => s.code === f.code))];
  return {
    state,
    readBack: readPermissionGroups(entries, ctx.server.role, ctx.domain),
    commands: newConnectorCommands(state, ctx),
    findings,
    problems,
    conflicts: problems.filter((p) => CONFLICT_CODES.has(p.code)),
    option2Added: added.length > 0 ? { user: added[0]!.user, rights: added.flatMap((e) => e.extendedRights) } : null,
  };
}

function Summary({ state, readBack }: { state: ConnectorState; readBack: string[] }) {
  const groupText = readBack.map((g) => permissionGroupLabel(g as PermissionGroup | 'Custom')).join(', ');
  return (
    <dl className="summary" data-testid="review-summary">
      <dt>Name</dt>
      <dd>{state.name}</dd>
      <dt>Server</dt>
      <dd>{state.server}</dd>
      <dt>Intended use</dt>
      <dd>{state.usage}</dd>
      <dt>Status</dt>
      <dd>{state.enabled ? 'Enabled' : 'Disabled'}</dd>
      <dt>Local IP addresses (Bindings)</dt>
      <dd>
        {state.bindings.map((b) => (
          <code key={b} className="chip">
            {bindingLabel(b)}
          </code>
        ))}
      </dd>
      <dt>Remote IP ranges (RemoteIPRanges)</dt>
      <dd>
        <RangeCounts ranges={state.remoteIPRanges} />
      </dd>
      <dt>FQDN for HELO/EHLO</dt>
      <dd>{state.fqdn}</dd>
      <dt>Authentication (AuthMechanism)</dt>
      <dd>
        {state.authMechanism.length > 0 ? state.authMechanism.map((m) => AUTH_MECHANISM_LABELS[m]).join('; ') : 'None'}
        {state.domainSecureEnabled ? `; ${DOMAIN_SECURITY_LABEL}` : ''}
      </dd>
      <dt>Permission groups, as Exchange will read them back</dt>
      <dd data-testid="review-permission-groups">{groupText || 'None'}</dd>
      <dt>Maximum message size</dt>
      <dd>{formatBytes(state.maxMessageSize)}</dd>
      <dt>Protocol logging level</dt>
      <dd>{state.protocolLoggingLevel}</dd>
    </dl>
  );
}

export function ReviewStep({
  model,
  ctx,
  loading,
  error,
  retry,
  goToStep,
}: {
  model: ReviewModel | null;
  ctx: ServerContext;
  loading: boolean;
  error: unknown;
  retry: () => void;
  goToStep: (index: number) => void;
}) {
  return (
    <>
      <h2 id="wizard-step-title" tabIndex={-1}>
        New connector
      </h2>
      <p className="muted">Check the connector as it will be saved, what each kind of session may do on it, and the commands. Then select New.</p>
      {loading ? <Loading label="The server is checking the connector…" /> : null}
      {error ? <ErrorMessage error={error} title="The server could not check the connector" retry={retry} /> : null}
      {model ? (
        <>
          {model.problems.length > 0 ? (
            <div className="error-box" role="alert" data-testid="review-problems">
              <p>
                <strong>The server refuses this connector.</strong> Fix these first:
              </p>
              <ul>
                {model.problems.map((p, i) => (
                  <li key={`${p.code}-${i}`}>
                    {p.message}{' '}
                    <button type="button" className="link-button" onClick={() => goToStep(Math.min(stepOfProblem(p), STEPS.length - 3))}>
                      Go to {STEPS[Math.min(stepOfProblem(p), STEPS.length - 3)]!.title}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          <section aria-labelledby="review-config">
            <h3 id="review-config">Configuration summary</h3>
            <Summary state={model.state} readBack={model.readBack} />
          </section>

          <section aria-labelledby="review-effective">
            <h3 id="review-effective">Effective permissions</h3>
            <p className="lead" data-testid="relay-summary">
              {relaySummary(model.state, ctx)}
            </p>
            {model.option2Added ? (
              <p className="notice" data-testid="option2-added">
                Option 2 adds exactly:{' '}
                {model.option2Added.rights.map((r) => (
                  <RightName key={r} right={r} />
                ))}{' '}
                for <strong>{model.option2Added.user}</strong>. Nothing else changes.
              </p>
            ) : null}
            <div className="rights-grid">
              <SessionRights
                title="Anonymous sessions (NT AUTHORITY\ANONYMOUS LOGON)"
                description={
                  model.state.authMechanism.includes('ExternalAuthoritative')
                    ? 'Not used on this connector: Externally Secured replaces the anonymous identity.'
                    : 'Hosts that connect without signing in.'
                }
                permissions={sessionPermissions(model.state, ctx, { kind: 'anonymous' })}
                testId="rights-anonymous"
              />
              <SessionRights
                title="Externally secured sessions (MS Exchange\Externally Secured Servers)"
                description={
                  model.state.authMechanism.includes('ExternalAuthoritative')
                    ? 'Every session on this connector has this identity, because it is Externally Secured.'
                    : 'No session gets this identity here: the connector is not Externally Secured.'
                }
                permissions={sessionPermissions(model.state, ctx, { kind: 'externallySecured' })}
                testId="rights-externally-secured"
              />
              <SessionRights
                title="Authenticated sessions (NT AUTHORITY\Authenticated Users)"
                description={
                  model.state.authMechanism.some((m) => m === 'BasicAuth' || m === 'Integrated')
                    ? 'Users who sign in with a domain account.'
                    : 'Nobody can sign in here: neither Basic nor Integrated Windows authentication is offered.'
                }
                permissions={sessionPermissions(model.state, ctx, { kind: 'user', name: AUTHENTICATED_USERS })}
                testId="rights-authenticated"
              />
            </div>
          </section>

          <section aria-labelledby="review-findings">
            <h3 id="review-findings">Findings</h3>
            {model.findings.length === 0 ? (
              <p>No risk findings.</p>
            ) : (
              <ul className="findings" data-testid="review-findings">
                {model.findings.map((f, i) => (
                  <li key={`${f.code}-${i}`}>
                    <SeverityBadge severity={f.severity}>{humanizeCode(f.code)}</SeverityBadge> {f.message} <span className="muted">Fix: {f.fix}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="review-conflicts">
            <h3 id="review-conflicts">Conflicts with other connectors</h3>
            {model.conflicts.length === 0 ? (
              <p>The server found no name, binding or range conflict on {model.state.server}.</p>
            ) : (
              <ul className="error-list" data-testid="review-conflicts">
                {model.conflicts.map((c, i) => (
                  <li key={i}>{c.message}</li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="review-shell">
            <h3 id="review-shell">Exchange Management Shell</h3>
            <ShellCommands commands={model.commands} title="The equivalent Exchange Management Shell commands" />
          </section>
        </>
      ) : null}
    </>
  );
}
