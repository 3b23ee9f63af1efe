import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { SignInMethods } from '@cc/api-contract';
import SignInPage from './SignInPage.tsx';

/** A fake API offering the given ways in and recording the sign-in bodies. */
function fakeApi(methods: SignInMethods) {
  const bodies: unknown[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === '/api/session/methods') return json(methods);
    if (url === '/api/session' && init?.method === 'POST') {
      bodies.push(JSON.parse(String(init.body)));
      return json({ error: { code: 'INVALID_CREDENTIALS', message: 'The user name or password is wrong.' } }, 401);
    }
    return json({ error: { code: 'UNAUTHENTICATED', message: 'Not signed in.' } }, 401);
  });
  return { fetch, bodies };
}

function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('sign-in page', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('offers the directory and console accounts and the OpenID button when all are configured, and signs in with the chosen one', async () => {
    const api = fakeApi({ local: true, ldap: true, oidc: { displayName: 'Contoso account' } });
    vi.stubGlobal('fetch', api.fetch);
    renderAt('/sign-in');
    const sso = await screen.findByRole('link', { name: 'Sign in with Contoso account' });
    expect(sso.getAttribute('href')).toBe('/api/session/oidc/start');
    expect((screen.getByLabelText('Organisation directory (Active Directory)') as HTMLInputElement).checked).toBe(true);
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'alice@contoso.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'her password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(api.bodies).toEqual([{ username: 'alice@contoso.com', password: 'her password', method: 'ldap' }]));
    fireEvent.click(screen.getByLabelText('Console account'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(api.bodies).toHaveLength(2));
    expect(api.bodies[1]).toMatchObject({ method: 'local' });
  });

  it('shows only the OpenID button when console accounts are off and no directory is set up', async () => {
    vi.stubGlobal('fetch', fakeApi({ local: false, ldap: false, oidc: { displayName: 'single sign-on' } }).fetch);
    renderAt('/sign-in');
    expect(await screen.findByRole('link', { name: 'Sign in with single sign-on' })).toBeTruthy();
    expect(screen.queryByLabelText('User name')).toBeNull();
  });

  it('explains a refused return from the provider', async () => {
    vi.stubGlobal('fetch', fakeApi({ local: true, ldap: false, oidc: { displayName: 'single sign-on' } }).fetch);
    renderAt('/sign-in?error=sso');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Single sign-on did not complete/);
  });
});
