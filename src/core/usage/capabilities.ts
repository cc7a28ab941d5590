/**
 * Capabilities for usage rows: the providers module's `ModelInfo` (models.dev data) turned into the
 * shape Hermes attaches to its analytics rows (`agent/models_dev.py::get_model_capabilities`):
 * `{supports_tools, supports_vision, supports_reasoning, context_window, max_output_tokens, model_family}`.
 *
 * Source order: Hermes's own `<home>/models_dev_cache.json` (what Hermes itself reads), then the app's
 * bundled snapshot for models that cache does not know (Hermes answers `{}` there; we can do better when
 * the snapshot knows the model). A missing or malformed cache file is simply skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ModelInfo } from '../../shared/domain/providers';
import type { CapabilitiesLookup, UsageCapabilities } from '../../shared/domain/usage';
import { getModelMeta } from '../providers/curated-models';
import { parseModelsDevSnapshot, type ModelsDevSnapshot } from '../providers/models-dev';

/** Hermes's models.dev cache in a home (`agent/models_dev.py`). */
export const MODELS_DEV_CACHE_FILE = 'models_dev_cache.json';

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

/** Reads an api.json-shaped cache; `null` when absent, unreadable or holding no providers. */
export function readModelsDevCache(file: string): ModelsDevSnapshot | null {
  let raw: unknown;
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > 64 * 1024 * 1024) return null;
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  let snapshot = parseModelsDevSnapshot(raw);
  // Tolerate a wrapper object ({data: <api.json>}) should a Hermes version write one.
  if (Object.keys(snapshot).length === 0 && typeof raw === 'object' && raw !== null && 'data' in raw) {
    snapshot = parseModelsDevSnapshot((raw as { data: unknown }).data);
  }
  return Object.keys(snapshot).length > 0 ? snapshot : null;
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
