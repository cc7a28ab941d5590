import { defineConfig } from '@playwright/test';

/**
 * The desktop app itself, driven through Playwright's Electron support. Needs the Electron binary
 * (downloaded by `npm start` where GitHub is reachable) and a display (use xvfb-run on a headless
 * Linux box): `npm run test:electron`. Not part of `npm test`, which runs where no binary exists.
 */
export default defineConfig({
  testDir: 'e2e-electron',
  outputDir: 'test-results/electron',
  workers: 1,
  timeout: 60_000,
  reporter: 'list',
});
