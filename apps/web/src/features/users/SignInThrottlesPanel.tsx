import { useState } from 'react';
import type { SignInThrottle } from '@cc/api-contract';
import { useClearThrottles, useSignInThrottles } from '../../api/throttle-hooks.ts';
import { Badge } from '../../components/Badge.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { QueryStates, StatusLine } from '../../components/QueryStates.tsx';
import { ErrorMessage } from '../../components/States.tsx';
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
      {clear.error ? <ErrorMessage error={clear.error} title="The throttle was not cleared" /> : null}
      <StatusLine message={status} />
      <QueryStates query={throttles} loadingLabel="Loading sign-in throttles…" errorTitle="Sign-in throttles could not be loaded">
        {(list) => (
          <DataTable
            caption={`Sign-in throttles, ${list.length}`}
            rows={list}
            rowKey={(t) => `${t.kind}-${t.account ?? ''}-${t.address ?? ''}`}
            empty="No failed sign-ins are being counted."
            columns={[
              { header: 'Counted for', rowHeader: true, cell: subject },
              { header: 'Kind', cell: (t) => KIND_LABELS[t.kind] },
              { header: 'Failures', cell: (t) => t.failures },
              {
                header: 'Blocks sign-in until',
                cell: (t) =>
                  t.blockedUntil ? (
                    <Badge tone="warn">
                      <time dateTime={t.blockedUntil}>{formatDateTime(t.blockedUntil)}</time>
                    </Badge>
                  ) : (
                    <span className="muted">Not blocked</span>
                  ),
              },
            ]}
            actions={(t) => [{ label: 'Clear', target: `the throttle of ${subject(t)}`, disabled: clear.isPending, onClick: () => clearOne(t) }]}
          />
        )}
      </QueryStates>
    </section>
  );
}
