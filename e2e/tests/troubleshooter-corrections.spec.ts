import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y.ts';
import { expect, test } from '../support/fixtures.ts';

/** An Exchange 2007 NDR that names the server but not the address the client connected to. */
const NDR_WITHOUT_ENDPOINT = `From: Microsoft Exchange
To: crm@contoso.com
Subject: Undeliverable: Order confirmation 4711

Delivery has failed to these recipients or distribution lists:

customer@external.net

Diagnostic information for administrators:

Generating server: hub01.contoso.com

customer@external.net
#550 5.7.1 Unable to relay ##`;

const form = (page: Page) => page.getByRole('form', { name: 'The case' });

test.describe('Troubleshooter corrections (issue 9, items 1–8)', () => {
  test('a bounce without the endpoint runs on every endpoint of HUB01 and says which one reproduces it, and why the others differ', async ({
    openAs,
    helpdesk,
  }, testInfo) => {
    const agent = await openAs(helpdesk, 'help desk');
    await agent.goto('/troubleshoot');
    await expect(agent.getByRole('heading', { level: 2, name: 'What Exchange would answer (simulation)' })).toBeVisible();
    await expect(agent.getByRole('main')).toContainText('This is a simulation of the stored configuration');

    await form(agent).getByLabel('Bounce or SMTP error text').fill(NDR_WITHOUT_ENDPOINT);
    await form(agent).getByRole('button', { name: 'Fill in from the bounce' }).click();
    await expect(form(agent).getByRole('status')).toContainText('every endpoint of HUB01');
    await form(agent).getByLabel('Source IP address (the client)').fill('10.0.0.50');
    await form(agent).getByRole('button', { name: 'Run the case' }).click();

    await expect(agent.getByTestId('endpoints-summary')).toHaveText('10.0.0.11:25 reproduces the bounce "550 5.7.1 Unable to relay".');
    const contrast = agent.getByTestId('endpoints-contrast');
    await expect(contrast).toContainText('Default HUB01 (10.0.0.10:25) does not take anonymous mail, so it answers 530 at MAIL FROM');
    await expect(contrast).toContainText('Internet HUB01 (10.0.0.11:25) takes anonymous mail but does not let it relay, so it answers 550 at RCPT TO');
    // An IPv4 client reaches only the server's IPv4 addresses.
    await expect(agent.getByTestId('endpoints-overview').getByRole('rowheader', { name: '10.0.0.10:587' })).toBeVisible();
    await expect(agent.getByTestId('endpoints-overview').getByRole('rowheader', { name: /2001:db8/ })).toHaveCount(0);
    await expect(contrast).toHaveText(
      'The answers differ because Default HUB01 (10.0.0.10:25) does not take anonymous mail, so it answers 530 at MAIL FROM, while Internet HUB01 (10.0.0.11:25) takes anonymous mail but does not let it relay, so it answers 550 at RCPT TO.',
    );
    await expectAccessible(agent, testInfo, 'troubleshooter on every endpoint');

    await agent.getByRole('button', { name: 'Show the details for 10.0.0.11:25' }).click();
    await expect(agent.getByTestId('verdict')).toHaveText('Rejected by Internet HUB01: 550 5.7.1 Unable to relay.');
    await expect(agent.getByTestId('bounce-comparison')).toHaveText('This reproduces the bounce: Exchange answers "550 5.7.1 Unable to relay" here too.');
  });

  test('an Exchange 2003 wording is "same refusal, different server version"; a pasted sender with a display name is normalised', async ({
    openAs,
    helpdesk,
  }) => {
    const agent = await openAs(helpdesk, 'help desk');
    await agent.goto('/troubleshoot?server=HUB01&endpoint=10.0.0.11:25&ip=10.0.0.50&rcpt=customer@external.net');
    await expect(agent.getByTestId('verdict')).toBeVisible();
    await form(agent).getByLabel('Sender (MAIL FROM)').fill('Contoso CRM <crm@contoso.com>');
    await expect(form(agent).getByTestId('sender-note')).toHaveText('Sent as MAIL FROM:<crm@contoso.com>: the display name "Contoso CRM" and the angle brackets removed.');
    await form(agent).getByLabel('Reply in the bounce').fill('550 5.7.1 Unable to relay for customer@external.net');
    await form(agent).getByRole('button', { name: 'Run the case' }).click();
    await expect(agent).toHaveURL(/from=crm%40contoso\.com/);
    await expect(agent.getByTestId('transcript')).toContainText('C: MAIL FROM:<crm@contoso.com>\nS: 250 2.1.0 Sender OK');
    await expect(agent.getByTestId('bounce-comparison')).toContainText('Same refusal, different server version');
  });

  test('an address that is no IP and an over-long HELO stay on their fields: no verdict, nothing in the URL', async ({ openAs, helpdesk }) => {
    const agent = await openAs(helpdesk, 'help desk');
    await agent.goto('/troubleshoot?server=HUB01&endpoint=10.0.0.11:25&ip=10.0.0.50&rcpt=x@external.net');
    await expect(agent.getByTestId('verdict')).toBeVisible();
    const before = agent.url();

    const ip = form(agent).getByLabel('Source IP address (the client)');
    await ip.fill('10.0.0.500');
    await form(agent).getByLabel('HELO/EHLO name').fill('h'.repeat(5000));
    await form(agent).getByRole('button', { name: 'Run the case' }).click();

    await expect(ip).toBeFocused();
    await expect(ip).toHaveAttribute('aria-invalid', 'true');
    await expect(ip).toHaveAccessibleDescription(/10\.0\.0\.500 is not an IP address: octet 500 is greater than 255/);
    await expect(agent.getByText('The HELO/EHLO name is too long: at most 255 characters (this one has 5,000).')).toHaveCount(1);
    await expect(agent.getByTestId('verdict')).toHaveCount(0);
    expect(agent.url()).toBe(before);
  });
});
