/**
 * User model-provider plugins of a Hermes home.
 *
 * Hermes discovers provider plugins in `<home>/plugins/model-providers/<dir>/` and in plugins that
 * `hermes plugins install` cloned flat into `<home>/plugins/<dir>/` with `kind: model-provider`.
 * A real plugin is `plugin.yaml` (a manifest: `name`, `kind`, `version`, `description`, `author`,
 * optional `provider_ids`) plus `__init__.py`, which builds a `ProviderProfile` in Python. The editor
 * never runs plugin code; it reads:
 *   1. literal `ProviderProfile(...)` keyword arguments from `__init__.py` (see
 *      `python-profile-literals.ts`);
 *   2. otherwise profile fields written directly in `plugin.yaml` — our documented extension for
 *      data-only plugins: `name` (provider id), `aliases`, `display_name`, `description`, `env_vars`,
 *      `base_url`, `api_mode`, `auth_type`, `default_aux_model`, `fallback_models`, `models`;
 *   3. otherwise only the id (`provider_ids`, else the directory name).
 * Same-id plugins found later win (user plugins override bundled and built-in ones, as in Hermes).
 * A broken plugin never breaks the scan: it is skipped and reported in `problems`.
 * Mirrors `providers/__init__.py` (`_scan_home_layer`, `_declares_model_provider_kind`).
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { ApiMode } from '../../shared/domain/providers';
import { isValidApiMode } from './api-mode';
import { field, isRecord, nonEmptyString } from './config-access';
import { extractProfileCalls, type PyKwargs } from './python-profile-literals';

/** A provider profile contributed by a user plugin. */
export interface ProviderPlugin {
  /** Canonical provider id (`ProviderProfile.name`). */
  id: string;
  label: string;
  description?: string;
  aliases: string[];
  /** Key env vars in order (the profile's `env_vars` minus `*_BASE_URL` ones). */
  keyEnvVars: string[];
  baseUrlEnvVar?: string;
  defaultBaseUrl: string | null;
  apiMode: ApiMode;
  authType: string;
  defaultAuxModel?: string;
  fallbackModels: string[];
  /** Model ids listed in `plugin.yaml` `models` (extension). */
  models: string[];
  healthCheck: boolean;
  /** Plugin directory and the manifest's identity, for display and enable/disable matching. */
  dir: string;
  manifestName?: string;
  version?: string;
  /** Where the profile data was read from. */
  dataFrom: 'python' | 'manifest' | 'id-only';
}

export interface PluginProblem {
  path: string;
  message: string;
}

export interface ReadPluginsResult {
  plugins: ProviderPlugin[];
  problems: PluginProblem[];
}

const MANIFEST_NAMES = ['plugin.yaml', 'plugin.yml'] as const;
const PROFILE_FIELDS = [
  'aliases',
  'display_name',
  'env_vars',
  'base_url',
  'api_mode',
  'auth_type',
  'default_aux_model',
  'fallback_models',
  'models',
] as const;
/** Plugin source files larger than this are not read (a profile module is a few KB). */
const MAX_SOURCE_BYTES = 512 * 1024;

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value.trim()];
  if (!Array.isArray(value)) return [];
  return value.map((v) => (typeof v === 'string' ? v.trim() : '')).filter((v) => v !== '');
}

/** `models` as a list of ids, a `[{id}]` list or an `id → settings` map. */
function modelIds(value: unknown): string[] {
  if (isRecord(value)) return Object.keys(value);
  if (!Array.isArray(value)) return [];
  return value
    .map((v) => (typeof v === 'string' ? nonEmptyString(v) : nonEmptyString(field(v, 'id'))))
    .filter((v): v is string => v !== undefined);
}

/** Turn profile fields (from Python literals or YAML) into a plugin row; problems for bad values. */
function toPlugin(
  fields: Readonly<Record<string, unknown>>,
  id: string,
  base: Pick<ProviderPlugin, 'dir' | 'manifestName' | 'version' | 'dataFrom'>,
  problemPath: string,
  problems: PluginProblem[],
): ProviderPlugin {
  const envVars = stringList(fields.env_vars);
  const baseUrlEnvVar = envVars.find((v) => v.endsWith('_BASE_URL'));
  const rawMode = nonEmptyString(fields.api_mode);
  let apiMode: ApiMode = 'chat_completions';
  if (rawMode !== undefined) {
    if (isValidApiMode(rawMode)) apiMode = rawMode;
    else problems.push({ path: problemPath, message: `provider "${id}": unknown api_mode "${rawMode}", using chat_completions` });
  }
  const plugin: ProviderPlugin = {
    id,
    label: nonEmptyString(fields.display_name) ?? id,
    aliases: stringList(fields.aliases).map((a) => a.toLowerCase()),
    keyEnvVars: envVars.filter((v) => !v.endsWith('_BASE_URL')),
    defaultBaseUrl: nonEmptyString(fields.base_url) ?? null,
    apiMode,
    authType: nonEmptyString(fields.auth_type) ?? 'api_key',
    fallbackModels: stringList(fields.fallback_models),
    models: modelIds(fields.models),
    healthCheck: fields.supports_health_check !== false,
    ...base,
  };
  const description = nonEmptyString(fields.description);
  if (description !== undefined) plugin.description = description;
  if (baseUrlEnvVar !== undefined) plugin.baseUrlEnvVar = baseUrlEnvVar;
  const aux = nonEmptyString(fields.default_aux_model);
  if (aux !== undefined) plugin.defaultAuxModel = aux;
  return plugin;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function readOptional(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_SOURCE_BYTES) return null;
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

interface Manifest {
  path: string;
  data: Record<string, unknown>;
}

/** Parse the manifest of a plugin dir; `null` + problem when missing or malformed. */
async function readManifest(dir: string, problems: PluginProblem[], required: boolean): Promise<Manifest | null> {
  for (const name of MANIFEST_NAMES) {
    const file = path.join(dir, name);
    const text = await readOptional(file);
    if (text === null) continue;
    const doc = parseDocument(text, { version: '1.1', prettyErrors: false });
    const firstError = doc.errors[0];
    if (firstError !== undefined) {
      problems.push({ path: file, message: `invalid YAML: ${firstError.message.split('\n')[0] ?? 'parse error'}` });
      return null;
    }
    const data: unknown = doc.toJS();
    if (!isRecord(data)) {
      problems.push({ path: file, message: 'plugin manifest must be a mapping' });
      return null;
    }
    return { path: file, data };
  }
  if (required) problems.push({ path: dir, message: 'no plugin.yaml in plugin directory' });
  return null;
}

/** Read one plugin directory into zero or more providers. */
async function readPluginDir(dir: string, flatInstall: boolean, problems: PluginProblem[]): Promise<ProviderPlugin[]> {
  const manifest = await readManifest(dir, problems, !flatInstall);
  if (manifest === null) return [];
  const kind = nonEmptyString(manifest.data.kind);
  if (flatInstall && kind !== 'model-provider') return []; // another kind of plugin: not ours
  if (kind !== undefined && kind !== 'model-provider') {
    problems.push({ path: manifest.path, message: `kind is "${kind}", expected "model-provider"; skipped` });
    return [];
  }
  const base = {
    dir,
    ...(nonEmptyString(manifest.data.name) !== undefined && { manifestName: nonEmptyString(manifest.data.name) }),
    ...(manifest.data.version !== undefined && manifest.data.version !== null && { version: String(manifest.data.version) }),
  };

  const source = await readOptional(path.join(dir, '__init__.py'));
  const calls: PyKwargs[] = source === null ? [] : extractProfileCalls(source);
  if (calls.length > 0) {
    return calls.map((kwargs) => {
      const id = String(kwargs.name).trim().toLowerCase();
      return toPlugin(kwargs, id, { ...base, dataFrom: 'python' }, path.join(dir, '__init__.py'), problems);
    });
  }

  const declaredIds = stringList(manifest.data.provider_ids).map((id) => id.toLowerCase());
  if (PROFILE_FIELDS.some((f) => manifest.data[f] !== undefined)) {
    const id = (declaredIds[0] ?? nonEmptyString(manifest.data.name) ?? path.basename(dir)).toLowerCase();
    return [toPlugin(manifest.data, id, { ...base, dataFrom: 'manifest' }, manifest.path, problems)];
  }
  const ids = declaredIds.length > 0 ? declaredIds : [path.basename(dir).toLowerCase()];
  const description = nonEmptyString(manifest.data.description);
  return ids.map((id) =>
    toPlugin(description === undefined ? {} : { description }, id, { ...base, dataFrom: 'id-only' }, manifest.path, problems),
  );
}

async function listDirs(parent: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(parent, { withFileTypes: true });
  } catch {
    return [];
  }
  const names = entries
    .map((e) => e.name)
    .filter((name) => !name.startsWith('_') && !name.startsWith('.'))
    .sort();
  const dirs: string[] = [];
  for (const name of names) {
    const full = path.join(parent, name);
    if (await isDirectory(full)) dirs.push(full); // follows symlinks, like Path.is_dir()
  }
  return dirs;
}

/**
 * Read every user provider plugin of `homeDir`: `plugins/model-providers/*` first, then flat
 * `plugins/*` installs declaring `kind: model-provider`, each in name order; a later plugin with the
 * same provider id replaces an earlier one (reported as a problem so the user sees the shadowing).
 */
export async function readProviderPlugins(homeDir: string): Promise<ReadPluginsResult> {
  const problems: PluginProblem[] = [];
  const byId = new Map<string, ProviderPlugin>();
  const pluginsRoot = path.join(homeDir, 'plugins');
  const scan: Array<[dir: string, flat: boolean]> = [
    ...(await listDirs(path.join(pluginsRoot, 'model-providers'))).map((d): [string, boolean] => [d, false]),
    ...(await listDirs(pluginsRoot))
      .filter((d) => path.basename(d) !== 'model-providers')
      .map((d): [string, boolean] => [d, true]),
  ];
  for (const [dir, flat] of scan) {
    let found: ProviderPlugin[];
    try {
      found = await readPluginDir(dir, flat, problems);
    } catch (error) {
      problems.push({ path: dir, message: `could not read plugin: ${(error as Error).message}` });
      continue;
    }
    for (const plugin of found) {
      const earlier = byId.get(plugin.id);
      if (earlier !== undefined) {
        problems.push({ path: dir, message: `provider "${plugin.id}" is also defined in ${earlier.dir}; this one wins` });
        byId.delete(plugin.id);
      }
      byId.set(plugin.id, plugin);
    }
  }
  return { plugins: [...byId.values()], problems };
}

/**
 * Whether Hermes would load the plugin: not listed in `plugins.disabled`, and — when the config has
 * a `plugins.enabled` list (newer Hermes makes user plugins opt-in) — listed there. A plugin matches by
 * manifest name, directory name or provider id.
 */
export function isPluginEnabled(plugin: ProviderPlugin, configJs: unknown): boolean {
  const names = new Set([plugin.id, path.basename(plugin.dir), plugin.manifestName].filter((n): n is string => n !== undefined));
  const listed = (value: unknown): boolean => stringList(value).some((n) => names.has(n));
  const plugins = field(configJs, 'plugins');
  if (listed(field(plugins, 'disabled'))) return false;
  const enabled = field(plugins, 'enabled');
  return Array.isArray(enabled) ? listed(enabled) : true;
}
