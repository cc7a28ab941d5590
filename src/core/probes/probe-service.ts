/**
 * Glue between a home's keys, its effective configuration and the probe runner: which targets exist,
 * running (a subset of) them with results streamed as they land, cancelling a run, and the in-memory
 * history of the last result per target (the inspector shows it).
 */
import { randomUUID } from 'node:crypto';
import type { EffectiveConfig } from '../../shared/domain/effective';
import type { LiveModel, ProbeResult, ProbeTarget } from '../../shared/domain/probes';
import { AppError } from '../app-error';
import { resolveEffectiveConfig, type EffectiveInput, type ResolvedConfig } from '../effective/resolve';
import { authStatusesOf, loadKeySnapshot, type KeysContext, type KeySnapshot } from '../keys/keys-service';
import type { HomeSession } from '../session';
import { runProbes } from './runner';
import { endpointPlans, providerPlans, slotPlans, type ProbePlan } from './targets';

const histories = new WeakMap<HomeSession, Map<string, ProbeResult>>();
const liveLists = new WeakMap<HomeSession, Map<string, LiveModel[]>>();

/** The last result per target id for a session (in memory; gone when the app stops). */
export function probeHistory(session: HomeSession): Map<string, ProbeResult> {
  let h = histories.get(session);
  if (!h) histories.set(session, (h = new Map()));
  return h;
}

/** The last live model list per target id. */
export function liveModelLists(session: HomeSession): Map<string, LiveModel[]> {
  let m = liveLists.get(session);
  if (!m) liveLists.set(session, (m = new Map()));
  return m;
}

/** Resolves the effective config from a snapshot (and the probe history). */
export function effectiveFromSnapshot(snapshot: KeySnapshot, history: ReadonlyMap<string, ProbeResult>): ResolvedConfig {
  return resolveEffectiveConfig(effectiveInputFromSnapshot(snapshot, history));
}

/** The resolver's input for a snapshot (also used to resolve entries that are not slots yet). */
export function effectiveInputFromSnapshot(snapshot: KeySnapshot, history: ReadonlyMap<string, ProbeResult>): EffectiveInput {
  const authStatuses = authStatusesOf(snapshot);
  return {
    configJs: snapshot.configJs,
    values: snapshot.values,
    authStatuses,
    activeProvider: snapshot.auth?.activeProvider ?? null,
    plugins: snapshot.plugins.map((p) => ({
      id: p.id,
      label: p.label,
      aliases: p.aliases ?? [],
      keyEnvVars: p.keyEnvVars,
      defaultBaseUrl: p.defaultBaseUrl ?? null,
      ...(p.baseUrlEnvVar !== undefined && { baseUrlEnvVar: p.baseUrlEnvVar }),
      ...(p.apiMode !== undefined && { apiMode: p.apiMode }),
      ...(p.defaultAuxModel !== undefined && { defaultAuxModel: p.defaultAuxModel }),
    })),
    probes: history,
    conflictNames: snapshot.catalog.groups.flatMap((g) => g.names),
  };
}

export async function inspectEffective(ctx: KeysContext): Promise<EffectiveConfig> {
  const snapshot = await loadKeySnapshot(ctx);
  return effectiveFromSnapshot(snapshot, probeHistory(ctx.session)).config;
}

/** Every plan: providers that are set up or used by a slot, endpoints, configured slots. */
export function allPlans(snapshot: KeySnapshot, resolved: ResolvedConfig, options: { allProviders?: boolean } = {}): ProbePlan[] {
  const used = new Set<string>();
  for (const s of resolved.slots) if (s.provider !== null) used.add(s.provider);
  return [...slotPlans(snapshot, resolved.slots), ...providerPlans(snapshot, used, { all: options.allProviders ?? false }), ...endpointPlans(snapshot)];
}

export async function listTargets(ctx: KeysContext): Promise<ProbeTarget[]> {
  const snapshot = await loadKeySnapshot(ctx);
  const resolved = effectiveFromSnapshot(snapshot, probeHistory(ctx.session));
  return allPlans(snapshot, resolved).map((p) => p.target);
}

const running = new Map<string, AbortController>();

export interface RunRequest {
  runId?: string | undefined;
  /** Target ids (`provider:openrouter`, `slot:main`, …); all when absent. */
  targets?: string[] | undefined;
  completion?: boolean | undefined;
  timeoutMs?: number | undefined;
  concurrency?: number | undefined;
}

export interface RunOutcome {
  runId: string;
  results: ProbeResult[];
  cancelled: boolean;
  totalMs: number;
}

/** Runs probes, streaming each result through `onResult`; cancellable by `cancelRun(runId)` or `signal`. */
export async function runProbeRequest(ctx: KeysContext, req: RunRequest, hooks: { onResult?: (runId: string, r: ProbeResult) => void; signal?: AbortSignal } = {}): Promise<RunOutcome> {
  const runId = req.runId ?? randomUUID();
  if (running.has(runId)) throw new AppError('INVALID_INPUT', `A probe run with id ${runId} is already running.`);
  const started = performance.now();
  const controller = new AbortController();
  running.set(runId, controller);
  const onExternalAbort = (): void => controller.abort();
  hooks.signal?.addEventListener('abort', onExternalAbort);
  try {
    const snapshot = await loadKeySnapshot(ctx);
    const history = probeHistory(ctx.session);
    const resolved = effectiveFromSnapshot(snapshot, history);
    let plans = allPlans(snapshot, resolved, { allProviders: req.targets !== undefined });
    if (req.targets !== undefined) {
      const wanted = new Set(req.targets);
      const unknown = req.targets.filter((id) => !plans.some((p) => p.target.id === id));
      if (unknown.length > 0) throw new AppError('NOT_FOUND', `Unknown probe target${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')}.`);
      plans = plans.filter((p) => wanted.has(p.target.id));
    }
    const lists = liveModelLists(ctx.session);
    const results = await runProbes(plans, {
      signal: controller.signal,
      ...(req.timeoutMs !== undefined && { timeoutMs: req.timeoutMs }),
      ...(req.concurrency !== undefined && { concurrency: req.concurrency }),
      ...(req.completion !== undefined && { completion: req.completion }),
      onModels: (id, models) => lists.set(id, models),
      onResult: (r) => {
        if (r.class !== 'cancelled') history.set(r.targetId, r);
        hooks.onResult?.(runId, r);
      },
    });
    return { runId, results, cancelled: controller.signal.aborted, totalMs: Math.round(performance.now() - started) };
  } finally {
    running.delete(runId);
    hooks.signal?.removeEventListener('abort', onExternalAbort);
  }
}

/** Cancels a running probe run; false when no such run is running. */
export function cancelRun(runId: string): boolean {
  const c = running.get(runId);
  if (!c) return false;
  c.abort();
  return true;
}
