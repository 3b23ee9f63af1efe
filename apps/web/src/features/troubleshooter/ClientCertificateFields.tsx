import { useId } from 'react';

export interface CertificateState {
  certDomain: string;
  certValid: boolean;
}

/**
 * The client certificate a domain-secured partner presents after STARTTLS (Domain Security, TLSReceiveDomainSecureList).
 * Shown only when the client starts TLS: without TLS there is no certificate to present.
 */
export function ClientCertificateFields({ value, onChange }: { value: CertificateState; onChange: (next: CertificateState) => void }) {
  const id = useId();
  return (
    <div className="case-grid">
      <div className="field">
        <label htmlFor={`${id}-domain`}>Client certificate for (partner domain)</label>
        <p id={`${id}-domain-hint`} className="hint">
          For a partner with Domain Security, e.g. partner.example. Leave empty when the client presents no certificate.
        </p>
        <input
          id={`${id}-domain`}
          value={value.certDomain}
          onChange={(e) => onChange({ ...value, certDomain: e.target.value })}
          aria-describedby={`${id}-domain-hint`}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="check-row">
        <input
          id={`${id}-valid`}
          type="checkbox"
          checked={value.certValid}
          disabled={value.certDomain.trim() === ''}
          onChange={(e) => onChange({ ...value, certValid: e.target.checked })}
        />
        <label htmlFor={`${id}-valid`}>The certificate validates (trusted issuer, not expired or revoked)</label>
      </div>
    </div>
  );
}
