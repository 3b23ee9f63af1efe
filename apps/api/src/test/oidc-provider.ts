import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './processes.ts';

/**
 * A real OpenID provider (panva's certified oidc-provider) in this process on a free port, with its development
 * login and consent pages: any login name is accepted, and the account's `groups` claim comes from `people`.
 */
export interface TestProvider {
  issuer: string;
  clients: { console: { id: string; secret: string }; other: { id: string; secret: string } };
  stop(): Promise<void>;
}

export async function startOidcProvider(options: { redirectUrl: string; people: Record<string, { groups: string[] }> }): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clients = { console: { id: 'connector-console', secret: 'console client secret for tests' }, other: { id: 'another-app', secret: 'another app secret for tests' } };
  const provider = new Provider(issuer, {
    clients: Object.values(clients).map((c) => ({
      client_id: c.id,
      client_secret: c.secret,
      redirect_uris: [options.redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    claims: { openid: ['sub'], profile: ['preferred_username', 'groups'], email: ['email'] },
    // Put the profile claims into the ID token, as Entra ID does with groups.
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, preferred_username: id, email: `${id}@contoso.test`, groups: options.people[id]?.groups ?? [] }),
    }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['oidc-provider test cookie key'] },
  });
  // The development keys and pages make the provider warn on every start; the tests know.
  provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-provider: ${String(error)}\n`));
  const server: Server = provider.listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    issuer,
    clients,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser's cookie jar for plain fetch: enough for the provider's own session and interaction cookies. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Walks the provider's login and consent pages from an authorization URL, as a browser would, and returns the
 * URL the provider sends the browser back to (the console's callback with code and state).
 */
export async function authorizeAt(authorizationUrl: string, login: string, callbackPrefix: string): Promise<URL> {
  const jar = new Jar();
  let url = authorizationUrl;
  for (let step = 0; step < 12; step += 1) {
    if (url.startsWith(callbackPrefix)) return new URL(url);
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).href;
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`The provider answered ${response.status} without a form: ${page.slice(0, 500)}`);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt });
    const submitted = await fetch(new URL(action.replace(/&amp;/g, '&'), url), { method: 'POST', redirect: 'manual', body, headers: { cookie: jar.header() } });
    jar.take(submitted);
    url = new URL(submitted.headers.get('location')!, url).href;
  }
  throw new Error('The provider did not send the browser back');
}
