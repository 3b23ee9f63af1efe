import type { ReactNode } from 'react';
import { ANONYMOUS_LOGON, EXTERNALLY_SECURED_RIGHTS, EXTERNALLY_SECURED_SERVERS, readPermissionGroups } from '@cc/connector-engine';
import { FieldErrors } from '../../components/Field.tsx';
import { OPTION2_CHANGE, RELAY_RIGHT, SUBMIT_RIGHT, anonymousHolds, type RelayChoice } from '../connector-form/engine.ts';
import { RightName } from '../connector-form/PermissionGroupsField.tsx';
import { StepHeading, optionTwoState, type StepProps } from './step-common.tsx';
import { RelayOptionGains } from './RelayOptionGains.tsx';

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
            <RelayOptionGains />
            <p className="hint">List only hosts on a network you secure yourself.</p>
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
