import { expect, request, type APIRequestContext } from '@playwright/test';

type StorageState = Awaited<ReturnType<APIRequestContext['storageState']>>;

export interface Credentials {
  username: string;
  password: string;
}

export interface ConnectorSummary {
  id: string;
  server: string;
  name: string;
  version: number;
  bindings: string[];
  remoteIPRanges: string[];
  permissionGroups: string[];
}

/** localStorage flag the web app sets after a sign-in; without it a page load skips the session probe. */
const SIGNED_IN_HINT = { name: 'cc.signedIn', value: '1' };

/**
 * The API as a script sees it (README "The API from the shell"): a session cookie and the CSRF token of the
 * sign-in answer on every write. Used to arrange and clean up, never to check what the user sees.
 */
export class ApiSession {
  private constructor(
    readonly baseURL: string,
    readonly credentials: Credentials,
    private readonly http: APIRequestContext,
    readonly csrfToken: string,
  ) {}

  static async signIn(baseURL: string, credentials: Credentials): Promise<ApiSession> {
    const http = await request.newContext({ baseURL });
    const res = await http.post('/api/session', { data: credentials });
    expect(res.status(), `sign-in of ${credentials.username}`).toBe(200);
    const body = (await res.json()) as { csrfToken: string };
    return new ApiSession(baseURL, credentials, http, body.csrfToken);
  }

  /** Cookie plus the signed-in hint, for a browser context that starts signed in. */
  async storageState(): Promise<StorageState> {
    const state = await this.http.storageState();
    return { cookies: state.cookies, origins: [{ origin: this.baseURL, localStorage: [SIGNED_IN_HINT] }] };
  }

  private async write(method: 'POST' | 'PATCH' | 'DELETE', url: string, data?: unknown, headers: Record<string, string> = {}) {
    return this.http.fetch(url, { method, data, headers: { 'X-CSRF-Token': this.csrfToken, ...headers } });
  }

  async createAccount(role: 'admin' | 'helpdesk', username: string): Promise<Credentials> {
    const credentials = { username, password: `e2e-${role}-Passphrase-${Math.random().toString(36).slice(2, 10)}` };
    const res = await this.write('POST', '/api/users', { ...credentials, role });
    expect(res.status(), `POST /api/users ${username}: ${await res.text()}`).toBe(201);
    return credentials;
  }

  async connectors(server?: string): Promise<ConnectorSummary[]> {
    const res = await this.http.get(server ? `/api/connectors?server=${encodeURIComponent(server)}` : '/api/connectors');
    expect(res.status()).toBe(200);
    return (await res.json()) as ConnectorSummary[];
  }

  async connectorByName(server: string, name: string): Promise<ConnectorSummary | undefined> {
    return (await this.connectors(server)).find((c) => c.name === name);
  }

  async createConnector(draft: Record<string, unknown>): Promise<ConnectorSummary> {
    const res = await this.write('POST', '/api/connectors', draft);
    expect(res.status(), `POST /api/connectors: ${await res.text()}`).toBe(201);
    return (await res.json()) as ConnectorSummary;
  }

  async addPermission(id: string, change: { user: string; extendedRights: string[]; deny: boolean }): Promise<void> {
    const res = await this.write('POST', `/api/connectors/${id}/permissions`, change);
    expect(res.status(), `POST permissions: ${await res.text()}`).toBeLessThan(300);
  }

  async patchConnector(id: string, patch: Record<string, unknown>): Promise<void> {
    const current = await this.http.get(`/api/connectors/${id}`);
    const etag = current.headers()['etag'] ?? '';
    const res = await this.write('PATCH', `/api/connectors/${id}`, patch, { 'If-Match': etag });
    expect(res.status(), `PATCH /api/connectors/${id}: ${await res.text()}`).toBe(200);
  }

  /** A GET answer as JSON, for arranging a test from what the API holds. */
  async getJson<T>(url: string): Promise<T> {
    const res = await this.http.get(url);
    expect(res.status(), `GET ${url}`).toBe(200);
    return (await res.json()) as T;
  }

  /** Clears sign-in throttles (admin), so a test's deliberate failures do not block the worker's later sign-ins. */
  async clearSignInThrottles(match: { account?: string; address?: string }): Promise<void> {
    const res = await this.write('DELETE', `/api/sign-in-throttles?${new URLSearchParams(match).toString()}`);
    expect(res.status(), `DELETE /api/sign-in-throttles: ${await res.text()}`).toBe(200);
  }

  async deleteConnector(id: string): Promise<void> {
    const current = await this.http.get(`/api/connectors/${id}`);
    if (current.status() === 404) return;
    const etag = current.headers()['etag'] ?? '';
    const res = await this.write('DELETE', `/api/connectors/${id}`, undefined, { 'If-Match': etag });
    expect(res.status(), `DELETE /api/connectors/${id}: ${await res.text()}`).toBeLessThan(300);
  }

  /** Empties the organisation's domain-secure lists again, so every test starts from the demo organisation. */
  async clearTransportSettings(): Promise<void> {
    const current = (await (await this.http.get('/api/transport-settings')).json()) as Record<string, string[]>;
    const patch = Object.fromEntries(Object.entries(current).filter(([, list]) => list.length > 0).map(([key, list]) => [key, { remove: list }]));
    if (Object.keys(patch).length === 0) return;
    const res = await this.write('PATCH', '/api/transport-settings', patch);
    expect(res.status(), `PATCH /api/transport-settings: ${await res.text()}`).toBe(200);
  }

  async dispose(): Promise<void> {
    await this.http.dispose();
  }
}
