/**
 * Credential scoping: which env var's key may be sent to which host.
 *
 * A key for provider A must never reach a URL of host B — a stale `base_url`, a typo or a malicious
 * config would otherwise leak it. The probe and validation code asks this module before sending
 * anything and refuses every key it does not allow. Values never pass through here: only env var
 * names, provider ids and URLs.
 * Mirrors the credential order of `hermes_cli/runtime_provider.py::_resolve_openrouter_runtime` and
 * the per-provider env vars of `hermes_cli/auth.py::PROVIDER_REGISTRY`.
 */
import { canonicalProviderId, type ProviderContext } from './aliases';
import { BUILTIN_PROVIDERS, getBuiltinProvider } from './registry';
import { hostMatchesDomain, hostOf, registrableLabel } from './url-host';

/** A provider as key scoping sees it (built-ins, and plugin profiles passed in by callers). */
export interface ScopedProvider {
  readonly id: string;
  readonly aliases?: readonly string[];
  readonly keyEnvVars: readonly string[];
  readonly defaultBaseUrl: string | null;
  readonly extraHosts?: readonly string[];
}

export interface KeyTarget {
  /** Provider id or alias; `custom`, `custom:<name>` or a `providers:` key for user endpoints. */
  providerId: string;
  /** The URL the request would go to. */
  baseUrl?: string | null;
  /** An explicit `key_env`/`api_key_env` from the config entry: the user's own choice for this target. */
  keyEnv?: string | null;
  /** Plugin profiles (their env vars count as "own" vars like a built-in's). */
  extraProviders?: readonly ScopedProvider[];
  /**
   * Where `providerId` was read. In `auxiliary.*.provider`, `openai` means a custom endpoint at
   * api.openai.com with OPENAI_API_KEY (not OpenRouter, as in `model.provider`). Defaults to `main`.
   */
  context?: ProviderContext;
}

const OPENAI_API_BASE = 'https://api.openai.com/v1';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Hosts where the three "generic" keys are allowed on a custom endpoint (reference §3.8). */
function ollamaGate(host: string): boolean {
  return hostMatchesDomain(host, 'ollama.com');
}
// Hermes treats both OpenAI's own API hosts and Azure OpenAI resources as OpenAI-key territory.
function openAiGate(host: string): boolean {
  return hostMatchesDomain(host, 'openai.com') || hostMatchesDomain(host, 'openai.azure.com');
}
function openRouterGate(host: string): boolean {
  return hostMatchesDomain(host, 'openrouter.ai');
}

const GATED: Readonly<Record<string, (host: string) => boolean>> = {
  OLLAMA_API_KEY: ollamaGate,
  OPENAI_API_KEY: openAiGate,
  OPENROUTER_API_KEY: openRouterGate,
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Does `host` belong to the provider? Its default URL's exact host, or a listed extra domain. Not the
 * whole registrable domain: providers on shared clouds (`*.aliyuncs.com`, `*.googleapis.com`) would
 * otherwise hand their key to every tenant of that cloud.
 */
function hostBelongsTo(host: string, provider: ScopedProvider): boolean {
  for (const extra of provider.extraHosts ?? []) if (hostMatchesDomain(host, extra)) return true;
  const defaultHost = hostOf(provider.defaultBaseUrl);
  if (defaultHost === null) return false;
  if (LOOPBACK.has(defaultHost)) return LOOPBACK.has(host);
  return host === defaultHost;
}

function allProviders(extra: readonly ScopedProvider[] | undefined): readonly ScopedProvider[] {
  return [...(extra ?? []), ...BUILTIN_PROVIDERS];
}

/**
 * The `<VENDOR>_API_KEY` name Hermes derives for a custom endpoint from the registrable host label
 * (`api.deepseek.com` → `DEEPSEEK_API_KEY`). `null` for IPs, localhost and single-label hosts.
 */
export function derivedVendorKeyEnvVar(url: string | null | undefined): string | null {
  const host = hostOf(url);
  if (host === null) return null;
  const label = registrableLabel(host);
  if (label === null) return null;
  const name = `${label.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
  return /^[A-Z_]/.test(name) ? name : null;
}

/**
 * Whether a derived vendor name may be used for `host`. Stricter than Hermes on purpose: when the
 * derived name is a built-in provider's own key (or one of the three gated keys), the host must really
 * belong to that provider — `api.deepseek.evil` must not receive DEEPSEEK_API_KEY, and neither must
 * `api.openai.net` receive OPENAI_API_KEY.
 */
function derivedAllowed(name: string, host: string, extra: readonly ScopedProvider[] | undefined): boolean {
  const gate = GATED[name];
  if (gate !== undefined) return gate(host);
  const owners = allProviders(extra).filter((p) => p.keyEnvVars.includes(name));
  return owners.length === 0 || owners.some((p) => hostBelongsTo(host, p));
}

/** Host-gated fallbacks for a bare custom endpoint, in Hermes's order. */
function customEndpointChain(url: string | null | undefined, extra: readonly ScopedProvider[] | undefined): string[] {
  const host = hostOf(url);
  if (host === null) return [];
  const chain: string[] = [];
  if (ollamaGate(host)) chain.push('OLLAMA_API_KEY');
  if (openAiGate(host)) chain.push('OPENAI_API_KEY');
  if (openRouterGate(host)) chain.push('OPENROUTER_API_KEY');
  const derived = derivedVendorKeyEnvVar(url);
  if (derived !== null && derivedAllowed(derived, host, extra)) chain.push(derived);
  return chain;
}

function findProvider(id: string, extra: readonly ScopedProvider[] | undefined): ScopedProvider | undefined {
  return (extra ?? []).find((p) => p.id === id) ?? getBuiltinProvider(id);
}

/**
 * Env vars whose keys may be sent to this target, in the order Hermes tries them.
 *
 * - Built-in (and plugin) providers: only their own env vars (OpenRouter: OPENROUTER_API_KEY, then
 *   OPENAI_API_KEY), whatever the URL — a `<X>_BASE_URL` override is the user's choice of host.
 * - Bare `custom`: the explicit `keyEnv`, then OLLAMA_API_KEY only for ollama.com, OPENAI_API_KEY only
 *   for *.openai.com / *.openai.azure.com, OPENROUTER_API_KEY only for openrouter.ai, then the derived
 *   `<VENDOR>_API_KEY` (never for IPs/localhost).
 * - Named endpoints (`custom:<name>`, `providers:` keys, unknown ids): only their explicit `keyEnv`.
 *
 * An explicit `keyEnv` always comes first. Inline `api_key` values are not env vars and are the
 * caller's business (they belong to the entry that holds them).
 */
export function allowedKeyEnvVarsForTarget(target: KeyTarget): string[] {
  const explicit = typeof target.keyEnv === 'string' && ENV_NAME.test(target.keyEnv.trim()) ? [target.keyEnv.trim()] : [];
  const raw = target.providerId.trim().toLowerCase();
  const extraIds = (target.extraProviders ?? []).map((p) => ({ id: p.id, aliases: p.aliases ?? [] }));
  const provider = canonicalProviderId(raw, { context: target.context ?? 'main', extra: extraIds }) ?? raw;

  let scoped: string[];
  if (provider === 'custom') {
    scoped = customEndpointChain(target.baseUrl, target.extraProviders);
  } else if (provider === 'openai' && target.context === 'auxiliary') {
    const url = typeof target.baseUrl === 'string' && target.baseUrl.trim() !== '' ? target.baseUrl : OPENAI_API_BASE;
    scoped = customEndpointChain(url, target.extraProviders);
  } else {
    const known = findProvider(provider, target.extraProviders);
    scoped = known === undefined ? [] : [...known.keyEnvVars];
  }
  return [...new Set([...explicit, ...scoped])];
}

/**
 * Host-only check: may the key in `envVarName` go to `url` without the user naming that var for it?
 * True for the gated keys on their hosts, for a provider's own vars on that provider's domains, and
 * for the derived `<VENDOR>_API_KEY` of the host. Everything else is refused.
 */
export function isKeyAllowedForHost(
  envVarName: string,
  url: string | null | undefined,
  extraProviders?: readonly ScopedProvider[],
): boolean {
  const host = hostOf(url);
  const name = envVarName.trim();
  if (host === null || !ENV_NAME.test(name)) return false;
  if (name === 'OPENAI_API_KEY' && openRouterGate(host)) return true; // OpenRouter's documented fallback key
  const gate = GATED[name];
  if (gate !== undefined) return gate(host);
  const owners = allProviders(extraProviders).filter((p) => p.keyEnvVars.includes(name));
  if (owners.length > 0) return owners.some((p) => hostBelongsTo(host, p));
  return derivedVendorKeyEnvVar(url) === name;
}

/** Options for `probeBaseUrl`. */
export interface ProbeOptions {
  /** The resolved Kimi key starts with `sk-kimi-` (a Coding Plan key). Only the prefix test, never the key. */
  kimiCodingPlanKey?: boolean;
}

const KIMI_CODING_PROBE_BASE = 'https://api.kimi.com/coding/v1';

/**
 * The base URL `hermes doctor` probes for an API-key provider: `<X>_BASE_URL` from `env` when set,
 * else the default; `/anthropic` bases rewritten to the OpenAI-compatible `/v1`; Kimi Coding Plan keys
 * to api.kimi.com/coding/v1. `null` when the provider has no HTTP endpoint to probe.
 * Mirrors `hermes_cli/doctor.py` ("API Connectivity").
 */
export function probeBaseUrl(
  providerId: string,
  env: Readonly<Record<string, string | undefined>>,
  options: ProbeOptions = {},
): string | null {
  const id = canonicalProviderId(providerId, { context: 'main' });
  const provider = id === null ? undefined : getBuiltinProvider(id);
  if (provider === undefined) return null;
  const override = provider.baseUrlEnvVar === undefined ? '' : (env[provider.baseUrlEnvVar] ?? '').trim();
  let base: string | null = override !== '' ? override : provider.defaultBaseUrl;
  if (override === '' && provider.id === 'kimi-coding' && options.kimiCodingPlanKey === true) base = KIMI_CODING_PROBE_BASE;
  if (base === null || !/^https?:\/\//i.test(base)) return null;
  base = base.replace(/\/+$/, '');
  return base.replace(/\/anthropic(?:\/v1)?$/i, '/v1');
}

/** The `/models` URL the doctor probe GETs (Anthropic's default base has no `/v1`, so it is added). */
export function probeModelsUrl(
  providerId: string,
  env: Readonly<Record<string, string | undefined>>,
  options: ProbeOptions = {},
): string | null {
  const base = probeBaseUrl(providerId, env, options);
  if (base === null) return null;
  const id = canonicalProviderId(providerId, { context: 'main' });
  if (id === 'anthropic' && !/\/v1$/i.test(base)) return `${base}/v1/models`;
  return `${base}/models`;
}

/** How a provider expects its key in HTTP headers. */
export type AuthHeaderStyle =
  | { readonly kind: 'bearer' }
  | { readonly kind: 'x-api-key'; readonly extraHeaders: Readonly<Record<string, string>> }
  | { readonly kind: 'x-goog-api-key' };

const BEARER: AuthHeaderStyle = { kind: 'bearer' };

/**
 * Header style per provider id; anything not listed uses `Authorization: Bearer`. Anthropic OAuth
 * tokens (ANTHROPIC_TOKEN, CLAUDE_CODE_OAUTH_TOKEN) use Bearer plus beta headers instead — see
 * `authHeaderStyleFor`.
 */
export const AUTH_HEADER_STYLES: Readonly<Record<string, AuthHeaderStyle>> = {
  anthropic: { kind: 'x-api-key', extraHeaders: { 'anthropic-version': '2023-06-01' } },
  gemini: { kind: 'x-goog-api-key' },
};

const ANTHROPIC_OAUTH_VARS = new Set(['ANTHROPIC_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']);

/** The header style for a provider, given which env var the key came from (OAuth tokens differ). */
export function authHeaderStyleFor(providerId: string, keyEnvVar?: string): AuthHeaderStyle {
  const id = canonicalProviderId(providerId, { context: 'main' }) ?? providerId;
  if (id === 'anthropic' && keyEnvVar !== undefined && ANTHROPIC_OAUTH_VARS.has(keyEnvVar)) return BEARER;
  return AUTH_HEADER_STYLES[id] ?? BEARER;
}

/**
 * Request headers carrying `key` in `style`. The result contains the secret: pass it straight to the
 * HTTP client and never log or return it.
 */
export function buildAuthHeaders(style: AuthHeaderStyle, key: string): Record<string, string> {
  switch (style.kind) {
    case 'bearer':
      return { Authorization: `Bearer ${key}` };
    case 'x-api-key':
      return { 'x-api-key': key, ...style.extraHeaders };
    case 'x-goog-api-key':
      return { 'x-goog-api-key': key };
  }
}
