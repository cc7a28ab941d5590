/**
 * The usage analytics as the app runs them: in a worker thread (one per open home), on the analytics
 * benchmark's 300,000-session state.db (generated once by `analytics.bench.ts`, reused from the temp dir).
 *
 * Measures, per request round trip (message to the worker, engine, structured clone back):
 *  - the cold first query of the Models page (30 days, cache being built) and how long the calling thread
 *    was ever blocked meanwhile (longest gap between 5 ms timer ticks — the Electron main process or the
 *    browser host's server would be that unresponsive);
 *  - period switches 7/30/90 once the cache is warm (what the UI waits for after a click).
 *
 * Run: `npx tsx bench/usage-worker.bench.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkerUsageBackend } from '../src/core/usage/usage-backend';
import { bundleUsageWorker } from '../src/core/usage/test-support/bundle-worker';
import { ensureDb, NOW } from './analytics.bench';

export interface UsageWorkerBenchResult {
  coldFirst30: { ms: number; longestThreadGapMs: number };
  switches: { n: number; median: number; p95: number; max: number; longestThreadGapMs: number };
  targets: { switchUnder100ms: boolean; threadNeverBlocked50ms: boolean };
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const median = (xs: number[]): number => sorted(xs)[Math.floor(xs.length / 2)] as number;
const p95 = (xs: number[]): number => sorted(xs)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))] as number;

/** Longest gap between 5 ms ticks of this thread while `fn` runs. */
async function withGapMeter<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    gap = Math.max(gap, t - last);
    last = t;
  }, 5);
  try {
    const out = await fn();
    return [out, Math.max(gap, performance.now() - last)];
  } finally {
    clearInterval(timer);
  }
}

export async function run(options: { log?: (s: string) => void } = {}): Promise<UsageWorkerBenchResult> {
  const dir = path.join(os.tmpdir(), 'hermes-switchboard-bench');
  const { file } = ensureDb(dir, options.log ?? ((): void => {}));
  const worker = await bundleUsageWorker();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-usage-data-'));
  const backend = new WorkerUsageBackend(worker.file, { dataDir, home: dir, statePath: file });
  try {
    // Start the thread (module load) before timing: the app does this on the first query too.
    await backend.request({ op: 'hermes', days: 1, now: NOW - 400 * 86400 });
    const [coldMs, coldGap] = await withGapMeter(async () => {
      const t0 = performance.now();
      await backend.request({ op: 'models', window: { kind: 'days', days: 30 }, now: NOW });
      await backend.request({ op: 'hermes', days: 30, now: NOW });
      return performance.now() - t0;
    });
    await backend.request({ op: 'models', window: { kind: 'days', days: 90 }, now: NOW });
    const times: number[] = [];
    const periods = [7, 30, 90, 30, 7, 90];
    const [, switchGap] = await withGapMeter(async () => {
      for (let i = 0; i < 60; i++) {
        const days = periods[i % periods.length] as number;
        const t0 = performance.now();
        await backend.request({ op: 'models', window: { kind: 'days', days }, now: NOW + i * 7.5 });
        times.push(performance.now() - t0);
      }
    });
    const result: UsageWorkerBenchResult = {
      coldFirst30: { ms: coldMs, longestThreadGapMs: coldGap },
      switches: { n: times.length, median: median(times), p95: p95(times), max: Math.max(...times), longestThreadGapMs: switchGap },
      targets: { switchUnder100ms: p95(times) < 100, threadNeverBlocked50ms: Math.max(coldGap, switchGap) < 50 },
    };
    return result;
  } finally {
    await backend.close();
    worker.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run({ log: (s) => console.log(s) })
    .then((r) => {
      const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
      console.log(`worker: cold first 30d (both views)      ${ms(r.coldFirst30.ms)}, calling thread blocked at most ${ms(r.coldFirst30.longestThreadGapMs)}`);
      console.log(
        `worker: period switches (n=${r.switches.n})        ${ms(r.switches.median)} p95 ${ms(r.switches.p95)} max ${ms(r.switches.max)}, ` +
          `thread blocked at most ${ms(r.switches.longestThreadGapMs)}`,
      );
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
