/**
 * Providers domain module: everything the editor knows about Hermes Agent's inference providers,
 * as pure data and pure functions over a Hermes home's files.
 *
 * It holds the built-in provider table and aliases, model-id normalisation, api_mode detection,
 * credential scoping (which key may go to which host), curated model lists with a bundled
 * models.dev-format metadata snapshot, the auxiliary-task catalogue, and readers for user provider
 * plugins, custom endpoints in config.yaml, auth.json and per-provider auth status. Nothing here does
 * network I/O or imports Electron; file readers take a home directory and never throw for a missing
 * or malformed file (they report problems instead). Secret values never appear in any return value
 * except `buildAuthHeaders`, whose result goes straight to an HTTP client.
 */
export {
  AMBIGUOUS_ALIASES,
  aliasesOf,
  canonicalProviderId,
  customProviderSlug,
  isAlias,
  PROVIDER_ALIASES,
  SPECIAL_PROVIDER_VALUES,
  suggestCanonical,
} from './aliases';
export type { CanonicalOptions, ExtraProviderIds, ProviderContext } from './aliases';

export {
  apiModeForModel,
  detectApiModeFromUrl,
  hostMandatedApiMode,
  isValidApiMode,
  resolveApiMode,
  validApiModes,
} from './api-mode';
export type { ApiModeReason, ResolveApiModeInput, ResolvedApiMode } from './api-mode';

export { computeAuthStatuses, isUsableKeyValue, readAuthJson, summarizeAuthJson } from './auth-status';
export type { AuthJsonProblem, AuthJsonSummary, AuthStatusInput, PoolEntrySummary, ReadAuthJsonResult } from './auth-status';

export {
  AUXILIARY_NON_TASK_KEYS,
  auxTaskUniverse,
  DASHBOARD_AUX_TASK_KEYS,
  DEFAULT_AUX_TASKS,
  humanizeTaskKey,
  newerUpstreamTasks,
} from './aux-tasks';
export type { AuxTaskDef, AuxTaskEntry, PluginAuxTask } from './aux-tasks';

export {
  bundledModelsSnapshot,
  CURATED_MODELS,
  curatedModels,
  DEFAULT_AUX_MODELS,
  DEFAULT_CONTEXT_LENGTH,
  defaultContextLength,
  FAMILY_CONTEXT_LENGTHS,
  getModelMeta,
  MINIMUM_CONTEXT_LENGTH,
  OPENROUTER_MODELS,
  PROVIDER_TO_MODELS_DEV,
} from './curated-models';
export type { CuratedModel, ModelMetaOptions } from './curated-models';

export { inlineKeyInfo, readActiveBareCustom, readCustomEndpoints } from './custom-endpoints';
export type { BareCustomEndpoint, ConfigProblem, CustomEndpointsResult, ProviderOverride } from './custom-endpoints';

export {
  allowedKeyEnvVarsForTarget,
  AUTH_HEADER_STYLES,
  authHeaderStyleFor,
  buildAuthHeaders,
  derivedVendorKeyEnvVar,
  isKeyAllowedForHost,
  probeBaseUrl,
  probeModelsUrl,
} from './key-scoping';
export type { AuthHeaderStyle, KeyTarget, ProbeOptions, ScopedProvider } from './key-scoping';

export { parseModelsDevSnapshot } from './models-dev';
export type { ModelsDevModel, ModelsDevProvider, ModelsDevSnapshot } from './models-dev';

export { detectVendor, normalizeModelForProvider, VENDOR_PREFIXES } from './normalize-model';

export { isPluginEnabled, readProviderPlugins } from './plugins';
export type { PluginProblem, ProviderPlugin, ReadPluginsResult } from './plugins';

export { buildProviderCatalog } from './provider-catalog';
export type { ProviderCatalogInput } from './provider-catalog';

export { BUILTIN_PROVIDER_IDS, BUILTIN_PROVIDERS, getBuiltinProvider, isBuiltinProviderId } from './registry';
export type { BuiltinProvider } from './registry';
