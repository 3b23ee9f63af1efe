import type { OrganisationDocument } from '../../packages/api-contract/src/index.ts';
import { renderCollectorFiles } from '../../packages/exchange-formats/src/testing/render-clixml.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible } from '../support/a11y.ts';
import { ARTIFACTS_DIR } from '../support/env.ts';
import { ADMIN, expect, test } from '../support/fixtures.ts';

/**
 * The real organisation has a connector the console does not know: "Fax Relay" on HUB01, made with Option 2 for the
 * fax server 10.0.0.60. The collector's files (CliXML as Export-Clixml writes it, rendered from that organisation)
 * bring it in.
 */
function withFaxRelay(doc: OrganisationDocument): OrganisationDocument {
  const internet = doc.connectors.find((c) => c.name === 'Internet HUB01')!;
  const anonymous = internet.permissions.filter((e) => e.source === 'PermissionGroup:AnonymousUsers');
  return {
    ...doc,
    connectors: [
      ...doc.connectors,
      {
        ...internet,
        name: 'Fax Relay',
        usage: 'Custom',
        remoteIPRanges: ['10.0.0.60'],
        comment: '',
        permissions: [...anonymous, { user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: false, source: 'Explicit' }],
        extras: {},
      },
    ],
  };
}

test.describe('Import from Exchange (issue 11)', () => {
  test("an admin imports the collector's files, reviews and applies; the help desk then troubleshoots relay through the imported connector", async ({
    openAs,
    helpdesk,
    adminApi,
  }, testInfo) => {
    const exported = await adminApi.getJson<OrganisationDocument>('/api/export/organisation.json');
    const files = renderCollectorFiles(withFaxRelay(exported)).map((f) => ({ name: f.name, mimeType: 'application/xml', buffer: Buffer.from(f.content) }));

    const admin = await openAs(ADMIN, 'admin');
    await admin.goto('/import');
    await expect(admin.getByRole('heading', { level: 1, name: 'Import and export' })).toBeVisible();
    await expect(admin.getByRole('link', { name: 'Download the collection script' })).toHaveAttribute('href', '/api/import/collector.ps1');

    await test.step('upload and preview: the new connector, with the commands both ways', async () => {
      await admin.getByLabel('Files').setInputFiles(files);
      await admin.getByRole('button', { name: 'Preview' }).click();
      const preview = admin.getByRole('region', { name: /Preview|Drift since the last import/ });
      await expect(preview).toContainText('1 × receive connector new');
      const change = preview.getByTestId('import-change').filter({ hasText: 'HUB01\\Fax Relay' });
      await change.getByText('Shell commands both ways').click();
      await expect(change.getByTestId('shell-commands').first()).toContainText("New-ReceiveConnector -Name 'Fax Relay' -Server 'HUB01'");
      await expect(change.getByTestId('shell-commands').first()).toContainText("-ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'");
      await expect(change.getByTestId('shell-commands').nth(1)).toContainText("Remove-ReceiveConnector -Identity 'HUB01\\Fax Relay'");
      await expectAccessible(admin, testInfo, 'import preview');
      // The README shows this preview.
      mkdirSync(join(ARTIFACTS_DIR, 'import'), { recursive: true });
      await preview.screenshot({ path: join(ARTIFACTS_DIR, 'import', 'preview.png') });
    });

    await test.step('apply', async () => {
      await admin.getByRole('button', { name: /^Apply \d+ changes?$/ }).click();
      await admin.getByRole('alertdialog', { name: 'Apply the import?' }).getByRole('button', { name: 'Apply' }).click();
      await expect(admin.getByRole('status').filter({ hasText: /^Applied \d+ changes?/ })).toBeVisible();
      await expect(admin.getByRole('region', { name: 'Import history' })).toContainText('ReceiveConnector.xml');
    });

    const agent = await openAs(helpdesk, 'help desk');
    await test.step('the help desk sees who can relay through the imported connector', async () => {
      await agent.goto('/effective-permissions');
      await agent.getByLabel('Receive connector').selectOption({ label: 'Fax Relay' });
      await expect(agent.getByRole('button', { name: 'NT AUTHORITY\\ANONYMOUS LOGON, ms-Exch-SMTP-Accept-Any-Recipient: Allowed' })).toBeVisible();
    });

    await test.step('and the troubleshooter relays the fax server through it', async () => {
      await agent.goto('/troubleshoot?server=HUB01&endpoint=10.0.0.11:25&ip=10.0.0.60&rcpt=x@external.net');
      const answer = agent.getByTestId('simulation');
      await expect(answer.getByTestId('verdict')).toContainText('Accepted by Fax Relay');
      await expect(answer.getByTestId('transcript')).toContainText('C: RCPT TO:<x@external.net>\nS: 250 2.1.5 Recipient OK');
    });

    await test.step('the help desk may export and read the history, not import', async () => {
      await agent.goto('/import');
      await expect(agent.getByRole('link', { name: 'Download shell script' })).toBeVisible();
      await expect(agent.getByLabel('Files')).toHaveCount(0);
      await expect(agent.getByRole('region', { name: 'Import history' })).toContainText('admin');
    });
  });
});
