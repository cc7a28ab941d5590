import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseSync } from '@photostructure/sqlite';
import { AppError } from '../app-error';
import { getModelsAnalytics, getUsageView } from './models-analytics';
import { openStateDb, openStateDbFile, type StateDb } from './open-statedb';
import { generateStateDb } from './statedb-fixture';
import { classifyAsUnprivileged, holdPythonWriter } from './test-support/children';
import { diffValues, readAllRows, referenceModelsAnalytics } from './test-support/reference-analytics';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-open-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const NOW = 1_785_000_000;
let seq = 0;
const dir = (): string => {
  const d = path.join(tmp, `case-${++seq}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
};

/** Runs `fn` and returns the STATE_DB_UNAVAILABLE reason it threw. */
function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('STATE_DB_UNAVAILABLE');
    const detail = e.detail as { reason: string; hint: string };
    expect(detail.hint.length).toBeGreaterThan(10);
    return detail.reason;
  }
  throw new Error('expected a failure');
}

const openAndQuery = (file: string, busyTimeoutMs = 200): void => {
  const s = openStateDbFile(file, { busyTimeoutMs });
  try {
    getModelsAnalytics(s, { days: 90, now: NOW });
  } finally {
    s.close();
  }
};

describe('openStateDb failure classes', () => {
  it('missing: no file, a home without state.db, an empty file', () => {
    const home = dir();
    expect(reasonOf(() => openStateDb(home))).toBe('missing');
    expect(reasonOf(() => openStateDbFile(path.join(home, 'nope', 'state.db')))).toBe('missing');
    fs.writeFileSync(path.join(home, 'state.db'), '');
    expect(reasonOf(() => openStateDb(home))).toBe('missing');
  });

  it('not-a-database: garbage bytes and a text file', () => {
    const d = dir();
    const garbage = path.join(d, 'garbage.db');
    const bytes = Buffer.alloc(16384);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) & 0xff;
    fs.writeFileSync(garbage, bytes);
    expect(reasonOf(() => openAndQuery(garbage))).toBe('not-a-database');
    const text = path.join(d, 'config.db');
    fs.writeFileSync(text, 'model:\n  default: anthropic/claude-sonnet-5\n'.repeat(200));
    expect(reasonOf(() => openAndQuery(text))).toBe('not-a-database');
  });

  it('corrupt: a truncated copy and a damaged page', () => {
    const d = dir();
    const good = path.join(d, 'good.db');
    generateStateDb(good, { sessions: 400, days: 100, now: NOW, seed: 1, wal: false });
    const bytes = fs.readFileSync(good);
    const truncated = path.join(d, 'truncated.db');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
    expect(reasonOf(() => openAndQuery(truncated))).toBe('corrupt');

    // Scribble over every b-tree page header after page 1: the scan must hit one.
    const damaged = Buffer.from(bytes);
    for (let page = 1; page * 4096 < damaged.length; page++) damaged.fill(0xee, page * 4096, page * 4096 + 12);
    const damagedPath = path.join(d, 'damaged.db');
    fs.writeFileSync(damagedPath, damaged);
    expect(reasonOf(() => openAndQuery(damagedPath))).toBe('corrupt');
  });

  it('locked: another process holds an EXCLUSIVE lock past the busy timeout', async () => {
    const file = path.join(dir(), 'state.db');
    generateStateDb(file, { sessions: 30, days: 30, now: NOW, seed: 2, wal: false }); // rollback journal: readers block
    const writer = await holdPythonWriter(
      file,
      `c = sqlite3.connect(path, isolation_level=None)
c.execute('BEGIN EXCLUSIVE')
print('ready', flush=True)
sys.stdin.read()
c.execute('ROLLBACK')`,
    );
    try {
      const started = Date.now();
      expect(reasonOf(() => openAndQuery(file, 150))).toBe('locked');
      expect(Date.now() - started).toBeGreaterThanOrEqual(140); // it did wait for the busy timeout
    } finally {
      expect(await writer.release()).toBe(0);
    }
    expect(() => openAndQuery(file)).not.toThrow(); // and recovers once the lock is gone
  });

  it('locked: a WAL database held in exclusive locking mode', async () => {
    const file = path.join(dir(), 'state.db');
    generateStateDb(file, { sessions: 30, days: 30, now: NOW, seed: 3 });
    const writer = await holdPythonWriter(
      file,
      `c = sqlite3.connect(path, isolation_level=None)
c.execute('PRAGMA locking_mode=EXCLUSIVE')
c.execute("UPDATE sessions SET title = 'held' WHERE rowid = 1")
print('ready', flush=True)
sys.stdin.read()`,
    );
    try {
      expect(reasonOf(() => openAndQuery(file, 150))).toBe('locked');
    } finally {
      await writer.release();
    }
  });

  it('old-schema: no sessions table, or sessions without started_at', () => {
    const d = dir();
    const noSessions = path.join(d, 'a.db');
    const a = new DatabaseSync(noSessions);
    a.exec('CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES (1)');
    a.close();
    expect(reasonOf(() => openStateDbFile(noSessions))).toBe('old-schema');
    const noStarted = path.join(d, 'b.db');
    const b = new DatabaseSync(noStarted);
    b.exec('CREATE TABLE sessions (id TEXT PRIMARY KEY, source TEXT, model TEXT, input_tokens INTEGER)');
    b.close();
    expect(reasonOf(() => openStateDbFile(noStarted))).toBe('old-schema');
  });

  it('unreadable: a directory, a file without read permission, a WAL DB whose -shm cannot be created', () => {
    const d = dir();
    const asDir = path.join(d, 'state.db');
    fs.mkdirSync(asDir);
    expect(reasonOf(() => openStateDbFile(asDir))).toBe('unreadable');

    const open = path.join(tmp, 'perm');
    fs.mkdirSync(open, { recursive: true, mode: 0o755 });
    fs.chmodSync(tmp, 0o755);
    const noRead = path.join(open, 'no-read.db');
    generateStateDb(noRead, { sessions: 10, days: 10, now: NOW, seed: 4 });
    fs.chmodSync(noRead, 0o000);
    const roDir = path.join(tmp, 'ro-dir');
    fs.mkdirSync(roDir, { recursive: true });
    const walDb = path.join(roDir, 'state.db');
    generateStateDb(walDb, { sessions: 10, days: 10, now: NOW, seed: 5 }); // WAL, no -shm beside it
    fs.chmodSync(walDb, 0o644);
    fs.chmodSync(roDir, 0o555);
    try {
      const [perm, shm] = classifyAsUnprivileged([noRead, walDb]);
      expect(perm).toEqual({ code: 'STATE_DB_UNAVAILABLE', reason: 'unreadable' });
      expect(shm).toEqual({ code: 'STATE_DB_UNAVAILABLE', reason: 'unreadable' });
    } finally {
      fs.chmodSync(roDir, 0o755);
      fs.chmodSync(noRead, 0o644);
    }
  });
});

describe('older schemas still yield what sessions can give', () => {
  it('no session_model_usage table: main rows only, flagged', () => {
    const file = path.join(dir(), 'state.db');
    const gen = generateStateDb(file, { sessions: 60, days: 100, now: NOW, seed: 11 });
    const w = new DatabaseSync(file);
    w.exec('DROP TABLE session_model_usage; DROP TABLE messages; DROP TABLE schema_version');
    w.close();
    const s = openStateDbFile(file);
    try {
      expect(s.schema.degraded).toBe(true);
      expect(s.schema.auxAvailable).toBe(false);
      expect(s.schema.version).toBeNull();
      const ours = getModelsAnalytics(s, { days: 90, now: NOW });
      const sessions = readAllRows(file).sessions;
      expect(sessions).toHaveLength(gen.sessionCount);
      const ref = referenceModelsAnalytics(sessions, [], NOW - 90 * 86400, 90);
      expect(diffValues(ours.models.map(({ capabilities: _c, ...r }) => r), ref.models)).toEqual([]);
      expect(ours.models.some((m) => m.aux_task !== undefined)).toBe(false);
      const view = getUsageView(s, { window: { kind: 'days', days: 30 }, now: NOW });
      expect(view.source.degraded).toBe(true);
      expect(view.source.notes.join(' ')).toMatch(/session_model_usage/);
    } finally {
      s.close();
    }
  });

  it('sessions without the newer cost/route columns and usage rows without task', () => {
    const file = path.join(dir(), 'state.db');
    const db = new DatabaseSync(file);
    db.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY, source TEXT NOT NULL, model TEXT, started_at REAL NOT NULL,
        ended_at REAL, tool_call_count INTEGER DEFAULT 0, input_tokens INTEGER DEFAULT 0, output_tokens INTEGER DEFAULT 0);
      CREATE TABLE session_model_usage (session_id TEXT NOT NULL, model TEXT NOT NULL, input_tokens INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session_id, model));`);
    const ins = db.prepare('INSERT INTO sessions (id, source, model, started_at, ended_at, tool_call_count, input_tokens, output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    ins.run('a', 'cli', 'gpt-5', NOW - 3600, NOW - 3000, 4, 1000, 100);
    ins.run('b', 'cli', 'gpt-5', NOW - 7200, NOW - 7000, 2, 500, 50);
    ins.run('c', 'cli', 'old-model', NOW - 100 * 86400, NOW - 100 * 86400 + 60, 1, 9, 9);
    db.prepare('INSERT INTO session_model_usage VALUES (?, ?, ?)').run('a', 'gpt-5', 1000);
    db.close();
    const s = openStateDbFile(file);
    try {
      expect(s.schema.degraded).toBe(true);
      const r = getModelsAnalytics(s, { days: 30, now: NOW });
      expect(r.models).toEqual([
        {
          model: 'gpt-5',
          provider: '',
          input_tokens: 1500,
          output_tokens: 150,
          cache_read_tokens: null,
          reasoning_tokens: null,
          estimated_cost: 0,
          actual_cost: 0,
          sessions: 2,
          api_calls: 0,
          tool_calls: 6,
          last_used_at: NOW - 3600,
          avg_tokens_per_session: 825,
          capabilities: {},
        },
      ]);
      expect(r.totals.total_sessions).toBe(2);
    } finally {
      s.close();
    }
  });
});

describe('WAL visibility', () => {
  it('a read-only reader sees rows that exist only in the -wal of a live writer', async () => {
    const d = dir();
    const file = path.join(d, 'state.db');
    generateStateDb(file, { sessions: 40, days: 30, now: NOW, seed: 21 });
    const writer = await holdPythonWriter(
      file,
      `c = sqlite3.connect(path, isolation_level=None)
c.execute('PRAGMA wal_autocheckpoint=0')
c.execute("""INSERT INTO sessions (id, source, model, started_at, input_tokens, output_tokens, billing_provider, api_call_count, tool_call_count)
             VALUES ('wal-only', 'cli', 'wal-model', ${NOW - 600}, 4321, 123, 'openrouter', 3, 2)""")
c.execute("""INSERT INTO session_model_usage (session_id, model, billing_provider, task, api_call_count, input_tokens, output_tokens, last_seen)
             VALUES ('wal-only', 'wal-aux', 'openrouter', 'vision', 1, 777, 7, ${NOW - 500})""")
print('ready', flush=True)
sys.stdin.read()`,
    );
    let s: StateDb | null = null;
    try {
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
      // The main file alone does not have the row: it lives only in the WAL.
      const mainOnly = path.join(d, 'main-only.db');
      fs.copyFileSync(file, mainOnly);
      const copy = new DatabaseSync(mainOnly, { readOnly: true });
      expect(copy.prepare("SELECT COUNT(*) AS n FROM sessions WHERE id = 'wal-only'").get()).toEqual({ n: 0 });
      copy.close();

      s = openStateDbFile(file);
      const r = getModelsAnalytics(s, { days: 7, now: NOW });
      const row = r.models.find((m) => m.model === 'wal-model');
      expect(row).toMatchObject({ input_tokens: 4321, output_tokens: 123, sessions: 1, api_calls: 3, tool_calls: 2 });
      expect(r.models.find((m) => m.model === 'wal-aux')).toMatchObject({ aux_task: 'vision', input_tokens: 777, sessions: 1 });
    } finally {
      s?.close();
      expect(await writer.release()).toBe(0);
    }
  });
});
