import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BackupStore } from '../src/core/backups/backup-store';
import { expect, tempHome, test } from './fixtures';

const SAMPLE = path.join(__dirname, '..', 'test', 'fixtures', 'configs', 'hermes-sample.yaml');
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

test('first run: no home offers create or demo; the demo home shows main and aux models', async ({ page, hosts }) => {
  const host = await hosts();
  await page.goto(host.url);
  await expect(page.getByTestId('first-run')).toBeVisible();
  await expect(page.getByTestId('first-run')).toContainText(host.home);
  await page.getByTestId('open-demo').click();
  await expect(page.getByTestId('main-model-value')).toHaveText('openrouter · anthropic/claude-sonnet-5');
  await expect(page.getByTestId('aux-value-compression')).toHaveText('openrouter · google/gemini-3.5-flash');
  await expect(page.getByTestId('aux-value-title_generation')).toHaveText('auto (use main model)');
  await expect(page.getByText('demo home', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/demo-models.png', fullPage: true });
});

test('first run: "Create home" makes a Hermes home with a 0600 config.yaml', async ({ page, hosts }) => {
  const host = await hosts();
  await page.goto(host.url);
  await page.getByTestId('create-home').click();
  await expect(page.getByTestId('model-settings')).toBeVisible();
  const config = path.join(host.home, 'config.yaml');
  expect(existsSync(config)).toBe(true);
  expect(statSync(config).mode & 0o777).toBe(0o600);
  expect(readFileSync(config, 'utf8')).toContain('provider: auto');
  await expect(page.getByTestId('main-model-value')).toHaveText('auto · (no model)');
});

test('loads an existing home: main model and every auxiliary task from config.yaml', async ({ page, hosts }) => {
  const home = tempHome();
  copyFileSync(SAMPLE, path.join(home, 'config.yaml'));
  const host = await hosts({ home });
  await page.goto(host.url);
  await expect(page.getByTestId('home-dir')).toHaveText(home);
  await expect(page.getByTestId('main-model-value')).toHaveText('openrouter · anthropic/claude-sonnet-5');
  await expect(page.getByTestId('aux-value-vision')).toHaveText('openrouter · google/gemini-3.5-flash');
  await expect(page.getByTestId('aux-value-curator')).toHaveText('custom · qwen3-coder:30b');
  await expect(page.getByTestId('aux-value-web_extract')).toHaveText('auto (use main model)');
  // The dashboard's 11 tasks first; the other 7 behind "More tasks".
  await expect(page.locator('[data-testid^="aux-row-"]')).toHaveCount(11);
  await page.getByTestId('aux-more-toggle').click();
  await expect(page.locator('[data-testid^="aux-row-"]')).toHaveCount(18);
});

test('restore a backup: the file on disk changes, and Undo puts it back', async ({ page, hosts }) => {
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  copyFileSync(SAMPLE, config);
  const current = readFileSync(config, 'utf8');
  const older = current.replace('provider: openrouter\n  base_url', 'provider: nous\n  base_url');
  await new BackupStore(path.join(home, 'config-backups')).create({ file: 'config', content: older, reason: 'set-main', summary: 'main: nous · x → openrouter · anthropic/claude-sonnet-5' });
  const host = await hosts({ home });
  await page.goto(`${host.url}#/backups`);
  const item = page.getByTestId('backup-item').first();
  await expect(item.getByTestId('backup-summary')).toHaveText('main: nous · x → openrouter · anthropic/claude-sonnet-5');
  await item.getByTestId('restore-button').click();
  await page.getByTestId('confirm-restore').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Backup restored' })).toBeVisible();
  await expect.poll(() => readFileSync(config, 'utf8')).toBe(older);
  await expect(page.getByTestId('backup-item').first()).toContainText('restore');
  await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => readFileSync(config, 'utf8')).toBe(current);
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('main-model-value')).toHaveText('openrouter · anthropic/claude-sonnet-5');
});

test('a broken config shows its error with line and column and stays byte-for-byte unchanged', async ({ page, hosts }) => {
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  const broken = readFileSync(SAMPLE, 'utf8').replace('  timeout: 180\n# (hand-added) context', '  timeout: [180\n# (hand-added) context');
  writeFileSync(config, broken);
  const before = sha(config);
  const host = await hosts({ home });
  await page.goto(host.url);
  await expect(page.getByTestId('config-error')).toBeVisible();
  await expect(page.getByTestId('config-error')).toContainText(/line \d+, column \d+/);
  await page.getByTestId('nav-backups').click();
  await page.getByTestId('nav-models').click();
  await page.getByTestId('open-repair').click();
  const editor = page.getByTestId('repair-text');
  await expect(editor).toBeVisible();
  await expect(page.getByTestId('repair-save')).toBeDisabled();
  await page.keyboard.press('Escape');
  expect(sha(config)).toBe(before);
  // Nothing was written and no backup was made just by looking.
  expect(existsSync(path.join(home, 'config-backups'))).toBe(false);
  await page.screenshot({ path: 'test-results/screens/broken-config.png', fullPage: true });
});

test('the repair editor validates as you type and saves only valid YAML (secrets stay masked)', async ({ page, hosts }) => {
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  const good = 'model:\n  default: x\n  provider: custom\n  api_key: sk-live-abcdefghijklmnopqrstuvwxyz123456\n';
  writeFileSync(config, good + 'broken: [1, 2\n');
  const host = await hosts({ home });
  await page.goto(host.url);
  await page.getByTestId('open-repair').click();
  const editor = page.getByTestId('repair-text');
  await expect(editor).toHaveValue(/__switchboard_masked_secret_1__/);
  expect(await editor.inputValue()).not.toContain('abcdefghijklmnop');
  await expect(page.getByTestId('repair-status')).toContainText('Line');
  const masked = await editor.inputValue();
  await editor.fill(masked.replace('broken: [1, 2', 'broken: [1, 2]'));
  await expect(page.getByTestId('repair-status')).toHaveText('Valid YAML');
  await page.getByTestId('repair-save').click();
  await expect(page.getByTestId('main-model-value')).toHaveText('custom · x');
  expect(readFileSync(config, 'utf8')).toBe(good + 'broken: [1, 2]\n');
});

test('switching profile edits that profile’s config.yaml', async ({ page, hosts }) => {
  const home = tempHome();
  copyFileSync(SAMPLE, path.join(home, 'config.yaml'));
  mkdirSync(path.join(home, 'profiles', 'work'), { recursive: true });
  writeFileSync(path.join(home, 'profiles', 'work', 'config.yaml'), 'model:\n  default: gpt-5.5\n  provider: openai-codex\n');
  const host = await hosts({ home });
  await page.goto(host.url);
  await page.getByTestId('profile-select').selectOption('work');
  await expect(page.getByTestId('home-dir')).toHaveText(path.join(home, 'profiles', 'work'));
  await expect(page.getByTestId('main-model-value')).toHaveText('openai-codex · gpt-5.5');
});

test('an outside change reloads the view when nothing is pending', async ({ page, hosts }) => {
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  copyFileSync(SAMPLE, config);
  const host = await hosts({ home });
  await page.goto(host.url);
  await expect(page.getByTestId('aux-value-vision')).toHaveText('openrouter · google/gemini-3.5-flash');
  writeFileSync(config, readFileSync(config, 'utf8').replace('    provider: openrouter\n    model: google/gemini-3.5-flash\n    base_url: \'\'\n    api_key: \'\'\n    timeout: 120', "    provider: nous\n    model: google/gemini-3.5-flash\n    base_url: ''\n    api_key: ''\n    timeout: 120"));
  await expect(page.getByTestId('aux-value-vision')).toHaveText('nous · google/gemini-3.5-flash');
  await page.getByTestId('nav-backups').click();
  await expect(page.getByTestId('backup-item').first()).toContainText('outside change');
});

test('an outside change while the user has unsaved input raises a banner instead of reloading', async ({ page, hosts }) => {
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  writeFileSync(config, 'model:\n  default: a\n  provider: nous\n  broken: [\n');
  const host = await hosts({ home });
  await page.goto(host.url);
  await page.getByTestId('open-repair').click();
  await expect(page.getByTestId('repair-text')).toBeVisible();
  writeFileSync(config, 'model:\n  default: b\n  provider: nous\n  broken: [\n');
  await expect(page.getByTestId('external-change-banner')).toBeVisible();
  // Saving the stale editor text is a conflict: the outside version is never overwritten.
  const editor = page.getByTestId('repair-text');
  await editor.fill('model:\n  default: a\n  provider: nous\n');
  await expect(page.getByTestId('repair-status')).toHaveText('Valid YAML');
  await page.getByTestId('repair-save').click();
  await expect(page.getByTestId('repair-editor')).toContainText('changed outside Switchboard');
  expect(readFileSync(config, 'utf8')).toBe('model:\n  default: b\n  provider: nous\n  broken: [\n');
});
