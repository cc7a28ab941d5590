/**
 * The additive building blocks of usage analytics: per-group accumulators for main-loop session rows and
 * auxiliary usage rows, and the window aggregate both analytics responses are projected from.
 *
 * Every field is an integer sum, a count or a maximum — never a floating-point running sum — so adding
 * bucket A then B gives bit-for-bit the same result as B then A, or as one scan over A∪B. That is what
 * lets the aggregate cache answer exactly like a direct query. Costs (REAL in `state.db`) are turned into
 * integers per row in SQL: `a = trunc(c·2^24)` and `b = trunc((c·2^24 − a)·2^24)`, i.e. fixed point with a
 * resolution of 2^-48 USD (≈ 3.6e-15 $) per row, summed exactly and rounded to a double once at the end.
 * The result equals Hermes's `SUM(estimated_cost_usd)` up to floating-point rounding (Hermes's own sum is
 * order-dependent; this one is not).
 */

/** Field positions of a main-loop accumulator (one `(model, billing_provider)` group of `sessions`). */
export const M = {
  n: 0,
  inS: 1,
  inN: 2,
  outS: 3,
  outN: 4,
  crS: 5,
  crN: 6,
  cwS: 7,
  cwN: 8,
  rsS: 9,
  rsN: 10,
  estA: 11,
  estB: 12,
  estN: 13,
  actA: 14,
  actB: 15,
  actN: 16,
  api: 17,
  toolS: 18,
  toolN: 19,
  ioS: 20,
  ioN: 21,
  cEst: 22,
  cAct: 23,
  cInc: 24,
  cUnk: 25,
  cNone: 26,
  unpricedIo: 27,
  rowidSum: 28,
  /** MAX(started_at) — the only non-additive field; null when no row had a value. */
  maxStarted: 29,
} as const;
export const MAIN_SUM_FIELDS = 29;
export const MAIN_FIELDS = 30;

/** Field positions of an auxiliary accumulator (one `(model, task, billing_provider)` group). */
export const X = {
  rows: 0,
  sessions: 1,
  inS: 2,
  outS: 3,
  crS: 4,
  cwS: 5,
  rsS: 6,
  estA: 7,
  estB: 8,
  actA: 9,
  actB: 10,
  api: 11,
  cEst: 12,
  cAct: 13,
  cInc: 14,
  cUnk: 15,
  cNone: 16,
  unpricedIo: 17,
  /** MAX(last_seen); null when unknown. */
  maxLastSeen: 18,
} as const;
export const AUX_SUM_FIELDS = 18;
export const AUX_FIELDS = 19;

/** A fixed-length vector of sums; the last slot is a max (number or null). */
export type Agg = Array<number | null>;

export function emptyMain(): Agg {
  const a: Agg = new Array<number | null>(MAIN_FIELDS).fill(0);
  a[M.maxStarted] = null;
  return a;
}

export function emptyAux(): Agg {
  const a: Agg = new Array<number | null>(AUX_FIELDS).fill(0);
  a[X.maxLastSeen] = null;
  return a;
}

function maxNullable(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined) return b ?? null;
  if (b === null || b === undefined) return a;
  return a >= b ? a : b;
}

/** `into += from` (sums) and `into = max(into, from)` for the trailing max slot. */
export function addInto(into: Agg, from: Agg, sumFields: number): void {
  for (let i = 0; i < sumFields; i++) into[i] = (into[i] as number) + ((from[i] as number | null) ?? 0);
  into[sumFields] = maxNullable(into[sumFields], from[sumFields]);
}

/** Turns the two fixed-point integer sums back into dollars, rounding once. */
export function fixedToUsd(a: number | null, b: number | null): number {
  const hi = a ?? 0;
  const lo = b ?? 0;
  if (hi === 0 && lo === 0) return 0;
  if (Number.isSafeInteger(hi) && Number.isSafeInteger(lo)) {
    return Number((BigInt(hi) << 24n) + BigInt(lo)) / 2 ** 48;
  }
  // Only reachable with absurd totals (> $500M): fall back to plain arithmetic.
  return hi / 2 ** 24 + lo / 2 ** 48;
}

/** Main-loop group key: `model` and `billing_provider` exactly as SQLite groups them (NULL ≠ ''). */
export function mainKey(model: string | null, provider: string | null): string {
  return `${model === null ? '\u0000' : `s${model}`}\u0001${provider === null ? '\u0000' : `s${provider}`}`;
}

export function auxKey(model: string, task: string, provider: string): string {
  return `${model}\u0001${task}\u0001${provider}`;
}

export interface MainGroup {
  model: string | null;
  provider: string | null;
  agg: Agg;
}

export interface AuxGroup {
  model: string;
  task: string;
  provider: string;
  agg: Agg;
}

/** Per UTC day (index = floor(started_at / 86400)): main sessions and tokens per model, aux tokens per model. */
export interface DayCell {
  sessions: number;
  tokens: number;
}

/**
 * Everything the two projections need for one window, independent of how it was gathered (direct scan,
 * cache buckets + edges, or a mix).
 */
export interface WindowAggregate {
  main: Map<string, MainGroup>;
  aux: Map<string, AuxGroup>;
  /** day → model (non-empty names only) → cell. */
  daily: Map<number, Map<string, DayCell>>;
  /** Main sessions whose model is NULL or ''. */
  sessionsWithoutModel: number;
}

export function emptyWindowAggregate(): WindowAggregate {
  return { main: new Map(), aux: new Map(), daily: new Map(), sessionsWithoutModel: 0 };
}

function dayCell(w: WindowAggregate, day: number, model: string): DayCell {
  let byModel = w.daily.get(day);
  if (!byModel) {
    byModel = new Map();
    w.daily.set(day, byModel);
  }
  let cell = byModel.get(model);
  if (!cell) {
    cell = { sessions: 0, tokens: 0 };
    byModel.set(model, cell);
  }
  return cell;
}

/** Adds one main-loop bucket row (a group within one UTC hour) to the window aggregate. */
export function addMainRow(
  w: WindowAggregate,
  hour: number,
  model: string | null,
  provider: string | null,
  agg: Agg,
  key: string = mainKey(model, provider),
): void {
  let g = w.main.get(key);
  if (!g) {
    g = { model, provider, agg: emptyMain() };
    w.main.set(key, g);
  }
  addInto(g.agg, agg, MAIN_SUM_FIELDS);
  if (model === null || model === '') {
    w.sessionsWithoutModel += agg[M.n] as number;
    return;
  }
  const cell = dayCell(w, Math.floor(hour / 24), model);
  cell.sessions += agg[M.n] as number;
  cell.tokens += ((agg[M.inS] as number | null) ?? 0) + ((agg[M.outS] as number | null) ?? 0);
}

/** Adds one auxiliary bucket row (a group within one UTC hour) to the window aggregate. */
export function addAuxRow(
  w: WindowAggregate,
  hour: number,
  model: string,
  task: string,
  provider: string,
  agg: Agg,
  key: string = auxKey(model, task, provider),
): void {
  let g = w.aux.get(key);
  if (!g) {
    g = { model, task, provider, agg: emptyAux() };
    w.aux.set(key, g);
  }
  addInto(g.agg, agg, AUX_SUM_FIELDS);
  const name = model === '' ? 'unknown' : model;
  dayCell(w, Math.floor(hour / 24), name).tokens +=
    ((agg[X.inS] as number | null) ?? 0) + ((agg[X.outS] as number | null) ?? 0);
}

/** Exact UTC hour index of an epoch-seconds value: floor(t / 3600) without floating-point edge errors. */
export function hourOf(t: number): number {
  let h = Math.floor(t / 3600);
  if (t < h * 3600) h -= 1;
  else if (t >= (h + 1) * 3600) h += 1;
  return h;
}
