/**
 * Model usage analytics over Hermes's `state.db`: one scan of a window into a `WindowAggregate`, then two
 * projections of it —
 *
 * - `toHermesModelsAnalytics`: exactly what Hermes's dashboard returns for
 *   `GET /api/analytics/models?days=N` (`hermes_cli/web_server.py::_get_models_analytics` with
 *   `_aux_usage_rows` and `_fold_session_only_rows`): main rows from `sessions` with
 *   `started_at > now - days*86400 AND model IS NOT NULL AND model != ''` grouped by
 *   `(model, billing_provider)`; auxiliary rows (`session_model_usage.task != ''`, joined to sessions in
 *   the window) appended per `(model, task, billing_provider)`; token-less rows without a
 *   billing_provider folded into the single accounted row of their model; sorted by input + output tokens;
 *   totals from `sessions` only.
 * - `toUsageView` (`usage-view.ts`): the app's richer model cards, for 7/30/90 days or a custom range.
 *
 * Where Hermes's own row order is left to SQLite (ties in the token sort), rows are ordered by name so
 * results are deterministic.
 */
import type {
  CapabilitiesLookup,
  HermesModelRow,
  HermesModelsAnalytics,
  UsageView,
  UsageWindow,
} from '../../shared/domain/usage';
import { withStateDbErrors, type StateDb } from './open-statedb';
import {
  addAuxRow,
  addMainRow,
  emptyWindowAggregate,
  fixedToUsd,
  M,
  X,
  type Agg,
  type WindowAggregate,
} from './usage-aggregate';
import { UsageSql } from './usage-sql';
import { compareNames, lookupCapabilities, toUsageView, type UsageViewOptions } from './usage-view';
import { resolveWindow, type ResolvedWindow } from './usage-window';

export { toUsageView, type UsageViewOptions } from './usage-view';

const nowSeconds = (): number => Date.now() / 1000;
const num = (v: number | null | undefined): number => v ?? 0;

/** The `UsageSql` readers of a connection, created once per StateDb. */
const sqlCache = new WeakMap<StateDb, UsageSql>();
export function usageSqlFor(sdb: StateDb): UsageSql {
  let sql = sqlCache.get(sdb);
  if (!sql) {
    sql = new UsageSql(sdb.db, sdb.schema);
    sqlCache.set(sdb, sql);
  }
  return sql;
}

/** Runs `fn` inside one read transaction so every statement sees the same snapshot. */
export function inReadTransaction<T>(sdb: StateDb, fn: () => T): T {
  sdb.db.exec('BEGIN');
  try {
    return fn();
  } finally {
    sdb.db.exec('COMMIT');
  }
}

/** Adds the DB rows of one `started_at` range (main + auxiliary) to an aggregate. */
export function addRangeFromDb(sql: UsageSql, w: WindowAggregate, lo: ResolvedWindow['lo'] | null, hi: ResolvedWindow['hi']): void {
  for (const r of sql.mainRange(lo, hi)) addMainRow(w, r.hour, r.model, r.provider, r.agg);
  for (const r of sql.auxRange(lo, hi)) addAuxRow(w, r.hour, r.model, r.task, r.provider, r.agg);
}

/** Scans a window directly (no cache): one pass over the sessions in it plus the join to their usage rows. */
export function scanWindow(sdb: StateDb, resolved: ResolvedWindow): WindowAggregate {
  return withStateDbErrors(sdb.path, () =>
    inReadTransaction(sdb, () => {
      const w = emptyWindowAggregate();
      addRangeFromDb(usageSqlFor(sdb), w, resolved.lo, resolved.hi);
      return w;
    }),
  );
}

// ── Hermes-compatible projection ─────────────────────────────────────────────────────────────────

interface RawRow {
  model: string;
  billing_provider: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  reasoning_tokens: number | null;
  estimated_cost: number;
  actual_cost: number;
  sessions: number;
  api_calls: number | null;
  tool_calls: number | null;
  last_used_at: number | null;
  avg_tokens_per_session: number | null;
  aux_task?: string;
}

const orNull = (sum: Agg, s: number, n: number): number | null => ((sum[n] as number) > 0 ? (sum[s] as number) : null);
const volume = (r: { input_tokens: number | null; output_tokens: number | null }): number =>
  num(r.input_tokens) + num(r.output_tokens);

/** `_has_usage`: any counter non-zero. */
function hasUsage(r: RawRow): boolean {
  return (
    num(r.input_tokens) !== 0 ||
    num(r.output_tokens) !== 0 ||
    num(r.cache_read_tokens) !== 0 ||
    num(r.reasoning_tokens) !== 0 ||
    r.estimated_cost !== 0 ||
    r.actual_cost !== 0 ||
    num(r.api_calls) !== 0 ||
    num(r.tool_calls) !== 0
  );
}

/**
 * Port of `_fold_session_only_rows`: within one model, rows with no billing_provider and no usage are
 * folded into the model's single provider row (sessions added, last use maxed, average recomputed). Only
 * when exactly one provider row exists — otherwise ownership is ambiguous and rows stay separate.
 */
export function foldSessionOnlyRows<T extends RawRow>(raw: T[]): T[] {
  const byModel = new Map<string, T[]>();
  for (const r of raw) {
    const k = r.model || '';
    const list = byModel.get(k);
    if (list) list.push(r);
    else byModel.set(k, [r]);
  }
  const out: T[] = [];
  for (const rows of byModel.values()) {
    const providerRows = rows.filter((r) => r.billing_provider);
    if (providerRows.length !== 1) {
      out.push(...rows);
      continue;
    }
    const target = providerRows[0] as T;
    for (const r of rows) {
      if (r === target || r.billing_provider || hasUsage(r)) continue;
      target.sessions = num(target.sessions) + num(r.sessions);
      target.last_used_at = Math.max(num(target.last_used_at), num(r.last_used_at));
      const total = volume(target);
      target.avg_tokens_per_session = target.sessions ? total / target.sessions : 0;
    }
    out.push(target);
    out.push(...rows.filter((r) => r !== target && (r.billing_provider || hasUsage(r))));
  }
  return out;
}

/** The `GET /api/analytics/models?days=N` response for an aggregate of that window. */
export function toHermesModelsAnalytics(
  w: WindowAggregate,
  days: number,
  capabilities?: CapabilitiesLookup,
): HermesModelsAnalytics {
  const main: RawRow[] = [];
  const totals = { models: new Set<string>(), n: 0, api: 0 } as { models: Set<string>; n: number; api: number };
  const tsum = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const g of w.main.values()) {
    if (g.model === null || g.model === '') continue;
    const a = g.agg;
    main.push({
      model: g.model,
      billing_provider: g.provider,
      input_tokens: orNull(a, M.inS, M.inN),
      output_tokens: orNull(a, M.outS, M.outN),
      cache_read_tokens: orNull(a, M.crS, M.crN),
      reasoning_tokens: orNull(a, M.rsS, M.rsN),
      estimated_cost: fixedToUsd(a[M.estA] as number, a[M.estB] as number),
      actual_cost: fixedToUsd(a[M.actA] as number, a[M.actB] as number),
      sessions: a[M.n] as number,
      api_calls: a[M.api] as number,
      tool_calls: orNull(a, M.toolS, M.toolN),
      last_used_at: a[M.maxStarted] as number | null,
      avg_tokens_per_session: (a[M.ioN] as number) > 0 ? (a[M.ioS] as number) / (a[M.ioN] as number) : null,
    });
    totals.models.add(g.model);
    totals.n += a[M.n] as number;
    totals.api += a[M.api] as number;
    const fields = [M.inS, M.inN, M.outS, M.outN, M.crS, M.crN, M.rsS, M.rsN, M.estA, M.estB, M.actA, M.actB];
    fields.forEach((f, i) => (tsum[i] = (tsum[i] as number) + (a[f] as number)));
  }
  // SQL: ORDER BY SUM(input_tokens) + SUM(output_tokens) DESC (NULL last); ties by name.
  const sqlVolume = (r: RawRow): number =>
    r.input_tokens === null || r.output_tokens === null ? Number.NEGATIVE_INFINITY : r.input_tokens + r.output_tokens;
  main.sort((x, y) => sqlVolume(y) - sqlVolume(x) || compareNames(x.model, y.model) || compareNames(x.billing_provider, y.billing_provider));

  const aux: RawRow[] = [];
  const auxGroups = [...w.aux.values()].sort(
    (x, y) =>
      num(y.agg[X.inS]) + num(y.agg[X.outS]) - (num(x.agg[X.inS]) + num(x.agg[X.outS])) ||
      compareNames(x.model, y.model) ||
      compareNames(x.task, y.task) ||
      compareNames(x.provider, y.provider),
  );
  for (const g of auxGroups) {
    const a = g.agg;
    aux.push({
      model: g.model || 'unknown',
      billing_provider: g.provider || '',
      input_tokens: num(a[X.inS]),
      output_tokens: num(a[X.outS]),
      cache_read_tokens: num(a[X.crS]),
      reasoning_tokens: num(a[X.rsS]),
      estimated_cost: fixedToUsd(a[X.estA] as number, a[X.estB] as number),
      sessions: num(a[X.sessions]),
      api_calls: num(a[X.api]),
      actual_cost: 0,
      tool_calls: 0,
      last_used_at: a[X.maxLastSeen] as number | null,
      avg_tokens_per_session: 0,
      aux_task: g.task || '',
    });
  }

  const rows = foldSessionOnlyRows([...main, ...aux]);
  rows.sort((x, y) => volume(y) - volume(x)); // stable, like Python's sort
  const models: HermesModelRow[] = rows.map((r) => {
    const provider = r.billing_provider || '';
    const row: HermesModelRow = {
      model: r.model,
      provider,
      input_tokens: r.input_tokens,
      output_tokens: r.output_tokens,
      cache_read_tokens: r.cache_read_tokens,
      reasoning_tokens: r.reasoning_tokens,
      estimated_cost: r.estimated_cost,
      actual_cost: r.actual_cost,
      sessions: r.sessions,
      api_calls: r.api_calls,
      tool_calls: r.tool_calls,
      last_used_at: r.last_used_at,
      avg_tokens_per_session: r.avg_tokens_per_session,
      capabilities: lookupCapabilities(capabilities, provider, r.model) ?? {},
    };
    if (r.aux_task !== undefined) row.aux_task = r.aux_task;
    return row;
  });

  const [inS, inN, outS, outN, crS, crN, rsS, rsN, estA, estB, actA, actB] = tsum as [
    number, number, number, number, number, number, number, number, number, number, number, number,
  ];
  return {
    models,
    totals: {
      distinct_models: totals.models.size,
      total_input: inN > 0 ? inS : null,
      total_output: outN > 0 ? outS : null,
      total_cache_read: crN > 0 ? crS : null,
      total_reasoning: rsN > 0 ? rsS : null,
      total_estimated_cost: fixedToUsd(estA, estB),
      total_actual_cost: fixedToUsd(actA, actB),
      total_sessions: totals.n,
      total_api_calls: totals.n > 0 ? totals.api : null,
    },
    period_days: days,
  };
}

// ── Direct (uncached) entry points ───────────────────────────────────────────────────────────────

export interface ModelsAnalyticsOptions {
  days: number;
  /** Epoch seconds; default the current time. */
  now?: number;
  capabilities?: CapabilitiesLookup;
}

/** Hermes's `GET /api/analytics/models?days=N`, computed straight from state.db. */
export function getModelsAnalytics(sdb: StateDb, options: ModelsAnalyticsOptions): HermesModelsAnalytics {
  const resolved = resolveWindow({ kind: 'days', days: options.days }, options.now ?? nowSeconds());
  return toHermesModelsAnalytics(scanWindow(sdb, resolved), options.days, options.capabilities);
}

export interface UsageQueryOptions extends UsageViewOptions {
  window: UsageWindow;
  now?: number;
}

/** The app's usage view, computed straight from state.db. */
export function getUsageView(sdb: StateDb, options: UsageQueryOptions): UsageView {
  const now = options.now ?? nowSeconds();
  const resolved = resolveWindow(options.window, now);
  return toUsageView(scanWindow(sdb, resolved), resolved, sdb.schema, { generatedAt: now, ...options });
}

/** Both responses from one scan (what the Models page loads for a Hermes-style period). */
export function getModelsAnalyticsAndView(
  sdb: StateDb,
  options: ModelsAnalyticsOptions & UsageViewOptions,
): { hermes: HermesModelsAnalytics; view: UsageView } {
  const now = options.now ?? nowSeconds();
  const resolved = resolveWindow({ kind: 'days', days: options.days }, now);
  const w = scanWindow(sdb, resolved);
  return {
    hermes: toHermesModelsAnalytics(w, options.days, options.capabilities),
    view: toUsageView(w, resolved, sdb.schema, { generatedAt: now, ...options }),
  };
}
