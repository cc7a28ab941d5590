import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronPath, root } from './electron-path';


test('the desktop window is hardened and shows the models of the opened home', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'sb-electron-home-'));
  copyFileSync(path.join(root, 'test', 'fixtures', 'configs', 'hermes-sample.yaml'), path.join(home, 'config.yaml'));
  const app = await electron.launch({
    executablePath: electronPath(),
    args: [root, '--home', home, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, HERMES_SWITCHBOARD_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'sb-electron-data-')) },
  });
  const page = await app.firstWindow();
  await expect(page.getByTestId('main-model-value')).toHaveText('openrouter · anthropic/claude-sonnet-5');

  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const wc = BrowserWindow.getAllWindows()[0]!.webContents;
    return (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
  });
  expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });

  // The renderer has the contract bridge and nothing of Node.
  expect(await page.evaluate(() => typeof (globalThis as unknown as { switchboard?: unknown }).switchboard)).toBe('object');
  expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');

  // Navigation away and new windows are refused.
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toMatch(/^app:\/\/switchboard\//);
  await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/'));
  await page.waitForTimeout(500);
  expect(app.windows()).toHaveLength(1);
  await app.close();
});
