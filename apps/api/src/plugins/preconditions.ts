import { AppError } from './errors.ts';

/** A connector's strong validator: its version. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * RFC 9110 §13.1.1 strong comparison: `W/"7"` never matches; `*` matches any existing resource. A missing
 * header on a required precondition is 428 (RFC 6585); a stale one is 412. Both carry the current ETag so the
 * client can re-read and retry.
 */
export function checkIfMatch(header: string | undefined, version: number, required: boolean): void {
  const current = etagOf(version);
  if (header === undefined || header.trim() === '') {
    if (!required) return;
    throw new AppError(428, 'PRECONDITION_REQUIRED', 'Send If-Match with the ETag from your last GET, so a change made meanwhile is not overwritten.', {
      headers: { ETag: current },
    });
  }
  const tags = header.split(',').map((t) => t.trim());
  if (tags.includes('*') || tags.includes(current)) return;
  throw staleError(version);
}

export const staleError = (version: number): AppError =>
  new AppError(412, 'PRECONDITION_FAILED', 'Someone changed this connector since you read it. Reload it, check the changes and try again.', {
    headers: { ETag: etagOf(version) },
  });
