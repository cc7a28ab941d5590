/**
 * Runs the usage engine off the calling thread.
 *
 * The engine is synchronous (SQLite through an N-API binding) and a cold query on a large state.db blocks
 * for up to ~1.6 s, which must never stall the Electron main process or the browser host's HTTP server.
 * So the app gives each open Hermes home one worker thread (`usage-worker.ts`, built as
 * `out/main/usage-worker.js`) that owns the engine and its aggregate cache; requests and answers are
 * structured-cloned messages, `AppError`s cross as data and are rebuilt here. Requests queue in the
 * worker and run one at a time, which is what the engine (one SQLite connection) needs anyway.
 *
 * The worker is started on first use, keeps the process alive only while a request is pending, is
 * restarted after a crash or a timeout, and on `close()` writes the cache file and exits.
 *
 * `InProcessUsageBackend` runs the same request function synchronously — for unit tests only; the app
 * (Electron and the CLI host) always passes the worker's path.
 */
import { Worker } from 'node:worker_threads';
import type { HermesModelsAnalytics, UsageView, UsageWindow } from '../../shared/domain/usage';
import type { AppErrorData } from '../../shared/errors';
import { AppError } from '../app-error';
import { UsageEngine, type UsageEngineOptions } from './usage-engine';

export type UsageRequest =
  | { op: 'models'; window: UsageWindow; now?: number }
  | { op: 'hermes'; days: number; now?: number }
  | { op: 'close' };

export interface UsageModelsReply {
  view: UsageView;
  elapsedMs: number;
  statePath: string;
  persistent: boolean;
}

type ReplyOf<R extends UsageRequest> = R extends { op: 'models' }
  ? UsageModelsReply
  : R extends { op: 'hermes' }
    ? HermesModelsAnalytics
    : null;

/** Messages between the host and the worker. */
export type UsageWorkerMessage = { id: number; request: UsageRequest };
export type UsageWorkerReply =
  | { id: number; ok: true; data: unknown }
  | { id: number; ok: false; error: { app?: AppErrorData; message: string } };

/** What `workerData` carries: the engine options that survive structured cloning. */
export type UsageWorkerData = Pick<UsageEngineOptions, 'dataDir' | 'home' | 'statePath' | 'persist'>;

/** Executes one request against an engine (the worker and the in-process backend share it). */
export function runUsageRequest(engine: UsageEngine, request: UsageRequest): unknown {
  switch (request.op) {
    case 'models': {
      const { view, elapsedMs } = engine.models(request.window, request.now);
      const reply: UsageModelsReply = { view, elapsedMs, statePath: engine.statePath, persistent: engine.persistent };
      return reply;
    }
    case 'hermes':
      return engine.hermesModels(request.days, request.now);
    case 'close':
      engine.close();
      return null;
  }
}

/** Turns a thrown value into a reply error (AppErrors keep code, message and detail). */
export function replyError(err: unknown): { app?: AppErrorData; message: string } {
  if (err instanceof AppError) return { app: err.toData(), message: err.message };
  return { message: err instanceof Error ? err.message : String(err) };
}

export interface UsageBackend {
  readonly mode: 'worker' | 'in-process';
  request<R extends UsageRequest>(request: R): Promise<ReplyOf<R>>;
  /** Persists the cache and stops the worker. Later requests fail with CANCELLED. */
  close(): Promise<void>;
}

export interface UsageBackendOptions extends UsageEngineOptions {
  /** The built worker script (`out/main/usage-worker.js`). Without it the engine runs in-process (tests). */
  workerPath?: string;
  /** A request that takes longer than this restarts the worker (default 120 s). */
  timeoutMs?: number;
}

export function createUsageBackend(options: UsageBackendOptions): UsageBackend {
  return options.workerPath ? new WorkerUsageBackend(options.workerPath, options) : new InProcessUsageBackend(options);
}

const closedError = (): AppError =>
  new AppError('CANCELLED', 'The Hermes home changed while usage was loading; ask again.');

export class InProcessUsageBackend implements UsageBackend {
  readonly mode = 'in-process' as const;
  private readonly engine: UsageEngine;
  private closed = false;

  constructor(options: UsageEngineOptions) {
    this.engine = new UsageEngine(options);
  }

  async request<R extends UsageRequest>(request: R): Promise<ReplyOf<R>> {
    if (this.closed) throw closedError();
    return runUsageRequest(this.engine, request) as ReplyOf<R>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.engine.close();
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  timer: NodeJS.Timeout;
}

export class WorkerUsageBackend implements UsageBackend {
  readonly mode = 'worker' as const;
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private closed = false;
  private readonly data: UsageWorkerData;
  private readonly timeoutMs: number;

  constructor(
    private readonly workerPath: string,
    options: UsageBackendOptions,
  ) {
    this.data = { dataDir: options.dataDir, home: options.home, statePath: options.statePath, persist: options.persist };
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** The running worker, for tests (thread id, liveness). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath, { workerData: this.data, name: 'hermes-switchboard-usage' });
    worker.unref();
    worker.on('message', (reply: UsageWorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.settle(reply.id);
      if (reply.ok) p.resolve(reply.data);
      else if (reply.error.app) p.reject(new AppError(reply.error.app.code, reply.error.app.message, reply.error.app.detail));
      else p.reject(new Error(reply.error.message));
    });
    const fail = (why: string): void => {
      if (this.worker === worker) this.worker = null;
      for (const [id, p] of [...this.pending]) {
        this.settle(id);
        p.reject(new Error(`usage worker ${why}`));
      }
    };
    worker.on('error', (err) => fail(`failed: ${err.message}`));
    worker.on('exit', (code) => fail(`exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private settle(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
  }

  private send(request: UsageRequest): Promise<unknown> {
    const worker = this.start();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A stuck synchronous call cannot be interrupted: replace the worker.
        this.settle(id);
        reject(new Error(`usage query timed out after ${Math.round(this.timeoutMs / 1000)} s`));
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, request } satisfies UsageWorkerMessage);
    });
  }

  async request<R extends UsageRequest>(request: R): Promise<ReplyOf<R>> {
    if (this.closed) throw closedError();
    return (await this.send(request)) as ReplyOf<R>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    try {
      // Queued after any request in flight; the worker writes its cache file and closes state.db.
      await this.send({ op: 'close' });
    } catch {
      // a dead worker has nothing left to write
    } finally {
      await worker.terminate();
      this.worker = null;
    }
  }
}
