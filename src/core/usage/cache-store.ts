/**
 * The aggregate cache's file: one SQLite database per state.db path under `<dataDir>/usage-cache/`, in the
 * app's own data directory — never beside Hermes's state.db.
 *
 * Buckets, volatile records, marks and fingerprint are written together in one transaction, so the file is
 * always one consistent snapshot a later process can refresh from. A generation counter notices another
 * process (desktop app + CLI server) writing the same file; the writer then rewrites everything it holds.
 * A damaged or foreign file is deleted and started afresh: it is only a cache.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type DatabaseSyncInstance } from '@photostructure/sqlite';
import { emptyBucket, type Bucket, type Fingerprint, type Marks, type VolatileSession } from './cache-buckets';
import { auxKey, mainKey, type Agg } from './usage-aggregate';

/** Bump when the stored shapes change: older files are then ignored. */
const FORMAT_VERSION = 2;

const SCHEMA = `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS hours (hour INTEGER PRIMARY KEY, data TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS volatile (rowid_ INTEGER PRIMARY KEY, data TEXT NOT NULL);`;

/** What a cache file holds. */
export interface CacheSnapshot {
  fp: Fingerprint | null;
  coverFromHour: number;
  marks: Marks;
  buckets: Map<number, Bucket>;
  volatile: Map<number, VolatileSession>;
}

interface StoredState {
  format: number;
  statePath: string;
  policy: string;
  fp: Fingerprint | null;
  coverFromHour: number | null;
  marks: Marks;
  generation: number;
}

/** `<dataDir>/usage-cache/<sha256(abs state.db path)[:16]>.sqlite`. */
export function cacheFileFor(dataDir: string, statePath: string): string {
  const hash = crypto.createHash('sha256').update(path.resolve(statePath)).digest('hex').slice(0, 16);
  return path.join(dataDir, 'usage-cache', `${hash}.sqlite`);
}

function serializeBucket(b: Bucket): string {
  return JSON.stringify({
    n: b.n,
    r: b.rowidSum,
    m: [...b.main.values()].map((g) => [g.model, g.provider, g.agg]),
    a: [...b.aux.values()].map((g) => [g.model, g.task, g.provider, g.agg]),
  });
}

function parseBucket(text: string): Bucket {
  const o = JSON.parse(text) as {
    n: number;
    r: number;
    m: Array<[string | null, string | null, Agg]>;
    a: Array<[string, string, string, Agg]>;
  };
  const b = emptyBucket();
  b.n = o.n;
  b.rowidSum = o.r;
  for (const [model, provider, agg] of o.m) b.main.set(mainKey(model, provider), { model, provider, agg });
  for (const [model, task, provider, agg] of o.a) b.aux.set(auxKey(model, task, provider), { model, task, provider, agg });
  return b;
}

export class CacheStore {
  private db: DatabaseSyncInstance | null = null;
  private generation = 0;

  /**
   * @param statePath the state.db this cache describes (stored and checked on load)
   * @param policy the volatility settings the buckets were built under (a file built under others is ignored)
   */
  constructor(
    readonly file: string,
    private readonly statePath: string,
    private readonly policy: string,
  ) {}

  private discard(): void {
    try {
      this.db?.close();
    } catch {
      /* already unusable */
    }
    this.db = null;
    for (const s of ['', '-wal', '-shm']) fs.rmSync(this.file + s, { force: true });
  }

  private open(): DatabaseSyncInstance | null {
    if (this.db) return this.db;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        const db = new DatabaseSync(this.file, { timeout: 2000 });
        this.db = db;
        db.exec(`PRAGMA journal_mode=WAL; ${SCHEMA}`);
        return db;
      } catch {
        this.discard();
      }
    }
    return null; // unwritable data dir: the cache runs in memory only
  }

  /** The stored snapshot, or null when there is none for this state.db and policy (or it is damaged). */
  load(): CacheSnapshot | null {
    const db = this.open();
    if (!db) return null;
    try {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'state'").get() as { value: string } | undefined;
      if (!row) return null;
      const s = JSON.parse(row.value) as StoredState;
      if (s.format !== FORMAT_VERSION || s.statePath !== this.statePath || s.policy !== this.policy) return null;
      this.generation = s.generation;
      const buckets = new Map<number, Bucket>();
      for (const r of db.prepare('SELECT hour, data FROM hours').all() as Array<{ hour: number; data: string }>) {
        buckets.set(r.hour, parseBucket(r.data));
      }
      const volatile = new Map<number, VolatileSession>();
      for (const r of db.prepare('SELECT data FROM volatile').all() as Array<{ data: string }>) {
        const v = JSON.parse(r.data) as VolatileSession;
        volatile.set(v.rowid, v);
      }
      return { fp: s.fp, coverFromHour: s.coverFromHour ?? Number.POSITIVE_INFINITY, marks: s.marks, buckets, volatile };
    } catch {
      this.discard();
      return null;
    }
  }

  /**
   * Writes a snapshot: only `dirtyHours` of the buckets, or all of them when `all` (or when another
   * process wrote since our last write). Returns false when the file could not be written (busy,
   * read-only): the caller keeps its dirty state and tries again later.
   */
  save(snapshot: CacheSnapshot, dirtyHours: ReadonlySet<number>, all: boolean): boolean {
    const db = this.open();
    if (!db) return false;
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const row = db.prepare("SELECT value FROM meta WHERE key = 'state'").get() as { value: string } | undefined;
        const onDisk = row ? ((JSON.parse(row.value) as Partial<StoredState>).generation ?? -1) : -1;
        if (all || onDisk !== this.generation) {
          db.exec('DELETE FROM hours');
          const ins = db.prepare('INSERT INTO hours (hour, data) VALUES (?, ?)');
          for (const [h, b] of snapshot.buckets) ins.run(h, serializeBucket(b));
        } else {
          const up = db.prepare('INSERT OR REPLACE INTO hours (hour, data) VALUES (?, ?)');
          const del = db.prepare('DELETE FROM hours WHERE hour = ?');
          for (const h of dirtyHours) {
            const b = snapshot.buckets.get(h);
            if (b) up.run(h, serializeBucket(b));
            else del.run(h);
          }
        }
        db.exec('DELETE FROM volatile');
        const vins = db.prepare('INSERT INTO volatile (rowid_, data) VALUES (?, ?)');
        for (const v of snapshot.volatile.values()) vins.run(v.rowid, JSON.stringify(v));
        this.generation = Math.max(this.generation, onDisk) + 1;
        const state: StoredState = {
          format: FORMAT_VERSION,
          statePath: this.statePath,
          policy: this.policy,
          fp: snapshot.fp,
          coverFromHour: Number.isFinite(snapshot.coverFromHour) ? snapshot.coverFromHour : null,
          marks: snapshot.marks,
          generation: this.generation,
        };
        db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('state', ?)").run(JSON.stringify(state));
        db.exec('COMMIT');
        return true;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    } catch {
      return false;
    }
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}
