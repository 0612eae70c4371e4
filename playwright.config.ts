import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the real portal: the backend serving the built app on
 * http://localhost:7007 (see scripts/e2e.mjs, which starts it). Uses Debian's Chromium;
 * no browser is ever downloaded.
 */
export default defineConfig({
  testDir: '.',
  testMatch: [
    'packages/*/e2e-tests/**/*.test.ts',
    'plugins/*/e2e-tests/**/*.test.ts',
  ],
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'node_modules/.cache/e2e-test-results',
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
