import { ADMIN, test, expect } from '../support/fixtures.ts';
import { expectAccessible } from '../support/a11y.ts';

test.describe('Sign-in throttles (issue 8)', () => {
  test('a colleague who mistyped their password five times is let back in by an admin, and the clearing is audited', async ({
    page,
    openAs,
    helpdesk,
    adminApi,
    consoleGuard,
  }, testInfo) => {
    consoleGuard.allow(401, /\/api\/session$/);
    consoleGuard.allow(429, /\/api\/session$/);
    try {
      await page.goto('/');
      await page.getByLabel('User name').fill(helpdesk.username);
      for (let i = 0; i < 5; i += 1) {
        await page.getByLabel('Password').fill(`not the password ${i}`);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page.getByRole('alert')).toContainText("The user name or password is incorrect.");
      }
      await page.getByLabel('Password').fill(helpdesk.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toContainText(/Too many failed sign-ins to this account from your address/);

      const admin = await openAs(ADMIN, 'admin');
      await admin.goto('/users');
      const panel = admin.getByRole('region', { name: 'Sign-in throttles' });
      const row = panel.getByRole('row', { name: new RegExp(`${helpdesk.username} from 127\\.0\\.0\\.1`) });
      await expect(row).toContainText('Account from one address');
      await expect(row).toContainText('5');
      await expectAccessible(admin, testInfo, 'users with sign-in throttles');
      await row.getByRole('button', { name: `Clear the throttle of ${helpdesk.username} from 127.0.0.1` }).click();
      await expect(panel.getByRole('status')).toHaveText(`Cleared the throttle of ${helpdesk.username} from 127.0.0.1.`);
      await expect(row).toHaveCount(0);

      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/sign in/i);

      await admin.goto('/audit');
      await expect(admin.getByTestId('audit-event').filter({ hasText: 'Sign-in throttle cleared' }).first()).toContainText(`user:${helpdesk.username}`);
    } finally {
      await adminApi.clearSignInThrottles({ address: '127.0.0.1' });
    }
  });
});
