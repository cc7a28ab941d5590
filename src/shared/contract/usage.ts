/**
 * Usage analytics channels: model usage read from Hermes's `<home>/state.db` (read-only).
 *
 * - `usage.models` — the app's model cards, totals and daily series for 7 / 30 / 90 days or a custom
 *   range (what the Models page shows).
 * - `usage.hermesModels` — Hermes's own `GET /api/analytics/models?days=N`, same path, query and response
 *   shape as the Hermes dashboard, so scripts written against it work unchanged.
 *
 * A missing, locked, old-schema or corrupt state.db answers `STATE_DB_UNAVAILABLE` with
 * `detail: {reason, hint}` (`StateDbUnavailableDetailSchema`).
 */
import { z } from 'zod';
import { HermesModelsAnalyticsSchema, UsageViewSchema } from '../domain/usage';
import { channel } from './define';

/** Hermes clamps `days` to 1–365 (`_get_models_analytics`); the app does the same on both channels. */
export const USAGE_MIN_DAYS = 1;
export const USAGE_MAX_DAYS = 365;
/** Longest custom range, in days (the cache covers any range; the daily chart stays readable). */
export const USAGE_MAX_RANGE_DAYS = 1096;
/** Earliest `from` a custom range may start at (2020-01-01 UTC): Hermes did not exist before. */
export const USAGE_EARLIEST_FROM = 1_577_836_800;

export function clampUsageDays(days: number): number {
  return Math.min(USAGE_MAX_DAYS, Math.max(USAGE_MIN_DAYS, Math.trunc(days)));
}

/** A window as the UI asks for it: Hermes-style "last N days" or a custom range of epoch seconds (UTC). */
export const UsageWindowRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('days'), days: z.number().int().transform(clampUsageDays) }),
  z
    .object({ kind: z.literal('range'), from: z.number().finite().min(USAGE_EARLIEST_FROM), to: z.number().finite() })
    .refine((w) => w.from < w.to, { message: 'The range must end after it starts.' })
    .refine((w) => w.to - w.from <= USAGE_MAX_RANGE_DAYS * 86400, {
      message: `A custom range can span at most ${USAGE_MAX_RANGE_DAYS} days.`,
    }),
]);
export type UsageWindowRequest = z.input<typeof UsageWindowRequestSchema>;

/** How an answer was produced (shown as a small diagnostic line, checked by tests). */
export const UsageRuntimeSchema = z.object({
  /** Hermes's database the numbers come from. */
  statePath: z.string(),
  /** `worker`: a worker thread (the app); `in-process`: synchronous (unit tests only). */
  mode: z.enum(['worker', 'in-process']),
  /** `persistent`: the aggregate cache file in the app's data dir; `memory`: demo homes and tests. */
  cache: z.enum(['persistent', 'memory']),
  /** Time the engine spent on this query. */
  elapsedMs: z.number(),
});
export type UsageRuntime = z.infer<typeof UsageRuntimeSchema>;

export const UsageModelsResponseSchema = z.object({
  view: UsageViewSchema,
  runtime: UsageRuntimeSchema,
});
export type UsageModelsResponse = z.infer<typeof UsageModelsResponseSchema>;

export const usageChannels = {
  'usage.models': channel({
    summary: 'Model usage from state.db for a period or custom range: cards ranked by tokens, totals, daily series.',
    request: z.object({ window: UsageWindowRequestSchema }),
    response: UsageModelsResponseSchema,
  }),
  'usage.hermesModels': channel({
    summary: "Hermes dashboard's models analytics (`GET /api/analytics/models?days=N`), same shape.",
    // Query values arrive as strings. Hermes's default is 30 days, clamped to 1–365.
    request: z.object({
      // An empty `?days=` is an error (as in FastAPI), not 0 clamped to 1.
      days: z
        .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? Number.NaN : v), z.coerce.number().int().default(30))
        .transform(clampUsageDays),
      /** Hermes accepts `?profile=`; this app serves the profile it has open and says so otherwise. */
      profile: z.string().max(64).optional(),
    }),
    response: HermesModelsAnalyticsSchema,
    rest: { method: 'GET', path: '/api/analytics/models' },
  }),
};
