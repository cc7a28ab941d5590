/**
 * Deterministic generator of realistic Hermes `state.db` files (schema 23) for tests, the demo home and
 * the analytics benchmark.
 *
 * Follows the fixture recipe of `hermes-statedb.md` §4: more sessions in recent days, a source mix
 * (cli/desktop/tui/telegram/cron), five billing routes with their cost status (`estimated`, `included`
 * Codex route, `unknown` local route with NULL cost, some provider-reported `actual`), `task=''` rows that
 * mirror the session counters on the delta path (two rows after a mid-session `/model` switch), no
 * `task=''` rows for gateway sessions (absolute-total path), auxiliary rows (title generation,
 * compression, vision, …), open sessions, one legacy session with NULL billing_provider and no usage, and
 * a few placeholder sessions without a model. Mirrors the writers in `hermes_state.py`
 * (`update_token_counts`, `record_model_usage`, `record_auxiliary_usage`).
 *
 * Everything derives from `seed`, so two runs with the same options write identical rows. The generator
 * can also hand back the rows it wrote, so tests check analytics against an independent computation.
 */
import fs from 'node:fs';
import { DatabaseSync, type DatabaseSyncInstance, type StatementSyncInstance } from '@photostructure/sqlite';
import { STATEDB_DDL, STATEDB_SCHEMA_VERSION } from './statedb-schema';

/** The analytics-relevant columns of one `sessions` row, named as in the table. */
export interface FixtureSession {
  id: string;
  source: string;
  model: string | null;
  started_at: number;
  ended_at: number | null;
  end_reason: string | null;
  message_count: number;
  tool_call_count: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  billing_provider: string | null;
  billing_base_url: string | null;
  billing_mode: string | null;
  estimated_cost_usd: number | null;
  actual_cost_usd: number | null;
  cost_status: string | null;
  cost_source: string | null;
  pricing_version: string | null;
  api_call_count: number | null;
  user_id: string | null;
  chat_id: string | null;
  session_key: string | null;
  title: string | null;
}

/** One `session_model_usage` row, named as in the table. */
export interface FixtureUsage {
  session_id: string;
  model: string;
  billing_provider: string;
  billing_base_url: string;
  billing_mode: string;
  task: string;
  api_call_count: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  estimated_cost_usd: number;
  actual_cost_usd: number;
  cost_status: string | null;
  cost_source: string | null;
  first_seen: number;
  last_seen: number;
}

export interface FixtureOptions {
  /** Number of sessions (~60 for the demo home and tests, 300,000 for the benchmark). */
  sessions: number;
  /** Spread of `started_at` back from `now`, in days. */
  days: number;
  /** Epoch seconds the fixture is generated "at". */
  now: number;
  seed: number;
  /** Average size of `sessions.system_prompt` in bytes (each session gets 50–150 % of it). Default 2048. */
  systemPromptBytes?: number;
  /** Journal mode WAL as Hermes sets it (default true); false leaves the rollback journal. */
  wal?: boolean;
  /** Share of sessions that carry auxiliary rows. Default 0.4 (the recipe); the benchmark uses ~0.7. */
  auxShare?: number;
  /** Inclusive range of `messages` rows per session. Default [3, 6]; [0, 0] writes none. */
  messagesPerSession?: readonly [number, number];
  /** Open sessions (`ended_at` NULL) among the most recent ones. Default 2. */
  openSessions?: number;
  /** Old sessions that were never closed (crashed/orphaned). Default `sessions / 1000`. */
  orphanSessions?: number;
  /** Return the written rows (default: when `sessions <= 20000`). */
  keepRecords?: boolean;
  /** Replace an existing file at `path` (default true). */
  overwrite?: boolean;
}

export interface GeneratedStateDb {
  path: string;
  sessionCount: number;
  usageCount: number;
  messageCount: number;
  /** Rows in insertion (= rowid) order; present when `keepRecords`. */
  records?: { sessions: FixtureSession[]; usage: FixtureUsage[] };
}

/**
 * Ready-made option sets: `demo` for the app's demo home and tests (~60 sessions over 100 days, so the
 * 7/30/90-day windows all differ), `bench` for the analytics benchmark (300,000 sessions, ~700,000 usage
 * rows, 4 KB system prompts so every session row spills onto an overflow page like a real install).
 * Pass `now` (epoch seconds) yourself: fixtures are relative to it.
 */
export const FIXTURE_PRESETS = {
  demo: { sessions: 60, days: 100, seed: 42, systemPromptBytes: 2048 },
  bench: {
    sessions: 300_000,
    days: 365,
    seed: 20260724,
    systemPromptBytes: 4096,
    auxShare: 0.7,
    messagesPerSession: [2, 4] as const,
    openSessions: 5,
    orphanSessions: 300,
  },
} satisfies Record<string, Omit<FixtureOptions, 'now'>>;

/** A billing route as `agent/usage_pricing.py` resolves it; prices in USD per million tokens. */
export interface FixtureRoute {
  model: string;
  provider: string;
  baseUrl: string;
  mode: string | null;
  costStatus: 'estimated' | 'included' | 'unknown';
  costSource: string;
  pricingVersion: string | null;
  /** `null` = pricing unknown (cost NULL). */
  price: { input: number; output: number; cacheRead: number; cacheWrite: number } | null;
  reasoning: boolean;
  /** Max cache-read multiple of input tokens (Anthropic-style caching ~5×, local 0). */
  cacheReadMax: number;
  cacheWriteMax: number;
}

/** The routes of the recipe (`hermes-statedb.md` §4). */
export const FIXTURE_ROUTES: readonly FixtureRoute[] = [
  {
    model: 'anthropic/claude-sonnet-5',
    provider: 'openrouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    mode: null,
    costStatus: 'estimated',
    costSource: 'provider_models_api',
    pricingVersion: 'openai-compatible-models-api',
    price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    reasoning: false,
    cacheReadMax: 5,
    cacheWriteMax: 0.5,
  },
  {
    model: 'claude-opus-4-8',
    provider: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    mode: null,
    costStatus: 'estimated',
    costSource: 'official_docs_snapshot',
    pricingVersion: 'anthropic-pricing-2026-05',
    price: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
    reasoning: true,
    cacheReadMax: 5,
    cacheWriteMax: 0.5,
  },
  {
    model: 'gpt-5.5',
    provider: 'openai-codex',
    baseUrl: 'https://chatgpt.com/backend-api/codex',
    mode: 'subscription_included',
    costStatus: 'included',
    costSource: 'none',
    pricingVersion: 'included-route',
    price: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    reasoning: true,
    cacheReadMax: 3,
    cacheWriteMax: 0,
  },
  {
    model: 'z-ai/glm-5.2',
    provider: 'nous',
    baseUrl: 'https://inference-api.nousresearch.com/v1',
    mode: null,
    costStatus: 'estimated',
    costSource: 'provider_models_api',
    pricingVersion: 'openai-compatible-models-api',
    price: { input: 0.6, output: 2.2, cacheRead: 0.11, cacheWrite: 0 },
    reasoning: true,
    cacheReadMax: 1,
    cacheWriteMax: 0,
  },
  {
    model: 'qwen3-coder:30b',
    provider: 'custom',
    baseUrl: 'http://localhost:11434/v1',
    mode: null,
    costStatus: 'unknown',
    costSource: 'none',
    pricingVersion: null,
    price: null,
    reasoning: false,
    cacheReadMax: 0,
    cacheWriteMax: 0,
  },
];

/** Route of the cheap auxiliary model (title generation, vision, web extraction). */
export const FIXTURE_AUX_ROUTE: FixtureRoute = {
  model: 'google/gemini-3.5-flash',
  provider: 'openrouter',
  baseUrl: 'https://openrouter.ai/api/v1',
  mode: null,
  costStatus: 'estimated',
  costSource: 'provider_models_api',
  pricingVersion: 'openai-compatible-models-api',
  price: { input: 0.3, output: 2.5, cacheRead: 0.03, cacheWrite: 0 },
  reasoning: false,
  cacheReadMax: 0,
  cacheWriteMax: 0,
};

const ROUTE_WEIGHTS = [0.35, 0.15, 0.2, 0.15, 0.15];
const SOURCE_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['cli', 0.6],
  ['desktop', 0.15],
  ['tui', 0.1],
  ['telegram', 0.1],
  ['cron', 0.05],
];
const END_REASONS = ['cli_close', 'user_exit', 'agent_close', 'done', 'completed', 'session_reset', 'new_session'];

/** Small, fast, seedable PRNG (mulberry32): tests and the benchmark need byte-identical fixtures. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
const intBetween = (rng: Rng, lo: number, hi: number): number => lo + Math.floor((hi - lo + 1) * rng());

function pickWeighted<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  let r = rng();
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

/** Per-call cost estimate the way `usage_pricing.py` does it: per-million prices × buckets. */
export function estimateCost(
  route: FixtureRoute,
  t: { input: number; output: number; cacheRead: number; cacheWrite: number },
): number | null {
  if (!route.price) return null;
  const p = route.price;
  return (t.input * p.input + t.output * p.output + t.cacheRead * p.cacheRead + t.cacheWrite * p.cacheWrite) / 1e6;
}

const PROMPT_BLOCKS = [
  'You are Hermes, an autonomous agent created by Nous Research. You help the user with software engineering, research and everyday tasks, using the tools available to you.',
  '## Memory\nThe user prefers concise answers, TypeScript over JavaScript, and explicit error handling. Their main project lives in ~/src/switchboard and uses vitest.',
  '## Skills index\n- git-workflow: branch, commit and open pull requests\n- web-research: search, extract and cite sources\n- data-analysis: pandas, sqlite, charts\n- release-notes: summarise merged PRs since the last tag',
  '## Context files\nAGENTS.md: run `npm test` before committing; never push to main; keep modules small and named in kebab-case.',
  '## Tool use policy\nPrefer reading files before editing them. Ask before running destructive commands. Keep terminal output short; summarise long logs.',
  '## Environment\nOS: Linux. Shell: bash. Working directory is the repository root. Network access may be limited; fall back to cached documentation.',
];

/** Builds a pool of system prompts around `avgBytes` so rows differ in size like real ones. */
function buildPromptPool(rng: Rng, avgBytes: number, size: number): string[] {
  const pool: string[] = [];
  for (let i = 0; i < size; i++) {
    const target = Math.max(64, Math.round(avgBytes * between(rng, 0.5, 1.5)));
    let text = '';
    let k = i;
    while (text.length < target) {
      text += (PROMPT_BLOCKS[k % PROMPT_BLOCKS.length] ?? '') + '\n\n';
      k += 1 + (i % 3);
    }
    pool.push(text.slice(0, target));
  }
  return pool;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Agent-style id: UTC `YYYYmmdd_HHMMSS` + 6 hex chars (Hermes uses local time; UTC keeps tests stable). */
function sessionId(rng: Rng, startedAt: number, taken: Set<string>): string {
  const d = new Date(Math.floor(startedAt) * 1000);
  const stamp =
    `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}_` +
    `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`;
  for (;;) {
    const hex = Math.floor(rng() * 0xffffff)
      .toString(16)
      .padStart(6, '0');
    const id = `${stamp}_${hex}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

interface PlannedSession {
  session: FixtureSession;
  usage: FixtureUsage[];
  messages: Array<{ role: string; content: string; timestamp: number; tool_name: string | null }>;
  promptIndex: number;
}

interface CallTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  calls: number;
}

function drawMainTotals(rng: Rng, route: FixtureRoute, calls: number): CallTotals {
  const input = Math.round(calls * between(rng, 2000, 40000));
  const output = Math.round(input * between(rng, 0.05, 0.15));
  return {
    input,
    output,
    cacheRead: Math.round(input * between(rng, 0, route.cacheReadMax)),
    cacheWrite: Math.round(input * between(rng, 0, route.cacheWriteMax)),
    reasoning: route.reasoning ? Math.round(output * between(rng, 0.2, 0.6)) : 0,
    calls,
  };
}

function usageRow(
  sessionIdValue: string,
  route: FixtureRoute,
  task: string,
  t: CallTotals,
  firstSeen: number,
  lastSeen: number,
): FixtureUsage {
  const cost = estimateCost(route, { input: t.input, output: t.output, cacheRead: t.cacheRead, cacheWrite: t.cacheWrite });
  return {
    session_id: sessionIdValue,
    model: route.model,
    billing_provider: route.provider,
    billing_base_url: route.baseUrl,
    billing_mode: route.mode ?? '',
    task,
    api_call_count: t.calls,
    input_tokens: t.input,
    output_tokens: t.output,
    cache_read_tokens: t.cacheRead,
    cache_write_tokens: t.cacheWrite,
    reasoning_tokens: t.reasoning,
    // The column is NOT NULL DEFAULT 0: an unknown price lands as 0 with status 'unknown'.
    estimated_cost_usd: cost ?? 0,
    actual_cost_usd: 0,
    cost_status: route.costStatus,
    cost_source: route.costSource,
    first_seen: firstSeen,
    last_seen: lastSeen,
  };
}

const AUX_TASKS: ReadonlyArray<readonly [string, number]> = [
  ['compression', 0.45],
  ['vision', 0.12],
  ['web_extract', 0.2],
  ['approval', 0.1],
  ['goal_judge', 0.05],
  ['memory_query_rewrite', 0.05],
];

function planAux(rng: Rng, s: FixtureSession, mainRoute: FixtureRoute, end: number): FixtureUsage[] {
  const rows: FixtureUsage[] = [];
  const span = Math.max(1, end - s.started_at);
  const at = (f: number): number => s.started_at + span * f;
  // Title generation: one call on the cheap aux model, early in the session.
  const tIn = intBetween(rng, 600, 1000);
  rows.push(
    usageRow(s.id, FIXTURE_AUX_ROUTE, 'title_generation', {
      input: tIn,
      output: intBetween(rng, 12, 30),
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
      calls: 1,
    }, at(0.02), at(0.02)),
  );
  for (const [task, p] of AUX_TASKS) {
    if (rng() >= p) continue;
    if (task === 'compression') {
      // Compression runs on the main route ("auto" auxiliary provider), 1–3 calls — except that Opus users
      // here pin `auxiliary.compression` to Sonnet via OpenRouter, so no aux row ever names Opus and the
      // legacy Opus session below folds (Hermes folds only when a model has exactly one provider row).
      const calls = intBetween(rng, 1, 3);
      const route = mainRoute.provider === 'anthropic' ? (FIXTURE_ROUTES[0] as FixtureRoute) : mainRoute;
      rows.push(
        usageRow(s.id, route, task, {
          input: Math.round(calls * between(rng, 60000, 150000)),
          output: calls * intBetween(rng, 1500, 2500),
          cacheRead: 0,
          cacheWrite: 0,
          reasoning: 0,
          calls,
        }, at(between(rng, 0.3, 0.6)), at(between(rng, 0.6, 0.95))),
      );
    } else {
      const calls = intBetween(rng, 1, 4);
      rows.push(
        usageRow(s.id, FIXTURE_AUX_ROUTE, task, {
          input: calls * intBetween(rng, 800, task === 'vision' ? 6000 : 3000),
          output: calls * intBetween(rng, 20, 400),
          cacheRead: 0,
          cacheWrite: 0,
          reasoning: 0,
          calls,
        }, at(between(rng, 0.1, 0.5)), at(between(rng, 0.5, 0.99))),
      );
    }
  }
  return rows;
}

function planSessions(o: Required<Omit<FixtureOptions, 'keepRecords' | 'overwrite'>>): {
  planned: PlannedSession[];
  promptPool: string[];
} {
  const rng = createRng(o.seed);
  const promptPool = buildPromptPool(rng, o.systemPromptBytes, 97);
  const taken = new Set<string>();
  const n = o.sessions;

  // Ages skewed towards the present (u^1.6), so 7/30/90-day windows all differ.
  const starts: number[] = [];
  for (let i = 0; i < n; i++) starts.push(o.now - o.days * 86400 * Math.pow(rng(), 1.6) - rng());
  starts.sort((a, b) => a - b);

  const legacyIndex = n >= 10 ? n - 1 - Math.min(n - 1, Math.max(3, Math.floor(n * 0.02))) : -1;
  const placeholderEvery = n >= 40 ? Math.max(30, Math.floor(n / Math.max(2, Math.floor(n / 1000)))) : 0;
  const openFrom = n - Math.min(n, o.openSessions);
  const orphanEvery = o.orphanSessions > 0 ? Math.max(2, Math.floor(n / o.orphanSessions)) : 0;

  const planned: PlannedSession[] = [];
  for (let i = 0; i < n; i++) {
    let started = starts[i] as number;
    if (i >= openFrom) started = Math.max(started, o.now - between(rng, 300, 5400));
    const source = pickWeighted(
      rng,
      SOURCE_WEIGHTS.map((s) => s[0]),
      SOURCE_WEIGHTS.map((s) => s[1]),
    );
    const route = pickWeighted(rng, FIXTURE_ROUTES, ROUTE_WEIGHTS);
    const id = sessionId(rng, started, taken);
    const open = i >= openFrom || (orphanEvery > 0 && i % orphanEvery === orphanEvery - 1 && i < openFrom);
    const end = started + between(rng, 120, 7200);
    const gateway = source === 'telegram';
    const calls = 1 + Math.floor(79 * Math.pow(rng(), 2));
    const s: FixtureSession = {
      id,
      source,
      model: route.model,
      started_at: started,
      ended_at: open ? null : end,
      end_reason: open ? null : (END_REASONS[intBetween(rng, 0, END_REASONS.length - 1)] ?? 'done'),
      message_count: 0,
      tool_call_count: 0,
      input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      billing_provider: route.provider,
      billing_base_url: route.baseUrl,
      billing_mode: route.mode,
      estimated_cost_usd: null,
      actual_cost_usd: null,
      cost_status: route.costStatus,
      cost_source: route.costSource,
      pricing_version: route.pricingVersion,
      api_call_count: calls,
      user_id: gateway ? `tg-user-${intBetween(rng, 1000, 9999)}` : null,
      chat_id: gateway ? `tg-chat-${intBetween(rng, 100, 999)}` : null,
      session_key: gateway ? `agent:main:telegram:dm:${intBetween(rng, 100, 999)}` : null,
      title: `Session ${i + 1}`,
    };
    const usage: FixtureUsage[] = [];
    const lastCall = open ? started + (end - started) * 0.5 : end;

    if (i === legacyIndex) {
      // Legacy row: created before the first billable call finished — model only, no route, no usage.
      Object.assign(s, {
        model: FIXTURE_ROUTES[1]?.model ?? 'claude-opus-4-8',
        source: 'cli',
        billing_provider: null,
        billing_base_url: null,
        billing_mode: null,
        cost_status: null,
        cost_source: null,
        pricing_version: null,
        api_call_count: 0,
        estimated_cost_usd: null,
        user_id: null,
        chat_id: null,
        session_key: null,
      });
    } else if (placeholderEvery > 0 && i % placeholderEvery === 7) {
      // Placeholder auto-created by a usage write for an unknown session: no model at all.
      Object.assign(s, {
        source: 'unknown',
        model: null,
        billing_provider: null,
        billing_base_url: null,
        billing_mode: null,
        cost_status: null,
        cost_source: null,
        pricing_version: null,
        api_call_count: 0,
        user_id: null,
        chat_id: null,
        session_key: null,
      });
    } else {
      const totals = drawMainTotals(rng, route, calls);
      let cost = estimateCost(route, { input: totals.input, output: totals.output, cacheRead: totals.cacheRead, cacheWrite: totals.cacheWrite });
      const switched = !gateway && calls >= 4 && rng() < 0.06;
      if (!gateway) {
        if (switched) {
          // Mid-session /model switch: two task='' rows, sessions.model keeps the first model.
          const other = FIXTURE_ROUTES[(FIXTURE_ROUTES.indexOf(route) + 1) % FIXTURE_ROUTES.length] as FixtureRoute;
          const firstCalls = Math.max(1, Math.floor(calls * between(rng, 0.3, 0.7)));
          const share = firstCalls / calls;
          const a: CallTotals = {
            input: Math.round(totals.input * share),
            output: Math.round(totals.output * share),
            cacheRead: Math.round(totals.cacheRead * share),
            cacheWrite: Math.round(totals.cacheWrite * share),
            reasoning: Math.round(totals.reasoning * share),
            calls: firstCalls,
          };
          const secondRaw = drawMainTotals(rng, other, calls - firstCalls);
          const b: CallTotals = { ...secondRaw };
          const switchAt = started + (lastCall - started) * share;
          usage.push(usageRow(id, route, '', a, started + 1, switchAt));
          usage.push(usageRow(id, other, '', b, switchAt + 1, lastCall));
          totals.input = a.input + b.input;
          totals.output = a.output + b.output;
          totals.cacheRead = a.cacheRead + b.cacheRead;
          totals.cacheWrite = a.cacheWrite + b.cacheWrite;
          totals.reasoning = a.reasoning + b.reasoning;
          const ca = estimateCost(route, { input: a.input, output: a.output, cacheRead: a.cacheRead, cacheWrite: a.cacheWrite });
          const cb = estimateCost(other, { input: b.input, output: b.output, cacheRead: b.cacheRead, cacheWrite: b.cacheWrite });
          // Session cost is the running sum of per-call estimates; an unknown price anywhere keeps what is known.
          cost = ca === null && cb === null ? null : (ca ?? 0) + (cb ?? 0);
        } else {
          usage.push(usageRow(id, route, '', totals, started + 1, lastCall));
        }
      }
      s.input_tokens = totals.input;
      s.output_tokens = totals.output;
      s.cache_read_tokens = totals.cacheRead;
      s.cache_write_tokens = totals.cacheWrite;
      s.reasoning_tokens = totals.reasoning;
      s.tool_call_count = Math.round(calls * between(rng, 0.5, 2));
      s.estimated_cost_usd = cost;
      if (route.provider === 'openrouter' && cost !== null && rng() < 0.1) {
        // The provider reported what the calls really cost (OpenRouter generation API).
        s.actual_cost_usd = cost * between(rng, 0.9, 1.1);
        s.cost_status = 'actual';
        s.cost_source = 'provider_generation_api';
      }
      if (rng() < o.auxShare) usage.push(...planAux(rng, s, route, lastCall));
    }
    s.message_count = (s.api_call_count ?? 0) * 2 + 1;

    const msgCount = intBetween(rng, o.messagesPerSession[0], o.messagesPerSession[1]);
    const messages: PlannedSession['messages'] = [];
    for (let m = 0; m < msgCount; m++) {
      const role = m === 0 ? 'user' : m % 3 === 2 ? 'tool' : 'assistant';
      messages.push({
        role,
        content: role === 'tool' ? '{"ok": true, "lines": 42}' : `Message ${m + 1} of session ${id}.`,
        timestamp: started + ((lastCall - started) * (m + 1)) / (msgCount + 1),
        tool_name: role === 'tool' ? 'terminal' : null,
      });
    }
    planned.push({ session: s, usage, messages, promptIndex: intBetween(rng, 0, promptPool.length - 1) });
  }
  return { planned, promptPool };
}

const SESSION_INSERT_COLUMNS = [
  'id', 'source', 'user_id', 'session_key', 'chat_id', 'chat_type', 'model', 'model_config', 'system_prompt',
  'started_at', 'ended_at', 'end_reason', 'message_count', 'tool_call_count', 'input_tokens', 'output_tokens',
  'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'cwd', 'billing_provider', 'billing_base_url',
  'billing_mode', 'estimated_cost_usd', 'actual_cost_usd', 'cost_status', 'cost_source', 'pricing_version',
  'title', 'api_call_count',
] as const;

const USAGE_INSERT_COLUMNS = [
  'session_id', 'model', 'billing_provider', 'billing_base_url', 'billing_mode', 'task', 'api_call_count',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens',
  'estimated_cost_usd', 'actual_cost_usd', 'cost_status', 'cost_source', 'first_seen', 'last_seen',
] as const;

/** Prepared writers for fixture rows; tests use them to mutate a DB the way Hermes would. */
export interface FixtureWriter {
  insertSession(s: FixtureSession, systemPrompt?: string): void;
  insertUsage(u: FixtureUsage): void;
  insertMessage(sessionIdValue: string, role: string, content: string, timestamp: number, toolName?: string | null): void;
}

export function createFixtureWriter(db: DatabaseSyncInstance): FixtureWriter {
  const sessionStmt: StatementSyncInstance = db.prepare(
    `INSERT INTO sessions (${SESSION_INSERT_COLUMNS.join(', ')}) VALUES (${SESSION_INSERT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const usageStmt = db.prepare(
    `INSERT INTO session_model_usage (${USAGE_INSERT_COLUMNS.join(', ')}) VALUES (${USAGE_INSERT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const messageStmt = db.prepare(
    'INSERT INTO messages (session_id, role, content, tool_name, timestamp) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    insertSession(s, systemPrompt = 'You are Hermes.') {
      sessionStmt.run(
        s.id, s.source, s.user_id, s.session_key, s.chat_id, s.chat_id ? 'dm' : null, s.model,
        s.model ? '{"max_iterations": 90, "reasoning_config": {"enabled": true, "effort": "medium"}, "max_tokens": null}' : null,
        systemPrompt, s.started_at, s.ended_at, s.end_reason, s.message_count, s.tool_call_count, s.input_tokens,
        s.output_tokens, s.cache_read_tokens, s.cache_write_tokens, s.reasoning_tokens,
        s.source === 'telegram' ? null : '/home/user/src/switchboard', s.billing_provider, s.billing_base_url,
        s.billing_mode, s.estimated_cost_usd, s.actual_cost_usd, s.cost_status, s.cost_source, s.pricing_version,
        s.title, s.api_call_count,
      );
    },
    insertUsage(u) {
      usageStmt.run(
        u.session_id, u.model, u.billing_provider, u.billing_base_url, u.billing_mode, u.task, u.api_call_count,
        u.input_tokens, u.output_tokens, u.cache_read_tokens, u.cache_write_tokens, u.reasoning_tokens,
        u.estimated_cost_usd, u.actual_cost_usd, u.cost_status, u.cost_source, u.first_seen, u.last_seen,
      );
    },
    insertMessage(sid, role, content, timestamp, toolName = null) {
      messageStmt.run(sid, role, content, toolName, timestamp);
    },
  };
}

/** Creates the schema-23 tables (and the `schema_version` row) in an open, writable DB. */
export function createStateDbSchema(db: DatabaseSyncInstance): void {
  for (const ddl of STATEDB_DDL) db.exec(ddl);
  const row = db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number };
  if (row.n === 0) db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(STATEDB_SCHEMA_VERSION);
}

/**
 * Writes a fresh `state.db` at `path`. One transaction, prepared statements, journal off during the load
 * (the file is new, so there is nothing to protect); WAL is switched on at the end like Hermes's own DB.
 */
export function generateStateDb(path: string, options: FixtureOptions): GeneratedStateDb {
  const o = {
    sessions: options.sessions,
    days: options.days,
    now: options.now,
    seed: options.seed,
    systemPromptBytes: options.systemPromptBytes ?? 2048,
    wal: options.wal ?? true,
    auxShare: options.auxShare ?? 0.4,
    messagesPerSession: options.messagesPerSession ?? ([3, 6] as const),
    openSessions: options.openSessions ?? 2,
    orphanSessions: options.orphanSessions ?? Math.floor(options.sessions / 1000),
  };
  const keepRecords = options.keepRecords ?? options.sessions <= 20000;
  if (options.overwrite ?? true) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(path + suffix, { force: true });
  }
  const { planned, promptPool } = planSessions(o);

  const db = new DatabaseSync(path);
  let usageCount = 0;
  let messageCount = 0;
  try {
    db.exec('PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;');
    createStateDbSchema(db);
    const w = createFixtureWriter(db);
    db.exec('BEGIN');
    db.prepare('INSERT INTO state_meta (key, value) VALUES (?, ?)').run('fts_storage_version', '2');
    db.prepare('INSERT INTO state_meta (key, value) VALUES (?, ?)').run('last_auto_prune', String(o.now - 3600));
    for (const p of planned) {
      w.insertSession(p.session, promptPool[p.promptIndex]);
      for (const u of p.usage) w.insertUsage(u);
      for (const m of p.messages) w.insertMessage(p.session.id, m.role, m.content, m.timestamp, m.tool_name);
      usageCount += p.usage.length;
      messageCount += p.messages.length;
    }
    db.exec('COMMIT');
    db.exec(o.wal ? 'PRAGMA journal_mode=WAL' : 'PRAGMA journal_mode=DELETE');
  } finally {
    db.close();
  }
  const result: GeneratedStateDb = { path, sessionCount: planned.length, usageCount, messageCount };
  if (keepRecords) {
    result.records = {
      sessions: planned.map((p) => p.session),
      usage: planned.flatMap((p) => p.usage),
    };
  }
  return result;
}
