import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { BackupStore } from '../src/core/backups/backup-store';
import { expect, tempHome, test, type Host } from './fixtures';

const SAMPLE = path.join(__dirname, '..', 'test', 'fixtures', 'configs', 'hermes-sample.yaml');
const read = (p: string) => readFileSync(p, 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const VISION_BEFORE = '  vision:\n    provider: openrouter\n    model: google/gemini-3.5-flash\n';
const VISION_AFTER = '  vision:\n    provider: nous\n    model: z-ai/glm-5.2\n';
const FALLBACK_TAIL = '    key_env: OLLAMA_LOCAL_KEY\n';

function must(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`not found: ${from}`);
  return text.replace(from, to);
}

/** A write through the app's own channels (the raw editor's save): a transaction with a backup. */
async function saveThroughApp(host: Host, text: string): Promise<void> {
  const raw = (await host.api('POST', '/api/rpc/config.readRaw', {})).json as { ok: boolean; data: { hash: string } };
  const saved = await host.api('POST', '/api/rpc/config.saveRaw', { text, baseHash: raw.data.hash });
  expect(saved.status).toBe(200);
}

async function backupCount(host: Host): Promise<number> {
  const r = (await host.api('GET', '/api/backups')).json as { backups: unknown[] };
  return r.backups.length;
}

/** Three changes: main model (app), fallback chain (an outside editor), vision model (app). */
async function makeThreeChanges(host: Host, config: string) {
  const v0 = read(config);
  const v1 = must(v0, '  default: anthropic/claude-sonnet-5\n  provider: openrouter\n  base_url: https://openrouter.ai/api/v1\n', '  default: claude-opus-4-8\n  provider: anthropic\n');
  await saveThroughApp(host, v1);
  expect(read(config)).toBe(v1);

  const v2 = must(v1, FALLBACK_TAIL, `${FALLBACK_TAIL}  - provider: nous\n    model: z-ai/glm-5.2\n`);
  writeFileSync(config, v2);
  await expect.poll(() => backupCount(host), { timeout: 10_000 }).toBe(2);
  expect(read(config)).toBe(v2);

  const v3 = must(v2, VISION_BEFORE, VISION_AFTER);
  await saveThroughApp(host, v3);
  expect(read(config)).toBe(v3);
  return { v0, v1, v2, v3 };
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, animations: 'disabled' });
}

test('timeline: three changes, their summaries, a diff of two entries, restore only auxiliary, undo — checked on disk', async ({ page, hosts }) => {
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  copyFileSync(SAMPLE, config);
  const host = await hosts({ home });
  const { v0, v2, v3 } = await makeThreeChanges(host, config);

  await page.goto(`${host.url}#/backups`);
  const items = page.getByTestId('backup-item');
  await expect(items).toHaveCount(3);
  await expect(page.getByTestId('backup-summary')).toHaveText([
    'vision: openrouter · google/gemini-3.5-flash → nous · z-ai/glm-5.2',
    'changed outside Switchboard: fallback: +1 entry',
    'main: openrouter · anthropic/claude-sonnet-5 → anthropic · claude-opus-4-8',
  ]);
  await expect(items.nth(1)).toContainText('outside change');
  await screenshot(page, 'backups-timeline');

  // Diff two entries, chosen with the keyboard: the oldest (v0) and the newest (v2).
  await items.first().focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(2)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('select-backup').nth(0)).toBeChecked();
  await expect(page.getByTestId('select-backup').nth(2)).toBeChecked();
  await page.getByTestId('compare-selected').click();
  const dialog = page.getByTestId('compare-dialog');
  await expect(dialog).toBeVisible();
  const changed = dialog.locator('[data-testid="diff-section"]:not(.diff-section-unchanged)');
  await expect(changed).toHaveCount(2);
  await expect(changed.nth(0)).toHaveAttribute('data-section', 'model');
  await expect(changed.nth(1)).toHaveAttribute('data-section', 'fallback_providers');
  await expect(changed.nth(0).getByTestId('diff-line-add')).toHaveText(['  default: claude-opus-4-8', '  provider: anthropic']);
  await expect(changed.nth(1).getByTestId('diff-line-add')).toHaveText(['  - provider: nous', '    model: z-ai/glm-5.2']);
  await expect(dialog.getByTestId('compare-summary')).toContainText('+4');
  await dialog.getByTestId('toggle-unchanged').click();
  await expect(dialog.locator('[data-section="auxiliary"]')).toHaveClass(/diff-section-unchanged/);
  await dialog.getByTestId('toggle-unchanged').click();
  await dialog.getByTestId('diff-mode-split').click();
  await expect(dialog.getByTestId('diff-view')).toHaveAttribute('data-mode', 'split');
  await expect(changed.nth(1).getByTestId('diff-line-add')).toHaveCount(2);
  await screenshot(page, 'backups-compare');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(read(config)).toBe(v3); // looking changes nothing

  // Restore only auxiliary from the oldest entry.
  await items.nth(2).getByTestId('restore-button').click();
  const restore = page.getByTestId('restore-dialog');
  await restore.getByTestId('scope-sections').check();
  await restore.getByTestId('restore-group-auxiliary').locator('input').check();
  await expect(restore.getByTestId('restore-summary')).toHaveText(/^restored auxiliary from .*: vision: nous · z-ai\/glm-5\.2 → openrouter · google\/gemini-3\.5-flash$/);
  await expect(restore.getByTestId('restore-preview').getByTestId('diff-line-add')).toHaveText(['    provider: openrouter', '    model: google/gemini-3.5-flash']);
  await expect(restore.getByTestId('restore-group-model')).toContainText('differs from now');
  await screenshot(page, 'backups-restore-sections');
  await restore.getByTestId('confirm-restore').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Backup restored' })).toBeVisible();
  // Only auxiliary went back: the main model and the outside fallback change stay.
  await expect.poll(() => read(config)).toBe(v2);
  expect(read(config)).toContain('  default: claude-opus-4-8\n  provider: anthropic\n');
  expect(read(config)).toContain('  - provider: nous\n    model: z-ai/glm-5.2\n');
  await expect(items).toHaveCount(4);
  await expect(items.first()).toContainText('restore');
  await expect(items.first().getByTestId('backup-summary')).toHaveText(/^restored auxiliary from .*: vision: nous · z-ai\/glm-5\.2 → openrouter · google\/gemini-3\.5-flash$/);
  await expect(items.first().getByTestId('undo-button')).toBeVisible();

  // Undo it from the toast: the file is exactly what it was before the restore.
  await page.getByTestId('toast').filter({ hasText: 'Backup restored' }).getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => read(config)).toBe(v3);
  await expect(page.getByTestId('toast').filter({ hasText: 'Restore undone' })).toBeVisible();
  await expect(items).toHaveCount(5);
  await expect(items.first().getByTestId('backup-summary')).toHaveText(/^undid the restore of .*: vision: openrouter · google\/gemini-3\.5-flash → nous · z-ai\/glm-5\.2$/);

  // The undo is undoable too, with one click on its entry.
  await items.first().getByTestId('undo-button').click();
  await expect.poll(() => read(config)).toBe(v2);
  expect(v0).not.toBe(v2);
});

test('pins and the retention marker, skipped files, filters, a .env restore, dark mode', async ({ page, hosts }) => {
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  copyFileSync(SAMPLE, config);
  // A folder with someone else's files and a damaged backup next to ours.
  const dir = path.join(home, 'config-backups');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'README.txt'), 'my notes');
  writeFileSync(path.join(dir, '20260101T000000.000Z-config-set-main.json'), '{broken');
  writeFileSync(path.join(dir, '20260101T000000.000Z-config-set-main.bak'), 'model: x\n');
  const host = await hosts({ home });
  await host.api('POST', '/api/rpc/settings.set', { backupRetention: 2 });
  let text = read(config);
  for (const t of [30, 31, 32]) {
    text = must(text, `  timeout: ${t === 30 ? 180 : t - 1}\n# (hand-added) context`, `  timeout: ${t}\n# (hand-added) context`);
    await saveThroughApp(host, text);
  }
  await page.goto(`${host.url}#/backups`);
  const items = page.getByTestId('backup-item');
  await expect(items).toHaveCount(2);
  await expect(page.getByTestId('skipped-banner')).toContainText('README.txt');
  await expect(page.getByTestId('skipped-banner')).toContainText('metadata is not valid JSON');
  // With 2 kept, the next write removes the older one — unless it is pinned.
  await expect(items.nth(1).getByTestId('prune-marker')).toBeVisible();
  await expect(items.nth(0).getByTestId('prune-marker')).toHaveCount(0);
  await items.nth(1).getByTestId('pin-button').click();
  await expect(items.nth(1).getByTestId('pin-button')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('prune-marker')).toHaveCount(0);
  const pinnedId = await items.nth(1).getAttribute('data-backup-id');
  const pinnedMeta = JSON.parse(read(path.join(dir, `${pinnedId}.json`))) as { pinned: boolean };
  expect(pinnedMeta.pinned).toBe(true);
  expect(statSync(path.join(dir, `${pinnedId}.json`)).mode & 0o777).toBe(0o600);
  expect(statSync(path.join(dir, `${pinnedId}.bak`)).mode & 0o777).toBe(0o600);

  // A .env backup (as the keys page writes them): listed under its filter, compared masked, restored whole.
  const envPath = path.join(home, '.env');
  const oldEnv = 'OPENROUTER_API_KEY=sk-or-v1-0000000000000000000000000001\n';
  const newEnv = oldEnv + 'ANTHROPIC_API_KEY=sk-ant-api03-secretsecretsecret-7777\n';
  writeFileSync(envPath, newEnv, { mode: 0o600 });
  await new BackupStore(dir).create({ file: 'env', content: oldEnv, reason: 'keys', summary: 'keys: +ANTHROPIC_API_KEY', nextSha256: sha256(newEnv) });
  await page.reload();
  await page.getByTestId('filter-file-env').click();
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('.env');
  await items.first().getByTestId('compare-button').click();
  const compare = page.getByTestId('compare-dialog');
  await expect(compare.getByTestId('diff-line-add')).toHaveText('ANTHROPIC_API_KEY=••••7777');
  await expect(compare).not.toContainText('secretsecret');
  await page.keyboard.press('Escape');
  await items.first().getByTestId('restore-button').click();
  await expect(page.getByTestId('scope-sections')).toBeDisabled();
  await page.getByTestId('confirm-restore').click();
  await expect.poll(() => read(envPath)).toBe(oldEnv);
  // The restore is an entry too; with 2 kept, it pushed out the newest unpinned config backup, not the pinned one.
  await expect(items).toHaveCount(2);
  await page.getByTestId('filter-file-config').click();
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-backup-id', pinnedId!);
  await page.getByTestId('filter-reason').selectOption('keys');
  await expect(page.getByText('No entries match these filters')).toBeVisible();
  await page.getByRole('button', { name: 'Show all' }).click();
  await expect(items).toHaveCount(3);

  await host.api('POST', '/api/rpc/settings.set', { theme: 'dark' });
  await page.reload();
  await expect(items).toHaveCount(3);
  await screenshot(page, 'backups-timeline-dark');
  await items.first().getByTestId('compare-button').click();
  await expect(page.getByTestId('compare-dialog').getByTestId('diff-section').first()).toBeVisible();
  await screenshot(page, 'backups-compare-dark');
});
