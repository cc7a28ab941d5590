/**
 * The provider list the UI shows: built-ins in picker order with user plugins layered on top, then
 * the user's own endpoints from config.yaml.
 *
 * Plugins replace a built-in of the same id in place (Hermes lets a user plugin override a bundled
 * profile), new plugin providers follow the built-ins, and user endpoints come last — the same order
 * as Hermes's `/api/model/options` ("canonical order, custom rows last").
 */
import type { ProviderInfo } from '../../shared/domain/providers';
import { aliasesOf } from './aliases';
import { readActiveBareCustom, readCustomEndpoints } from './custom-endpoints';
import { isPluginEnabled, type ProviderPlugin } from './plugins';
import { BUILTIN_PROVIDERS, type BuiltinProvider } from './registry';

export interface ProviderCatalogInput {
  plugins?: readonly ProviderPlugin[];
  /** Parsed config.yaml (plain JS); `providers`, `custom_providers`, `model` and `plugins` are read. */
  configJs?: unknown;
}

function fromBuiltin(p: BuiltinProvider): ProviderInfo {
  return {
    id: p.id,
    label: p.label,
    authType: p.authType,
    keyEnvVars: [...p.keyEnvVars],
    ...(p.baseUrlEnvVar !== undefined && { baseUrlEnvVar: p.baseUrlEnvVar }),
    defaultBaseUrl: p.defaultBaseUrl,
    ...(p.baseUrlHint !== undefined && { baseUrlHint: p.baseUrlHint }),
    apiMode: p.apiMode,
    aggregator: p.aggregator,
    source: 'builtin',
    enabled: true,
    aliases: aliasesOf(p.id),
  };
}

function fromPlugin(p: ProviderPlugin, replaced: ProviderInfo | undefined, configJs: unknown): ProviderInfo {
  return {
    id: p.id,
    label: p.label,
    authType: p.authType,
    keyEnvVars: [...p.keyEnvVars],
    ...(p.baseUrlEnvVar !== undefined && { baseUrlEnvVar: p.baseUrlEnvVar }),
    defaultBaseUrl: p.defaultBaseUrl,
    // A plugin that only overrides behaviour keeps the built-in's wire protocol marker.
    apiMode: p.dataFrom === 'id-only' && replaced !== undefined ? replaced.apiMode : p.apiMode,
    aggregator: replaced?.aggregator ?? false,
    source: 'plugin',
    enabled: isPluginEnabled(p, configJs),
    aliases: [...new Set([...(replaced?.aliases ?? []), ...p.aliases])],
    ...(p.description !== undefined && { description: p.description }),
  };
}

/** Build the full provider list (see module doc for the order). */
export function buildProviderCatalog(input: ProviderCatalogInput = {}): ProviderInfo[] {
  const { plugins = [], configJs } = input;
  const rows: ProviderInfo[] = BUILTIN_PROVIDERS.map(fromBuiltin);
  const index = new Map(rows.map((row, i) => [row.id, i]));

  for (const plugin of plugins) {
    const at = index.get(plugin.id);
    if (at !== undefined) {
      const replaced = rows[at];
      // id-only plugins (data in code we cannot read) keep the built-in's data, marked as plugin-owned.
      rows[at] =
        plugin.dataFrom === 'id-only' && replaced !== undefined
          ? { ...replaced, source: 'plugin', enabled: isPluginEnabled(plugin, configJs) }
          : fromPlugin(plugin, replaced, configJs);
    } else {
      index.set(plugin.id, rows.length);
      rows.push(fromPlugin(plugin, undefined, configJs));
    }
  }

  const { endpoints, overrides } = readCustomEndpoints(configJs, { extraProviders: plugins });
  for (const override of overrides) {
    const at = index.get(override.providerId);
    const row = at === undefined ? undefined : rows[at];
    if (row !== undefined && at !== undefined && !override.enabled) rows[at] = { ...row, enabled: false };
  }

  const bare = readActiveBareCustom(configJs);
  const customAt = index.get('custom');
  const customRow = customAt === undefined ? undefined : rows[customAt];
  if (bare !== null && customRow !== undefined && customAt !== undefined) {
    rows[customAt] = { ...customRow, source: 'model-config', defaultBaseUrl: bare.baseUrl };
  }

  for (const endpoint of endpoints) {
    rows.push({
      id: endpoint.slug,
      label: endpoint.name,
      authType: 'api_key',
      keyEnvVars: endpoint.keyEnv === undefined ? [] : [endpoint.keyEnv],
      defaultBaseUrl: endpoint.baseUrl,
      apiMode: endpoint.apiMode ?? 'url-detected',
      aggregator: false,
      source: endpoint.origin === 'providers' ? 'user-config' : 'custom-providers',
      enabled: endpoint.enabled,
      aliases: [],
    });
  }
  return rows;
}
