import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LogSession, LogSessionDetail, LogSummaries, LogUpload } from '@cc/api-contract';
import { getJson, query, request } from './client.ts';

export const PASTED_LOG_NAME = 'pasted excerpt.log';

/** Query-string filters of GET /api/logs/:id/sessions, as the URL carries them. */
export type SessionFilter = Partial<Record<'from' | 'to' | 'clientIp' | 'connector' | 'sender' | 'recipient' | 'replyCode' | 'outcome' | 'verdict', string>>;

const uploadsKey = ['logs'] as const;

export function useLogUploads() {
  return useQuery({ queryKey: uploadsKey, queryFn: ({ signal }) => getJson<LogUpload[]>('/api/logs', signal) });
}

export function useUploadLogs() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ files, pasted }: { files: File[]; pasted: string }) => {
      const form = new FormData();
      for (const file of files) form.append('files', file, file.name);
      if (pasted.trim() !== '') form.append('files', new Blob([pasted], { type: 'text/plain' }), PASTED_LOG_NAME);
      return (await request<LogUpload>('/api/logs', { method: 'POST', body: form })).data;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: uploadsKey }),
  });
}

export function useDeleteUpload() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await request<null>(`/api/logs/${encodeURIComponent(id)}`, { method: 'DELETE' })).data,
    onSettled: () => qc.invalidateQueries({ queryKey: uploadsKey }),
  });
}

export function useLogSessions(uploadId: string | null, filter: SessionFilter) {
  return useQuery({
    queryKey: [...uploadsKey, uploadId, 'sessions', filter],
    queryFn: ({ signal }) => getJson<{ total: number; sessions: LogSession[] }>(`/api/logs/${encodeURIComponent(uploadId!)}/sessions${query({ ...filter, limit: '200' })}`, signal),
    enabled: uploadId !== null,
    placeholderData: keepPreviousData,
  });
}

export function useLogSession(uploadId: string | null, sessionId: string | null) {
  return useQuery({
    queryKey: [...uploadsKey, uploadId, 'session', sessionId],
    queryFn: ({ signal }) => getJson<LogSessionDetail>(`/api/logs/${encodeURIComponent(uploadId!)}/sessions/${encodeURIComponent(sessionId!)}`, signal),
    enabled: uploadId !== null && sessionId !== null,
  });
}

export function useLogSummaries(uploadId: string | null) {
  return useQuery({
    queryKey: [...uploadsKey, uploadId, 'summaries'],
    queryFn: ({ signal }) => getJson<LogSummaries>(`/api/logs/${encodeURIComponent(uploadId!)}/summaries`, signal),
    enabled: uploadId !== null,
  });
}
