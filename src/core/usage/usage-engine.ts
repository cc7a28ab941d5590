/**
 * The usage analytics of one Hermes home, as the app serves them: the incremental aggregate cache over
 * `<home>/state.db` (kept in the app's own data directory, never in the Hermes home) plus the
 * capabilities adapter, behind two calls — the app's usage view and Hermes's `/api/analytics/models`.
 *
 * Everything here is synchronous (SQLite through the N-API binding) and can block for a second on a cold
 * 300k-session database, so the app runs it in a worker thread (`usage-worker.ts`, `usage-backend.ts`);
 * unit tests may call it in-process.
 */
import path from 'node:path';
import type { CapabilitiesLookup, HermesModelsAnalytics, UsageView, UsageWindow } from '../../shared/domain/usage';
import { clampUsageDays } from '../../shared/contract/usage';
import { openAggregateCache, type AggregateCache } from './aggregate-cache';
import { createCapabilitiesLookup } from './capabilities';
import { stateDbPath } from './open-statedb';

export interface UsageEngineOptions {
  /** The app's data directory; the cache file goes to `<dataDir>/usage-cache/`. */
  dataDir: string;
  /** The Hermes home (profile directory) whose `state.db` is read. */
  home: string;
  /** Override of `<home>/state.db` (tests). */
  statePath?: string;
  /** Keep the cache in a file (default true). Demo homes use memory only. */
  persist?: boolean;
  /** Epoch-seconds clock (tests). */
  clock?: () => number;
  capabilities?: CapabilitiesLookup;
}

export interface UsageModelsResult {
  view: UsageView;
  elapsedMs: number;
}

/** True when `child` is `parent` or inside it. */
function isInside(parent: string, child: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export class UsageEngine {
  readonly statePath: string;
  /** Whether the aggregate cache is written to the data dir. */
  readonly persistent: boolean;
  private cache: AggregateCache | null = null;
  private readonly capabilities: CapabilitiesLookup;
  private readonly clock: () => number;
  private closed = false;

  constructor(private readonly options: UsageEngineOptions) {
    this.statePath = path.resolve(options.statePath ?? stateDbPath(options.home));
    // Never write anything into the Hermes home, even if the data dir was configured inside it.
    this.persistent = (options.persist ?? true) && !isInside(options.home, options.dataDir);
    this.capabilities = options.capabilities ?? createCapabilitiesLookup({ home: options.home });
    this.clock = options.clock ?? ((): number => Date.now() / 1000);
  }

  private open(): AggregateCache {
    if (this.closed) throw new Error('usage engine is closed');
    this.cache ??= openAggregateCache({
      dataDir: this.options.dataDir,
      statePath: this.statePath,
      persist: this.persistent,
      clock: this.clock,
    });
    return this.cache;
  }

  /** The app's model cards, totals and daily series for a window (days are clamped to 1–365). */
  models(window: UsageWindow, now: number = this.clock()): UsageModelsResult {
    const started = performance.now();
    const w: UsageWindow = window.kind === 'days' ? { kind: 'days', days: clampUsageDays(window.days) } : window;
    const view = this.open().usageView({ window: w, now, capabilities: this.capabilities });
    return { view, elapsedMs: performance.now() - started };
  }

  /** Hermes's `GET /api/analytics/models?days=N` (days clamped to 1–365 as Hermes does). */
  hermesModels(days: number, now: number = this.clock()): HermesModelsAnalytics {
    return this.open().modelsAnalytics({ days: clampUsageDays(days), now, capabilities: this.capabilities });
  }

  /** Writes the cache file and releases state.db. Idempotent. */
  close(): void {
    this.closed = true;
    const cache = this.cache;
    this.cache = null;
    cache?.close();
  }
}
