import { expectAccessible } from '../support/a11y.ts';
import { ADMIN, expect, test } from '../support/fixtures.ts';

test.describe('Accounts, audit and accessibility corrections (issue 9, items 20–23)', () => {
  test('a help-desk agent changes their own password; their other sessions end, this one stays', async ({ openAs, helpdesk, consoleGuard }, testInfo) => {
    consoleGuard.allow(422, /\/api\/account\/password$/);
    consoleGuard.allow(401, /\/api\//);
    const here = await openAs(helpdesk, 'help desk here');
    const elsewhere = await openAs(helpdesk, 'help desk elsewhere');
    await here.goto('/connectors');
    await here.getByRole('link', { name: 'Your account' }).click();
    await expect(here.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    await expect(here).toHaveTitle('Your account · Connector Console');

    const form = here.getByRole('form', { name: 'Change your password' });
    await form.getByLabel('Current password').fill('not my password at all');
    await form.getByLabel('New password', { exact: true }).fill('harbour kite lemon 55');
    await form.getByLabel('New password again').fill('harbour kite lemon 55');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByLabel('Current password')).toHaveAccessibleDescription('The current password is not correct.');
    await expectAccessible(here, testInfo, 'your account with an error');

    await form.getByLabel('Current password').fill(helpdesk.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(here.getByRole('status').filter({ hasText: 'Your password was changed. 1 other session was signed out.' })).toBeVisible();

    await here.goto('/findings');
    await expect(here.getByRole('heading', { level: 1, name: 'Findings' })).toBeVisible();
    await elsewhere.goto('/findings');
    await expect(elsewhere).toHaveURL(/\/sign-in/);
  });

  test('the audit log shows changes by default; sign-ins are one click away', async ({ openAs, adminApi }) => {
    await adminApi.createConnector({ server: 'HUB01', name: 'Audit Default', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.87'], permissionGroups: ['AnonymousUsers'] });
    const page = await openAs(ADMIN);
    await page.goto('/audit');
    const events = page.getByTestId('audit-event');
    await expect(events.filter({ hasText: 'Receive connector created: Audit Default' })).toHaveCount(1);
    await expect(page.getByRole('radio', { name: 'Changes' })).toBeChecked();
    await expect(events.filter({ has: page.getByRole('heading', { name: /^Signed in/ }) })).toHaveCount(0);

    await page.getByRole('radio', { name: 'Sign-ins and refused requests' }).click();
    await expect(events.filter({ has: page.getByRole('heading', { name: /^Signed in/ }) }).first()).toBeVisible();
    await expect(events.filter({ hasText: 'Receive connector created' })).toHaveCount(0);
  });

  test('accessible names, focus on the wizard heading, page titles and wording', async ({ openAs, helpdesk }) => {
    const admin = await openAs(ADMIN, 'admin');
    await admin.goto('/connectors');
    await admin.getByRole('link', { name: 'New Receive Connector…' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: 'New Receive Connector' })).toBeFocused();
    await expect(admin).toHaveTitle('New Receive Connector · Connector Console');

    await admin.goto('/troubleshoot?server=HUB01&endpoint=10.0.0.11:25&ip=10.0.0.50&rcpt=alice@contoso.com');
    await expect(admin.getByRole('combobox', { name: 'Server', exact: true })).toHaveCount(1);
    await expect(admin.getByRole('combobox', { name: 'Server the client connects to' })).toHaveCount(1);
    await expect(admin.getByTestId('verdict')).toHaveText('Accepted by Internet HUB01: 1 recipient queued for delivery.');

    const agent = await openAs(helpdesk, 'help desk');
    await agent.goto('/users');
    await expect(agent.getByRole('heading', { level: 1, name: 'Not available' })).toBeVisible();
    await expect(agent).toHaveTitle('Not available · Connector Console');

    await agent.goto('/effective-permissions');
    await agent.getByLabel('Receive connector').selectOption({ label: 'Default HUB01' });
    await expect(agent.getByRole('heading', { name: 'Who can relay through Default HUB01?' })).toHaveCount(1);
    await expect(agent.getByText('Who can relay through Default HUB01?')).toHaveCount(1);
  });
});
