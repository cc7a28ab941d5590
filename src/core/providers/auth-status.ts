/**
 * "Is this provider set up?" for every provider, the way Hermes decides which providers to list as
 * authenticated in `/model`, the dashboard picker and the TUI.
 *
 * Sources, per provider: its key env vars (a `.env` value wins over the inherited process env, since
 * Hermes loads `.env` with override), the OS keychain (optional seam, plugged in later), auth.json
 * `providers` logins, usable credential-pool entries, and — for providers that need no key — config
 * (MoA presets, an active bare custom endpoint). User endpoints from `providers:` / `custom_providers`
 * always count as usable. Only names of sources are returned, never values.
 * Mirrors `hermes_cli/model_switch.py::list_authenticated_providers` and
 * `hermes_cli/auth.py::_resolve_api_key_provider_secret`.
 *
 * Credential-pool rule (our reading of Hermes's pool states): an entry is usable unless it is
 * disabled, has no credential (no token and no `env:<VAR>` source with a usable value), its
 * `last_status` says it is exhausted, invalid, revoked, unauthorized, forbidden, auth-failed or banned,
 * or it expired (`expires_at` in the past) without a refresh token.
 */
import type { AuthSource, AuthStatus } from '../../shared/domain/providers';
import { canonicalProviderId } from './aliases';
import type { AuthJsonSummary, PoolEntrySummary } from './auth-json';
import { field, isRecord } from './config-access';
import { readActiveBareCustom, readCustomEndpoints } from './custom-endpoints';
import { BUILTIN_PROVIDERS } from './registry';

export { readAuthJson, summarizeAuthJson } from './auth-json';
export type { AuthJsonProblem, AuthJsonSummary, PoolEntrySummary, ReadAuthJsonResult } from './auth-json';

/** Values people leave in templates; Hermes treats them as "not set". Compared lowercase. */
const PLACEHOLDER_VALUES = new Set([
  'changeme',
  'change-me',
  'change_me',
  'your_api_key',
  'your-api-key',
  'your_api_key_here',
  'your-api-key-here',
  'your_key_here',
  'api_key',
  'apikey',
  'dummy',
  'none',
  'null',
  'undefined',
  'placeholder',
  'replace_me',
  'replace-me',
  'todo',
  'test',
  'xxxx',
  'sk-xxx',
  'sk-...',
  'no-key',
  'no-key-required',
]);

/**
 * A value Hermes would use as a key: at least 4 characters after trimming and not a placeholder
 * (`***`, `changeme`, `your_api_key`, `dummy`, `none`, all-`x`/`*` fillers, `<...>` templates).
 */
export function isUsableKeyValue(value: string | null | undefined): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (v.length < 4) return false;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_VALUES.has(lower)) return false;
  if (/^[*x.]+$/i.test(v)) return false;
  if (/^<.*>$/.test(v)) return false;
  return true;
}

type EnvLike = ReadonlyMap<string, string> | Readonly<Record<string, string | undefined>>;

export interface AuthStatusInput {
  processEnv: Readonly<Record<string, string | undefined>>;
  /** Parsed `<home>/.env` (see `core/env/dotenv.ts`). */
  dotenv: EnvLike;
  /** Summary of `<home>/auth.json`, or `null` when missing/corrupt. */
  authJson: AuthJsonSummary | null;
  /** In profile mode: the root home's auth.json, a read-only fallback for providers the profile lacks. */
  fallbackAuthJson?: AuthJsonSummary | null;
  /** Parsed config.yaml (plain JS). */
  configJs: unknown;
  /** Optional keychain seam: does the keychain hold a value for this env var name? */
  keychainHas?: (envVar: string) => boolean;
  /** Plugin providers not in the built-in table (built-in ids are ignored here). */
  plugins?: ReadonlyArray<{ id: string; authType: string; keyEnvVars: readonly string[] }>;
  /** Clock for pool expiry (epoch ms); defaults to `Date.now()`. */
  now?: number;
}

function envGetter(input: AuthStatusInput): (name: string) => { value: string; from: 'dotenv' | 'env' } | undefined {
  const dotenv = input.dotenv;
  const fromDotenv = (name: string): string | undefined =>
    dotenv instanceof Map ? dotenv.get(name) : (dotenv as Readonly<Record<string, string | undefined>>)[name];
  return (name) => {
    // `.env` overrides the process env wholesale (load_dotenv(override=True)), even with a bad value.
    const d = fromDotenv(name);
    if (d !== undefined) return { value: d, from: 'dotenv' };
    const e = input.processEnv[name];
    return e === undefined ? undefined : { value: e, from: 'env' };
  };
}

const BAD_POOL_STATUS = /exhaust|invalid|revok|unauthori[sz]ed|forbidden|auth[_\s-]?fail|banned/i;

function poolEntryUsable(entry: PoolEntrySummary, now: number, env: ReturnType<typeof envGetter>): boolean {
  if (entry.disabled) return false;
  if (entry.lastStatus !== undefined && BAD_POOL_STATUS.test(entry.lastStatus)) return false;
  if (entry.expiresAt !== undefined && entry.expiresAt <= now && !entry.hasRefreshToken) return false;
  if (entry.hasToken) return true;
  const envVar = entry.source?.startsWith('env:') === true ? entry.source.slice(4) : undefined;
  return envVar !== undefined && isUsableKeyValue(env(envVar)?.value);
}

/** Pool entries of an auth.json grouped by canonical provider id (pool keys may be aliases or names). */
function poolByProvider(auth: AuthJsonSummary | null | undefined): Map<string, PoolEntrySummary[]> {
  const map = new Map<string, PoolEntrySummary[]>();
  for (const [key, entries] of Object.entries(auth?.credentialPool ?? {})) {
    const id = canonicalProviderId(key, { context: 'main' }) ?? key.trim().toLowerCase();
    map.set(id, [...(map.get(id) ?? []), ...entries]);
  }
  return map;
}

function loginIds(auth: AuthJsonSummary | null | undefined): Set<string> {
  return new Set((auth?.providers ?? []).map((key) => canonicalProviderId(key, { context: 'main' }) ?? key.trim().toLowerCase()));
}

function status(via: AuthSource[]): AuthStatus {
  return { authenticated: via.length > 0, via };
}

/** AWS signals Hermes accepts as "Bedrock configured" (it never calls the SDK chain for this). */
function awsSources(env: ReturnType<typeof envGetter>): AuthSource[] {
  const via: AuthSource[] = [];
  const present = (name: string): { value: string; from: 'dotenv' | 'env' } | undefined => {
    const v = env(name);
    return v !== undefined && v.value.trim() !== '' ? v : undefined;
  };
  const bearer = env('AWS_BEARER_TOKEN_BEDROCK');
  if (bearer !== undefined && isUsableKeyValue(bearer.value)) via.push({ kind: bearer.from, name: 'AWS_BEARER_TOKEN_BEDROCK' });
  const profile = present('AWS_PROFILE');
  if (profile !== undefined) via.push({ kind: profile.from, name: 'AWS_PROFILE' });
  const keyId = present('AWS_ACCESS_KEY_ID');
  const secret = env('AWS_SECRET_ACCESS_KEY');
  if (keyId !== undefined && secret !== undefined && isUsableKeyValue(secret.value)) via.push({ kind: keyId.from, name: 'AWS_ACCESS_KEY_ID' });
  const webIdentity = present('AWS_WEB_IDENTITY_TOKEN_FILE');
  if (webIdentity !== undefined) via.push({ kind: webIdentity.from, name: 'AWS_WEB_IDENTITY_TOKEN_FILE' });
  return via;
}

function hasMoaPresets(configJs: unknown): boolean {
  const presets = field(field(configJs, 'moa'), 'presets');
  return isRecord(presets) && Object.keys(presets).length > 0;
}

/**
 * Auth status for every built-in and plugin provider id, and for every user endpoint slug
 * (`providers:` keys and `custom:<name>` of `custom_providers`).
 */
export function computeAuthStatuses(input: AuthStatusInput): Record<string, AuthStatus> {
  const env = envGetter(input);
  const now = input.now ?? Date.now();
  const logins = loginIds(input.authJson);
  const fallbackLogins = loginIds(input.fallbackAuthJson);
  const pools = poolByProvider(input.authJson);
  const fallbackPools = poolByProvider(input.fallbackAuthJson);
  const result: Record<string, AuthStatus> = {};

  const keySources = (names: readonly string[]): AuthSource[] => {
    const via: AuthSource[] = [];
    for (const name of names) {
      const found = env(name);
      if (found !== undefined && isUsableKeyValue(found.value)) via.push({ kind: found.from, name });
      if (input.keychainHas?.(name) === true) via.push({ kind: 'keychain', name });
    }
    return via;
  };
  const storedSources = (id: string, poolKeys: readonly string[] = [id]): AuthSource[] => {
    const own = (ls: Set<string>, ps: Map<string, PoolEntrySummary[]>): AuthSource[] => {
      const via: AuthSource[] = [];
      if (ls.has(id)) via.push({ kind: 'auth-json', name: id });
      for (const key of poolKeys) {
        for (const entry of ps.get(key) ?? []) {
          if (poolEntryUsable(entry, now, env)) via.push({ kind: 'credential-pool', name: entry.label ?? entry.id ?? entry.source ?? key });
        }
      }
      return via;
    };
    const mine = own(logins, pools);
    return mine.length > 0 ? mine : own(fallbackLogins, fallbackPools);
  };

  const providers = [
    ...BUILTIN_PROVIDERS.map((p) => ({ id: p.id, authType: p.authType as string, keyEnvVars: p.keyEnvVars, credentialEnvVars: p.credentialEnvVars ?? [] })),
    ...(input.plugins ?? [])
      .filter((p) => !BUILTIN_PROVIDERS.some((b) => b.id === p.id))
      .map((p) => ({ id: p.id, authType: p.authType, keyEnvVars: p.keyEnvVars, credentialEnvVars: [] as readonly string[] })),
  ];

  for (const provider of providers) {
    const via: AuthSource[] = [];
    if (provider.id === 'moa') {
      if (hasMoaPresets(input.configJs)) via.push({ kind: 'config', name: 'moa.presets' });
    } else if (provider.id === 'custom') {
      if (readActiveBareCustom(input.configJs) !== null) via.push({ kind: 'config', name: 'model.base_url' });
    } else if (provider.authType === 'aws_sdk') {
      via.push(...awsSources(env));
    } else if (provider.authType === 'vertex') {
      for (const name of provider.credentialEnvVars) {
        const found = env(name);
        if (found !== undefined && found.value.trim() !== '') via.push({ kind: found.from, name });
      }
    } else {
      via.push(...keySources(provider.keyEnvVars));
    }
    via.push(...storedSources(provider.id));
    result[provider.id] = status(via);
  }

  for (const endpoint of readCustomEndpoints(input.configJs, { extraProviders: input.plugins ?? [] }).endpoints) {
    const via: AuthSource[] = endpoint.enabled ? [{ kind: 'custom-endpoint', name: endpoint.slug }] : [];
    if (endpoint.keyEnv !== undefined) via.push(...keySources([endpoint.keyEnv]));
    via.push(...storedSources(endpoint.slug, [endpoint.slug, endpoint.name.toLowerCase()]));
    result[endpoint.slug] = { authenticated: endpoint.enabled, via };
  }
  return result;
}
