/**
 * Usage analytics shapes that cross from the core to the UI (IPC and HTTP).
 *
 * Two responses come from the same scan of Hermes's `state.db`:
 * - `HermesModelsAnalytics` — byte-for-byte the shape of Hermes's dashboard endpoint
 *   `GET /api/analytics/models?days=N` (`hermes_cli/web_server.py::_get_models_analytics`), so the browser
 *   host can serve it on the same route and Hermes's own web UI code could read it.
 * - `UsageView` — the app's richer model cards: full token split, cost *with its status* (never a bare
 *   number that hides unpriced usage), providers seen, auxiliary tasks, a daily series, any window.
 */
import { z } from 'zod';

/** Periods the Models page offers (Hermes's UI: 7d / 30d / 90d, default 30d). */
export const USAGE_PERIOD_DAYS = [7, 30, 90] as const;

/**
 * The time window of a query. `days` mirrors Hermes: sessions with `started_at > now - days*86400`
 * (open-ended towards the future). `range` is the app's custom range: `from <= started_at < to`, epoch
 * seconds (UTC).
 */
export const UsageWindowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(3650) }),
  z
    .object({ kind: z.literal('range'), from: z.number().finite(), to: z.number().finite() })
    .refine((w) => w.from < w.to, { message: '`from` must be before `to`' }),
]);
export type UsageWindow = z.infer<typeof UsageWindowSchema>;

/**
 * Capability metadata as Hermes attaches it to model rows (`agent/models_dev.py::get_model_capabilities`,
 * from models.dev). Hermes sends `{}` when unknown.
 */
export const UsageCapabilitiesSchema = z.object({
  supports_tools: z.boolean(),
  supports_vision: z.boolean(),
  supports_reasoning: z.boolean(),
  context_window: z.number().nullable(),
  max_output_tokens: z.number().nullable(),
  model_family: z.string().nullable(),
});
export type UsageCapabilities = z.infer<typeof UsageCapabilitiesSchema>;

/** `(billing_provider, model) → capabilities | null` — supplied by the providers/models.dev module. */
export type CapabilitiesLookup = (provider: string, model: string) => UsageCapabilities | null;

// ── Hermes-compatible response ───────────────────────────────────────────────────────────────────

/**
 * One row of Hermes's Models page. Sums are SQL `SUM`s, so a column whose every value is NULL comes out
 * `null` exactly as Hermes sends it. Auxiliary rows (from `session_model_usage`, `task != ''`) carry
 * `aux_task`; Hermes computes it too but drops it from its JSON — the extra key is additive.
 */
export const HermesModelRowSchema = z.object({
  model: z.string(),
  provider: z.string(),
  input_tokens: z.number().nullable(),
  output_tokens: z.number().nullable(),
  cache_read_tokens: z.number().nullable(),
  reasoning_tokens: z.number().nullable(),
  estimated_cost: z.number(),
  actual_cost: z.number(),
  sessions: z.number().int(),
  api_calls: z.number().nullable(),
  tool_calls: z.number().nullable(),
  last_used_at: z.number().nullable(),
  avg_tokens_per_session: z.number().nullable(),
  capabilities: z.union([UsageCapabilitiesSchema, z.object({}).strict()]),
  aux_task: z.string().optional(),
});
export type HermesModelRow = z.infer<typeof HermesModelRowSchema>;

/** Totals come from `sessions` only (same filter as the main rows); `SUM` over no rows is `null`. */
export const HermesModelsTotalsSchema = z.object({
  distinct_models: z.number().int(),
  total_input: z.number().nullable(),
  total_output: z.number().nullable(),
  total_cache_read: z.number().nullable(),
  total_reasoning: z.number().nullable(),
  total_estimated_cost: z.number(),
  total_actual_cost: z.number(),
  total_sessions: z.number().int(),
  total_api_calls: z.number().nullable(),
});
export type HermesModelsTotals = z.infer<typeof HermesModelsTotalsSchema>;

/** `GET /api/analytics/models?days=N` response. */
export const HermesModelsAnalyticsSchema = z.object({
  models: z.array(HermesModelRowSchema),
  totals: HermesModelsTotalsSchema,
  period_days: z.number().int(),
});
export type HermesModelsAnalytics = z.infer<typeof HermesModelsAnalyticsSchema>;

// ── The app's richer view ────────────────────────────────────────────────────────────────────────

export const TokenSplitSchema = z.object({
  input: z.number(),
  output: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  reasoning: z.number(),
  /** input + output — the figure Hermes ranks models by. */
  total: z.number(),
});
export type TokenSplit = z.infer<typeof TokenSplitSchema>;

/**
 * How a cost figure is known. `mixed` = contributing rows disagree (e.g. some estimated, some included);
 * `unknown` = every priced row had no price. Rows without any usage do not vote.
 */
export const CostStatusSchema = z.enum(['estimated', 'actual', 'included', 'unknown', 'mixed']);
export type CostStatus = z.infer<typeof CostStatusSchema>;

/** Per-status row counts behind a cost (session rows plus auxiliary usage rows). */
export const CostRowCountsSchema = z.object({
  estimated: z.number().int(),
  actual: z.number().int(),
  included: z.number().int(),
  /** `cost_status = 'unknown'`, or no cost at all although tokens were used. */
  unknown: z.number().int(),
  /** Rows with no tokens and no cost (placeholders); they do not affect the status. */
  noUsage: z.number().int(),
});
export type CostRowCounts = z.infer<typeof CostRowCountsSchema>;

export const UsageCostSchema = z.object({
  status: CostStatusSchema,
  /** Sum of `estimated_cost_usd` of the contributing rows (unpriced rows add nothing). */
  estimatedUsd: z.number(),
  /** Sum of provider-reported `actual_cost_usd`. */
  actualUsd: z.number(),
  rows: CostRowCountsSchema,
  /** input + output tokens of rows whose price is unknown, i.e. usage the dollar figures leave out. */
  unpricedTokens: z.number(),
});
export type UsageCost = z.infer<typeof UsageCostSchema>;

/** Auxiliary usage (`session_model_usage.task != ''`) of one model for one task and provider. */
export const AuxUsageSchema = z.object({
  task: z.string(),
  provider: z.string(),
  tokens: TokenSplitSchema,
  apiCalls: z.number(),
  /** Distinct sessions the task ran in. */
  sessions: z.number().int(),
  lastUsedAt: z.number().nullable(),
  cost: UsageCostSchema,
});
export type AuxUsage = z.infer<typeof AuxUsageSchema>;

export const ProviderSeenSchema = z.object({
  /** `billing_provider`; `null` for sessions that never recorded a route (legacy rows). */
  provider: z.string().nullable(),
  /** Main-loop sessions on this route. */
  sessions: z.number().int(),
  /** input + output tokens on this route (main + auxiliary). */
  tokens: z.number(),
});
export type ProviderSeen = z.infer<typeof ProviderSeenSchema>;

/** One model card, ranked by tokens (main-loop + auxiliary input + output). */
export const ModelCardSchema = z.object({
  rank: z.number().int().positive(),
  model: z.string(),
  /** Main loop + auxiliary tasks. */
  tokens: TokenSplitSchema,
  /** Main-loop usage only (the `sessions` counters). */
  main: z.object({
    tokens: TokenSplitSchema,
    sessions: z.number().int(),
    apiCalls: z.number(),
    toolCalls: z.number(),
    /** Main input + output per main session (Hermes's `avg_tokens_per_session`). */
    avgTokensPerSession: z.number(),
    lastUsedAt: z.number().nullable(),
  }),
  /** Sessions whose main model is this one. */
  sessions: z.number().int(),
  /** Main + auxiliary API calls. */
  apiCalls: z.number(),
  toolCalls: z.number(),
  avgTokensPerSession: z.number(),
  /** Latest of main-session start and auxiliary `last_seen`. */
  lastUsedAt: z.number().nullable(),
  cost: UsageCostSchema,
  providers: z.array(ProviderSeenSchema),
  aux: z.array(AuxUsageSchema),
  capabilities: UsageCapabilitiesSchema.nullable(),
});
export type ModelCard = z.infer<typeof ModelCardSchema>;

/** A day of the chart series (UTC calendar day of `started_at`). */
export const DailyPointSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Epoch seconds of 00:00 UTC. */
  start: z.number(),
  sessions: z.number().int(),
  /** input + output tokens, main + auxiliary. */
  tokens: z.number(),
  /** Tokens per series, aligned with `DailySeries.series`. */
  tokensBySeries: z.array(z.number()),
  /** Main-loop sessions per series, aligned with `DailySeries.series`. */
  sessionsBySeries: z.array(z.number().int()),
});
export type DailyPoint = z.infer<typeof DailyPointSchema>;

export const DailySeriesSchema = z.object({
  /** Top-N model names by tokens, then `other` when more models exist. */
  series: z.array(z.string()),
  /** Dense: every day of the window, zero-filled. */
  points: z.array(DailyPointSchema),
});
export type DailySeries = z.infer<typeof DailySeriesSchema>;

export const UsageTotalsSchema = z.object({
  models: z.number().int(),
  sessions: z.number().int(),
  /** Sessions in the window without a model (placeholders); not on any card. */
  sessionsWithoutModel: z.number().int(),
  tokens: TokenSplitSchema,
  apiCalls: z.number(),
  toolCalls: z.number(),
  cost: UsageCostSchema,
});
export type UsageTotals = z.infer<typeof UsageTotalsSchema>;

/** Where the numbers came from and what the database could not provide. */
export const UsageSourceInfoSchema = z.object({
  schemaVersion: z.number().int().nullable(),
  /** True when the DB predates some columns/tables: figures that need them are zero or absent. */
  degraded: z.boolean(),
  notes: z.array(z.string()),
});
export type UsageSourceInfo = z.infer<typeof UsageSourceInfoSchema>;

export const UsageViewSchema = z.object({
  window: UsageWindowSchema,
  /** Effective bounds in epoch seconds: sessions with `from < started_at` (days) or `from <= started_at < to` (range). */
  from: z.number(),
  to: z.number().nullable(),
  generatedAt: z.number(),
  cards: z.array(ModelCardSchema),
  totals: UsageTotalsSchema,
  daily: DailySeriesSchema,
  source: UsageSourceInfoSchema,
});
export type UsageView = z.infer<typeof UsageViewSchema>;

/** `detail` of a `STATE_DB_UNAVAILABLE` error. */
export const StateDbUnavailableReasonSchema = z.enum([
  'missing',
  'locked',
  'old-schema',
  'corrupt',
  'not-a-database',
  'unreadable',
]);
export type StateDbUnavailableReason = z.infer<typeof StateDbUnavailableReasonSchema>;

export const StateDbUnavailableDetailSchema = z.object({
  reason: StateDbUnavailableReasonSchema,
  hint: z.string(),
});
export type StateDbUnavailableDetail = z.infer<typeof StateDbUnavailableDetailSchema>;
