/**
 * Capabilities for usage rows: the providers module's `ModelInfo` (models.dev data) turned into the
 * shape Hermes attaches to its analytics rows (`agent/models_dev.py::get_model_capabilities`):
 * `{supports_tools, supports_vision, supports_reasoning, context_window, max_output_tokens, model_family}`.
 *
 * Source order: Hermes's own `<home>/models_dev_cache.json` (what Hermes itself reads), then the app's
 * bundled snapshot for models that cache does not know (Hermes answers `{}` there; we can do better when
 * the snapshot knows the model). A missing or malformed cache file is simply skipped.
 */
import path from 'node:path';
import type { ModelInfo } from '../../shared/domain/providers';
import type { CapabilitiesLookup, UsageCapabilities } from '../../shared/domain/usage';
import { getModelMeta } from '../providers/curated-models';
import type { ModelsDevSnapshot } from '../providers/models-dev';
import { MODELS_DEV_CACHE_FILE, readModelsDevCache } from '../providers/models-dev-cache';

export { MODELS_DEV_CACHE_FILE, readModelsDevCache };

/** `ModelInfo` → Hermes's capabilities dict. Unknown booleans are `false`, as `bool(entry.get(...))` gives. */
export function toUsageCapabilities(info: ModelInfo): UsageCapabilities {
  return {
    supports_tools: info.capabilities.tools === true,
    supports_vision: info.capabilities.vision === true,
    supports_reasoning: info.capabilities.reasoning === true,
    context_window: info.contextWindow ?? null,
    max_output_tokens: info.maxOutput ?? null,
    model_family: info.family ?? null,
  };
}

export interface CapabilitiesOptions {
  /** A Hermes home: its `models_dev_cache.json` is consulted first. */
  home?: string;
  /** Catalogues to try in order (tests); default: the home's cache (if any), then the bundled snapshot. */
  snapshots?: Array<ModelsDevSnapshot | undefined>;
}

/**
 * A `CapabilitiesLookup` for the usage engine: `(billing_provider, model) → capabilities | null`.
 * Answers are memoised (a page asks for the same few routes on every query).
 */
export function createCapabilitiesLookup(options: CapabilitiesOptions = {}): CapabilitiesLookup {
  let sources: Array<ModelsDevSnapshot | undefined> | null = options.snapshots ?? null;
  const memo = new Map<string, UsageCapabilities | null>();
  return (provider, model) => {
    const key = `${provider}\u0000${model}`;
    if (memo.has(key)) return memo.get(key) ?? null;
    if (!sources) {
      const cache = options.home ? readModelsDevCache(path.join(options.home, MODELS_DEV_CACHE_FILE)) : null;
      // `undefined` = the bundled snapshot (getModelMeta's default).
      sources = cache ? [cache, undefined] : [undefined];
    }
    let found: UsageCapabilities | null = null;
    for (const snapshot of sources) {
      const info = getModelMeta(provider, model, snapshot ? { snapshot } : {});
      if (info) {
        found = toUsageCapabilities(info);
        break;
      }
    }
    memo.set(key, found);
    return found;
  };
}
