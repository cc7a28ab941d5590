/**
 * The model-settings backend: catalog reads, assignments and the Hermes-compatible REST semantics,
 * on top of the session's config transaction. One instance per Core (it owns the catalog cache).
 *
 * Every write goes through `session.config.edit` with the backup reason `set-main`, `set-aux` or
 * `reset-aux` and `watchPaths` limited to what the edit depends on, so an outside change elsewhere in
 * config.yaml is merged and one to the same slot is a CONFIG_CONFLICT.
 */
import type { ModelAuxiliary, ModelOptions, SetAuxResult, SetMainResult } from '../../shared/contract/models';
import { AppError } from '../app-error';
import type { CredentialLayer } from '../credentials/credential-lookup';
import { storeForSession } from '../keys/keys-service';
import type { ConfigPath } from '../config/plain-value';
import type { CoreServices } from '../handlers/types';
import { DASHBOARD_AUX_TASK_KEYS } from '../providers';
import type { HomeSession } from '../session';
import {
  applyAuxAssignment,
  applyMainAssignment,
  expensiveModelMessage,
  modelForWrite,
  resetAuxTasks,
  resolveProviderForWrite,
  type MainAssignResult,
} from './assign';
import { auxUniverse, buildAuxiliary } from './aux';
import { CatalogService } from './catalog-service';
import { loadModelsHomeContext, modelMeta, type ModelsHomeContext } from './home-context';
import { buildModelOptions, excludedProviders, liveSources } from './options';
import { liveSourceFor, mergeProviderModels } from './provider-models';

export type ConfirmRequired = { ok: false; confirm_required: true; confirm_message: string };

export interface SetMainInput {
  provider: string;
  model: string;
  baseUrl?: string;
  apiKey?: string;
  baseHash: string | null;
  confirmExpensive?: boolean;
}

export interface SetAuxInput {
  /** One task, `''` = all, `'__reset__'` = reset to auto. */
  task: string;
  /** An explicit set of tasks instead of "all". */
  tasks?: readonly string[];
  /** What "all" means: Hermes's 11 dashboard slots, or every task Switchboard lists. */
  all: 'dashboard' | 'universe';
  provider: string;
  model: string;
  baseUrl?: string;
  apiKey?: string;
  baseHash: string | null;
  confirmExpensive?: boolean;
}

export const RESET_TASK = '__reset__';

const DEMO_REASON = 'demo home: its keys are fake, so no live lists are fetched';

/**
 * The OS keychain as a credential layer, after `.env` and the environment (which Hermes reads
 * first): a key kept only in the keychain still authenticates a provider (Hermes gets it through
 * `hermes-switchboard exec`) and lets the catalog fetch its live model list. No layer when the
 * keychain is unavailable or locked; the Keys page explains that state.
 */
async function keychainLayer(core: CoreServices, session: HomeSession): Promise<CredentialLayer | null> {
  const store = storeForSession(core, session);
  try {
    if ((await store.state()).status === 'unavailable') return null;
    const names = await store.list();
    return {
      kind: 'keychain',
      has: (name) => names.has(name),
      get: async (name) => (await store.read([name])).get(name),
    };
  } catch {
    return null;
  }
}

export class ModelsService {
  private catalogService: CatalogService | null = null;

  constructor(private readonly core: CoreServices) {}

  get catalog(): CatalogService {
    if (!this.catalogService) {
      const env = this.core.options.env;
      const timeout = Number(env.HERMES_SWITCHBOARD_CATALOG_TIMEOUT_MS);
      this.catalogService = new CatalogService({
        dataDir: this.core.options.dataDir,
        logger: this.core.logger,
        ...(Number.isFinite(timeout) && timeout > 0 && { timeoutMs: timeout }),
        onUpdate: (provider, status) =>
          this.core.emit('catalog.updated', {
            provider,
            state: status.state,
            liveCount: status.liveCount,
            ...(status.error && { error: status.error.message }),
          }),
      });
    }
    return this.catalogService;
  }

  async context(session: HomeSession = this.core.requireSession()): Promise<ModelsHomeContext> {
    const keychain = await keychainLayer(this.core, session);
    return loadModelsHomeContext(session, { processEnv: this.core.options.env, extraCredentialLayers: keychain ? [keychain] : [] });
  }

  private extra(ctx: ModelsHomeContext) {
    return ctx.plugins.map((p) => ({ id: p.id, aliases: p.aliases }));
  }

  async options(input: { refresh?: boolean; includeUnconfigured?: boolean }): Promise<ModelOptions> {
    const session = this.core.requireSession();
    const ctx = await this.context(session);
    return buildModelOptions(ctx, this.catalog, {
      includeUnconfigured: input.includeUnconfigured === true,
      refresh: input.refresh === true && !session.isDemo,
      ...(session.isDemo && { offlineReason: DEMO_REASON }),
    });
  }

  async auxiliary(): Promise<ModelAuxiliary> {
    return buildAuxiliary(await this.context());
  }

  /** Start refreshing live lists (one provider, or all); returns the providers being fetched. */
  async refreshCatalog(provider?: string): Promise<string[]> {
    const session = this.core.requireSession();
    if (session.isDemo) return [];
    const ctx = await this.context(session);
    if (provider !== undefined && !ctx.providers.some((p) => p.id === provider)) throw new AppError('UNKNOWN_PROVIDER', `Unknown provider "${provider}".`);
    const excluded = excludedProviders(ctx.configJs);
    const rows = ctx.providers.filter((p) => (provider === undefined ? !excluded.has(p.id.toLowerCase()) : p.id === provider));
    const started: string[] = [];
    for (const [id, source] of await liveSources(ctx, rows)) {
      if (source.kind !== 'live') continue;
      void this.catalog.refresh(source.source);
      started.push(id);
    }
    return started;
  }

  /** Price of a model (live list when cached, else the bundled snapshot) for the expensive guard. */
  private async pricingFor(ctx: ModelsHomeContext, provider: string, model: string) {
    const row = ctx.providers.find((p) => p.id === provider);
    if (row) {
      const source = await liveSourceFor(ctx, row);
      const cached = source.kind === 'live' ? this.catalog.peek(source.source)?.models ?? null : null;
      const hit = mergeProviderModels(ctx, row, cached, [model]).find((m) => m.id === model);
      if (hit?.pricing) return hit.pricing;
    }
    return modelMeta(ctx, provider, model)?.meta.pricing ?? null;
  }

  private universeKeys(ctx: ModelsHomeContext): string[] {
    return auxUniverse(ctx).map((t) => t.key);
  }

  private checkProfile(profile: string | undefined, session: HomeSession): void {
    if (profile !== undefined && profile.trim() !== '' && profile.trim() !== session.location.profile) {
      throw new AppError('INVALID_INPUT', `This Switchboard is editing profile "${session.location.profile}", not "${profile.trim()}". Switch profiles in the app (or home.selectProfile) first.`);
    }
  }

  private checkInlineKey(apiKey: string | undefined, baseUrl: string | undefined, provider: string): void {
    if (apiKey === undefined || apiKey.trim() === '') return;
    const endpointLike = provider === 'custom' || provider.startsWith('custom:') || (baseUrl !== undefined && baseUrl.trim() !== '');
    if (!endpointLike) throw new AppError('INVALID_INPUT', 'api_key is only written for custom endpoints (with a base_url); put provider keys in .env.');
  }

  async setMain(input: SetMainInput & { profile?: string }): Promise<SetMainResult | ConfirmRequired> {
    const session = this.core.requireSession();
    this.checkProfile(input.profile, session);
    const ctx = await this.context(session);
    const extra = this.extra(ctx);
    if (input.provider.trim() === '' || input.model.trim() === '') throw new AppError('INVALID_INPUT', 'provider and model required for main');
    const provider = resolveProviderForWrite(input.provider, 'main', ctx.configJs, input.model, { extra }).id;
    this.checkInlineKey(input.apiKey, input.baseUrl, provider);
    if (input.confirmExpensive !== true) {
      const model = modelForWrite(input.model, provider);
      const message = expensiveModelMessage(model, await this.pricingFor(ctx, provider, model));
      if (message !== null) return { ok: false, confirm_required: true, confirm_message: message };
    }
    const order = this.universeKeys(ctx);
    let result: MainAssignResult | null = null;
    let warnings: string[] = [];
    const watchPaths: ConfigPath[] = [['model'], ['providers', provider]];
    if (provider === 'custom' && input.baseUrl) watchPaths.push(['custom_providers']);
    const write = await session.config.edit({
      baseHash: input.baseHash,
      reason: 'set-main',
      watchPaths,
      build: (current) => {
        const p = resolveProviderForWrite(input.provider, 'main', current, input.model, { extra });
        warnings = p.warning ? [p.warning] : [];
        result = applyMainAssignment(current, { provider: p.id, model: input.model, baseUrl: input.baseUrl, apiKey: input.apiKey }, order, { extra });
        return result.next;
      },
    });
    const r = result as MainAssignResult | null;
    if (r === null) throw new AppError('INTERNAL', 'the main-model edit did not run');
    return {
      ok: true,
      scope: 'main',
      provider: r.provider,
      model: r.model,
      base_url: r.baseUrl,
      gateway_tools: [],
      stale_aux: r.staleAux,
      warnings,
      changed: write.changed,
      hash: write.hash,
      backupId: write.backupId,
      summary: write.summary,
    };
  }

  async setAux(input: SetAuxInput & { profile?: string }): Promise<SetAuxResult | ConfirmRequired> {
    const session = this.core.requireSession();
    this.checkProfile(input.profile, session);
    const ctx = await this.context(session);
    const extra = this.extra(ctx);
    const known = new Set(this.universeKeys(ctx));
    // Like Hermes: task names are trimmed and lower-cased (a task key spelled otherwise in
    // config.yaml is still found by its spelling there).
    const byLower = new Map([...known].map((k) => [k.toLowerCase(), k] as const));
    const taskName = (t: string) => byLower.get(t.trim().toLowerCase()) ?? t.trim().toLowerCase();
    const task = taskName(input.task);
    const reset = task === RESET_TASK;
    const all = input.all === 'dashboard' ? [...DASHBOARD_AUX_TASK_KEYS] : [...known];
    const targets = input.tasks && input.tasks.length > 0 ? [...new Set(input.tasks.map(taskName))] : reset || task === '' ? all : [task];
    for (const task of targets) {
      if (!known.has(task)) throw new AppError('UNKNOWN_TASK', `unknown auxiliary task: ${task}`, { task });
    }
    const watchPaths: ConfigPath[] = targets.length === 1 ? [['auxiliary', targets[0]!]] : [['auxiliary']];

    if (reset) {
      let done: string[] = [];
      const write = await session.config.edit({
        baseHash: input.baseHash,
        reason: 'reset-aux',
        watchPaths,
        build: (current) => {
          const r = resetAuxTasks(current, targets);
          done = r.reset;
          return r.next;
        },
      });
      return { ok: true, scope: 'auxiliary', reset: true, tasks: done, provider: 'auto', model: '', warnings: [], changed: write.changed, hash: write.hash, backupId: write.backupId, summary: write.summary };
    }

    if (input.provider.trim() === '') throw new AppError('INVALID_INPUT', 'provider required for auxiliary');
    const provider = resolveProviderForWrite(input.provider, 'auxiliary', ctx.configJs, input.model, { extra }).id;
    this.checkInlineKey(input.apiKey, input.baseUrl, provider);
    const model = modelForWrite(input.model, provider);
    if (input.confirmExpensive !== true && model !== '') {
      const message = expensiveModelMessage(model, await this.pricingFor(ctx, provider, model));
      if (message !== null) return { ok: false, confirm_required: true, confirm_message: message };
    }
    let written = model;
    let warnings: string[] = [];
    const write = await session.config.edit({
      baseHash: input.baseHash,
      reason: 'set-aux',
      watchPaths,
      build: (current) => {
        const p = resolveProviderForWrite(input.provider, 'auxiliary', current, input.model, { extra });
        warnings = p.warning ? [p.warning] : [];
        const r = applyAuxAssignment(current, { tasks: targets, provider: p.id, model: input.model, baseUrl: input.baseUrl, apiKey: input.apiKey }, { extra });
        written = r.model;
        return r.next;
      },
    });
    return { ok: true, scope: 'auxiliary', tasks: targets, provider, model: written, warnings, changed: write.changed, hash: write.hash, backupId: write.backupId, summary: write.summary };
  }

  close(): void {
    this.catalogService?.close();
  }
}
