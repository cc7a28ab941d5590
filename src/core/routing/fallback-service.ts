/**
 * The fallback editor's backend: reading the main chain and the auxiliary chains with what Hermes
 * would use for each entry, validating drafts, writing chains through the config transaction
 * (reason `fallback`), and the chain test — every entry probed with the key the scoping rules allow
 * for it, results streamed as `probe.result` events, and the entry that would serve now.
 *
 * Credentials (for "no credentials" and for the probes) come from the key snapshot: `.env`, the
 * process environment, the OS keychain and auth.json, like the Keys and Health pages.
 */
import { randomUUID } from 'node:crypto';
import type { ChainTest, ChainTestEntry, ChainView, FallbackEntry, FallbackEntryIn, FallbackState, FallbackWrite } from '../../shared/contract/routing';
import type { ProbeResult } from '../../shared/domain/probes';
import { CHAIN_SKIP_CODES as SKIP_CODES, chainVerdicts } from '../../shared/routing/chain-verdict';
import { AppError } from '../app-error';
import type { ConfigPath } from '../config/plain-value';
import { deepEqual, isPlainObject } from '../config/plain-value';
import { resolveExtraSlots, type EffectiveInput, type ExtraSlotSpec, type ResolvedConfig, type ResolvedSlot } from '../effective/resolve';
import type { CoreServices } from '../handlers/types';
import { keysContext, loadKeySnapshot, type KeySnapshot } from '../keys/keys-service';
import { readPluginAuxTasks } from '../models/plugin-aux-tasks';
import { effectiveInputFromSnapshot, probeHistory } from '../probes/probe-service';
import { runProbes } from '../probes/runner';
import { slotPlans, type ProbePlan } from '../probes/targets';
import { resolveEffectiveConfig } from '../effective/resolve';
import type { ExtraProviderIds } from '../providers/aliases';
import { auxTaskUniverse, type AuxTaskEntry } from '../providers/aux-tasks';
import { MINIMUM_CONTEXT_LENGTH } from '../providers/context-length';
import { readCustomEndpoints } from '../providers/custom-endpoints';
import { getBuiltinProvider } from '../providers/registry';
import type { HomeSession } from '../session';
import {
  applyEntryEdit,
  auxFallbackChain,
  effectiveFallbackChain,
  entryKeyEnv,
  tasksWithAuxChains,
  validateChain,
  withAuxChain,
  withChain,
  type ChainContext,
  type ChainEntry,
  type ChainProblem,
  type EntryRewrite,
  type EntryWriteContext,
  type FallbackOrigin,
} from './fallback-chain';

/** Keys of an entry the editor shows or edits; the rest are listed as "other keys" and kept. */
const KNOWN_KEYS = new Set(['provider', 'model', 'base_url', 'api_base', 'url', 'key_env', 'api_key_env', 'keyEnv', 'apiKeyEnv', 'api_mode', 'api_key', 'api']);


/** How many entries of a chain are probed at once (started in chain order). */
const CHAIN_TEST_CONCURRENCY = 4;

interface Env {
  session: HomeSession;
  configJs: Record<string, unknown>;
  hash: string;
  readOnly: boolean;
  snapshot: KeySnapshot;
  input: EffectiveInput;
  resolved: ResolvedConfig;
  universe: AuxTaskEntry[];
  write: { main: EntryWriteContext; auxiliary: EntryWriteContext };
  customIds: Set<string>;
  extra: ExtraProviderIds[];
  hasCredentials: (id: string) => boolean;
}

interface DraftEntry {
  entry: Record<string, unknown>;
  source: { origin: FallbackOrigin; index: number } | null;
  /** New, or different from the entry on disk it came from. */
  edited: boolean;
}

interface Draft {
  next: Record<string, unknown>;
  entries: DraftEntry[];
  rewrites: EntryRewrite[];
  migratesLegacy: boolean;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

const running = new Map<string, AbortController>();

export class FallbackService {
  constructor(private readonly core: CoreServices) {}

  private async load(session: HomeSession = this.core.requireSession()): Promise<Env> {
    const [snap, keys, pluginTasks] = await Promise.all([session.config.read(), loadKeySnapshot(keysContext(this.core, session)), readPluginAuxTasks(session.dir).catch(() => [])]);
    const readOnly = !snap.parse.ok;
    const configJs = snap.parse.ok && isPlainObject(snap.parse.parsed.value) ? snap.parse.parsed.value : {};
    const base = this.envFor({ session, hash: snap.hash, readOnly, snapshot: keys, pluginTasks }, configJs);
    return base;
  }

  /** The environment for a config value (the file's, or a draft's), reusing the keys already read. */
  private envFor(from: { session: HomeSession; hash: string; readOnly: boolean; snapshot: KeySnapshot; pluginTasks?: readonly { key: string }[]; universe?: AuxTaskEntry[] }, configJs: Record<string, unknown>): Env {
    const snapshot: KeySnapshot = { ...from.snapshot, configJs };
    const input = effectiveInputFromSnapshot(snapshot, probeHistory(from.session));
    const resolved = resolveEffectiveConfig(input);
    const extra: ExtraProviderIds[] = snapshot.plugins.map((p) => ({ id: p.id, aliases: p.aliases ?? [] }));
    const endpoints = readCustomEndpoints(configJs, { extraProviders: extra }).endpoints;
    const endpointKeys = endpoints.map((e) => (e.origin === 'providers' ? e.key : e.slug));
    const statuses = input.authStatuses;
    return {
      session: from.session,
      configJs,
      hash: from.hash,
      readOnly: from.readOnly,
      snapshot,
      input,
      resolved,
      universe: from.universe ?? auxTaskUniverse(configJs.auxiliary, from.pluginTasks ?? []),
      write: { main: { scope: 'main', endpointKeys, extra }, auxiliary: { scope: 'auxiliary', endpointKeys, extra } },
      customIds: new Set(endpointKeys),
      extra,
      hasCredentials: (id) => {
        if (statuses[id]?.authenticated === true) return true;
        const b = getBuiltinProvider(id);
        return b !== undefined && (b.keyOptional === true || b.authType === 'virtual');
      },
    };
  }

  private checkTask(env: Env, task: string | null | undefined): string | null {
    if (task === null || task === undefined) return null;
    if (!env.universe.some((t) => t.key === task)) throw new AppError('UNKNOWN_TASK', `unknown auxiliary task: ${task}`, { task });
    return task;
  }

  private primaryOf(env: Env, task: string | null): ChainView['primary'] & { raw: { provider: string; model: string; baseUrl: string } } {
    const slot = env.resolved.slots.find((s) => s.id === (task === null ? 'main' : `aux:${task}`));
    const provider = slot?.provider ?? 'auto';
    const model = slot?.model ?? '';
    const configured = task === null ? (isPlainObject(env.configJs.model) ? str(env.configJs.model.base_url) : '') : str(auxBlock(env.configJs, task).base_url);
    return {
      provider,
      provider_label: slot?.providerLabel ?? provider,
      model,
      base_url: slot?.baseUrl ?? '',
      raw: { provider, model, baseUrl: configured },
    };
  }

  private chainContext(env: Env, task: string | null): ChainContext {
    const p = this.primaryOf(env, task).raw;
    return { primary: p, hasCredentials: env.hasCredentials, customProviderIds: env.customIds, scope: task === null ? 'main' : 'auxiliary', extra: env.extra };
  }

  private resolveEntries(env: Env, task: string | null, entries: readonly Record<string, unknown>[]): { main: ResolvedSlot; slots: ResolvedSlot[] } {
    const label = task === null ? 'Fallback' : `${this.taskLabel(env, task)} fallback`;
    const specs: ExtraSlotSpec[] = entries.map((block, i) => ({
      id: `chain:${i}`,
      label: `${label} ${i + 1}`,
      block,
      path: task === null ? `fallback_providers[${i}]` : `auxiliary.${task}.fallback_chain[${i}]`,
      ...((task === null || task === 'compression') && { minContext: MINIMUM_CONTEXT_LENGTH }),
    }));
    return resolveExtraSlots(env.input, specs, task === null ? 'fallback' : 'aux');
  }

  private taskLabel(env: Env, task: string): string {
    return env.universe.find((t) => t.key === task)?.label ?? task;
  }

  private view(env: Env, task: string | null, entries: readonly { entry: Record<string, unknown>; source: DraftEntry['source'] }[]): ChainView {
    const { slots } = this.resolveEntries(
      env,
      task,
      entries.map((e) => e.entry),
    );
    const primary = this.primaryOf(env, task);
    return {
      task,
      label: task === null ? 'Main model' : this.taskLabel(env, task),
      primary: { provider: primary.provider, provider_label: primary.provider_label, model: primary.model, base_url: primary.base_url },
      entries: entries.map((e, i) => entryView(e.entry, e.source, i, slots[i]!, task)),
      problems: validateChain(
        entries.map((e) => e.entry),
        this.chainContext(env, task),
      ),
    };
  }

  async get(): Promise<FallbackState> {
    const env = await this.load();
    const chain = effectiveFallbackChain(env.configJs);
    const legacyRaw = env.configJs.fallback_model;
    const legacyCount = Array.isArray(legacyRaw) ? legacyRaw.filter(isPlainObject).length : isPlainObject(legacyRaw) ? 1 : 0;
    const merged = chain.filter((c) => c.origin === 'fallback_model').length;
    const withChains = new Set(tasksWithAuxChains(env.configJs));
    return {
      hash: env.hash,
      read_only: env.readOnly,
      main: {
        ...this.view(env, null, chain.map(sourced)),
        legacy: { present: legacyRaw !== undefined && legacyRaw !== null, form: Array.isArray(legacyRaw) ? 'list' : isPlainObject(legacyRaw) ? 'mapping' : null, merged, duplicates: legacyCount - merged },
      },
      auxiliary: tasksWithAuxChains(env.configJs).map((task) => this.view(env, task, auxFallbackChain(env.configJs, task).map(sourced))),
      tasks: env.universe.map((t) => {
        const slot = env.resolved.slots.find((s) => s.id === `aux:${t.key}`);
        return { key: t.key, label: t.label, provider: slot?.inherited ? 'main' : (slot?.provider ?? 'auto'), model: slot?.model ?? '', has_chain: withChains.has(t.key) };
      }),
    };
  }

  /** The config after replacing a chain with `edits`, and each entry as it will be written. */
  private draft(env: Env, current: Record<string, unknown>, task: string | null, edits: readonly FallbackEntryIn[]): Draft {
    const originals: ChainEntry[] = task === null ? effectiveFallbackChain(current) : auxFallbackChain(current, task);
    const ctx = task === null ? env.write.main : env.write.auxiliary;
    const rewrites: EntryRewrite[] = [];
    const entries: DraftEntry[] = edits.map((raw, i) => {
      const e = { ...raw, provider: raw.provider ?? '', model: raw.model ?? '' };
      const source = e.source ?? null;
      const original = source === null ? null : (originals.find((o) => o.origin === source.origin && o.index === source.index)?.entry ?? null);
      if (source !== null && original === null) {
        throw new AppError('INVALID_INPUT', `Entry ${i + 1} refers to ${source.origin}[${source.index}], which is not in the chain (any more). Reload and try again.`);
      }
      const r = applyEntryEdit(original, { ...e, source: source ?? undefined }, i, ctx);
      rewrites.push(...r.rewrites);
      return { entry: r.entry, source, edited: original === null || !deepEqual(original, r.entry) };
    });
    const chain = entries.map((d) => d.entry);
    const migratesLegacy = task === null && current.fallback_model !== undefined;
    const next = task === null ? withChain(current, chain) : withAuxChain(current, task, chain);
    return { next, entries, rewrites, migratesLegacy };
  }

  private blocking(problems: readonly ChainProblem[], entries: readonly DraftEntry[]): ChainProblem[] {
    return problems.filter((p) => p.severity === 'error' && entries[p.index]?.edited === true);
  }

  async validate(input: { task?: string | null | undefined; chain: FallbackEntryIn[] }) {
    const env = await this.load();
    const task = this.checkTask(env, input.task);
    const d = this.draft(env, env.configJs, task, input.chain);
    const after = this.envFor(env, d.next);
    return { ...this.view(after, task, d.entries), rewritten: d.rewrites, migrates_legacy: d.migratesLegacy };
  }

  async set(input: { task?: string | null | undefined; chain: FallbackEntryIn[]; baseHash?: string | null | undefined }): Promise<FallbackWrite> {
    const session = this.core.requireSession();
    const env = await this.load(session);
    if (env.readOnly) throw new AppError('CONFIG_READ_ONLY', 'config.yaml does not parse; fix it first (the repair editor shows where).');
    const task = this.checkTask(env, input.task);
    const first = this.draft(env, env.configJs, task, input.chain);
    const problems = validateChain(
      first.entries.map((e) => e.entry),
      this.chainContext(this.envFor(env, first.next), task),
    );
    const blocking = this.blocking(problems, first.entries);
    if (blocking.length > 0) {
      throw new AppError('VALIDATION_FAILED', `The chain was not saved: entry ${blocking[0]!.index + 1}: ${blocking[0]!.message}`, { problems: blocking });
    }
    let last: Draft = first;
    const watchPaths: ConfigPath[] = task === null ? [['fallback_providers'], ['fallback_model']] : [['auxiliary', task, 'fallback_chain']];
    const write = await session.config.edit({
      baseHash: input.baseHash ?? null,
      reason: 'fallback',
      watchPaths,
      build: (current) => {
        last = this.draft(env, current, task, input.chain);
        return last.next;
      },
    });
    const after = this.envFor({ ...env, hash: write.hash }, last.next);
    const written = task === null ? effectiveFallbackChain(last.next) : auxFallbackChain(last.next, task);
    return {
      ok: true,
      task,
      chain: this.view(after, task, written.map(sourced)),
      rewritten: last.rewrites,
      migrated_legacy: last.migratesLegacy && write.changed,
      changed: write.changed,
      hash: write.hash,
      backupId: write.backupId,
      summary: write.summary,
    };
  }

  /**
   * Probes every entry of a chain (the saved one, or a draft), started in chain order at most
   * CHAIN_TEST_CONCURRENCY at a time; each result is reported through `onResult` as it lands.
   */
  async test(
    input: { task?: string | null | undefined; chain?: FallbackEntryIn[] | undefined; runId?: string | undefined; timeoutMs?: number | undefined; completion?: boolean | undefined },
    hooks: { onResult?: (runId: string, r: ProbeResult) => void; signal?: AbortSignal } = {},
  ): Promise<ChainTest> {
    const runId = input.runId ?? randomUUID();
    if (running.has(runId)) throw new AppError('INVALID_INPUT', `A test with id ${runId} is already running.`);
    const controller = new AbortController();
    running.set(runId, controller);
    const onAbort = (): void => controller.abort();
    hooks.signal?.addEventListener('abort', onAbort);
    const started = performance.now();
    try {
      const env0 = await this.load();
      const task = this.checkTask(env0, input.task);
      const config = input.chain === undefined ? env0.configJs : this.draft(env0, env0.configJs, task, input.chain).next;
      const env = this.envFor(env0, config);
      const entries = (task === null ? effectiveFallbackChain(config) : auxFallbackChain(config, task)).map((c) => c.entry);
      const problems = validateChain(entries, this.chainContext(env, task));
      const { main, slots } = this.resolveEntries(env, task, entries);
      const mainPlan = slotPlans(env.snapshot, [main])[0];
      const skips = entries.map((_, i) => problems.find((p) => p.index === i && SKIP_CODES.has(p.code))?.message ?? null);
      const plans: ProbePlan[] = [];
      slots.forEach((slot, i) => {
        if (skips[i] !== null) return;
        const own = slot.inherited ? mainPlan : slotPlans(env.snapshot, [slot])[0];
        if (own === undefined) return;
        plans.push({ ...own, target: { ...own.target, id: `chain:${i}`, label: slot.label, ...(slot.model !== '' && { model: slot.model }) } });
      });
      const results = new Map<string, ProbeResult>();
      await runProbes(plans, {
        concurrency: CHAIN_TEST_CONCURRENCY,
        signal: controller.signal,
        ...(input.timeoutMs !== undefined && { timeoutMs: input.timeoutMs }),
        ...(input.completion !== undefined && { completion: input.completion }),
        onResult: (r) => {
          results.set(r.targetId, r);
          hooks.onResult?.(runId, r);
        },
      });
      const { verdicts, serving } = chainVerdicts(entries.map((_, i) => ({ skip: skips[i] ?? null, result: results.get(`chain:${i}`) ?? null })));
      const out: ChainTestEntry[] = entries.map((e, i) => {
        const result = results.get(`chain:${i}`) ?? null;
        const verdict = verdicts[i]!;
        return {
          position: i,
          provider: str(e.provider),
          model: slots[i]?.model ?? str(e.model),
          label: slots[i]?.label ?? `Entry ${i + 1}`,
          target_id: `chain:${i}`,
          verdict,
          reason: skips[i] ?? (verdict === 'serves' ? `Hermes would switch to this entry if ${task === null ? 'the main model' : 'the task’s model'} failed now.` : (result?.hint ?? '')),
          result,
        };
      });
      return { runId, task, entries: out, serving, cancelled: controller.signal.aborted, totalMs: Math.round(performance.now() - started) };
    } finally {
      running.delete(runId);
      hooks.signal?.removeEventListener('abort', onAbort);
    }
  }

  static cancel(runId: string): boolean {
    const c = running.get(runId);
    if (!c) return false;
    c.abort();
    return true;
  }
}

function auxBlock(config: Record<string, unknown>, task: string): Record<string, unknown> {
  const aux = isPlainObject(config.auxiliary) ? config.auxiliary : {};
  return isPlainObject(aux[task]) ? aux[task] : {};
}

function sourced(c: ChainEntry): { entry: Record<string, unknown>; source: DraftEntry['source'] } {
  return { entry: c.entry, source: { origin: c.origin, index: c.index } };
}

function entryView(entry: Record<string, unknown>, source: DraftEntry['source'], position: number, slot: ResolvedSlot, task: string | null): FallbackEntry {
  const provider = str(entry.provider);
  const model = str(entry.model);
  return {
    position,
    source,
    provider,
    model,
    base_url: str(entry.base_url) || str(entry.api_base) || str(entry.url),
    key_env: entryKeyEnv(entry),
    api_mode: str(entry.api_mode),
    has_api_key: str(entry.api_key) !== '' || str(entry.api) !== '',
    other_keys: Object.keys(entry).filter((k) => !KNOWN_KEYS.has(k)),
    usable: provider !== '' && (model !== '' || task !== null),
    effective: {
      provider: slot.provider,
      provider_label: slot.providerLabel,
      base_url: slot.baseUrl,
      model: slot.model,
      api_mode: slot.apiMode,
      key:
        slot.key === null
          ? null
          : {
              ...(slot.keyRef?.kind === 'env' && { name: slot.keyRef.name }),
              kind: slot.key.kind,
              location: slot.key.location,
              usable: slot.key.usable,
              ...(slot.key.last4 !== undefined && { last4: slot.key.last4 }),
            },
      ...(slot.keyNote !== undefined && { key_note: slot.keyNote }),
    },
  };
}
