import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { ApiSession, type Credentials } from './api.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, e2eServers, type E2eServer } from './env.ts';

export { expect };

export const ADMIN: Credentials = { username: ADMIN_USERNAME, password: ADMIN_PASSWORD };

interface AllowedFailure {
  status: number;
  url: RegExp;
}

/**
 * Collects what a user never should see in the console: `console.error` messages and uncaught page errors.
 * Chromium logs every 4xx/5xx answer as "Failed to load resource"; a test allows only the ones it provokes.
 */
export class ConsoleGuard {
  private readonly problems: string[] = [];
  private readonly allowed: AllowedFailure[] = [];

  /** An HTTP error answer the test provokes on purpose (the forced 403, the stale 412). */
  allow(status: number, url: RegExp): void {
    this.allowed.push({ status, url });
  }

  async watch(page: Page, who: string): Promise<void> {
    // A Content-Security-Policy violation that the page's code swallows (a library probing for eval) never
    // reaches the console by itself; report each one as an error so the guard sees it.
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'} (${event.sourceFile}:${event.lineNumber})`),
      ),
    );
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const url = message.location().url;
      const status = /status of (\d{3})/.exec(text)?.[1];
      if (status && this.allowed.some((a) => a.status === Number(status) && a.url.test(url))) return;
      this.problems.push(`[${who}] console.error: ${text}${url ? ` (${url})` : ''}`);
    });
    page.on('pageerror', (error) => this.problems.push(`[${who}] uncaught: ${error.message}`));
  }

  get unexpected(): readonly string[] {
    return this.problems;
  }
}

export interface Fixtures {
  /** The API (serving the built app) of this worker. */
  server: E2eServer;
  /** The admin account through the API, for arranging and cleaning up. */
  adminApi: ApiSession;
  consoleGuard: ConsoleGuard;
  /** A new browser context already signed in (through the API) as this account, its console watched. */
  openAs: (who: Credentials, label?: string) => Promise<Page>;
  /** A fresh help-desk console account, created by the admin through POST /api/users. */
  helpdesk: Credentials;
  /** Connectors a test creates are deleted afterwards, so every test starts from the demo organisation. */
  restoreConnectors: void;
}

let accountCounter = 0;
/** Unique, valid console user names (letters, digits, dots, hyphens). */
export function uniqueName(prefix: string, testInfo: TestInfo): string {
  accountCounter += 1;
  return `${prefix}-w${testInfo.parallelIndex}-${Date.now().toString(36)}-${accountCounter}`;
}

export const test = base.extend<Fixtures, { workerServer: E2eServer }>({
  workerServer: [
    async ({}, use, workerInfo) => {
      const servers = e2eServers();
      await use(servers[workerInfo.parallelIndex % servers.length]!);
    },
    { scope: 'worker' },
  ],
  server: async ({ workerServer }, use) => use(workerServer),
  baseURL: async ({ workerServer }, use) => use(workerServer.baseURL),

  adminApi: async ({ server }, use) => {
    const session = await ApiSession.signIn(server.baseURL, ADMIN);
    await use(session);
    await session.dispose();
  },

  consoleGuard: async ({}, use) => {
    const guard = new ConsoleGuard();
    await use(guard);
    expect(guard.unexpected, 'errors in the browser console').toEqual([]);
  },

  page: async ({ page, consoleGuard }, use) => {
    await consoleGuard.watch(page, 'page');
    await use(page);
  },

  // Playwright's screenshot-on-failure and trace cover these contexts too: they are created from its `browser`.
  openAs: async ({ browser, server, consoleGuard, viewport }, use) => {
    const opened: Page[] = [];
    const sessions: ApiSession[] = [];
    await use(async (who, label = who.username) => {
      const session = await ApiSession.signIn(server.baseURL, who);
      sessions.push(session);
      const context = await browser.newContext({ baseURL: server.baseURL, viewport, storageState: await session.storageState() });
      const page = await context.newPage();
      await consoleGuard.watch(page, label);
      opened.push(page);
      return page;
    });
    for (const page of opened) await page.context().close();
    for (const session of sessions) await session.dispose();
  },

  helpdesk: async ({ adminApi }, use, testInfo) => {
    await use(await adminApi.createAccount('helpdesk', uniqueName('helpdesk', testInfo)));
  },

  restoreConnectors: [
    async ({ adminApi }, use) => {
      const before = new Set((await adminApi.connectors()).map((c) => c.id));
      await use();
      for (const c of await adminApi.connectors()) if (!before.has(c.id)) await adminApi.deleteConnector(c.id);
    },
    { auto: true },
  ],
});
