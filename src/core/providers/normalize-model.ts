/**
 * Model-id normalisation per provider.
 *
 * The same model is spelled differently per API: aggregators want `vendor/model`, Anthropic's native
 * API wants hyphens instead of dots, Copilot keeps dots, DeepSeek only accepts a few ids. Hermes
 * rewrites the id whenever a main model is assigned (dashboard `POST /api/model/set`), so the editor
 * must do the same before writing `model.default`.
 * Mirrors `hermes_cli/model_normalize.py::normalize_model_for_provider`.
 */
import { canonicalProviderId } from './aliases';

/**
 * First token of a bare model id → aggregator vendor slug. Order matters for the prefix fallback
 * (`qwen3.5-plus` has first token `qwen3.5`, which only matches by prefix).
 */
export const VENDOR_PREFIXES: ReadonlyArray<readonly [token: string, vendor: string]> = [
  ['claude', 'anthropic'],
  ['gpt', 'openai'],
  ['o1', 'openai'],
  ['o3', 'openai'],
  ['o4', 'openai'],
  ['gemini', 'google'],
  ['gemma', 'google'],
  ['deepseek', 'deepseek'],
  ['glm', 'z-ai'],
  ['kimi', 'moonshotai'],
  ['minimax', 'minimax'],
  ['grok', 'x-ai'],
  ['qwen', 'qwen'],
  ['mimo', 'xiaomi'],
  ['nemotron', 'nvidia'],
  ['llama', 'meta-llama'],
  ['step', 'stepfun'],
  ['trinity', 'arcee-ai'],
];

/** Providers whose APIs take `vendor/model` slugs. */
const AGGREGATORS = new Set(['openrouter', 'nous', 'kilocode']);
/** Providers that take bare ids with dots preserved. */
const STRIP_VENDOR_KEEP_DOTS = new Set(['copilot', 'copilot-acp', 'openai-codex']);
/** Direct providers that only repair a `provider/` prefix naming themselves. */
const MATCHING_PREFIX_STRIP = new Set([
  'zai',
  'kimi-coding',
  'kimi-coding-cn',
  'minimax',
  'minimax-cn',
  'minimax-oauth',
  'alibaba',
  'qwen-oauth',
  'xiaomi',
  'arcee',
  'ollama-cloud',
  'custom',
  'gemini',
  'xai',
]);
/** Providers whose APIs reject mixed-case ids (Xiaomi accepts `mimo-v2.5-pro`, not `MiMo-V2.5-Pro`). */
const LOWERCASE_IDS = new Set(['xiaomi']);

const DEEPSEEK_KEEP = new Set(['deepseek-chat', 'deepseek-reasoner', 'deepseek-v4-pro', 'deepseek-v4-flash']);
const DEEPSEEK_V_SERIES = /^deepseek-v\d+([-.].+)?$/;
const DEEPSEEK_REASONER_HINTS = ['reasoner', 'r1', 'think', 'reasoning', 'cot'];

/** Vendor slug for a model id: its `vendor/` prefix, else from the first token; `null` if unknown. */
export function detectVendor(modelId: string): string | null {
  const name = modelId.trim().toLowerCase();
  if (name === '') return null;
  const slash = name.indexOf('/');
  if (slash >= 0) return slash === 0 ? null : name.slice(0, slash);
  const firstToken = name.split('-')[0] ?? '';
  for (const [token, vendor] of VENDOR_PREFIXES) if (firstToken === token) return vendor;
  for (const [token, vendor] of VENDOR_PREFIXES) if (name.startsWith(token)) return vendor;
  return null;
}

function splitOnce(modelId: string): [prefix: string, rest: string] | null {
  const slash = modelId.indexOf('/');
  if (slash < 0) return null;
  return [modelId.slice(0, slash), modelId.slice(slash + 1)];
}

/**
 * Drop a `provider/` prefix only when it names the target provider (directly or by alias), so
 * `zai/glm-5.1` is repaired for `zai` while `meta-llama/llama-4-scout` on a custom endpoint is kept.
 */
function stripMatchingPrefix(modelId: string, provider: string): string {
  const parts = splitOnce(modelId);
  if (parts === null) return modelId;
  const [prefix, rest] = parts;
  if (prefix.trim() === '' || rest.trim() === '') return modelId;
  const prefixId = canonicalProviderId(prefix, { context: 'main' });
  return prefixId === provider ? rest.trim() : modelId;
}

function stripAnyVendor(modelId: string): string {
  const parts = splitOnce(modelId);
  if (parts === null) return modelId;
  const rest = parts[1].trim();
  return rest === '' ? modelId : rest;
}

function normalizeForDeepseek(bare: string): string {
  const lower = bare.toLowerCase();
  if (DEEPSEEK_KEEP.has(lower) || DEEPSEEK_V_SERIES.test(lower)) return lower;
  if (DEEPSEEK_REASONER_HINTS.some((hint) => lower.includes(hint))) return 'deepseek-reasoner';
  return 'deepseek-chat';
}

/**
 * The model id as `providerId`'s API expects it. Never throws; unknown providers (and Hugging Face,
 * whose ids are authoritative) get the trimmed input back. `providerId` may be an alias.
 *
 * Baseline note: this follows Hermes at the reference commit, where DeepSeek ids other than the
 * V-series fold into `deepseek-chat`/`deepseek-reasoner`. Later upstream maps those retired names to
 * `deepseek-v4-flash` instead.
 */
export function normalizeModelForProvider(modelId: string, providerId: string): string {
  const name = modelId.trim();
  if (name === '') return name;
  const provider = canonicalProviderId(providerId, { context: 'main' }) ?? providerId.trim().toLowerCase();
  // `custom:<name>` endpoints share the bare-custom rules.
  const family = provider.startsWith('custom:') ? 'custom' : provider;

  if (AGGREGATORS.has(family)) {
    if (name.includes('/')) return name;
    const vendor = detectVendor(name);
    return vendor === null ? name : `${vendor}/${name}`;
  }

  if (family === 'anthropic') {
    const bare = stripMatchingPrefix(name, 'anthropic');
    return bare.includes('/') ? bare : bare.replace(/\./g, '-');
  }

  if (STRIP_VENDOR_KEEP_DOTS.has(family)) return stripAnyVendor(name);

  if (family === 'opencode-zen' || family === 'opencode-go') {
    const bare = stripAnyVendor(name);
    // Zen serves Claude through Anthropic's native naming (hyphens); Go keeps dots everywhere.
    return family === 'opencode-zen' && bare.toLowerCase().startsWith('claude') ? bare.replace(/\./g, '-') : bare;
  }

  if (family === 'deepseek') {
    const bare = stripMatchingPrefix(name, 'deepseek');
    return bare.includes('/') ? bare : normalizeForDeepseek(bare);
  }

  if (MATCHING_PREFIX_STRIP.has(family)) {
    const stripped = stripMatchingPrefix(name, family);
    return LOWERCASE_IDS.has(family) ? stripped.toLowerCase() : stripped;
  }

  return name;
}
