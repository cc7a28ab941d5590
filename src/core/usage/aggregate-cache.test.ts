import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseSync, type DatabaseSyncInstance } from '@photostructure/sqlite';
import type { UsageWindow } from '../../shared/domain/usage';
import { openAggregateCache, type AggregateCache, type RefreshReport } from './aggregate-cache';
import { getModelsAnalytics, getUsageView } from './models-analytics';
import { openStateDbFile, type StateDb } from './open-statedb';
import {
  createFixtureWriter,
  createRng,
  FIXTURE_AUX_ROUTE,
  FIXTURE_ROUTES,
  generateStateDb,
  type FixtureSession,
  type FixtureWriter,
} from './statedb-fixture';
import { holdPythonWriter } from './test-support/children';
import { diffValues, readAllRows, referenceModelsAnalytics } from './test-support/reference-analytics';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-cache-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const T0 = 1_785_000_000.5;
const GRACE = 900;

const WINDOWS = (now: number): UsageWindow[] => [
  { kind: 'days', days: 7 },
  { kind: 'days', days: 30 },
  { kind: 'days', days: 90 },
  { kind: 'range', from: now - 45 * 86400 + 1234.25, to: now - 3 * 86400 - 17.5 },
  { kind: 'range', from: now - 2 * 3600 - 0.5, to: now + 3600 },
];

/** Asserts the cache answers exactly like a direct scan for every window at `now`; returns the refresh reports. */
function expectSameAsDirect(cache: AggregateCache, direct: StateDb, now: number): RefreshReport[] {
  const reports: RefreshReport[] = [];
  for (const window of WINDOWS(now)) {
    const cached = cache.usageView({ window, now, topN: 3 });
    reports.push({ ...cache.stats().last });
    const fresh = getUsageView(direct, { window, now, topN: 3 });
    expect(cached, JSON.stringify(window)).toEqual(fresh);
    if (window.kind === 'days') {
      expect(cache.modelsAnalytics({ days: window.days, now })).toEqual(getModelsAnalytics(direct, { days: window.days, now }));
    }
  }
  return reports;
}

function session(id: string, startedAt: number, overrides: Partial<FixtureSession> = {}): FixtureSession {
  const route = FIXTURE_ROUTES[id.length % FIXTURE_ROUTES.length] ?? FIXTURE_ROUTES[0];
  return {
    id,
    source: 'cli',
    model: route?.model ?? 'm',
    started_at: startedAt,
    ended_at: null,
    end_reason: null,
    message_count: 1,
    tool_call_count: 1,
    input_tokens: 1000,
    output_tokens: 100,
    cache_read_tokens: 10,
    cache_write_tokens: 5,
    reasoning_tokens: 0,
    billing_provider: route?.provider ?? 'p',
    billing_base_url: route?.baseUrl ?? '',
    billing_mode: route?.mode ?? null,
    estimated_cost_usd: route?.price ? 0.0123 : null,
    actual_cost_usd: null,
    cost_status: route?.costStatus ?? 'estimated',
    cost_source: route?.costSource ?? 'none',
    pricing_version: null,
    api_call_count: 1,
    user_id: null,
    chat_id: null,
    session_key: null,
    title: null,
    ...overrides,
  };
}

describe('aggregate cache stays exact while Hermes writes', () => {
  const file = path.join(tmp, 'hermes', 'state.db');
  const dataDir = path.join(tmp, 'app-data');
  let writer: DatabaseSyncInstance;
  let w: FixtureWriter;
  let direct: StateDb;
  let cache: AggregateCache;
  let now = T0;

  beforeAll(() => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    generateStateDb(file, { sessions: 800, days: 150, now: T0, seed: 77, systemPromptBytes: 400, openSessions: 3, orphanSessions: 3 });
    writer = new DatabaseSync(file);
    w = createFixtureWriter(writer);
    direct = openStateDbFile(file);
    cache = openAggregateCache({ dataDir, statePath: file, graceSeconds: GRACE });
  });
  afterAll(() => {
    cache.close();
    direct.close();
    writer.close();
  });

  it('builds on first use, then serves repeats without touching the DB', () => {
    expectSameAsDirect(cache, direct, now);
    const s = cache.stats();
    expect(s.buckets).toBeGreaterThan(100);
    expect(s.coverFromHour).not.toBeNull();
    cache.usageView({ window: { kind: 'days', days: 30 }, now });
    expect(cache.stats().last.skipped).toBe(true);
  });

  it('matches an independent computation from the rows, not only the direct scan', () => {
    const rows = readAllRows(file);
    for (const days of [7, 30, 90]) {
      const ours = cache.modelsAnalytics({ days, now });
      const ref = referenceModelsAnalytics(rows.sessions, rows.usage, now - days * 86400, days);
      expect(diffValues({ ...ours, models: ours.models.map(({ capabilities: _c, ...m }) => m) }, ref)).toEqual([]);
    }
  });

  it('new sessions (rowid above the high-water mark) with main and aux rows', () => {
    now += 120;
    for (let i = 0; i < 5; i++) {
      const s = session(`new-${i}`, now - 60 * i);
      w.insertSession(s);
      w.insertUsage({
        session_id: s.id, model: s.model ?? 'm', billing_provider: s.billing_provider ?? '', billing_base_url: '', billing_mode: '',
        task: '', api_call_count: 1, input_tokens: 1000, output_tokens: 100, cache_read_tokens: 10, cache_write_tokens: 5,
        reasoning_tokens: 0, estimated_cost_usd: 0.0123, actual_cost_usd: 0, cost_status: 'estimated', cost_source: 'none',
        first_seen: now - 60 * i, last_seen: now,
      });
    }
    expect(expectSameAsDirect(cache, direct, now)[0]?.newSessions).toBe(5);
  });

  it('an open session whose counters and usage rows keep growing', () => {
    for (let k = 1; k <= 3; k++) {
      now += 30;
      writer.exec(`UPDATE sessions SET input_tokens = input_tokens + ${1000 * k}, output_tokens = output_tokens + 7,
        api_call_count = api_call_count + 1, tool_call_count = tool_call_count + 2,
        estimated_cost_usd = estimated_cost_usd + 0.1 WHERE id = 'new-0'`);
      writer.exec(`UPDATE session_model_usage SET input_tokens = input_tokens + ${1000 * k}, last_seen = ${now}
        WHERE session_id = 'new-0' AND task = ''`);
      expectSameAsDirect(cache, direct, now);
    }
  });

  it('aux rows added to open and recently ended sessions', () => {
    now += 60;
    writer.exec(`UPDATE sessions SET ended_at = ${now - 10} WHERE id = 'new-1'`);
    for (const [sid, task] of [['new-0', 'vision'], ['new-1', 'title_generation'], ['new-1', 'compression']] as const) {
      w.insertUsage({
        session_id: sid, model: FIXTURE_AUX_ROUTE.model, billing_provider: 'openrouter', billing_base_url: '', billing_mode: '', task,
        api_call_count: 1, input_tokens: 900, output_tokens: 20, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0,
        estimated_cost_usd: 0.000317, actual_cost_usd: 0, cost_status: 'estimated', cost_source: 'provider_models_api', first_seen: now, last_seen: now,
      });
    }
    expectSameAsDirect(cache, direct, now);
    // an upsert (no new rowid) on the recently ended session is still seen: it is volatile for the grace period
    now += 60;
    writer.exec(`UPDATE session_model_usage SET input_tokens = input_tokens + 5000, api_call_count = api_call_count + 1, last_seen = ${now}
      WHERE session_id = 'new-1' AND task = 'compression'`);
    expectSameAsDirect(cache, direct, now);
  });

  it("a session's final accounting lands just after it ends (grace period)", () => {
    now += 2 * GRACE; // new-3 has been quiet for longer than the grace period, but is still open
    expectSameAsDirect(cache, direct, now);
    writer.prepare("UPDATE sessions SET ended_at = ?, end_reason = 'cli_close' WHERE id = 'new-3'").run(now);
    expectSameAsDirect(cache, direct, now);
    now += 60;
    writer.exec("UPDATE sessions SET input_tokens = input_tokens + 999, estimated_cost_usd = estimated_cost_usd + 0.5 WHERE id = 'new-3'");
    expectSameAsDirect(cache, direct, now);
  });

  it('a long-closed session resumed by Hermes (new messages, then counters)', () => {
    const old = writer.prepare('SELECT id FROM sessions WHERE ended_at < ? AND started_at > ? AND model IS NOT NULL ORDER BY rowid LIMIT 1').get(now - 40 * 86400, now - 80 * 86400) as { id: string };
    now += 30;
    w.insertMessage(old.id, 'user', 'picking this up again', now);
    expectSameAsDirect(cache, direct, now);
    // Counters land after the message, in a later transaction: still within the touch grace period.
    now += 20;
    writer.prepare('UPDATE sessions SET input_tokens = input_tokens + 77777, api_call_count = api_call_count + 3 WHERE id = ?').run(old.id);
    expectSameAsDirect(cache, direct, now);
  });

  it('the moving cutoff, sessions settling after the grace period', () => {
    writer.exec(`UPDATE sessions SET ended_at = ${now} WHERE id IN ('new-0', 'new-2')`);
    for (const step of [1800.25, 3600, 2 * GRACE, 86400 + 0.75]) {
      now += step;
      expectSameAsDirect(cache, direct, now);
    }
    expect(cache.stats().last.stabilized).toBeGreaterThanOrEqual(0);
    expect(cache.stats().volatile).toBeLessThan(20);
  });

  it('pruned old sessions (Hermes auto-prune) are detected and repaired', () => {
    const cut = now - 80 * 86400;
    writer.exec('BEGIN');
    writer.prepare('DELETE FROM messages WHERE session_id IN (SELECT id FROM sessions WHERE started_at < ? AND ended_at IS NOT NULL)').run(cut);
    const res = writer.prepare('DELETE FROM sessions WHERE started_at < ? AND ended_at IS NOT NULL').run(cut);
    writer.exec('COMMIT');
    expect(res.changes).toBeGreaterThan(10);
    expectSameAsDirect(cache, direct, now);
  });

  it('a deleted session in the middle plus a new one (same count)', () => {
    const victim = writer.prepare('SELECT id FROM sessions WHERE started_at > ? AND ended_at IS NOT NULL ORDER BY rowid LIMIT 1').get(now - 20 * 86400) as { id: string };
    writer.exec('BEGIN');
    writer.prepare('DELETE FROM messages WHERE session_id = ?').run(victim.id);
    writer.prepare('DELETE FROM sessions WHERE id = ?').run(victim.id);
    w.insertSession(session('replacement', now - 5));
    writer.exec('COMMIT');
    expect(expectSameAsDirect(cache, direct, now)[0]?.census).toBe(true);
  });

  it('the newest session deleted and its rowid reused', () => {
    const top = writer.prepare('SELECT rowid AS r, id FROM sessions ORDER BY rowid DESC LIMIT 1').get() as { r: number; id: string };
    writer.exec('BEGIN');
    writer.prepare('DELETE FROM messages WHERE session_id = ?').run(top.id);
    writer.prepare('DELETE FROM sessions WHERE id = ?').run(top.id);
    w.insertSession(session('reuses-rowid', now - 1, { input_tokens: 31337 }));
    writer.exec('COMMIT');
    expect((writer.prepare("SELECT rowid AS r FROM sessions WHERE id = 'reuses-rowid'").get() as { r: number }).r).toBe(top.r);
    expectSameAsDirect(cache, direct, now);
  });

  it('a usage row deleted on its own', () => {
    writer.exec("DELETE FROM session_model_usage WHERE rowid = (SELECT MIN(rowid) FROM session_model_usage WHERE task != '')");
    expectSameAsDirect(cache, direct, now);
  });

  it('the newest usage row deleted and its rowid reused by another row', () => {
    const top = writer.prepare('SELECT rowid AS r, session_id FROM session_model_usage ORDER BY rowid DESC LIMIT 1').get() as { r: number; session_id: string };
    writer.exec('BEGIN');
    writer.prepare('DELETE FROM session_model_usage WHERE rowid = ?').run(top.r);
    w.insertUsage({
      session_id: top.session_id, model: 'reused-rowid-model', billing_provider: 'openrouter', billing_base_url: '', billing_mode: '', task: 'vision',
      api_call_count: 4, input_tokens: 4444, output_tokens: 44, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0,
      estimated_cost_usd: 0.44, actual_cost_usd: 0, cost_status: 'estimated', cost_source: 'none', first_seen: now, last_seen: now,
    });
    writer.exec('COMMIT');
    expect((writer.prepare("SELECT rowid AS r FROM session_model_usage WHERE model = 'reused-rowid-model'").get() as { r: number }).r).toBe(top.r);
    expect(expectSameAsDirect(cache, direct, now)[0]?.reset).toBe('newest usage row deleted or replaced');
  });

  it('VACUUM (schema cookie changes, rowids may move)', () => {
    writer.exec('VACUUM');
    expect(expectSameAsDirect(cache, direct, now)[0]?.reset).toBe('schema changed');
  });

  it('rows that are only in the -wal of a live writer in another process', async () => {
    const child = await holdPythonWriter(
      file,
      `c = sqlite3.connect(path, isolation_level=None)
c.execute('PRAGMA wal_autocheckpoint=0')
c.execute("""INSERT INTO sessions (id, source, model, started_at, input_tokens, output_tokens, billing_provider, api_call_count, estimated_cost_usd, cost_status)
             VALUES ('py-wal', 'cli', 'wal-model', ${now - 30}, 5555, 55, 'openrouter', 2, 0.5, 'estimated')""")
print('ready', flush=True)
sys.stdin.read()`,
    );
    try {
      expectSameAsDirect(cache, direct, now);
      expect(cache.modelsAnalytics({ days: 7, now }).models.some((m) => m.model === 'wal-model')).toBe(true);
    } finally {
      await child.release();
    }
  });

  it('custom ranges older than the covered hours extend the cache', () => {
    const before = cache.stats().coverFromHour as number;
    const window: UsageWindow = { kind: 'range', from: now - 140 * 86400 - 0.5, to: now - 100 * 86400 + 3.25 };
    expect(cache.usageView({ window, now })).toEqual(getUsageView(direct, { window, now }));
    expect(cache.stats().coverFromHour).toBeLessThan(before);
    expectSameAsDirect(cache, direct, now);
  });

  it('persists in the app data dir only, and reloads after a restart while Hermes kept writing', () => {
    const hermesDir = fs.readdirSync(path.dirname(file)).sort();
    expect(hermesDir.every((f) => f.startsWith('state.db'))).toBe(true);
    const cacheFile = cache.stats().file as string;
    expect(cacheFile.startsWith(dataDir)).toBe(true);
    expect(fs.existsSync(cacheFile)).toBe(true);
    cache.close();
    // While the app is closed: new sessions, a prune, a grown old session.
    now += 7200;
    w.insertSession(session('while-closed', now - 100));
    writer.exec(`DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE started_at < ${now - 75 * 86400} AND ended_at IS NOT NULL
      AND id NOT IN (SELECT session_id FROM messages) LIMIT 3)`);
    cache = openAggregateCache({ dataDir, statePath: file, graceSeconds: GRACE });
    expectSameAsDirect(cache, direct, now);
    expect(cache.stats().buckets).toBeGreaterThan(100);
  });

  it('a replaced state.db file (new inode) is detected', () => {
    const replacement = path.join(tmp, 'replacement.db');
    generateStateDb(replacement, { sessions: 300, days: 60, now, seed: 123, systemPromptBytes: 200 });
    writer.close();
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
    fs.renameSync(replacement, file);
    writer = new DatabaseSync(file);
    w = createFixtureWriter(writer);
    direct.close();
    direct = openStateDbFile(file);
    expect(expectSameAsDirect(cache, direct, now)[0]?.reset).toBe('state.db replaced');
  });
});

describe('aggregate cache edge cases', () => {
  it('reports a missing state.db as STATE_DB_UNAVAILABLE, then recovers when Hermes creates it', () => {
    const home = path.join(tmp, 'late-home');
    fs.mkdirSync(home, { recursive: true });
    const file = path.join(home, 'state.db');
    const cache = openAggregateCache({ dataDir: path.join(tmp, 'late-data'), statePath: file });
    try {
      expect(() => cache.modelsAnalytics({ days: 30, now: T0 })).toThrow(expect.objectContaining({ code: 'STATE_DB_UNAVAILABLE', detail: expect.objectContaining({ reason: 'missing' }) }));
      generateStateDb(file, { sessions: 50, days: 40, now: T0, seed: 8, systemPromptBytes: 100 });
      const direct = openStateDbFile(file);
      try {
        const page = cache.modelsPage({ days: 30, now: T0 });
        expect(page.hermes).toEqual(getModelsAnalytics(direct, { days: 30, now: T0 }));
        expect(page.view).toEqual(getUsageView(direct, { window: { kind: 'days', days: 30 }, now: T0 }));
      } finally {
        direct.close();
      }
    } finally {
      cache.close();
    }
  });

  it('a damaged cache file is discarded, never trusted', () => {
    const file = path.join(tmp, 'damaged-home', 'state.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    generateStateDb(file, { sessions: 80, days: 40, now: T0, seed: 31, systemPromptBytes: 100 });
    const dataDir = path.join(tmp, 'damaged-data');
    const first = openAggregateCache({ dataDir, statePath: file });
    first.modelsAnalytics({ days: 30, now: T0 });
    const cacheFile = first.stats().file as string;
    first.close();
    for (const [i, bytes] of [Buffer.alloc(20000, 0x41), Buffer.from('{"not": "sqlite"}')].entries()) {
      fs.writeFileSync(cacheFile, bytes);
      fs.rmSync(`${cacheFile}-wal`, { force: true });
      fs.rmSync(`${cacheFile}-shm`, { force: true });
      const cache = openAggregateCache({ dataDir, statePath: file });
      const direct = openStateDbFile(file);
      try {
        expect(cache.modelsPage({ days: 30, now: T0 + i }).view).toEqual(getUsageView(direct, { window: { kind: 'days', days: 30 }, now: T0 + i }));
      } finally {
        cache.close();
        direct.close();
      }
      const reopened = new DatabaseSync(cacheFile, { readOnly: true });
      expect((reopened.prepare('SELECT COUNT(*) AS n FROM hours').get() as { n: number }).n).toBeGreaterThan(0);
      reopened.close();
    }
  });

  it('an empty state.db gives empty results through the cache', () => {
    const file = path.join(tmp, 'empty-home', 'state.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    generateStateDb(file, { sessions: 0, days: 10, now: T0, seed: 1 });
    const cache = openAggregateCache({ dataDir: path.join(tmp, 'empty-data'), statePath: file });
    try {
      const page = cache.modelsPage({ days: 7, now: T0 });
      expect(page.hermes.models).toEqual([]);
      expect(page.hermes.totals.total_sessions).toBe(0);
      expect(page.view.cards).toEqual([]);
    } finally {
      cache.close();
    }
  });
});

describe('aggregate cache under random Hermes-like writes', () => {
  for (const [seed, persist] of [[99, false], [4242, true]] as const) {
    it(`equals the direct scan after every step (seed ${seed}${persist ? ', restarting the app now and then' : ''})`, () => {
      const file = path.join(tmp, `fuzz-${seed}`, 'state.db');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      let now = T0;
      generateStateDb(file, { sessions: 500, days: 100, now, seed, systemPromptBytes: 200, openSessions: 4, orphanSessions: 2 });
      const writer = new DatabaseSync(file);
      const w = createFixtureWriter(writer);
      const direct = openStateDbFile(file);
      const dataDir = path.join(tmp, `fuzz-data-${seed}`);
      const openCache = (): AggregateCache => openAggregateCache({ dataDir, statePath: file, graceSeconds: 600, persist });
      let cache = openCache();
      const rng = createRng(seed);
      let n = 0;
      const ids = (): string[] => (writer.prepare('SELECT id FROM sessions').all() as Array<{ id: string }>).map((r) => r.id);
      const seen = new Set<string>();
      try {
        expectSameAsDirect(cache, direct, now);
        for (let step = 0; step < 120; step++) {
          const op = Math.floor(rng() * 10);
          const all = ids();
          const pick = all[Math.floor(rng() * all.length)] as string;
          if (op === 0) {
            w.insertSession(session(`fz-${n++}`, now - rng() * 600, { input_tokens: Math.floor(rng() * 50000) }));
          } else if (op === 1) {
            // Counters of every open session grow, with no message written (worst case for the cache).
            writer.prepare('UPDATE sessions SET input_tokens = input_tokens + ?, estimated_cost_usd = COALESCE(estimated_cost_usd, 0) + ? WHERE ended_at IS NULL').run(
              Math.floor(rng() * 9000),
              rng() / 7,
            );
          } else if (op === 2) {
            w.insertUsage({
              session_id: pick, model: FIXTURE_AUX_ROUTE.model, billing_provider: 'openrouter', billing_base_url: `https://x/${n++}`, billing_mode: '',
              task: rng() < 0.5 ? 'vision' : 'compression', api_call_count: 1, input_tokens: Math.floor(rng() * 5000), output_tokens: 9, cache_read_tokens: 0,
              cache_write_tokens: 0, reasoning_tokens: 0, estimated_cost_usd: rng() / 100, actual_cost_usd: 0, cost_status: rng() < 0.2 ? 'unknown' : 'estimated',
              cost_source: 'none', first_seen: now, last_seen: now,
            });
          } else if (op === 3) {
            writer.prepare('UPDATE sessions SET ended_at = ? WHERE id = (SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY random() LIMIT 1)').run(now);
          } else if (op === 4) {
            writer.exec('BEGIN');
            writer.prepare('DELETE FROM messages WHERE session_id = ?').run(pick);
            writer.prepare('DELETE FROM sessions WHERE id = ?').run(pick);
            writer.exec('COMMIT');
          } else if (op === 5) {
            // Hermes resumes an old session: a message first, the counters in a later transaction.
            w.insertMessage(pick, 'user', 'resume', now);
            writer.prepare('UPDATE sessions SET output_tokens = COALESCE(output_tokens, 0) + 11, api_call_count = COALESCE(api_call_count, 0) + 1 WHERE id = ?').run(pick);
          } else if (op === 6) {
            now += rng() < 0.5 ? rng() * 400 : rng() * 20000;
          } else if (op === 7 && rng() < 0.3) {
            writer.exec('VACUUM');
          } else if (op === 8) {
            writer.exec("DELETE FROM session_model_usage WHERE rowid = (SELECT rowid FROM session_model_usage WHERE task != '' ORDER BY random() LIMIT 1)");
          } else if (op === 9 && persist) {
            cache.close();
            cache = openCache();
          }
          let reports: RefreshReport[];
          try {
            reports = expectSameAsDirect(cache, direct, now);
          } catch (err) {
            throw new Error(`step ${step} op ${op}: ${String(err).slice(0, 400)}`, { cause: err });
          }
          const r = reports[0] as RefreshReport;
          if (r.reset) seen.add(`reset:${r.reset}`);
          if (r.census) seen.add('census');
          if (r.touched) seen.add('touched');
          if (r.stabilized) seen.add('stabilized');
          if (r.newSessions) seen.add('new');
        }
        expect([...seen]).toEqual(expect.arrayContaining(['census', 'touched', 'stabilized', 'new']));
      } finally {
        cache.close();
        direct.close();
        writer.close();
      }
    });
  }
});
