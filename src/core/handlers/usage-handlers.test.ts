import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import type { UsageModelsResponse } from '../../shared/contract/usage';
import type { HermesModelsAnalytics, UsageWindow } from '../../shared/domain/usage';
import type { Result } from '../../shared/result';
import { startServer } from '../../server/http-server';
import { Core } from '../core';
import { createLogger } from '../log/logger';
import { createCapabilitiesLookup } from '../usage/capabilities';
import { getModelsAnalytics, getUsageView } from '../usage/models-analytics';
import { openStateDb } from '../usage/open-statedb';
import { generateStateDb, type GeneratedStateDb } from '../usage/statedb-fixture';
import { bundleUsageWorker } from '../usage/test-support/bundle-worker';
import { holdPythonWriter } from '../usage/test-support/children';

const tempDir = useTempDir('sb-usage-');
const quiet = createLogger({ write: () => undefined });
const SAMPLE = path.join(__dirname, '../../../test/fixtures/configs/hermes-sample.yaml');

/** The real worker entry, bundled like the app build does. */
let workerPath = '';
let disposeWorker = (): void => undefined;
beforeAll(async () => {
  const bundle = await bundleUsageWorker();
  workerPath = bundle.file;
  disposeWorker = bundle.dispose;
});
afterAll(() => disposeWorker());

const cores: Core[] = [];
afterAll(async () => {
  for (const c of cores.splice(0)) await c.close();
});

interface Home {
  home: string;
  gen: GeneratedStateDb;
  now: number;
}

/** A Hermes home with config.yaml and a generated state.db "as of" the real clock. */
function makeHome(options: { sessions?: number; days?: number; seed?: number } = {}): Home {
  const home = tempDir();
  fs.copyFileSync(SAMPLE, path.join(home, 'config.yaml'));
  const now = Date.now() / 1000;
  const gen = generateStateDb(path.join(home, 'state.db'), {
    sessions: options.sessions ?? 60,
    days: options.days ?? 100,
    now,
    seed: options.seed ?? 42,
    keepRecords: true,
  });
  return { home, gen, now };
}

async function makeCore(home: string, options: { worker?: boolean | string; dataDir?: string } = {}): Promise<{ core: Core; dataDir: string }> {
  const dataDir = options.dataDir ?? tempDir();
  const usageWorker = typeof options.worker === 'string' ? options.worker : options.worker ? workerPath : undefined;
  const core = await Core.create({ env: {}, platform: 'linux', homedir: home, dataDir, host: 'browser', version: 't', homeOverride: home, logger: quiet, usageWorker });
  cores.push(core);
  return { core, dataDir };
}

function unwrap<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data as T;
}

/** No session starts within `margin` seconds of a Hermes cutoff, so a query a moment later sees the same rows. */
function expectClearOfCutoffs(h: Home, days: number[], margin = 30): void {
  for (const d of days) {
    const cutoff = h.now - d * 86400;
    const nearest = Math.min(...h.gen.records!.sessions.map((s) => Math.abs(s.started_at - cutoff)));
    expect(nearest, `a session starts ${nearest}s from the ${d}-day cutoff`).toBeGreaterThan(margin);
  }
}

const sha = (p: string): string => createHash('sha256').update(fs.readFileSync(p)).digest('hex');

function stateDbReason(r: Result<unknown>): string {
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.error.code).toBe('STATE_DB_UNAVAILABLE');
  const detail = r.error.detail as { reason: string; hint: string };
  expect(detail.hint.length).toBeGreaterThan(20);
  return detail.reason;
}

describe('usage.hermesModels — GET /api/analytics/models', () => {
  it.each([false, true])('equals the engine for the same DB and time (worker: %s)', async (worker) => {
    const h = makeHome();
    expectClearOfCutoffs(h, [7, 30, 90]);
    const { core } = await makeCore(h.home, { worker });
    const sdb = openStateDb(h.home);
    const capabilities = createCapabilitiesLookup({ home: h.home });
    try {
      for (const days of [7, 30, 90]) {
        const got = unwrap<HermesModelsAnalytics>(await core.dispatch('usage.hermesModels', { days: String(days) }, { transport: 'http' }));
        const want = getModelsAnalytics(sdb, { days, now: Date.now() / 1000, capabilities });
        expect(got).toEqual(want);
        expect(Object.keys(got).sort()).toEqual(['models', 'period_days', 'totals']);
        expect(got.period_days).toBe(days);
        expect(got.models.length).toBeGreaterThan(2);
      }
      // Capabilities come through the adapter: known models carry them, a local model gets Hermes's `{}`.
      const all = unwrap<HermesModelsAnalytics>(await core.dispatch('usage.hermesModels', { days: '90' }));
      const sonnet = all.models.find((m) => m.model === 'anthropic/claude-sonnet-5' && m.aux_task === undefined);
      expect(sonnet?.capabilities).toMatchObject({ supports_tools: true, context_window: 1_000_000, model_family: 'claude-sonnet' });
      expect(all.models.find((m) => m.model === 'qwen3-coder:30b')?.capabilities).toEqual({});
    } finally {
      sdb.close();
    }
  });

  it('clamps days to 1–365 like Hermes, defaults to 30 and rejects what is not an integer', async () => {
    const h = makeHome();
    expectClearOfCutoffs(h, [1, 30, 365]);
    const { core } = await makeCore(h.home);
    const sdb = openStateDb(h.home);
    try {
      for (const [asked, days] of [['0', 1], ['-5', 1], ['366', 365], ['100000', 365], [undefined, 30]] as const) {
        const got = unwrap<HermesModelsAnalytics>(await core.dispatch('usage.hermesModels', asked === undefined ? {} : { days: asked }));
        expect(got.period_days).toBe(days);
        expect(got).toEqual(getModelsAnalytics(sdb, { days, now: Date.now() / 1000, capabilities: createCapabilitiesLookup({ home: h.home }) }));
      }
      for (const bad of ['abc', '7.5', '']) {
        const r = await core.dispatch('usage.hermesModels', { days: bad });
        expect(r.ok ? null : r.error.code, bad).toBe('INVALID_INPUT');
      }
      // The app's own channel clamps the same way.
      const view = unwrap<UsageModelsResponse>(await core.dispatch('usage.models', { window: { kind: 'days', days: 4000 } }));
      expect(view.view.window).toEqual({ kind: 'days', days: 365 });
    } finally {
      sdb.close();
    }
  });

  it('answers for the open profile and refuses another one instead of answering with the wrong data', async () => {
    const h = makeHome();
    const { core } = await makeCore(h.home);
    expect((await core.dispatch('usage.hermesModels', { days: '7', profile: 'default' })).ok).toBe(true);
    const r = await core.dispatch('usage.hermesModels', { days: '7', profile: 'work' });
    expect(r.ok ? null : r.error.code).toBe('INVALID_INPUT');
    expect(r.ok ? '' : r.error.message).toContain('"default"');
  });

  it('is served over HTTP on the Hermes path with the X-Hermes-Session-Token header', async () => {
    const h = makeHome();
    expectClearOfCutoffs(h, [7]);
    const { core } = await makeCore(h.home, { worker: true });
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const token = 'usage-token-0123456789';
    const server = await startServer({ core, token, rendererDir, port: 0, logger: quiet });
    try {
      const url = new URL('/api/analytics/models?days=7', server.url);
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: { 'X-Hermes-Session-Token': token } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as HermesModelsAnalytics;
      const sdb = openStateDb(h.home);
      try {
        expect(body).toEqual(getModelsAnalytics(sdb, { days: 7, now: Date.now() / 1000, capabilities: createCapabilitiesLookup({ home: h.home }) }));
      } finally {
        sdb.close();
      }
      // Bad query → 400; an unreadable state.db → 503 with Hermes's {detail} plus our code.
      expect((await fetch(new URL('/api/analytics/models?days=soon', server.url), { headers: { 'X-Hermes-Session-Token': token } })).status).toBe(400);
      // Replaced by another file (a new inode, as a restore or a copy would do).
      for (const s of ['', '-wal', '-shm']) fs.rmSync(path.join(h.home, `state.db${s}`), { force: true });
      fs.writeFileSync(path.join(h.home, 'state.db'), 'not a database '.repeat(500));
      const broken = await fetch(url, { headers: { 'X-Hermes-Session-Token': token } });
      expect(broken.status).toBe(503);
      expect(await broken.json()).toMatchObject({ code: 'STATE_DB_UNAVAILABLE', detail: expect.stringContaining('not-a-database') });
    } finally {
      await server.close();
    }
  });
});

describe('usage.models — the Models page view', () => {
  it('gives the engine’s cards, totals and daily series for each period and a custom range', async () => {
    const h = makeHome();
    expectClearOfCutoffs(h, [7, 30, 90]);
    const { core, dataDir } = await makeCore(h.home);
    const before = sha(path.join(h.home, 'state.db'));
    const sdb = openStateDb(h.home);
    const capabilities = createCapabilitiesLookup({ home: h.home });
    const day = 86400;
    const today = Math.floor(h.now / day) * day;
    const windows: UsageWindow[] = [
      { kind: 'days', days: 7 },
      { kind: 'days', days: 30 },
      { kind: 'days', days: 90 },
      { kind: 'range', from: today - 40 * day, to: today - 10 * day },
    ];
    try {
      for (const window of windows) {
        const got = unwrap<UsageModelsResponse>(await core.dispatch('usage.models', { window }));
        const want = getUsageView(sdb, { window, now: Date.now() / 1000, capabilities });
        expect(got.view.cards).toEqual(want.cards);
        expect(got.view.totals).toEqual(want.totals);
        expect(got.view.daily).toEqual(want.daily);
        expect(got.view.window).toEqual(window);
        expect(got.runtime).toMatchObject({ mode: 'in-process', cache: 'persistent', statePath: path.join(h.home, 'state.db') });
      }
    } finally {
      sdb.close();
    }
    // The aggregate cache lives in the app's data dir; Hermes's state.db is never written.
    expect(fs.readdirSync(path.join(dataDir, 'usage-cache')).some((f) => f.endsWith('.sqlite'))).toBe(true);
    expect(sha(path.join(h.home, 'state.db'))).toBe(before);
    expect(fs.readdirSync(h.home).filter((f) => f.startsWith('state.db')).sort()).toEqual(['state.db', 'state.db-shm', 'state.db-wal']);
  });

  it('returns an empty view for a window without sessions, and validates custom ranges', async () => {
    const h = makeHome();
    const { core } = await makeCore(h.home);
    const from = Date.UTC(2021, 0, 1) / 1000;
    const empty = unwrap<UsageModelsResponse>(await core.dispatch('usage.models', { window: { kind: 'range', from, to: from + 7 * 86400 } }));
    expect(empty.view.cards).toEqual([]);
    expect(empty.view.totals.sessions).toBe(0);
    expect(empty.view.daily.points).toHaveLength(7);
    for (const window of [
      { kind: 'range', from: from + 86400, to: from },
      { kind: 'range', from, to: from + 1200 * 86400 },
      { kind: 'range', from: Date.UTC(2019, 0, 1) / 1000, to: from },
      { kind: 'days', days: 7.5 },
    ]) {
      const r = await core.dispatch('usage.models', { window });
      expect(r.ok ? null : r.error.code, JSON.stringify(window)).toBe('INVALID_INPUT');
    }
  });

  it('keeps the cache in memory for a data dir inside the Hermes home', async () => {
    const h = makeHome();
    const { core } = await makeCore(h.home, { dataDir: path.join(h.home, 'switchboard-data') });
    const got = unwrap<UsageModelsResponse>(await core.dispatch('usage.models', { window: { kind: 'days', days: 30 } }));
    expect(got.runtime.cache).toBe('memory');
    expect(fs.existsSync(path.join(h.home, 'switchboard-data', 'usage-cache'))).toBe(false);
  });
});

describe('state.db failures', () => {
  it.each([false, true])('surface as STATE_DB_UNAVAILABLE with a reason, and recover once fixed (worker: %s)', async (worker) => {
    const home = tempDir();
    fs.copyFileSync(SAMPLE, path.join(home, 'config.yaml'));
    const db = path.join(home, 'state.db');
    const { core } = await makeCore(home, { worker });
    const ask = () => core.dispatch('usage.models', { window: { kind: 'days', days: 30 } });
    const askHermes = () => core.dispatch('usage.hermesModels', { days: '30' });
    const reset = () => {
      for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
    };

    expect(stateDbReason(await ask())).toBe('missing');
    expect(stateDbReason(await askHermes())).toBe('missing');

    fs.writeFileSync(db, Buffer.alloc(8192, 0x5a));
    expect(stateDbReason(await ask())).toBe('not-a-database');

    reset();
    generateStateDb(db, { sessions: 400, days: 100, now: Date.now() / 1000, seed: 3, wal: false });
    const bytes = fs.readFileSync(db);
    reset();
    fs.writeFileSync(db, bytes.subarray(0, Math.floor(bytes.length / 3)));
    expect(stateDbReason(await ask())).toBe('corrupt');

    reset();
    const old = new (await import('@photostructure/sqlite')).DatabaseSync(db);
    old.exec('CREATE TABLE conversations (id TEXT PRIMARY KEY, started REAL)');
    old.close();
    expect(stateDbReason(await ask())).toBe('old-schema');

    reset();
    generateStateDb(db, { sessions: 60, days: 100, now: Date.now() / 1000, seed: 5 });
    const held = await holdPythonWriter(
      db,
      "c = sqlite3.connect(path, isolation_level=None)\nc.execute('PRAGMA locking_mode=EXCLUSIVE')\nc.execute(\"UPDATE sessions SET title = 'held' WHERE rowid = 1\")\nprint('ready', flush=True)\nsys.stdin.read()",
    );
    try {
      expect(stateDbReason(await ask())).toBe('locked');
    } finally {
      await held.release();
    }

    // Fixed: the same session answers again, no restart needed.
    const ok = unwrap<UsageModelsResponse>(await ask());
    expect(ok.view.totals.sessions).toBeGreaterThan(0);
    expect(ok.runtime.mode).toBe(worker ? 'worker' : 'in-process');
  });
});

describe('the usage worker', () => {
  /** Longest gap between 5 ms timer ticks on this thread while `fn` runs. */
  async function maxTimerGap(fn: () => Promise<unknown>): Promise<number> {
    let last = performance.now();
    let max = 0;
    const timer = setInterval(() => {
      const t = performance.now();
      max = Math.max(max, t - last);
      last = t;
    }, 5);
    try {
      await fn();
    } finally {
      clearInterval(timer);
    }
    return Math.max(max, performance.now() - last);
  }

  it('keeps the calling thread free during a cold query on a large state.db', async () => {
    const h = makeHome({ sessions: 30_000, days: 365, seed: 11 });
    const inWorker = await makeCore(h.home, { worker: true });
    const inProcess = await makeCore(h.home);
    const window = { kind: 'days', days: 365 };
    // Start the worker first, so the measured call is the query itself.
    unwrap(await inWorker.core.dispatch('usage.hermesModels', { days: '1' }));
    let elapsed = 0;
    const workerGap = await maxTimerGap(async () => {
      elapsed = unwrap<UsageModelsResponse>(await inWorker.core.dispatch('usage.models', { window })).runtime.elapsedMs;
    });
    const blockingGap = await maxTimerGap(() => inProcess.core.dispatch('usage.models', { window }));
    // The query is long enough to matter and blocks the thread when run in-process; in the worker the
    // thread keeps ticking (relative bound: two engineers' test runs may share the CPU).
    expect(elapsed).toBeGreaterThan(150);
    expect(blockingGap).toBeGreaterThan(150);
    expect(workerGap).toBeLessThan(elapsed / 2);
  });

  it('is released when the home changes: state.db is no longer open and the cache file is kept', async () => {
    const h = makeHome();
    fs.mkdirSync(path.join(h.home, 'profiles', 'work'), { recursive: true });
    fs.copyFileSync(SAMPLE, path.join(h.home, 'profiles', 'work', 'config.yaml'));
    const { core, dataDir } = await makeCore(h.home, { worker: true });
    const statePath = path.join(h.home, 'state.db');
    const openFds = (): string[] =>
      fs.readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          return [fs.readlinkSync(`/proc/self/fd/${fd}`)];
        } catch {
          return [];
        }
      });
    // Only a reader of a WAL database holds -wal/-shm open (the fixture writer's closed handle may still
    // show state.db itself until it is garbage-collected).
    const companions = [`${statePath}-wal`, `${statePath}-shm`];
    const first = unwrap<UsageModelsResponse>(await core.dispatch('usage.models', { window: { kind: 'days', days: 90 } }));
    expect(first.runtime).toMatchObject({ mode: 'worker', cache: 'persistent' });
    expect(openFds()).toEqual(expect.arrayContaining(companions));

    unwrap(await core.dispatch('home.selectProfile', { profile: 'work' }));
    expect(openFds().filter((f) => companions.includes(f))).toEqual([]);
    const cacheFiles = fs.readdirSync(path.join(dataDir, 'usage-cache')).filter((f) => f.endsWith('.sqlite'));
    expect(cacheFiles).toHaveLength(1);
    // The new profile has no state.db: its own backend says so.
    expect(stateDbReason(await core.dispatch('usage.models', { window: { kind: 'days', days: 90 } }))).toBe('missing');
  });

  it('reports a worker that cannot start as an internal error, not a crash', async () => {
    const h = makeHome();
    const { core } = await makeCore(h.home, { worker: path.join(tempDir(), 'no-such-worker.js') });
    const r = await core.dispatch('usage.models', { window: { kind: 'days', days: 7 } });
    expect(r.ok ? null : r.error.code).toBe('INTERNAL');
    expect(r.ok ? '' : r.error.message).toMatch(/usage worker/);
    // The rest of the app still answers.
    expect((await core.dispatch('config.read', {})).ok).toBe(true);
  });
});
