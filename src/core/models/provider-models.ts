/**
 * Per provider: which models to offer and where its live list comes from.
 *
 * The offered list is Hermes's: the curated (bundled) list first, live `/models` extras appended
 * (OpenCode Zen/Go: live first), plus ids the config names for that provider (custom endpoint
 * `models`, `providers.<id>.models`, the current main model). Metadata layers, later winning:
 * bundled models.dev snapshot → Hermes's family table (marked as an estimate) → live data → config.
 *
 * Live lists are fetched only for providers that are set up, with *that provider's* key: the key
 * names come from the key-scoping rules (a built-in gets only its own env vars; a named endpoint only
 * its own `key_env` or inline key), and the header style is the provider's.
 */
import type { PickerModel } from '../../shared/contract/models';
import type { CustomEndpoint, ModelInfo, ProviderInfo } from '../../shared/domain/providers';
import {
  allowedKeyEnvVarsForTarget,
  authHeaderStyleFor,
  buildAuthHeaders,
  canonicalProviderId,
  CURATED_MODELS,
  defaultContextLength,
  getBuiltinProvider,
  normalizeModelForProvider,
  probeModelsUrl,
  readActiveBareCustom,
  type ProviderPlugin,
  type ScopedProvider,
} from '../providers';
import { envReferenceName, field, isRecord, nonEmptyString, positiveInt } from '../providers/config-access';
import { modelMeta, type ModelsHomeContext } from './home-context';
import type { LiveModel } from './live-models';
import type { LiveSource } from './catalog-service';

export type LiveSourceResult = { kind: 'live'; source: LiveSource } | { kind: 'none'; reason: string };

/** Plugin profiles in the shape key scoping takes. */
export function scopedPlugins(plugins: readonly ProviderPlugin[]): ScopedProvider[] {
  return plugins.map((p) => ({ id: p.id, aliases: p.aliases, keyEnvVars: p.keyEnvVars, defaultBaseUrl: p.defaultBaseUrl }));
}

function endpointFor(ctx: ModelsHomeContext, slug: string): CustomEndpoint | undefined {
  return ctx.endpoints.find((e) => e.slug === slug);
}

/** The raw config block of a user endpoint (for keys the schema does not carry). */
function rawEndpointBlock(ctx: ModelsHomeContext, endpoint: CustomEndpoint): Record<string, unknown> | null {
  const block = endpoint.origin === 'providers' ? field(ctx.configJs.providers, endpoint.key) : Array.isArray(ctx.configJs.custom_providers) ? ctx.configJs.custom_providers[endpoint.index] : undefined;
  return isRecord(block) ? block : null;
}

/** An inline `api_key` (literal, or a `${VAR}` reference resolved through the credential lookup). */
async function inlineKey(ctx: ModelsHomeContext, value: unknown): Promise<string | null> {
  const text = nonEmptyString(value);
  if (text === undefined) return null;
  const ref = envReferenceName(text);
  if (ref === undefined) return text;
  return (await ctx.credentials.resolve([ref]))?.value ?? null;
}

function joinModels(base: string): string {
  return `${base.replace(/\/+$/, '')}/models`;
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\/[^\s{}$]+$/i.test(url);
}

/** Build the `/models` source for a provider row, or say why there is none. */
export async function liveSourceFor(ctx: ModelsHomeContext, row: ProviderInfo): Promise<LiveSourceResult> {
  if (!row.enabled) return { kind: 'none', reason: 'disabled in config.yaml' };
  const auth = ctx.auth[row.id];
  if (auth?.authenticated !== true) return { kind: 'none', reason: 'not set up; showing the bundled list' };
  if (row.id === 'moa') return { kind: 'none', reason: 'virtual provider: its models are your MoA presets' };
  if (row.id === 'copilot') return { kind: 'none', reason: 'Copilot lists models only after a token exchange; showing the bundled list' };

  // User endpoints (providers: map, custom_providers list).
  if (row.source === 'user-config' || row.source === 'custom-providers') {
    const endpoint = endpointFor(ctx, row.id);
    if (!endpoint) return { kind: 'none', reason: 'endpoint not found in config.yaml' };
    const block = rawEndpointBlock(ctx, endpoint);
    if (block?.discover_models === false) return { kind: 'none', reason: 'discover_models: false — only the models listed in config.yaml' };
    if (!isHttpUrl(endpoint.baseUrl)) return { kind: 'none', reason: 'the base URL uses placeholders or is not http(s)' };
    let key = await inlineKey(ctx, block?.api_key ?? block?.apiKey);
    if (key === null && endpoint.keyEnv !== undefined) key = (await ctx.credentials.resolve([endpoint.keyEnv]))?.value ?? null;
    return { kind: 'live', source: { provider: row.id, url: joinModels(endpoint.baseUrl), headers: key === null ? {} : buildAuthHeaders({ kind: 'bearer' }, key) } };
  }

  // The active bare `custom` endpoint (model.base_url).
  if (row.id === 'custom') {
    const bare = readActiveBareCustom(ctx.configJs);
    if (bare === null || !isHttpUrl(bare.baseUrl)) return { kind: 'none', reason: 'no custom endpoint URL in model.base_url' };
    let key = await inlineKey(ctx, field(ctx.configJs.model, 'api_key') ?? field(ctx.configJs.model, 'api'));
    if (key === null) {
      const names = allowedKeyEnvVarsForTarget({ providerId: 'custom', baseUrl: bare.baseUrl });
      key = (await ctx.credentials.resolve(names))?.value ?? null;
    }
    return { kind: 'live', source: { provider: 'custom', url: joinModels(bare.baseUrl), headers: key === null ? {} : buildAuthHeaders({ kind: 'bearer' }, key) } };
  }

  if (row.authType !== 'api_key') {
    return { kind: 'none', reason: 'signs in with an OAuth login; showing the bundled list' };
  }
  const names = allowedKeyEnvVarsForTarget({ providerId: row.id, extraProviders: scopedPlugins(ctx.plugins) });
  const cred = await ctx.credentials.resolve(names);
  const builtin = getBuiltinProvider(row.id);
  if (cred === null && builtin?.keyOptional !== true) {
    return { kind: 'none', reason: 'authenticated through auth.json; showing the bundled list' };
  }
  let url: string | null;
  if (builtin !== undefined && (row.source === 'builtin' || row.defaultBaseUrl === builtin.defaultBaseUrl)) {
    const env: Record<string, string | undefined> = {};
    if (builtin.baseUrlEnvVar !== undefined) env[builtin.baseUrlEnvVar] = ctx.credentials.setting(builtin.baseUrlEnvVar);
    url = probeModelsUrl(row.id, env, { kimiCodingPlanKey: cred?.value.startsWith('sk-kimi-') === true });
  } else {
    const override = row.baseUrlEnvVar !== undefined ? ctx.credentials.setting(row.baseUrlEnvVar) : undefined;
    const base = override ?? row.defaultBaseUrl;
    url = base !== null && isHttpUrl(base) ? joinModels(base) : null;
  }
  if (url === null) return { kind: 'none', reason: 'no fixed endpoint to list models from' };
  if (row.id === 'anthropic') url += '?limit=1000';
  if (row.id === 'gemini') url += '?pageSize=1000';
  const headers = cred === null ? {} : buildAuthHeaders(authHeaderStyleFor(row.id, cred.name), cred.value);
  return { kind: 'live', source: { provider: row.id, url, headers } };
}

/** Model ids to offer before any live list: curated, plugin and config ones, in that order. */
export function configuredModelIds(ctx: ModelsHomeContext, row: ProviderInfo): { curated: string[]; config: string[]; descriptions: Map<string, string> } {
  const curated: string[] = [];
  const config: string[] = [];
  const descriptions = new Map<string, string>();
  const plugin = ctx.plugins.find((p) => p.id === row.id);

  if (row.source === 'user-config' || row.source === 'custom-providers') {
    const endpoint = endpointFor(ctx, row.id);
    if (endpoint) {
      if (endpoint.model !== undefined) config.push(endpoint.model);
      config.push(...Object.keys(endpoint.models));
    }
  } else if (row.id === 'moa') {
    const presets = field(field(ctx.configJs, 'moa'), 'presets');
    if (isRecord(presets)) config.push(...Object.keys(presets));
  } else {
    for (const m of CURATED_MODELS[row.id] ?? []) {
      curated.push(m.id);
      if (m.description !== undefined) descriptions.set(m.id, m.description);
    }
    if (plugin) curated.push(...plugin.models, ...plugin.fallbackModels, ...(plugin.defaultAuxModel ? [plugin.defaultAuxModel] : []));
    // providers.<built-in>.models: extra model ids for a built-in.
    const override = field(ctx.configJs.providers, row.id);
    const models = field(override, 'models');
    if (isRecord(models)) config.push(...Object.keys(models));
    else if (Array.isArray(models)) config.push(...models.map((m) => (typeof m === 'string' ? m : nonEmptyString(field(m, 'id')) ?? '')).filter((m) => m !== ''));
  }
  if (row.id === 'custom') {
    const bare = readActiveBareCustom(ctx.configJs);
    if (bare?.model !== undefined) config.push(bare.model);
  }
  return { curated: [...new Set(curated)], config: [...new Set(config)], descriptions };
}

/** Context-window overrides from config: endpoint `models.<id>.context_length`, endpoint `context_length`, `providers.<id>.models.<m>.context_length`. */
function configContext(ctx: ModelsHomeContext, row: ProviderInfo, id: string): number | undefined {
  const endpoint = endpointFor(ctx, row.id);
  if (endpoint) return endpoint.models[id]?.contextLength ?? endpoint.contextLength;
  const models = field(field(ctx.configJs.providers, row.id), 'models');
  return positiveInt(field(field(models, id), 'context_length'));
}

/** `model_overrides.<provider>.<model|_default>` (newer Hermes): capability and window overrides. */
function modelOverrides(ctx: ModelsHomeContext, provider: string, id: string): Partial<PickerModel> {
  const byProvider = field(ctx.configJs.model_overrides, provider);
  const out: Partial<PickerModel> = {};
  for (const block of [field(byProvider, '_default'), field(byProvider, id)]) {
    if (!isRecord(block)) continue;
    const window = positiveInt(block.context_window ?? block.context_length);
    if (window !== undefined) {
      out.contextWindow = window;
      out.contextSource = 'config';
    }
    const caps = { ...(out.capabilities ?? {}) };
    if (typeof block.supports_tools === 'boolean') caps.tools = block.supports_tools;
    if (typeof block.supports_vision === 'boolean') caps.vision = block.supports_vision;
    if (typeof block.supports_reasoning === 'boolean') caps.reasoning = block.supports_reasoning;
    if (Object.keys(caps).length > 0) out.capabilities = caps;
    if (typeof block.model_family === 'string') out.family = block.model_family;
  }
  return out;
}

function fromMeta(id: string, found: { meta: ModelInfo; from: 'hermes' | 'bundled' } | null, source: PickerModel['source']): PickerModel {
  const meta = found?.meta ?? null;
  const model: PickerModel = { id, capabilities: { ...(meta?.capabilities ?? {}) }, source };
  if (meta?.label !== undefined) model.label = meta.label;
  if (meta?.family !== undefined) model.family = meta.family;
  if (meta?.contextWindow !== undefined) {
    model.contextWindow = meta.contextWindow;
    model.contextSource = 'catalog';
  }
  if (meta?.maxOutput !== undefined) model.maxOutput = meta.maxOutput;
  if (meta?.pricing !== undefined) {
    model.pricing = meta.pricing;
    model.pricingSource = found!.from === 'hermes' ? 'hermes-cache' : 'snapshot';
  }
  return model;
}

/** The picker's model list for one provider: curated + live + config, with merged metadata. */
export function mergeProviderModels(ctx: ModelsHomeContext, row: ProviderInfo, live: readonly LiveModel[] | null, extraIds: readonly string[] = []): PickerModel[] {
  const { curated, config, descriptions } = configuredModelIds(ctx, row);
  const liveById = new Map((live ?? []).map((m) => [m.id, m]));
  const liveFirst = row.id === 'opencode-zen' || row.id === 'opencode-go';
  const liveIds = (live ?? []).map((m) => m.id);
  const order = liveFirst ? [...liveIds, ...curated, ...config, ...extraIds] : [...curated, ...config, ...liveIds, ...extraIds];
  const curatedSet = new Set(curated);
  const metaProvider = row.source === 'builtin' || row.source === 'plugin' ? row.id : (canonicalProviderId(row.id, { context: 'main' }) ?? row.id);

  const out: PickerModel[] = [];
  const seen = new Set<string>();
  for (const id of order) {
    if (seen.has(id) || id.trim() === '') continue;
    seen.add(id);
    const source: PickerModel['source'] = curatedSet.has(id) ? 'curated' : liveById.has(id) ? 'live' : 'config';
    const model = fromMeta(id, modelMeta(ctx, metaProvider, id), source);
    const description = descriptions.get(id);
    if (description !== undefined) model.description = description;
    const l = liveById.get(id);
    if (l) {
      if (l.name !== undefined && model.label === undefined) model.label = l.name;
      if (l.contextWindow !== undefined) {
        model.contextWindow = l.contextWindow;
        model.contextSource = 'live';
      }
      if (l.maxOutput !== undefined) model.maxOutput = l.maxOutput;
      if (l.pricing !== undefined) {
        model.pricing = l.pricing;
        model.pricingSource = 'live';
      }
      if (l.capabilities !== undefined) model.capabilities = { ...model.capabilities, ...l.capabilities };
    }
    const cfg = configContext(ctx, row, id);
    if (cfg !== undefined) {
      model.contextWindow = cfg;
      model.contextSource = 'config';
    }
    const over = modelOverrides(ctx, row.id, id);
    if (over.contextWindow !== undefined) {
      model.contextWindow = over.contextWindow;
      model.contextSource = 'config';
    }
    if (over.capabilities) model.capabilities = { ...model.capabilities, ...over.capabilities };
    if (over.family !== undefined) model.family = over.family;
    if (model.contextWindow === undefined) {
      model.contextWindow = defaultContextLength(id);
      model.contextSource = 'estimate';
    }
    const written = normalizeModelForProvider(id, metaProvider);
    if (written !== id) model.writeAs = written;
    out.push(model);
  }
  return out;
}
