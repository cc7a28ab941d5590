/**
 * The live half of the model catalog: per-provider `/models` lists, cached on disk under the app's
 * data dir with their fetch time, served stale-while-revalidate.
 *
 * - Reading never waits for the network: callers get whatever is cached (or nothing) plus a status,
 *   and stale or missing lists are fetched in the background.
 * - Fetches run here, in the core, at most `concurrency` at a time, each with its own deadline, so
 *   one provider that never answers delays nobody else (and never the UI).
 * - Each landing result (success or failure) is pushed as a `catalog.updated` event.
 * - A failed fetch is not retried automatically for `failureBackoffMs`; an explicit refresh always
 *   retries. A failure never throws away a list that was fetched before.
 * - Sources carry their request headers (with the key) only in memory until the request is made; the
 *   cache file holds the URL, the fetch time and the models — never a header or a key.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { CatalogError, CatalogStatus } from '../../shared/contract/models';
import { writeFileAtomic } from '../fs/atomic-write';
import { sha256 } from '../fs/hash';
import type { Logger } from '../log/logger';
import { fetchModelList, parseModelsResponse, type LiveModel } from './live-models';

/** Where and how to fetch one provider's list. */
export interface LiveSource {
  /** Provider slug as written to config (for events and logs). */
  provider: string;
  url: string;
  /** Secret-bearing headers; used for the request only. */
  headers: Readonly<Record<string, string>>;
}

export interface CatalogServiceOptions {
  dataDir: string;
  logger: Logger;
  /** Called when a fetch lands. */
  onUpdate?: (provider: string, status: CatalogStatus) => void;
  /** Per-provider deadline for one `/models` request. Default 8 s (Hermes's validate timeout). */
  timeoutMs?: number;
  /** Parallel fetches. Default 4. */
  concurrency?: number;
  /** A list younger than this is fresh. Default 1 h (Hermes caches provider lists 1 h). */
  ttlMs?: number;
  /** After a failure, no automatic retry for this long. Default 2 min. */
  failureBackoffMs?: number;
  now?: () => number;
}

interface Entry {
  key: string;
  provider: string;
  url: string;
  fetchedAt: number | null;
  models: LiveModel[] | null;
  diskLoaded: boolean;
  diskLoading: Promise<void> | null;
  inFlight: Promise<void> | null;
  queued: boolean;
  lastError: CatalogError | null;
  lastAttemptAt: number | null;
}

interface CacheFile {
  version: 1;
  provider: string;
  url: string;
  fetchedAt: string;
  models: LiveModel[];
}

/** Cache key: provider + URL (a different base URL is a different list); never the key. */
export function catalogCacheKey(provider: string, url: string): string {
  return sha256(`${provider}\n${url}`).slice(0, 32);
}

export class CatalogService {
  readonly dir: string;
  private readonly entries = new Map<string, Entry>();
  private readonly queue: Array<{ entry: Entry; source: LiveSource; resolve: () => void }> = [];
  private running = 0;
  readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly ttlMs: number;
  private readonly backoffMs: number;
  private readonly now: () => number;
  private readonly abort = new AbortController();

  constructor(private readonly options: CatalogServiceOptions) {
    this.dir = path.join(options.dataDir, 'model-catalog');
    this.timeoutMs = options.timeoutMs ?? 8_000;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.backoffMs = options.failureBackoffMs ?? 120_000;
    this.now = options.now ?? Date.now;
  }

  private entryFor(source: Pick<LiveSource, 'provider' | 'url'>): Entry {
    const key = catalogCacheKey(source.provider, source.url);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        key,
        provider: source.provider,
        url: source.url,
        fetchedAt: null,
        models: null,
        diskLoaded: false,
        diskLoading: null,
        inFlight: null,
        queued: false,
        lastError: null,
        lastAttemptAt: null,
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private file(entry: Entry): string {
    return path.join(this.dir, `${entry.key}.json`);
  }

  private async loadFromDisk(entry: Entry): Promise<void> {
    if (entry.diskLoaded) return;
    entry.diskLoading ??= (async () => {
      try {
        const raw = JSON.parse(await fsp.readFile(this.file(entry), 'utf8')) as Partial<CacheFile>;
        const fetchedAt = typeof raw.fetchedAt === 'string' ? Date.parse(raw.fetchedAt) : NaN;
        const models = parseModelsResponse(raw.models);
        // Only adopt a file that is really this provider's list, and never one newer than memory.
        if (raw.version === 1 && raw.provider === entry.provider && raw.url === entry.url && models !== null && Number.isFinite(fetchedAt)) {
          if (entry.fetchedAt === null || fetchedAt > entry.fetchedAt) {
            entry.fetchedAt = fetchedAt;
            entry.models = models;
          }
        }
      } catch {
        // no cache yet, or unreadable: fetch fresh
      } finally {
        entry.diskLoaded = true;
      }
    })();
    await entry.diskLoading;
  }

  private async saveToDisk(entry: Entry): Promise<void> {
    if (entry.models === null || entry.fetchedAt === null) return;
    const body: CacheFile = { version: 1, provider: entry.provider, url: entry.url, fetchedAt: new Date(entry.fetchedAt).toISOString(), models: entry.models };
    try {
      await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.file(entry), JSON.stringify(body), { newFileMode: 0o600 });
    } catch (err) {
      this.options.logger.warn(`could not cache the model list of ${entry.provider}`, (err as Error).message);
    }
  }

  private statusOf(entry: Entry, settled = false): CatalogStatus {
    const busy = !settled && (entry.inFlight !== null || entry.queued);
    const base = { fetchedAt: entry.fetchedAt === null ? null : new Date(entry.fetchedAt).toISOString(), refreshing: busy, url: entry.url };
    if (entry.models === null || entry.fetchedAt === null) {
      if (busy) return { ...base, state: 'loading', liveCount: 0 };
      if (entry.lastError) return { ...base, state: 'failed', liveCount: 0, error: entry.lastError };
      return { ...base, state: 'loading', liveCount: 0 };
    }
    const fresh = this.now() - entry.fetchedAt < this.ttlMs;
    return {
      ...base,
      state: fresh ? 'fresh' : 'stale',
      liveCount: entry.models.length,
      ...(entry.lastError && { error: entry.lastError }),
    };
  }

  /**
   * The cached list and status for a source, after a (fast, local) look at the disk cache. Starts a
   * background fetch when the list is missing or stale (unless it failed recently). Never waits for
   * the network.
   */
  async read(source: LiveSource, options: { revalidate?: boolean } = {}): Promise<{ models: LiveModel[] | null; status: CatalogStatus }> {
    const entry = this.entryFor(source);
    await this.loadFromDisk(entry);
    if (options.revalidate !== false && this.needsFetch(entry)) void this.schedule(entry, source);
    return { models: entry.models, status: this.statusOf(entry) };
  }

  /** Status without touching disk or network (for entries already read). */
  peek(source: Pick<LiveSource, 'provider' | 'url'>): { models: LiveModel[] | null; status: CatalogStatus } | null {
    const entry = this.entries.get(catalogCacheKey(source.provider, source.url));
    return entry ? { models: entry.models, status: this.statusOf(entry) } : null;
  }

  private needsFetch(entry: Entry): boolean {
    if (entry.inFlight || entry.queued) return false;
    const now = this.now();
    if (entry.lastAttemptAt !== null && entry.lastError !== null && now - entry.lastAttemptAt < this.backoffMs) return false;
    return entry.fetchedAt === null || now - entry.fetchedAt >= this.ttlMs;
  }

  /** Fetch now (explicit refresh): ignores freshness and back-off; joins a fetch already running. */
  refresh(source: LiveSource): Promise<void> {
    const entry = this.entryFor(source);
    return this.schedule(entry, source);
  }

  private schedule(entry: Entry, source: LiveSource): Promise<void> {
    if (entry.inFlight) return entry.inFlight;
    const done = new Promise<void>((resolve) => {
      entry.queued = true;
      this.queue.push({ entry, source, resolve });
    });
    entry.inFlight = done.finally(() => {
      entry.inFlight = null;
    });
    this.pump();
    return entry.inFlight;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      job.entry.queued = false;
      void this.run(job.entry, job.source).finally(() => {
        this.running--;
        job.resolve();
        this.pump();
      });
    }
  }

  private async run(entry: Entry, source: LiveSource): Promise<void> {
    await this.loadFromDisk(entry);
    entry.lastAttemptAt = this.now();
    const result = await fetchModelList({ url: source.url, headers: source.headers, timeoutMs: this.timeoutMs, signal: this.abort.signal });
    if (this.abort.signal.aborted) return;
    if (result.ok) {
      entry.models = result.models;
      entry.fetchedAt = this.now();
      entry.lastError = null;
      await this.saveToDisk(entry);
    } else {
      entry.lastError = result.error;
      this.options.logger.info(`model list of ${entry.provider} not refreshed: ${result.error.message}`);
    }
    // inFlight is still set here; report the settled state.
    this.options.onUpdate?.(entry.provider, this.statusOf(entry, true));
  }

  /** Stop all fetches (no events afterwards). */
  close(): void {
    this.abort.abort();
    this.queue.splice(0);
  }
}
