import type { ReactNode } from 'react';
import type { UseFormRegister } from 'react-hook-form';
import {
  ANONYMOUS_LOGON,
  EXTERNALLY_SECURED_RIGHTS,
  EXTERNALLY_SECURED_SERVERS,
  PERMISSION_GROUP_LABELS,
  USAGES,
  readPermissionGroups,
  usagePreset,
  validateConnectorDraft,
  type PermissionGroup,
  type Server,
  type ServerContext,
  type Usage,
} from '@cc/connector-engine';
import { describedBy, Field, FieldErrors } from '../../components/Field.tsx';
import { AUTH_SHORT, bindingLabel } from '../../lib/labels.ts';
import { SignInWarning } from '../connector-form/SignInWarning.tsx';
import { AuthenticationField, ClearedNotice } from '../connector-form/AuthenticationField.tsx';
import { BindingsEditor } from '../connector-form/BindingsEditor.tsx';
import {
  OPTION2_CHANGE,
  RELAY_RIGHT,
  SUBMIT_RIGHT,
  anonymousHolds,
  applyChange as applyAuthChange,
  counterIds,
  draftEntries,
  type AuthChoice,
  type ClearedOption,
  type RelayChoice,
} from '../connector-form/engine.ts';
import { PermissionGroupsField, RightName } from '../connector-form/PermissionGroupsField.tsx';
import { RemoteRangesEditor } from '../connector-form/RemoteRangesEditor.tsx';
import { toDraft, type WizardValues } from './model.ts';

export interface StepProps {
  values: WizardValues;
  server: Server;
  servers: Server[];
  domain: string;
  ctx: ServerContext;
  /** Messages for a field (`name`) or a whole list (`remoteIPRanges`), from the engine and the API. */
  errorsFor: (field: string) => string[];
  /** Messages per row of a list field, by row index. */
  rowErrorsFor: (field: 'bindings' | 'remoteIPRanges') => Map<number, string[]>;
  update: (next: WizardValues) => void;
  register: UseFormRegister<WizardValues>;
  notices: ClearedOption[];
  setNotices: (notices: ClearedOption[]) => void;
  goToStep: (id: 'groups' | 'authentication') => void;
}

const article = (word: string) => (/^[AEIOU]/i.test(word) ? 'An' : 'A');

function StepHeading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <>
      <h2 id="wizard-step-title" tabIndex={-1}>
        {title}
      </h2>
      {children ? <p className="muted">{children}</p> : null}
    </>
  );
}

function presetSummary(usage: Usage, role: Server['role']): string {
  const p = usagePreset(usage, role);
  const parts = [
    `Permission groups: ${p.permissionGroups.map((g) => PERMISSION_GROUP_LABELS[g]).join(', ') || 'none'}`,
    `Authentication: ${p.authMechanism.map((m) => AUTH_SHORT[m]).join(', ')}`,
    p.bindings.kind === 'preset' ? `Local addresses: ${p.bindings.value.map(bindingLabel).join(', ')} (fixed)` : 'Local addresses: you choose',
    p.remoteIPRanges.kind === 'preset' ? `Remote ranges: ${p.remoteIPRanges.value.join(', ')} (fixed)` : 'Remote ranges: you choose',
  ];
  if (p.domainSecureEnabled) parts.push('Domain Security (Mutual Auth TLS) on');
  return parts.join(' · ');
}

/** Keeps the relay choice consistent with authentication and groups after any change, saying what moved. */
export function reconcileRelay(values: WizardValues, ctx: ServerContext): { values: WizardValues; notice: ClearedOption | null } {
  const externallySecured = values.authMechanism.includes('ExternalAuthoritative');
  if (externallySecured && values.relay !== 'option1') return { values: { ...values, relay: 'option1' }, notice: null };
  // Option 1 is Externally Secured itself: the notice about clearing that option already says it.
  if (!externallySecured && values.relay === 'option1') return { values: { ...values, relay: 'none' }, notice: null };
  if (values.relay === 'option2') {
    const state = optionTwoState(values, ctx);
    if (!anonymousHolds(state, ctx, SUBMIT_RIGHT))
      return {
        values: { ...values, relay: 'none' },
        notice: {
          option: 'Tls',
          label: 'Relay permissions: Option 2',
          because: 'Anonymous sessions no longer hold ms-Exch-SMTP-Submit (the Anonymous users group is off), so the relay right alone would not let them send.',
        },
      };
  }
  return { values, notice: null };
}

function optionTwoState(values: WizardValues, ctx: ServerContext) {
  const built = validateConnectorDraft(toDraft(values), { ...ctx, newId: counterIds('probe') }).connector;
  const base = built ?? {
    id: 'draft',
    server: ctx.server.name,
    name: values.name,
    usage: values.usage,
    enabled: true,
    bindings: [],
    remoteIPRanges: [],
    authMechanism: values.authMechanism,
    fqdn: ctx.server.fqdn,
    banner: null,
    maxMessageSize: 10 * 1024 * 1024,
    maxRecipientsPerMessage: 200,
    sizeEnabled: 'Enabled' as const,
    requireTLS: false,
    domainSecureEnabled: values.domainSecureEnabled,
    protocolLoggingLevel: 'None' as const,
    comment: '',
    version: 1,
    entries: [],
  };
  return { ...base, entries: draftEntries(values.permissionGroups, ctx, 'option2') };
}

// ---- 1. Introduction --------------------------------------------------------------------------------------

export function IntroductionStep({ values, server, servers, errorsFor, register, onServer, onUsage }: StepProps & {
  onServer: (name: string) => void;
  onUsage: (usage: Usage) => void;
}) {
  const nameErrors = errorsFor('name');
  const usageErrors = errorsFor('usage');
  const serverErrors = errorsFor('server');
  return (
    <>
      <StepHeading title="Introduction">
        This wizard creates a new Receive connector. Name it and select the intended use; the intended use sets its starting
        permission groups and authentication, and cannot be changed later.
      </StepHeading>
      <Field id="wizard-name" label="Name:" error={nameErrors}>
        <input
          id="wizard-name"
          {...register('name')}
          autoComplete="off"
          maxLength={200}
          aria-invalid={nameErrors.length > 0 || undefined}
          aria-describedby={describedBy('wizard-name', { error: nameErrors.length > 0 })}
        />
      </Field>
      <Field id="wizard-server" label="Server:" error={serverErrors}>
        <select
          id="wizard-server"
          value={values.server}
          onChange={(e) => onServer(e.target.value)}
          aria-describedby={describedBy('wizard-server', { error: serverErrors.length > 0 })}
        >
          {servers.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} ({s.role === 'Edge' ? 'Edge Transport' : 'Hub Transport'}, {s.fqdn})
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="usage-list" aria-describedby={usageErrors.length > 0 ? 'wizard-usage-error' : undefined}>
        <legend>Select the intended use for this Receive connector:</legend>
        {USAGES.map((usage) => {
          const preset = usagePreset(usage, server.role);
          const unavailable = preset.hubOnly && server.role === 'Edge';
          const id = `wizard-usage-${usage}`;
          return (
            <div key={usage} className={`radio-option${unavailable ? ' is-disabled' : ''}`}>
              <div className="check-row">
                <input
                  type="radio"
                  id={id}
                  name="usage"
                  value={usage}
                  checked={values.usage === usage}
                  disabled={unavailable}
                  onChange={() => onUsage(usage)}
                  aria-describedby={`${id}-desc ${id}-preset`}
                />
                <label htmlFor={id}>{usage}</label>
              </div>
              <p id={`${id}-desc`} className="hint">
                {preset.description}
                {unavailable ? ' Not available on an Edge Transport server.' : ''}
              </p>
              <p id={`${id}-preset`} className="hint small">
                Presets — {presetSummary(usage, server.role)}
              </p>
            </div>
          );
        })}
        <FieldErrors id="wizard-usage-error" errors={usageErrors} />
      </fieldset>
    </>
  );
}

// ---- 2. Local network settings ----------------------------------------------------------------------------

export function LocalNetworkStep({ values, server, errorsFor, rowErrorsFor, update, register }: StepProps) {
  const preset = usagePreset(values.usage, server.role);
  const fixed = preset.bindings.kind === 'preset';
  const fqdnErrors = errorsFor('fqdn');
  return (
    <>
      <StepHeading title="Local network settings">
        The local IP addresses and ports this connector listens on, and the name it gives in reply to HELO or EHLO.
      </StepHeading>
      <BindingsEditor
        idPrefix="wizard-binding"
        server={server}
        rows={values.bindings}
        onChange={(bindings) => update({ ...values, bindings })}
        rowErrors={rowErrorsFor('bindings')}
        listErrors={errorsFor('bindings')}
        readOnly={fixed}
        readOnlyReason={
          fixed
            ? `${article(values.usage)} ${values.usage} connector always listens on ${preset.bindings.kind === 'preset' ? preset.bindings.value.map(bindingLabel).join(', ') : ''}. Choose the Custom intended use to pick the addresses yourself.`
            : undefined
        }
      />
      <Field
        id="wizard-fqdn"
        label="Specify the FQDN this connector will provide in response to HELO or EHLO:"
        hint={
          fixed
            ? `Preset to the server's FQDN (${server.fqdn}) for ${article(values.usage).toLowerCase()} ${values.usage} connector; change it later on the General tab if you must.`
            : `For example, mail.contoso.com. The default is the server's FQDN, ${server.fqdn}.`
        }
        error={fqdnErrors}
      >
        <input
          id="wizard-fqdn"
          {...register('fqdn')}
          readOnly={fixed}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={fqdnErrors.length > 0 || undefined}
          aria-describedby={describedBy('wizard-fqdn', { hint: true, error: fqdnErrors.length > 0 })}
        />
      </Field>
    </>
  );
}

// ---- 3. Remote network settings ---------------------------------------------------------------------------

export function RemoteNetworkStep({ values, server, errorsFor, rowErrorsFor, update }: StepProps) {
  const preset = usagePreset(values.usage, server.role);
  const fixed = preset.remoteIPRanges.kind === 'preset';
  return (
    <>
      <StepHeading title="Remote network settings">
        Only connections from these addresses use this connector. When several connectors match, the most specific range wins.
      </StepHeading>
      <RemoteRangesEditor
        idPrefix="wizard-range"
        values={values.remoteIPRanges.map((r) => r.value)}
        onChange={(list) => update({ ...values, remoteIPRanges: list.map((value) => ({ value })) })}
        rowErrors={rowErrorsFor('remoteIPRanges')}
        listErrors={errorsFor('remoteIPRanges')}
        readOnly={fixed}
        readOnlyReason={
          fixed
            ? `${article(values.usage)} ${values.usage} connector receives from every IPv4 address (${preset.remoteIPRanges.kind === 'preset' ? preset.remoteIPRanges.value.join(', ') : ''}). Choose the Custom intended use to scope the connector to particular hosts.`
            : undefined
        }
      />
    </>
  );
}

// ---- 4. Permission groups -----------------------------------------------------------------------------------

export function PermissionGroupsStep({ values, server, domain, ctx, errorsFor, update, notices, setNotices }: StepProps) {
  const toggle = (group: PermissionGroup, on: boolean) => {
    const groups = on ? [...values.permissionGroups.filter((g) => g !== group), group] : values.permissionGroups.filter((g) => g !== group);
    const before: AuthChoice = { authMechanism: values.authMechanism, domainSecureEnabled: values.domainSecureEnabled, requireTLS: false, groups: values.permissionGroups };
    const after: AuthChoice = { ...before, groups };
    const outcome = applyAuthChange(before, after, null);
    const next = { ...values, permissionGroups: groups, authMechanism: outcome.choice.authMechanism, domainSecureEnabled: outcome.choice.domainSecureEnabled };
    const relay = reconcileRelay(next, ctx);
    update(relay.values);
    setNotices([...outcome.cleared, ...(relay.notice ? [relay.notice] : [])]);
  };
  return (
    <>
      <StepHeading title="Permission groups">
        Each group writes permissions for its principals on this connector. Expand a group to see exactly what it grants.
      </StepHeading>
      <ClearedNotice cleared={notices} onDismiss={() => setNotices([])} />
      <SignInWarning groups={values.permissionGroups} authMechanism={values.authMechanism} />
      <PermissionGroupsField
        idPrefix="wizard-group"
        role={server.role}
        domain={domain}
        value={values.permissionGroups}
        onToggle={toggle}
        errors={errorsFor('permissionGroups')}
      />
    </>
  );
}

// ---- 5. Authentication ------------------------------------------------------------------------------------

export function AuthenticationStep({ values, ctx, errorsFor, update, notices, setNotices, goToStep }: StepProps) {
  const choice: AuthChoice = {
    authMechanism: values.authMechanism,
    domainSecureEnabled: values.domainSecureEnabled,
    requireTLS: false,
    groups: values.permissionGroups,
  };
  return (
    <>
      <StepHeading title="Authentication">
        Options that Exchange would refuse with the current choices are unavailable, with the reason next to them.
      </StepHeading>
      <ClearedNotice cleared={notices} onDismiss={() => setNotices([])} />
      <SignInWarning groups={values.permissionGroups} authMechanism={values.authMechanism} />
      <AuthenticationField
        idPrefix="wizard-auth"
        choice={choice}
        permissionGroupsLink={
          <button type="button" className="link-button" onClick={() => goToStep('groups')}>
            Go to the Permission groups step
          </button>
        }
        errors={[...errorsFor('authMechanism'), ...errorsFor('domainSecureEnabled')]}
        onChange={(next, cleared) => {
          const relay = reconcileRelay({ ...values, authMechanism: next.authMechanism, domainSecureEnabled: next.domainSecureEnabled }, ctx);
          update(relay.values);
          setNotices([...cleared, ...(relay.notice ? [relay.notice] : [])]);
        }}
      />
    </>
  );
}

// ---- 6. Relay permissions ---------------------------------------------------------------------------------

export function RelayStep({ values, ctx, update, goToStep, errorsFor }: StepProps) {
  const externallySecured = values.authMechanism.includes('ExternalAuthoritative');
  const hasServersGroup = values.permissionGroups.includes('ExchangeServers');
  const scope = values.remoteIPRanges.map((r) => r.value.trim()).filter(Boolean).join(', ') || '(no ranges yet)';
  const optionTwo = optionTwoState(values, ctx);
  const anonymousCanSubmit = anonymousHolds(optionTwo, ctx, SUBMIT_RIGHT);
  const optionTwoReadBack = readPermissionGroups(optionTwo.entries, ctx.server.role, ctx.domain);

  const reasons: Record<RelayChoice, ReactNode> = {
    none: externallySecured ? (
      <>
        Externally Secured is on, so every session is trusted and can relay. To choose otherwise, clear Externally Secured on the{' '}
        <button type="button" className="link-button" onClick={() => goToStep('authentication')}>
          Authentication step
        </button>
        .
      </>
    ) : null,
    option1: externallySecured ? null : (
      <>
        Option 1 needs{' '}
        {hasServersGroup ? null : (
          <>
            the Exchange servers permission group (
            <button type="button" className="link-button" onClick={() => goToStep('groups')}>
              Permission groups step
            </button>
            ), then{' '}
          </>
        )}
        Externally Secured (for example, with IPsec) on the{' '}
        <button type="button" className="link-button" onClick={() => goToStep('authentication')}>
          Authentication step
        </button>
        .
      </>
    ),
    option2: externallySecured ? (
      <>Externally Secured is on: every session has the Externally Secured Servers identity, so a right for ANONYMOUS LOGON would never be used.</>
    ) : !anonymousCanSubmit ? (
      <>
        Anonymous sessions would not hold ms-Exch-SMTP-Submit here, so they could not send at all. Turn on Anonymous users on the{' '}
        <button type="button" className="link-button" onClick={() => goToStep('groups')}>
          Permission groups step
        </button>{' '}
        first.
      </>
    ) : null,
  };

  const option = (value: RelayChoice, title: string, body: ReactNode) => {
    const id = `wizard-relay-${value}`;
    const reason = reasons[value];
    return (
      <div className={`radio-option${reason ? ' is-disabled' : ''}`}>
        <div className="check-row">
          <input
            type="radio"
            id={id}
            name="relay"
            value={value}
            checked={values.relay === value}
            // Unavailable, not disabled: it stays reachable by keyboard so its reason is read.
            aria-disabled={reason !== null || undefined}
            onChange={() => {
              if (reason === null) update({ ...values, relay: value });
            }}
            aria-describedby={`${id}-body${reason ? ` ${id}-reason` : ''}`}
          />
          <label htmlFor={id}>{title}</label>
        </div>
        <div id={`${id}-body`} className="option-body">
          {body}
        </div>
        {reason ? (
          <p id={`${id}-reason`} className="reason" data-testid={`reason-relay-${value}`}>
            <span className="visually-hidden">Unavailable: </span>
            {reason}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <>
      <StepHeading title="Relay permissions">
        Application servers and devices that must send to external recipients need relay: the right ms-Exch-SMTP-Accept-Any-Recipient.
        Choose how this connector grants it — done here, no shell step.
      </StepHeading>
      <fieldset className="relay-list">
        <legend>Relay for hosts in {scope}</legend>
        {option(
          'none',
          'No relay',
          <p>
            Nothing extra is granted. Hosts can send to your accepted domains only (within what the permission groups allow).
          </p>,
        )}
        {option(
          'option1',
          'Option 1: Externally Secured (for example, with IPsec)',
          <>
            <p>
              Every session from {scope} gets the identity <strong>{EXTERNALLY_SECURED_SERVERS}</strong>, which the Exchange servers
              group grants these {EXTERNALLY_SECURED_RIGHTS.length} rights:
            </p>
            <ul className="rights" data-testid="option1-rights">
              {EXTERNALLY_SECURED_RIGHTS.map((r) => (
                <li key={r}>
                  <RightName right={r} />
                </li>
              ))}
            </ul>
            <p className="hint">
              Relay, any sender, no antispam and no size limit: list only hosts on a network you secure yourself.
            </p>
          </>,
        )}
        {option(
          'option2',
          `Option 2: grant ${RELAY_RIGHT} to ${ANONYMOUS_LOGON}`,
          <>
            <p>
              Adds exactly one right for <strong>{OPTION2_CHANGE.user}</strong>: <RightName right={RELAY_RIGHT} />. Anonymous sessions
              keep what Anonymous users grants; antispam, size limits and sender checks still apply.
            </p>
            {anonymousCanSubmit ? (
              <p className="hint">
                Exchange will read the permission groups back as <strong>{optionTwoReadBack.join(', ')}</strong>.
              </p>
            ) : null}
          </>,
        )}
        <FieldErrors id="wizard-relay-error" errors={errorsFor('relay')} />
      </fieldset>
    </>
  );
}

