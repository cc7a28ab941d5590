/**
 * Where a provider key comes from — the one seam every consumer of secrets goes through.
 *
 * Hermes reads keys from `<home>/.env` (which overrides the inherited process environment,
 * `load_dotenv(override=True)`) and then the process environment. The OS keychain joins later as
 * another layer: whoever adds it implements `CredentialLayer` and passes it to `homeCredentialLookup`
 * (or `createCredentialLookup`) in the position Hermes's runtime will actually read it from.
 *
 * Consumers ask for env var *names* in priority order and get back the first usable value with the
 * name of the layer that supplied it. Values never leave the core: they go straight into HTTP
 * headers (model catalog, probes) and are never logged, returned over a channel or cached on disk.
 */
import path from 'node:path';
import { dotenvToMap, readDotenvFile } from '../env/dotenv';
import { isUsableKeyValue } from '../providers/auth-status';

/** Layer kinds, named like `AuthSource.kind` so auth status and lookups agree. */
export type CredentialSourceKind = 'dotenv' | 'env' | 'keychain';

/** One place keys can live. */
export interface CredentialLayer {
  readonly kind: CredentialSourceKind;
  /** Cheap, synchronous presence check (auth status for every provider runs on it). */
  has(name: string): boolean;
  /** The value, or `undefined`. May be async (a keychain may prompt or call a daemon). */
  get(name: string): string | undefined | Promise<string | undefined>;
}

/** A resolved key: the value (secret) and where it came from (not secret). */
export interface ResolvedCredential {
  readonly name: string;
  readonly source: CredentialSourceKind;
  /** The secret. Put it in a request header and drop it; never log or return it. */
  readonly value: string;
}

export interface CredentialLookup {
  /**
   * The first *usable* value (≥ 4 chars, not a placeholder — Hermes's rule) among `names`, in the
   * order given; within one name the layers are tried in order. A layer that holds a value for a
   * name shadows later layers for that name even when the value is unusable (as `.env` shadows the
   * shell in Hermes), so a placeholder in `.env` does not silently fall back to the environment.
   */
  resolve(names: readonly string[]): Promise<ResolvedCredential | null>;
  /** Does any layer hold a usable value for `name`? (sync; for auth status) */
  hasUsable(name: string): boolean;
  /** Does the keychain layer (if any) hold `name`? Matches `computeAuthStatuses`'s `keychainHas` seam. */
  keychainHas(name: string): boolean;
  /** Non-secret settings such as `<X>_BASE_URL`, with the same `.env`-over-environment precedence. */
  setting(name: string): string | undefined;
}

/** A layer over a plain map (parsed `.env`, a test fixture). */
export function mapLayer(kind: CredentialSourceKind, values: ReadonlyMap<string, string>): CredentialLayer {
  return { kind, has: (name) => values.has(name), get: (name) => values.get(name) };
}

/** A layer over the process environment. Empty strings count as unset, like Hermes's `os.getenv(...) or ''` checks. */
export function envLayer(env: Readonly<Record<string, string | undefined>>): CredentialLayer {
  return {
    kind: 'env',
    has: (name) => typeof env[name] === 'string' && env[name] !== '',
    get: (name) => (env[name] === '' ? undefined : env[name]),
  };
}

/** Combine layers; earlier layers win. */
export function createCredentialLookup(layers: readonly CredentialLayer[]): CredentialLookup {
  const settingLayers = layers.filter((l) => l.kind !== 'keychain');
  return {
    async resolve(names) {
      for (const name of names) {
        for (const layer of layers) {
          if (!layer.has(name)) continue;
          const value = await layer.get(name);
          if (value === undefined) continue;
          if (isUsableKeyValue(value)) return { name, source: layer.kind, value: value.trim() };
          break; // shadowed by an unusable value in a higher layer
        }
      }
      return null;
    },
    hasUsable(name) {
      for (const layer of layers) {
        if (!layer.has(name)) continue;
        const value = layer.get(name);
        // Async layers report presence only; their values are checked when resolved.
        if (typeof value !== 'string') return value !== undefined;
        return isUsableKeyValue(value);
      }
      return false;
    },
    keychainHas(name) {
      return layers.some((l) => l.kind === 'keychain' && l.has(name));
    },
    setting(name) {
      for (const layer of settingLayers) {
        if (!layer.has(name)) continue;
        const value = layer.get(name);
        if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
      }
      return undefined;
    },
  };
}

/** The parsed `.env` plus the lookup built over it (the map is also needed by `computeAuthStatuses`). */
export interface HomeCredentials {
  readonly dotenv: ReadonlyMap<string, string>;
  readonly lookup: CredentialLookup;
}

/**
 * The credential lookup for a Hermes home: `<home>/.env`, then the process environment, then any
 * extra layers (the keychain goes here, or earlier if Hermes is made to read it first).
 */
export async function homeCredentialLookup(
  homeDir: string,
  processEnv: Readonly<Record<string, string | undefined>>,
  extraLayers: readonly CredentialLayer[] = [],
): Promise<HomeCredentials> {
  let dotenv: Map<string, string>;
  try {
    dotenv = dotenvToMap(await readDotenvFile(path.join(homeDir, '.env')));
  } catch {
    dotenv = new Map();
  }
  return { dotenv, lookup: createCredentialLookup([mapLayer('dotenv', dotenv), envLayer(processEnv), ...extraLayers]) };
}
