import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExchangeProperties, ImportPreview, ImportRecord } from '@cc/api-contract';
import { getJson, request } from './client.ts';

export interface ImportUpload {
  files: File[];
  /** Pasted shell output or commands, sent as one more file. */
  pasted: string;
  /** The connector a pasted Format-Table User,ExtendedRights lists. */
  identity: string;
}

export const PASTED_FILE_NAME = 'pasted text';

function formOf(upload: ImportUpload, planHash?: string): FormData {
  const form = new FormData();
  if (planHash) form.append('planHash', planHash);
  if (upload.identity.trim() !== '') form.append(`identity:${PASTED_FILE_NAME}`, upload.identity.trim());
  for (const file of upload.files) form.append('files', file, file.name);
  if (upload.pasted.trim() !== '') form.append('files', new Blob([upload.pasted], { type: 'text/plain' }), PASTED_FILE_NAME);
  return form;
}

const historyKey = ['imports'] as const;

export function useImportHistory() {
  return useQuery({ queryKey: historyKey, queryFn: ({ signal }) => getJson<ImportRecord[]>('/api/imports', signal) });
}

/** Reads the files on the server and answers what applying would change; changes nothing. */
export function usePreviewImport() {
  return useMutation({
    mutationFn: async (upload: ImportUpload) => (await request<ImportPreview>('/api/import/preview', { method: 'POST', body: formOf(upload) })).data,
  });
}

/** Applies exactly the reviewed plan (the server refuses with 409 if it would now do something else). */
export function useApplyImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ upload, planHash }: { upload: ImportUpload; planHash: string }) =>
      (await request<{ importId: string; changes: number }>('/api/import/apply', { method: 'POST', body: formOf(upload, planHash) })).data,
    // Everything the console shows may have changed.
    onSettled: () => qc.invalidateQueries(),
  });
}

/** Download links of the console's exports (whole organisation, or one server). */
export const exportHref = (format: 'json' | 'ps1', server?: string): string =>
  `/api/export/organisation.${format}${server ? `?server=${encodeURIComponent(server)}` : ''}`;

export function useExchangeProperties(connectorId: string) {
  return useQuery({
    queryKey: ['connectors', 'one', connectorId, 'exchange-properties'],
    queryFn: ({ signal }) => getJson<ExchangeProperties>(`/api/connectors/${encodeURIComponent(connectorId)}/exchange-properties`, signal),
  });
}
