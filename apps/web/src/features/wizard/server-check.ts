import { useState } from 'react';
import type { ConnectorDraft, Problem } from '@cc/connector-engine';
import { isApiError, request, type ApiError } from '../../api/client.ts';
import { validateConnector } from '../../api/hooks.ts';
import type { ValidateAnswer } from '../../api/types.ts';
import { normalizeProblems } from '../connector-form/engine.ts';

/** A conflict answered as an error body names its paths by code when it carries no details. */
export function problemsFromError(e: ApiError): Problem[] {
  if (e.details.length > 0) return e.details.map((d) => ({ code: d.code, paths: d.path ? [d.path] : [], message: d.message }));
  const paths = e.code === 'NAME_TAKEN' ? ['name'] : e.status === 409 ? ['remoteIPRanges', 'bindings'] : [];
  return [{ code: e.code, paths, message: e.message }];
}

export interface ServerCheck {
  key: string;
  answer: ValidateAnswer;
  problems: Problem[];
}

/** What a refused check answers: the problems come from the error body. */
export const NO_ANSWER: ValidateAnswer = { errors: [], warnings: [], findings: [], normalized: null };

/** The API's check of exactly this draft (keyed by its JSON), kept until the draft changes. */
export function useServerCheck(draft: ConnectorDraft, draftKey: string) {
  const [serverCheck, setServerCheck] = useState<ServerCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>(null);
  /** `fresh`: ask again even for a draft already checked, since other admins may have changed the server meanwhile. */
  const checkOnServer = async (fresh = false): Promise<ServerCheck | null> => {
    if (!fresh && serverCheck && serverCheck.key === draftKey) return serverCheck;
    setChecking(true);
    setCheckError(null);
    try {
      const answer = await validateConnector(draft);
      const problems = normalizeProblems(answer.errors);
      const result = { key: draftKey, answer, problems };
      setServerCheck(result);
      return result;
    } catch (e) {
      if (isApiError(e) && (e.status === 409 || e.status === 422)) {
        const result = { key: draftKey, answer: NO_ANSWER, problems: problemsFromError(e) };
        setServerCheck(result);
        return result;
      }
      setCheckError(e);
      return null;
    } finally {
      setChecking(false);
    }
  };

  return { serverCheck, setServerCheck, checking, checkError, setCheckError, checkOnServer };
}

/** The shell commands the API records for a connector, or `fallback` when it cannot say. */
export async function connectorShell(id: string, fallback: string[]): Promise<string[]> {
  try {
    const { data } = await request<string>(`/api/connectors/${encodeURIComponent(id)}/shell`);
    const lines = String(data).split(/\r?\n/).filter((l) => l.trim() !== '');
    return lines.length > 0 ? lines : fallback;
  } catch {
    return fallback;
  }
}
