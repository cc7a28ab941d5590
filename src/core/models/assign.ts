/**
 * Model assignment with Hermes's write semantics — `POST /api/model/set` of the Hermes dashboard
 * (`hermes_cli/web_server.py::_apply_model_assignment_sync`, `_apply_main_model_assignment`), as
 * pure functions from one config value to the next. The config engine then changes only the lines
 * that differ.
 *
 * Main model:
 *   - the provider is canonicalised (aliases never written); a vendor slug posing as a provider
 *     (`moonshotai`) goes to the current aggregator, else OpenRouter;
 *   - the model id is normalised for the provider (`anthropic/claude-sonnet-4.6` → `claude-sonnet-4-6`
 *     for `anthropic`);
 *   - `model.provider` and `model.default` are set (a bare-string `model:` becomes a mapping; the
 *     `model`/`name` aliases of `default` are folded into it);
 *   - on a provider change `base_url` (and its `api_base` alias), `api_key`/`api`, `key_env`/
 *     `api_key_env` and `api_mode` are removed — they belonged to the old provider; a same-provider
 *     re-pick keeps them; an explicit `base_url`/`api_key` (REST body) is always written, and a
 *     `providers.<id>.base_url` is carried over like Hermes does;
 *   - `context_length` is always dropped (the new model has its own window);
 *   - `custom` with an explicit base URL is also recorded in `custom_providers` (dedup by URL).
 * Auxiliary tasks: `provider`/`model` set; on a provider change (except to `custom`) `base_url`,
 * `api_key`/`api`, `key_env`/`api_key_env` and `api_mode` are removed; timeouts and every other key
 * stay. Reset to auto: `provider: auto`, `model: ''`, the same endpoint keys removed, the rest kept.
 *
 * Unknown provider ids are written as given (trimmed, lower-cased) with a warning, as Hermes writes
 * them; `main` as the main provider is refused (it only means something for a task).
 *
 * Deliberate differences from Hermes: nothing key-like is ever copied from `providers.<id>` into
 * `model.*` (Hermes's old code copied the *expanded* secret, HA#88990; the runtime reads the entry by
 * name anyway); `key_env` is cleared on a switch too (HA#88989, HA#82963); a reset leaves tasks that
 * have no block (or are already plain auto) alone instead of rewriting them (same effective value).
 */
import type { StaleAux } from '../../shared/contract/models';
import { AppError } from '../app-error';
import { isPlainObject } from '../config/plain-value';
import {
  canonicalProviderId,
  detectVendor,
  normalizeModelForProvider,
  readCustomEndpoints,
  suggestCanonical,
  VENDOR_PREFIXES,
  type ExtraProviderIds,
} from '../providers';

/** Keys that tie a slot to a particular endpoint and credential. */
const ENDPOINT_KEYS = ['base_url', 'api_base', 'api_key', 'api', 'key_env', 'api_key_env', 'api_mode'] as const;
const AGGREGATORS = new Set(['openrouter', 'nous', 'kilocode']);
const VENDOR_SLUGS = new Set(VENDOR_PREFIXES.map(([, vendor]) => vendor));

export interface AssignOptions {
  /** Plugin provider ids and aliases. */
  extra?: readonly ExtraProviderIds[];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Canonical spelling of a provider value already in the config (for "did it change?"), `''` for none. */
export function configuredProviderId(raw: unknown, scope: 'main' | 'auxiliary', options: AssignOptions = {}): string {
  const value = str(raw);
  if (value === '') return '';
  return canonicalProviderId(value, { context: scope, extra: options.extra }) ?? value.toLowerCase();
}

/** The provider id to write, and a warning when Switchboard does not know it. */
export interface ProviderChoice {
  id: string;
  /**
   * Set when the id is not a built-in provider, an alias, a plugin or a user endpoint (or names a
   * `custom_providers` entry that does not exist). Hermes writes such ids as given — a newer Hermes
   * or a plugin may know them — so Switchboard does too, and says so.
   */
  warning: string | null;
}

/**
 * The provider id to write for user input `raw`. `config` supplies user endpoints and the current
 * main provider. Known ids and aliases are written canonically; an id Switchboard does not know is
 * written trimmed and lower-cased (Hermes reads provider ids case-insensitively) with a warning.
 * Only an empty provider and `main` for the main model are refused.
 */
export function resolveProviderForWrite(raw: string, scope: 'main' | 'auxiliary', config: Record<string, unknown>, model = '', options: AssignOptions = {}): ProviderChoice {
  const value = raw.trim();
  if (value === '') throw new AppError('INVALID_INPUT', scope === 'main' ? 'provider and model required for main' : 'provider required for auxiliary');
  const lower = value.toLowerCase();
  const { endpoints } = readCustomEndpoints(config, { extraProviders: options.extra ?? [] });

  // A `providers:` entry that is a user endpoint is selected by its key, even when the key is also
  // an alias of a built-in (`ollama`, `local`).
  const userKey = endpoints.find((e) => e.origin === 'providers' && e.key.toLowerCase() === lower);
  if (userKey && userKey.origin === 'providers') return { id: userKey.key, warning: null };

  const canonical = canonicalProviderId(value, { context: scope, extra: options.extra });
  if (canonical !== null) {
    if (canonical === 'main' && scope === 'main') throw new AppError('UNKNOWN_PROVIDER', '"main" is only meaningful for auxiliary tasks.');
    if (canonical.startsWith('custom:') && !endpoints.some((e) => e.origin === 'custom_providers' && e.slug === canonical)) {
      return { id: canonical, warning: `No custom_providers entry is selected by "${canonical}" yet; Hermes cannot use this slot until one exists.` };
    }
    return { id: canonical, warning: null };
  }
  if (scope === 'main' && (VENDOR_SLUGS.has(lower) || (model !== '' && detectVendor(model) === lower))) {
    // A vendor prefix posing as a provider: keep the current aggregator, else OpenRouter.
    const current = configuredProviderId(isPlainObject(config.model) ? config.model.provider : '', 'main', options);
    return { id: AGGREGATORS.has(current) ? current : 'openrouter', warning: null };
  }
  const hint = suggestCanonical(value, options.extra);
  return {
    id: lower,
    warning: `Switchboard does not know the provider "${lower}" (not built in, not a plugin, not in providers: or custom_providers:). It was written as given, as Hermes does; if Hermes does not know it either, this slot fails when Hermes uses it.${hint ? ` Did you mean "${hint}"?` : ''}`,
  };
}

/** The model id as the provider expects it (`auto`/`main`/`openai` aux selectors keep it as given). */
export function modelForWrite(model: string, provider: string): string {
  const id = model.trim();
  if (id === '' || provider === 'auto' || provider === 'main' || provider === 'openai') return id;
  return normalizeModelForProvider(id, provider);
}

/** Hermes's `_auto_provider_name`: `Local (localhost:11434)`, `RunPod (…)`, else the capitalised host. */
export function autoProviderName(baseUrl: string): string {
  const clean = baseUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '').replace(/\/v1\/?$/, '');
  const name = clean.split('/')[0] ?? clean;
  if (name.includes('localhost') || name.includes('127.0.0.1')) return `Local (${name})`;
  if (name.toLowerCase().includes('runpod')) return `RunPod (${name})`;
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}

export interface MainAssignInput {
  provider: string;
  model: string;
  baseUrl?: string;
  apiKey?: string;
}

export interface MainAssignResult {
  next: Record<string, unknown>;
  provider: string;
  model: string;
  baseUrl: string;
  staleAux: StaleAux[];
}

/** Tasks pinned to a provider other than `provider` (auto, main and empty never count). */
export function staleAuxTasks(config: Record<string, unknown>, provider: string, taskOrder: readonly string[] = [], options: AssignOptions = {}): StaleAux[] {
  const aux = config.auxiliary;
  if (!isPlainObject(aux)) return [];
  const keys = [...taskOrder.filter((k) => k in aux), ...Object.keys(aux).filter((k) => !taskOrder.includes(k))];
  const target = provider.toLowerCase();
  const out: StaleAux[] = [];
  for (const task of keys) {
    const block = aux[task];
    if (!isPlainObject(block)) continue;
    const id = configuredProviderId(block.provider, 'auxiliary', options);
    if (id === '' || id === 'auto' || id === 'main' || id === target) continue;
    out.push({ task, provider: str(block.provider), model: str(block.model) === 'auto' ? '' : str(block.model) });
  }
  return out;
}

/** `POST /api/model/set` scope main, on a config value. `input.provider` must already be resolved. */
export function applyMainAssignment(config: Record<string, unknown>, input: MainAssignInput, taskOrder: readonly string[] = [], options: AssignOptions = {}): MainAssignResult {
  const provider = input.provider;
  const model = modelForWrite(input.model, provider);
  if (model === '') throw new AppError('INVALID_INPUT', 'provider and model required for main');
  const prev = config.model;
  const block: Record<string, unknown> = isPlainObject(prev) ? { ...prev } : typeof prev === 'string' && prev.trim() !== '' ? { default: prev.trim() } : {};
  const changed = configuredProviderId(block.provider, 'main', options) !== provider.toLowerCase();

  block.provider = provider;
  block.default = model;
  delete block.model;
  delete block.name;

  let baseUrl = input.baseUrl?.trim() ?? '';
  const entry = isPlainObject(config.providers) ? config.providers[provider] : undefined;
  if (baseUrl === '' && isPlainObject(entry) && str(entry.base_url) !== '') baseUrl = str(entry.base_url);
  if (baseUrl !== '') {
    block.base_url = baseUrl;
    delete block.api_base;
  } else if (changed) {
    delete block.base_url;
    delete block.api_base;
  }
  const apiKey = input.apiKey?.trim() ?? '';
  if (apiKey !== '') {
    block.api_key = apiKey;
    delete block.api;
  } else if (changed) {
    for (const k of ['api_key', 'api', 'key_env', 'api_key_env'] as const) delete block[k];
  }
  if (changed) delete block.api_mode;
  delete block.context_length;

  const next: Record<string, unknown> = { ...config, model: block };
  if (provider === 'custom' && input.baseUrl !== undefined && input.baseUrl.trim() !== '') {
    next.custom_providers = recordCustomProvider(config.custom_providers, input.baseUrl.trim(), model, apiKey);
  }
  return { next, provider, model, baseUrl: str(block.base_url), staleAux: staleAuxTasks(next, provider, taskOrder, options) };
}

/** Hermes's `_save_custom_provider`: update the entry with this URL, else append a named one. */
function recordCustomProvider(list: unknown, baseUrl: string, model: string, apiKey: string): unknown[] {
  const entries = Array.isArray(list) ? [...list] : [];
  const norm = (u: unknown) => str(u).replace(/\/+$/, '');
  const at = entries.findIndex((e) => isPlainObject(e) && norm(e.base_url) === norm(baseUrl));
  if (at >= 0) {
    const e = entries[at] as Record<string, unknown>;
    entries[at] = model !== '' ? { ...e, model } : e;
    return entries;
  }
  const entry: Record<string, unknown> = { name: autoProviderName(baseUrl), base_url: baseUrl };
  if (apiKey !== '') entry.api_key = apiKey;
  if (model !== '') entry.model = model;
  entries.push(entry);
  return entries;
}

export interface AuxAssignInput {
  tasks: readonly string[];
  /** Resolved provider id (`auto`, `main`, `custom`, a canonical id, a `providers:` key). */
  provider: string;
  model: string;
  baseUrl?: string;
  apiKey?: string;
}

function auxMap(config: Record<string, unknown>): Record<string, unknown> {
  return isPlainObject(config.auxiliary) ? { ...config.auxiliary } : {};
}

/** Set `auxiliary.<task>.provider/model` for each task, Hermes-style. */
export function applyAuxAssignment(config: Record<string, unknown>, input: AuxAssignInput, options: AssignOptions = {}): { next: Record<string, unknown>; model: string } {
  const model = modelForWrite(input.model, input.provider);
  const aux = auxMap(config);
  const baseUrl = input.baseUrl?.trim() ?? '';
  const apiKey = input.apiKey?.trim() ?? '';
  for (const task of input.tasks) {
    const block: Record<string, unknown> = isPlainObject(aux[task]) ? { ...(aux[task] as Record<string, unknown>) } : {};
    const changed = (configuredProviderId(block.provider, 'auxiliary', options) || 'auto') !== input.provider.toLowerCase();
    block.provider = input.provider;
    block.model = model;
    if (baseUrl !== '') {
      block.base_url = baseUrl;
      if (apiKey !== '') block.api_key = apiKey;
    } else if (changed && input.provider !== 'custom') {
      for (const k of ENDPOINT_KEYS) delete block[k];
    }
    aux[task] = block;
  }
  return { next: { ...config, auxiliary: aux }, model };
}

/**
 * Reset tasks to `provider: auto`, `model: ''`; endpoint keys removed, timeouts and the rest kept.
 * Tasks that are already auto without an endpoint of their own are left byte-for-byte alone.
 */
export function resetAuxTasks(config: Record<string, unknown>, tasks: readonly string[]): { next: Record<string, unknown>; reset: string[] } {
  const aux = auxMap(config);
  const reset: string[] = [];
  for (const task of tasks) {
    const current = aux[task];
    if (!isPlainObject(current)) continue; // no block: already auto
    // Already auto with no endpoint of its own: nothing to reset (and no churn in the file).
    const auto = (configuredProviderId(current.provider, 'auxiliary') || 'auto') === 'auto' && (str(current.model) === '' || str(current.model) === 'auto');
    if (auto && ENDPOINT_KEYS.every((k) => current[k] === undefined || current[k] === null || current[k] === '')) continue;
    const block: Record<string, unknown> = { ...current, provider: 'auto', model: '' };
    for (const k of ENDPOINT_KEYS) delete block[k];
    aux[task] = block;
    reset.push(task);
  }
  if (!isPlainObject(config.auxiliary)) return { next: config, reset };
  return { next: { ...config, auxiliary: aux }, reset };
}

/** Hermes's expensive-model guard (`hermes_cli/model_cost_guard.py`): input > $20/M or output > $100/M. */
export const EXPENSIVE_INPUT_PER_M = 20;
export const EXPENSIVE_OUTPUT_PER_M = 100;

export function expensiveModelMessage(model: string, pricing: { input: number; output: number } | null | undefined): string | null {
  if (!pricing) return null;
  if (pricing.input <= EXPENSIVE_INPUT_PER_M && pricing.output <= EXPENSIVE_OUTPUT_PER_M) return null;
  return `${model} is expensive: $${pricing.input.toFixed(2)} per million input tokens and $${pricing.output.toFixed(2)} per million output tokens. Use it anyway?`;
}
