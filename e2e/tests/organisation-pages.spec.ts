import { expectAccessible } from '../support/a11y.ts';
import { ADMIN, expect, test, uniqueName } from '../support/fixtures.ts';

/** The organisation pages after they were rebuilt on the shared list, form and confirmation components (issue 9 item 24). */
test.describe('Organisation pages on shared components (issue 9, item 24)', () => {
  test('Servers: add a server in the dialog, grant and remove an inherited right, delete the server', async ({ openAs }, testInfo) => {
    const page = await openAs(ADMIN);
    const name = `HUB9${testInfo.parallelIndex}`;
    await page.goto('/servers');
    await page.getByRole('button', { name: 'New server…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New server' });
    await dialog.getByLabel('Server name').fill(name);
    await dialog.getByLabel('FQDN').fill(`${name.toLowerCase()}.contoso.com`);
    await dialog.getByLabel('IP addresses').fill('10.0.9.10');
    await dialog.getByLabel('Create the default receive connectors, as Exchange setup does').uncheck();
    await dialog.getByRole('button', { name: 'Add server' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${name} was added.` })).toBeVisible();
    await expect(page.getByRole('rowheader', { name, exact: true })).toBeVisible();
    await expectAccessible(page, testInfo, 'servers');

    const inherited = page.getByRole('region', { name: 'Inherited permissions' });
    await inherited.getByLabel('Server', { exact: true }).selectOption(name);
    await expect(inherited).toContainText(`No permission is set on ${name}'s receive-connector container.`);
    await inherited.getByRole('button', { name: 'Add permission' }).click();
    await expect(inherited.getByLabel('Principal')).toHaveAccessibleDescription(/Enter the principal, for example CONTOSO\\alice\./);
    await inherited.getByLabel('Principal').fill('CONTOSO\\alice');
    await inherited.getByRole('checkbox', { name: /ms-Exch-SMTP-Submit/ }).check();
    await inherited.getByRole('button', { name: 'Add permission' }).click();
    await expect(inherited.getByRole('status').filter({ hasText: `Granted 1 right to CONTOSO\\alice on ${name}.` })).toBeVisible();
    await inherited.getByRole('button', { name: 'Remove the allow entry for CONTOSO\\alice' }).click();
    await page.getByRole('alertdialog', { name: 'Remove this inherited entry?' }).getByRole('button', { name: 'Remove' }).click();
    await expect(inherited.getByRole('status').filter({ hasText: `The entry for CONTOSO\\alice was removed from ${name}.` })).toBeVisible();

    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('alertdialog', { name: `Delete ${name}?` }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${name} was deleted.` })).toBeVisible();
    await expect(page.getByRole('rowheader', { name, exact: true })).toHaveCount(0);
  });

  test('Users: create an account, reset its password in the dialog, disable it after confirming', async ({ openAs }, testInfo) => {
    const page = await openAs(ADMIN);
    const username = uniqueName('clerk', testInfo);
    await page.goto('/users');
    const form = page.getByRole('region', { name: 'New console account' });
    await form.getByLabel('User name').fill(username);
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.getByLabel('Initial password')).toHaveAccessibleDescription(/Use at least 12 characters/);
    await form.getByLabel('Initial password').fill('velvet compass harbour 9');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.getByRole('status')).toHaveText(`${username} can now sign in as help desk.`);

    await page.getByRole('button', { name: `Reset password of ${username}` }).click();
    const dialog = page.getByRole('dialog', { name: `Reset the password of ${username}` });
    await dialog.getByLabel('New password', { exact: true }).fill('lantern meadow copper 4');
    await dialog.getByLabel('Confirm the new password').fill('lantern meadow copper 4');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect(page.getByRole('status').filter({ hasText: `The password of ${username} was reset; its sessions were ended.` })).toBeVisible();

    await page.getByRole('button', { name: `Disable ${username}` }).click();
    await page.getByRole('alertdialog', { name: `Disable ${username}?` }).getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${username} is disabled.` })).toBeVisible();
    await expect(page.getByTestId(`account-${username}`)).toContainText('Disabled');
  });
});
