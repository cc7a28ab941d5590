/**
 * Incremental aggregate cache for usage analytics: answers 7/30/90-day and custom-range queries over a
 * large Hermes `state.db` in milliseconds, with results identical to a direct scan
 * (`models-analytics.ts::scanWindow`) while Hermes keeps writing.
 *
 * Storage: one SQLite file per state.db path in the app's own data directory (hour buckets as JSON; ~7 MiB
 * for 90 days at 300,000 sessions a year). Hermes's `state.db` is only ever read, through one read-only
 * connection.
 *
 * Model. Coverage is the hour range [coverFromHour, ∞). Every session whose `started_at` falls in a
 * covered hour is counted exactly once, either
 *  - in its hour's *stable bucket* — per (model, billing_provider) and (model, task, billing_provider)
 *    sums of the same additive fields a direct scan produces — or
 *  - as a *volatile record*: its own main + auxiliary sums, re-read from the DB whenever the DB changed.
 * A session is volatile while it may still change: open (ended_at NULL; optionally only if started within
 * `openVolatileSeconds`), ended within `graceSeconds`, or touched (new `messages` or `session_model_usage`
 * rows) within `graceSeconds`. Once it has been quiet for the grace period its record is folded into its
 * hour's bucket.
 *
 * Why the answer stays exact:
 *  1. Every aggregate is an integer sum, a count or a max (costs are fixed-point integers per row, see
 *     `usage-aggregate.ts`), so buckets + records + edges add up bit-identically to one scan of the window.
 *  2. Each refresh runs in one read transaction and re-reads, as of that snapshot: new sessions (rowid above
 *     the high-water mark), all volatile sessions, and sessions touched since the last refresh (messages id
 *     / usage rowid above their high-water marks). Every open session is volatile by default; a closed
 *     session only gets new API calls when Hermes resumes it, and a resumed turn appends messages
 *     (`hermes_state.py` `append_message` alongside `update_token_counts`) — so a session that is closed,
 *     quiet for the grace period and untouched cannot have changed since its bucket was built (the Limit
 *     below is what is left of that assumption). A touched stable session has its hour rebuilt from the DB
 *     without it and becomes volatile.
 *  3. Deletions (pruning, user deletes): the session count must equal last count + new − vanished; if not,
 *     a per-hour census of (count, Σrowid) from the covering `idx_sessions_started` index finds the hours
 *     that changed and they are rebuilt from the DB. A reused top rowid (newest session or usage row
 *     deleted, another inserted), an unexplained `session_model_usage` count, a different file
 *     (device/inode), a shrunk file or a schema change (SQLite schema cookie, also bumped by VACUUM) reset
 *     the cache.
 *  4. The window's cutoff `now - days*86400` is not hour-aligned: whole hours come from the cache, the
 *     partial hours at the edges are read from the DB with the exact predicate in the same transaction.
 * If nothing was committed since the last refresh (`PRAGMA data_version` unchanged on the persistent
 * connection), the refresh is skipped entirely.
 *
 * Limit: a write to a session that has been closed for longer than the grace period (or, with an
 * `openVolatileSeconds` horizon, an old open one), that adds neither a message nor a usage row and does not
 * change the session count (not something Hermes does — e.g. a manual UPDATE), is only picked up by
 * `rebuild()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  CapabilitiesLookup,
  HermesModelsAnalytics,
  UsageView,
  UsageWindow,
} from '../../shared/domain/usage';
import { openStateDbFile, withStateDbErrors, type StateDb, type StateDbSchema } from './open-statedb';
import { addRangeFromDb, toHermesModelsAnalytics, usageSqlFor } from './models-analytics';
import { toUsageView, type UsageViewOptions } from './usage-view';
import { addToBucket, emptyBucket, emptyMarks, mergeBucket, type Bucket, type Fingerprint, type Marks, type VolatileSession } from './cache-buckets';
import { cacheFileFor, CacheStore } from './cache-store';
import { addAuxRow, addMainRow, emptyWindowAggregate, hourOf, type WindowAggregate } from './usage-aggregate';
import { hourExpr, type Bound, type UsageSql } from './usage-sql';
import { resolveWindow, type ResolvedWindow } from './usage-window';

export interface AggregateCacheOptions {
  /** The app's own data directory. The cache file goes in `<dataDir>/usage-cache/`. */
  dataDir: string;
  /** Hermes's state.db (read-only). */
  statePath: string;
  /** How long a session stays volatile after it ended or was last touched. Default 15 min. */
  graceSeconds?: number;
  /**
   * Open sessions started longer ago than this are treated as crashed orphans — stable unless touched by
   * a new message/usage row. Default: no limit (every open session is re-read whenever the DB changed),
   * which is exact even for writers that update counters without writing messages. Set a horizon when a
   * home has thousands of never-closed sessions and the re-reads show up in profiles.
   */
  openVolatileSeconds?: number;
  busyTimeoutMs?: number;
  /** Write the cache file (default true); false keeps it in memory only. */
  persist?: boolean;
  /** Epoch-seconds clock (tests). */
  clock?: () => number;
}

/** What the last refresh did (diagnostics, tests, benchmark). */
export interface RefreshReport {
  skipped: boolean;
  reset: string | null;
  newSessions: number;
  reread: number;
  touched: number;
  stabilized: number;
  vanished: number;
  census: boolean;
  rebuiltHours: number;
  extendedHours: number;
}

export interface CacheStats {
  coverFromHour: number | null;
  buckets: number;
  volatile: number;
  file: string | null;
  last: RefreshReport;
}

export interface AggregateQuery {
  aggregate: WindowAggregate;
  resolved: ResolvedWindow;
  schema: StateDbSchema;
}

export interface AggregateCache {
  /** The window aggregate (refreshing first); what both projections are built from. */
  aggregate(window: UsageWindow, now?: number): AggregateQuery;
  /** Hermes's `GET /api/analytics/models?days=N`, served from the cache. */
  modelsAnalytics(options: { days: number; now?: number; capabilities?: CapabilitiesLookup }): HermesModelsAnalytics;
  /** The app's usage view, served from the cache. */
  usageView(options: UsageViewOptions & { window: UsageWindow; now?: number }): UsageView;
  /** Both responses for a Hermes-style period from one aggregate (what the Models page loads). */
  modelsPage(
    options: UsageViewOptions & { days: number; now?: number },
  ): { hermes: HermesModelsAnalytics; view: UsageView };
  /** Drops everything and starts over (next query re-reads its window). */
  rebuild(): void;
  stats(): CacheStats;
  close(): void;
}

/** Opens (or creates) the aggregate cache for one state.db. */
export function openAggregateCache(options: AggregateCacheOptions): AggregateCache {
  const statePath = path.resolve(options.statePath);
  const grace = options.graceSeconds ?? 900;
  const openVolatile = options.openVolatileSeconds ?? Number.POSITIVE_INFINITY;
  const clock = options.clock ?? ((): number => Date.now() / 1000);
  const persistEnabled = options.persist ?? true;
  const file = persistEnabled ? cacheFileFor(options.dataDir, statePath) : null;
  // Which sessions count as volatile decides what buckets may hold: a file written under another policy is
  // not reused.
  const policy = JSON.stringify([grace, Number.isFinite(openVolatile) ? openVolatile : null]);

  // ── in-memory state ──
  let fp: Fingerprint | null = null;
  let coverFromHour = Number.POSITIVE_INFINITY;
  let marks: Marks = emptyMarks();
  let buckets = new Map<number, Bucket>();
  let volatile = new Map<number, VolatileSession>();
  let dataVersion: number | null = null;
  let sdb: StateDb | null = null;
  let sdbIno: number | null = null;
  const dirtyHours = new Set<number>();
  /**
   * Per-UTC-day sums of the hour buckets, built lazily: a 90-day window then adds ~90 day sums instead of
   * ~2,160 hour buckets. Exact for the same reason buckets are (integer sums and maxima); a day is dropped
   * whenever one of its hours changes.
   */
  const dayCache = new Map<number, Bucket>();
  const touchHour = (h: number): void => {
    dirtyHours.add(h);
    dayCache.delete(Math.floor(h / 24));
  };
  let dirtyAll = false;
  let dirtyMeta = false;
  let last: RefreshReport = blankReport();

  function blankReport(): RefreshReport {
    return { skipped: false, reset: null, newSessions: 0, reread: 0, touched: 0, stabilized: 0, vanished: 0, census: false, rebuiltHours: 0, extendedHours: 0 };
  }

  function resetState(): void {
    fp = null;
    coverFromHour = Number.POSITIVE_INFINITY;
    marks = emptyMarks();
    buckets = new Map();
    volatile = new Map();
    dataVersion = null;
    dirtyAll = true;
    dirtyMeta = true;
    dirtyHours.clear();
    dayCache.clear();
  }

  // ── persistence (the app's own file) ──
  const store = file ? new CacheStore(file, statePath, policy) : null;
  let lastPersist = 0;

  function load(): void {
    const snap = store?.load();
    if (!snap) return;
    fp = snap.fp;
    coverFromHour = snap.coverFromHour;
    marks = snap.marks;
    buckets = snap.buckets;
    volatile = snap.volatile;
  }

  /**
   * Writes buckets, volatile set and marks together, so the file is always a consistent snapshot. A
   * refresh that only moved the high-water marks is not worth a write: the last snapshot is still
   * consistent and the next process simply redoes the detection from its older marks. So we write when
   * buckets changed, on close, or at most once a minute otherwise.
   */
  function persist(force = false): void {
    if (!store) return;
    const due = dirtyMeta && (force || Date.now() - lastPersist > 60_000);
    if (!dirtyAll && dirtyHours.size === 0 && !due) return;
    lastPersist = Date.now();
    if (store.save({ fp, coverFromHour, marks, buckets, volatile }, dirtyHours, dirtyAll)) {
      dirtyAll = false;
      dirtyMeta = false;
      dirtyHours.clear();
    }
  }

  // ── state.db connection ──
  function connect(): { sdb: StateDb; st: fs.Stats } {
    const st = withStateDbErrors(statePath, () => fs.statSync(statePath));
    if (sdb && sdbIno !== st.ino) {
      sdb.close();
      sdb = null;
    }
    if (!sdb) {
      sdb = openStateDbFile(statePath, { busyTimeoutMs: options.busyTimeoutMs });
      sdbIno = st.ino;
      dataVersion = null;
    }
    return { sdb, st };
  }

  const json = (ids: Iterable<number>): string => JSON.stringify([...ids]);
  const one = (sql: UsageSql, key: string, q: string, params: Record<string, unknown> = {}): unknown =>
    sql.rows(key, q, params)[0]?.[0];

  function isVolatile(v: { startedAt: number; endedAt: number | null; touchedAt: number }, now: number): boolean {
    if (v.endedAt === null) return v.startedAt > now - openVolatile || v.touchedAt > now - grace;
    return v.endedAt > now - grace || v.touchedAt > now - grace;
  }

  /** Reads sessions (by rowid) as volatile records; returns those found. */
  function readSessions(sql: UsageSql, rowids: Iterable<number>, touchedAt: (rowid: number) => number): VolatileSession[] {
    const ids = json(rowids);
    if (ids === '[]') return [];
    const out = new Map<number, VolatileSession>();
    for (const r of sql.mainForSessions(ids)) {
      out.set(r.rowid, {
        rowid: r.rowid,
        id: r.id,
        hour: r.hour,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        touchedAt: touchedAt(r.rowid),
        main: { model: r.model, provider: r.provider, agg: r.agg },
        aux: [],
      });
    }
    for (const a of sql.auxForSessions(ids)) {
      out.get(a.rowid)?.aux.push({ model: a.model, task: a.task, provider: a.provider, agg: a.agg });
    }
    return [...out.values()];
  }

  /** Rebuilds the stable buckets of `[fromHour, toHour)` (toHour null = open-ended) from the DB. */
  function buildRange(sql: UsageSql, fromHour: number, toHour: number | null, now: number): number {
    const lo: Bound = { t: fromHour * 3600, inclusive: true };
    const hi: Bound | null = toHour === null ? null : { t: toHour * 3600, inclusive: false };
    for (const h of [...buckets.keys()]) {
      if (h >= fromHour && (toHour === null || h < toHour)) {
        buckets.delete(h);
        touchHour(h);
      }
    }
    const rule = { openCut: now - openVolatile, volCut: now - grace, knownJson: json(volatile.keys()) };
    const found: number[] = [];
    for (const r of sql.mainRange(lo, hi, rule)) {
      if (r.vol) {
        for (const id of r.volRowids) if (!volatile.has(id)) found.push(id);
        continue;
      }
      let b = buckets.get(r.hour);
      if (!b) {
        b = emptyBucket();
        buckets.set(r.hour, b);
      }
      addToBucket(b, { model: r.model, provider: r.provider, agg: r.agg }, []);
      touchHour(r.hour);
    }
    for (const v of readSessions(sql, found, () => 0)) volatile.set(v.rowid, v);
    for (const r of sql.auxRange(lo, hi, json(volatile.keys()))) {
      let b = buckets.get(r.hour);
      if (!b) {
        // Aux rows of a stable session whose main row sits in this hour always create the bucket first.
        b = emptyBucket();
        buckets.set(r.hour, b);
      }
      addToBucket(b, null, [{ model: r.model, task: r.task, provider: r.provider, agg: r.agg }]);
      touchHour(r.hour);
    }
    return toHour === null ? Math.max(0, hourOf(now) - fromHour + 1) : toHour - fromHour;
  }

  /** Rebuilds a set of hours, batching consecutive ones into one range query. */
  function rebuildHours(sql: UsageSql, hours: Iterable<number>, now: number): number {
    const sorted = [...new Set(hours)].filter((h) => h >= coverFromHour).sort((a, b) => a - b);
    let count = 0;
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
      buildRange(sql, sorted[i] as number, (sorted[j] as number) + 1, now);
      count += j - i + 1;
      i = j + 1;
    }
    return count;
  }

  function stabilize(now: number, exceptHours: ReadonlySet<number>): number {
    let n = 0;
    for (const v of [...volatile.values()]) {
      if (isVolatile(v, now)) continue;
      volatile.delete(v.rowid);
      n++;
      if (v.hour < coverFromHour || exceptHours.has(v.hour)) continue;
      let b = buckets.get(v.hour);
      if (!b) {
        b = emptyBucket();
        buckets.set(v.hour, b);
      }
      addToBucket(b, v.main, v.aux);
      touchHour(v.hour);
    }
    if (n > 0) dirtyMeta = true;
    return n;
  }

  /** Identity of one usage row: its key columns (upserts change only the counters). */
  function usageKeyAt(sql: UsageSql, rowid: number): string | null {
    const cols = ['session_id', 'model', 'billing_provider', 'billing_base_url', 'billing_mode', 'task'].filter((c) =>
      sql.schema.usageColumns?.has(c),
    );
    const row = sql.rows('usage-at', `SELECT ${cols.join(', ')} FROM session_model_usage WHERE rowid = :r`, { r: rowid })[0];
    return row ? JSON.stringify(row) : null;
  }

  function currentMarks(sql: UsageSql, schema: StateDbSchema): Marks {
    const session = Number(one(sql, 'max-session', 'SELECT COALESCE(MAX(rowid), 0) FROM sessions') ?? 0);
    const sessionId = session > 0 ? (one(sql, 'id-at', 'SELECT id FROM sessions WHERE rowid = :r', { r: session }) as string) : null;
    const usage = schema.usageColumns ? Number(one(sql, 'max-usage', 'SELECT COALESCE(MAX(rowid), 0) FROM session_model_usage') ?? 0) : 0;
    const usageKey = usage > 0 ? usageKeyAt(sql, usage) : null;
    const message = schema.hasMessages ? Number(one(sql, 'max-msg', 'SELECT COALESCE(MAX(id), 0) FROM messages') ?? 0) : 0;
    const sessionCount = Number(one(sql, 'count-sessions', 'SELECT COUNT(*) FROM sessions') ?? 0);
    const usageCount = schema.usageColumns ? Number(one(sql, 'count-usage', 'SELECT COUNT(*) FROM session_model_usage') ?? 0) : 0;
    return { session, sessionId, usage, usageKey, message, sessionCount, usageCount };
  }

  /** Brings the cache up to date with the snapshot of the current read transaction. */
  function refresh(conn: StateDb, st: fs.Stats, now: number): RefreshReport {
    const report = blankReport();
    const sql = usageSqlFor(conn);
    const schema = conn.schema;
    const cookie = Number(one(sql, 'cookie', 'PRAGMA schema_version'));
    const dv = Number(one(sql, 'dv', 'PRAGMA data_version'));

    let reason: string | null = null;
    if (!fp) reason = 'no cache';
    else if (fp.dev !== st.dev || fp.ino !== st.ino) reason = 'state.db replaced';
    else if (fp.cookie !== cookie) reason = 'schema changed';
    else if (st.size < fp.size) reason = 'state.db shrank';
    if (reason) {
      resetState();
      fp = { dev: st.dev, ino: st.ino, cookie, size: st.size };
      marks = currentMarks(sql, schema);
      dataVersion = dv;
      report.reset = reason;
      return report;
    }
    fp = { dev: st.dev, ino: st.ino, cookie, size: st.size };

    if (dataVersion !== null && dv === dataVersion) {
      report.skipped = true;
      report.stabilized = stabilize(now, new Set());
      return report;
    }

    // 1. New sessions and the identity of the old top rowid.
    const cur = currentMarks(sql, schema);
    if (marks.session > 0) {
      const idAt = one(sql, 'id-at', 'SELECT id FROM sessions WHERE rowid = :r', { r: marks.session }) as string | undefined;
      if (idAt !== marks.sessionId) {
        resetState();
        fp = { dev: st.dev, ino: st.ino, cookie, size: st.size };
        marks = cur;
        dataVersion = dv;
        report.reset = 'newest session deleted or replaced';
        return report;
      }
    }
    if (marks.usage > 0 && usageKeyAt(sql, marks.usage) !== marks.usageKey) {
      resetState();
      fp = { dev: st.dev, ino: st.ino, cookie, size: st.size };
      marks = cur;
      dataVersion = dv;
      report.reset = 'newest usage row deleted or replaced';
      return report;
    }
    const newRowids = (sql.rows('new-sessions', 'SELECT rowid FROM sessions WHERE rowid > :hw', { hw: marks.session }) as number[][]).map((r) => r[0] as number);

    // 2. Sessions touched by new messages or new usage rows.
    const touchedIds = new Set<string>();
    if (schema.hasMessages && cur.message > marks.message) {
      for (const r of sql.rows('touch-msg', 'SELECT DISTINCT session_id FROM messages WHERE id > :hw', { hw: marks.message })) touchedIds.add(String(r[0]));
    }
    let newUsageRows = 0;
    if (schema.usageColumns && cur.usage > marks.usage) {
      const rows = sql.rows('touch-usage', 'SELECT session_id FROM session_model_usage WHERE rowid > :hw', { hw: marks.usage });
      newUsageRows = rows.length;
      for (const r of rows) touchedIds.add(String(r[0]));
    }
    const touched = new Map<number, number>(); // rowid → hour
    if (touchedIds.size > 0) {
      for (const r of sql.rows('touch-map', `SELECT rowid, ${hourExpr('started_at')} FROM sessions WHERE id IN (SELECT value FROM json_each(:ids))`, {
        ids: JSON.stringify([...touchedIds]),
      })) {
        touched.set(r[0] as number, r[1] as number);
      }
    }
    const newSet = new Set(newRowids);
    const dirty = new Set<number>();
    for (const [rowid, hour] of touched) {
      if (newSet.has(rowid) || volatile.has(rowid)) continue;
      if (hour >= coverFromHour) dirty.add(hour); // its stable bucket holds an outdated copy
    }

    // 3. Re-read volatile, new and touched sessions.
    const prevVolatile = volatile;
    const rereadIds = new Set<number>([...prevVolatile.keys(), ...newRowids, ...touched.keys()]);
    const fresh = readSessions(sql, rereadIds, (rowid) =>
      touched.has(rowid) || newSet.has(rowid) ? now : (prevVolatile.get(rowid)?.touchedAt ?? 0),
    );
    report.reread = fresh.length;
    report.newSessions = newRowids.length;
    report.touched = touched.size;
    const freshIds = new Set(fresh.map((v) => v.rowid));
    for (const id of prevVolatile.keys()) if (!freshIds.has(id)) report.vanished++;
    volatile = new Map();
    const becameStable: VolatileSession[] = [];
    for (const v of fresh) {
      if (isVolatile(v, now)) volatile.set(v.rowid, v);
      else becameStable.push(v);
    }

    // 4. Deletions: count check, then a per-hour census of the covered range.
    const expectedCount = marks.sessionCount + newRowids.length - report.vanished;
    let sessionsDeleted = false;
    if (cur.sessionCount !== expectedCount) {
      sessionsDeleted = true;
      report.census = true;
      if (Number.isFinite(coverFromHour)) {
        const census = sql.hourCensus(coverFromHour);
        const mine = new Map<number, { n: number; rowidSum: number }>();
        for (const [h, b] of buckets) mine.set(h, { n: b.n, rowidSum: b.rowidSum });
        const bump = (h: number, rowid: number): void => {
          const m = mine.get(h) ?? { n: 0, rowidSum: 0 };
          m.n += 1;
          m.rowidSum += rowid;
          mine.set(h, m);
        };
        for (const v of volatile.values()) if (v.hour >= coverFromHour) bump(v.hour, v.rowid);
        for (const v of becameStable) if (v.hour >= coverFromHour) bump(v.hour, v.rowid);
        for (const [h, c] of census) {
          const m = mine.get(h);
          if (!m || m.n !== c.n || m.rowidSum !== c.rowidSum) dirty.add(h);
        }
        for (const h of mine.keys()) if (!census.has(h)) dirty.add(h);
      }
    }
    if (!sessionsDeleted && schema.usageColumns && cur.usageCount !== marks.usageCount + newUsageRows) {
      resetState();
      fp = { dev: st.dev, ino: st.ino, cookie, size: st.size };
      marks = cur;
      dataVersion = dv;
      report.reset = 'usage rows deleted';
      return report;
    }

    // 5. Rebuild dirty hours (without volatile sessions), then fold newly stable sessions elsewhere.
    report.rebuiltHours = rebuildHours(sql, dirty, now);
    for (const v of becameStable) {
      if (v.hour < coverFromHour || dirty.has(v.hour)) continue;
      let b = buckets.get(v.hour);
      if (!b) {
        b = emptyBucket();
        buckets.set(v.hour, b);
      }
      addToBucket(b, v.main, v.aux);
      touchHour(v.hour);
    }
    report.stabilized = becameStable.length;
    marks = cur;
    dataVersion = dv;
    dirtyMeta = true;
    return report;
  }

  function withSnapshot<T>(now: number, fn: (conn: StateDb, sql: UsageSql) => T): T {
    const { sdb: conn, st } = connect();
    return withStateDbErrors(statePath, () => {
      conn.db.exec('BEGIN');
      try {
        // A schema change needs a fresh connection (and schema probe) before anything else.
        const cookie = Number(one(usageSqlFor(conn), 'cookie', 'PRAGMA schema_version'));
        if (cookie !== conn.schema.cookie) {
          conn.db.exec('COMMIT');
          conn.close();
          sdb = null;
          return withSnapshot(now, fn);
        }
        last = refresh(conn, st, now);
        return fn(conn, usageSqlFor(conn));
      } finally {
        if (conn.db.isOpen && conn.db.isTransaction) conn.db.exec('COMMIT');
      }
    });
  }

  function aggregate(window: UsageWindow, now = clock()): AggregateQuery {
    const result = withSnapshot(now, (conn, sql) => {
      const resolved = resolveWindow(window, now);
      if (resolved.firstFullHour <= resolved.lastFullHour && resolved.firstFullHour < coverFromHour) {
        const to = Number.isFinite(coverFromHour) ? coverFromHour : null;
        last.extendedHours += buildRange(sql, resolved.firstFullHour, to, now);
        coverFromHour = resolved.firstFullHour;
        dirtyMeta = true;
      }
      const w = emptyWindowAggregate();
      const inFull = (h: number): boolean => h >= resolved.firstFullHour && h <= resolved.lastFullHour;
      const fullDay = (d: number): boolean => d * 24 >= resolved.firstFullHour && d * 24 + 23 <= resolved.lastFullHour;
      const addBucket = (h: number, b: Bucket): void => {
        for (const [k, g] of b.main) addMainRow(w, h, g.model, g.provider, g.agg, k);
        for (const [k, g] of b.aux) addAuxRow(w, h, g.model, g.task, g.provider, g.agg, k);
      };
      const days = new Set<number>();
      for (const [h, b] of buckets) {
        if (!inFull(h)) continue;
        const d = Math.floor(h / 24);
        if (fullDay(d)) days.add(d);
        else addBucket(h, b);
      }
      for (const d of days) {
        let day = dayCache.get(d);
        if (!day) {
          day = emptyBucket();
          for (let h = d * 24; h < d * 24 + 24; h++) {
            const b = buckets.get(h);
            if (b) mergeBucket(day, b);
          }
          dayCache.set(d, day);
        }
        addBucket(d * 24, day);
      }
      for (const v of volatile.values()) {
        if (!inFull(v.hour)) continue;
        addMainRow(w, v.hour, v.main.model, v.main.provider, v.main.agg);
        for (const g of v.aux) addAuxRow(w, v.hour, g.model, g.task, g.provider, g.agg);
      }
      for (const e of resolved.edges) addRangeFromDb(sql, w, e.lo, e.hi);
      return { aggregate: w, resolved, schema: conn.schema };
    });
    persist();
    return result;
  }

  load();

  return {
    aggregate,
    modelsAnalytics({ days, now, capabilities }) {
      const q = aggregate({ kind: 'days', days }, now ?? clock());
      return toHermesModelsAnalytics(q.aggregate, days, capabilities);
    },
    usageView(opts) {
      const now = opts.now ?? clock();
      const q = aggregate(opts.window, now);
      return toUsageView(q.aggregate, q.resolved, q.schema, { generatedAt: now, ...opts });
    },
    modelsPage(opts) {
      const now = opts.now ?? clock();
      const q = aggregate({ kind: 'days', days: opts.days }, now);
      return {
        hermes: toHermesModelsAnalytics(q.aggregate, opts.days, opts.capabilities),
        view: toUsageView(q.aggregate, q.resolved, q.schema, { generatedAt: now, ...opts }),
      };
    },
    rebuild() {
      resetState();
    },
    stats() {
      return {
        coverFromHour: Number.isFinite(coverFromHour) ? coverFromHour : null,
        buckets: buckets.size,
        volatile: volatile.size,
        file,
        last,
      };
    },
    close() {
      persist(true);
      sdb?.close();
      sdb = null;
      store?.close();
    },
  };
}
