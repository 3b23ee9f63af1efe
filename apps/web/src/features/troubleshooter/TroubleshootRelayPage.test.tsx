import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import type { SimulateRequest, SimulateResult } from '@cc/connector-engine';
import { ServerProvider } from '../../app/server-context.tsx';
import TroubleshootRelayPage from './TroubleshootRelayPage.tsx';

/** A fake API: the few answers the page reads, and every simulate body it was sent. */
function fakeApi(role: 'admin' | 'helpdesk') {
  const simulated: SimulateRequest[] = [];
  const result: SimulateResult = {
    connector: { id: 'internet', name: 'Internet HUB01' },
    listening: true,
    matchedRange: '0.0.0.0-255.255.255.255',
    candidates: [{ connectorId: 'internet', name: 'Internet HUB01', outcome: 'selected', reason: 'selected', matchingRange: '0.0.0.0-255.255.255.255', rangeSize: '4294967296' }],
    candidateSummary: [],
    identity: 'NT AUTHORITY\\ANONYMOUS LOGON',
    rights: [],
    decisiveRights: [{ right: 'ms-Exch-SMTP-Accept-Any-Recipient', granted: false, command: 'RCPT TO' }],
    transcript: [
      { client: null, server: '220 hub01.contoso.com Microsoft ESMTP MAIL Service ready' },
      { client: 'RCPT TO:<x@external.net>', server: '550 5.7.1 Unable to relay' },
    ],
    outcome: 'rejected',
    verdict: 'Rejected by Internet HUB01: 550 5.7.1 Unable to relay.',
    explanation: 'x@external.net is outside every accepted domain.',
    fixes: [
      {
        kind: 'option2',
        title: 'Option 2: a connector for 10.0.0.50',
        grants: ['ms-Exch-SMTP-Accept-Any-Recipient'],
        tradeoff: 'Least privilege.',
        shell: 'New-ReceiveConnector -Name x',
        connectorDraft: { server: 'HUB01', name: 'Anonymous Relay 10.0.0.50', usage: 'Custom', remoteIPRanges: ['10.0.0.50'] },
      },
    ],
  };
  // Every endpoint but 10.0.0.11:25 is Default HUB01's, which does not take anonymous mail (530 at MAIL FROM).
  const defaultResult: SimulateResult = {
    ...result,
    connector: { id: 'default', name: 'Default HUB01' },
    candidates: [],
    rights: [{ right: 'ms-Exch-SMTP-Submit', granted: false, allowedBy: [], deniedBy: [] }],
    decisiveRights: [{ right: 'ms-Exch-SMTP-Submit', granted: false, command: 'MAIL FROM' }],
    transcript: [
      { client: null, server: '220 hub01.contoso.com Microsoft ESMTP MAIL Service ready' },
      { client: 'MAIL FROM:<>', server: '530 5.7.1 Client was not authenticated' },
    ],
    verdict: 'Rejected by Default HUB01: 530 5.7.1 Client was not authenticated.',
  };
  const internetResult: SimulateResult = { ...result, rights: [{ right: 'ms-Exch-SMTP-Submit', granted: true, allowedBy: [], deniedBy: [] }] };
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === '/api/session')
      return json({ user: { username: 'u', role }, csrfToken: 't', abilities: role === 'admin' ? ['simulate:run', 'connectors:write'] : ['simulate:run'], expiresAt: '2099-01-01T00:00:00Z' });
    if (url === '/api/servers') return json([{ name: 'HUB01', fqdn: 'hub01.contoso.com', role: 'HubTransport', ipAddresses: ['10.0.0.10', '10.0.0.11'] }]);
    if (url.startsWith('/api/connectors')) return json([{ id: 'internet', server: 'HUB01', name: 'Internet HUB01', bindings: ['10.0.0.11:25'] }, { id: 'client', server: 'HUB01', name: 'Client HUB01', bindings: ['0.0.0.0:587'] }]);
    if (url === '/api/principals') return json([{ id: 'a', name: 'CONTOSO\\alice', kind: 'user', emailAddresses: [], memberOf: [], sendAs: [] }]);
    if (url === '/api/simulate') {
      const body = JSON.parse(String(init?.body)) as SimulateRequest;
      simulated.push(body);
      return json(body.localEndpoint === '10.0.0.11:25' ? internetResult : defaultResult);
    }
    return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: url } }), { status: 404, headers: { 'content-type': 'application/json' } });
  });
  return { fetch, simulated };
}

function Location() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

function renderAt(url: string) {
  const router = createMemoryRouter(
    [
      {
        path: '/troubleshoot',
        element: (
          <ServerProvider>
            <TroubleshootRelayPage />
            <Location />
          </ServerProvider>
        ),
      },
    ],
    { initialEntries: [url] },
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

const NDR = `To: crm@contoso.com
Subject: Undeliverable: Order 4711
Delivery has failed to these recipients or distribution lists:

x@external.net

Generating server: hub01.contoso.com
x@external.net
#550 5.7.1 Unable to relay ##

Original message headers:
Received: from crm01.contoso.com (10.0.0.50) by hub01.contoso.com (10.0.0.11) with Microsoft SMTP Server`;

describe('Troubleshoot relay page', () => {
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

  it('fills the case from a pasted bounce, puts it in the URL and simulates exactly that case', async () => {
    start('helpdesk');
    renderAt('/troubleshoot');
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Server the client connects to').value).toBe('HUB01'));

    fireEvent.change(screen.getByLabelText('Bounce or SMTP error text'), { target: { value: NDR } });
    fireEvent.click(screen.getByRole('button', { name: 'Fill in from the bounce' }));

    expect(screen.getByText(/Filled in:/).parentElement?.textContent).toMatch('recipient x@external.net');
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Local endpoint (address and port the client connects to)').value).toBe('10.0.0.11:25'));
    expect(screen.getByLabelText<HTMLInputElement>('Source IP address (the client)').value).toBe('10.0.0.50');
    expect(screen.getByLabelText<HTMLInputElement>('Sender (MAIL FROM)').value).toBe('crm@contoso.com');
    expect(screen.getByLabelText<HTMLTextAreaElement>('Recipients (RCPT TO)').value).toBe('x@external.net');
    expect(screen.getByLabelText<HTMLInputElement>('Reply in the bounce').value).toBe('550 5.7.1 Unable to relay');

    fireEvent.click(screen.getByRole('button', { name: 'Run the case' }));
    expect((await screen.findByTestId('verdict')).textContent).toBe('Rejected by Internet HUB01: 550 5.7.1 Unable to relay.');
    const location = new URL(screen.getByTestId('location').textContent!, 'http://x');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      server: 'HUB01',
      endpoint: '10.0.0.11:25',
      ip: '10.0.0.50',
      helo: 'crm01.contoso.com',
      from: 'crm@contoso.com',
      rcpt: 'x@external.net',
      expect: '550 5.7.1 Unable to relay',
    });
    expect(api.simulated.at(-1)).toEqual({
      server: 'HUB01',
      localEndpoint: '10.0.0.11:25',
      remoteIp: '10.0.0.50',
      tls: false,
      helo: 'crm01.contoso.com',
      mailFrom: 'crm@contoso.com',
      rcptTo: ['x@external.net'],
    });
    expect(screen.getByTestId('bounce-comparison').textContent).toBe('This reproduces the bounce: Exchange answers "550 5.7.1 Unable to relay" here too.');
    // The help desk hands the case over; only admins get the wizard.
    expect(screen.getByRole('button', { name: 'Copy for the admin' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: /New Receive Connector wizard/ })).toBeNull();
  });

  it('reloads a shared case from the URL into the form and runs it; admins get the wizard pre-filled', async () => {
    start('admin');
    renderAt('/troubleshoot?server=HUB01&endpoint=10.0.0.10%3A25&ip=10.0.0.50&tls=1&auth=user%3ACONTOSO%5Calice&rcpt=x%40external.net&rcpt=alice%40contoso.com&size=2097152');

    expect((await screen.findByTestId('verdict')).textContent).toBe('Rejected by Default HUB01: 530 5.7.1 Client was not authenticated.');
    expect(api.simulated).toEqual([
      {
        server: 'HUB01',
        localEndpoint: '10.0.0.10:25',
        remoteIp: '10.0.0.50',
        tls: true,
        helo: '[10.0.0.50]',
        mailFrom: '',
        rcptTo: ['x@external.net', 'alice@contoso.com'],
        authUser: 'CONTOSO\\alice',
        declaredSize: 2097152,
        messageSizeBytes: 2097152,
      },
    ]);
    expect(screen.getByLabelText<HTMLInputElement>('The client starts TLS (STARTTLS)').checked).toBe(true);
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Signed-in user').value).toBe('user:CONTOSO\\alice'));
    expect(screen.getByLabelText<HTMLTextAreaElement>('Recipients (RCPT TO)').value).toBe('x@external.net\nalice@contoso.com');
    expect(screen.getByLabelText<HTMLInputElement>('Message size (KB)').value).toBe('2048');
    const wizard = await screen.findByRole('link', { name: /Open the New Receive Connector wizard with this fix/ });
    expect(wizard.getAttribute('href')).toMatch(/^\/connectors\/new\?draft=[\w-]+&relay=option2$/);
  });

  it('says what is missing instead of running an incomplete case', async () => {
    start('helpdesk');
    renderAt('/troubleshoot');
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Server the client connects to').value).toBe('HUB01'));
    fireEvent.click(screen.getByRole('button', { name: 'Run the case' }));
    expect(screen.getByLabelText('Source IP address (the client)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter at least one recipient address.')).toBeTruthy();
    expect(api.simulated).toEqual([]);
    expect(screen.getByTestId('location').textContent).toBe('/troubleshoot');
  });

  const run = () => fireEvent.click(screen.getByRole('button', { name: 'Run the case' }));
  const fill = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
  const ready = () => waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Local endpoint (address and port the client connects to)').value).toBe('10.0.0.10:25'));

  it('takes the sender as people paste it (display name, angle brackets) and says what it removed', async () => {
    start('helpdesk');
    renderAt('/troubleshoot');
    await ready();
    fill('Source IP address (the client)', '10.0.0.50');
    fill('Sender (MAIL FROM)', 'Contoso CRM <crm@contoso.com>');
    fill('Recipients (RCPT TO)', '<x@external.net>');
    expect(screen.getByTestId('sender-note').textContent).toBe('Sent as MAIL FROM:<crm@contoso.com>: the display name "Contoso CRM" and the angle brackets removed.');
    run();
    await screen.findByTestId('verdict');
    expect(api.simulated.at(-1)).toMatchObject({ mailFrom: 'crm@contoso.com', rcptTo: ['x@external.net'] });
  });

  it("refuses a client IP the engine cannot parse on the field, runs nothing and keeps it out of the URL", async () => {
    start('helpdesk');
    renderAt('/troubleshoot');
    await ready();
    fill('Source IP address (the client)', '10.0.0.500');
    fill('Recipients (RCPT TO)', 'x@external.net');
    run();
    const ip = screen.getByLabelText('Source IP address (the client)');
    expect(ip.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('10.0.0.500 is not an IP address: octet 500 is greater than 255. Enter one such as 10.0.0.50 or 2001:db8::50.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(ip));
    expect(api.simulated).toEqual([]);
    expect(screen.getByTestId('location').textContent).toBe('/troubleshoot');
    expect(screen.queryByTestId('verdict')).toBeNull();
  });

  it('puts an over-long HELO on its field once, in words, and clears the old verdict instead of changing the URL', async () => {
    start('helpdesk');
    renderAt('/troubleshoot?server=HUB01&endpoint=10.0.0.11%3A25&ip=10.0.0.50&rcpt=x%40external.net');
    await screen.findByTestId('verdict');
    fill('HELO/EHLO name', 'h'.repeat(5000));
    run();
    const message = 'The HELO/EHLO name is too long: at most 255 characters (this one has 5,000).';
    expect(screen.getAllByText(message)).toHaveLength(1);
    expect(screen.getByLabelText('HELO/EHLO name').getAttribute('aria-describedby')).toContain(screen.getByText(message).closest('[id]')!.id);
    expect(screen.queryByTestId('verdict')).toBeNull();
    expect(screen.getByText('Correct the marked fields to run the case.', { selector: '[role=status]' })).toBeTruthy();
    expect(screen.getByTestId('location').textContent).not.toContain('helo=');
    expect(api.simulated).toHaveLength(1);
  });

  it('runs a bounce that names only the server on every endpoint, shows which one reproduces it and why the answers differ', async () => {
    start('helpdesk');
    renderAt('/troubleshoot');
    await ready();
    const ndr = `Delivery has failed to these recipients or distribution lists:\n\nx@external.net\n\nGenerating server: hub01.contoso.com\n\nx@external.net\n#550 5.7.1 Unable to relay ##`;
    fill('Bounce or SMTP error text', ndr);
    fireEvent.click(screen.getByRole('button', { name: 'Fill in from the bounce' }));
    fill('Source IP address (the client)', '10.0.0.50');
    expect(screen.getByLabelText<HTMLSelectElement>('Local endpoint (address and port the client connects to)').value).toBe('all');
    run();
    const summary = await screen.findByTestId('endpoints-summary');
    expect(summary.textContent).toBe('10.0.0.11:25 reproduces the bounce "550 5.7.1 Unable to relay".');
    expect(api.simulated.map((b) => b.localEndpoint).sort()).toEqual(['10.0.0.10:25', '10.0.0.10:587', '10.0.0.11:25', '10.0.0.11:587']);
    expect(screen.getByTestId('endpoints-contrast').textContent).toBe(
      'The answers differ because Default HUB01 (10.0.0.10:25) does not take anonymous mail, so it answers 530 at MAIL FROM, while Internet HUB01 (10.0.0.11:25) takes anonymous mail but does not let it relay, so it answers 550 at RCPT TO.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Show the details for 10.0.0.11:25' }));
    expect((await screen.findByTestId('verdict')).textContent).toBe('Rejected by Internet HUB01: 550 5.7.1 Unable to relay.');
  });
});
