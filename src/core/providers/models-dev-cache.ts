import fs from 'node:fs';
import { parseModelsDevSnapshot, type ModelsDevSnapshot } from './models-dev';

/**
 * Hermes's own models.dev cache in a home (`agent/models_dev.py` writes `models_dev_cache.json`).
 * When present it is what Hermes itself knows about context windows, capabilities and prices, so
 * the app prefers it over its bundled snapshot.
 */
export const MODELS_DEV_CACHE_FILE = 'models_dev_cache.json';

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

