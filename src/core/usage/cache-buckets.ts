/**
 * The aggregate cache's units of storage: stable per-hour buckets and per-session volatile records, both
 * made of the additive accumulators of `usage-aggregate.ts`, plus the high-water marks and file
 * fingerprint a refresh compares against. See `aggregate-cache.ts` for how they are kept exact.
 */
import {
  addInto,
  AUX_SUM_FIELDS,
  auxKey,
  emptyAux,
  emptyMain,
  M,
  MAIN_SUM_FIELDS,
  mainKey,
  type Agg,
} from './usage-aggregate';

export interface GroupMain {
  model: string | null;
  provider: string | null;
  agg: Agg;
}
export interface GroupAux {
  model: string;
  task: string;
  provider: string;
  agg: Agg;
}
/** One UTC hour (or, in the day cache, one UTC day) of stable sessions. */
export interface Bucket {
  main: Map<string, GroupMain>;
  aux: Map<string, GroupAux>;
  /** Stable sessions in the hour and the sum of their rowids (deletion census). */
  n: number;
  rowidSum: number;
}
/** A session that may still change: kept on its own and re-read whenever the DB changed. */
export interface VolatileSession {
  rowid: number;
  id: string;
  hour: number;
  startedAt: number;
  endedAt: number | null;
  touchedAt: number;
  main: GroupMain;
  aux: GroupAux[];
}
/** High-water marks and counts of the last refresh. */
export interface Marks {
  session: number;
  sessionId: string | null;
  usage: number;
  /** Primary key of the usage row at `usage`, to notice a reused top rowid. */
  usageKey: string | null;
  message: number;
  sessionCount: number;
  usageCount: number;
}
/** What identifies the state.db file a cache was built from. */
export interface Fingerprint {
  dev: number;
  ino: number;
  cookie: number;
  size: number;
}

export const emptyBucket = (): Bucket => ({ main: new Map(), aux: new Map(), n: 0, rowidSum: 0 });

/** Adds a session's (or a group's) main row and aux rows to a bucket. */
export function addToBucket(b: Bucket, main: GroupMain | null, aux: readonly GroupAux[]): void {
  if (main) {
    const k = mainKey(main.model, main.provider);
    let g = b.main.get(k);
    if (!g) {
      g = { model: main.model, provider: main.provider, agg: emptyMain() };
      b.main.set(k, g);
    }
    addInto(g.agg, main.agg, MAIN_SUM_FIELDS);
    b.n += main.agg[M.n] as number;
    b.rowidSum += main.agg[M.rowidSum] as number;
  }
  for (const a of aux) {
    const k = auxKey(a.model, a.task, a.provider);
    let g = b.aux.get(k);
    if (!g) {
      g = { model: a.model, task: a.task, provider: a.provider, agg: emptyAux() };
      b.aux.set(k, g);
    }
    addInto(g.agg, a.agg, AUX_SUM_FIELDS);
  }
}

/** `into += from`, group by group (day sums from hour buckets). */
export function mergeBucket(into: Bucket, from: Bucket): void {
  for (const [k, g] of from.main) {
    let t = into.main.get(k);
    if (!t) {
      t = { model: g.model, provider: g.provider, agg: emptyMain() };
      into.main.set(k, t);
    }
    addInto(t.agg, g.agg, MAIN_SUM_FIELDS);
  }
  for (const [k, g] of from.aux) {
    let t = into.aux.get(k);
    if (!t) {
      t = { model: g.model, task: g.task, provider: g.provider, agg: emptyAux() };
      into.aux.set(k, t);
    }
    addInto(t.agg, g.agg, AUX_SUM_FIELDS);
  }
  into.n += from.n;
  into.rowidSum += from.rowidSum;
}

export const emptyMarks = (): Marks => ({
  session: 0,
  sessionId: null,
  usage: 0,
  usageKey: null,
  message: 0,
  sessionCount: 0,
  usageCount: 0,
});
