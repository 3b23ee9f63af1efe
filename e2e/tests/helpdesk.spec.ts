import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y.ts';
import { ADMIN, expect, test, uniqueName } from '../support/fixtures.ts';
import { WizardPage, wizardDraftHref } from '../support/wizard.ts';

interface RelayCase {
  endpoint: string;
  source: string;
  recipient: string;
}

/** The troubleshooter's form, filled and run as a help-desk agent would. */
async function runCase(page: Page, c: RelayCase): Promise<Locator> {
  const form = page.getByRole('form', { name: 'The case' });
  await form.getByLabel('Server the client connects to').selectOption('HUB01');
  await form.getByLabel('Local endpoint (address and port the client connects to)').selectOption(c.endpoint);
  await form.getByLabel('Source IP address (the client)').fill(c.source);
  await form.getByLabel('Recipients (RCPT TO)').fill(c.recipient);
  await form.getByRole('button', { name: 'Run the case' }).click();
  const answer = page.getByTestId('simulation');
  await expect(answer).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`ip=${c.source.replace(/\./g, '\\.')}`));
  return answer;
}

async function openTroubleshooter(page: Page): Promise<void> {
  await page.goto('/connectors');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Troubleshoot relay' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Troubleshoot relay' })).toBeVisible();
}

/**
 * The effective-permissions view choice. The radio follows the URL, which React Router updates in a transition,
 * so it turns checked a moment after the click: click, then wait for it (check() would demand it at once).
 */
async function chooseView(page: Page, view: 'One session' | 'Every principal (matrix)'): Promise<void> {
  const radio = page.getByRole('radio', { name: view });
  await radio.click();
  await expect(radio).toBeChecked();
}

/** "X on HUB01 takes the connection": the connector the answer names as selected. */
function selectedConnector(answer: Locator, name: string): Locator {
  return answer.getByRole('paragraph').filter({ hasText: `${name} on HUB01 takes the connection` });
}

test.describe('Help-desk console (issue 5)', () => {
  test("the seed's complaint: 550 on Internet HUB01, 530 on Default HUB01, then 250 through the admin's Option 2 connector", async ({
    openAs,
    helpdesk,
  }) => {
    const agent = await openAs(helpdesk, 'help desk');
    await openTroubleshooter(agent);

    await test.step('through 10.0.0.11:25 Internet HUB01 answers 550 5.7.1 Unable to relay, and says why', async () => {
      const answer = await runCase(agent, { endpoint: '10.0.0.11:25', source: '10.0.0.50', recipient: 'x@external.net' });
      await expect(answer.getByTestId('verdict')).toHaveText('Rejected by Internet HUB01: 550 5.7.1 Unable to relay.');
      await expect(selectedConnector(answer, 'Internet HUB01')).toBeVisible();
      await expect(answer.getByTestId('transcript')).toContainText('C: RCPT TO:<x@external.net>\nS: 550 5.7.1 Unable to relay');
      const why = answer.getByTestId('explanation');
      await expect(why).toContainText('x@external.net is outside every accepted domain, so delivering it is relay');
      await expect(why).toContainText('NT AUTHORITY\\ANONYMOUS LOGON holds no ms-Exch-SMTP-Accept-Any-Recipient on Internet HUB01');
      await expect(answer.getByRole('heading', { name: /Option 2/ })).toBeVisible();
      await expect(answer.getByRole('button', { name: 'Copy for the admin' })).toBeVisible();
      // The help desk cannot change anything: no fix opens the wizard or the properties for it.
      await expect(answer.getByRole('link', { name: /Open the New Receive Connector wizard|Open the properties/ })).toHaveCount(0);
    });

    await test.step('through 10.0.0.10:25 Default HUB01 answers 530 5.7.1 Client was not authenticated, and says why that differs', async () => {
      const answer = await runCase(agent, { endpoint: '10.0.0.10:25', source: '10.0.0.50', recipient: 'x@external.net' });
      await expect(answer.getByTestId('verdict')).toHaveText('Rejected by Default HUB01: 530 5.7.1 Client was not authenticated.');
      await expect(selectedConnector(answer, 'Default HUB01')).toBeVisible();
      await expect(answer.getByTestId('transcript')).toContainText('C: MAIL FROM:<>\nS: 530 5.7.1 Client was not authenticated');
      await expect(answer.getByTestId('transcript')).not.toContainText('RCPT TO');
      const why = answer.getByTestId('explanation');
      await expect(why).toContainText('NT AUTHORITY\\ANONYMOUS LOGON holds no ms-Exch-SMTP-Submit on Default HUB01');
      await expect(why).toContainText('before any recipient is considered');
      const internet = answer.getByRole('row').filter({ has: agent.getByRole('rowheader', { name: 'Internet HUB01' }) });
      await expect(internet).toContainText('Lost');
      await expect(internet).toContainText('not listening on 10.0.0.10:25');
    });

    await test.step('an admin creates the Option 2 connector for 10.0.0.50 from the fix, in the wizard', async () => {
      const admin = await openAs(ADMIN, 'admin');
      await admin.goto('/troubleshoot?server=HUB01&endpoint=10.0.0.11:25&ip=10.0.0.50&rcpt=x@external.net');
      const fix = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: /Option 2/ }) });
      await fix.getByRole('link', { name: /Open the New Receive Connector wizard with this fix/ }).click();
      const wizard = new WizardPage(admin);
      await wizard.expectStep('Introduction');
      await expect(admin.getByLabel('Name:')).toHaveValue('Anonymous Relay 10.0.0.50');
      await wizard.next('Local network settings');
      await wizard.next('Remote network settings');
      await expect(wizard.range(1)).toHaveValue('10.0.0.50');
      await wizard.next('Permission groups');
      await expect(wizard.group('Anonymous users')).toBeChecked();
      await wizard.next('Authentication');
      await wizard.next('Relay permissions');
      await expect(admin.getByRole('radio', { name: /^Option 2:/ })).toBeChecked();
      await wizard.next('New connector (review)');
      await expect(admin.getByTestId('option2-added')).toContainText('ms-Exch-SMTP-Accept-Any-Recipient');
      await admin.getByRole('button', { name: 'New', exact: true }).click();
      await wizard.expectStep('Completion');
      await expect(admin.getByTestId('completion-status')).toContainText('Anonymous Relay 10.0.0.50 was created on HUB01');
    });

    await test.step('the same case is now accepted, by the new connector', async () => {
      const answer = await runCase(agent, { endpoint: '10.0.0.11:25', source: '10.0.0.50', recipient: 'x@external.net' });
      await expect(answer.getByTestId('verdict')).toContainText('Accepted by Anonymous Relay 10.0.0.50');
      await expect(selectedConnector(answer, 'Anonymous Relay 10.0.0.50')).toBeVisible();
      await expect(answer.getByTestId('transcript')).toContainText('C: RCPT TO:<x@external.net>\nS: 250 2.1.5 Recipient OK');
    });

    await test.step('10.0.0.99 still fails', async () => {
      const answer = await runCase(agent, { endpoint: '10.0.0.11:25', source: '10.0.0.99', recipient: 'x@external.net' });
      await expect(answer.getByTestId('verdict')).toHaveText('Rejected by Internet HUB01: 550 5.7.1 Unable to relay.');
      await expect(answer.getByTestId('transcript')).not.toContainText('250 2.1.5 Recipient OK');
    });
  });

  test('an internal recipient through Internet HUB01 is accepted without any relay right: it is not relay', async ({ openAs, helpdesk }) => {
    const agent = await openAs(helpdesk, 'help desk');
    await openTroubleshooter(agent);
    const answer = await runCase(agent, { endpoint: '10.0.0.11:25', source: '10.0.0.50', recipient: 'alice@contoso.com' });
    await expect(answer.getByTestId('verdict')).toContainText('Accepted by Internet HUB01');
    await expect(answer.getByTestId('transcript')).toContainText('C: RCPT TO:<alice@contoso.com>\nS: 250 2.1.5 Recipient OK');
    await expect(answer.getByTestId('explanation')).toContainText('alice@contoso.com: this is not relay — contoso.com is an accepted domain');
    await expect(answer.getByTestId('explanation')).toContainText('no relay right is needed');
    // The rights that decided the session: submitting, never relaying.
    await expect(answer.getByRole('listitem').filter({ hasText: 'ms-Exch-SMTP-Accept-Any-Recipient' })).toHaveCount(0);
    await expect(answer.getByRole('listitem').filter({ hasText: 'ms-Exch-SMTP-Submit' })).toContainText('held');
  });

  test('effective permissions of Default HUB01 match the domain reference', async ({ openAs, helpdesk }) => {
    const agent = await openAs(helpdesk, 'help desk');
    await agent.goto('/connectors');
    await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Effective permissions' }).click();
    await agent.getByLabel('Receive connector').selectOption({ label: 'Default HUB01' });
    await expect(agent.getByRole('table', { name: /Effective permissions on Default HUB01/ })).toBeVisible();
    await expect(agent.getByTestId('relay-summary')).toContainText('Who can relay through Default HUB01?');

    const matrixCells = (principal: string, state: 'Allowed' | 'Denied' | 'Not granted') =>
      agent.getByRole('table', { name: /Effective permissions on Default HUB01/ }).getByRole('button', { name: new RegExp(`^${principal.replace(/\\/g, '\\\\')}, (ms-Exch-[\\w-]+): ${state}$`) });
    const rightsOf = async (principal: string, state: 'Allowed' | 'Denied' | 'Not granted') =>
      (await matrixCells(principal, state).evaluateAll((buttons) => buttons.map((b) => b.textContent ?? '')))
        .map((text) => /(ms-Exch-[\w-]+)/.exec(text)?.[1])
        .sort();

    await test.step('anonymous holds nothing', async () => {
      await expect(matrixCells('NT AUTHORITY\\ANONYMOUS LOGON', 'Not granted')).toHaveCount(11);
      await chooseView(agent, 'One session');
      await agent.getByLabel('Session identity').selectOption('anonymous');
      await expect(agent.getByTestId('session-rights')).toContainText('holds 0 of 11 rights on Default HUB01');
      await chooseView(agent, 'Every principal (matrix)');
    });

    await test.step('Authenticated Users hold the four ExchangeUsers rights', async () => {
      expect(await rightsOf('NT AUTHORITY\\Authenticated Users', 'Allowed')).toEqual(
        ['ms-Exch-Accept-Headers-Routing', 'ms-Exch-Bypass-Anti-Spam', 'ms-Exch-SMTP-Accept-Any-Recipient', 'ms-Exch-SMTP-Submit'].sort(),
      );
    });

    await test.step('CONTOSO\\ExchangeLegacyInterop has the Forest and Organization header rights denied', async () => {
      expect(await rightsOf('CONTOSO\\ExchangeLegacyInterop', 'Denied')).toEqual(['ms-Exch-Accept-Headers-Forest', 'ms-Exch-Accept-Headers-Organization']);
      await agent.getByRole('button', { name: 'CONTOSO\\ExchangeLegacyInterop, ms-Exch-Accept-Headers-Forest: Denied' }).click();
      const provenance = agent.getByTestId('provenance');
      await expect(provenance).toContainText('Removed by:');
      await expect(provenance).toContainText('a deny entry it wrote for CONTOSO\\ExchangeLegacyInterop');
    });
  });

  test('the audit log shows who created a connector with its shell commands; the help desk cannot reach Users or edit the organisation', async ({
    openAs,
    adminApi,
    helpdesk,
  }, testInfo) => {
    const creator = await adminApi.createAccount('admin', uniqueName('auditor', testInfo));

    await test.step('a new admin creates "Audited Relay" in the wizard', async () => {
      const admin = await openAs(creator, 'creating admin');
      const wizard = new WizardPage(admin);
      await admin.goto(
        wizardDraftHref(
          { server: 'HUB01', name: 'Audited Relay', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.97'], permissionGroups: ['AnonymousUsers'] },
          'option2',
        ),
      );
      await expect(admin.getByLabel('Name:')).toHaveValue('Audited Relay');
      for (const step of ['Local network settings', 'Remote network settings', 'Permission groups', 'Authentication', 'Relay permissions', 'New connector (review)'] as const)
        await wizard.next(step);
      await admin.getByRole('button', { name: 'New', exact: true }).click();
      await wizard.expectStep('Completion');
    });

    const agent = await openAs(helpdesk, 'help desk');
    await test.step('the help desk reads who created it, and the commands', async () => {
      await agent.goto('/connectors');
      await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
      const filters = agent.getByRole('search', { name: 'Filter the audit log' });
      await filters.getByLabel('Connector').selectOption({ label: 'HUB01\\Audited Relay' });
      await filters.getByRole('button', { name: 'Apply filter' }).click();
      const created = agent.getByTestId('audit-event').filter({ has: agent.getByRole('heading', { name: 'Receive connector created: Audited Relay' }) });
      await expect(created).toHaveCount(1);
      await expect(created).toContainText(`By ${creator.username}`);
      await expect(created.getByTestId('shell-commands')).toContainText("New-ReceiveConnector -Name 'Audited Relay' -Server 'HUB01'");
      const granted = agent.getByTestId('audit-event').filter({ has: agent.getByRole('heading', { name: /Connector permission added: Audited Relay/ }) });
      await expect(granted).toContainText(`By ${creator.username}`);
      await expect(granted.getByTestId('shell-commands')).toContainText('Add-ADPermission');
      await expect(granted.getByTestId('shell-commands')).toContainText('NT AUTHORITY\\ANONYMOUS LOGON');
      await expect(granted.getByTestId('shell-commands')).toContainText('ms-Exch-SMTP-Accept-Any-Recipient');
    });

    const editControls = (page: Page) => page.getByRole('main').getByRole('button', { name: /^(New|Add|Edit|Delete|Remove)\b/ });
    const pages = [
      { path: '/accepted-domains', heading: 'Accepted domains', shows: 'contoso.com' },
      { path: '/servers', heading: 'Servers', shows: 'hub01.contoso.com' },
      { path: '/directory', heading: 'Directory', shows: 'CONTOSO\\alice' },
    ];

    await test.step('the help desk cannot reach Users', async () => {
      await expect(agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
      await agent.goto('/users');
      await expect(agent.getByRole('heading', { level: 1, name: 'Not available' })).toBeVisible();
    });

    await test.step('and sees no edit control on accepted domains, servers or directory', async () => {
      for (const p of pages) {
        await agent.goto(p.path);
        await expect(agent.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
        await expect(agent.getByRole('main')).toContainText(p.shows);
        await expect(editControls(agent)).toHaveCount(0);
        await expect(agent.getByRole('main').getByRole('heading', { name: /^(New |Add a permission)/ })).toHaveCount(0);
      }
    });

    await test.step('while an admin sees those controls on the same pages', async () => {
      const admin = await openAs(creator, 'admin');
      for (const p of pages) {
        await admin.goto(p.path);
        await expect(admin.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
        await expect(admin.getByRole('main')).toContainText(p.shows);
        await expect(editControls(admin).first()).toBeVisible();
      }
    });
  });

  test('axe-core finds no serious or critical violation on the help-desk pages', async ({ openAs, helpdesk }, testInfo) => {
    // Every page and step is analysed in full by axe-core, which takes a few seconds each on a busy two-core machine.
    test.setTimeout(300_000);
    const agent = await openAs(helpdesk, 'help desk');
    const nav = agent.getByRole('navigation', { name: 'Main' });
    await agent.goto('/connectors');
    await expect(agent.getByRole('heading', { level: 1, name: 'Receive connectors on HUB01' })).toBeVisible();
    await expectAccessible(agent, testInfo, 'connector list (help desk)');

    await nav.getByRole('link', { name: 'Effective permissions' }).click();
    await agent.getByLabel('Receive connector').selectOption({ label: 'Default HUB01' });
    await agent.getByRole('button', { name: 'CONTOSO\\ExchangeLegacyInterop, ms-Exch-Accept-Headers-Forest: Denied' }).click();
    await expect(agent.getByTestId('provenance')).toBeVisible();
    await expectAccessible(agent, testInfo, 'effective permissions matrix');
    await chooseView(agent, 'One session');
    await expect(agent.getByTestId('session-rights')).toBeVisible();
    await expectAccessible(agent, testInfo, 'effective permissions of one session');

    await nav.getByRole('link', { name: 'Troubleshoot relay' }).click();
    await expect(agent.getByRole('heading', { level: 1, name: 'Troubleshoot relay' })).toBeVisible();
    await expectAccessible(agent, testInfo, 'troubleshooter (empty)');
    await runCase(agent, { endpoint: '10.0.0.11:25', source: '10.0.0.50', recipient: 'x@external.net' });
    await expectAccessible(agent, testInfo, 'troubleshooter answer');

    for (const [link, heading] of [
      ['Findings', 'Findings'],
      ['Accepted domains', 'Accepted domains'],
      ['Servers', 'Servers'],
      ['Directory', 'Directory'],
      ['Audit log', 'Audit log'],
    ] as const) {
      await nav.getByRole('link', { name: link, exact: true }).click();
      await expect(agent.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(agent.getByText(/^Loading/)).toHaveCount(0);
      await expectAccessible(agent, testInfo, `${heading} (help desk)`);
    }

    const admin = await openAs(ADMIN, 'admin');
    await admin.goto('/users');
    await expect(admin.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
    await expect(admin.getByRole('main')).toContainText(helpdesk.username);
    await expectAccessible(admin, testInfo, 'Users (admin)');
    await admin.goto('/troubleshoot?server=HUB01&endpoint=10.0.0.11:25&ip=10.0.0.50&rcpt=x@external.net');
    await expect(admin.getByTestId('simulation')).toBeVisible();
    await expectAccessible(admin, testInfo, 'troubleshooter answer with the admin fix buttons');
  });
});
