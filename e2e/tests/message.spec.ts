import { expect, test, ADMIN } from '../support/fixtures.ts';
import { WizardPage, wizardDraftHref } from '../support/wizard.ts';
import { expectAccessible } from '../support/a11y.ts';

/** Issue 10: Domain Security from the transport settings, and "What happens to the message" in the troubleshooter. */
test.describe('Partner sessions and what happens to the message', () => {
  test.afterEach(async ({ adminApi }) => adminApi.clearTransportSettings());

  test('an admin lists a partner domain; the help desk sees the partner session and how its message is treated', async ({ openAs, helpdesk, adminApi }, testInfo) => {
    await adminApi.createConnector({ server: 'HUB01', name: 'Partner In', usage: 'Partner', bindings: ['10.0.0.11:25'], remoteIPRanges: ['192.0.2.25'] });

    await test.step('the admin adds partner.example to TLSReceiveDomainSecureList and sees the Set-TransportConfig command', async () => {
      const page = await openAs(ADMIN, 'admin');
      await page.goto('/connectors');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Transport settings' }).click();
      const receive = page.getByTestId('list-tlsReceiveDomainSecureList');
      await receive.getByLabel('Add a domain to TLSReceiveDomainSecureList').fill('partner.example');
      await receive.getByRole('button', { name: 'Add' }).click();
      await expect(receive.getByRole('listitem').filter({ hasText: 'partner.example' })).toBeVisible();
      await expect(receive.getByTestId('shell-commands')).toHaveText("Set-TransportConfig -TLSReceiveDomainSecureList 'partner.example'");
      await expectAccessible(page, testInfo, 'transport settings (admin)');
    });

    const agent = await openAs(helpdesk, 'help desk');
    await test.step('the help desk reads the settings but cannot change them', async () => {
      await agent.goto('/transport-settings');
      await expect(agent.getByTestId('list-tlsReceiveDomainSecureList').getByText('partner.example')).toBeVisible();
      await expect(agent.getByRole('button', { name: 'Add' })).toHaveCount(0);
      await expect(agent.getByText('Only an administrator can change these settings.', { exact: false })).toBeVisible();
    });

    await test.step('the troubleshooter runs the partner session over mutual TLS as MS Exchange\\Partner Servers', async () => {
      await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Troubleshoot relay' }).click();
      const form = agent.getByRole('form', { name: 'The case' });
      await form.getByLabel('Server the client connects to').selectOption('HUB01');
      await form.getByLabel('Local endpoint (address and port the client connects to)').selectOption('10.0.0.11:25');
      await form.getByLabel('Source IP address (the client)').fill('192.0.2.25');
      await form.getByLabel('The client starts TLS (STARTTLS)').check();
      await form.getByLabel('Client certificate for (partner domain)').fill('partner.example');
      await form.getByLabel('Sender (MAIL FROM)').fill('orders@partner.example');
      await form.getByLabel('Recipients (RCPT TO)').fill('alice@contoso.com');
      await form.getByLabel('Message headers (optional)').fill('Received: from mx.partner.example\nX-MS-Exchange-Organization-SCL: -1');
      await form.getByRole('button', { name: 'Run the case' }).click();

      const answer = agent.getByTestId('simulation');
      await expect(answer.getByTestId('verdict')).toHaveText('Accepted by Partner In: 1 recipient queued for delivery.');
      await expect(answer.getByText('The session runs as', { exact: false })).toContainText('MS Exchange\\Partner Servers');
      await expect(answer.getByTestId('transcript')).toContainText('C: MAIL FROM:<orders@partner.example>\nS: 250 2.1.0 Sender OK');
    });

    await test.step('"What happens to the message" says how Exchange treats it and which header it strips', async () => {
      const panel = agent.getByRole('region', { name: 'What happens to the message' });
      await expect(panel.getByRole('heading', { name: 'What happens to the message' })).toBeVisible();
      await expect(panel.getByRole('listitem').filter({ hasText: 'Authenticated / internal' })).toContainText(
        'Treated as unauthenticated and external: MS Exchange\\Partner Servers did not authenticate',
      );
      const scl = panel.getByRole('row', { name: /X-MS-Exchange-Organization-SCL/ });
      await expect(scl).toContainText('stripped');
      await expect(scl).toContainText('ms-Exch-Accept-Headers-Organization');
      await expect(panel.getByRole('row', { name: /Received/ })).toContainText('kept');
      await expectAccessible(agent, testInfo, 'troubleshooter with the message panel');
    });
  });

  test('the wizard’s relay step says what Option 1 grants beyond Option 2, in consequences', async ({ openAs }) => {
    const page = await openAs(ADMIN, 'admin');
    const wizard = new WizardPage(page);
    await page.goto(
      wizardDraftHref({ server: 'HUB01', name: 'Gains Relay', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.98'], permissionGroups: ['AnonymousUsers'] }),
    );
    for (const step of ['Local network settings', 'Remote network settings', 'Permission groups', 'Authentication', 'Relay permissions'] as const) await wizard.next(step);
    const gains = page.getByTestId('option1-gains');
    await expect(gains).toContainText('Beyond what Option 2 allows, every message from these hosts is treated differently');
    await expect(gains.getByRole('listitem')).toHaveText([
      'Every message counts as authenticated and internal, so it reaches groups that accept mail only from authenticated senders.',
      'The AUTH= identity another server puts on MAIL FROM is trusted.',
      'A sender that exists in your directory shows in Outlook under its directory name, as if it had signed in.',
      'Messages skip antispam filtering.',
      "The connector's maximum message size and recipient limit stop applying.",
    ]);
  });
});
