/**
 * The fallback chain editor and routing profiles, end to end in the browser host: local fake
 * providers stand in for Anthropic, DeepSeek and a custom endpoint (pointed at through their
 * *_BASE_URL variables; keys in the temp home's .env), and every step checks config.yaml on disk.
 * Screenshots (light and dark) go to test-results/screens/.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { parseYamlText } from '../src/core/config/yaml-parse';
import { presentedKey } from '../src/core/probes/test-support/fake-provider';
import { useFakeProviders } from './fake-providers';
import { expect, tempHome, test } from './fixtures';

const SHOTS = 'test-results/screens';
const ANT_KEY = 'sk-ant-e2e-routing-key-1111';
const DS_KEY = 'sk-ds-e2e-routing-key-2222';
const fake = useFakeProviders();

function readConfig(file: string): Record<string, unknown> {
  const parsed = parseYamlText(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`config.yaml does not parse: ${parsed.error.message}`);
  return parsed.parsed.value as Record<string, unknown>;
}

function backupReasons(home: string): string[] {
  return readdirSync(path.join(home, 'config-backups'))
    .filter((f) => f.endsWith('.bak'))
    .map((f) => /-config-(.+)\.bak$/.exec(f)?.[1] ?? f)
    .sort();
}

/** The whole page: it scrolls inside the app shell, so grow the window for the shot. */
async function pageShot(page: Page, name: string, height = 1900) {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height });
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  await page.setViewportSize(size);
}

async function routingHome() {
  const anthropic = await fake({ host: '127.0.0.41', behavior: 'auth', expectedKey: ANT_KEY, models: [{ id: 'claude-opus-4-8', context_length: 1_000_000 }, { id: 'claude-sonnet-5', context_length: 1_000_000 }] });
  const deepseek = await fake({ host: '127.0.0.42', behavior: 'auth', expectedKey: DS_KEY, models: [{ id: 'deepseek-chat', context_length: 128_000 }, { id: 'deepseek-v4-pro', context_length: 1_000_000 }] });
  const dead = await fake({ host: '127.0.0.43', behavior: '500' });
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  writeFileSync(config, '# my Hermes config\nmodel:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\ndelegation:\n  max_iterations: 50   # keep me\n');
  writeFileSync(path.join(home, '.env'), `ANTHROPIC_API_KEY=${ANT_KEY}\nDEEPSEEK_API_KEY=${DS_KEY}\n`);
  const env = { ANTHROPIC_BASE_URL: anthropic.url, DEEPSEEK_BASE_URL: `${deepseek.url}/v1` };
  return { home, config, env, anthropic, deepseek, dead };
}

const picked = (page: Page, slug: string) => page.locator(`[data-testid="picker-provider"][data-slug="${slug}"]`);
const pickModel = (page: Page, id: string) => page.locator(`[data-testid="picker-model"][data-model-id="${id}"]`);

async function addWithPicker(page: Page, provider: string, model: string) {
  await page.getByTestId('main-chain-add').click();
  await expect(page.getByTestId('model-picker')).toBeVisible();
  await picked(page, provider).click();
  await pickModel(page, model).dblclick();
  await expect(page.getByTestId('model-picker')).toBeHidden();
}

test('build a chain of three, reorder by keyboard, test it against fakes (one dead); a coding profile and a toolset rule; see the file', async ({ page, hosts }) => {
  const { home, config, env, anthropic, deepseek, dead } = await routingHome();
  const host = await hosts({ home, env });
  await page.goto(`${host.url}#/fallback`);
  await expect(page.getByTestId('fallback-explainer')).toContainText('restored at the start of the next turn');
  await expect(page.getByTestId('main-chain-empty')).toBeVisible();

  // Two entries with the picker, one custom endpoint by hand.
  await addWithPicker(page, 'anthropic', 'claude-opus-4-8');
  await addWithPicker(page, 'deepseek', 'deepseek-chat');
  await page.getByTestId('main-chain-add-custom').click();
  const dialog = page.getByTestId('entry-dialog');
  await expect(page.getByTestId('entry-provider')).toHaveValue('custom');
  await page.getByTestId('entry-model').fill('test-model-large');
  // A custom entry needs a base URL: the problem shows under the field and blocks the button.
  await expect(dialog.getByTestId('entry-problem-missing_base_url')).toBeVisible();
  await expect(page.getByTestId('entry-apply')).toBeDisabled();
  await page.getByTestId('entry-base-url').fill(`${dead.url}/v1`);
  await expect(dialog.getByTestId('entry-problem-missing_base_url')).toBeHidden();
  await page.getByTestId('entry-apply').click();
  await expect(dialog).toBeHidden();

  const entries = page.getByTestId('main-chain').getByTestId('chain-entry-label');
  await expect(entries).toHaveText(['anthropic · claude-opus-4-8', 'deepseek · deepseek-chat', `custom · test-model-large`]);

  // Keyboard reorder: the custom endpoint to the top with Alt+↑ (focus stays on its handle).
  const handles = page.getByTestId('main-chain').getByTestId('chain-handle');
  await handles.nth(2).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(handles.nth(1)).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(handles.nth(0)).toBeFocused();
  await expect(page.getByTestId('main-chain').getByTestId('reorder-announcement')).toHaveText('custom · test-model-large moved to position 1 of 3.');
  await expect(entries).toHaveText(['custom · test-model-large', 'anthropic · claude-opus-4-8', 'deepseek · deepseek-chat']);
  // …and deepseek above anthropic with ↑ on its handle.
  await handles.nth(2).focus();
  await page.keyboard.press('ArrowUp');
  await expect(entries).toHaveText(['custom · test-model-large', 'deepseek · deepseek-chat', 'anthropic · claude-opus-4-8']);

  // Save: one write, backed up, the chain in that order on disk.
  await page.getByTestId('main-chain-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Fallback chain saved' })).toBeVisible();
  await expect(page.getByTestId('main-chain-save')).toBeDisabled();
  expect(readConfig(config).fallback_providers).toEqual([
    { provider: 'custom', model: 'test-model-large', base_url: `${dead.url}/v1` },
    { provider: 'deepseek', model: 'deepseek-chat' },
    { provider: 'anthropic', model: 'claude-opus-4-8' },
  ]);
  expect(readFileSync(config, 'utf8')).toContain('# my Hermes config\n');
  expect(backupReasons(home)).toEqual(['fallback']);

  // Test the chain: the dead endpoint is marked with its class and hint; DeepSeek would serve.
  await page.getByTestId('main-chain-test').click();
  const rows = page.getByTestId('main-chain').getByTestId('chain-entry');
  await expect(rows.nth(0).getByTestId('chain-verdict')).toHaveAttribute('data-verdict', 'dead');
  await expect(rows.nth(0).getByTestId('probe-class')).toHaveAttribute('data-class', 'server_error');
  await expect(rows.nth(1).getByTestId('chain-verdict')).toHaveAttribute('data-verdict', 'serves');
  await expect(rows.nth(2).getByTestId('chain-verdict')).toHaveAttribute('data-verdict', 'standby');
  await expect(page.getByTestId('main-chain-summary')).toContainText('Hermes would switch to entry 2 (deepseek · deepseek-chat)');
  await expect(rows.nth(0)).toContainText('server');
  // Each provider got its own key only.
  expect(deepseek.requests.some((r) => presentedKey(r.headers) === DS_KEY)).toBe(true);
  expect(anthropic.requests.some((r) => presentedKey(r.headers) === ANT_KEY)).toBe(true);
  expect(dead.requests.every((r) => presentedKey(r.headers) === null)).toBe(true);
  await pageShot(page, 'fallback-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await pageShot(page, 'fallback-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Routing: a coding profile and a toolset rule, tested before saving.
  await page.getByTestId('nav-routing').click();
  await expect(page.getByTestId('routing-support-note')).toContainText('Switchboard keeps them intact either way');
  await expect(page.getByTestId('profile-row-coding').getByTestId('profile-inherits')).toContainText('inherits main model');
  await page.getByTestId('profile-edit-coding').click();
  await page.getByTestId('profile-pick').click();
  await picked(page, 'anthropic').click();
  await pickModel(page, 'claude-opus-4-8').dblclick();
  await expect(page.getByTestId('model-picker')).toBeHidden();
  await expect(page.getByTestId('profile-model-input')).toHaveValue('claude-opus-4-8');
  await page.getByTestId('profile-apply').click();
  await expect(page.getByTestId('profile-row-coding').getByTestId('profile-model')).toHaveText('anthropic · claude-opus-4-8');

  await page.getByTestId('rule-add').click();
  const rule = page.getByTestId('rule-row').first();
  await rule.getByTestId('rule-values').fill('terminal, file');
  await expect(rule.getByTestId('rule-profile')).toHaveValue('coding');

  // The rule tester uses the draft on screen.
  await page.getByTestId('tester-toolsets').fill('terminal');
  await page.getByTestId('tester-goal').fill('fix the failing build');
  const result = page.getByTestId('tester-result');
  await expect(result).toHaveAttribute('data-decided-by', 'routing_rule');
  await expect(result.getByTestId('tester-rule')).toContainText('rule 1 fired (matched “terminal”)');
  await expect(result.getByTestId('tester-model')).toHaveText('anthropic · claude-opus-4-8');
  await expect(page.getByTestId('precedence-delegation').locator('[data-decided]')).toHaveAttribute('data-step', 'routing_rule');

  // A rule naming a missing profile is an error inline, and blocks saving.
  await page.getByTestId('rule-add').click();
  await page.getByTestId('rule-row').nth(1).getByTestId('rule-values').fill('web');
  await page.getByTestId('profile-delete-coding').isHidden(); // defaults cannot be deleted
  await expect(page.getByTestId('routing-save')).toBeEnabled();
  await page.getByTestId('rule-row').nth(1).getByTestId('rule-remove').click();

  await page.getByTestId('routing-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Routing saved' })).toBeVisible();
  await expect(page.getByTestId('routing-save')).toBeDisabled();
  const saved = readConfig(config);
  expect(saved.model_profiles).toEqual({ coding: { provider: 'anthropic', model: 'claude-opus-4-8' } });
  expect(saved.model_routing).toEqual({ rules: [{ if_toolsets_any: ['terminal', 'file'], profile: 'coding' }] });
  expect(saved.delegation).toEqual({ max_iterations: 50 });
  expect(readFileSync(config, 'utf8')).toContain('  max_iterations: 50   # keep me\n');
  expect(backupReasons(home)).toEqual(['fallback', 'routing']);

  // A goal with no matching toolset: the heuristic decides (research inherits the main model).
  await page.getByTestId('tester-toolsets').fill('web');
  await page.getByTestId('tester-goal').fill('summarise the latest papers');
  await expect(result).toHaveAttribute('data-decided-by', 'toolset_heuristic');
  await expect(result.getByTestId('tester-profile-result')).toHaveText('research');
  await expect(result).toContainText('inherits main model');
  await page.getByTestId('tester-toolsets').fill('file');
  await expect(result).toHaveAttribute('data-decided-by', 'routing_rule');
  await pageShot(page, 'routing-light', 2100);
  await page.emulateMedia({ colorScheme: 'dark' });
  await pageShot(page, 'routing-dark', 2100);
});

test('a missing profile blocks saving; the wizard writes only confirmed profiles; reset to defaults is backed up', async ({ page, hosts }) => {
  const { home, config, env } = await routingHome();
  writeFileSync(config, 'model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\nmodel_profiles:\n  research:\n    provider: deepseek\n    model: deepseek-v4-pro\ndelegation:\n  max_iterations: 50\n');
  const host = await hosts({ home, env });
  await page.goto(`${host.url}#/routing`);
  await expect(page.getByTestId('profile-row-research').getByTestId('profile-model')).toHaveText('deepseek · deepseek-v4-pro');

  // A rule naming a profile that is deleted afterwards: inline error, Save blocked.
  await page.getByTestId('profile-add').click();
  await page.getByTestId('profile-name-input').fill('cheap');
  await page.getByTestId('profile-model-input').fill('deepseek-chat');
  await page.getByTestId('profile-provider').fill('deepseek');
  await page.getByTestId('profile-apply').click();
  await page.getByTestId('rule-add').click();
  await page.getByTestId('rule-row').first().getByTestId('rule-values').fill('web');
  await page.getByTestId('rule-row').first().getByTestId('rule-profile').selectOption('cheap');
  await page.getByTestId('profile-delete-cheap').click();
  await expect(page.getByTestId('rule-row').first().getByTestId('routing-problem')).toContainText('The rule names the profile "cheap", which does not exist.');
  await expect(page.getByTestId('routing-blocked')).toBeVisible();
  await expect(page.getByTestId('routing-save')).toBeDisabled();
  await page.getByTestId('routing-discard').click();

  // The wizard: proposals from the live lists; research keeps its value unless changed.
  await page.getByTestId('wizard-open').click();
  const wizard = page.getByTestId('profiles-wizard');
  await expect(wizard.getByTestId('wizard-providers')).toContainText('Anthropic');
  await expect(wizard.getByTestId('wizard-keep-research')).toBeChecked();
  await expect(wizard.getByTestId('wizard-use-coding')).toBeChecked();
  await expect(wizard.getByTestId('wizard-profile-coding')).toContainText('claude-opus-4-8');
  await expect(wizard.getByTestId('wizard-profile-chat')).toContainText('Left empty: chat keeps the main model');
  // Planning: pick another model with the picker (on top of the wizard).
  await wizard.getByTestId('wizard-pick-planning').click();
  await expect(page.getByTestId('model-picker')).toBeVisible();
  await picked(page, 'deepseek').click();
  await pickModel(page, 'deepseek-chat').dblclick();
  await expect(page.getByTestId('model-picker')).toBeHidden();
  await expect(wizard.getByTestId('wizard-other-planning')).toBeChecked();
  await expect(wizard.getByTestId('wizard-profile-planning')).toContainText('deepseek · deepseek-chat');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/routing-wizard.png` });
  // Then change its mind: planning keeps its (empty) value after all.
  await wizard.getByTestId('wizard-keep-planning').check();
  await expect(wizard.getByTestId('wizard-summary')).toContainText('coding');
  await expect(wizard.getByTestId('wizard-summary')).not.toContainText('planning');
  await wizard.getByTestId('wizard-write').click();
  await expect(wizard).toBeHidden();
  await expect(page.getByTestId('toast').filter({ hasText: 'Profiles written' })).toBeVisible();
  const written = readConfig(config).model_profiles as Record<string, unknown>;
  expect(Object.keys(written).sort()).toEqual(['coding', 'research']);
  expect(written.research).toEqual({ provider: 'deepseek', model: 'deepseek-v4-pro' });
  expect(written.coding).toEqual({ provider: 'anthropic', model: 'claude-opus-4-8' });
  expect(backupReasons(home)).toEqual(['routing']);

  // Reset to defaults: confirm first; one more backed-up write.
  await page.getByTestId('routing-reset').click();
  await expect(page.getByTestId('reset-confirm')).toBeVisible();
  await page.getByTestId('reset-confirm-yes').click();
  await expect(page.getByTestId('reset-confirm')).toBeHidden();
  await expect(page.getByTestId('toast').filter({ hasText: 'Routing reset to defaults' })).toBeVisible();
  await expect(page.getByTestId('profile-row-coding').getByTestId('profile-inherits')).toBeVisible();
  expect(readConfig(config)).toEqual({ model: { provider: 'openrouter', default: 'anthropic/claude-sonnet-5' }, delegation: { max_iterations: 50 } });
  expect(backupReasons(home)).toEqual(['routing', 'routing']);
});

test('a legacy fallback_model is merged into the chain and migrated on save; side-task chains are edited on their own', async ({ page, hosts }) => {
  const anthropic = await fake({ host: '127.0.0.44', behavior: 'auth', expectedKey: ANT_KEY, models: [{ id: 'claude-haiku-4-5', context_length: 200_000 }] });
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  const sample = readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'configs', 'hermes-sample.yaml'), 'utf8');
  writeFileSync(config, `${sample}fallback_model:\n  provider: claude\n  model: claude-haiku-4-5-20251001\n`);
  writeFileSync(path.join(home, '.env'), `ANTHROPIC_API_KEY=${ANT_KEY}\n`);
  const host = await hosts({ home, env: { ANTHROPIC_BASE_URL: anthropic.url } });
  await page.goto(`${host.url}#/fallback`);

  // The effective chain: fallback_providers, then the legacy entry (an alias, offered canonically).
  await expect(page.getByTestId('legacy-banner')).toContainText('removes fallback_model');
  const main = page.getByTestId('main-chain');
  await expect(main.getByTestId('chain-entry-label')).toHaveText(['anthropic · claude-sonnet-5', 'custom · qwen3-coder:30b', 'claude · claude-haiku-4-5-20251001']);
  const legacy = main.getByTestId('chain-entry').nth(2);
  await expect(legacy).toContainText('legacy');
  await expect(legacy.locator('[data-code="alias_provider"]')).toContainText('Hermes\'s canonical id is "anthropic"');
  await expect(main.getByTestId('chain-entry').nth(0).getByTestId('chain-entry-key')).toContainText('ANTHROPIC_API_KEY ••••1111');
  await legacy.getByTestId('chain-use-suggestion').click();
  await expect(main.getByTestId('chain-entry-label').nth(2)).toHaveText('anthropic · claude-haiku-4-5-20251001');
  await pageShot(page, 'fallback-legacy-light', 2000);
  await main.getByTestId('main-chain-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'fallback_model was moved into fallback_providers' })).toBeVisible();
  const migrated = readConfig(config);
  expect(migrated.fallback_model).toBeUndefined();
  expect((migrated.fallback_providers as unknown[])[2]).toEqual({ provider: 'anthropic', model: 'claude-haiku-4-5-20251001' });
  await expect(page.getByTestId('legacy-banner')).toBeHidden();

  // The compression task's own chain: remove its second entry.
  const compression = page.getByTestId('aux-chain-compression');
  await expect(compression.getByTestId('aux-chain-compression-primary')).toHaveText('openrouter · google/gemini-3.5-flash');
  await expect(compression.getByTestId('chain-entry-label')).toHaveText(['nous · google/gemini-3.5-flash', 'custom · qwen3-coder:30b']);
  await compression.getByTestId('chain-remove').nth(1).click();
  const before = readFileSync(config, 'utf8');
  await compression.getByTestId('aux-chain-compression-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Compression chain saved' })).toBeVisible();
  const after = readFileSync(config, 'utf8');
  expect(before.replace('      - provider: custom\n        model: qwen3-coder:30b\n        base_url: http://localhost:11434/v1\n  skills_hub:', '  skills_hub:')).toBe(after);

  // A new chain for the vision task.
  await page.getByTestId('add-aux-chain-task').selectOption('vision');
  await page.getByTestId('add-aux-chain').click();
  const vision = page.getByTestId('aux-chain-vision');
  await expect(vision.getByTestId('aux-chain-vision-empty')).toBeVisible();
  await vision.getByTestId('aux-chain-vision-add').click();
  await picked(page, 'anthropic').click();
  await pickModel(page, 'claude-haiku-4-5').dblclick();
  await vision.getByTestId('aux-chain-vision-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Vision chain saved' })).toBeVisible();
  const aux = readConfig(config).auxiliary as Record<string, Record<string, unknown>>;
  expect(aux.vision!.fallback_chain).toEqual([{ provider: 'anthropic', model: 'claude-haiku-4-5' }]);
  expect(aux.vision!.download_timeout).toBe(30);
  expect(backupReasons(home)).toEqual(['fallback', 'fallback', 'fallback']);
  await page.emulateMedia({ colorScheme: 'dark' });
  await pageShot(page, 'fallback-aux-dark', 2400);
});
