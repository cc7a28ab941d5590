import { isPlainObject } from '../config/plain-value';
import { canonicalProviderId, suggestCanonical } from '../providers/aliases';

/**
 * The main model's fallback chain as Hermes reads it (mirrors
 * `hermes_cli/fallback_config.py::get_fallback_chain`): every `fallback_providers` entry in order,
 * then the legacy `fallback_model` entries (one mapping, or a list) that are not duplicates by
 * provider + model + base_url (case-insensitive). Entries without a provider or a model are
 * ignored by Hermes; we keep them visible and flag them.
 */

export type FallbackOrigin = 'fallback_providers' | 'fallback_model';

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

export type ChainProblemCode =
  | 'missing_provider'
  | 'missing_model'
  | 'unknown_provider'
  | 'alias_provider'
  | 'same_as_primary'
  | 'no_credentials'
  | 'missing_base_url'
  | 'unknown_custom_endpoint'
  | 'duplicate';

export interface ChainProblem {
  index: number;
  severity: 'error' | 'warning';
  code: ChainProblemCode;
  field?: 'provider' | 'model' | 'base_url';
  message: string;
  /** For alias/unknown providers: the canonical id to use instead. */
  suggestion?: string;
}

export interface ChainContext {
  primary: { provider: string; model: string; baseUrl?: string };
  /** Whether Hermes would find credentials for a (canonical) provider id. */
  hasCredentials: (providerId: string) => boolean;
  /** `custom:<slug>` ids and `providers:` keys the config defines. */
  customProviderIds: ReadonlySet<string>;
}

/** Problems in a chain, per entry, worded for the UI. Errors block saving; warnings do not. */
export function validateChain(chain: readonly Record<string, unknown>[], ctx: ChainContext): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const seen = new Map<string, number>();
  chain.forEach((entry, index) => {
    const provider = str(entry.provider);
    const model = str(entry.model);
    const baseUrl = str(entry.base_url);
    if (!provider) problems.push({ index, severity: 'error', code: 'missing_provider', field: 'provider', message: 'Choose a provider.' });
    if (!model) problems.push({ index, severity: 'error', code: 'missing_model', field: 'model', message: 'Choose a model.' });
    if (!provider) return;
    const isCustom = provider === 'custom' || provider.startsWith('custom:') || ctx.customProviderIds.has(provider);
    const canonical = isCustom ? provider : canonicalProviderId(provider, { context: 'main' });
    if (!isCustom && canonical === null) {
      const suggestion = suggestCanonical(provider) ?? undefined;
      problems.push({
        index,
        severity: 'error',
        code: 'unknown_provider',
        field: 'provider',
        message: `Hermes does not know the provider "${provider}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        suggestion,
      });
      return;
    }
    if (canonical && canonical !== provider && !isCustom) {
      problems.push({
        index,
        severity: 'warning',
        code: 'alias_provider',
        field: 'provider',
        message: `"${provider}" is an alias; Hermes's canonical id is "${canonical}".`,
        suggestion: canonical,
      });
    }
    if (provider === 'custom' && !baseUrl) {
      problems.push({ index, severity: 'error', code: 'missing_base_url', field: 'base_url', message: 'A custom endpoint entry needs a base URL.' });
    }
    if (provider.startsWith('custom:') && !ctx.customProviderIds.has(provider)) {
      problems.push({ index, severity: 'error', code: 'unknown_custom_endpoint', field: 'provider', message: `No custom endpoint named "${provider.slice(7)}" is defined.` });
    }
    const id = canonical ?? provider;
    if (model && id === (canonicalProviderId(ctx.primary.provider, { context: 'main' }) ?? ctx.primary.provider) && model === ctx.primary.model && baseUrl === (ctx.primary.baseUrl ?? '')) {
      problems.push({ index, severity: 'warning', code: 'same_as_primary', message: 'This is the main model itself; Hermes skips it when falling back.' });
    }
    if (!isCustom && !ctx.hasCredentials(id)) {
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
