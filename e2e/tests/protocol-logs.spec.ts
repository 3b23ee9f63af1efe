import type { OrganisationDocument } from '../../packages/api-contract/src/index.ts';
import type { SimulateRequest } from '../../packages/connector-engine/src/index.ts';
import { renderProtocolLog } from '../../packages/exchange-formats/src/protocol-log/render.ts';
import { expectAccessible } from '../support/a11y.ts';
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
  });
});
