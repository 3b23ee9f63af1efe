import { ADMIN, expect, test, uniqueName } from '../support/fixtures.ts';
import { EXTERNALLY_SECURED_RIGHTS, WizardPage } from '../support/wizard.ts';

const EXTERNALLY_SECURED = 'Externally Secured (for example, with IPsec)';

test.describe('New Receive Connector wizard (issue 4)', () => {
  test('the seed end to end: a new admin creates "CRM Application" with Option 1 and "Scanner Relay" with Option 2', async ({
    page,
    adminApi,
  }, testInfo) => {
    const newAdmin = await adminApi.createAccount('admin', uniqueName('new-admin', testInfo));

    await test.step('sign in on the sign-in page', async () => {
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Connector Console' })).toBeVisible();
      await page.getByLabel('User name').fill(newAdmin.username);
      await page.getByLabel('Password').fill(newAdmin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('current-user')).toContainText(`${newAdmin.username} (Administrator)`);
      await page.getByLabel('Server', { exact: true }).selectOption('HUB01');
      await expect(page.getByRole('heading', { level: 1, name: 'Receive connectors on HUB01' })).toBeVisible();
    });

    const wizard = new WizardPage(page);
    await test.step('CRM Application: introduction, local and remote network', async () => {
      await page.getByRole('link', { name: 'New Receive Connector…' }).click();
      await wizard.expectStep('Introduction');
      await page.getByLabel('Name:').fill('CRM Application');
      await page.getByLabel('Server:').selectOption('HUB01');
      await expect(page.getByRole('radio', { name: 'Custom' })).toBeChecked();
      await wizard.screenshot(testInfo, 'crm-application', 'Introduction');

      await wizard.next('Local network settings');
      await expect(page.getByLabel('Local IP address 1')).toHaveValue('0.0.0.0');
      await expect(page.getByLabel('Local IP address 1').locator('option:checked')).toHaveText('(All available)');
      await expect(page.getByRole('textbox', { name: 'Port of binding 1' })).toHaveValue('25');
      await wizard.screenshot(testInfo, 'crm-application', 'Local network settings');

      await wizard.next('Remote network settings');
      await wizard.setRanges(['10.0.0.50', '10.0.0.52']);
      await expect(page.getByTestId('range-ok')).toHaveText([/10\.0\.0\.50\s*·\s*1 address/, /10\.0\.0\.52\s*·\s*1 address/]);
      await wizard.screenshot(testInfo, 'crm-application', 'Remote network settings');
    });

    await test.step('CRM Application: Externally Secured stays disabled until Exchange servers is checked', async () => {
      await wizard.next('Permission groups');
      await wizard.next('Authentication');
      const externallySecured = wizard.auth(EXTERNALLY_SECURED);
      // Unavailable but reachable by keyboard (issue 9 item 22), with only the way forward and a link to it (item 15).
      await expect(externallySecured).toHaveAttribute('aria-disabled', 'true');
      await externallySecured.focus();
      await expect(externallySecured).toBeFocused();
      await expect(externallySecured).toHaveAccessibleDescription(/Turn on the Exchange servers permission group first\./);
      await expect(page.getByTestId('reason-ExternalAuthoritative')).not.toContainText('clear Externally Secured');
      await page.getByTestId('reason-ExternalAuthoritative').getByRole('button', { name: 'Go to the Permission groups step' }).click();
      await wizard.expectStep('Permission groups');
      await wizard.group('Exchange servers').check();
      await wizard.screenshot(testInfo, 'crm-application', 'Permission groups');
      await wizard.next('Authentication');
      await expect(externallySecured).not.toHaveAttribute('aria-disabled', 'true');
      await expect(page.getByTestId('reason-ExternalAuthoritative')).toHaveCount(0);
      await externallySecured.check();
      await wizard.screenshot(testInfo, 'crm-application', 'Authentication');

      await wizard.next('Relay permissions');
      await expect(page.getByRole('radio', { name: `Option 1: ${EXTERNALLY_SECURED}` })).toBeChecked();
      await wizard.screenshot(testInfo, 'crm-application', 'Relay permissions');
    });

    await test.step('CRM Application: the review lists the nine rights and the shell commands', async () => {
      await wizard.next('New connector (review)');
      const summary = page.getByTestId('review-summary');
      await expect(summary).toContainText('CRM Application');
      await expect(summary).toContainText('10.0.0.50');
      await expect(summary).toContainText('10.0.0.52');
      await expect(summary).toContainText(EXTERNALLY_SECURED);

      const secured = page.getByTestId('rights-externally-secured');
      await expect(secured.getByRole('heading')).toContainText('(9 of 11 rights)');
      const granted = secured.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Allowed', exact: true }) }).getByRole('code');
      expect((await granted.allTextContents()).sort()).toEqual([...EXTERNALLY_SECURED_RIGHTS].sort());

      const shell = page.getByTestId('shell-commands');
      await expect(shell).toContainText("New-ReceiveConnector -Name 'CRM Application' -Server 'HUB01'");
      await expect(shell).toContainText("-RemoteIPRanges '10.0.0.50','10.0.0.52'");
      await expect(shell).toContainText("-AuthMechanism 'Tls','ExternalAuthoritative'");
      await expect(shell).toContainText("-PermissionGroups 'ExchangeServers'");
      await wizard.screenshot(testInfo, 'crm-application', 'New connector (review)');

      await page.getByRole('button', { name: 'New', exact: true }).click();
      await wizard.expectStep('Completion');
      await expect(page.getByTestId('completion-status')).toContainText('The Receive connector CRM Application was created on HUB01');
      await expect(page.getByTestId('shell-commands')).toContainText("New-ReceiveConnector -Name 'CRM Application'");
      await wizard.screenshot(testInfo, 'crm-application', 'Completion');
    });

    await test.step('CRM Application appears in the connector list', async () => {
      await page.getByRole('link', { name: 'Back to the connector list' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'CRM Application', exact: true }) });
      await expect(row).toBeVisible();
      await expect(row).toContainText('10.0.0.50');
      await expect(row).toContainText('10.0.0.52');
      await expect(row).toContainText('Exchange servers');
    });

    await test.step('Scanner Relay with Option 2: only Accept-Any-Recipient is added for ANONYMOUS LOGON', async () => {
      await page.getByRole('link', { name: 'New Receive Connector…' }).click();
      await wizard.expectStep('Introduction');
      await expect(page.getByLabel('Name:')).toHaveValue('');
      await page.getByLabel('Name:').fill('Scanner Relay');
      await wizard.next('Local network settings');
      await wizard.next('Remote network settings');
      await wizard.setRanges(['10.0.0.60']);
      await wizard.next('Permission groups');
      await wizard.group('Anonymous users').check();
      await wizard.next('Authentication');
      await wizard.next('Relay permissions');
      const option2 = page.getByRole('radio', { name: 'Option 2: grant ms-Exch-SMTP-Accept-Any-Recipient to NT AUTHORITY\\ANONYMOUS LOGON' });
      await option2.check();
      await wizard.next('New connector (review)');

      const added = page.getByTestId('option2-added');
      await expect(added).toContainText('NT AUTHORITY\\ANONYMOUS LOGON');
      await expect(added.getByRole('code')).toHaveText(['ms-Exch-SMTP-Accept-Any-Recipient']);
      await expect(page.getByTestId('review-permission-groups')).toContainText('Custom');
      await page.getByRole('button', { name: 'New', exact: true }).click();
      await wizard.expectStep('Completion');
      await expect(page.getByTestId('completion-status')).toContainText('The Receive connector Scanner Relay was created on HUB01');
      await expect(page.getByTestId('completion-status')).not.toContainText('relay grant failed');
    });

    await test.step('its properties read PermissionGroups back as "AnonymousUsers, Custom"', async () => {
      await page.getByRole('link', { name: 'Open Scanner Relay' }).click();
      await expect(page.getByRole('heading', { level: 1, name: /Scanner Relay/ })).toBeVisible();
      await page.getByRole('tab', { name: 'Permissions' }).click();
      await expect(page.getByTestId('permissions-readback')).toHaveText('Anonymous users, Custom');
      const anonymousRelay = page
        .getByRole('table', { name: 'Permissions on this connector' })
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: 'NT AUTHORITY\\ANONYMOUS LOGON' }) })
        .filter({ hasText: 'Added by an administrator' });
      await expect(anonymousRelay).toHaveCount(1);
      await expect(anonymousRelay.getByRole('code')).toHaveText(['ms-Exch-SMTP-Accept-Any-Recipient']);
    });
  });

  test('order and recovery: precise range errors, no jumping ahead, Back and Next keep the data, cleared options say so', async ({
    openAs,
  }) => {
    const page = await openAs(ADMIN);
    const wizard = new WizardPage(page);
    await page.goto('/connectors/new?server=HUB01');
    await wizard.expectStep('Introduction');

    await test.step('no step can be reached before the ones in front of it are complete', async () => {
      for (const later of ['Local network settings', 'Remote network settings', 'Permission groups', 'Relay permissions', 'Completion'] as const)
        await expect(wizard.railStep(later)).toBeDisabled();
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await wizard.expectStep('Introduction');
      await expect(page.getByLabel('Name:')).toHaveAttribute('aria-invalid', 'true');
      await page.getByLabel('Name:').fill('Order Check');
      await wizard.next('Local network settings');
      await wizard.next('Remote network settings');
      await expect(wizard.railStep('Permission groups')).toBeDisabled();
    });

    await test.step('a malformed range shows its precise error and keeps the other input', async () => {
      await wizard.setRanges(['010.1.1.1', '10.0.0.80']);
      await expect(page.getByTestId('range-error')).toHaveText('"010.1.1.1": leading zeros are not allowed (010 could be read as octal)');
      await expect(wizard.range(1)).toHaveAttribute('aria-invalid', 'true');
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await wizard.expectStep('Remote network settings');
      await expect(wizard.range(1)).toHaveValue('010.1.1.1');
      await expect(wizard.range(2)).toHaveValue('10.0.0.80');
      await expect(page.getByTestId('range-error')).toBeVisible();
      await expect(wizard.railStep('Permission groups')).toBeDisabled();

      await wizard.range(1).fill('10.0.0.81');
      await expect(page.getByTestId('range-error')).toHaveCount(0);
      await wizard.next('Permission groups');
    });

    await test.step('Back and Next keep the data, and so does a reload', async () => {
      await wizard.back('Remote network settings');
      await expect(wizard.range(1)).toHaveValue('10.0.0.81');
      await expect(wizard.range(2)).toHaveValue('10.0.0.80');
      await wizard.back('Local network settings');
      await wizard.back('Introduction');
      await expect(page.getByLabel('Name:')).toHaveValue('Order Check');
      await wizard.next('Local network settings');
      await wizard.next('Remote network settings');
      await expect(wizard.range(1)).toHaveValue('10.0.0.81');
      await expect(wizard.range(2)).toHaveValue('10.0.0.80');
      await page.reload();
      await wizard.expectStep('Remote network settings');
      await expect(wizard.range(1)).toHaveValue('10.0.0.81');
      await expect(wizard.range(2)).toHaveValue('10.0.0.80');
      await wizard.next('Permission groups');
    });

    await test.step('turning Exchange servers off clears Externally Secured with a notice', async () => {
      await wizard.group('Exchange servers').check();
      await wizard.next('Authentication');
      await wizard.auth(EXTERNALLY_SECURED).check();
      await wizard.back('Permission groups');
      await wizard.group('Exchange servers').uncheck();
      await expect(page.getByTestId('cleared-notice')).toContainText(`${EXTERNALLY_SECURED} was cleared.`);
      await expect(page.getByTestId('cleared-notice')).not.toContainText('clear Externally Secured');
      await wizard.next('Authentication');
      await expect(wizard.auth(EXTERNALLY_SECURED)).not.toBeChecked();
      await expect(wizard.auth(EXTERNALLY_SECURED)).toHaveAttribute('aria-disabled', 'true');
    });

    await test.step('Cancel asks before discarding the draft', async () => {
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Discard this new connector?' });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Keep editing' }).click();
      await expect(dialog).toBeHidden();
      await wizard.expectStep('Authentication');
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog.getByRole('button', { name: 'Discard' }).click();
      await expect(page).toHaveURL(/\/connectors$/);
    });
  });

  test('a binding and range conflict with an existing connector shows on the Remote network step and names it', async ({ openAs, adminApi }) => {
    await adminApi.createConnector({
      server: 'HUB01',
      name: 'Existing App Relay',
      usage: 'Custom',
      bindings: ['0.0.0.0:25'],
      remoteIPRanges: ['10.0.0.70-10.0.0.79'],
      permissionGroups: ['AnonymousUsers'],
      authMechanism: ['Tls'],
    });
    const page = await openAs(ADMIN);
    const wizard = new WizardPage(page);
    await page.goto('/connectors/new?server=HUB01');
    await page.getByLabel('Name:').fill('Overlapping Relay');
    await wizard.next('Local network settings');
    await wizard.next('Remote network settings');
    await wizard.setRanges(['10.0.0.75-10.0.0.90']);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await wizard.expectStep('Remote network settings');
    await expect(wizard.body).toContainText('conflict with the settings on Receive connector "HUB01\\Existing App Relay"');
    await expect(wizard.railStep('Permission groups')).toBeDisabled();
  });
});
