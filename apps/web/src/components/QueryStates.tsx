import { useState, type ReactNode } from 'react';
import { ErrorMessage, Loading } from './States.tsx';

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  refetch: () => unknown;
}

interface QueryStatesProps<T> {
  query: QueryLike<T>;
  loadingLabel: string;
  errorTitle: string;
  children: (data: T) => ReactNode;
}

/** Loading, then the error with a retry, then the data: the same order on every page. */
export function QueryStates<T>({ query, loadingLabel, errorTitle, children }: QueryStatesProps<T>) {
  if (query.isLoading) return <Loading label={loadingLabel} />;
  if (query.error) return <ErrorMessage error={query.error} title={errorTitle} retry={() => void query.refetch()} />;
  if (query.data === undefined) return null;
  return <>{children(query.data)}</>;
}

/** The polite line that says what the last action did. */
export function StatusLine({ message }: { message: string }) {
  return (
    <p role="status" className="status-line">
      {message}
    </p>
  );
}

/** The last action's outcome, cleared together with the mutations' errors when a new action starts. */
export function useOutcome(...mutations: { reset: () => void }[]): { message: string; announce: (m: string) => void; clear: () => void } {
  const [message, setMessage] = useState('');
  return {
    message,
    announce: setMessage,
    clear: () => {
      setMessage('');
      for (const m of mutations) m.reset();
    },
  };
}
