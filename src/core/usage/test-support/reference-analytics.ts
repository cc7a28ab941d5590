/**
 * Test oracle: Hermes's Models-page analytics recomputed in plain JavaScript from rows read back with
 * `SELECT *` (or from the fixture generator's record) — no SQL aggregation, no code shared with the
 * implementation under test. Written from `hermes-statedb.md` §3 / `hermes_cli/web_server.py`.
 */
import { DatabaseSync } from '@photostructure/sqlite';

export type Row = Record<string, unknown>;

/** Reads every row of `sessions` and `session_model_usage` (read-only). */
export function readAllRows(dbPath: string): { sessions: Row[]; usage: Row[] } {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const sessions = db.prepare('SELECT * FROM sessions').all() as Row[];
    const hasUsage = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'session_model_usage'").get() !== undefined;
    const usage = hasUsage ? (db.prepare('SELECT * FROM session_model_usage').all() as Row[]) : [];
    return { sessions: sessions.map((r) => ({ ...r })), usage: usage.map((r) => ({ ...r })) };
  } finally {
    db.close();
  }
}

const n = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** SQL SUM semantics: null when no value is non-null. */
function sqlSum(values: unknown[]): number | null {
  let any = false;
  let total = 0;
  for (const v of values) {
    if (typeof v === 'number') {
      any = true;
      total += v;
    }
  }
  return any ? total : null;
}

export interface RefRow {
  model: string;
  provider: string;
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

export interface RefAnalytics {
  models: RefRow[];
  totals: Record<string, number | null>;
  period_days: number;
}

/**
 * Hermes's `GET /api/analytics/models?days=N` for `started_at > cutoff`. Ties in the token sort are
 * broken by name (the implementation does the same; Hermes leaves them to SQLite).
 */
export function referenceModelsAnalytics(sessions: Row[], usage: Row[], cutoff: number, days: number): RefAnalytics {
  const inWindow = sessions.filter((s) => (s.started_at as number) > cutoff);
  const named = inWindow.filter((s) => typeof s.model === 'string' && s.model !== '');

  // Main rows: group by (model, billing_provider) — NULL and '' are different groups.
  const groups = new Map<string, Row[]>();
  for (const s of named) {
    const key = JSON.stringify([s.model, s.billing_provider ?? null]);
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  type Raw = RefRow & { billing_provider: string | null };
  const main: Raw[] = [];
  for (const rows of groups.values()) {
    const first = rows[0] as Row;
    const io = rows.map((r) =>
      typeof r.input_tokens === 'number' && typeof r.output_tokens === 'number' ? r.input_tokens + r.output_tokens : null,
    );
    const ioValues = io.filter((v): v is number => v !== null);
    main.push({
      model: first.model as string,
      provider: '',
      billing_provider: (first.billing_provider as string | null) ?? null,
      input_tokens: sqlSum(rows.map((r) => r.input_tokens)),
      output_tokens: sqlSum(rows.map((r) => r.output_tokens)),
      cache_read_tokens: sqlSum(rows.map((r) => r.cache_read_tokens)),
      reasoning_tokens: sqlSum(rows.map((r) => r.reasoning_tokens)),
      estimated_cost: sqlSum(rows.map((r) => r.estimated_cost_usd)) ?? 0,
      actual_cost: sqlSum(rows.map((r) => r.actual_cost_usd)) ?? 0,
      sessions: rows.length,
      api_calls: rows.reduce((t, r) => t + (n(r.api_call_count) ?? 0), 0),
      tool_calls: sqlSum(rows.map((r) => r.tool_call_count)),
      last_used_at: Math.max(...rows.map((r) => r.started_at as number)),
      avg_tokens_per_session: ioValues.length ? ioValues.reduce((a, b) => a + b, 0) / ioValues.length : null,
    });
  }
  const vol = (r: RefRow): number =>
    r.input_tokens === null || r.output_tokens === null ? -Infinity : r.input_tokens + r.output_tokens;
  const byName = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  main.sort((a, b) => vol(b) - vol(a) || byName(a.model, b.model) || byName(a.billing_provider, b.billing_provider));

  // Aux rows: usage rows with task != '' whose session is in the window, by (model, task, provider).
  const windowIds = new Set(inWindow.map((s) => s.id as string));
  const auxGroups = new Map<string, Row[]>();
  for (const u of usage) {
    if (!windowIds.has(u.session_id as string) || u.task === '') continue;
    const key = JSON.stringify([u.model, u.task, u.billing_provider]);
    const list = auxGroups.get(key) ?? [];
    list.push(u);
    auxGroups.set(key, list);
  }
  const aux: Raw[] = [];
  for (const rows of auxGroups.values()) {
    const first = rows[0] as Row;
    const seen = rows.map((r) => n(r.last_seen)).filter((v): v is number => v !== null);
    aux.push({
      model: (first.model as string) || 'unknown',
      provider: '',
      billing_provider: (first.billing_provider as string) || '',
      input_tokens: sqlSum(rows.map((r) => r.input_tokens)) ?? 0,
      output_tokens: sqlSum(rows.map((r) => r.output_tokens)) ?? 0,
      cache_read_tokens: sqlSum(rows.map((r) => r.cache_read_tokens)) ?? 0,
      reasoning_tokens: sqlSum(rows.map((r) => r.reasoning_tokens)) ?? 0,
      estimated_cost: sqlSum(rows.map((r) => r.estimated_cost_usd)) ?? 0,
      actual_cost: 0,
      sessions: new Set(rows.map((r) => r.session_id)).size,
      api_calls: rows.reduce((t, r) => t + (n(r.api_call_count) ?? 0), 0),
      tool_calls: 0,
      last_used_at: seen.length ? Math.max(...seen) : null,
      avg_tokens_per_session: 0,
      aux_task: (first.task as string) || '',
    });
  }
  aux.sort(
    (a, b) =>
      (b.input_tokens ?? 0) + (b.output_tokens ?? 0) - ((a.input_tokens ?? 0) + (a.output_tokens ?? 0)) ||
      byName(a.model, b.model) ||
      byName(a.aux_task ?? '', b.aux_task ?? '') ||
      byName(a.billing_provider, b.billing_provider),
  );

  // Fold token-less rows without a provider into the model's single provider row.
  const all = [...main, ...aux];
  const perModel = new Map<string, Raw[]>();
  for (const r of all) {
    const list = perModel.get(r.model) ?? [];
    list.push(r);
    perModel.set(r.model, list);
  }
  const used = (r: Raw): boolean =>
    [r.input_tokens, r.output_tokens, r.cache_read_tokens, r.reasoning_tokens, r.estimated_cost, r.actual_cost, r.api_calls, r.tool_calls].some(
      (v) => (v ?? 0) !== 0,
    );
  const folded: Raw[] = [];
  for (const rows of perModel.values()) {
    const owners = rows.filter((r) => r.billing_provider);
    if (owners.length !== 1) {
      folded.push(...rows);
      continue;
    }
    const owner = owners[0] as Raw;
    const keep: Raw[] = [];
    for (const r of rows) {
      if (r === owner) continue;
      if (!r.billing_provider && !used(r)) {
        owner.sessions += r.sessions;
        owner.last_used_at = Math.max(owner.last_used_at ?? 0, r.last_used_at ?? 0);
        owner.avg_tokens_per_session = owner.sessions
          ? ((owner.input_tokens ?? 0) + (owner.output_tokens ?? 0)) / owner.sessions
          : 0;
      } else {
        keep.push(r);
      }
    }
    folded.push(owner, ...keep);
  }
  folded.sort((a, b) => (b.input_tokens ?? 0) + (b.output_tokens ?? 0) - ((a.input_tokens ?? 0) + (a.output_tokens ?? 0)));

  const models: RefRow[] = folded.map(({ billing_provider, ...r }) => ({ ...r, provider: billing_provider || '' }));
  return {
    models,
    totals: {
      distinct_models: new Set(named.map((s) => s.model)).size,
      total_input: sqlSum(named.map((s) => s.input_tokens)),
      total_output: sqlSum(named.map((s) => s.output_tokens)),
      total_cache_read: sqlSum(named.map((s) => s.cache_read_tokens)),
      total_reasoning: sqlSum(named.map((s) => s.reasoning_tokens)),
      total_estimated_cost: sqlSum(named.map((s) => s.estimated_cost_usd)) ?? 0,
      total_actual_cost: sqlSum(named.map((s) => s.actual_cost_usd)) ?? 0,
      total_sessions: named.length,
      total_api_calls: named.length ? named.reduce((t, s) => t + (n(s.api_call_count) ?? 0), 0) : null,
    },
    period_days: days,
  };
}

const COST_KEYS = new Set([
  'estimated_cost',
  'actual_cost',
  'total_estimated_cost',
  'total_actual_cost',
  'estimatedUsd',
  'actualUsd',
]);

/**
 * Differences between two JSON-like values: exact for everything except dollar sums, which may differ
 * in the last bits when added in a different order (relative tolerance 1e-9). Empty = same.
 */
export function diffValues(actual: unknown, expected: unknown, path = '$', out: string[] = []): string[] {
  if (out.length > 20) return out;
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (typeof actual === 'number' && typeof expected === 'number' && COST_KEYS.has(key)) {
    if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected))) out.push(`${path}: ${actual} != ${expected}`);
    return out;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) out.push(`${path}: length ${actual.length} != ${expected.length}`);
    for (let i = 0; i < Math.min(actual.length, expected.length); i++) diffValues(actual[i], expected[i], `${path}[${i}]`, out);
    return out;
  }
  if (actual && expected && typeof actual === 'object' && typeof expected === 'object') {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const k of keys) {
      diffValues((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`, out);
    }
    return out;
  }
  if (!Object.is(actual, expected)) out.push(`${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
  return out;
}
