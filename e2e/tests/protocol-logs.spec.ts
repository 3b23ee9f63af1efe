import type { OrganisationDocument } from '../../packages/api-contract/src/index.ts';
import type { SimulateRequest } from '../../packages/connector-engine/src/index.ts';
import { renderProtocolLog } from '../../packages/exchange-formats/src/protocol-log/render.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible } from '../support/a11y.ts';
import { ARTIFACTS_DIR } from '../support/env.ts';
import { expect, test } from '../support/fixtures.ts';

const hub = { server: 'HUB01', tls: false, helo: 'client.example' };
/** A morning on HUB01: the CRM server and a spammer refused on Internet HUB01, internal mail accepted. */
const CASES: SimulateRequest[] = [
  { ...hub, localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', mailFrom: 'crm@contoso.com', rcptTo: ['partner@external.net'] },
  { ...hub, localEndpoint: '10.0.0.11:25', remoteIp: '10.0.0.50', mailFrom: 'crm@contoso.com', rcptTo: ['alice@contoso.com'] },
  { ...hub, localEndpoint: '10.0.0.11:25', remoteIp: '198.51.100.7', mailFrom: 'x@spam.example', rcptTo: ['victim@elsewhere.example'] },
  { ...hub, localEndpoint: '10.0.0.11:25', remoteIp: '192.0.2.33', mailFrom: 'news@partner.example', rcptTo: ['bob@contoso.com'] },
];

test.describe('Protocol logs (issue 12)', () => {
  test('a help-desk agent uploads a log, filters the relay refusals and opens one in the troubleshooter', async ({ openAs, helpdesk, adminApi }, testInfo) => {
    const exported = await adminApi.getJson<OrganisationDocument>('/api/export/organisation.json');
    const log = renderProtocolLog(exported, CASES, new Date('2026-11-02T08:00:00.000Z'));

    const agent = await openAs(helpdesk, 'help desk');
    await agent.goto('/protocol-logs');
    await expect(agent.getByRole('heading', { level: 1, name: 'Protocol logs' })).toBeVisible();

    await test.step('upload: every session agrees with the console', async () => {
      await agent.getByLabel('Protocol log files').setInputFiles({ name: 'RECV20261102-1.LOG', mimeType: 'text/plain', buffer: Buffer.from(log) });
      await agent.getByRole('button', { name: 'Upload and replay' }).click();
      await expect(agent.getByRole('status').filter({ hasText: 'Read 4 sessions; 100% of the comparable ones agree with the console.' })).toBeVisible();
      await expect(agent.getByRole('heading', { name: 'Replay: 100% of 4 comparable sessions agree (4 sessions)' })).toBeVisible();
      await expect(agent.getByRole('table', { name: 'Sources of 550 5.7.1 Unable to relay' })).toContainText('198.51.100.7');
      await expectAccessible(agent, testInfo, 'protocol logs');
    });

    await test.step('filter the relay refusals', async () => {
      await agent.getByLabel('Outcome').selectOption('relay refused');
      await agent.getByRole('button', { name: 'Filter', exact: true }).click();
      await expect(agent.getByText('2 sessions', { exact: true })).toBeVisible();
      await expect(agent.getByTestId('log-session')).toHaveCount(2);
    });

    await test.step('the first refusal beside its replay, then in the troubleshooter', async () => {
      await agent.getByTestId('log-session').filter({ hasText: '10.0.0.50' }).getByRole('button', { name: /^Show/ }).click();
      const dialogue = agent.getByRole('table', { name: 'The logged dialogue beside the replay' });
      await expect(dialogue.getByRole('row').filter({ hasText: 'RCPT TO:<partner@external.net>' })).toContainText('550 5.7.1 Unable to relay');
      await agent.getByRole('link', { name: 'Open in the troubleshooter' }).click();
      await expect(agent).toHaveURL(/\/troubleshoot\?server=HUB01&endpoint=10.0.0.11%3A25&ip=10.0.0.50/);
      await expect(agent.getByTestId('simulation').getByTestId('verdict')).toContainText('550 5.7.1 Unable to relay');
      await agent.getByText('What the protocol log would show').click();
      await expect(agent.getByTestId('protocol-log-preview')).toContainText('HUB01\\Internet HUB01,08DE1A0000000001,');
      await expect(agent.getByTestId('protocol-log-preview')).toContainText('>,550 5.7.1 Unable to relay,');
    });

    await test.step('a log the console disagrees with: the disagreements by cause, one side by side (README screenshots)', async () => {
      const dir = join(ARTIFACTS_DIR, 'protocol-logs');
      mkdirSync(dir, { recursive: true });
      // What HUB01 really did: relayed for the CRM server (an entry the console lacks) and took the partner's
      // session on a connector the console does not know.
      const drifted = log
        .split('\r\n')
        .map((line) =>
          line.includes(',08DE1A0000000000,')
            ? line.replace('SMTPSubmit SMTPAcceptAnySender', 'SMTPSubmit SMTPAcceptAnyRecipient SMTPAcceptAnySender').replace('550 5.7.1 Unable to relay', '250 2.1.5 Recipient OK')
            : line.replace(/HUB01\\Internet HUB01(,08DE1A0000000003,)/, 'HUB01\\Fax Relay$1'),
        )
        .join('\r\n');
      await agent.goto('/protocol-logs');
      await agent.getByLabel('Protocol log files').setInputFiles({ name: 'RECV20261102-2.LOG', mimeType: 'text/plain', buffer: Buffer.from(drifted) });
      await agent.getByRole('button', { name: 'Upload and replay' }).click();
      const causes = agent.getByRole('table', { name: 'Disagreements by cause' });
      await expect(causes).toContainText("The log's connector HUB01\\Fax Relay does not exist in the console — import the configuration again.");
      await expect(causes).toContainText('The log grants SMTPAcceptAnyRecipient to the sessions at connect (anonymous or externally secured) on HUB01\\Internet HUB01, the console does not — an entry (ms-Exch-SMTP-Accept-Any-Recipient) is missing here.');
      await expect(agent.getByRole('heading', { name: 'Replay: 50% of 4 comparable sessions agree (4 sessions)' })).toBeVisible();
      await agent.screenshot({ path: join(dir, 'sessions.png'), fullPage: true });
      await testInfo.attach('protocol logs: sessions and a disagreement', { path: join(dir, 'sessions.png'), contentType: 'image/png' });
      await agent.getByTestId('log-session').filter({ hasText: 'partner@external.net' }).getByRole('button', { name: /^Show/ }).click();
      const dialogue = agent.getByRole('table', { name: 'The logged dialogue beside the replay' });
      await expect(dialogue.getByRole('row').filter({ hasText: 'RCPT TO:<partner@external.net>' })).toContainText(/250 2\.1\.5 Recipient OK\s*550 5\.7\.1 Unable to relay\s*No/);
      await agent.locator('.log-session').screenshot({ path: join(dir, 'disagreement.png') });
      await testInfo.attach('protocol logs: the session that differs', { path: join(dir, 'disagreement.png'), contentType: 'image/png' });
    });
  });
});
