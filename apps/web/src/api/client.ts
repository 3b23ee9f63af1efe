import type { ErrorDetail } from '@cc/api-contract';

/**
 * The API's error answer `{ error: { code, message, details[] } }` with the HTTP status, so screens can show
 * the message and put each detail next to its field. A network failure is status 0.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly conflictsWith: { id: string; name: string } | undefined;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details: ErrorDetail[] = [],
    extra: { conflictsWith?: { id: string; name: string }; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.conflictsWith = extra.conflictsWith;
    this.requestId = extra.requestId;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/**
 * The CSRF token lives only in memory (never in storage a script injection could read later); after a reload
 * `GET /api/session` hands it out again.
 */
let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

/** Called when any request answers 401, so the shell can return to the sign-in page. */
let onUnauthenticated: (() => void) | null = null;
export const setUnauthenticatedHandler = (handler: (() => void) | null): void => {
  onUnauthenticated = handler;
};

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** The ETag read with the resource; PATCH and DELETE of a connector need it. */
  ifMatch?: string;
  signal?: AbortSignal;
  /** Sign-in and the session probe answer 401 as a normal outcome, not as "the session ended". */
  quiet401?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
  status: number;
  /** X-Total-Count: how many items a paged list has in all (null when the answer does not say). */
  total: number | null;
}

function errorFrom(status: number, payload: unknown, statusText: string): ApiError {
  const body = (payload as { error?: Record<string, unknown> } | null)?.error;
  if (body && typeof body.code === 'string' && typeof body.message === 'string') {
    const details = Array.isArray(body.details) ? (body.details as ErrorDetail[]) : [];
    return new ApiError(status, body.code, body.message, details, {
      conflictsWith: body.conflictsWith as { id: string; name: string } | undefined,
      requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
    });
  }
  return new ApiError(status, `HTTP_${status}`, `The server answered ${status} ${statusText}.`.trim());
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A FormData body (file uploads) sets its own multipart Content-Type with the boundary.
  const isForm = options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'The console cannot reach the server. Check that the API is running, then try again.');
  }

  const type = response.headers.get('content-type') ?? '';
  let payload: unknown = null;
  if (response.status !== 204) {
    payload = type.includes('application/json') ? await response.json().catch(() => null) : await response.text();
  }
  if (!response.ok) {
    const error = errorFrom(response.status, payload, response.statusText);
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.();
    throw error;
  }
  const total = response.headers.get('x-total-count');
  return { data: payload as T, etag: response.headers.get('etag'), status: response.status, total: total === null ? null : Number(total) };
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request<T>(path, { signal })).data;
}

/** `a=1&b=2` from an object, skipping empty values. */
export function query(params: Record<string, string | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, v);
  const text = search.toString();
  return text ? `?${text}` : '';
}
