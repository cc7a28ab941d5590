/**
 * models.dev catalogue access: the `https://models.dev/api.json` shape, a tolerant parser for it, and
 * lookups by Hermes provider id.
 *
 * Hermes reads capabilities, context windows and prices from models.dev (cached in
 * `models_dev_cache.json`); the editor ships a small snapshot in the same shape so pickers work
 * offline, and can take Hermes's own cache file through the same parser.
 * Mirrors `agent/models_dev.py` (`PROVIDER_TO_MODELS_DEV`, `get_model_capabilities`).
 */
import type { ModelInfo, ModelPricing } from '../../shared/domain/providers';

/** One model as models.dev describes it (only the fields the editor reads). */
export interface ModelsDevModel {
  id: string;
  name?: string;
  family?: string;
  tool_call?: boolean;
  reasoning?: boolean;
  attachment?: boolean;
  modalities?: { input?: string[]; output?: string[] };
  limit?: { context?: number; output?: number };
  cost?: { input?: number; output?: number; cache_read?: number; cache_write?: number };
}

export interface ModelsDevProvider {
  id: string;
  name?: string;
  models: Record<string, ModelsDevModel>;
}

/** `{<modelsDevProviderId>: provider}` — the whole api.json document. */
export type ModelsDevSnapshot = Record<string, ModelsDevProvider>;

/**
 * Hermes provider id → models.dev provider id. The first block is Hermes's own map (with `openai`
 * spelled `openai-api`, its canonical id); the second adds providers models.dev carries under another
 * name that Hermes's map leaves out.
 */
export const PROVIDER_TO_MODELS_DEV: Readonly<Record<string, string>> = {
  openrouter: 'openrouter',
  novita: 'novita-ai',
  anthropic: 'anthropic',
  'openai-api': 'openai',
  'openai-codex': 'openai',
  zai: 'zai',
  'kimi-coding': 'kimi-for-coding',
  'kimi-coding-cn': 'kimi-for-coding',
  stepfun: 'stepfun',
  minimax: 'minimax',
  'minimax-oauth': 'minimax',
  'minimax-cn': 'minimax-cn',
  deepseek: 'deepseek',
  alibaba: 'alibaba',
  'qwen-oauth': 'alibaba',
  copilot: 'github-copilot',
  'opencode-zen': 'opencode',
  'opencode-go': 'opencode-go',
  kilocode: 'kilo',
  fireworks: 'fireworks-ai',
  huggingface: 'huggingface',
  gemini: 'google',
  xai: 'xai',
  'xai-oauth': 'xai',
  xiaomi: 'xiaomi',
  nvidia: 'nvidia',
  'ollama-cloud': 'ollama-cloud',
  // Additions (not in Hermes's map)
  bedrock: 'amazon-bedrock',
  vertex: 'google-vertex',
  deepinfra: 'deepinfra',
  upstage: 'upstage',
};

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function parseModel(key: string, raw: unknown): ModelsDevModel | null {
  const m = asRecord(raw);
  if (m === null) return null;
  const model: ModelsDevModel = { id: str(m.id) ?? key };
  const name = str(m.name);
  if (name !== undefined) model.name = name;
  const family = str(m.family);
  if (family !== undefined) model.family = family;
  const toolCall = bool(m.tool_call);
  if (toolCall !== undefined) model.tool_call = toolCall;
  const reasoning = bool(m.reasoning);
  if (reasoning !== undefined) model.reasoning = reasoning;
  const attachment = bool(m.attachment);
  if (attachment !== undefined) model.attachment = attachment;
  const modalities = asRecord(m.modalities);
  if (modalities !== null) {
    const input = strings(modalities.input);
    const output = strings(modalities.output);
    model.modalities = { ...(input && { input }), ...(output && { output }) };
  }
  const limit = asRecord(m.limit);
  if (limit !== null) {
    const context = num(limit.context);
    const out = num(limit.output);
    model.limit = { ...(context !== undefined && { context }), ...(out !== undefined && { output: out }) };
  }
  const cost = asRecord(m.cost);
  if (cost !== null) {
    const c: NonNullable<ModelsDevModel['cost']> = {};
    for (const k of ['input', 'output', 'cache_read', 'cache_write'] as const) {
      const v = num(cost[k]);
      if (v !== undefined) c[k] = v;
    }
    model.cost = c;
  }
  return model;
}

/**
 * Read an api.json-shaped document, skipping anything malformed instead of failing: one odd entry in
 * a 4,000-model cache must not hide the rest.
 */
export function parseModelsDevSnapshot(raw: unknown): ModelsDevSnapshot {
  const root = asRecord(raw);
  const snapshot: ModelsDevSnapshot = {};
  if (root === null) return snapshot;
  for (const [providerKey, providerRaw] of Object.entries(root)) {
    const provider = asRecord(providerRaw);
    const modelsRaw = provider === null ? null : asRecord(provider.models);
    if (provider === null || modelsRaw === null) continue;
    const models: Record<string, ModelsDevModel> = {};
    for (const [modelKey, modelRaw] of Object.entries(modelsRaw)) {
      const model = parseModel(modelKey, modelRaw);
      if (model !== null) models[modelKey] = model;
    }
    const name = str(provider.name);
    snapshot[providerKey] = { id: str(provider.id) ?? providerKey, ...(name !== undefined && { name }), models };
  }
  return snapshot;
}

/** Exact key first, then a case-insensitive match (models.dev and Hermes disagree on `MiniMax-M3` casing). */
export function findModel(provider: ModelsDevProvider | undefined, modelId: string): ModelsDevModel | undefined {
  if (provider === undefined) return undefined;
  const exact = provider.models[modelId];
  if (exact !== undefined) return exact;
  const lower = modelId.toLowerCase();
  for (const [key, model] of Object.entries(provider.models)) if (key.toLowerCase() === lower) return model;
  return undefined;
}

/** models.dev entry → the UI's `ModelInfo`, keeping the id as the caller's provider spells it. */
export function toModelInfo(modelId: string, model: ModelsDevModel, source: ModelInfo['source'] = 'curated'): ModelInfo {
  const input = model.modalities?.input ?? [];
  const vision = input.includes('image') || model.attachment === true;
  const info: ModelInfo = {
    id: modelId,
    capabilities: {
      ...(model.tool_call !== undefined && { tools: model.tool_call }),
      ...((model.modalities !== undefined || model.attachment !== undefined) && { vision }),
      ...(model.reasoning !== undefined && { reasoning: model.reasoning }),
    },
    source,
  };
  if (model.name !== undefined) info.label = model.name;
  if (model.family !== undefined) info.family = model.family;
  const context = model.limit?.context;
  if (context !== undefined && Number.isInteger(context) && context > 0) info.contextWindow = context;
  const output = model.limit?.output;
  if (output !== undefined && Number.isInteger(output) && output > 0) info.maxOutput = output;
  const cost = model.cost;
  if (cost?.input !== undefined && cost.output !== undefined && cost.input >= 0 && cost.output >= 0) {
    const pricing: ModelPricing = { input: cost.input, output: cost.output };
    if (cost.cache_read !== undefined && cost.cache_read >= 0) pricing.cacheRead = cost.cache_read;
    if (cost.cache_write !== undefined && cost.cache_write >= 0) pricing.cacheWrite = cost.cache_write;
    info.pricing = pricing;
  }
  return info;
}
