import type { Action, SessionAnswer } from '@cc/api-contract';
import { useSession } from '../api/hooks.ts';

/**
 * What the signed-in user may do, from the session's `abilities` (the API's permission catalogue), so the
 * browser never re-implements the role table. The API enforces the same list.
 */
export function useCan(action: Action): boolean {
  const session = useSession();
  return session.data?.abilities?.includes(action) ?? false;
}

export function useUser(): SessionAnswer['user'] | null {
  return useSession().data?.user ?? null;
}
