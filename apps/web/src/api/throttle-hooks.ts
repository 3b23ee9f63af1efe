import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SignInThrottle } from '@cc/api-contract';
import { getJson, query, request } from './client.ts';

const throttlesKey = ['sign-in-throttles'] as const;

export function useSignInThrottles() {
  return useQuery({ queryKey: throttlesKey, queryFn: ({ signal }) => getJson<SignInThrottle[]>('/api/sign-in-throttles', signal) });
}

/** Clears what blocks an account and/or an address; the audit log records who did it. */
export function useClearThrottles() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (match: { account?: string; address?: string }) =>
      (await request<{ cleared: number }>(`/api/sign-in-throttles${query(match)}`, { method: 'DELETE' })).data,
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: throttlesKey }), qc.invalidateQueries({ queryKey: ['audit'] })]),
  });
}
