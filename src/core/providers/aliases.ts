/**
 * Provider id aliases and canonicalisation.
 *
 * Hermes accepts many spellings for a provider in `model.provider`, fallback entries and
 * `auxiliary.*.provider`; the editor reads them all but only ever writes canonical ids.
 * Mirrors `hermes_cli/models.py::_PROVIDER_ALIASES`, the plugin profile aliases and
 * `hermes_cli/auth.py::resolve_provider`.
 */
import { BUILTIN_PROVIDERS, isBuiltinProviderId } from './registry';

/** Alias → canonical id (reference table §3.2). Keys are lowercase. */
export const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  glm: 'zai',
  'z-ai': 'zai',
  'z.ai': 'zai',
  zhipu: 'zai',
  github: 'copilot',
  'github-copilot': 'copilot',
  'github-models': 'copilot',
  'github-model': 'copilot',
  'github-copilot-acp': 'copilot-acp',
  'copilot-acp-agent': 'copilot-acp',
  google: 'gemini',
  'google-gemini': 'gemini',
  'google-ai-studio': 'gemini',
  'google-vertex': 'vertex',
  'vertex-ai': 'vertex',
  'gcp-vertex': 'vertex',
  vertexai: 'vertex',
  kimi: 'kimi-coding',
  moonshot: 'kimi-coding',
  'kimi-for-coding': 'kimi-coding',
  'kimi-cn': 'kimi-coding-cn',
  'moonshot-cn': 'kimi-coding-cn',
  step: 'stepfun',
  'stepfun-coding-plan': 'stepfun',
  'arcee-ai': 'arcee',
  arceeai: 'arcee',
  'gmi-cloud': 'gmi',
  gmicloud: 'gmi',
  'fireworks-ai': 'fireworks',
  fw: 'fireworks',
  'minimax-china': 'minimax-cn',
  minimax_cn: 'minimax-cn',
  'minimax-portal': 'minimax-oauth',
  'minimax-global': 'minimax-oauth',
  minimax_oauth: 'minimax-oauth',
  'minimax-oauth-io': 'minimax-oauth',
  'mini-max': 'minimax',
  claude: 'anthropic',
  'claude-code': 'anthropic',
  'claude-oauth': 'anthropic',
  'deep-seek': 'deepseek',
  'deepseek-chat': 'deepseek',
  opencode: 'opencode-zen',
  zen: 'opencode-zen',
  opencode_zen: 'opencode-zen',
  go: 'opencode-go',
  'opencode-go-sub': 'opencode-go',
  opencode_go: 'opencode-go',
  kilo: 'kilocode',
  'kilo-code': 'kilocode',
  'kilo-gateway': 'kilocode',
  dashscope: 'alibaba',
  aliyun: 'alibaba',
  'alibaba-cloud': 'alibaba',
  'qwen-dashscope': 'alibaba',
  alibaba_coding: 'alibaba-coding-plan',
  'alibaba-coding': 'alibaba-coding-plan',
  alibaba_coding_plan: 'alibaba-coding-plan',
  'dashscope-coding': 'alibaba-coding-plan',
  'qwen-portal': 'qwen-oauth',
  'qwen-cli': 'qwen-oauth',
  hf: 'huggingface',
  'hugging-face': 'huggingface',
  'huggingface-hub': 'huggingface',
  'novita-ai': 'novita',
  novitaai: 'novita',
  mimo: 'xiaomi',
  'xiaomi-mimo': 'xiaomi',
  tencent: 'tencent-tokenhub',
  tokenhub: 'tencent-tokenhub',
  'tencent-cloud': 'tencent-tokenhub',
  tencentmaas: 'tencent-tokenhub',
  aws: 'bedrock',
  'aws-bedrock': 'bedrock',
  'amazon-bedrock': 'bedrock',
  amazon: 'bedrock',
  grok: 'xai',
  'x-ai': 'xai',
  'x.ai': 'xai',
  'grok-oauth': 'xai-oauth',
  'x-ai-oauth': 'xai-oauth',
  'xai-grok-oauth': 'xai-oauth',
  nim: 'nvidia',
  'nvidia-nim': 'nvidia',
  'build-nvidia': 'nvidia',
  nemotron: 'nvidia',
  'lm-studio': 'lmstudio',
  lm_studio: 'lmstudio',
  ollama: 'custom',
  vllm: 'custom',
  llamacpp: 'custom',
  'llama.cpp': 'custom',
  'llama-cpp': 'custom',
  local: 'custom',
  ollama_cloud: 'ollama-cloud',
  codex: 'openai-codex',
  openai_codex: 'openai-codex',
  azure: 'azure-foundry',
  'azure-ai-foundry': 'azure-foundry',
  'azure-ai': 'azure-foundry',
  or: 'openrouter',
  solar: 'upstage',
  'deep-infra': 'deepinfra',
  'deepinfra-ai': 'deepinfra',
};

/**
 * Aliases whose meaning depends on where they are read. The editor warns on these and suggests the
 * canonical id for the meaning it picked.
 *
 * - `qwen`: the picker/model code (`hermes_cli/models.py`) means `alibaba`, but runtime resolution (the
 *   qwen-oauth plugin alias) means `qwen-oauth`. We resolve to **`qwen-oauth`** because that is what
 *   Hermes actually runs when it reads the config file.
 * - `openai`: in `model.provider` Hermes routes it through OpenRouter (`hermes_cli/providers.py::ALIASES`),
 *   so the main context resolves to **`openrouter`**; in `auxiliary.*.provider` it means "custom endpoint
 *   at api.openai.com with OPENAI_API_KEY", so the auxiliary context keeps **`openai`** as a special
 *   value (like `auto` and `main`). Users who want the OpenAI API should write `openai-api`.
 */
export const AMBIGUOUS_ALIASES: Readonly<Record<string, { readonly meanings: readonly string[]; readonly chosen: string }>> = {
  qwen: { meanings: ['alibaba', 'qwen-oauth'], chosen: 'qwen-oauth' },
  openai: { meanings: ['openrouter', 'openai-api'], chosen: 'openrouter' },
};

/** Where a provider value is read: `model.provider`/fallbacks (`main`) or `auxiliary.*.provider`. */
export type ProviderContext = 'main' | 'auxiliary';

/** Values that are not providers but are meaningful selectors (passed through unchanged). */
export const SPECIAL_PROVIDER_VALUES = ['auto', 'main'] as const;

/** Extra (plugin) providers to take into account; plugins may add ids and aliases. */
export interface ExtraProviderIds {
  readonly id: string;
  readonly aliases?: readonly string[];
}

export interface CanonicalOptions {
  context: ProviderContext;
  /** Plugin profiles; their ids and aliases are recognised too. User plugins win over built-in aliases. */
  extra?: readonly ExtraProviderIds[];
}

const CUSTOM_PREFIX = 'custom:';

/**
 * Normalise the name part of `custom:<name>` the way Hermes builds the slug: lowercase, whitespace
 * runs → `-` (mirrors `hermes_cli/config.py::get_compatible_custom_providers`).
 */
export function customProviderSlug(name: string): string {
  return `${CUSTOM_PREFIX}${name.trim().toLowerCase().replace(/\s+/g, '-')}`;
}

/**
 * Resolve a provider value to its canonical id, or `null` when it is unknown (callers decide whether
 * that is an error — a `providers:` key, for example, is valid but not in the registry).
 *
 * Lowercases and trims. Passes through `auto`, `main`, `custom` and `custom:<name>` (name slugified).
 * In the auxiliary context `openai` stays `openai` (see `AMBIGUOUS_ALIASES`).
 */
export function canonicalProviderId(input: string | null | undefined, options: CanonicalOptions): string | null {
  if (typeof input !== 'string') return null;
  const value = input.trim().toLowerCase();
  if (value === '') return null;
  if ((SPECIAL_PROVIDER_VALUES as readonly string[]).includes(value)) return value;
  if (value === 'custom') return value;
  if (value.startsWith(CUSTOM_PREFIX)) {
    const name = value.slice(CUSTOM_PREFIX.length);
    return name.trim() === '' ? null : customProviderSlug(name);
  }
  if (value === 'openai') return options.context === 'auxiliary' ? 'openai' : 'openrouter';
  if (value === 'qwen') return 'qwen-oauth';

  for (const extra of options.extra ?? []) {
    const id = extra.id.trim().toLowerCase();
    if (value === id) return id;
    if ((extra.aliases ?? []).some((a) => a.trim().toLowerCase() === value)) return id;
  }
  if (isBuiltinProviderId(value)) return value;
  return PROVIDER_ALIASES[value] ?? null;
}

/** All spellings accepted for a canonical built-in id (excluding the id itself). */
export function aliasesOf(canonicalId: string): string[] {
  return Object.entries(PROVIDER_ALIASES)
    .filter(([, target]) => target === canonicalId)
    .map(([alias]) => alias);
}

/** `true` when the value is an alias rather than a canonical id (the editor rewrites those on save). */
export function isAlias(input: string): boolean {
  const value = input.trim().toLowerCase();
  return value in PROVIDER_ALIASES || value in AMBIGUOUS_ALIASES;
}

/** Edit distance with an early cut-off; small strings only. */
function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = prev[j] ?? 0;
      const left = prev[j - 1] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(above + 1, left + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return prev[b.length] ?? Math.max(a.length, b.length);
}

/**
 * "Did you mean …?" for validation messages: the canonical id whose id or alias is closest to the
 * input, or `null` when nothing is reasonably close. Never used to rewrite a value silently.
 */
export function suggestCanonical(input: string, extra: readonly ExtraProviderIds[] = []): string | null {
  const value = input.trim().toLowerCase();
  if (value === '') return null;
  const candidates: Array<[spelling: string, canonical: string]> = [
    ...BUILTIN_PROVIDERS.map((p): [string, string] => [p.id, p.id]),
    ...Object.entries(PROVIDER_ALIASES),
    ...extra.flatMap((e): Array<[string, string]> => [
      [e.id.toLowerCase(), e.id.toLowerCase()],
      ...(e.aliases ?? []).map((a): [string, string] => [a.toLowerCase(), e.id.toLowerCase()]),
    ]),
  ];
  let best: { canonical: string; score: number } | null = null;
  for (const [spelling, canonical] of candidates) {
    const distance = levenshtein(value, spelling);
    // Allow roughly one typo per four characters, at least one and at most three.
    const budget = Math.min(3, Math.max(1, Math.floor(spelling.length / 4)));
    const prefixHit = value.length >= 3 && spelling.startsWith(value);
    const score = prefixHit ? 0.5 : distance;
    if ((distance <= budget || prefixHit) && (best === null || score < best.score)) {
      best = { canonical, score };
    }
  }
  return best?.canonical ?? null;
}
