import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/a11y.ts';
import { freePort, startApiProcess, type ApiProcess } from '../../apps/api/src/test/processes.ts';
import { startOidcProvider, type TestProvider } from '../../apps/api/src/test/oidc-provider.ts';

/**
 * The whole OpenID Connect code flow in Chromium: the console's sign-in page, a real provider's login and consent
 * pages (oidc-provider, run by this test), and back into the console with the role the groups claim grants.
 * The console runs as its own API process (the built web app included) configured for this provider.
 */
let provider: TestProvider;
let api: ApiProcess;
let dir: string;

test.beforeAll(async () => {
  const port = await freePort();
  const redirect = `http://127.0.0.1:${port}/api/session/oidc/callback`;
  provider = await startOidcProvider({ redirectUrl: redirect, people: { oscar: { groups: ['exchange-admins'] }, quentin: { groups: ['staff'] } } });
  dir = mkdtempSync(join(tmpdir(), 'cc-e2e-oidc-'));
  api = await startApiProcess(
    {
      DATABASE_PATH: join(dir, 'oidc.db'),
      SEED_DEMO: '1',
      CONSOLE_ADMIN_PASSWORD: 'quiet harbour lantern 77',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clients.console.id,
      OIDC_CLIENT_SECRET: provider.clients.console.secret,
      OIDC_REDIRECT_URL: redirect,
      OIDC_ROLE_VALUES: 'admin=exchange-admins;helpdesk=help-desk',
      OIDC_DISPLAY_NAME: 'Contoso sign-in',
    },
    port,
  );
});

test.afterAll(async () => {
  await api?.stop();
  await provider?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function throughProvider(page: import('@playwright/test').Page, login: string, testInfo?: import('@playwright/test').TestInfo): Promise<void> {
  await page.goto(`${api.baseURL}/sign-in`);
  // Both configured ways are offered: the console account form and the provider's button.
  await expect(page.getByLabel('User name')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in with Contoso sign-in' })).toBeVisible();
  if (testInfo) await expectAccessible(page, testInfo, 'sign-in page with OpenID Connect');
  await page.getByRole('link', { name: 'Sign in with Contoso sign-in' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password at the provider');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('signs in through the OpenID provider and lands in the console with the role of the groups claim', async ({ page }, testInfo) => {
  await throughProvider(page, 'oscar', testInfo);
  await expect(page).toHaveURL(`${api.baseURL}/connectors`);
  await expect(page.getByText('oidc:oscar')).toBeVisible();
  await expect(page.getByText('(Administrator)')).toBeVisible();
  // The session is an ordinary console session: writes carry the CSRF token and succeed.
  const csrf = await page.evaluate(async () => ((await (await fetch('/api/session')).json()) as { csrfToken: string }).csrfToken);
  const created = await page.evaluate(
    async (token) =>
      (
        await fetch('/api/accepted-domains', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': token },
          body: JSON.stringify({ domainName: 'oidc-e2e.contoso.com', domainType: 'Authoritative', isDefault: false }),
        })
      ).status,
    csrf,
  );
  expect(created).toBe(201);

  // The admin reads how sign-in is configured, and finds themselves among the users as an OpenID person.
  await page.getByRole('link', { name: 'Users' }).click();
  const settings = page.getByRole('region', { name: 'How people sign in' });
  await expect(settings).toContainText(provider.issuer);
  await expect(settings).toContainText('Administrator ← claim groups = exchange-admins');
  await expect(settings).not.toContainText(provider.clients.console.secret);
  await expect(page.getByTestId('account-oidc:oscar')).toContainText('OpenID Connect');
  await expectAccessible(page, testInfo, 'users page with sign-in settings');
});

test('sends a person whose claims grant no role back to the sign-in page with an explanation', async ({ page }) => {
  await throughProvider(page, 'quentin');
  await expect(page).toHaveURL(`${api.baseURL}/sign-in?error=sso`);
  await expect(page.getByRole('alert')).toContainText('Single sign-on did not complete');
});
