import { expectAccessible } from '../support/a11y.ts';
import { ADMIN, expect, test } from '../support/fixtures.ts';
import { WizardPage } from '../support/wizard.ts';

const relayDraft = (name: string, range: string) => ({
  server: 'HUB01',
  name,
  usage: 'Custom',
  bindings: ['0.0.0.0:25'],
  remoteIPRanges: [range],
  permissionGroups: ['AnonymousUsers'],
  authMechanism: ['Tls'],
});

test.describe('Connector administration corrections (issue 9, items 11–13)', () => {
  test('remove a connector from the list: the confirmation names what goes, the audit log says Remove-ReceiveConnector', async ({ openAs, adminApi }, testInfo) => {
    const connector = await adminApi.createConnector(relayDraft('Old Scanner', '10.0.0.81'));
    const page = await openAs(ADMIN);
    await page.goto('/connectors');
    await page.getByRole('button', { name: 'Remove Old Scanner' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Remove Old Scanner?' });
    await expect(dialog).toContainText('This removes the receive connector Old Scanner from HUB01, with its bindings ((All available):25), its remote IP range');
    await expectAccessible(page, testInfo, 'remove confirmation');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Old Scanner was removed from HUB01.' })).toBeVisible();
    await expect(page.getByRole('rowheader', { name: /Old Scanner/ })).toHaveCount(0);

    const audit = await page.request.get(`/api/audit?connectorId=${connector.id}&action=connector.delete`);
    const [event] = (await audit.json()) as { actor: string; shell: string }[];
    expect(event?.shell).toBe("Remove-ReceiveConnector -Identity 'HUB01\\Old Scanner' -Confirm:$false");
  });

  test('remove from the properties sends If-Match: a connector changed meanwhile is not removed unseen', async ({ openAs, adminApi, consoleGuard }) => {
    const connector = await adminApi.createConnector(relayDraft('Busy Relay', '10.0.0.82'));
    consoleGuard.allow(412, new RegExp(`/api/connectors/${connector.id}$`));
    const page = await openAs(ADMIN);
    await page.goto(`/connectors/${connector.id}`);
    await expect(page.getByRole('heading', { level: 1, name: /Busy Relay/ })).toBeVisible();
    await adminApi.patchConnector(connector.id, { comment: 'changed by someone else' });

    await page.getByRole('button', { name: 'Remove…' }).click();
    await page.getByRole('alertdialog', { name: 'Remove Busy Relay?' }).getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The connector was not removed' })).toBeVisible();
    expect(await adminApi.connectorByName('HUB01', 'Busy Relay')).toBeDefined();

    await page.reload();
    await page.getByRole('button', { name: 'Remove…' }).click();
    await page.getByRole('alertdialog', { name: 'Remove Busy Relay?' }).getByRole('button', { name: 'Remove' }).click();
    await expect(page).toHaveURL(/\/connectors$/);
    await expect(page.getByRole('status').filter({ hasText: 'Busy Relay was removed from HUB01.' })).toBeVisible();
  });

  test('the wizard checks names against current data: a name freed elsewhere is accepted without a reload', async ({ openAs, adminApi }) => {
    const taken = await adminApi.createConnector(relayDraft('Copier Relay', '10.0.0.83'));
    const page = await openAs(ADMIN);
    const wizard = new WizardPage(page);
    await page.goto('/connectors/new?server=HUB01');
    await page.getByLabel('Name:').fill('Copier Relay');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await wizard.expectStep('Introduction');
    await expect(page.getByLabel('Name:')).toHaveAttribute('aria-invalid', 'true');

    await adminApi.deleteConnector(taken.id);
    await wizard.next('Local network settings');
  });

  test('a binding and range conflict marks the range row, is announced, takes focus and says it once', async ({ openAs, adminApi }) => {
    await adminApi.createConnector(relayDraft('Existing Printers', '10.0.0.90-10.0.0.99'));
    const page = await openAs(ADMIN);
    const wizard = new WizardPage(page);
    await page.goto('/connectors/new?server=HUB01');
    await page.getByLabel('Name:').fill('Overlapping Printers');
    await wizard.next('Local network settings');
    await wizard.next('Remote network settings');
    await wizard.setRanges(['10.0.0.95-10.0.0.120']);
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    const range = wizard.range(1);
    await expect(range).toBeFocused();
    await expect(range).toHaveAttribute('aria-invalid', 'true');
    await expect(range).toHaveAccessibleDescription(/conflict with the settings on Receive connector "HUB01\\Existing Printers"/);
    await expect(range).toHaveAccessibleDescription(/Both listen on 0\.0\.0\.0:25, and the range 10\.0\.0\.95-10\.0\.0\.120 partially overlaps/);
    await expect(page.getByTestId('range-ok')).toHaveCount(0);
    await expect(page.getByTestId('wizard-announcement')).toHaveText('Remote network settings: one problem to fix before going on.');
    await expect(page.getByText(/conflict with the settings on Receive connector/)).toHaveCount(1);
  });

  test('a resumed wizard draft says so and can start over', async ({ openAs }) => {
    const page = await openAs(ADMIN);
    const wizard = new WizardPage(page);
    await page.goto('/connectors/new?server=HUB01');
    await expect(page.getByTestId('resumed-draft')).toHaveCount(0);
    await page.getByLabel('Name:').fill('Half Done');
    await wizard.next('Local network settings');
    await page.reload();
    await wizard.expectStep('Local network settings');
    await expect(page.getByTestId('resumed-draft')).toContainText('Continuing your draft from');
    await page.getByRole('button', { name: 'Start over' }).click();
    await wizard.expectStep('Introduction');
    await expect(page.getByLabel('Name:')).toHaveValue('');
    await expect(page.getByTestId('resumed-draft')).toHaveCount(0);
  });

  test('setup\'s Default and Client connectors show no usage; a wizard connector shows its usage, unlike the Custom chip', async ({ openAs, adminApi }) => {
    await adminApi.createConnector(relayDraft('Usage Shown', '10.0.0.84'));
    const page = await openAs(ADMIN);
    await page.goto('/connectors');
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
    await expect(row('Usage Shown').locator('.usage')).toHaveText('Usage: Custom');
    await expect(row('Default HUB01').getByRole('rowheader')).not.toContainText('Usage');
    await expect(row('Client HUB01').getByRole('rowheader')).not.toContainText('Usage');
  });

  test('warnings and wording: Exchange users without sign-in, an empty port, a name of spaces', async ({ openAs }) => {
    const page = await openAs(ADMIN);
    const wizard = new WizardPage(page);
    await page.goto('/connectors/new?server=HUB01');
    await page.getByLabel('Name:').fill('   ');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page.getByLabel('Name:')).toHaveAccessibleDescription(/The connector name is required\./);

    await page.getByLabel('Name:').fill('Sign-in Check');
    await wizard.next('Local network settings');
    const port = page.getByRole('textbox', { name: 'Port of binding 1' });
    await port.fill('');
    await expect(port).toHaveAccessibleDescription('A port is required, for example 25.');
    await port.fill('2526');
    await wizard.next('Remote network settings');
    await wizard.setRanges(['10.0.0.85']);
    await wizard.next('Permission groups');
    await wizard.group('Exchange users').check();
    await expect(page.getByTestId('sign-in-warning')).toContainText('Exchange users is ticked, but this connector offers no way to sign in');
    await wizard.next('Authentication');
    await expect(page.getByTestId('sign-in-warning')).toBeVisible();
    await wizard.auth('Basic Authentication').check();
    await expect(page.getByTestId('sign-in-warning')).toHaveCount(0);
  });

  test('History shows a permission entry change as the entry', async ({ openAs, adminApi }) => {
    const connector = await adminApi.createConnector(relayDraft('History Relay', '10.0.0.86'));
    await adminApi.addPermission(connector.id, { user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: false });
    const page = await openAs(ADMIN);
    await page.goto(`/connectors/${connector.id}?tab=history`);
    const history = page.getByTestId('history');
    await expect(history).toContainText('Allow NT AUTHORITY\\ANONYMOUS LOGON: ms-Exch-SMTP-Accept-Any-Recipient');
    await expect(history.getByRole('listitem').filter({ hasText: 'Added permissions' })).not.toContainText('Custom');
  });
});
