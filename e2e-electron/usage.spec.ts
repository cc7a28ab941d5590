import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronPath, root } from './electron-path';
import { generateStateDb } from '../src/core/usage/statedb-fixture';


test('usage analytics run in the worker thread of the desktop app and answer over IPC', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'sb-electron-usage-'));
  copyFileSync(path.join(root, 'test', 'fixtures', 'configs', 'hermes-sample.yaml'), path.join(home, 'config.yaml'));
  generateStateDb(path.join(home, 'state.db'), { sessions: 60, days: 100, now: Date.now() / 1000, seed: 18 });
  const app = await electron.launch({
    executablePath: electronPath(),
    args: [root, '--home', home, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, HERMES_SWITCHBOARD_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'sb-electron-data-')) },
  });
  const page = await app.firstWindow();
  await expect(page.getByTestId('usage')).toHaveAttribute('data-window', 'days:30');
  await expect(page.getByTestId('usage-runtime')).toHaveAttribute('data-mode', 'worker');
  await expect(page.getByTestId('usage-card').first()).toBeVisible();
  await page.getByTestId('period-7').click();
  await expect(page.getByTestId('usage')).toHaveAttribute('data-window', 'days:7');
  await app.close();
});
