import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { parseYamlText } from '../src/core/config/yaml-parse';
import { lineDiff } from '../test/helpers/line-diff';
import { startFakeModelsServer, type FakeModelsServer } from '../test/helpers/fake-models-server';
import { expect, tempHome, test } from './fixtures';

/**
 * Model Settings end to end: the browser host on a copy of Hermes's sample config, with fake local
 * `/models` servers standing in for the providers (pointed at through their *_BASE_URL env vars).
 * Every test checks config.yaml on disk. Screenshots go to test-results/screens/.
 */
const SAMPLE = path.join(__dirname, '..', 'test', 'fixtures', 'configs', 'hermes-sample.yaml');
const SHOTS = 'test-results/screens';

const OPENROUTER_LIST = {
  data: [
    { id: 'anthropic/claude-sonnet-4.6', name: 'Anthropic: Claude Sonnet 4.6', context_length: 200000, pricing: { prompt: '0.000003', completion: '0.000015' }, supported_parameters: ['tools', 'reasoning'], architecture: { input_modalities: ['text', 'image'] } },
    { id: 'acme/tiny-context', name: 'Acme Tiny', context_length: 32000, pricing: { prompt: '0.0000001', completion: '0.0000002' }, supported_parameters: ['tools'], architecture: { input_modalities: ['text'] } },
  ],
};

let servers: FakeModelsServer[] = [];

test.afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});

async function fake(options: Parameters<typeof startFakeModelsServer>[0]) {
  const s = await startFakeModelsServer(options);
  servers.push(s);
  return s;
}

/** A home with Hermes's sample config and keys for OpenRouter, Anthropic and DeepSeek (all local fakes). */
async function modelsHome(extraEnv: string[] = []) {
  const [openrouter, anthropic, deepseek] = await Promise.all([
    fake({ body: OPENROUTER_LIST }),
    fake({ body: { data: [{ id: 'claude-opus-4-8', display_name: 'Claude Opus 4.8' }, { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' }, { id: 'claude-live-only-1', display_name: 'Claude Live Only' }] } }),
    fake({ body: { data: [{ id: 'deepseek-v4-pro', context_length: 1000000 }, { id: 'deepseek-live-only', context_length: 128000 }] } }),
  ]);
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  copyFileSync(SAMPLE, config);
  writeFileSync(
    path.join(home, '.env'),
    [
      'OPENROUTER_API_KEY=sk-or-e2e-0000000000',
      `OPENROUTER_BASE_URL=${openrouter.base}`,
      'ANTHROPIC_API_KEY=sk-ant-e2e-000000000',
      `ANTHROPIC_BASE_URL=${anthropic.base.replace(/\/v1$/, '')}`,
      'DEEPSEEK_API_KEY=sk-ds-e2e-0000000000',
      `DEEPSEEK_BASE_URL=${deepseek.base}`,
      ...extraEnv,
      '',
    ].join('\n'),
  );
  return { home, config, servers: { openrouter, anthropic, deepseek } };
}

function readConfig(file: string): Record<string, Record<string, Record<string, unknown>>> {
  const parsed = parseYamlText(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`config.yaml does not parse: ${parsed.error.message}`);
  return parsed.parsed.value as Record<string, Record<string, Record<string, unknown>>>;
}

function backupReasons(home: string): string[] {
  return readdirSync(path.join(home, 'config-backups'))
    .filter((f) => f.endsWith('.bak'))
    .map((f) => /-config-(.+)\.bak$/.exec(f)?.[1] ?? f)
    .sort();
}

/** The whole page (it scrolls inside the app shell, so grow the window for the shot). */
async function pageShot(page: Page, name: string) {
  const size = page.viewportSize()!;
  await page.getByTestId('aux-more-toggle').click();
  await expect(page.getByTestId('aux-row-moa_aggregator')).toBeVisible();
  await page.setViewportSize({ width: size.width, height: 2000 });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  await page.setViewportSize(size);
  await page.getByTestId('aux-more-toggle').click();
}

const model = (page: Page, id: string) => page.locator(`[data-testid="picker-model"][data-model-id="${id}"]`);
const provider = (page: Page, slug: string) => page.locator(`[data-testid="picker-provider"][data-slug="${slug}"]`);

test('change the main model with the keyboard; the stale-aux banner resets the pinned tasks', async ({ page, hosts }) => {
  const { home, config } = await modelsHome();
  const before = readFileSync(config, 'utf8');
  const host = await hosts({ home });
  await page.goto(host.url);
  await expect(page.getByTestId('main-model-value')).toHaveText('openrouter · anthropic/claude-sonnet-5');
  await pageShot(page, 'models-page-light');

  await page.getByTestId('main-model-change').click();
  const picker = page.getByTestId('model-picker');
  await expect(picker).toBeVisible();
  await expect(page.getByTestId('picker-filter')).toBeFocused();
  // The current provider and model are selected and tagged.
  await expect(provider(page, 'openrouter')).toHaveAttribute('aria-selected', 'true');
  await expect(model(page, 'anthropic/claude-sonnet-5')).toHaveAttribute('aria-selected', 'true');
  await expect(model(page, 'anthropic/claude-sonnet-5')).toContainText('current');

  // Type to filter, ↓ into the models, ← to the providers, ↓ to Anthropic, → back, Enter applies.
  await page.keyboard.type('sonnet 4.6');
  await expect(page.locator('[data-testid="picker-provider"]')).toHaveCount(2);
  await expect(model(page, 'anthropic/claude-sonnet-4.6').locator('mark')).toHaveText(['sonnet', '4.6']);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('picker-models')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('picker-providers')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(provider(page, 'anthropic')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('picker-selection')).toHaveText('anthropic · claude-sonnet-4-6');
  await page.keyboard.press('Enter');

  await expect(picker).toBeHidden();
  await expect(page.getByTestId('main-model-value')).toHaveText('anthropic · claude-sonnet-4-6');
  // On disk: provider and model set; the OpenRouter base_url, api_mode and context_length gone; nothing else touched.
  expect(lineDiff(before, readFileSync(config, 'utf8'))).toEqual({
    removed: ['  default: anthropic/claude-sonnet-5', '  provider: openrouter', '  base_url: https://openrouter.ai/api/v1', '  api_mode: chat_completions', '  context_length: 200000'],
    added: ['  default: claude-sonnet-4-6', '  provider: anthropic'],
  });
  expect(backupReasons(home)).toEqual(['set-main']);

  // Tasks still pinned to other providers are listed, with a one-click reset.
  const banner = page.getByTestId('stale-aux-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('5 auxiliary tasks still use another provider');
  for (const label of ['Vision', 'Compression', 'Approval', 'Curator', 'Background review']) await expect(banner).toContainText(label);
  await banner.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/stale-aux-banner.png` });
  await banner.getByTestId('stale-aux-reset').click();
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('aux-value-vision')).toHaveText('auto (use main model)');
  const aux = readConfig(config).auxiliary!;
  for (const task of ['vision', 'compression', 'approval', 'curator', 'background_review']) expect(aux[task]).toMatchObject({ provider: 'auto', model: '' });
  expect(aux.compression).toMatchObject({ timeout: 180, reasoning_effort: 'low' });
  expect(aux.curator).not.toHaveProperty('base_url');
  expect(aux.curator!.timeout).toBe(600);
  expect(backupReasons(home)).toEqual(['reset-aux', 'set-main']);
});

test('change one auxiliary task by double-click, and another with a custom model id', async ({ page, hosts }) => {
  const { home, config } = await modelsHome();
  const host = await hosts({ home });
  await page.goto(host.url);
  await page.getByTestId('aux-change-compression').click();
  await expect(page.getByTestId('model-picker')).toContainText('Model for Compression');
  await provider(page, 'deepseek').click();
  // The live list landed: the live-only model is there, after the bundled ones.
  await expect(model(page, 'deepseek-live-only')).toBeVisible();
  await expect(page.getByTestId('picker-catalog-status')).toContainText('Live list');
  // Hermes's DeepSeek normalisation renames unknown ids; the picker says so before writing.
  await model(page, 'deepseek-live-only').click();
  await expect(page.getByTestId('picker-writes-as')).toContainText('Written as deepseek-chat');
  await model(page, 'deepseek-v4-pro').dblclick();
  await expect(page.getByTestId('model-picker')).toBeHidden();
  await expect(page.getByTestId('aux-value-compression')).toHaveText('deepseek · deepseek-v4-pro');
  let compression = readConfig(config).auxiliary!.compression!;
  expect(compression).toMatchObject({ provider: 'deepseek', model: 'deepseek-v4-pro', timeout: 180, reasoning_effort: 'low' });
  expect(compression).not.toHaveProperty('base_url');
  expect(compression).not.toHaveProperty('api_key');
  expect(readConfig(config).auxiliary!.vision).toMatchObject({ provider: 'openrouter', model: 'google/gemini-3.5-flash' });

  // A model id the lists do not have, normalised for the provider on write.
  await page.getByTestId('aux-change-mcp').click();
  await provider(page, 'anthropic').click();
  await page.getByTestId('picker-custom-input').fill('anthropic/claude-haiku-4.5');
  await page.getByTestId('picker-custom-input').press('Enter');
  await expect(page.getByTestId('aux-value-mcp')).toHaveText('anthropic · claude-haiku-4-5');
  expect(readConfig(config).auxiliary!.mcp).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5', timeout: 30 });
  compression = readConfig(config).auxiliary!.compression!;
  expect(compression.model).toBe('deepseek-v4-pro');
  expect(backupReasons(home)).toEqual(['set-aux', 'set-aux']);
});

test('"All auxiliary tasks" sets every task, and "Reset all to auto" puts them back, keeping timeouts', async ({ page, hosts }) => {
  const { home, config } = await modelsHome();
  const host = await hosts({ home });
  await page.goto(host.url);
  await page.getByTestId('aux-set-all').click();
  await expect(page.getByTestId('model-picker')).toContainText('Sets every one of the 18 tasks');
  await page.getByTestId('picker-filter').fill('deepseek flash');
  await expect(page.getByTestId('picker-selection')).toHaveText('deepseek · deepseek-v4-flash');
  await page.getByTestId('picker-apply').click();
  // A many-task write says exactly what it changes before writing.
  const confirm = page.getByTestId('write-confirm');
  await expect(confirm).toContainText('Set 18 auxiliary tasks to deepseek · deepseek-v4-flash?');
  await expect(confirm.locator('[data-testid^="write-change-"][data-changes="true"]')).toHaveCount(18);
  await expect(confirm.getByTestId('write-change-vision')).toContainText('openrouter · google/gemini-3.5-flash');
  await expect(confirm.getByTestId('write-change-mcp')).toContainText('auto (use main model)');
  await confirm.getByTestId('write-confirm-yes').click();
  await expect(page.getByTestId('model-picker')).toBeHidden();
  await expect(page.getByTestId('aux-summary')).toHaveText('18 with their own model · 0 auto');
  let aux = readConfig(config).auxiliary!;
  const tasks = Object.keys(aux).filter((k) => k !== 'transient_retries');
  expect(tasks).toHaveLength(18);
  for (const t of tasks) expect(aux[t], t).toMatchObject({ provider: 'deepseek', model: 'deepseek-v4-flash' });
  expect(aux.curator).not.toHaveProperty('base_url');
  expect(aux.moa_aggregator!.timeout).toBe(900);

  await page.getByTestId('aux-reset-all').click();
  await expect(confirm).toContainText('Reset 18 auxiliary tasks to auto?');
  await expect(confirm.getByTestId('write-change-curator')).toContainText('deepseek · deepseek-v4-flash');
  await confirm.getByTestId('write-confirm-yes').click();
  await expect(page.getByTestId('aux-summary')).toHaveText('18 tasks · all auto (use the main model)');
  aux = readConfig(config).auxiliary!;
  for (const t of tasks) expect(aux[t], t).toMatchObject({ provider: 'auto', model: '' });
  expect(aux.vision).toMatchObject({ timeout: 120, download_timeout: 30 });
  expect(aux.compression).toMatchObject({ timeout: 180, reasoning_effort: 'low' });
  expect((aux.compression!.fallback_chain as unknown[]).length).toBe(2);
  expect(aux.transient_retries).toBe(2);
  expect(backupReasons(home)).toEqual(['reset-aux', 'set-aux']);
  // "More" shows the rest of the universe.
  await page.getByTestId('aux-more-toggle').click();
  await expect(page.getByTestId('aux-value-moa_aggregator')).toHaveText('auto (use main model)');
});

test('picker: filter with highlights, full keyboard use, warnings, "show all" with setup hints, Esc changes nothing', async ({ page, hosts }) => {
  const { home, config } = await modelsHome();
  const before = readFileSync(config, 'utf8');
  const host = await hosts({ home });
  await page.goto(host.url);
  await page.getByTestId('main-model-change').click();
  const filter = page.getByTestId('picker-filter');
  await expect(filter).toBeFocused();

  // Provider name matches show the whole provider; nothing matching says so.
  await filter.fill('deepseek');
  await expect(provider(page, 'deepseek').locator('mark').first()).toHaveText('DeepSeek');
  await filter.fill('no-such-model-anywhere');
  await expect(page.getByTestId('picker-providers')).toContainText('No provider matches');
  await filter.fill('');

  // A model under Hermes's 64K minimum is flagged; with ↓/↑ the highlight moves and Home/End jump.
  await filter.fill('tiny context');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('picker-selection')).toHaveText('openrouter · acme/tiny-context');
  await expect(page.getByTestId('picker-warning-context')).toContainText("under Hermes's 64K minimum");
  await expect(model(page, 'acme/tiny-context')).toContainText('32K');
  await page.keyboard.press('ArrowUp'); // back to the filter from the first row
  await expect(filter).toBeFocused();
  await filter.fill('');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('picker-selection')).toHaveText('openrouter · moonshotai/kimi-k3');
  // Typing while a list has focus goes to the filter.
  await page.keyboard.type('opus');
  await expect(filter).toHaveValue('opus');
  await expect(filter).toBeFocused();
  // ← / → and Tab / Shift+Tab move between the panes.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('picker-models')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('picker-providers')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('picker-models')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('picker-providers')).toBeFocused();

  // Providers that are not set up appear on request, with how to set them up.
  await filter.fill('');
  await expect(provider(page, 'openai-api')).toHaveCount(0);
  await page.getByTestId('picker-show-all').click();
  await provider(page, 'openai-api').click();
  await expect(page.getByTestId('picker-auth-hint')).toContainText('Add OPENAI_API_KEY to .env.');
  await provider(page, 'openai-codex').click();
  await expect(page.getByTestId('picker-auth-hint')).toContainText("run hermes model and choose OpenAI Codex");
  await page.screenshot({ path: `${SHOTS}/picker-show-all-light.png` });

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('model-picker')).toBeHidden();
  expect(readFileSync(config, 'utf8')).toBe(before);

  // Dark theme shots of the page and the picker.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.getByTestId('main-model-value')).toBeVisible();
  await pageShot(page, 'models-page-dark');
  await page.getByTestId('main-model-change').click();
  await page.getByTestId('picker-filter').fill('claude');
  await page.screenshot({ path: `${SHOTS}/picker-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SHOTS}/picker-light.png` });
});

test('a provider whose /models never answers does not hold up the page, the picker or other providers', async ({ page, hosts }) => {
  const hang = await fake({ mode: 'hang' });
  const { home, config } = await modelsHome(['XAI_API_KEY=xai-e2e-000000000000', `XAI_BASE_URL=${hang.base}`]);
  const host = await hosts({ home, env: { HERMES_SWITCHBOARD_CATALOG_TIMEOUT_MS: '6000' } });
  const started = Date.now();
  await page.goto(host.url);
  await expect(page.getByTestId('main-model-value')).toHaveText('openrouter · anthropic/claude-sonnet-5');
  expect(Date.now() - started).toBeLessThan(5_000);
  await page.getByTestId('main-model-change').click();
  // xAI is still fetching; its bundled list is usable meanwhile.
  await provider(page, 'xai').click();
  await expect(page.getByTestId('picker-catalog-status')).toContainText('Fetching the live list');
  await expect(model(page, 'grok-4.5')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/picker-provider-hanging.png` });
  // Other providers' live lists are in, and a write goes through while xAI hangs.
  await provider(page, 'anthropic').click();
  await expect(model(page, 'claude-live-only-1')).toBeVisible();
  await model(page, 'claude-live-only-1').dblclick();
  await expect(page.getByTestId('main-model-value')).toHaveText('anthropic · claude-live-only-1');
  expect(readConfig(config).model).toMatchObject({ provider: 'anthropic', default: 'claude-live-only-1' });
  expect(hang.requests).toHaveLength(1);
  // After its deadline the provider says why it has no live list.
  await page.getByTestId('main-model-change').click();
  await page.getByTestId('picker-show-all').click();
  await provider(page, 'xai').click();
  await expect(page.getByTestId('picker-catalog-status')).toContainText('no answer within 6 s', { timeout: 15_000 });
});
