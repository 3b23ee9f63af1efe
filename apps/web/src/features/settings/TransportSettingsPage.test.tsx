import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import TransportSettingsPage from './TransportSettingsPage.tsx';
import { keys } from '../../api/hooks.ts';

/** A fake API holding the transport settings and recording every PATCH. */
function fakeApi(role: 'admin' | 'helpdesk') {
  const patches: unknown[] = [];
  let settings = { tlsReceiveDomainSecureList: [] as string[], tlsSendDomainSecureList: ['partner.example'] };
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === '/api/session')
      return json({
        user: { username: 'u', role },
        csrfToken: 't',
        abilities: role === 'admin' ? ['transport:read', 'transport:write'] : ['transport:read'],
        expiresAt: '2099-01-01T00:00:00Z',
      });
    if (url === '/api/transport-settings' && init?.method === 'PATCH') {
      const body = JSON.parse(String(init.body)) as { tlsReceiveDomainSecureList?: { add?: string[] } };
      patches.push(body);
      settings = { ...settings, tlsReceiveDomainSecureList: [...settings.tlsReceiveDomainSecureList, ...(body.tlsReceiveDomainSecureList?.add ?? [])] };
      return json(settings);
    }
    if (url === '/api/transport-settings') return json(settings);
    return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: url } }), { status: 404, headers: { 'content-type': 'application/json' } });
  });
  return { fetch, patches };
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <TransportSettingsPage />
    </QueryClientProvider>,
  );
  return { sessionLoaded: () => waitFor(() => expect(client.getQueryState(keys.session)?.status).toBe('success')) };
}

describe('transport settings page', () => {
  beforeEach(() => localStorage.setItem('cc.signedIn', '1'));
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('an admin adds a partner domain: a bad one is refused beside the field, a good one is sent and its shell command shown', async () => {
    const api = fakeApi('admin');
    vi.stubGlobal('fetch', api.fetch);
    renderPage();
    const receive = await screen.findByTestId('list-tlsReceiveDomainSecureList');
    const input = within(receive).getByLabelText('Add a domain to TLSReceiveDomainSecureList');

    fireEvent.change(input, { target: { value: '*.partner.example' } });
    fireEvent.click(within(receive).getByRole('button', { name: 'Add' }));
    expect(await within(receive).findByText('Enter a partner domain such as partner.example (no wildcard, no address).')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(api.patches).toEqual([]);

    fireEvent.change(input, { target: { value: 'partner.example' } });
    fireEvent.click(within(receive).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(within(receive).getByTestId('shell-commands').textContent).toBe("Set-TransportConfig -TLSReceiveDomainSecureList 'partner.example'"));
    expect(api.patches).toEqual([{ tlsReceiveDomainSecureList: { add: ['partner.example'] } }]);
  });

  it('the help desk reads both lists and gets no control to change them', async () => {
    vi.stubGlobal('fetch', fakeApi('helpdesk').fetch);
    const { sessionLoaded } = renderPage();
    await sessionLoaded();
    const send = await screen.findByTestId('list-tlsSendDomainSecureList');
    expect(within(send).getByText('partner.example')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText(/Only an administrator can change these settings/)).toBeTruthy();
  });
});
