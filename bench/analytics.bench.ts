/**
 * Usage-analytics benchmark on a 300,000-session Hermes state.db (~700,000 session_model_usage rows,
 * multi-KB system prompts so every session row spans more than one page, as on a real install).
 *
 * Measures:
 *  - baseline: the `sqlite3` CLI running Hermes's own three queries for 90 days
 *    (hermes_cli/web_server.py::_get_models_analytics + _aux_usage_rows + totals);
 *  - our direct (uncached) scan per period — target within 1.3× the CLI;
 *  - the aggregate cache: cold first query per period, first query after an app restart (cache file),
 *    repeated queries / period switches (target < 100 ms), and a query right after Hermes wrote.
 *
 * Run: `npx tsx bench/analytics.bench.ts` (prints a table). `run()` returns the numbers for an aggregator.
 * The generated DB is kept in `<os.tmpdir()>/hermes-switchboard-bench/` and reused while its recipe matches.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatabaseSync } from '@photostructure/sqlite';
import { openAggregateCache } from '../src/core/usage/aggregate-cache';
import { getModelsAnalytics, getUsageView } from '../src/core/usage/models-analytics';
import { openStateDbFile } from '../src/core/usage/open-statedb';
import { createFixtureWriter, FIXTURE_PRESETS, generateStateDb } from '../src/core/usage/statedb-fixture';

export const NOW = 1_785_000_000;
/** Bump `version` when the generator changes what it writes, so a cached DB is regenerated. */
const RECIPE = { version: 2, ...FIXTURE_PRESETS.bench, now: NOW };

type Period = '7' | '30' | '90';
const PERIODS: readonly Period[] = ['90', '30', '7'];

export interface AnalyticsBenchResult {
  db: { path: string; bytes: number; sessions: number; usageRows: number; generatedMs: number | null };
  /** Milliseconds; medians unless named otherwise. `sqlite3` CLI running Hermes's three queries. */
  cli: Record<Period, { median: number; min: number }>;
  hermesSqlViaBinding90: number;
  /** Our uncached scan (Hermes-compatible response). */
  direct: Record<Period, { median: number; min: number }>;
  /** direct / CLI, per period. */
  directRatioVsCli: Record<Period, number>;
  /** Fresh cache, the page opening on 30d then 7d then 90d (each: Hermes shape + rich view). */
  cacheColdFirst: Record<Period, number>;
  /** Fresh cache whose very first query is 90d. */
  cacheColdFirst90Only: number;
  cacheRestartFirst30: number;
  cacheSwitch: { n: number; median: number; p95: number; max: number };
  cacheAfterWrite: { median: number; max: number };
  cacheFileBytes: number;
  targets: { directWithin1_3xCli: boolean; cacheColdWithin1_3xCli: boolean; switchUnder100ms: boolean };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
const time = <T>(fn: () => T): [number, T] => {
  const t0 = performance.now();
  const r = fn();
  return [performance.now() - t0, r];
};

function hermesSql(cutoff: number): string {
  return `
SELECT model, billing_provider, SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(reasoning_tokens),
  COALESCE(SUM(estimated_cost_usd), 0), COALESCE(SUM(actual_cost_usd), 0), COUNT(*), SUM(COALESCE(api_call_count, 0)),
  SUM(tool_call_count), MAX(started_at), AVG(input_tokens + output_tokens)
FROM sessions WHERE started_at > ${cutoff} AND model IS NOT NULL AND model != ''
GROUP BY model, billing_provider ORDER BY SUM(input_tokens) + SUM(output_tokens) DESC;
SELECT u.model, u.task, u.billing_provider, SUM(u.input_tokens), SUM(u.output_tokens), SUM(u.cache_read_tokens),
  SUM(u.reasoning_tokens), COALESCE(SUM(u.estimated_cost_usd), 0), COUNT(DISTINCT u.session_id),
  SUM(COALESCE(u.api_call_count, 0)), MAX(u.last_seen)
FROM session_model_usage u JOIN sessions s ON s.id = u.session_id
WHERE s.started_at > ${cutoff} AND u.task != ''
GROUP BY u.model, u.task, u.billing_provider ORDER BY SUM(u.input_tokens) + SUM(u.output_tokens) DESC;
SELECT COUNT(DISTINCT model), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(reasoning_tokens),
  COALESCE(SUM(estimated_cost_usd), 0), COALESCE(SUM(actual_cost_usd), 0), COUNT(*), SUM(COALESCE(api_call_count, 0))
FROM sessions WHERE started_at > ${cutoff} AND model IS NOT NULL AND model != '';
`;
}

export function ensureDb(dir: string, log: (s: string) => void): { file: string; generatedMs: number | null } {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'state.db');
  const marker = path.join(dir, 'recipe.json');
  const wanted = JSON.stringify(RECIPE);
  if (fs.existsSync(file) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) {
    return { file, generatedMs: null };
  }
  fs.rmSync(marker, { force: true });
  log(`generating ${RECIPE.sessions.toLocaleString('en')} sessions into ${file} …`);
  const [ms] = time(() => generateStateDb(file, { ...RECIPE, keepRecords: false }));
  fs.writeFileSync(marker, wanted);
  return { file, generatedMs: ms };
}

/** Reads the file once so every measurement starts from a warm OS page cache. */
function warm(file: string): void {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  try {
    while (fs.readSync(fd, buf, 0, buf.length, null) > 0) {
      /* read through */
    }
  } finally {
    fs.closeSync(fd);
  }
}

export async function run(options: { runs?: number; log?: (s: string) => void } = {}): Promise<AnalyticsBenchResult> {
  const runs = options.runs ?? 5;
  const log = options.log ?? ((): void => {});
  const dir = path.join(os.tmpdir(), 'hermes-switchboard-bench');
  const { file, generatedMs } = ensureDb(dir, log);
  const probe = new DatabaseSync(file, { readOnly: true });
  const sessions = (probe.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
  const usageRows = (probe.prepare('SELECT COUNT(*) AS n FROM session_model_usage').get() as { n: number }).n;
  probe.close();
  warm(file);

  // Baseline and direct scans, interleaved so background load hits both alike.
  const cliRuns: Record<Period, number[]> = { '7': [], '30': [], '90': [] };
  const direct: Record<Period, number[]> = { '7': [], '30': [], '90': [] };
  const viaBinding: number[] = [];
  const sdb = openStateDbFile(file);
  const raw = new DatabaseSync(file, { readOnly: true });
  const hermesStmts = hermesSql(NOW - 90 * 86400)
    .split(';')
    .map((q) => q.trim())
    .filter(Boolean)
    .map((q) => raw.prepare(q));
  for (let i = 0; i < runs + 1; i++) {
    for (const p of PERIODS) {
      const [cli, res] = time(() =>
        spawnSync('sqlite3', ['-readonly', file], { input: hermesSql(NOW - Number(p) * 86400), encoding: 'utf8' }),
      );
      if (res.status !== 0) throw new Error(`sqlite3 failed: ${res.stderr}`);
      const [ours] = time(() => getModelsAnalytics(sdb, { days: Number(p), now: NOW }));
      if (i === 0) continue; // the first round only warms statement caches and pages
      cliRuns[p].push(cli);
      direct[p].push(ours);
    }
    const [bind] = time(() => hermesStmts.forEach((st) => st.all()));
    if (i > 0) viaBinding.push(bind);
  }
  raw.close();

  // Aggregate cache from cold: the Models page opens on 30d, then the user clicks 7d and 90d.
  const dataDir = fs.mkdtempSync(path.join(dir, 'app-data-'));
  let cache = openAggregateCache({ dataDir, statePath: file });
  const both = (days: number): void => {
    cache.modelsAnalytics({ days, now: NOW });
    cache.usageView({ window: { kind: 'days', days }, now: NOW });
  };
  const cold = {
    '30': time(() => both(30))[0],
    '7': time(() => both(7))[0],
    '90': time(() => both(90))[0],
  };
  cache.close();
  const dataDir90 = fs.mkdtempSync(path.join(dir, 'app-data-'));
  const cache90 = openAggregateCache({ dataDir: dataDir90, statePath: file });
  const [cold90Only] = time(() => {
    cache90.modelsAnalytics({ days: 90, now: NOW });
    cache90.usageView({ window: { kind: 'days', days: 90 }, now: NOW });
  });
  cache90.close();
  fs.rmSync(dataDir90, { recursive: true, force: true });
  // App restart: the cache file is loaded, then the first query.
  const [restart] = time(() => {
    cache = openAggregateCache({ dataDir, statePath: file });
    both(30);
  });
  // Period switches (each = Hermes shape + rich view, as the page loads both), with the clock moving.
  const switches: number[] = [];
  const periods = [7, 30, 90, 30, 7, 90];
  for (let i = 0; i < 60; i++) {
    const days = periods[i % periods.length] as number;
    switches.push(time(() => {
      cache.modelsAnalytics({ days, now: NOW + i * 7.5 });
      cache.usageView({ window: { kind: 'days', days }, now: NOW + i * 7.5 });
    })[0]);
  }
  // Hermes writes (new sessions + an open session's counters), then the page refreshes.
  const markerFile = path.join(dir, 'recipe.json');
  const marker = fs.readFileSync(markerFile, 'utf8');
  fs.rmSync(markerFile); // if interrupted, the next run regenerates instead of reusing a modified DB
  const writer = new DatabaseSync(file);
  const w = createFixtureWriter(writer);
  const afterWrite: number[] = [];
  const open = writer.prepare('SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY rowid DESC LIMIT 1').get() as { id: string };
  try {
    for (let i = 0; i < 10; i++) {
      writer.exec('BEGIN');
      for (let k = 0; k < 3; k++) {
        w.insertSession({
          id: `bench-${i}-${k}`, source: 'cli', model: 'anthropic/claude-sonnet-5', started_at: NOW - 30, ended_at: null, end_reason: null,
          message_count: 3, tool_call_count: 2, input_tokens: 12000, output_tokens: 900, cache_read_tokens: 40000, cache_write_tokens: 0,
          reasoning_tokens: 0, billing_provider: 'openrouter', billing_base_url: 'https://openrouter.ai/api/v1', billing_mode: null,
          estimated_cost_usd: 0.062, actual_cost_usd: null, cost_status: 'estimated', cost_source: 'provider_models_api',
          pricing_version: null, api_call_count: 1, user_id: null, chat_id: null, session_key: null, title: null,
        });
      }
      writer.prepare('UPDATE sessions SET input_tokens = input_tokens + 5000, api_call_count = api_call_count + 1 WHERE id = ?').run(open.id);
      writer.exec('COMMIT');
      afterWrite.push(time(() => both(30))[0]);
    }
  } finally {
    writer.exec("DELETE FROM sessions WHERE id LIKE 'bench-%'");
    writer.prepare('UPDATE sessions SET input_tokens = input_tokens - 50000, api_call_count = api_call_count - 10 WHERE id = ?').run(open.id);
    writer.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    writer.close();
    fs.writeFileSync(markerFile, marker);
  }
  // Sanity: after all that the cache still answers like a direct scan.
  const same =
    JSON.stringify(cache.usageView({ window: { kind: 'days', days: 30 }, now: NOW })) ===
    JSON.stringify(getUsageView(sdb, { window: { kind: 'days', days: 30 }, now: NOW }));
  if (!same) throw new Error('cache and direct scan disagree after the write phase');
  const cacheFileBytes = fs.statSync(cache.stats().file as string).size;
  cache.close();
  sdb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const stat = (xs: number[]): { median: number; min: number } => ({ median: median(xs), min: Math.min(...xs) });
  const per = <T>(f: (p: Period) => T): Record<Period, T> => ({ '7': f('7'), '30': f('30'), '90': f('90') });
  const cli = per((p) => stat(cliRuns[p]));
  const directStats = per((p) => stat(direct[p]));
  const ratio = per((p) => directStats[p].median / cli[p].median);
  const result: AnalyticsBenchResult = {
    db: { path: file, bytes: fs.statSync(file).size, sessions, usageRows, generatedMs },
    cli,
    hermesSqlViaBinding90: median(viaBinding),
    direct: directStats,
    directRatioVsCli: ratio,
    cacheColdFirst: cold,
    cacheColdFirst90Only: cold90Only,
    cacheRestartFirst30: restart,
    cacheSwitch: { n: switches.length, median: median(switches), p95: pct(switches, 95), max: Math.max(...switches) },
    cacheAfterWrite: { median: median(afterWrite), max: Math.max(...afterWrite) },
    cacheFileBytes,
    targets: {
      directWithin1_3xCli: PERIODS.every((p) => ratio[p] <= 1.3),
      cacheColdWithin1_3xCli: PERIODS.every((p) => cold[p] <= 1.3 * cli[p].median) && cold90Only <= 1.3 * cli['90'].median,
      switchUnder100ms: pct(switches, 95) < 100,
    },
  };
  return result;
}

function printTable(r: AnalyticsBenchResult): void {
  const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
  const vs = (x: number, p: Period): string => {
    const q = x / r.cli[p].median;
    return `${q.toFixed(2)}× CLI ${q <= 1.3 ? '✓' : '✗'}`;
  };
  const rows: Array<[string, string, string]> = [];
  for (const p of PERIODS) {
    rows.push([`${p.padStart(2)}d  sqlite3 CLI, Hermes's 3 queries (baseline)`, `${ms(r.cli[p].median)} (min ${ms(r.cli[p].min)})`, '']);
    rows.push([`${p.padStart(2)}d  direct scan (ours, no cache)`, `${ms(r.direct[p].median)} (min ${ms(r.direct[p].min)})`, vs(r.direct[p].median, p)]);
  }
  rows.push(['90d  Hermes SQL via our binding', ms(r.hermesSqlViaBinding90), '']);
  rows.push(['cold cache: first 30d (builds; both views)', ms(r.cacheColdFirst['30']), vs(r.cacheColdFirst['30'], '30')]);
  rows.push(['cold cache: then first 7d', ms(r.cacheColdFirst['7']), vs(r.cacheColdFirst['7'], '7')]);
  rows.push(['cold cache: then first 90d (adds 60 days)', ms(r.cacheColdFirst['90']), vs(r.cacheColdFirst['90'], '90')]);
  rows.push(['cold cache: 90d as the very first query', ms(r.cacheColdFirst90Only), vs(r.cacheColdFirst90Only, '90')]);
  rows.push(['after app restart: first 30d (loads file)', ms(r.cacheRestartFirst30), '']);
  rows.push([
    `period switches 7/30/90 (n=${r.cacheSwitch.n}, both views)`,
    `${ms(r.cacheSwitch.median)} p95 ${ms(r.cacheSwitch.p95)} max ${ms(r.cacheSwitch.max)}`,
    `${r.targets.switchUnder100ms ? '✓' : '✗'} (<100 ms)`,
  ]);
  rows.push(['refresh right after Hermes wrote (30d)', `${ms(r.cacheAfterWrite.median)} max ${ms(r.cacheAfterWrite.max)}`, '']);
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  console.log(
    `analytics bench — ${r.db.sessions.toLocaleString('en')} sessions, ${r.db.usageRows.toLocaleString('en')} usage rows, ` +
      `state.db ${(r.db.bytes / 2 ** 30).toFixed(2)} GiB${r.db.generatedMs === null ? ' (reused)' : `, generated in ${(r.db.generatedMs / 1000).toFixed(1)} s`}, ` +
      `cache file ${(r.cacheFileBytes / 2 ** 20).toFixed(1)} MiB`,
  );
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run({ log: (s) => console.log(s) })
    .then(printTable)
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
