/**
 * User-defined endpoints from config.yaml: the `providers:` map (v12+ schema) and the legacy
 * `custom_providers:` list, which current Hermes still appends to, so both are live.
 *
 * `providers:` also holds per-provider overrides of built-ins (`anthropic: {request_timeout_seconds}`,
 * `copilot: {enabled: false}`); those are returned separately as overrides, not as endpoints.
 * Inline `api_key` values never leave this module — only whether one exists and, for `${VAR}`
 * references, the variable's name.
 * Mirrors `hermes_cli/config.py::_normalize_custom_provider_entry`,
 * `get_compatible_custom_providers` and `hermes_cli/providers.py::resolve_user_provider`.
 */
import type { ApiMode, CustomEndpoint } from '../../shared/domain/providers';
import { canonicalProviderId, customProviderSlug, PROVIDER_ALIASES, type ExtraProviderIds } from './aliases';
import { isValidApiMode } from './api-mode';
import { ENV_VAR_NAME, envReferenceName, field, firstString, isRecord, nonEmptyString, positiveInt, type PlainRecord } from './config-access';
import { isBuiltinProviderId } from './registry';

/** A `providers.<built-in>` block: settings for a built-in provider, not a new endpoint. */
export interface ProviderOverride {
  /** The map key as written. */
  key: string;
  /** Canonical id it applies to. */
  providerId: string;
  /** `false` hides the provider from pickers, runtime resolution and doctor. */
  enabled: boolean;
  baseUrl?: string;
  requestTimeoutSeconds?: number;
  staleTimeoutSeconds?: number;
  /** Model ids listed under `models` (extra ids and per-model timeouts). */
  modelIds: string[];
}

/** Something in the config the editor should point out; `path` is dotted (`custom_providers[1].base_url`). */
export interface ConfigProblem {
  path: string;
  message: string;
}

export interface CustomEndpointsResult {
  endpoints: CustomEndpoint[];
  overrides: ProviderOverride[];
  problems: ConfigProblem[];
}

export interface ReadCustomEndpointsOptions {
  /** Plugin provider ids: a `providers:` key naming one is an override, like a built-in. */
  extraProviders?: readonly ExtraProviderIds[];
}

/** Whether an inline key exists, and the variable name when it is a `${VAR}` reference. */
export function inlineKeyInfo(value: unknown): { hasInlineKey: boolean; inlineKeyEnvRef?: string } {
  if (nonEmptyString(value) === undefined) return { hasInlineKey: false };
  const ref = envReferenceName(value);
  return ref === undefined ? { hasInlineKey: true } : { hasInlineKey: true, inlineKeyEnvRef: ref };
}

const URL_KEYS = ['base_url', 'url', 'api', 'baseUrl'] as const;
const KEY_ENV_KEYS = ['key_env', 'api_key_env', 'keyEnv', 'apiKeyEnv'] as const;
const API_MODE_KEYS = ['api_mode', 'transport', 'apiMode'] as const;
const MODEL_KEYS = ['model', 'default_model', 'defaultModel'] as const;
/** `transport` values written by the v11→v12 migration use the protocol names of `providers.py`. */
const TRANSPORT_ALIASES: Readonly<Record<string, ApiMode>> = { openai_chat: 'chat_completions' };

/** `scheme://host…`, or a template Hermes expands later (`${VAR}`, `{region}`). */
function isUsableBaseUrl(url: string): boolean {
  if (url.includes('{')) return true;
  try {
    const parsed = new URL(url);
    return parsed.protocol !== '' && parsed.hostname !== '';
  } catch {
    return false;
  }
}

function readModels(value: unknown, path: string, problems: ConfigProblem[]): CustomEndpoint['models'] {
  const models: CustomEndpoint['models'] = {};
  if (value === undefined || value === null) return models;
  if (isRecord(value)) {
    for (const [id, spec] of Object.entries(value)) {
      const contextLength = positiveInt(field(spec, 'context_length'));
      models[id] = contextLength === undefined ? {} : { contextLength };
    }
    return models;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const id = typeof item === 'string' ? nonEmptyString(item) : nonEmptyString(field(item, 'id'));
      if (id === undefined) {
        problems.push({ path: `${path}[${i}]`, message: 'model entry has no id' });
        return;
      }
      const contextLength = positiveInt(field(item, 'context_length'));
      models[id] = contextLength === undefined ? {} : { contextLength };
    });
    return models;
  }
  problems.push({ path, message: 'models must be a mapping or a list of ids' });
  return models;
}

type EndpointFields = Omit<CustomEndpoint, 'origin' | 'index' | 'key' | 'slug' | 'name'>;

/** The fields shared by both sections, with Hermes's aliases resolved. `null` if unusable. */
function readEndpointFields(raw: PlainRecord, path: string, problems: ConfigProblem[]): EndpointFields | null {
  const url = firstString(raw, URL_KEYS);
  if (url === undefined) {
    problems.push({ path: `${path}.base_url`, message: 'endpoint has no base_url' });
    return null;
  }
  if (!isUsableBaseUrl(url.value)) {
    problems.push({ path: `${path}.${url.key}`, message: 'base_url needs a scheme and host (e.g. https://host/v1)' });
    return null;
  }
  const fields: EndpointFields = {
    baseUrl: url.value,
    ...inlineKeyInfo(raw.api_key ?? raw.apiKey),
    models: readModels(raw.models, `${path}.models`, problems),
    enabled: raw.enabled !== false,
  };
  const keyEnv = firstString(raw, KEY_ENV_KEYS);
  if (keyEnv !== undefined) {
    if (ENV_VAR_NAME.test(keyEnv.value)) fields.keyEnv = keyEnv.value;
    else problems.push({ path: `${path}.${keyEnv.key}`, message: 'not a valid environment variable name' });
  }
  const mode = firstString(raw, API_MODE_KEYS);
  if (mode !== undefined) {
    const value = TRANSPORT_ALIASES[mode.value] ?? mode.value;
    if (isValidApiMode(value)) fields.apiMode = value;
    else problems.push({ path: `${path}.${mode.key}`, message: `unknown api_mode "${mode.value}" (Hermes ignores it)` });
  }
  const model = firstString(raw, MODEL_KEYS);
  if (model !== undefined) fields.model = model.value;
  const contextLength = positiveInt(raw.context_length ?? raw.contextLength);
  if (contextLength !== undefined) fields.contextLength = contextLength;
  return fields;
}

/**
 * A `providers:` key is an override when it names a built-in (or plugin) provider: exactly by its
 * canonical id, or by an alias when the block has no endpoint URL of its own. Keys that alias `custom`
 * (`ollama`, `local`, …) and alias keys that carry a URL are user endpoints.
 */
function overrideTarget(key: string, raw: PlainRecord, extra: readonly ExtraProviderIds[]): string | null {
  const lower = key.trim().toLowerCase();
  const isExtra = extra.some((e) => e.id.toLowerCase() === lower);
  if ((isBuiltinProviderId(lower) || isExtra) && lower !== 'custom') return lower;
  const canonical = canonicalProviderId(lower, { context: 'main', extra });
  if (canonical === null || canonical === 'custom' || canonical.startsWith('custom:')) return null;
  const isAliasKey = lower in PROVIDER_ALIASES || extra.some((e) => (e.aliases ?? []).some((a) => a.toLowerCase() === lower));
  return isAliasKey && firstString(raw, URL_KEYS) === undefined ? canonical : null;
}

function readOverride(key: string, providerId: string, raw: PlainRecord): ProviderOverride {
  const override: ProviderOverride = {
    key,
    providerId,
    enabled: raw.enabled !== false,
    modelIds: isRecord(raw.models)
      ? Object.keys(raw.models)
      : Array.isArray(raw.models)
        ? raw.models.map((m) => (typeof m === 'string' ? m : nonEmptyString(field(m, 'id')))).filter((m): m is string => m !== undefined)
        : [],
  };
  const url = firstString(raw, URL_KEYS);
  if (url !== undefined) override.baseUrl = url.value;
  const request = positiveInt(raw.request_timeout_seconds);
  if (request !== undefined) override.requestTimeoutSeconds = request;
  const stale = positiveInt(raw.stale_timeout_seconds);
  if (stale !== undefined) override.staleTimeoutSeconds = stale;
  return override;
}

/** Read every custom endpoint and built-in override from a parsed config. Never throws. */
export function readCustomEndpoints(configJs: unknown, options: ReadCustomEndpointsOptions = {}): CustomEndpointsResult {
  const extra = options.extraProviders ?? [];
  const result: CustomEndpointsResult = { endpoints: [], overrides: [], problems: [] };
  const { problems } = result;

  const providers = field(configJs, 'providers');
  if (providers !== undefined && providers !== null && !isRecord(providers)) {
    problems.push({ path: 'providers', message: 'providers must be a mapping of name → settings' });
  } else if (isRecord(providers)) {
    for (const [key, raw] of Object.entries(providers)) {
      const path = `providers.${key}`;
      if (!isRecord(raw)) {
        problems.push({ path, message: 'entry must be a mapping' });
        continue;
      }
      const target = overrideTarget(key, raw, extra);
      if (target !== null) {
        result.overrides.push(readOverride(key, target, raw));
        continue;
      }
      const fields = readEndpointFields(raw, path, problems);
      if (fields === null) continue;
      result.endpoints.push({ ...fields, name: nonEmptyString(raw.name) ?? key, slug: key, origin: 'providers', key });
    }
  }

  const list = field(configJs, 'custom_providers');
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    problems.push({ path: 'custom_providers', message: 'custom_providers must be a list' });
  } else if (Array.isArray(list)) {
    const seen = new Map<string, number>();
    list.forEach((raw, index) => {
      const path = `custom_providers[${index}]`;
      if (!isRecord(raw)) {
        problems.push({ path, message: 'entry must be a mapping' });
        return;
      }
      const name = nonEmptyString(raw.name);
      if (name === undefined) {
        problems.push({ path: `${path}.name`, message: 'entry has no name, so it cannot be selected' });
        return;
      }
      const fields = readEndpointFields(raw, path, problems);
      if (fields === null) return;
      const slug = customProviderSlug(name);
      const earlier = seen.get(slug);
      if (earlier !== undefined) {
        problems.push({ path: `${path}.name`, message: `same selector "${slug}" as custom_providers[${earlier}]` });
      } else {
        seen.set(slug, index);
      }
      result.endpoints.push({ ...fields, name, slug, origin: 'custom_providers', index });
    });
  }
  return result;
}

/** `model.provider: custom` with a `model.base_url`: the bare endpoint the main model talks to. */
export interface BareCustomEndpoint {
  baseUrl: string;
  hasInlineKey: boolean;
  inlineKeyEnvRef?: string;
  apiMode?: ApiMode;
  model?: string;
}

/**
 * The active bare custom endpoint, or `null`. Accepts Hermes's legacy spellings (`api_base` for the
 * URL, `api` for the key) and provider aliases of `custom` (`ollama`, `local`, …).
 */
export function readActiveBareCustom(configJs: unknown): BareCustomEndpoint | null {
  const model = field(configJs, 'model');
  if (!isRecord(model)) return null;
  if (canonicalProviderId(nonEmptyString(model.provider), { context: 'main' }) !== 'custom') return null;
  const url = firstString(model, ['base_url', 'api_base']);
  if (url === undefined || !isUsableBaseUrl(url.value)) return null;
  const endpoint: BareCustomEndpoint = { baseUrl: url.value, ...inlineKeyInfo(model.api_key ?? model.api) };
  const mode = nonEmptyString(model.api_mode);
  if (isValidApiMode(mode)) endpoint.apiMode = mode;
  const id = firstString(model, ['default', 'model', 'name']);
  if (id !== undefined) endpoint.model = id.value;
  return endpoint;
}
