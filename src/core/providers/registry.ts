/**
 * The built-in provider table of Hermes Agent, in picker order.
 *
 * Hermes assembles this at runtime from `hermes_cli/auth.py::PROVIDER_REGISTRY`, the bundled
 * `plugins/model-providers/*` profiles, `hermes_cli/providers.py::HERMES_OVERLAYS` and
 * `hermes_cli/models.py::CANONICAL_PROVIDERS` (which fixes the order). We keep the merged result as
 * plain data so every other module (aliases, key scoping, probes, pickers) reads one source.
 */
import type { KnownAuthType, ProviderApiMode } from '../../shared/domain/providers';

/** One built-in provider row. Data only; see the module doc for where each column comes from. */
export interface BuiltinProvider {
  readonly id: string;
  readonly label: string;
  readonly authType: KnownAuthType;
  /** Env vars holding the API key/token, in the order Hermes tries them. */
  readonly keyEnvVars: readonly string[];
  /** Env var that overrides the default base URL (`<X>_BASE_URL`). */
  readonly baseUrlEnvVar?: string;
  /** `null` when the endpoint is not fixed (user-provided, or computed from other settings). */
  readonly defaultBaseUrl: string | null;
  /** Shown when `defaultBaseUrl` is null or a template. */
  readonly baseUrlHint?: string;
  readonly apiMode: ProviderApiMode;
  /** Takes `vendor/model` ids; mirrors the aggregator set of `hermes_cli/model_normalize.py`. */
  readonly aggregator: boolean;
  /**
   * Non-key credential signals (file paths, AWS profile names). They make a provider count as set up
   * but are never sent to any host.
   */
  readonly credentialEnvVars?: readonly string[];
  /** The key may be absent (LM Studio sends a placeholder; custom endpoints may be keyless). */
  readonly keyOptional?: boolean;
  /** `false` → `hermes doctor` only reports "key configured" (mirrors `supports_health_check`). */
  readonly healthCheck: boolean;
  /**
   * Other domains the provider legitimately serves from (CN/coding-plan endpoints), matched as the
   * domain or a subdomain of it; used by key scoping.
   */
  readonly extraHosts?: readonly string[];
}

/** Every provider row of the Hermes picker (`CANONICAL_PROVIDERS` order, then plugin extensions). */
export const BUILTIN_PROVIDERS: readonly BuiltinProvider[] = [
  {
    id: 'nous',
    label: 'Nous Portal',
    authType: 'oauth_device_code',
    keyEnvVars: ['NOUS_API_KEY'],
    baseUrlEnvVar: 'NOUS_INFERENCE_BASE_URL',
    defaultBaseUrl: 'https://inference-api.nousresearch.com/v1',
    apiMode: 'chat_completions',
    aggregator: true,
    healthCheck: false,
  },
  {
    id: 'fireworks',
    label: 'Fireworks AI',
    authType: 'api_key',
    keyEnvVars: ['FIREWORKS_API_KEY'],
    defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    authType: 'api_key',
    keyEnvVars: ['OPENROUTER_API_KEY', 'OPENAI_API_KEY'],
    baseUrlEnvVar: 'OPENROUTER_BASE_URL',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    apiMode: 'chat_completions',
    aggregator: true,
    healthCheck: true,
  },
  {
    id: 'moa',
    label: 'Mixture of Agents',
    authType: 'virtual',
    keyEnvVars: [],
    defaultBaseUrl: 'moa://local',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'novita',
    label: 'NovitaAI',
    authType: 'api_key',
    keyEnvVars: ['NOVITA_API_KEY'],
    baseUrlEnvVar: 'NOVITA_BASE_URL',
    defaultBaseUrl: 'https://api.novita.ai/openai/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    authType: 'api_key',
    keyEnvVars: ['LM_API_KEY'],
    baseUrlEnvVar: 'LM_BASE_URL',
    defaultBaseUrl: 'http://127.0.0.1:1234/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    keyOptional: true,
    healthCheck: false,
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    authType: 'api_key',
    keyEnvVars: ['ANTHROPIC_API_KEY', 'ANTHROPIC_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'],
    baseUrlEnvVar: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com',
    apiMode: 'anthropic_messages',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'openai-codex',
    label: 'OpenAI Codex',
    authType: 'oauth_external',
    keyEnvVars: [],
    defaultBaseUrl: 'https://chatgpt.com/backend-api/codex',
    apiMode: 'codex_responses',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'openai-api',
    label: 'OpenAI API',
    authType: 'api_key',
    keyEnvVars: ['OPENAI_API_KEY'],
    baseUrlEnvVar: 'OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    // codex_responses comes from the api.openai.com host rule, so a different OPENAI_BASE_URL host
    // gets chat_completions.
    apiMode: 'url-detected',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'alibaba',
    label: 'Qwen Cloud',
    authType: 'api_key',
    keyEnvVars: ['DASHSCOPE_API_KEY'],
    baseUrlEnvVar: 'DASHSCOPE_BASE_URL',
    defaultBaseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
    extraHosts: ['dashscope.aliyuncs.com'],
  },
  {
    id: 'xai-oauth',
    label: 'xAI Grok OAuth (SuperGrok / Premium+)',
    authType: 'oauth_external',
    keyEnvVars: [],
    baseUrlEnvVar: 'XAI_BASE_URL',
    defaultBaseUrl: 'https://api.x.ai/v1',
    apiMode: 'codex_responses',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'xiaomi',
    label: 'Xiaomi MiMo',
    authType: 'api_key',
    keyEnvVars: ['XIAOMI_API_KEY'],
    baseUrlEnvVar: 'XIAOMI_BASE_URL',
    defaultBaseUrl: 'https://api.xiaomimimo.com/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'tencent-tokenhub',
    label: 'Tencent TokenHub',
    authType: 'api_key',
    keyEnvVars: ['TOKENHUB_API_KEY'],
    baseUrlEnvVar: 'TOKENHUB_BASE_URL',
    defaultBaseUrl: 'https://tokenhub.tencentmaas.com/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'nvidia',
    label: 'NVIDIA NIM',
    authType: 'api_key',
    keyEnvVars: ['NVIDIA_API_KEY'],
    baseUrlEnvVar: 'NVIDIA_BASE_URL',
    defaultBaseUrl: 'https://integrate.api.nvidia.com/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'copilot',
    label: 'GitHub Copilot',
    authType: 'api_key',
    // `gh auth token` is a further source Hermes tries; it needs a subprocess, so it is not listed here.
    keyEnvVars: ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'],
    baseUrlEnvVar: 'COPILOT_API_BASE_URL',
    defaultBaseUrl: 'https://api.githubcopilot.com',
    apiMode: 'per-model',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'copilot-acp',
    label: 'GitHub Copilot ACP',
    authType: 'external_process',
    keyEnvVars: [],
    baseUrlEnvVar: 'COPILOT_ACP_BASE_URL',
    defaultBaseUrl: 'acp://copilot',
    apiMode: null,
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'huggingface',
    label: 'Hugging Face',
    authType: 'api_key',
    keyEnvVars: ['HF_TOKEN'],
    baseUrlEnvVar: 'HF_BASE_URL',
    defaultBaseUrl: 'https://router.huggingface.co/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'gemini',
    label: 'Google AI Studio',
    authType: 'api_key',
    keyEnvVars: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
    baseUrlEnvVar: 'GEMINI_BASE_URL',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'vertex',
    label: 'Google Vertex AI',
    authType: 'vertex',
    keyEnvVars: [],
    credentialEnvVars: ['VERTEX_CREDENTIALS_PATH', 'GOOGLE_APPLICATION_CREDENTIALS'],
    defaultBaseUrl: null,
    baseUrlHint: 'computed from vertex.project_id and vertex.region',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    authType: 'api_key',
    keyEnvVars: ['DEEPSEEK_API_KEY'],
    baseUrlEnvVar: 'DEEPSEEK_BASE_URL',
    defaultBaseUrl: 'https://api.deepseek.com/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'xai',
    label: 'xAI',
    authType: 'api_key',
    keyEnvVars: ['XAI_API_KEY'],
    baseUrlEnvVar: 'XAI_BASE_URL',
    defaultBaseUrl: 'https://api.x.ai/v1',
    apiMode: 'codex_responses',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'zai',
    label: 'Z.AI / GLM',
    authType: 'api_key',
    keyEnvVars: ['GLM_API_KEY', 'ZAI_API_KEY', 'Z_AI_API_KEY'],
    baseUrlEnvVar: 'GLM_BASE_URL',
    defaultBaseUrl: 'https://api.z.ai/api/paas/v4',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
    // Hermes probes the global, China and coding-plan endpoints; the China one is on this host.
    extraHosts: ['open.bigmodel.cn'],
  },
  {
    id: 'kimi-coding',
    label: 'Kimi / Kimi Coding Plan',
    authType: 'api_key',
    keyEnvVars: ['KIMI_API_KEY', 'KIMI_CODING_API_KEY'],
    baseUrlEnvVar: 'KIMI_BASE_URL',
    defaultBaseUrl: 'https://api.moonshot.ai/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
    // `sk-kimi-` keys go to the coding-plan endpoint on this host.
    extraHosts: ['api.kimi.com'],
  },
  {
    id: 'kimi-coding-cn',
    label: 'Kimi / Moonshot (China)',
    authType: 'api_key',
    keyEnvVars: ['KIMI_CN_API_KEY'],
    defaultBaseUrl: 'https://api.moonshot.cn/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'stepfun',
    label: 'StepFun Step Plan',
    authType: 'api_key',
    keyEnvVars: ['STEPFUN_API_KEY'],
    baseUrlEnvVar: 'STEPFUN_BASE_URL',
    defaultBaseUrl: 'https://api.stepfun.ai/step_plan/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'minimax',
    label: 'MiniMax',
    authType: 'api_key',
    keyEnvVars: ['MINIMAX_API_KEY'],
    baseUrlEnvVar: 'MINIMAX_BASE_URL',
    defaultBaseUrl: 'https://api.minimax.io/anthropic',
    apiMode: 'anthropic_messages',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'minimax-oauth',
    label: 'MiniMax (OAuth)',
    authType: 'oauth_minimax',
    keyEnvVars: [],
    defaultBaseUrl: 'https://api.minimax.io/anthropic',
    apiMode: 'anthropic_messages',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'minimax-cn',
    label: 'MiniMax (China)',
    authType: 'api_key',
    keyEnvVars: ['MINIMAX_CN_API_KEY'],
    baseUrlEnvVar: 'MINIMAX_CN_BASE_URL',
    defaultBaseUrl: 'https://api.minimaxi.com/anthropic',
    apiMode: 'anthropic_messages',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'ollama-cloud',
    label: 'Ollama Cloud',
    authType: 'api_key',
    keyEnvVars: ['OLLAMA_API_KEY'],
    baseUrlEnvVar: 'OLLAMA_BASE_URL',
    defaultBaseUrl: 'https://ollama.com/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'arcee',
    label: 'Arcee AI',
    authType: 'api_key',
    keyEnvVars: ['ARCEEAI_API_KEY'],
    baseUrlEnvVar: 'ARCEE_BASE_URL',
    defaultBaseUrl: 'https://api.arcee.ai/api/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'gmi',
    label: 'GMI Cloud',
    authType: 'api_key',
    keyEnvVars: ['GMI_API_KEY'],
    baseUrlEnvVar: 'GMI_BASE_URL',
    defaultBaseUrl: 'https://api.gmi-serving.com/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'kilocode',
    label: 'Kilo Code',
    authType: 'api_key',
    keyEnvVars: ['KILOCODE_API_KEY'],
    baseUrlEnvVar: 'KILOCODE_BASE_URL',
    defaultBaseUrl: 'https://api.kilo.ai/api/gateway',
    apiMode: 'chat_completions',
    aggregator: true,
    healthCheck: true,
  },
  {
    id: 'opencode-zen',
    label: 'OpenCode Zen',
    authType: 'api_key',
    keyEnvVars: ['OPENCODE_ZEN_API_KEY'],
    baseUrlEnvVar: 'OPENCODE_ZEN_BASE_URL',
    defaultBaseUrl: 'https://opencode.ai/zen/v1',
    apiMode: 'per-model',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'opencode-go',
    label: 'OpenCode Go',
    authType: 'api_key',
    keyEnvVars: ['OPENCODE_GO_API_KEY'],
    baseUrlEnvVar: 'OPENCODE_GO_BASE_URL',
    defaultBaseUrl: 'https://opencode.ai/zen/go/v1',
    apiMode: 'per-model',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'bedrock',
    label: 'AWS Bedrock',
    authType: 'aws_sdk',
    keyEnvVars: [],
    credentialEnvVars: ['AWS_BEARER_TOKEN_BEDROCK', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_WEB_IDENTITY_TOKEN_FILE'],
    baseUrlEnvVar: 'BEDROCK_BASE_URL',
    defaultBaseUrl: null,
    baseUrlHint: 'https://bedrock-runtime.{region}.amazonaws.com',
    apiMode: 'bedrock_converse',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'azure-foundry',
    label: 'Azure Foundry',
    authType: 'api_key',
    keyEnvVars: ['AZURE_FOUNDRY_API_KEY'],
    baseUrlEnvVar: 'AZURE_FOUNDRY_BASE_URL',
    defaultBaseUrl: null,
    baseUrlHint: 'your Azure Foundry endpoint (model.base_url or AZURE_FOUNDRY_BASE_URL)',
    apiMode: 'per-model',
    aggregator: false,
    healthCheck: false,
    // Foundry resources live under these Azure domains (services/models/inference.ai.azure.com).
    extraHosts: ['ai.azure.com', 'openai.azure.com'],
  },
  {
    id: 'qwen-oauth',
    label: 'Qwen OAuth (Portal)',
    authType: 'oauth_external',
    keyEnvVars: ['QWEN_API_KEY'],
    baseUrlEnvVar: 'HERMES_QWEN_BASE_URL',
    defaultBaseUrl: 'https://portal.qwen.ai/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: false,
  },
  {
    id: 'alibaba-coding-plan',
    label: 'Alibaba Cloud (Coding Plan)',
    authType: 'api_key',
    keyEnvVars: ['ALIBABA_CODING_PLAN_API_KEY', 'DASHSCOPE_API_KEY'],
    baseUrlEnvVar: 'ALIBABA_CODING_PLAN_BASE_URL',
    defaultBaseUrl: 'https://coding-intl.dashscope.aliyuncs.com/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'custom',
    label: 'Custom endpoint',
    authType: 'api_key',
    keyEnvVars: [],
    defaultBaseUrl: null,
    baseUrlHint: 'model.base_url',
    apiMode: 'url-detected',
    aggregator: false,
    keyOptional: true,
    healthCheck: false,
  },
  {
    id: 'deepinfra',
    label: 'DeepInfra',
    authType: 'api_key',
    keyEnvVars: ['DEEPINFRA_API_KEY'],
    baseUrlEnvVar: 'DEEPINFRA_BASE_URL',
    defaultBaseUrl: 'https://api.deepinfra.com/v1/openai',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
  {
    id: 'upstage',
    label: 'Upstage Solar',
    authType: 'api_key',
    keyEnvVars: ['UPSTAGE_API_KEY'],
    baseUrlEnvVar: 'UPSTAGE_BASE_URL',
    defaultBaseUrl: 'https://api.upstage.ai/v1',
    apiMode: 'chat_completions',
    aggregator: false,
    healthCheck: true,
  },
];

const BY_ID: ReadonlyMap<string, BuiltinProvider> = new Map(BUILTIN_PROVIDERS.map((p) => [p.id, p]));

/** Canonical ids of every built-in provider, in picker order. */
export const BUILTIN_PROVIDER_IDS: readonly string[] = BUILTIN_PROVIDERS.map((p) => p.id);

/** The built-in row for a canonical id (aliases are not resolved here; see `aliases.ts`). */
export function getBuiltinProvider(id: string): BuiltinProvider | undefined {
  return BY_ID.get(id);
}

export function isBuiltinProviderId(id: string): boolean {
  return BY_ID.has(id);
}
