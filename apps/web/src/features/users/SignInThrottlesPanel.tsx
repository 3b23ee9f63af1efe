import { useState } from 'react';
import type { SignInThrottle } from '@cc/api-contract';
import { useClearThrottles, useSignInThrottles } from '../../api/throttle-hooks.ts';
import { Badge } from '../../components/Badge.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/format.ts';

const KIND_LABELS: Record<SignInThrottle['kind'], string> = {
  pair: 'Account from one address',
  address: 'Address, any account',
  account: 'Account, any address',
};

function subject(t: SignInThrottle): string {
  if (t.kind === 'pair') return `${t.account} from ${t.address}`;
  return (t.kind === 'address' ? t.address : t.account) ?? '';
}

/**
 * Failed sign-ins the console is counting, and what they block now: an admin can let a locked-out colleague
 * back in at once instead of waiting for the window to pass.
 */
export function SignInThrottlesPanel() {
  const throttles = useSignInThrottles();
  const clear = useClearThrottles();
  const [status, setStatus] = useState('');
  const list = throttles.data ?? [];

  const clearOne = (t: SignInThrottle) => {
    setStatus('');
    const match = { ...(t.account !== null ? { account: t.account } : {}), ...(t.address !== null ? { address: t.address } : {}) };
    clear.mutate(match, { onSuccess: ({ cleared }) => setStatus(`Cleared ${cleared === 1 ? 'the throttle' : `${cleared} throttles`} of ${subject(t)}.`) });
  };

  return (
    <section aria-labelledby="throttles-title">
      <h2 id="throttles-title">Sign-in throttles</h2>
      <p className="muted">
        Failed sign-ins are counted per account and address (5 in 15 minutes block that pair), per address (10), and per account from anywhere
        (after 20, sign-ins to it are slowed down with growing delays; addresses it signed in from before are exempt).
      </p>
      {throttles.isLoading ? <Loading label="Loading sign-in throttles…" /> : null}
      {throttles.error ? <ErrorMessage error={throttles.error} title="Sign-in throttles could not be loaded" retry={() => void throttles.refetch()} /> : null}
      {clear.error ? <ErrorMessage error={clear.error} title="The throttle was not cleared" /> : null}
      <p role="status" className="status-line">
        {status}
      </p>
      {throttles.data && list.length === 0 ? <Empty>No failed sign-ins are being counted.</Empty> : null}
      {list.length > 0 ? (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Sign-in throttles, {list.length}</caption>
            <thead>
              <tr>
                <th scope="col">Counted for</th>
                <th scope="col">Kind</th>
                <th scope="col">Failures</th>
                <th scope="col">Blocks sign-in until</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <tr key={`${t.kind}-${t.account ?? ''}-${t.address ?? ''}`}>
                  <th scope="row">{subject(t)}</th>
                  <td>{KIND_LABELS[t.kind]}</td>
                  <td>{t.failures}</td>
                  <td>
                    {t.blockedUntil ? (
                      <Badge tone="warn">
                        <time dateTime={t.blockedUntil}>{formatDateTime(t.blockedUntil)}</time>
                      </Badge>
                    ) : (
                      <span className="muted">Not blocked</span>
                    )}
                  </td>
                  <td>
                    <button type="button" onClick={() => clearOne(t)} disabled={clear.isPending}>
                      Clear<span className="visually-hidden"> the throttle of {subject(t)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
