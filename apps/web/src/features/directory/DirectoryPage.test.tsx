import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import DirectoryPage from './DirectoryPage.tsx';
import AcceptedDomainsPage from '../domains/AcceptedDomainsPage.tsx';
import { keys } from '../../api/hooks.ts';

const PRINCIPALS = [
  { id: 'alice', name: 'CONTOSO\\alice', kind: 'user', emailAddresses: ['alice@contoso.com'], memberOf: ['CONTOSO\\Sales'], sendAs: [] },
  { id: 'bob', name: 'CONTOSO\\bob', kind: 'user', emailAddresses: ['bob@contoso.com'], memberOf: [], sendAs: [] },
  { id: 'sales', name: 'CONTOSO\\Sales', kind: 'group', emailAddresses: [], memberOf: [], sendAs: [] },
  { id: 'staff', name: 'CONTOSO\\All Staff', kind: 'group', emailAddresses: ['staff@contoso.com'], memberOf: [], sendAs: [] },
  { id: 'wellKnown:S-1-5-7', name: 'NT AUTHORITY\\ANONYMOUS LOGON', kind: 'wellKnown', sid: 'S-1-5-7', description: 'Anonymous', emailAddresses: [], memberOf: [], sendAs: [] },
];
const DOMAINS = [
  { id: 'd1', domainName: 'contoso.com', domainType: 'Authoritative', isDefault: true },
  { id: 'd2', domainName: 'fabrikam.com', domainType: 'InternalRelay', isDefault: false },
];

/** A fake API: the session, the directory and accepted domains, and every PATCH it was sent. */
function fakeApi(role: 'admin' | 'helpdesk') {
  const patches: { url: string; body: unknown }[] = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (init?.method === 'PATCH') {
      const body = JSON.parse(String(init.body)) as unknown;
      patches.push({ url, body });
      if (url.startsWith('/api/principals/')) return json({ ...PRINCIPALS[0], sendAs: ['bob@contoso.com'] });
      return json({ ...DOMAINS[1], isDefault: true });
    }
    if (url === '/api/session')
      return json({
        user: { username: 'u', role },
        csrfToken: 't',
        abilities: role === 'admin' ? ['directory:read', 'directory:write', 'domains:read', 'domains:write'] : ['directory:read', 'domains:read'],
        expiresAt: '2099-01-01T00:00:00Z',
      });
    if (url === '/api/principals') return json(PRINCIPALS);
    if (url === '/api/accepted-domains') return json(DOMAINS);
    return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: url } }), { status: 404, headers: { 'content-type': 'application/json' } });
  });
  return { fetch, patches };
}

/** jsdom drops the space before a visually hidden span ("Edit<span> contoso.com</span>"); a browser keeps it. */
const rowButton = (verb: string, target: string) => new RegExp(`^${verb}\\s?${target.replace(/[\\.]/g, (c) => `\\${c}`)}$`);

function renderPage(page: React.ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<QueryClientProvider client={client}>{page}</QueryClientProvider>);
  /** Resolves once the session (and so the role's abilities) is known, so an absent control means something. */
  return { sessionLoaded: () => waitFor(() => expect(client.getQueryState(keys.session)?.status).toBe('success')) };
}

describe('organisation edit controls', () => {
  let api: ReturnType<typeof fakeApi>;
  const start = (role: 'admin' | 'helpdesk') => {
    api = fakeApi(role);
    vi.stubGlobal('fetch', api.fetch);
  };
  beforeEach(() => localStorage.setItem('cc.signedIn', '1'));
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('an admin edits a principal’s lists additively: only the changes are sent', async () => {
    start('admin');
    const errors = vi.spyOn(console, 'error');
    renderPage(<DirectoryPage />);
    fireEvent.click(await screen.findByRole('button', { name: rowButton('Edit', 'CONTOSO\\alice') }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit CONTOSO\\alice' });

    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Remove alice@contoso.com' }));
    fireEvent.change(within(dialog).getByLabelText('Add e-mail addresses'), { target: { value: 'a.smith@contoso.com\n' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'CONTOSO\\Sales' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'CONTOSO\\All Staff' }));
    expect(within(dialog).queryByRole('checkbox', { name: 'CONTOSO\\alice' })).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('Add Send-As'), { target: { value: 'bob@contoso.com' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.patches).toHaveLength(1));
    expect(api.patches[0]).toEqual({
      url: '/api/principals/alice',
      body: {
        emailAddresses: { add: ['a.smith@contoso.com'], remove: ['alice@contoso.com'] },
        memberOf: { add: ['CONTOSO\\All Staff'], remove: ['CONTOSO\\Sales'] },
        sendAs: { add: ['bob@contoso.com'] },
      },
    });
    expect(await screen.findByText('CONTOSO\\alice was saved.')).toBeTruthy();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('shows a malformed address beside its field and sends nothing', async () => {
    start('admin');
    renderPage(<DirectoryPage />);
    fireEvent.click(await screen.findByRole('button', { name: rowButton('Edit', 'CONTOSO\\bob') }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit CONTOSO\\bob' });
    const field = within(dialog).getByLabelText('Add e-mail addresses');
    fireEvent.change(field, { target: { value: 'not an address' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText(/^Line 1: Enter an SMTP address/)).toBeTruthy();
    expect(api.patches).toEqual([]);
  });

  it('an admin makes another accepted domain the default', async () => {
    start('admin');
    renderPage(<AcceptedDomainsPage />);
    fireEvent.click(await screen.findByRole('button', { name: rowButton('Edit', 'contoso.com') }));
    const current = await screen.findByRole('dialog', { name: 'Edit contoso.com' });
    // The default cannot be un-defaulted: another domain is made the default instead.
    expect(within(current).getByRole<HTMLInputElement>('checkbox', { name: 'Make this the default accepted domain' }).disabled).toBe(true);
    fireEvent.click(within(current).getByRole('button', { name: 'Cancel' }));

    fireEvent.click(screen.getByRole('button', { name: rowButton('Edit', 'fabrikam.com') }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit fabrikam.com' });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Make this the default accepted domain' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.patches).toEqual([{ url: '/api/accepted-domains/d2', body: { isDefault: true } }]));
    expect(await screen.findByText('fabrikam.com was saved and is now the default accepted domain.')).toBeTruthy();
  });

  it('the help desk sees no edit control in the directory', async () => {
    start('helpdesk');
    const page = renderPage(<DirectoryPage />);
    expect(await screen.findByRole('rowheader', { name: 'CONTOSO\\alice' })).toBeTruthy();
    await page.sessionLoaded();
    expect(screen.queryByRole('button', { name: /^(Edit|Remove|Add)\b/ })).toBeNull();
  });

  it('the help desk sees no edit control on accepted domains', async () => {
    start('helpdesk');
    const page = renderPage(<AcceptedDomainsPage />);
    expect(await screen.findByText('fabrikam.com')).toBeTruthy();
    await page.sessionLoaded();
    expect(screen.queryByRole('button', { name: /^(Edit|Remove|New)\b/ })).toBeNull();
  });
});
