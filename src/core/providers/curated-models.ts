/**
 * Curated model lists and bundled model metadata.
 *
 * Pickers must show something useful before (or without) any network call, exactly as Hermes falls
 * back to its curated lists when a live `/models` fetch fails. The lists mirror
 * `hermes_cli/models.py::OPENROUTER_MODELS` / `_PROVIDER_MODELS` and `hermes_cli/codex_models.py`;
 * metadata comes from a bundled models.dev-format snapshot (`data/models-snapshot.json`).
 *
 * The snapshot is a fallback, not a price list of record: context windows follow Hermes's family
 * table, and prices/output limits are best-effort values to be refreshed from models.dev (or replaced
 * by Hermes's `models_dev_cache.json`, which `getModelMeta` accepts through `options.snapshot`).
 */
import type { ModelInfo } from '../../shared/domain/providers';
import { canonicalProviderId } from './aliases';
import snapshotJson from './data/models-snapshot.json';
import { findModel, PROVIDER_TO_MODELS_DEV, parseModelsDevSnapshot, toModelInfo, type ModelsDevSnapshot } from './models-dev';
import { detectVendor, normalizeModelForProvider } from './normalize-model';

export { DEFAULT_CONTEXT_LENGTH, defaultContextLength, FAMILY_CONTEXT_LENGTHS, MINIMUM_CONTEXT_LENGTH } from './context-length';
export { PROVIDER_TO_MODELS_DEV } from './models-dev';

/** A curated picker entry: the id as the provider spells it, plus Hermes's short note if any. */
export interface CuratedModel {
  readonly id: string;
  readonly description?: string;
}

const ids = (list: readonly string[]): CuratedModel[] => list.map((id) => ({ id }));

/** The OpenRouter fallback list (39 ids, picker order). */
export const OPENROUTER_MODELS: readonly CuratedModel[] = [
  { id: 'moonshotai/kimi-k3', description: 'recommended' },
  { id: 'z-ai/glm-5.2', description: 'default' },
  ...ids([
    'anthropic/claude-fable-5',
    'anthropic/claude-opus-4.8',
    'anthropic/claude-opus-4.7',
    'anthropic/claude-sonnet-5',
    'anthropic/claude-sonnet-4.6',
    'anthropic/claude-haiku-4.5',
    'openai/gpt-5.6-sol',
    'openai/gpt-5.6-sol-pro',
    'openai/gpt-5.6-terra',
    'openai/gpt-5.6-luna',
    'openai/gpt-5.5',
    'openai/gpt-5.5-pro',
    'openai/gpt-5.4',
    'openai/gpt-5.4-mini',
    'google/gemini-3.5-flash',
    'google/gemini-3.1-pro-preview',
    'google/gemini-3-flash-preview',
    'google/gemini-3.1-flash-lite-preview',
    'x-ai/grok-4.5',
    'x-ai/grok-4.3',
    'x-ai/grok-build-0.1',
    'deepseek/deepseek-v4-pro',
    'deepseek/deepseek-v4-flash',
    'qwen/qwen3.7-max',
    'qwen/qwen3-coder-plus',
    'moonshotai/kimi-k2.7-code',
    'z-ai/glm-5.1',
    'minimax/minimax-m3',
    'minimax/minimax-m2.7',
    'xiaomi/mimo-v2.5-pro',
    'nvidia/nemotron-3-super-120b-a12b',
    'stepfun/step-3.5-flash',
    'arcee-ai/trinity-large-thinking',
    'openrouter/pareto-code',
  ]),
  { id: 'z-ai/glm-4.5-air:free', description: 'free' },
  { id: 'deepseek/deepseek-v4-flash:free', description: 'free' },
  { id: 'qwen/qwen3-coder:free', description: 'free' },
];

/** Curated lists per Hermes provider id (picker order). */
export const CURATED_MODELS: Readonly<Record<string, readonly CuratedModel[]>> = {
  openrouter: OPENROUTER_MODELS,
  nous: ids([
    'anthropic/claude-opus-4.8',
    'anthropic/claude-sonnet-5',
    'openai/gpt-5.6-sol',
    'openai/gpt-5.5',
    'google/gemini-3.5-flash',
    'moonshotai/kimi-k3',
    'z-ai/glm-5.2',
    'deepseek/deepseek-v4-pro',
    'x-ai/grok-4.5',
    'nousresearch/hermes-4-405b',
    'nousresearch/hermes-4-70b',
  ]),
  anthropic: ids([
    'claude-fable-5',
    'claude-sonnet-5',
    'claude-opus-4-8',
    'claude-opus-4-7',
    'claude-sonnet-4-6',
    'claude-haiku-4-5-20251001',
  ]),
  'openai-api': ids([
    'gpt-5.6-sol',
    'gpt-5.6-sol-pro',
    'gpt-5.6-terra',
    'gpt-5.6-terra-pro',
    'gpt-5.6-luna',
    'gpt-5.6-luna-pro',
    'gpt-5.5',
    'gpt-5.5-pro',
    'gpt-5.4',
    'gpt-5.4-mini',
    'gpt-4.1',
    'gpt-4o',
  ]),
  'openai-codex': ids([
    'gpt-5.6-sol',
    'gpt-5.6-sol-pro',
    'gpt-5.6-terra',
    'gpt-5.6-luna',
    'gpt-5.5',
    'gpt-5.4-mini',
    'gpt-5.4',
    'gpt-5.3-codex',
    'gpt-5.3-codex-spark',
  ]),
  gemini: ids(['gemini-3.1-pro-preview', 'gemini-3-pro-preview', 'gemini-3.5-flash', 'gemini-3.1-flash-lite-preview']),
  xai: ids([
    'grok-build-0.1',
    'grok-composer-2.5-fast',
    'grok-4.5',
    'grok-4.3',
    'grok-4.20-0309-reasoning',
    'grok-4.20-0309-non-reasoning',
  ]),
  'xai-oauth': ids([
    'grok-build-0.1',
    'grok-composer-2.5-fast',
    'grok-4.5',
    'grok-4.3',
    'grok-4.20-0309-reasoning',
    'grok-4.20-0309-non-reasoning',
  ]),
  deepseek: ids(['deepseek-v4-pro', 'deepseek-v4-flash', 'deepseek-chat', 'deepseek-reasoner']),
  zai: ids(['glm-5.2', 'glm-5.1', 'glm-5', 'glm-5v-turbo', 'glm-4.7', 'glm-4.5-flash']),
  'kimi-coding': ids(['kimi-k3', 'kimi-k2.7-code', 'kimi-k2.6', 'kimi-for-coding', 'kimi-k2-thinking']),
  minimax: ids(['MiniMax-M3', 'MiniMax-M2.7', 'MiniMax-M2.5']),
  bedrock: ids(['us.anthropic.claude-sonnet-5', 'us.anthropic.claude-opus-4-8', 'us.amazon.nova-pro-v1:0']),
  vertex: ids(['google/gemini-3.5-flash']),
};

/**
 * Cheap models Hermes picks for auxiliary tasks when a task says `provider: <p>` without a model
 * (`default_aux_model` of the provider profiles; OpenRouter's comes from the aux auto-chain).
 */
export const DEFAULT_AUX_MODELS: Readonly<Record<string, string>> = {
  openrouter: 'google/gemini-3-flash-preview',
  anthropic: 'claude-haiku-4-5-20251001',
  gemini: 'gemini-3-flash-preview',
  zai: 'glm-4.5-flash',
  'kimi-coding': 'kimi-k2-turbo-preview',
  deepseek: 'deepseek-chat',
  minimax: 'MiniMax-M3',
};

let bundled: ModelsDevSnapshot | null = null;

/** The bundled models.dev-format snapshot (parsed once). */
export function bundledModelsSnapshot(): ModelsDevSnapshot {
  bundled ??= parseModelsDevSnapshot(snapshotJson);
  return bundled;
}

/** Aggregator vendor slug → the Hermes provider that serves that vendor natively. */
const VENDOR_TO_NATIVE_PROVIDER: Readonly<Record<string, string>> = {
  anthropic: 'anthropic',
  openai: 'openai-api',
  google: 'gemini',
  'x-ai': 'xai',
  deepseek: 'deepseek',
  'z-ai': 'zai',
  moonshotai: 'kimi-coding',
  minimax: 'minimax',
  qwen: 'alibaba',
  xiaomi: 'xiaomi',
  nvidia: 'nvidia',
};

export interface ModelMetaOptions {
  /** Another api.json-shaped catalogue (e.g. Hermes's `models_dev_cache.json`) instead of the bundled one. */
  snapshot?: ModelsDevSnapshot;
}

/**
 * Metadata for a model as a provider names it, or `null` when the catalogue does not know it.
 *
 * Looks in the provider's own models.dev section first (also trying the id normalised for that
 * provider), then — for aggregators and unknown sections — under the `vendor/model` spelling in the
 * OpenRouter section, then in the vendor's native section. The returned `id` is the caller's.
 */
export function getModelMeta(providerId: string, modelId: string, options: ModelMetaOptions = {}): ModelInfo | null {
  const snapshot = options.snapshot ?? bundledModelsSnapshot();
  const id = modelId.trim();
  if (id === '') return null;
  const provider = canonicalProviderId(providerId, { context: 'main' }) ?? providerId.trim().toLowerCase();

  const sectionId = PROVIDER_TO_MODELS_DEV[provider];
  if (sectionId !== undefined) {
    const section = snapshot[sectionId];
    const hit = findModel(section, id) ?? findModel(section, normalizeModelForProvider(id, provider));
    if (hit !== undefined) return toModelInfo(id, hit);
  }

  const vendor = detectVendor(id);
  if (vendor === null) return null;
  const bare = id.includes('/') ? id.slice(id.indexOf('/') + 1) : id;
  const aggregatorHit = findModel(snapshot.openrouter, `${vendor}/${bare}`);
  if (aggregatorHit !== undefined) return toModelInfo(id, aggregatorHit);

  const native = VENDOR_TO_NATIVE_PROVIDER[vendor];
  const nativeSection = native === undefined ? undefined : PROVIDER_TO_MODELS_DEV[native];
  if (native !== undefined && nativeSection !== undefined) {
    const hit = findModel(snapshot[nativeSection], normalizeModelForProvider(bare, native));
    if (hit !== undefined) return toModelInfo(id, hit);
  }
  return null;
}

/** The curated list of a provider as `ModelInfo`s, enriched from the catalogue where it knows them. */
export function curatedModels(providerId: string, options: ModelMetaOptions = {}): ModelInfo[] {
  const provider = canonicalProviderId(providerId, { context: 'main' }) ?? providerId.trim().toLowerCase();
  return (CURATED_MODELS[provider] ?? []).map((entry) => {
    const meta = getModelMeta(provider, entry.id, options) ?? { id: entry.id, capabilities: {}, source: 'curated' as const };
    return entry.description === undefined ? meta : { ...meta, description: entry.description };
  });
}
