import { expect, test } from '../support/fixtures.ts';

test.describe('Fixes and findings (issue 9, items 9–10)', () => {
  test('fixes are ranked by privilege: the existing anonymous-relay connector before a new one, the Externally Secured one later and saying what it also grants', async ({
    openAs,
    helpdesk,
    adminApi,
  }) => {
    await adminApi.createConnector({
      server: 'HUB01',
      name: 'CRM Application',
      usage: 'Custom',
      bindings: ['0.0.0.0:25'],
      remoteIPRanges: ['10.0.0.60'],
      authMechanism: ['Tls', 'ExternalAuthoritative'],
      permissionGroups: ['ExchangeServers'],
    });
    const scanner = await adminApi.createConnector({
      server: 'HUB01',
      name: 'Scanner Relay',
      usage: 'Custom',
      bindings: ['0.0.0.0:25'],
      remoteIPRanges: ['10.0.0.70'],
      authMechanism: ['Tls'],
      permissionGroups: ['AnonymousUsers'],
    });
    await adminApi.addPermission(scanner.id, { user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: false });

    const agent = await openAs(helpdesk, 'help desk');
    await agent.goto('/troubleshoot?server=HUB01&endpoint=10.0.0.11:25&ip=10.0.0.99&rcpt=x@external.net');
    const titles = agent.getByTestId('simulation').locator('li.fix h4');
    await expect(titles.first()).toBeVisible();
    const order = (await titles.allTextContents()).map((t) => t.replace(/^Fix \d+\.\s*/, ''));
    const at = (pattern: RegExp) => order.findIndex((t) => pattern.test(t));
    expect(at(/Scanner Relay, which already allows anonymous relay/)).toBeGreaterThanOrEqual(0);
    expect(at(/Scanner Relay/)).toBeLessThan(at(/^Option 2:/));
    expect(at(/^Option 2:/)).toBeLessThan(at(/CRM Application, an Externally Secured connector/));
    const crm = agent.getByRole('listitem').filter({ has: agent.getByRole('heading', { name: /CRM Application, an Externally Secured connector/ }) });
    await expect(crm).toContainText('bypass anti-spam, be accepted as any sender');
  });

  test("a finding's fix is one sentence and a shell block with Copy", async ({ openAs, helpdesk }) => {
    const agent = await openAs(helpdesk, 'help desk');
    await agent.goto('/findings');
    const row = agent.getByTestId('finding-SELF_DOMAIN_SPOOFING').filter({ hasText: 'Internet HUB01' });
    await expect(row.locator('.finding-fix')).toHaveText('Take the right to send as your own domains away from anonymous senders on Internet HUB01.');
    await expect(row.getByTestId('shell-commands')).toHaveText(
      "Get-ReceiveConnector -Identity 'HUB01\\Internet HUB01' | Remove-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender' -Confirm:$false",
    );
    await expect(row.getByRole('button', { name: 'Copy commands' })).toBeVisible();
  });
});
