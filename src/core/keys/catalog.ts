/**
 * The set of key env vars the Keys page shows, grouped by the provider (or endpoint) that owns them,
 * plus the credentials in config.yaml that are not env vars (inline `api_key`s).
 *
 * Membership, like Hermes's own Keys page (`/api/env`): every key env var of every built-in and
 * plugin provider, every `key_env` of custom endpoints, aux tasks and fallback entries, every
 * variable an inline `api_key: ${VAR}` references, and — as "Other keys" — anything stored in the
 * keychain or defined in `.env` whose name looks like a secret.
 */
import { canonicalProviderId, type ProviderContext } from '../providers/aliases';
import { ENV_VAR_NAME, envReferenceName, field, firstString, isRecord, nonEmptyString } from '../providers/config-access';
import { readCustomEndpoints } from '../providers/custom-endpoints';
import { BUILTIN_PROVIDERS, getBuiltinProvider } from '../providers/registry';
import { isSecretKey } from '../secrets/mask-text';
import type { InlineKeyValue } from './inventory';

export interface PluginKeyInfo {
  id: string;
  label: string;
  authType: string;
  keyEnvVars: readonly string[];
  aliases?: readonly string[];
  baseUrlEnvVar?: string;
  defaultBaseUrl?: string | null;
  apiMode?: string;
  defaultAuxModel?: string;
  healthCheck?: boolean;
}

export interface KeyGroupDef {
  id: string;
  label: string;
  authType: string;
  names: string[];
  note?: string;
}

/** An inline `api_key` in config.yaml: a literal value, or a `${VAR}` reference. */
export interface InlineKey {
  /** The provider group it belongs to. */
  group: string;
  location: string;
  /** Literal value (core-only), absent for references. */
  value?: string;
  reference?: string;
  /** The entry's `key_env`, when it has one (the inline key then competes with that variable). */
  keyEnv?: string;
}

export interface KeyCatalog {
  groups: KeyGroupDef[];
  /** name → provider ids / endpoint slugs that read it. */
  usedBy: Map<string, Set<string>>;
  inline: InlineKey[];
}

const KEY_ENV_FIELDS = ['key_env', 'api_key_env', 'keyEnv', 'apiKeyEnv'] as const;

function keyEnvOf(entry: unknown): string | undefined {
  if (!isRecord(entry)) return undefined;
  const found = firstString(entry, KEY_ENV_FIELDS);
  return found !== undefined && ENV_VAR_NAME.test(found.value) ? found.value : undefined;
}

function groupOf(provider: unknown, context: ProviderContext): string {
  const id = canonicalProviderId(nonEmptyString(provider), { context });
  if (id === null || id === 'auto' || id === 'main') return 'other';
  if (id === 'openai' && context === 'auxiliary') return 'openai-api';
  return id;
}

const NOTES: Record<string, string> = {
  'openai-codex': 'Signs in with your ChatGPT account (hermes auth login openai-codex); the token lives in auth.json.',
  'xai-oauth': 'Signs in with your X / SuperGrok account; the token lives in auth.json.',
  'minimax-oauth': 'Signs in through MiniMax OAuth; the token lives in auth.json.',
  nous: 'Signs in with the Nous Portal device-code login (hermes auth login nous); NOUS_API_KEY also works.',
  'qwen-oauth': 'Reuses the Qwen CLI login; QWEN_API_KEY also works.',
  bedrock: 'Uses the AWS SDK credential chain (AWS_PROFILE, access keys or AWS_BEARER_TOKEN_BEDROCK).',
  vertex: 'Uses a service-account file (VERTEX_CREDENTIALS_PATH / GOOGLE_APPLICATION_CREDENTIALS).',
  'copilot-acp': 'Runs the GitHub Copilot CLI; it handles its own login.',
  lmstudio: 'A local server: the key is optional (Hermes sends a placeholder when it is unset).',
};

/** Builds the catalogue for a parsed config, plugin providers and extra names (keychain index, .env). */
export function buildKeyCatalog(configJs: unknown, plugins: readonly PluginKeyInfo[], extraNames: Iterable<string>): KeyCatalog {
  const usedBy = new Map<string, Set<string>>();
  const owner = new Map<string, string>();
  const groups = new Map<string, KeyGroupDef>();
  const use = (name: string, by: string): void => {
    let set = usedBy.get(name);
    if (!set) usedBy.set(name, (set = new Set()));
    set.add(by);
  };
  const ensureGroup = (id: string, label: string, authType: string): KeyGroupDef => {
    let g = groups.get(id);
    if (!g) {
      g = { id, label, authType, names: [], ...(NOTES[id] !== undefined && { note: NOTES[id] }) };
      groups.set(id, g);
    }
    return g;
  };
  const own = (name: string, groupId: string, label: string, authType: string): void => {
    use(name, groupId);
    if (owner.has(name)) return;
    owner.set(name, groupId);
    ensureGroup(groupId, label, authType).names.push(name);
  };

  const providers = [
    ...BUILTIN_PROVIDERS.map((p) => ({ id: p.id, label: p.label, authType: p.authType as string, keyEnvVars: p.keyEnvVars })),
    ...plugins.filter((p) => getBuiltinProvider(p.id) === undefined),
  ];
  // First pass: a variable belongs to the provider that lists it first.
  for (const p of providers) if (p.keyEnvVars[0] !== undefined) own(p.keyEnvVars[0], p.id, p.label, p.authType);
  for (const p of providers) {
    ensureGroup(p.id, p.label, p.authType);
    for (const name of p.keyEnvVars) own(name, p.id, p.label, p.authType);
  }

  const inline: InlineKey[] = [];
  const addInline = (group: string, location: string, raw: unknown, keyEnv: string | undefined): void => {
    const value = nonEmptyString(raw);
    if (value === undefined) return;
    const reference = envReferenceName(value);
    if (reference !== undefined) {
      own(reference, group, group, 'api_key');
      inline.push({ group, location, reference, ...(keyEnv !== undefined && { keyEnv }) });
    } else {
      inline.push({ group, location, value, ...(keyEnv !== undefined && { keyEnv }) });
    }
  };

  for (const endpoint of readCustomEndpoints(configJs).endpoints) {
    const g = ensureGroup(endpoint.slug, endpoint.name, 'api_key');
    if (endpoint.keyEnv !== undefined) own(endpoint.keyEnv, g.id, g.label, 'api_key');
    const path = endpoint.origin === 'providers' ? `providers.${endpoint.key}` : `custom_providers[${endpoint.index}]`;
    const raw = endpoint.origin === 'providers' ? field(field(configJs, 'providers'), endpoint.key) : (field(configJs, 'custom_providers') as unknown[] | undefined)?.[endpoint.index];
    addInline(g.id, `${path}.api_key`, field(raw, 'api_key') ?? field(raw, 'apiKey'), endpoint.keyEnv);
  }

  const model = field(configJs, 'model');
  if (isRecord(model)) {
    const g = groupOf(model.provider, 'main');
    const keyEnv = keyEnvOf(model);
    if (keyEnv !== undefined) use(keyEnv, g);
    addInline(g, 'model.api_key', model.api_key ?? model.api, keyEnv);
  }
  const aux = field(configJs, 'auxiliary');
  if (isRecord(aux)) {
    for (const [task, block] of Object.entries(aux)) {
      if (!isRecord(block)) continue;
      const g = groupOf(block.provider, 'auxiliary');
      const keyEnv = keyEnvOf(block);
      if (keyEnv !== undefined) use(keyEnv, g);
      addInline(g, `auxiliary.${task}.api_key`, block.api_key, keyEnv);
    }
  }
  const fallbacks = field(configJs, 'fallback_providers');
  if (Array.isArray(fallbacks)) {
    fallbacks.forEach((entry, i) => {
      if (!isRecord(entry)) return;
      const g = groupOf(entry.provider, 'main');
      const keyEnv = keyEnvOf(entry);
      if (keyEnv !== undefined) use(keyEnv, g);
      addInline(g, `fallback_providers[${i}].api_key`, entry.api_key, keyEnv);
    });
  }
  const legacy = field(configJs, 'fallback_model');
  if (isRecord(legacy)) {
    const g = groupOf(legacy.provider, 'main');
    const keyEnv = keyEnvOf(legacy);
    if (keyEnv !== undefined) use(keyEnv, g);
    addInline(g, 'fallback_model.api_key', legacy.api_key, keyEnv);
  }
  const delegation = field(configJs, 'delegation');
  if (isRecord(delegation)) addInline(groupOf(delegation.provider, 'main'), 'delegation.api_key', delegation.api_key, keyEnvOf(delegation));

  for (const name of extraNames) {
    if (!owner.has(name) && ENV_VAR_NAME.test(name)) own(name, 'other', 'Other keys', 'api_key');
  }
  // Variables named only by key_env fields of slots still need a row.
  for (const name of usedBy.keys()) if (!owner.has(name)) own(name, 'other', 'Other keys', 'api_key');

  // Keep groups that have something to show, in registry order; "other" last.
  const ordered = [...groups.values()].filter((g) => g.id !== 'other');
  const other = groups.get('other');
  if (other) ordered.push(other);
  return { groups: ordered, usedBy, inline };
}

/** `.env` names the Keys page lists as "Other keys": ones that look like secrets. */
export function looksLikeKeyName(name: string): boolean {
  return isSecretKey(name) || /_(?:API_?KEY|TOKEN|SECRET|PAT)$/i.test(name);
}

/** Inline literal keys tied to a variable through the entry's `key_env` (they compete with it). */
export function inlineValuesForConflicts(inline: readonly InlineKey[]): InlineKeyValue[] {
  return inline.filter((i) => i.value !== undefined && i.keyEnv !== undefined).map((i) => ({ name: i.keyEnv!, location: i.location, value: i.value! }));
}
