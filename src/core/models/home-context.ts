/**
 * Everything the model settings need to know about one Hermes home, read fresh per call: the parsed
 * config, `.env` and the process environment (through the credential lookup), auth.json, provider
 * plugins, custom endpoints and the resulting auth status of every provider.
 *
 * Reading is cheap (a handful of small files) and always current, so an edit made in the CLI or a
 * key pasted into `.env` shows up the next time the UI asks — no stale in-memory copy to invalidate.
 */
import path from 'node:path';
import type { AuthStatus, CustomEndpoint, ProviderInfo } from '../../shared/domain/providers';
import { homeCredentialLookup, type CredentialLayer, type CredentialLookup } from '../credentials/credential-lookup';
import {
  buildProviderCatalog,
  computeAuthStatuses,
  readAuthJson,
  readCustomEndpoints,
  readProviderPlugins,
  type AuthJsonSummary,
  type ProviderPlugin,
} from '../providers';
import { isPlainObject } from '../config/plain-value';
import { getModelMeta } from '../providers/curated-models';
import type { ModelsDevSnapshot } from '../providers/models-dev';
import { MODELS_DEV_CACHE_FILE, readModelsDevCache } from '../providers/models-dev-cache';
import type { ModelInfo } from '../../shared/domain/providers';
import type { HomeSession } from '../session';
import { readPluginAuxTasks, type PluginAuxTaskDecl } from './plugin-aux-tasks';

export interface ModelsHomeContext {
  readonly dir: string;
  /** Parsed config.yaml (`{}` when missing; `readOnly` when it does not parse). */
  readonly configJs: Record<string, unknown>;
  readonly configHash: string;
  readonly configReadOnly: boolean;
  readonly dotenv: ReadonlyMap<string, string>;
  readonly credentials: CredentialLookup;
  readonly authJson: AuthJsonSummary | null;
  readonly plugins: readonly ProviderPlugin[];
  readonly pluginAuxTasks: readonly PluginAuxTaskDecl[];
  readonly endpoints: readonly CustomEndpoint[];
  /** Built-ins (with plugin overrides), plugin providers, then user endpoints — Hermes picker order. */
  readonly providers: readonly ProviderInfo[];
  readonly auth: Readonly<Record<string, AuthStatus>>;
  /** Hermes's `models_dev_cache.json` in this home, when it has one. */
  readonly hermesModelsDev: ModelsDevSnapshot | null;
}

export interface LoadContextOptions {
  processEnv: Readonly<Record<string, string | undefined>>;
  /** Extra credential layers (the OS keychain, once it exists). */
  extraCredentialLayers?: readonly CredentialLayer[];
}

/** Read the context for the session's home. Never throws for missing or malformed side files. */
export async function loadModelsHomeContext(session: HomeSession, options: LoadContextOptions): Promise<ModelsHomeContext> {
  const dir = session.dir;
  const [snap, creds, auth, pluginsRead, pluginAuxTasks] = await Promise.all([
    session.config.read(),
    homeCredentialLookup(dir, options.processEnv, options.extraCredentialLayers),
    readAuthJson(dir),
    readProviderPlugins(dir),
    readPluginAuxTasks(dir),
  ]);
  // Profiles fall back to the root home's logins (Hermes reads them read-only).
  const root = session.location.root;
  const fallbackAuth = path.resolve(root) !== path.resolve(dir) ? (await readAuthJson(root)).data : null;
  const configJs = snap.parse.ok && isPlainObject(snap.parse.parsed.value) ? snap.parse.parsed.value : {};
  const plugins = pluginsRead.plugins;
  const endpoints = readCustomEndpoints(configJs, { extraProviders: plugins }).endpoints;
  const providers = buildProviderCatalog({ plugins, configJs });
  const authStatuses = computeAuthStatuses({
    processEnv: options.processEnv,
    dotenv: creds.dotenv,
    authJson: auth.data,
    fallbackAuthJson: fallbackAuth,
    configJs,
    keychainHas: (name) => creds.lookup.keychainHas(name),
    plugins: plugins.map((p) => ({ id: p.id, authType: p.authType, keyEnvVars: p.keyEnvVars })),
  });
  return {
    dir,
    configJs,
    configHash: snap.hash,
    configReadOnly: !snap.parse.ok,
    dotenv: creds.dotenv,
    credentials: creds.lookup,
    authJson: auth.data,
    plugins,
    pluginAuxTasks,
    endpoints,
    providers,
    auth: authStatuses,
    hermesModelsDev: readModelsDevCache(path.join(dir, MODELS_DEV_CACHE_FILE)),
  };
}

/**
 * Model metadata for the picker and the write guard: Hermes's own models.dev cache in the home
 * first (what Hermes itself knows), then the app's bundled snapshot. `from` says which answered.
 */
export function modelMeta(ctx: Pick<ModelsHomeContext, 'hermesModelsDev'>, provider: string, model: string): { meta: ModelInfo; from: 'hermes' | 'bundled' } | null {
  if (ctx.hermesModelsDev) {
    const meta = getModelMeta(provider, model, { snapshot: ctx.hermesModelsDev });
    if (meta) return { meta, from: 'hermes' };
  }
  const meta = getModelMeta(provider, model);
  return meta ? { meta, from: 'bundled' } : null;
}
