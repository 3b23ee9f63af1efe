import type { ReactNode } from 'react';
import { FieldErrors } from '../../components/Field.tsx';
import { AUTH_OPTION_LABELS, disabledReason, setOption, type AuthChoice, type AuthOption, type ClearedOption } from './engine.ts';
import { NEEDS_PERMISSION_GROUP } from './way-forward.ts';

const HINTS: Partial<Record<AuthOption, string>> = {
  Tls: 'Offer STARTTLS; needs a certificate on the server.',
  domainSecureEnabled: 'Mutual TLS with partner domains (Domain Security).',
  BasicAuth: 'Sign in with a domain account (AUTH LOGIN).',
  BasicAuthRequireTLS: 'AUTH LOGIN is offered only inside TLS.',
  ExchangeServer: 'Server-to-server authentication between Exchange servers.',
  Integrated: 'NTLM and Kerberos.',
  ExternalAuthoritative:
    'No authentication: every session is trusted with the Externally Secured Servers identity. Use only for hosts on a network you secure yourself.',
};

interface Props {
  idPrefix: string;
  choice: AuthChoice;
  onChange: (choice: AuthChoice, cleared: ClearedOption[]) => void;
  errors?: string[];
  disabled?: boolean;
  /** Where the permission groups are set (the wizard's step, the properties' tab), linked from a reason that needs one. */
  permissionGroupsLink?: ReactNode;
}

/**
 * The Authentication page/tab. An option the rules would refuse is disabled with the reason next to it; turning
 * off an option others depend on clears them (the parent shows the notice it receives).
 */
export function AuthenticationField({ idPrefix, choice, onChange, errors = [], disabled = false, permissionGroupsLink }: Props) {
  const option = (o: AuthOption, child = false): ReactNode => {
    const id = `${idPrefix}-${o}`;
    const reason = disabledReason(choice, o);
    const checked = o === 'domainSecureEnabled' ? choice.domainSecureEnabled : choice.authMechanism.includes(o);
    return (
      <div className={`check-option${child ? ' child' : ''}${reason ? ' is-disabled' : ''}`} key={o}>
        <div className="check-row">
          <input
            id={id}
            type="checkbox"
            checked={checked}
            disabled={disabled}
            // Unavailable, not disabled: it stays in the tab order so keyboard users reach the reason.
            aria-disabled={reason !== null || undefined}
            aria-describedby={`${id}-hint${reason ? ` ${id}-reason` : ''}`}
            onChange={(e) => {
              if (reason) return;
              const { choice: next, cleared } = setOption(choice, o, e.target.checked);
              onChange(next, cleared);
            }}
          />
          <label htmlFor={id}>{AUTH_OPTION_LABELS[o]}</label>
        </div>
        <p id={`${id}-hint`} className="hint">
          {HINTS[o]}
        </p>
        {reason ? (
          <p id={`${id}-reason`} className="reason" data-testid={`reason-${o}`}>
            <span className="visually-hidden">Unavailable: </span>
            {reason.text}
            {permissionGroupsLink && reason.codes.includes(NEEDS_PERMISSION_GROUP) ? <> {permissionGroupsLink}</> : null}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <fieldset className="auth-list" aria-describedby={errors.length > 0 ? `${idPrefix}-error` : undefined}>
      <legend>Specify which security mechanisms are available for incoming connections</legend>
      {option('Tls')}
      {option('domainSecureEnabled', true)}
      {option('BasicAuth')}
      {option('BasicAuthRequireTLS', true)}
      {option('ExchangeServer')}
      {option('Integrated')}
      {option('ExternalAuthoritative')}
      <FieldErrors id={`${idPrefix}-error`} errors={errors} />
    </fieldset>
  );
}

export function ClearedNotice({ cleared, onDismiss }: { cleared: ClearedOption[]; onDismiss?: () => void }) {
  return (
    <div role="status" aria-live="polite" className="notice-region">
      {cleared.length > 0 ? (
        <div className="notice" data-testid="cleared-notice">
          {cleared.map((c) => (
            <p key={c.option}>
              <strong>{c.label} was cleared.</strong> {c.because}
            </p>
          ))}
          {onDismiss ? (
            <button type="button" className="link-button" onClick={onDismiss}>
              Dismiss
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
