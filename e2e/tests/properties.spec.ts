import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y.ts';
import { ADMIN, expect, test } from '../support/fixtures.ts';
import { WizardPage, type StepTitle } from '../support/wizard.ts';

const PROPERTY_TABS = ['General', 'Network', 'Authentication', 'Permission Groups', 'Permissions', 'History'] as const;

async function openProperties(page: Page, id: string, name: string): Promise<void> {
  await page.goto(`/connectors/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) })).toBeVisible();
}

test.describe('Connector properties and roles (issue 4)', () => {
  test('two admins edit one connector: the second save gets the conflict dialog', async ({ openAs, adminApi, consoleGuard }) => {
    const connector = await adminApi.createConnector({
      server: 'HUB01',
      name: 'Shared Edit Relay',
      usage: 'Custom',
      bindings: ['0.0.0.0:25'],
      remoteIPRanges: ['10.0.0.90'],
      permissionGroups: ['AnonymousUsers'],
      authMechanism: ['Tls'],
    });
    // The second save is answered 412 Precondition Failed on purpose.
    consoleGuard.allow(412, new RegExp(`/api/connectors/${connector.id}$`));
    const first = await openAs(ADMIN, 'first admin');
    const second = await openAs(ADMIN, 'second admin');
    await openProperties(first, connector.id, 'Shared Edit Relay');
    await openProperties(second, connector.id, 'Shared Edit Relay');

    await test.step('the first admin saves a comment', async () => {
      await first.getByLabel('Comment:').fill('Scanner on the second floor');
      await first.getByRole('button', { name: 'Save changes…' }).click();
      const dialog = first.getByRole('dialog', { name: 'Save changes to Shared Edit Relay?' });
      await expect(dialog.getByTestId('save-diff')).toContainText('Scanner on the second floor');
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(first.getByTestId('properties-status')).toContainText('version 2');
    });

    await test.step('the second admin, still on version 1, changes the banner and is told what changed meanwhile', async () => {
      await second.getByLabel('Banner:').fill('220 Scanner relay ready');
      await second.getByRole('button', { name: 'Save changes…' }).click();
      await second.getByRole('dialog', { name: 'Save changes to Shared Edit Relay?' }).getByRole('button', { name: 'Save', exact: true }).click();
      const conflict = second.getByRole('alertdialog', { name: 'Someone else changed this connector' });
      await expect(conflict).toBeVisible();
      await expect(conflict.getByTestId('conflict-diff')).toContainText('Scanner on the second floor');
      await expect(conflict.getByRole('button', { name: 'Reload' })).toBeVisible();
      await conflict.getByRole('button', { name: 'Re-apply my changes' }).click();
      await expect(conflict).toBeHidden();
      await expect(second.getByLabel('Banner:')).toHaveValue('220 Scanner relay ready');
      await expect(second.getByLabel('Comment:')).toHaveValue('Scanner on the second floor');
    });

    await test.step('re-applied on the latest version, the save goes through', async () => {
      await second.getByRole('button', { name: 'Save changes…' }).click();
      await second.getByRole('dialog', { name: 'Save changes to Shared Edit Relay?' }).getByRole('button', { name: 'Save', exact: true }).click();
      await expect(second.getByTestId('properties-status')).toContainText('version 3');
    });
  });

  test('a help-desk account sees connectors but no create or edit control, and a forced API write gets 403', async ({
    openAs,
    helpdesk,
    adminApi,
    consoleGuard,
  }) => {
    consoleGuard.allow(403, /\/api\/connectors/);
    const internet = (await adminApi.connectorByName('HUB01', 'Internet HUB01'))!;
    const page = await openAs(helpdesk, 'help desk');

    await test.step('the list shows the connectors without New, Enable or Disable', async () => {
      await page.goto('/connectors');
      await expect(page.getByTestId('current-user')).toContainText('(Help desk)');
      await expect(page.getByRole('link', { name: 'Internet HUB01', exact: true })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Default HUB01', exact: true })).toBeVisible();
      await expect(page.getByRole('link', { name: /New Receive Connector/ })).toHaveCount(0);
      await expect(page.getByRole('button', { name: /^(Disable|Enable)\b/ })).toHaveCount(0);
      await expect(page.getByRole('columnheader', { name: 'Actions' })).toHaveCount(0);
    });

    await test.step('the properties are read-only on every tab', async () => {
      await openProperties(page, internet.id, 'Internet HUB01');
      await expect(page.getByText('Read-only: your role can view this connector but not change it.')).toBeVisible();
      for (const tab of PROPERTY_TABS) {
        await page.getByRole('tab', { name: tab }).click();
        await expect(page.getByRole('tabpanel')).toBeVisible();
        await expect(page.getByRole('tabpanel').getByRole('textbox')).toHaveCount(0);
        await expect(page.getByRole('tabpanel').getByRole('checkbox', { disabled: false })).toHaveCount(0);
        await expect(page.getByRole('tabpanel').getByRole('button', { name: /^(Add|Remove)/ })).toHaveCount(0);
      }
      await expect(page.getByRole('form', { name: /Add a permission/ })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Save changes…' })).toHaveCount(0);
    });

    await test.step('the wizard is not offered', async () => {
      await page.goto('/connectors/new');
      await expect(page.getByRole('heading', { level: 1, name: 'Not available' })).toBeVisible();
    });

    await test.step('writes forced from the page with its own cookie and CSRF token are refused with 403', async () => {
      const statuses = await page.evaluate(async (id) => {
        const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken };
        const create = await fetch('/api/connectors', {
          method: 'POST',
          headers,
          body: JSON.stringify({ server: 'HUB01', name: 'Forced', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.99'] }),
        });
        const patch = await fetch(`/api/connectors/${id}`, { method: 'PATCH', headers: { ...headers, 'if-match': '*' }, body: JSON.stringify({ comment: 'forced' }) });
        const grant = await fetch(`/api/connectors/${id}/permissions`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: false }),
        });
        return { create: create.status, patch: patch.status, grant: grant.status };
      }, internet.id);
      expect(statuses).toEqual({ create: 403, patch: 403, grant: 403 });
      expect(await adminApi.connectorByName('HUB01', 'Forced')).toBeUndefined();
    });
  });

  test('axe-core finds no serious or critical violation on any wizard step or property tab', async ({ openAs, adminApi }, testInfo) => {
    // Every page and step is analysed in full by axe-core, which takes a few seconds each on a busy two-core machine.
    test.setTimeout(300_000);
    const page = await openAs(ADMIN);
    const wizard = new WizardPage(page);
    await page.goto('/connectors/new?server=HUB01');
    await page.getByLabel('Name:').fill('Accessible Relay');
    const check = async (title: StepTitle) => {
      await wizard.expectStep(title);
      await expectAccessible(page, testInfo, `wizard step "${title}"`);
      await wizard.screenshot(testInfo, 'accessible-relay', title);
    };
    await check('Introduction');
    await wizard.next('Local network settings');
    await check('Local network settings');
    await wizard.next('Remote network settings');
    await wizard.setRanges(['010.1.1.1']);
    await expectAccessible(page, testInfo, 'wizard step "Remote network settings" with a range error');
    await wizard.range(1).fill('0.0.0.0-255.255.255.255');
    await expect(page.getByTestId('scope-warning')).toBeVisible();
    await wizard.range(1).fill('10.0.0.95');
    await check('Remote network settings');
    await wizard.next('Permission groups');
    await wizard.group('Anonymous users').check();
    await page.getByRole('button', { name: /^What it grants\s*:\s*Anonymous users$/ }).click();
    await check('Permission groups');
    await wizard.next('Authentication');
    await check('Authentication');
    await wizard.next('Relay permissions');
    await page.getByRole('radio', { name: /^Option 2:/ }).check();
    await check('Relay permissions');
    await wizard.next('New connector (review)');
    await expect(page.getByTestId('option2-added')).toBeVisible();
    await check('New connector (review)');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await check('Completion');

    await page.getByRole('link', { name: 'Open Accessible Relay' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Accessible Relay/ })).toBeVisible();
    for (const tab of PROPERTY_TABS) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('tabpanel')).toBeVisible();
      if (tab === 'History') await expect(page.getByTestId('history')).toBeVisible();
      await expectAccessible(page, testInfo, `property tab "${tab}"`);
    }

    await test.step('and on the save dialog', async () => {
      await page.getByRole('tab', { name: 'General' }).click();
      await page.getByLabel('Comment:').fill('Checked for accessibility');
      await page.getByRole('button', { name: 'Save changes…' }).click();
      await expect(page.getByRole('dialog', { name: /^Save changes to/ }).getByTestId('save-diff')).toBeVisible();
      await expectAccessible(page, testInfo, 'the save dialog');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    });

    const created = await adminApi.connectorByName('HUB01', 'Accessible Relay');
    expect(created?.permissionGroups).toEqual(['AnonymousUsers', 'Custom']);
  });
});
