import { defineConfig } from '@playwright/test';

/** Debian's Chromium: Playwright cannot download its own browser on this machine kind (CONVENTIONS gotcha 6). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/test-results',
  // Builds the web app once and starts one real API (with its own temporary database) per worker.
  globalSetup: './support/global-setup.ts',
  // The machine has two cores: one browser per core, each against its own API.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // Tests are independent (own accounts, connectors removed afterwards, one API per worker): spread them evenly.
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { outputFolder: './artifacts/report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 30_000,
    navigationTimeout: 20_000,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_FLAGS },
  },
});
