import { API_MODES } from '../../shared/domain/providers';
import { isPlainObject } from '../config/plain-value';
import { canonicalProviderId, suggestCanonical, type ExtraProviderIds } from '../providers/aliases';
import { ENV_VAR_NAME } from '../providers/config-access';
import { normalizeModelForProvider } from '../providers/normalize-model';

/**
 * The main model's fallback chain as Hermes reads it (mirrors
 * `hermes_cli/fallback_config.py::get_fallback_chain`): every `fallback_providers` entry in order,
 * then the legacy `fallback_model` entries (one mapping, or a list) that are not duplicates by
 * provider + model + base_url (case-insensitive). Entries without a provider or a model are
 * ignored by Hermes; we keep them visible and flag them.
 */

/** Where an entry is written: the main chain's two keys, or an auxiliary task's `fallback_chain`. */
export type FallbackOrigin = 'fallback_providers' | 'fallback_model' | 'fallback_chain';

export interface ChainEntry {
  /** The entry as written (all fields kept, including ones we do not edit). */
  entry: Record<string, unknown>;
  origin: FallbackOrigin;
  /** Position inside its origin list (0 for a single legacy mapping). */
  index: number;
  /** False when Hermes skips it (no provider or no model). */
  usable: boolean;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function dedupKey(e: Record<string, unknown>): string {
  return [str(e.provider), str(e.model), str(e.base_url)].map((s) => s.toLowerCase()).join('\u0000');
}

function asEntries(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isPlainObject);
  if (isPlainObject(value)) return [value];
  return [];
}

export function effectiveFallbackChain(config: unknown): ChainEntry[] {
  const root = isPlainObject(config) ? config : {};
  const out: ChainEntry[] = [];
  const seen = new Set<string>();
  asEntries(root.fallback_providers).forEach((entry, index) => {
    out.push({ entry, origin: 'fallback_providers', index, usable: !!str(entry.provider) && !!str(entry.model) });
    seen.add(dedupKey(entry));
  });
  asEntries(root.fallback_model).forEach((entry, index) => {
    const key = dedupKey(entry);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ entry, origin: 'fallback_model', index, usable: !!str(entry.provider) && !!str(entry.model) });
  });
  return out;
}

/**
 * The config after the user edited the chain: the whole chain goes to `fallback_providers` and
 * `fallback_model` is removed, as `hermes fallback add|remove|clear` does.
 */
export function withChain(config: Record<string, unknown>, chain: readonly Record<string, unknown>[]): Record<string, unknown> {
  const next: Record<string, unknown> = { ...config, fallback_providers: chain.map((e) => ({ ...e })) };
  delete next.fallback_model;
  return next;
}

/**
 * An auxiliary task's own chain (`auxiliary.<task>.fallback_chain`): `{provider, model?, base_url?,
 * api_key?, key_env?}` entries Hermes tries in order when the task's provider fails, before the main
 * chain (§8.3). The model is optional (empty = the provider's default side-task model).
 */
export function auxFallbackChain(config: unknown, task: string): ChainEntry[] {
  const root = isPlainObject(config) ? config : {};
  const aux = isPlainObject(root.auxiliary) ? root.auxiliary : {};
  const block = isPlainObject(aux[task]) ? aux[task] : {};
  return asEntries(block.fallback_chain).map((entry, index) => ({ entry, origin: 'fallback_chain', index, usable: !!str(entry.provider) }));
}

/** Tasks whose block has a `fallback_chain` key (in file order). */
export function tasksWithAuxChains(config: unknown): string[] {
  const root = isPlainObject(config) ? config : {};
  const aux = isPlainObject(root.auxiliary) ? root.auxiliary : {};
  return Object.entries(aux)
    .filter(([, block]) => isPlainObject(block) && block.fallback_chain !== undefined)
    .map(([task]) => task);
}

/**
 * The config with `auxiliary.<task>.fallback_chain` replaced. An empty chain removes the key (Hermes
 * treats a missing chain and an empty one alike); every other key of the task block stays.
 */
export function withAuxChain(config: Record<string, unknown>, task: string, chain: readonly Record<string, unknown>[]): Record<string, unknown> {
  const hadAux = isPlainObject(config.auxiliary);
  const aux: Record<string, unknown> = hadAux ? { ...(config.auxiliary as Record<string, unknown>) } : {};
  const hadBlock = isPlainObject(aux[task]);
  const block: Record<string, unknown> = hadBlock ? { ...(aux[task] as Record<string, unknown>) } : {};
  if (chain.length === 0) {
    if (!hadBlock || !('fallback_chain' in block)) return config;
    delete block.fallback_chain;
  } else {
    block.fallback_chain = chain.map((e) => ({ ...e }));
  }
  aux[task] = block;
  return { ...config, auxiliary: aux };
}

// ------------------------------------------------------------------------------------ entry edits

/** The fields the editor edits; every other key of an entry (api_key, extra_body, …) is kept. */
export interface EntryEdit {
  provider: string;
  model: string;
  base_url?: string | undefined;
  key_env?: string | undefined;
  api_mode?: string | undefined;
  /** The entry this one was, in the chain as it is on disk: its other keys are kept. */
  source?: { origin: FallbackOrigin; index: number } | undefined;
}

export interface EntryRewrite {
  index: number;
  field: 'provider' | 'model';
  from: string;
  to: string;
}

export interface EntryWriteContext {
  scope: 'main' | 'auxiliary';
  /** User endpoints: `providers:` keys (selected by key) and `custom:<slug>` ids of `custom_providers`. */
  endpointKeys: readonly string[];
  extra?: readonly ExtraProviderIds[];
}

const KEY_ENV_FIELDS = ['key_env', 'api_key_env', 'keyEnv', 'apiKeyEnv'] as const;

/** The key_env an entry names, whichever spelling it uses. */
export function entryKeyEnv(entry: Record<string, unknown>): string {
  for (const k of KEY_ENV_FIELDS) if (str(entry[k]) !== '') return str(entry[k]);
  return '';
}

/**
 * The provider id to write for a value the user typed: a `providers:` key as written, else Hermes's
 * canonical id (aliases resolved, `custom:<name>` slugified). Unknown values come back unchanged —
 * validation reports them and blocks the write.
 */
export function providerForWrite(raw: string, ctx: EntryWriteContext): string {
  const value = raw.trim();
  const lower = value.toLowerCase();
  const key = ctx.endpointKeys.find((k) => k.toLowerCase() === lower);
  if (key !== undefined) return key;
  return canonicalProviderId(value, { context: ctx.scope, extra: ctx.extra }) ?? value;
}

/** The model id as the provider expects it (selectors like `main`/`auto` keep it as given). */
export function modelIdForWrite(model: string, provider: string): string {
  const id = model.trim();
  if (id === '' || provider === 'auto' || provider === 'main' || provider === 'openai') return id;
  return normalizeModelForProvider(id, provider);
}

/**
 * One entry as it will be written. Starting from the entry it was (`original`, or a new mapping):
 * a field the user left as it is keeps its spelling (and its bytes); a changed provider is written
 * canonically and takes the model normalised for it (an inline `api_key` of the old provider is
 * dropped: it belongs to another host); a changed model is normalised; an emptied `base_url` /
 * `key_env` / `api_mode` is removed. Keys the editor does not know are kept.
 */
export function applyEntryEdit(original: Record<string, unknown> | null, edit: EntryEdit, index: number, ctx: EntryWriteContext): { entry: Record<string, unknown>; rewrites: EntryRewrite[] } {
  const rewrites: EntryRewrite[] = [];
  const next: Record<string, unknown> = original ? { ...original } : {};
  const oldProvider = original ? str(original.provider) : '';
  const wantProvider = edit.provider.trim();
  let provider = oldProvider;
  const providerChanged = wantProvider !== oldProvider;
  if (providerChanged) {
    provider = wantProvider === '' ? '' : providerForWrite(wantProvider, ctx);
    if (provider !== wantProvider) rewrites.push({ index, field: 'provider', from: wantProvider, to: provider });
    if (provider === '') delete next.provider;
    else next.provider = provider;
    if (original && canonicalOf(oldProvider, ctx) !== canonicalOf(provider, ctx)) {
      delete next.api_key;
      delete next.api;
    }
  }
  const oldModel = original ? str(original.model) : '';
  const wantModel = edit.model.trim();
  if (wantModel !== oldModel || providerChanged) {
    const model = modelIdForWrite(wantModel, canonicalOf(provider, ctx));
    if (model !== wantModel) rewrites.push({ index, field: 'model', from: wantModel, to: model });
    if (model !== '') next.model = model;
    else if (!(original && 'model' in original && oldModel === '')) delete next.model;
  }
  setOptional(next, ['base_url', 'api_base', 'url'], edit.base_url);
  setOptional(next, KEY_ENV_FIELDS, edit.key_env);
  setOptional(next, ['api_mode'], edit.api_mode);
  if (!original) return { entry: ordered(next), rewrites };
  return { entry: next, rewrites };
}

function canonicalOf(provider: string, ctx: EntryWriteContext): string {
  if (provider === '') return '';
  return canonicalProviderId(provider, { context: ctx.scope, extra: ctx.extra }) ?? provider.toLowerCase();
}

/** Sets the first existing spelling of a field (or the first name) to `value`; '' removes every spelling. */
function setOptional(entry: Record<string, unknown>, names: readonly string[], value: string | undefined): void {
  if (value === undefined) return;
  const want = value.trim();
  const present = names.find((n) => entry[n] !== undefined);
  const current = present === undefined ? '' : str(entry[present]);
  if (want === current) return;
  if (want === '') {
    for (const n of names) delete entry[n];
    return;
  }
  entry[present ?? names[0]!] = want;
}

const ENTRY_ORDER = ['provider', 'model', 'base_url', 'key_env', 'api_key_env', 'api_mode'];

/** A new entry's keys in the order `hermes fallback add` writes them. */
function ordered(entry: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ENTRY_ORDER) if (k in entry) out[k] = entry[k];
  for (const [k, v] of Object.entries(entry)) if (!(k in out)) out[k] = v;
  return out;
}

// ------------------------------------------------------------------------------------- validation

export type ChainProblemCode =
  | 'missing_provider'
  | 'missing_model'
  | 'unknown_provider'
  | 'alias_provider'
  | 'same_as_primary'
  | 'no_credentials'
  | 'missing_base_url'
  | 'invalid_base_url'
  | 'invalid_key_env'
  | 'invalid_api_mode'
  | 'unknown_custom_endpoint'
  | 'duplicate';

export interface ChainProblem {
  index: number;
  severity: 'error' | 'warning';
  code: ChainProblemCode;
  field?: 'provider' | 'model' | 'base_url' | 'key_env' | 'api_mode';
  message: string;
  /** For alias/unknown providers: the canonical id to use instead. */
  suggestion?: string;
}

export interface ChainContext {
  /** The model the chain backs up: the main model, or the auxiliary task's own provider/model. */
  primary: { provider: string; model: string; baseUrl?: string };
  /** Whether Hermes would find credentials for a (canonical) provider id. */
  hasCredentials: (providerId: string) => boolean;
  /** `custom:<slug>` ids and `providers:` keys the config defines. */
  customProviderIds: ReadonlySet<string>;
  /** `main` (default): the main model's chain; `auxiliary`: a task's `fallback_chain` (model optional). */
  scope?: 'main' | 'auxiliary';
  extra?: readonly ExtraProviderIds[];
}

const API_MODE_SET: ReadonlySet<string> = new Set(API_MODES);

function validUrl(url: string): boolean {
  if (/\$\{[^}]+\}/.test(url)) return true;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '';
  } catch {
    return false;
  }
}

/** Problems in a chain, per entry, worded for the UI. Errors block saving; warnings do not. */
export function validateChain(chain: readonly Record<string, unknown>[], ctx: ChainContext): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const seen = new Map<string, number>();
  const scope = ctx.scope ?? 'main';
  const customIds = new Set([...ctx.customProviderIds].map((id) => id.toLowerCase()));
  chain.forEach((entry, index) => {
    const provider = str(entry.provider);
    const model = str(entry.model);
    const baseUrl = str(entry.base_url) || str(entry.api_base) || str(entry.url);
    const keyEnv = entryKeyEnv(entry);
    const apiMode = str(entry.api_mode);
    if (!provider) problems.push({ index, severity: 'error', code: 'missing_provider', field: 'provider', message: 'Choose a provider.' });
    if (!model && scope === 'main') problems.push({ index, severity: 'error', code: 'missing_model', field: 'model', message: 'Choose a model.' });
    if (baseUrl && !validUrl(baseUrl)) {
      problems.push({ index, severity: 'error', code: 'invalid_base_url', field: 'base_url', message: 'The base URL needs a scheme and a host, e.g. http://localhost:11434/v1.' });
    }
    if (keyEnv && !ENV_VAR_NAME.test(keyEnv)) {
      problems.push({ index, severity: 'error', code: 'invalid_key_env', field: 'key_env', message: `"${keyEnv}" is not an environment variable name (letters, digits and _).` });
    }
    if (apiMode && !API_MODE_SET.has(apiMode)) {
      problems.push({ index, severity: 'error', code: 'invalid_api_mode', field: 'api_mode', message: `Hermes ignores the API mode "${apiMode}"; use one of ${API_MODES.join(', ')}, or leave it empty to detect it.` });
    }
    if (!provider) return;
    const lower = provider.toLowerCase();
    const isSpecial = scope === 'auxiliary' && (lower === 'main' || lower === 'auto' || lower === 'openai');
    const isCustom = lower === 'custom' || lower.startsWith('custom:') || customIds.has(lower);
    const canonical = isCustom || isSpecial ? lower : canonicalProviderId(provider, { context: scope, extra: ctx.extra });
    if (!isCustom && !isSpecial && canonical === null) {
      const suggestion = suggestCanonical(provider, ctx.extra) ?? undefined;
      problems.push({
        index,
        severity: 'error',
        code: 'unknown_provider',
        field: 'provider',
        message: `Hermes does not know the provider "${provider}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        ...(suggestion !== undefined && { suggestion }),
      });
      return;
    }
    if (canonical && canonical !== provider && !isCustom && !isSpecial) {
      problems.push({
        index,
        severity: 'warning',
        code: 'alias_provider',
        field: 'provider',
        message: `"${provider}" is an alias; Hermes's canonical id is "${canonical}".`,
        suggestion: canonical,
      });
    }
    if (lower === 'custom' && !baseUrl) {
      problems.push({ index, severity: 'error', code: 'missing_base_url', field: 'base_url', message: 'A custom endpoint entry needs a base URL.' });
    }
    if (lower.startsWith('custom:') && !customIds.has(lower)) {
      problems.push({ index, severity: 'error', code: 'unknown_custom_endpoint', field: 'provider', message: `No custom endpoint named "${provider.slice(7)}" is defined.` });
    }
    const id = canonical ?? provider;
    const primaryId = canonicalProviderId(ctx.primary.provider, { context: scope, extra: ctx.extra }) ?? ctx.primary.provider.toLowerCase();
    // Hermes skips an entry equal to the current provider + model, or base_url + model.
    const primaryUrl = (ctx.primary.baseUrl ?? '').replace(/\/+$/, '');
    if (model && model === ctx.primary.model && (id === primaryId || (baseUrl !== '' && baseUrl.replace(/\/+$/, '') === primaryUrl))) {
      problems.push({ index, severity: 'warning', code: 'same_as_primary', message: scope === 'main' ? 'This is the main model itself; Hermes skips it when falling back.' : "This is the task's own model; Hermes skips it when falling back." });
    }
    if (!isCustom && !isSpecial && !ctx.hasCredentials(id)) {
      problems.push({ index, severity: 'warning', code: 'no_credentials', field: 'provider', message: `No credentials for ${id}: Hermes skips this entry until a key is set.` });
    }
    const key = dedupKey(entry);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ index, severity: 'warning', code: 'duplicate', message: `Same as entry ${first + 1}; Hermes would try it twice.` });
    } else seen.set(key, index);
  });
  return problems;
}
