import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseSync } from '@photostructure/sqlite';
import {
  HermesModelsAnalyticsSchema,
  UsageViewSchema,
  type HermesModelsAnalytics,
  type UsageCapabilities,
  type UsageView,
  type UsageWindow,
} from '../../shared/domain/usage';
import { getModelsAnalytics, getModelsAnalyticsAndView, getUsageView } from './models-analytics';
import { openStateDbFile, type StateDb } from './open-statedb';
import { createFixtureWriter, createStateDbSchema, generateStateDb, type FixtureSession, type FixtureUsage } from './statedb-fixture';
import { diffValues, readAllRows, referenceModelsAnalytics, type Row } from './test-support/reference-analytics';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-analytics-'));
const opened: StateDb[] = [];
afterAll(() => {
  for (const s of opened) s.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
const NOW = 1_785_000_000.25;
const open = (file: string): StateDb => {
  const s = openStateDbFile(file);
  opened.push(s);
  return s;
};
const withoutCaps = (r: HermesModelsAnalytics): unknown => ({
  ...r,
  models: r.models.map(({ capabilities: _c, ...m }) => m),
});

describe('Hermes-compatible models analytics on the demo fixture', () => {
  const file = path.join(tmp, 'demo.db');
  const gen = generateStateDb(file, { sessions: 60, days: 100, now: NOW, seed: 42 });
  const sdb = open(file);
  const rows = readAllRows(file);

  for (const days of [7, 30, 90]) {
    it(`matches an independent computation over SELECT * rows for ${days} days`, () => {
      const ours = getModelsAnalytics(sdb, { days, now: NOW });
      expect(HermesModelsAnalyticsSchema.parse(ours)).toEqual(ours);
      const ref = referenceModelsAnalytics(rows.sessions, rows.usage, NOW - days * 86400, days);
      expect(diffValues(withoutCaps(ours), ref)).toEqual([]);
      // …and over the generator's own record of what it wrote.
      const fromRecords = referenceModelsAnalytics(
        gen.records?.sessions as unknown as Row[],
        gen.records?.usage as unknown as Row[],
        NOW - days * 86400,
        days,
      );
      expect(diffValues(withoutCaps(ours), fromRecords)).toEqual([]);
    });
  }

  it('windows differ and are sorted by input + output tokens', () => {
    const sizes = [7, 30, 90].map((days) => getModelsAnalytics(sdb, { days, now: NOW }).totals.total_sessions);
    expect(sizes[0]).toBeLessThan(sizes[1] as number);
    expect(sizes[1]).toBeLessThan(sizes[2] as number);
    const r = getModelsAnalytics(sdb, { days: 90, now: NOW });
    const volumes = r.models.map((m) => (m.input_tokens ?? 0) + (m.output_tokens ?? 0));
    expect([...volumes].sort((a, b) => b - a)).toEqual(volumes);
    expect(r.models.some((m) => m.aux_task === 'title_generation')).toBe(true);
  });

  it('folds the legacy no-provider session into its model row', () => {
    const legacy = rows.sessions.find((s) => s.billing_provider === null && s.model);
    expect(legacy).toBeDefined();
    const r = getModelsAnalytics(sdb, { days: 90, now: NOW });
    const mine = r.models.filter((m) => m.model === legacy?.model);
    expect(mine.map((m) => m.provider)).not.toContain('');
    const owner = rows.sessions.filter((s) => s.model === legacy?.model && s.billing_provider && (s.started_at as number) > NOW - 90 * 86400);
    expect(mine[0]?.sessions).toBe(owner.length + 1);
  });

  it('attaches capabilities from the lookup, {} when unknown or failing', () => {
    const calls: Array<[string, string]> = [];
    const caps: UsageCapabilities = {
      supports_tools: true,
      supports_vision: false,
      supports_reasoning: true,
      context_window: 1_000_000,
      max_output_tokens: 64_000,
      model_family: 'claude',
    };
    const r = getModelsAnalytics(sdb, {
      days: 30,
      now: NOW,
      capabilities: (provider, model) => {
        calls.push([provider, model]);
        if (model === 'qwen3-coder:30b') throw new Error('models.dev offline');
        return model.includes('claude') ? caps : null;
      },
    });
    expect(calls.length).toBe(r.models.length);
    for (const m of r.models) {
      expect(m.capabilities).toEqual(m.model.includes('claude') ? caps : {});
      expect(calls).toContainEqual([m.provider, m.model]);
    }
  });

  it('matches Hermes’s SQL run by Python’s own sqlite3 on a larger fixture', () => {
    const big = path.join(tmp, 'parity.db');
    generateStateDb(big, { sessions: 3000, days: 120, now: NOW, seed: 9, systemPromptBytes: 512, messagesPerSession: [0, 1] });
    const s = open(big);
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'hermes-models-analytics.py');
    for (const days of [7, 30, 90]) {
      const cutoff = NOW - days * 86400;
      const py = spawnSync('python3', [script, big, String(cutoff), String(days)], { encoding: 'utf8' });
      expect(py.status, py.stderr).toBe(0);
      const hermes = JSON.parse(py.stdout) as HermesModelsAnalytics;
      expect(diffValues(withoutCaps(getModelsAnalytics(s, { days, now: NOW })), hermes)).toEqual([]);
    }
  });
});

/** A DB written row by row for edge cases. */
function craft(name: string, sessions: Array<Partial<FixtureSession> & { id: string; started_at: number }>, usage: Array<Partial<FixtureUsage> & { session_id: string; model: string }> = []): StateDb {
  const file = path.join(tmp, name);
  fs.rmSync(file, { force: true });
  const db = new DatabaseSync(file);
  createStateDbSchema(db);
  const w = createFixtureWriter(db);
  for (const s of sessions) {
    w.insertSession({
      source: 'cli',
      model: 'm',
      ended_at: s.started_at + 60,
      end_reason: 'done',
      message_count: 1,
      tool_call_count: 0,
      input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      billing_provider: null,
      billing_base_url: null,
      billing_mode: null,
      estimated_cost_usd: null,
      actual_cost_usd: null,
      cost_status: null,
      cost_source: null,
      pricing_version: null,
      api_call_count: 0,
      user_id: null,
      chat_id: null,
      session_key: null,
      title: null,
      ...s,
    });
  }
  for (const u of usage) {
    w.insertUsage({
      billing_provider: '',
      billing_base_url: '',
      billing_mode: '',
      task: '',
      api_call_count: 1,
      input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      estimated_cost_usd: 0,
      actual_cost_usd: 0,
      cost_status: 'estimated',
      cost_source: 'none',
      first_seen: NOW - 100,
      last_seen: NOW - 50,
      ...u,
    });
  }
  db.close();
  return open(file);
}

describe('folding rule (_fold_session_only_rows)', () => {
  const t = NOW - 3600;
  const used = { input_tokens: 1000, output_tokens: 100, api_call_count: 2, estimated_cost_usd: 0.01, cost_status: 'estimated' };
  const sdb = craft(
    'fold.db',
    [
      // A: one provider row + an empty legacy row → folded.
      { id: 'a1', model: 'A', billing_provider: 'openrouter', started_at: t, ...used },
      { id: 'a2', model: 'A', billing_provider: 'openrouter', started_at: t + 10, ...used },
      { id: 'a3', model: 'A', billing_provider: null, started_at: t + 20 },
      // B: the no-provider row has usage → stays.
      { id: 'b1', model: 'B', billing_provider: 'anthropic', started_at: t, ...used },
      { id: 'b2', model: 'B', billing_provider: null, started_at: t + 5, ...used },
      // C: two provider rows → ambiguous, nothing folds.
      { id: 'c1', model: 'C', billing_provider: 'openrouter', started_at: t, ...used },
      { id: 'c2', model: 'C', billing_provider: 'anthropic', started_at: t, ...used },
      { id: 'c3', model: 'C', billing_provider: null, started_at: t },
      // D: an aux row on the same model with a provider makes two provider rows → nothing folds.
      { id: 'd1', model: 'D', billing_provider: 'nous', started_at: t, ...used },
      { id: 'd2', model: 'D', billing_provider: null, started_at: t },
      // E: '' provider is as empty as NULL → folded.
      { id: 'e1', model: 'E', billing_provider: 'custom', started_at: t, ...used },
      { id: 'e2', model: 'E', billing_provider: '', started_at: t + 30 },
      // F: no provider row at all → left alone.
      { id: 'f1', model: 'F', billing_provider: null, started_at: t },
      // no model: ignored
      { id: 'z1', model: null, started_at: t, ...used },
    ],
    [{ session_id: 'd1', model: 'D', billing_provider: 'nous', task: 'compression', input_tokens: 5, output_tokens: 1 }],
  );
  const r = getModelsAnalytics(sdb, { days: 1, now: NOW });
  const rowsOf = (m: string): HermesModelsAnalytics['models'] => r.models.filter((x) => x.model === m);

  it('folds an empty no-provider row into the single provider row', () => {
    expect(rowsOf('A')).toHaveLength(1);
    expect(rowsOf('A')[0]).toMatchObject({ provider: 'openrouter', sessions: 3, last_used_at: t + 20, avg_tokens_per_session: 2200 / 3 });
    expect(rowsOf('E')).toHaveLength(1);
    expect(rowsOf('E')[0]).toMatchObject({ provider: 'custom', sessions: 2, last_used_at: t + 30, avg_tokens_per_session: 550 });
  });

  it('keeps rows with usage, ambiguous owners, and aux-provider collisions apart', () => {
    expect(rowsOf('B').map((x) => x.provider).sort()).toEqual(['', 'anthropic']);
    expect(rowsOf('C')).toHaveLength(3);
    expect(rowsOf('F')).toEqual([expect.objectContaining({ provider: '', sessions: 1, input_tokens: 0 })]);
    expect(rowsOf('D').map((x) => [x.provider, x.aux_task ?? null])).toEqual([
      ['nous', null],
      ['nous', 'compression'],
      ['', null],
    ]);
  });

  it('totals come from sessions only, with named models', () => {
    expect(r.totals).toMatchObject({ distinct_models: 6, total_sessions: 13, total_input: 8000, total_api_calls: 16 });
  });
});

describe('auxiliary rows', () => {
  const sdb = craft(
    'aux.db',
    [
      { id: 's1', model: 'main', billing_provider: 'openrouter', started_at: NOW - 3600, input_tokens: 10, output_tokens: 1, api_call_count: 1 },
      { id: 's2', model: 'main', billing_provider: 'openrouter', started_at: NOW - 1800, input_tokens: 10, output_tokens: 1, api_call_count: 1 },
      { id: 'old', model: 'main', billing_provider: 'openrouter', started_at: NOW - 40 * 86400, input_tokens: 10, output_tokens: 1 },
    ],
    [
      // Same session, same (model, task, provider), two base URLs: one distinct session.
      { session_id: 's1', model: 'flash', billing_provider: 'openrouter', billing_base_url: 'https://a', task: 'vision', input_tokens: 100, output_tokens: 10, api_call_count: 2, estimated_cost_usd: 0.25, last_seen: NOW - 3000 },
      { session_id: 's1', model: 'flash', billing_provider: 'openrouter', billing_base_url: 'https://b', task: 'vision', input_tokens: 50, output_tokens: 5, api_call_count: 1, estimated_cost_usd: 0.5, last_seen: NOW - 2000 },
      { session_id: 's2', model: 'flash', billing_provider: 'openrouter', task: 'vision', input_tokens: 1, output_tokens: 1, last_seen: NOW - 100 },
      { session_id: 's2', model: 'flash', billing_provider: 'openrouter', task: 'title_generation', input_tokens: 800, output_tokens: 20, cache_read_tokens: 3, reasoning_tokens: 2 },
      { session_id: 's2', model: 'main', billing_provider: 'openrouter', task: '', input_tokens: 10, output_tokens: 1 },
      // Session outside the window: excluded even though its last_seen is recent.
      { session_id: 'old', model: 'flash', billing_provider: 'openrouter', task: 'vision', input_tokens: 999, output_tokens: 9, last_seen: NOW - 10 },
    ],
  );

  it('appends one row per (model, task, provider) with Hermes’s aux field rules', () => {
    const r = getModelsAnalytics(sdb, { days: 30, now: NOW });
    expect(r.models.map((m) => [m.model, m.aux_task ?? null])).toEqual([
      ['flash', 'title_generation'],
      ['flash', 'vision'],
      ['main', null],
    ]);
    expect(r.models[1]).toEqual({
      model: 'flash',
      provider: 'openrouter',
      input_tokens: 151,
      output_tokens: 16,
      cache_read_tokens: 0,
      reasoning_tokens: 0,
      estimated_cost: 0.75,
      actual_cost: 0,
      sessions: 2,
      api_calls: 4,
      tool_calls: 0,
      last_used_at: NOW - 100,
      avg_tokens_per_session: 0,
      capabilities: {},
      aux_task: 'vision',
    });
    expect(r.models[0]).toMatchObject({ cache_read_tokens: 3, reasoning_tokens: 2, sessions: 1 });
    // Aux usage never enters the totals.
    expect(r.totals).toMatchObject({ total_sessions: 2, total_input: 20, distinct_models: 1 });
  });

  it('shows aux usage per task on the model card of the richer view', () => {
    const v = getUsageView(sdb, { window: { kind: 'days', days: 30 }, now: NOW });
    const flash = v.cards.find((c) => c.model === 'flash');
    expect(flash?.sessions).toBe(0);
    expect(flash?.aux.map((a) => [a.task, a.sessions, a.tokens.total])).toEqual([
      ['title_generation', 1, 820],
      ['vision', 2, 167],
    ]);
    expect(flash?.tokens.total).toBe(987);
    expect(flash?.apiCalls).toBe(5);
  });
});

describe('window edges', () => {
  it('uses started_at > now - days*86400 exactly (not day-aligned)', () => {
    const cutoff = NOW - 7 * 86400;
    const sdb = craft('edge.db', [
      { id: 'at', model: 'M', billing_provider: 'p', started_at: cutoff, input_tokens: 1 },
      { id: 'after', model: 'M', billing_provider: 'p', started_at: cutoff + 1e-6, input_tokens: 10 },
      { id: 'before', model: 'M', billing_provider: 'p', started_at: cutoff - 1e-6, input_tokens: 100 },
    ]);
    const r = getModelsAnalytics(sdb, { days: 7, now: NOW });
    expect(r.models).toHaveLength(1);
    expect(r.models[0]).toMatchObject({ sessions: 1, input_tokens: 10 });
    const range = getUsageView(sdb, { window: { kind: 'range', from: cutoff, to: cutoff + 1e-6 }, now: NOW });
    expect(range.totals.tokens.input).toBe(1); // from ≤ started_at < to
  });

  it('an empty database gives an empty result', () => {
    const sdb = craft('empty.db', []);
    const r = getModelsAnalytics(sdb, { days: 30, now: NOW });
    expect(r).toEqual({
      models: [],
      totals: {
        distinct_models: 0,
        total_input: null,
        total_output: null,
        total_cache_read: null,
        total_reasoning: null,
        total_estimated_cost: 0,
        total_actual_cost: 0,
        total_sessions: 0,
        total_api_calls: null,
      },
      period_days: 30,
    });
    const v = getUsageView(sdb, { window: { kind: 'days', days: 7 }, now: NOW });
    expect(UsageViewSchema.parse(v)).toBeTruthy();
    expect(v.cards).toEqual([]);
    expect(v.totals.sessions).toBe(0);
    expect(v.daily.points).toHaveLength(8);
    expect(v.daily.points.every((p) => p.tokens === 0 && p.sessions === 0)).toBe(true);
  });
});

/** Independent recomputation of the view's per-model figures from raw rows. */
function referenceCards(rows: { sessions: Row[]; usage: Row[] }, inWindow: (t: number) => boolean) {
  const sessions = rows.sessions.filter((s) => inWindow(s.started_at as number));
  const ids = new Set(sessions.map((s) => s.id));
  const aux = rows.usage.filter((u) => ids.has(u.session_id) && u.task !== '');
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const cls = (r: Row): string => {
    const tokens = num(r.input_tokens) + num(r.output_tokens) + num(r.cache_read_tokens) + num(r.cache_write_tokens) + num(r.reasoning_tokens);
    if (r.cost_status === 'unknown') return 'unknown';
    if (r.cost_status === 'actual') return 'actual';
    if (r.cost_status === 'included') return 'included';
    if (tokens === 0 && num(r.estimated_cost_usd) === 0 && num(r.actual_cost_usd) === 0) return 'noUsage';
    if (r.estimated_cost_usd === null && r.actual_cost_usd === null) return 'unknown';
    return 'estimated';
  };
  const cards = new Map<string, { sessions: number; input: number; output: number; cacheWrite: number; auxTotal: number; est: number; rows: Record<string, number>; unpriced: number; providers: Set<string | null> }>();
  const card = (m: string) => {
    let c = cards.get(m);
    if (!c) {
      c = { sessions: 0, input: 0, output: 0, cacheWrite: 0, auxTotal: 0, est: 0, rows: { estimated: 0, actual: 0, included: 0, unknown: 0, noUsage: 0 }, unpriced: 0, providers: new Set() };
      cards.set(m, c);
    }
    return c;
  };
  for (const s of sessions) {
    if (!s.model) continue;
    const c = card(s.model as string);
    c.sessions++;
    c.input += num(s.input_tokens);
    c.output += num(s.output_tokens);
    c.cacheWrite += num(s.cache_write_tokens);
    c.est += num(s.estimated_cost_usd);
    const k = cls(s);
    c.rows[k] = (c.rows[k] ?? 0) + 1;
    if (k === 'unknown') c.unpriced += num(s.input_tokens) + num(s.output_tokens);
    c.providers.add((s.billing_provider as string | null) ?? null);
  }
  for (const u of aux) {
    const c = card((u.model as string) || 'unknown');
    c.auxTotal += num(u.input_tokens) + num(u.output_tokens);
    c.input += num(u.input_tokens);
    c.output += num(u.output_tokens);
    c.cacheWrite += num(u.cache_write_tokens);
    c.est += num(u.estimated_cost_usd);
    const k = cls(u);
    c.rows[k] = (c.rows[k] ?? 0) + 1;
    if (k === 'unknown') c.unpriced += num(u.input_tokens) + num(u.output_tokens);
    c.providers.add(u.billing_provider as string);
  }
  return { cards, sessions: sessions.filter((s) => s.model).length, withoutModel: sessions.filter((s) => !s.model).length };
}

describe('the richer usage view', () => {
  const file = path.join(tmp, 'view.db');
  generateStateDb(file, { sessions: 400, days: 120, now: NOW, seed: 5, systemPromptBytes: 300 });
  const sdb = open(file);
  const rows = readAllRows(file);
  const windows: Array<[UsageWindow, (t: number) => boolean]> = [
    [{ kind: 'days', days: 7 }, (t) => t > NOW - 7 * 86400],
    [{ kind: 'days', days: 30 }, (t) => t > NOW - 30 * 86400],
    [{ kind: 'days', days: 90 }, (t) => t > NOW - 90 * 86400],
    [{ kind: 'range', from: NOW - 50 * 86400 + 123.5, to: NOW - 20 * 86400 - 7 }, (t) => t >= NOW - 50 * 86400 + 123.5 && t < NOW - 20 * 86400 - 7],
  ];

  for (const [window, inWindow] of windows) {
    it(`cards, totals and the daily series agree with the rows (${JSON.stringify(window)})`, () => {
      const v: UsageView = getUsageView(sdb, { window, now: NOW, topN: 3 });
      expect(UsageViewSchema.parse(v)).toBeTruthy();
      const ref = referenceCards(rows, inWindow);
      expect(v.cards.map((c) => c.model).sort()).toEqual([...ref.cards.keys()].sort());
      for (const c of v.cards) {
        const r = ref.cards.get(c.model);
        expect(r).toBeDefined();
        if (!r) continue;
        expect(c.sessions).toBe(r.sessions);
        expect([c.tokens.input, c.tokens.output, c.tokens.cacheWrite]).toEqual([r.input, r.output, r.cacheWrite]);
        expect(c.aux.reduce((t, a) => t + a.tokens.total, 0)).toBe(r.auxTotal);
        expect(c.cost.rows).toEqual(r.rows);
        expect(c.cost.unpricedTokens).toBe(r.unpriced);
        expect(Math.abs(c.cost.estimatedUsd - r.est)).toBeLessThan(1e-9 * Math.max(1, r.est));
        expect(new Set(c.providers.map((p) => p.provider))).toEqual(r.providers);
      }
      const ranked = v.cards.map((c) => c.tokens.total);
      expect([...ranked].sort((a, b) => b - a)).toEqual(ranked);
      expect(v.cards.map((c) => c.rank)).toEqual(v.cards.map((_, i) => i + 1));
      expect(v.totals.sessions).toBe(ref.sessions);
      expect(v.totals.sessionsWithoutModel).toBe(ref.withoutModel);
      expect(v.totals.tokens.total).toBe(v.cards.reduce((t, c) => t + c.tokens.total, 0));
      // The daily series adds up to the totals; series are the top 3 + other.
      expect(v.daily.points.reduce((t, p) => t + p.tokens, 0)).toBe(v.totals.tokens.total);
      expect(v.daily.points.reduce((t, p) => t + p.sessions, 0)).toBe(v.totals.sessions);
      expect(v.daily.series).toEqual([...v.cards.slice(0, 3).map((c) => c.model), 'other']);
      for (const p of v.daily.points) expect(p.tokensBySeries.reduce((a, b) => a + b, 0)).toBe(p.tokens);
      const days = v.daily.points.map((p) => p.start);
      expect(days.every((d, i) => i === 0 || d - (days[i - 1] as number) === 86400)).toBe(true);
    });
  }

  it('labels cost status: included Codex, unknown local model with counts, mixed where routes differ', () => {
    const v = getUsageView(sdb, { window: { kind: 'days', days: 90 }, now: NOW });
    const byModel = new Map(v.cards.map((c) => [c.model, c]));
    const qwen = byModel.get('qwen3-coder:30b');
    expect(qwen?.cost.rows.unknown).toBeGreaterThan(0);
    expect(qwen?.cost.unpricedTokens).toBeGreaterThan(0);
    expect(['unknown', 'mixed']).toContain(qwen?.cost.status);
    const gpt = byModel.get('gpt-5.5');
    expect(gpt?.cost.rows.included).toBeGreaterThan(0);
    expect(gpt?.cost.estimatedUsd).toBeGreaterThanOrEqual(0);
    expect(v.totals.cost.status).toBe('mixed');
    expect(v.totals.cost.rows.unknown).toBeGreaterThan(0);
    const sonnet = byModel.get('anthropic/claude-sonnet-5');
    expect(sonnet?.cost.rows.actual).toBeGreaterThan(0); // provider-reported cost on some sessions
    expect(sonnet?.cost.status).toBe('mixed');
  });

  it('one scan feeds both responses', () => {
    const both = getModelsAnalyticsAndView(sdb, { days: 30, now: NOW });
    expect(both.hermes).toEqual(getModelsAnalytics(sdb, { days: 30, now: NOW }));
    expect(both.view).toEqual(getUsageView(sdb, { window: { kind: 'days', days: 30 }, now: NOW }));
    expect(both.view.totals.sessions).toBe(both.hermes.totals.total_sessions);
  });
});
