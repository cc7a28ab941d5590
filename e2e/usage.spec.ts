import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateStateDb, type FixtureSession, type FixtureUsage } from '../src/core/usage/statedb-fixture';
import { expect, tempHome, test } from './fixtures';

const SAMPLE = path.join(__dirname, '..', 'test', 'fixtures', 'configs', 'hermes-sample.yaml');
const DAY = 86_400;
/** Seed whose sessions all start far (> 19 h) from the 7/30/90-day cutoffs, so "now" may drift by minutes. */
const SEED = 18;
const SCREENS = path.join('test-results', 'screens');

interface Records {
  sessions: FixtureSession[];
  usage: FixtureUsage[];
}

/** A Hermes home with the sample config.yaml and a generated state.db of 60 sessions over 100 days, as of now. */
function usageHome(): { home: string; now: number; records: Records } {
  const home = tempHome('sb-e2e-usage-');
  copyFileSync(SAMPLE, path.join(home, 'config.yaml'));
  const now = Date.now() / 1000;
  const gen = generateStateDb(path.join(home, 'state.db'), { sessions: 60, days: 100, now, seed: SEED, keepRecords: true });
  return { home, now, records: gen.records! };
}

interface ExpectedCard {
  model: string;
  tokens: number;
  sessions: number;
  apiCalls: number;
}

/**
 * What the page must show, computed here straight from the rows the generator wrote (no code shared
 * with the app): main usage from `sessions` (model set), auxiliary usage from `session_model_usage` rows
 * with a task, both for sessions that started in the window; cards ranked by input + output tokens.
 */
function expected(records: Records, inWindow: (startedAt: number) => boolean) {
  const started = new Map(records.sessions.map((s) => [s.id, s.started_at]));
  const cards = new Map<string, ExpectedCard>();
  const card = (model: string) => {
    let c = cards.get(model);
    if (!c) cards.set(model, (c = { model, tokens: 0, sessions: 0, apiCalls: 0 }));
    return c;
  };
  const daily = new Map<string, number>();
  const addDay = (t: number, tokens: number) => {
    const day = new Date(Math.floor(t / DAY) * DAY * 1000).toISOString().slice(0, 10);
    daily.set(day, (daily.get(day) ?? 0) + tokens);
  };
  for (const s of records.sessions) {
    if (!s.model || !inWindow(s.started_at)) continue;
    const c = card(s.model);
    const tokens = (s.input_tokens ?? 0) + (s.output_tokens ?? 0);
    c.tokens += tokens;
    c.sessions += 1;
    c.apiCalls += s.api_call_count ?? 0;
    addDay(s.started_at, tokens);
  }
  for (const u of records.usage) {
    const t = started.get(u.session_id);
    if (u.task === '' || t === undefined || !inWindow(t)) continue;
    const c = card(u.model || 'unknown');
    c.tokens += u.input_tokens + u.output_tokens;
    c.apiCalls += u.api_call_count;
    addDay(t, u.input_tokens + u.output_tokens);
  }
  const ranked = [...cards.values()].sort((a, b) => b.tokens - a.tokens || (a.model < b.model ? -1 : 1));
  return {
    cards: ranked,
    sessions: ranked.reduce((n, c) => n + c.sessions, 0),
    tokens: ranked.reduce((n, c) => n + c.tokens, 0),
    daily,
  };
}

const lastDays = (now: number, days: number) => (t: number) => t > now - days * DAY;
const exact = (n: number) => n.toLocaleString('en-US');

/** Waits until the panel shows `key` (e.g. `days:7`) and is not loading. */
async function waitForWindow(page: Page, key: string | RegExp): Promise<void> {
  const panel = page.getByTestId('usage');
  await expect(panel).toHaveAttribute('data-window', key);
  await expect(panel).toHaveAttribute('data-loading', 'false');
}

/** The page shows exactly the expected cards (order, tokens, sessions, API calls) and totals. */
async function expectShown(page: Page, want: ReturnType<typeof expected>): Promise<void> {
  const cards = page.getByTestId('usage-card');
  await expect(cards).toHaveCount(want.cards.length);
  expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-model')))).toEqual(want.cards.map((c) => c.model));
  for (const [i, c] of want.cards.entries()) {
    const el = cards.nth(i);
    await expect(el.getByTestId('usage-card-tokens')).toHaveAttribute('data-value', String(c.tokens));
    await expect(el.getByTestId('usage-card-sessions')).toHaveText(c.sessions > 0 ? String(c.sessions) : 'aux only');
    await expect(el.getByTestId('usage-card-api')).toHaveText(exact(c.apiCalls));
  }
  await expect(page.getByTestId('total-sessions')).toHaveText(String(want.sessions));
  await expect(page.getByTestId('total-models')).toHaveText(String(want.cards.length));
  await expect(page.getByTestId('total-tokens')).toHaveAttribute('data-value', String(want.tokens));
}

test('usage: period switch and custom range show what the generated rows add up to', async ({ page, hosts }) => {
  const { home, now, records } = usageHome();
  // The fixture's seed keeps every session far from the cutoffs; check it, since the app uses its own clock.
  for (const d of [7, 30, 90]) {
    const gap = Math.min(...records.sessions.map((s) => Math.abs(s.started_at - (now - d * DAY))));
    expect(gap, `closest session to the ${d}-day cutoff`).toBeGreaterThan(3600);
  }
  const host = await hosts({ home });
  await page.goto(host.url);
  await expect(page.getByTestId('main-model-value')).toHaveText('openrouter · anthropic/claude-sonnet-5');

  // Default period: 30 days, served by the worker thread.
  await waitForWindow(page, 'days:30');
  await expect(page.getByTestId('period-30')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('usage-runtime')).toHaveAttribute('data-mode', 'worker');
  await expectShown(page, expected(records, lastDays(now, 30)));

  // Switch periods: the numbers change to each window's sums.
  const w7 = expected(records, lastDays(now, 7));
  const w90 = expected(records, lastDays(now, 90));
  expect(w7.sessions).toBeLessThan(w90.sessions);
  await page.getByTestId('period-7').click();
  await waitForWindow(page, 'days:7');
  await expectShown(page, w7);
  await page.getByTestId('period-90').click();
  await waitForWindow(page, 'days:90');
  await expectShown(page, w90);

  // Badges from the live config: main, every aux task a model serves, auto tasks on the main card.
  const card = (model: string) => page.locator(`[data-testid="usage-card"][data-model="${model}"]`);
  await expect(card('anthropic/claude-sonnet-5')).toHaveClass(/is-main/);
  await expect(card('anthropic/claude-sonnet-5').getByTestId('usage-card-badges')).toContainText('main');
  await expect(card('anthropic/claude-sonnet-5').getByTestId('usage-card-badges')).toContainText('aux · auto');
  const flash = card('google/gemini-3.5-flash').getByTestId('usage-card-badges');
  await expect(flash).toContainText('aux · vision');
  await expect(flash).toContainText('aux · compression');
  await expect(card('qwen3-coder:30b').getByTestId('usage-card-badges')).toContainText('aux · curator');
  await expect(card('gpt-5.5').getByTestId('usage-card-badges')).not.toContainText('main');
  // Auxiliary rows with their task; costs always carry a status.
  await expect(card('google/gemini-3.5-flash').getByTestId('usage-card-aux')).toContainText('title_generation');
  await expect(card('gpt-5.5').getByTestId('usage-card-cost')).toContainText('included');
  await expect(card('qwen3-coder:30b').getByTestId('usage-card-cost')).toHaveAttribute('data-status', 'unknown');
  await expect(card('qwen3-coder:30b').getByTestId('usage-card-cost')).toContainText('tok unpriced');
  await expect(page.getByTestId('total-cost')).toHaveAttribute('data-status', 'mixed');
  for (const c of await page.getByTestId('usage-card-cost').all()) {
    await expect(c).toContainText(/estimated|actual|included|unknown/);
  }

  // Custom range: whole UTC days, both included.
  const today = Math.floor(now / DAY) * DAY;
  const from = today - 40 * DAY;
  const to = today - 10 * DAY;
  const iso = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
  await page.getByTestId('period-custom').click();
  await page.getByTestId('range-from').fill(iso(to));
  await page.getByTestId('range-to').fill(iso(from));
  await page.getByTestId('range-apply').click();
  await expect(page.getByTestId('range-error')).toContainText('on or before');
  await page.getByTestId('range-from').fill(iso(from));
  await page.getByTestId('range-to').fill(iso(to));
  await page.getByTestId('range-apply').click();
  await waitForWindow(page, `range:${from}-${to + DAY}`);
  const range = expected(records, (t) => t >= from && t < to + DAY);
  await expectShown(page, range);

  // The daily chart's table alternative: one row per day, each day's tokens as computed here.
  await page.getByTestId('chart-table-toggle').click();
  const rows = page.getByTestId('chart-table').locator('tbody tr');
  await expect(rows).toHaveCount(31);
  for (const [day, tokens] of range.daily) {
    await expect(rows.filter({ has: page.locator(`th:text-is("${day}")`) }).locator('td').last()).toHaveText(exact(tokens));
  }
  await page.getByTestId('chart-table-toggle').click();
});

test('usage: chart tooltips, keyboard, and screenshots in light and dark', async ({ page, hosts }) => {
  const { home, now, records } = usageHome();
  const host = await hosts({ home });
  mkdirSync(SCREENS, { recursive: true });
  await page.goto(host.url);
  await waitForWindow(page, 'days:30');
  const w30 = expected(records, lastDays(now, 30));

  // Hover: the tooltip names the day under the pointer and its total.
  const plot = page.getByTestId('daily-chart').locator('.daily-chart-plot');
  const box = (await plot.boundingBox())!;
  await plot.hover({ position: { x: box.width - 12, y: box.height / 2 } });
  const tip = page.getByTestId('chart-tooltip');
  await expect(tip).toBeVisible();
  const todayKey = new Date(Math.floor(now / DAY) * DAY * 1000).toISOString().slice(0, 10);
  await expect(tip).toContainText(`${exact(w30.daily.get(todayKey) ?? 0)} tokens`);
  await page.getByTestId('usage-chart').screenshot({ path: path.join(SCREENS, 'usage-chart-light.png') });

  // Keyboard: focus the chart, Home goes to the first day of the window.
  await page.mouse.move(0, 0);
  await plot.focus();
  await page.keyboard.press('Home');
  const firstDay = new Date(Math.floor((now - 30 * DAY) / DAY) * DAY * 1000);
  await expect(tip).toContainText(firstDay.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }));
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
  await plot.blur();

  // Tall enough that the whole panel is on screen (the page scrolls inside .content).
  await page.setViewportSize({ width: 1320, height: 3200 });

  await page.getByTestId('usage').screenshot({ path: path.join(SCREENS, 'usage-light.png') });
  await page.getByTestId('usage-cards').screenshot({ path: path.join(SCREENS, 'usage-cards-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('usage').screenshot({ path: path.join(SCREENS, 'usage-dark.png') });
  await page.getByTestId('usage-cards').screenshot({ path: path.join(SCREENS, 'usage-cards-dark.png') });
  await page.getByTestId('usage-chart').screenshot({ path: path.join(SCREENS, 'usage-chart-dark.png') });
  await page.screenshot({ path: path.join(SCREENS, 'models-page-dark.png'), fullPage: true });
});

test('usage: a window without sessions shows the empty state', async ({ page, hosts }) => {
  const { home } = usageHome();
  const host = await hosts({ home });
  await page.goto(host.url);
  await waitForWindow(page, 'days:30');
  await page.getByTestId('period-custom').click();
  await page.getByTestId('range-from').fill('2021-03-01');
  await page.getByTestId('range-to').fill('2021-03-31');
  await page.getByTestId('range-apply').click();
  const from = Date.UTC(2021, 2, 1) / 1000;
  await waitForWindow(page, `range:${from}-${from + 31 * DAY}`);
  await expect(page.getByTestId('usage-empty')).toContainText('No Hermes sessions in this period');
  await expect(page.getByTestId('usage-card')).toHaveCount(0);
  await expect(page.getByTestId('total-sessions')).toHaveText('0');
  await page.getByTestId('usage').screenshot({ path: path.join(SCREENS, 'usage-empty.png') });
  await page.getByRole('button', { name: 'Show the last 90 days' }).click();
  await waitForWindow(page, 'days:90');
  await expect(page.getByTestId('usage-card').first()).toBeVisible();
});

test('usage: a corrupt or missing state.db is a message, and the model settings still work', async ({ page, hosts }) => {
  const { home } = usageHome();
  const db = path.join(home, 'state.db');
  // A truncated copy of a real database (rollback journal, so nothing lives in a -wal).
  generateStateDb(db, { sessions: 400, days: 100, now: Date.now() / 1000, seed: 3, wal: false });
  const bytes = readFileSync(db);
  writeFileSync(db, bytes.subarray(0, Math.floor(bytes.length / 3)));
  const host = await hosts({ home });
  await page.goto(host.url);
  await expect(page.getByTestId('main-model-value')).toHaveText('openrouter · anthropic/claude-sonnet-5');
  await expect(page.getByTestId('aux-value-vision')).toHaveText('openrouter · google/gemini-3.5-flash');
  const error = page.getByTestId('usage-error');
  await expect(error).toHaveAttribute('data-reason', 'corrupt');
  await expect(error).toContainText('damaged database');
  await expect(error).toContainText('state.db is damaged');
  await expect(error).toContainText('restore it from a backup');
  await expect(page.getByTestId('usage-card')).toHaveCount(0);
  await page.getByTestId('usage').screenshot({ path: path.join(SCREENS, 'usage-corrupt.png') });

  // The REST endpoint answers Hermes-style with 503 and the reason.
  const rest = await host.api('GET', '/api/analytics/models?days=7');
  expect(rest.status).toBe(503);
  expect(rest.json).toMatchObject({ code: 'STATE_DB_UNAVAILABLE', error: { detail: { reason: 'corrupt' } } });

  // Once the file is gone the message changes after "Try again" — no restart needed.
  rmSync(db);
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(error).toHaveAttribute('data-reason', 'missing');
  await expect(page.getByTestId('model-settings')).toBeVisible();
});

test('usage: "Use as" on a card assigns the model (main, one task, all tasks), with the current one checked', async ({ page, hosts }) => {
  const { home } = usageHome();
  const config = path.join(home, 'config.yaml');
  const host = await hosts({ home });
  await page.goto(host.url);
  // glm-5.2 was used through nous in the generated history.
  const trigger = page.getByTestId('use-as-z-ai/glm-5.2');
  await expect(trigger).toBeVisible();

  await trigger.click();
  await expect(page.getByTestId('use-as-menu')).toContainText('nous · z-ai/glm-5.2');
  await page.getByTestId('use-as-task-vision').click();
  // The same checks as the picker, before writing: nous has no credentials here, glm-5.2 takes no images.
  const confirm = page.getByTestId('write-confirm');
  await expect(confirm.getByTestId('write-problem-auth')).toContainText('Nous Portal is not set up');
  await expect(confirm.getByTestId('write-problem-vision')).toContainText('does not take images');
  await confirm.getByTestId('write-confirm-yes').click();
  await expect.poll(() => readFileSync(config, 'utf8')).toMatch(/ {2}vision:\n {4}provider: nous\n {4}model: z-ai\/glm-5\.2\n/);

  await trigger.click();
  await expect(page.getByTestId('use-as-task-vision')).toContainText('✓');
  await page.getByTestId('use-as-main').click();
  await expect(confirm.getByTestId('write-problem-auth')).toContainText('Nous Portal is not set up');
  await confirm.getByTestId('write-confirm-yes').click();
  await expect.poll(() => readFileSync(config, 'utf8')).toMatch(/^model:\n {2}default: z-ai\/glm-5\.2\n {2}provider: nous\n/m);
  // A provider switch drops the old route's base_url/api_mode/context_length (Hermes's semantics).
  expect(readFileSync(config, 'utf8')).not.toMatch(/^ {2}base_url: https:\/\/openrouter\.ai\/api\/v1$/m);
  await expect(page.getByTestId('main-model-value')).toContainText('nous · z-ai/glm-5.2');

  await trigger.click();
  await expect(page.getByTestId('use-as-main')).toContainText('✓');
  await page.keyboard.press('Escape');
  // Keyboard: open the menu and pick "All auxiliary tasks".
  await trigger.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('use-as-all-aux').focus();
  await page.keyboard.press('Enter');
  await expect(confirm).toContainText('Set 17 auxiliary tasks to nous · z-ai/glm-5.2?');
  await expect(confirm.getByTestId('write-change-vision')).toHaveAttribute('data-changes', 'false');
  await confirm.getByTestId('write-confirm-yes').click();
  await expect
    .poll(() => {
      const text = readFileSync(config, 'utf8');
      return (text.match(/ {4}provider: nous\n {4}model: z-ai\/glm-5\.2\n/g) ?? []).length;
    })
    .toBeGreaterThanOrEqual(18);
});
