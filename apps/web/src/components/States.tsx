import type { ReactNode } from 'react';
import { isApiError } from '../api/client.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** An error as the admin should read it: the API's message, its details, and how to retry. */
export function ErrorMessage({ error, title = 'Something went wrong', retry }: { error: unknown; title?: string; retry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const details = isApiError(error) ? error.details : [];
  return (
    <div className="error-box" role="alert">
      <p>
        <strong>{title}.</strong> {message}
      </p>
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            <li key={`${d.code}-${i}`}>
              {d.path ? <code>{d.path}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      )}
      {isApiError(error) && error.requestId ? <p className="muted small">Request id: {error.requestId}</p> : null}
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
