/**
 * The SQL that reads `state.db` into additive bucket rows (see `usage-aggregate.ts`).
 *
 * Two statements per range: main-loop rows from `sessions` grouped by (UTC hour, model, billing_provider)
 * and auxiliary rows from `session_model_usage` (`task != ''`) joined to their session and grouped by
 * (UTC hour of the session's start, model, task, billing_provider) — the same filters and groupings as
 * Hermes's `_get_models_analytics` and `_aux_usage_rows` (hermes_cli/web_server.py), one hour finer. Both
 * walk `idx_sessions_started` for the `started_at` range and touch each session row once.
 *
 * Columns an older database lacks are read as NULL, so the same code serves degraded schemas.
 */
import type { DatabaseSyncInstance, StatementSyncInstance } from '@photostructure/sqlite';
import type { StateDbSchema } from './open-statedb';
import { AUX_FIELDS, M, MAIN_FIELDS, type Agg } from './usage-aggregate';

/** One end of a `started_at` range. */
export interface Bound {
  t: number;
  inclusive: boolean;
}

/** Which sessions count as still changing, when a range query should classify them. */
export interface VolatilityRule {
  /** Open sessions (ended_at NULL) started after this are volatile; older open ones are treated as orphans. */
  openCut: number;
  /** Sessions that ended after this are still volatile (grace period). */
  volCut: number;
  /** Rowids that must be treated as volatile regardless (JSON array). */
  knownJson: string;
}

export interface MainBucketRow {
  hour: number;
  model: string | null;
  provider: string | null;
  vol: boolean;
  /** Rowids of the sessions in a volatile group. */
  volRowids: number[];
  agg: Agg;
}

export interface AuxBucketRow {
  hour: number;
  model: string;
  task: string;
  provider: string;
  agg: Agg;
}

export interface SessionMainRow {
  rowid: number;
  id: string;
  hour: number;
  model: string | null;
  provider: string | null;
  endedAt: number | null;
  startedAt: number;
  agg: Agg;
}

export interface SessionAuxRow extends AuxBucketRow {
  rowid: number;
}

/** Exact floor(x / 3600) in SQL (CAST truncates; the comparisons fix rounding at hour edges). */
export function hourExpr(x: string): string {
  const q = `CAST(${x} / 3600 AS INTEGER)`;
  return `(${q} - (${x} < ${q} * 3600) + (${x} >= (${q} + 1) * 3600))`;
}

const fixA = (x: string): string => `CAST(${x} * 16777216.0 AS INTEGER)`;
const fixB = (x: string): string => `CAST((${x} * 16777216.0 - CAST(${x} * 16777216.0 AS INTEGER)) * 16777216.0 AS INTEGER)`;

/**
 * Cost class of one row: 0 estimated, 1 actual, 2 included, 3 unknown (status unknown, or tokens used but
 * no cost recorded), 4 no usage at all.
 */
function costClassExpr(c: (name: string) => string): string {
  const tokens = ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens']
    .map((n) => `COALESCE(${c(n)}, 0)`)
    .join(' + ');
  const est = c('estimated_cost_usd');
  const act = c('actual_cost_usd');
  const status = c('cost_status');
  return `CASE
      WHEN ${status} = 'unknown' THEN 3
      WHEN ${status} = 'actual' THEN 1
      WHEN ${status} = 'included' THEN 2
      WHEN (${tokens}) = 0 AND COALESCE(${est}, 0) = 0 AND COALESCE(${act}, 0) = 0 THEN 4
      WHEN ${est} IS NULL AND ${act} IS NULL THEN 3
      ELSE 0 END`;
}

function columnRef(alias: string, columns: ReadonlySet<string> | null): (name: string) => string {
  return (name) => (columns?.has(name) ? `${alias}.${name}` : 'NULL');
}

function boundSql(column: string, lo: Bound | null, hi: Bound | null): string {
  const parts: string[] = [];
  if (lo) parts.push(`${column} ${lo.inclusive ? '>=' : '>'} :lo`);
  if (hi) parts.push(`${column} ${hi.inclusive ? '<=' : '<'} :hi`);
  return parts.length ? parts.join(' AND ') : '1';
}

/**
 * Main-loop aggregates. Cost class and NULL pattern are GROUP BY keys rather than per-class sums: SQLite
 * evaluates each aggregate expression per row, so keeping this list short is what keeps a full scan
 * close to the cost of reading the rows. `decodeMain` rebuilds the `M` vector from them.
 */
const MAIN_AGGS = [
  'COUNT(*)',
  'SUM(input_tokens)',
  'SUM(output_tokens)',
  'SUM(cache_read_tokens)',
  'SUM(cache_write_tokens)',
  'SUM(reasoning_tokens)',
  `SUM(${fixA('est')})`,
  `SUM(${fixB('est')})`,
  `SUM(${fixA('act')})`,
  `SUM(${fixB('act')})`,
  'SUM(api_call_count)',
  'SUM(tool_call_count)',
  'SUM(rid)',
  'MAX(started_at)',
];

/** Bit set of NULL counters in a row (bit order matches `decodeMain`). */
const NULL_MASK = `((input_tokens IS NULL) + 2 * (output_tokens IS NULL) + 4 * (cache_read_tokens IS NULL)
  + 8 * (cache_write_tokens IS NULL) + 16 * (reasoning_tokens IS NULL) + 32 * (est IS NULL)
  + 64 * (act IS NULL) + 128 * (tool_call_count IS NULL))`;

const numOr0 = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

/** Rebuilds an `M` accumulator from a grouped row: [cls, mask, ...MAIN_AGGS] starting at `offset`. */
function decodeMain(r: unknown[], offset: number): Agg {
  const cls = numOr0(r[offset]);
  const mask = numOr0(r[offset + 1]);
  const v = (i: number): number => numOr0(r[offset + 2 + i]);
  const n = v(0);
  const nn = (bit: number): number => ((mask & bit) === 0 ? n : 0);
  const inS = v(1);
  const outS = v(2);
  const ioOk = (mask & 3) === 0;
  const agg: Agg = new Array<number | null>(MAIN_FIELDS).fill(0);
  agg[M.n] = n;
  agg[M.inS] = inS;
  agg[M.inN] = nn(1);
  agg[M.outS] = outS;
  agg[M.outN] = nn(2);
  agg[M.crS] = v(3);
  agg[M.crN] = nn(4);
  agg[M.cwS] = v(4);
  agg[M.cwN] = nn(8);
  agg[M.rsS] = v(5);
  agg[M.rsN] = nn(16);
  agg[M.estA] = v(6);
  agg[M.estB] = v(7);
  agg[M.estN] = nn(32);
  agg[M.actA] = v(8);
  agg[M.actB] = v(9);
  agg[M.actN] = nn(64);
  agg[M.api] = v(10);
  agg[M.toolS] = v(11);
  agg[M.toolN] = nn(128);
  agg[M.ioS] = ioOk ? inS + outS : 0;
  agg[M.ioN] = ioOk ? n : 0;
  agg[M.cEst + cls] = n;
  agg[M.unpricedIo] = cls === 3 ? inS + outS : 0;
  agg[M.rowidSum] = v(12);
  const max = r[offset + 2 + 13];
  agg[M.maxStarted] = typeof max === 'number' ? max : null;
  return agg;
}

const AUX_AGGS = [
  'COUNT(*)',
  'COUNT(DISTINCT session_id)',
  'COALESCE(SUM(input_tokens), 0)',
  'COALESCE(SUM(output_tokens), 0)',
  'COALESCE(SUM(cache_read_tokens), 0)',
  'COALESCE(SUM(cache_write_tokens), 0)',
  'COALESCE(SUM(reasoning_tokens), 0)',
  `SUM(${fixA('est')})`,
  `SUM(${fixB('est')})`,
  `SUM(${fixA('act')})`,
  `SUM(${fixB('act')})`,
  'SUM(COALESCE(api_call_count, 0))',
  'SUM(cls = 0)',
  'SUM(cls = 1)',
  'SUM(cls = 2)',
  'SUM(cls = 3)',
  'SUM(cls = 4)',
  'SUM(CASE WHEN cls = 3 THEN COALESCE(input_tokens, 0) + COALESCE(output_tokens, 0) ELSE 0 END)',
  'MAX(last_seen)',
];

function readAgg(row: unknown[], offset: number, length: number): Agg {
  const agg: Agg = new Array<number | null>(length);
  for (let i = 0; i < length; i++) {
    const v = row[offset + i];
    agg[i] = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
  }
  // Sums of no values are NULL in SQL; only the trailing max keeps its null.
  for (let i = 0; i < length - 1; i++) if (agg[i] === null) agg[i] = 0;
  return agg;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Prepared, schema-aware readers over one open state.db connection. */
export class UsageSql {
  private readonly stmts = new Map<string, StatementSyncInstance>();
  private readonly sessionInner: (where: string, vol: string) => string;
  private readonly auxInner: (where: string) => string;

  constructor(
    private readonly db: DatabaseSyncInstance,
    readonly schema: StateDbSchema,
  ) {
    const s = columnRef('s', schema.sessionColumns);
    this.sessionInner = (where, vol) => `SELECT s.rowid AS rid, s.id AS id, s.started_at AS started_at,
        ${hourExpr('s.started_at')} AS h, s.model AS model, ${s('billing_provider')} AS provider,
        ${s('ended_at')} AS ended_at,
        ${s('input_tokens')} AS input_tokens, ${s('output_tokens')} AS output_tokens,
        ${s('cache_read_tokens')} AS cache_read_tokens, ${s('cache_write_tokens')} AS cache_write_tokens,
        ${s('reasoning_tokens')} AS reasoning_tokens, ${s('estimated_cost_usd')} AS est,
        ${s('actual_cost_usd')} AS act, ${s('api_call_count')} AS api_call_count,
        ${s('tool_call_count')} AS tool_call_count, ${costClassExpr(s)} AS cls, ${vol} AS vol
      FROM sessions s WHERE ${where}`;
    const u = columnRef('u', schema.usageColumns);
    this.auxInner = (where) => `SELECT s.rowid AS rid, ${hourExpr('s.started_at')} AS h, u.session_id AS session_id,
        u.model AS model, u.task AS task, ${u('billing_provider')} AS provider,
        ${u('input_tokens')} AS input_tokens, ${u('output_tokens')} AS output_tokens,
        ${u('cache_read_tokens')} AS cache_read_tokens, ${u('cache_write_tokens')} AS cache_write_tokens,
        ${u('reasoning_tokens')} AS reasoning_tokens, ${u('estimated_cost_usd')} AS est,
        ${u('actual_cost_usd')} AS act, ${u('api_call_count')} AS api_call_count, ${u('last_seen')} AS last_seen,
        ${costClassExpr(u)} AS cls
      FROM sessions s CROSS JOIN session_model_usage u ON u.session_id = s.id
      WHERE ${where} AND u.task != ''`;
  }

  private prepare(key: string, build: () => string): StatementSyncInstance {
    let st = this.stmts.get(key);
    if (!st) {
      st = this.db.prepare(build());
      st.setReturnArrays(true);
      this.stmts.set(key, st);
    }
    return st;
  }

  /**
   * Main-loop bucket rows for `lo < / <= started_at < / <= hi`. With a volatility rule, groups are split
   * by whether their sessions may still change, and volatile groups list their rowids.
   */
  mainRange(lo: Bound | null, hi: Bound | null, rule?: VolatilityRule): MainBucketRow[] {
    const where = boundSql('s.started_at', lo, hi);
    const key = `main|${where}|${rule ? 'v' : ''}`;
    const volExpr = rule
      ? `((${this.schema.sessionColumns.has('ended_at') ? 's.ended_at' : 'NULL'} IS NULL AND s.started_at > :openCut)
          OR ${this.schema.sessionColumns.has('ended_at') ? 's.ended_at' : 'NULL'} > :volCut
          OR s.rowid IN (SELECT value FROM json_each(:known)))`
      : '0';
    const st = this.prepare(
      key,
      () => `SELECT h, model, provider, vol, ${rule ? 'group_concat(CASE WHEN vol THEN rid END)' : 'NULL'},
          cls, ${NULL_MASK} AS mask, ${MAIN_AGGS.join(', ')}
        FROM (${this.sessionInner(where, volExpr)})
        GROUP BY h, model, provider, cls, mask, vol`,
    );
    const params: Record<string, unknown> = {};
    if (lo) params.lo = lo.t;
    if (hi) params.hi = hi.t;
    if (rule) Object.assign(params, { openCut: rule.openCut, volCut: rule.volCut, known: rule.knownJson });
    const rows = st.all(params) as unknown[][];
    return rows.map((r) => ({
      hour: r[0] as number,
      model: str(r[1]),
      provider: str(r[2]),
      vol: Boolean(r[3]),
      volRowids: typeof r[4] === 'string' && r[4] !== '' ? r[4].split(',').map(Number) : [],
      agg: decodeMain(r, 5),
    }));
  }

  /** Auxiliary bucket rows for sessions started in the range, optionally excluding some session rowids. */
  auxRange(lo: Bound | null, hi: Bound | null, excludeJson?: string): AuxBucketRow[] {
    if (!this.schema.auxAvailable) return [];
    let where = boundSql('s.started_at', lo, hi);
    if (excludeJson !== undefined) where += ' AND s.rowid NOT IN (SELECT value FROM json_each(:excl))';
    const st = this.prepare(
      `aux|${where}`,
      () => `SELECT h, model, task, provider, ${AUX_AGGS.join(', ')}
        FROM (${this.auxInner(where)})
        GROUP BY h, model, task, provider`,
    );
    const params: Record<string, unknown> = {};
    if (lo) params.lo = lo.t;
    if (hi) params.hi = hi.t;
    if (excludeJson !== undefined) params.excl = excludeJson;
    const rows = st.all(params) as unknown[][];
    return rows.map((r) => ({
      hour: r[0] as number,
      model: String(r[1] ?? ''),
      task: String(r[2] ?? ''),
      provider: String(r[3] ?? ''),
      agg: readAgg(r, 4, AUX_FIELDS),
    }));
  }

  /** One main row per listed session (JSON array of rowids), with what the cache needs to track it. */
  mainForSessions(rowidsJson: string): SessionMainRow[] {
    const st = this.prepare(
      'main-sessions',
      () => `SELECT rid, id, h, model, provider, ended_at, started_at, cls, ${NULL_MASK} AS mask, ${MAIN_AGGS.join(', ')}
        FROM (${this.sessionInner('s.rowid IN (SELECT value FROM json_each(:ids))', '0')})
        GROUP BY rid`,
    );
    const rows = st.all({ ids: rowidsJson }) as unknown[][];
    return rows.map((r) => ({
      rowid: r[0] as number,
      id: String(r[1]),
      hour: r[2] as number,
      model: str(r[3]),
      provider: str(r[4]),
      endedAt: typeof r[5] === 'number' ? r[5] : null,
      startedAt: r[6] as number,
      agg: decodeMain(r, 7),
    }));
  }

  /** Auxiliary rows per listed session, grouped like `auxRange`. */
  auxForSessions(rowidsJson: string): SessionAuxRow[] {
    if (!this.schema.auxAvailable) return [];
    const st = this.prepare(
      'aux-sessions',
      () => `SELECT rid, h, model, task, provider, ${AUX_AGGS.join(', ')}
        FROM (${this.auxInner('s.rowid IN (SELECT value FROM json_each(:ids))')})
        GROUP BY rid, model, task, provider`,
    );
    const rows = st.all({ ids: rowidsJson }) as unknown[][];
    return rows.map((r) => ({
      rowid: r[0] as number,
      hour: r[1] as number,
      model: String(r[2] ?? ''),
      task: String(r[3] ?? ''),
      provider: String(r[4] ?? ''),
      agg: readAgg(r, 5, AUX_FIELDS),
    }));
  }

  /** Generic one-off query helper (prepared once, arrays). */
  rows(key: string, sql: string, params: Record<string, unknown> | unknown[] = {}): unknown[][] {
    const st = this.prepare(key, () => sql);
    return (Array.isArray(params) ? st.all(...params) : st.all(params)) as unknown[][];
  }

  /** Per-hour session count and rowid sum from the covering `idx_sessions_started` index. */
  hourCensus(fromHour: number): Map<number, { n: number; rowidSum: number }> {
    const rows = this.rows(
      'census',
      `SELECT ${hourExpr('started_at')} AS h, COUNT(*), SUM(rowid) FROM sessions WHERE started_at >= :from GROUP BY h`,
      { from: fromHour * 3600 },
    );
    const out = new Map<number, { n: number; rowidSum: number }>();
    for (const r of rows) out.set(r[0] as number, { n: r[1] as number, rowidSum: Number(r[2]) });
    return out;
  }
}
