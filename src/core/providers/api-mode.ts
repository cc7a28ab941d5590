/**
 * Which wire protocol (`api_mode`) Hermes uses for a provider, endpoint and model.
 *
 * The editor shows the effective mode next to every model slot and warns when a persisted
 * `api_mode` will be ignored, so it needs Hermes's exact precedence: host-mandated modes, then a
 * same-provider persisted value, then per-model rules, then URL rules, then the provider's transport.
 * Mirrors `hermes_cli/runtime_provider.py::_detect_api_mode_for_url` and
 * `hermes_cli/providers.py::host_mandated_api_mode`.
 */
import { API_MODES, type ApiMode } from '../../shared/domain/providers';
import { canonicalProviderId } from './aliases';
import { getBuiltinProvider } from './registry';
import { parseUrl } from './url-host';

/** Every value Hermes accepts in `api_mode`; anything else is ignored by Hermes. */
export const validApiModes: readonly ApiMode[] = API_MODES;

export function isValidApiMode(value: unknown): value is ApiMode {
  return typeof value === 'string' && (API_MODES as readonly string[]).includes(value);
}

const BEDROCK_RUNTIME_HOST = /^bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com$/;

/**
 * Modes a host imposes regardless of configuration: OpenAI's API only speaks Responses for Hermes,
 * Anthropic's only Messages.
 */
export function hostMandatedApiMode(url: string | null | undefined): ApiMode | null {
  const parts = parseUrl(url);
  if (parts === null) return null;
  if (parts.hostname === 'api.openai.com') return 'codex_responses';
  if (parts.hostname === 'api.anthropic.com') return 'anthropic_messages';
  return null;
}

/** The mode implied by an endpoint URL alone (reference §3.7), or `null` when the URL says nothing. */
export function detectApiModeFromUrl(url: string | null | undefined): ApiMode | null {
  const parts = parseUrl(url);
  if (parts === null) return null;
  const { hostname, path } = parts;
  const mandated = hostMandatedApiMode(url);
  if (mandated !== null) return mandated;
  if (hostname === 'api.x.ai') return 'codex_responses';
  const lowerPath = path.toLowerCase();
  if (lowerPath.endsWith('/anthropic') || lowerPath.endsWith('/anthropic/v1')) return 'anthropic_messages';
  if (hostname === 'api.kimi.com' && lowerPath.includes('/coding')) return 'anthropic_messages';
  if (BEDROCK_RUNTIME_HOST.test(hostname)) return 'bedrock_converse';
  return null;
}

function bareModel(modelId: string): string {
  const trimmed = modelId.trim().toLowerCase();
  const slash = trimmed.lastIndexOf('/');
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}

/** GPT-5 and later (`gpt-5`, `gpt-5.4`, `gpt-6-…`); Copilot excludes the `gpt-5-mini` line. */
function gptMajor(model: string): number | null {
  const match = /^gpt-(\d+)/.exec(model);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * Per-model protocol for the providers whose table entry says "per model", or `null` when no model rule
 * applies (the caller then falls back to URL/provider rules).
 */
export function apiModeForModel(providerId: string, modelId: string | null | undefined): ApiMode | null {
  if (typeof modelId !== 'string' || modelId.trim() === '') return null;
  const provider = canonicalProviderId(providerId, { context: 'main' });
  const model = bareModel(modelId);
  switch (provider) {
    case 'copilot': {
      const major = gptMajor(model);
      if (major !== null && major >= 5 && !model.startsWith('gpt-5-mini')) return 'codex_responses';
      return 'chat_completions';
    }
    case 'opencode-zen':
      if (model.startsWith('claude-') || model.startsWith('qwen')) return 'anthropic_messages';
      if (model.startsWith('gpt-')) return 'codex_responses';
      return 'chat_completions';
    case 'opencode-go':
      if (model.startsWith('minimax-') || model.startsWith('qwen')) return 'anthropic_messages';
      return 'chat_completions';
    case 'azure-foundry': {
      // Deployment names are free-form; Hermes looks for the model family in them.
      const major = gptMajor(model);
      if ((major !== null && major >= 5) || model.includes('codex') || /^o[134](?:$|[-._])/.test(model)) {
        return 'codex_responses';
      }
      return 'chat_completions';
    }
    default:
      return null;
  }
}

/** How the effective mode was chosen; the UI explains it ("set by the host", "from config", …). */
export type ApiModeReason = 'host-mandated' | 'configured' | 'per-model' | 'url' | 'provider-default' | 'fallback';

export interface ResolveApiModeInput {
  providerId: string;
  baseUrl?: string | null;
  modelId?: string | null;
  /** `model.api_mode` (or a fallback/endpoint entry's `api_mode`). */
  configuredApiMode?: string | null;
  /**
   * The provider the configured mode was written for (`model.provider`). A persisted mode is only
   * honoured when it equals `providerId`; defaults to `providerId`.
   */
  configuredForProvider?: string | null;
}

export interface ResolvedApiMode {
  apiMode: ApiMode;
  reason: ApiModeReason;
  /** Set when a configured value was present but ignored, with the reason (for a warning). */
  ignoredConfigured?: string;
}

/** The effective `api_mode` Hermes would use, with the rule that decided it. */
export function resolveApiMode(input: ResolveApiModeInput): ResolvedApiMode {
  const provider = canonicalProviderId(input.providerId, { context: 'main' }) ?? input.providerId.trim().toLowerCase();
  const family = provider.startsWith('custom:') ? 'custom' : provider;
  const configured = typeof input.configuredApiMode === 'string' ? input.configuredApiMode.trim() : '';
  let ignoredConfigured: string | undefined;
  const builtin = getBuiltinProvider(family);
  // Without an explicit endpoint the provider's default URL decides the URL rules.
  const baseUrl = typeof input.baseUrl === 'string' && input.baseUrl.trim() !== '' ? input.baseUrl : builtin?.defaultBaseUrl;

  const mandated = hostMandatedApiMode(baseUrl);
  if (mandated !== null) {
    if (configured !== '' && configured !== mandated) ignoredConfigured = 'the endpoint host mandates another mode';
    return withIgnored({ apiMode: mandated, reason: 'host-mandated' }, ignoredConfigured);
  }

  const urlMode = detectApiModeFromUrl(baseUrl);
  if (configured !== '') {
    const forProvider = input.configuredForProvider ?? input.providerId;
    const sameProvider = (canonicalProviderId(forProvider, { context: 'main' }) ?? forProvider) === provider;
    if (!isValidApiMode(configured)) {
      ignoredConfigured = 'not a valid api_mode';
    } else if (!sameProvider) {
      ignoredConfigured = 'written for a different provider';
    } else if (family === 'custom' && configured === 'codex_responses' && urlMode !== 'codex_responses') {
      // A stale Responses mode on a plain custom endpoint would break chat-completions servers.
      ignoredConfigured = 'codex_responses is only honoured for OpenAI/xAI endpoints';
    } else {
      return { apiMode: configured, reason: 'configured' };
    }
  }

  const perModel = apiModeForModel(provider, input.modelId);
  if (perModel !== null) return withIgnored({ apiMode: perModel, reason: 'per-model' }, ignoredConfigured);
  if (urlMode !== null) return withIgnored({ apiMode: urlMode, reason: 'url' }, ignoredConfigured);

  if (builtin !== undefined && isValidApiMode(builtin.apiMode)) {
    return withIgnored({ apiMode: builtin.apiMode, reason: 'provider-default' }, ignoredConfigured);
  }
  return withIgnored({ apiMode: 'chat_completions', reason: 'fallback' }, ignoredConfigured);
}

function withIgnored(result: ResolvedApiMode, ignored: string | undefined): ResolvedApiMode {
  return ignored === undefined ? result : { ...result, ignoredConfigured: ignored };
}
