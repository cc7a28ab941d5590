/**
 * What Hermes would actually use for the main model, every auxiliary task and every fallback entry:
 * provider, base URL, model, api_mode, context window and where the key comes from — plus the drift
 * the editor can see (stale fields after a provider switch, slots without credentials, keys that
 * disagree between places).
 *
 * Pure: it reads a parsed config and the key/credential status the caller gathered. The rules
 * mirror the reference (hermes-model-config.md): provider auto-selection §3.6
 * (`hermes_cli/auth.py::resolve_provider`), base URLs §2.1/§3.1, api_mode §3.7
 * (`hermes_cli/runtime_provider.py`), key scoping §3.8, context windows §4.1
 * (`agent/model_metadata.py::get_model_context_length`), aux `auto` §8.3 and the fallback chain §2.4
 * (`hermes_cli/fallback_config.py::get_fallback_chain`).
 */
import type { AuthStatus, CustomEndpoint } from '../../shared/domain/providers';
import type { DriftWarning, EffectiveConfig, EffectiveSlot } from '../../shared/domain/effective';
import type { EffectiveKeySource } from '../../shared/domain/keys';
import type { ProbeResult } from '../../shared/domain/probes';
import { canonicalProviderId, customProviderSlug, type ProviderContext } from '../providers/aliases';
import { resolveApiMode } from '../providers/api-mode';
import { isUsableKeyValue } from '../providers/auth-status';
import { auxTaskUniverse } from '../providers/aux-tasks';
import { ENV_VAR_NAME, envReferenceName, field, firstString, isRecord, nonEmptyString, positiveInt, type PlainRecord } from '../providers/config-access';
import { defaultContextLength, DEFAULT_AUX_MODELS, getModelMeta, MINIMUM_CONTEXT_LENGTH } from '../providers/curated-models';
import { readCustomEndpoints } from '../providers/custom-endpoints';
import { allowedKeyEnvVarsForTarget, type ScopedProvider } from '../providers/key-scoping';
import { BUILTIN_PROVIDERS, getBuiltinProvider, type BuiltinProvider } from '../providers/registry';
import { hostMatchesDomain, hostOf } from '../providers/url-host';
import { lastFour } from '../secrets/mask-text';
import { conflictFor, effectiveFor, type KeyValuesInput } from '../keys/inventory';

/** A plugin provider as the resolver needs it. */
export interface PluginProviderInfo extends ScopedProvider {
  label: string;
  baseUrlEnvVar?: string;
  apiMode?: string;
  defaultAuxModel?: string;
}

export interface EffectiveInput {
  configJs: unknown;
  values: KeyValuesInput;
  /** `computeAuthStatuses` output (logins, pools, endpoints). */
  authStatuses: Readonly<Record<string, AuthStatus>>;
  /** auth.json `active_provider`. */
  activeProvider?: string | null;
  plugins?: readonly PluginProviderInfo[];
  /** Last probe per target id (`slot:main`, `provider:openrouter`, `endpoint:<slug>`). */
  probes?: ReadonlyMap<string, ProbeResult>;
  /** Variables to check for conflicting values (defaults to those the slots use). */
  conflictNames?: Iterable<string>;
}

/** Where the key of a slot comes from, for the probe code (core-only: may hold an inline value). */
export type KeyRef = { kind: 'env'; name: string } | { kind: 'inline'; location: string; value: string };

/** A resolved slot plus what the probe code needs. */
export interface ResolvedSlot extends EffectiveSlot {
  keyRef: KeyRef | null;
  /** Variables the slot may read a key from, in order (for scoping). */
  keyCandidates: string[];
  /** The endpoint entry, for custom endpoints. */
  endpoint?: CustomEndpoint;
  /** Minimum context window Hermes needs for this slot. */
  minContext?: number;
}

interface SlotSpec {
  id: string;
  kind: EffectiveSlot['kind'];
  label: string;
  context: ProviderContext;
  /** The raw block (`model`, `auxiliary.<task>`, a fallback entry). */
  block: PlainRecord;
  path: string;
  minContext?: number;
}

type ProviderHit =
  | { kind: 'builtin'; id: string; builtin: BuiltinProvider }
  | { kind: 'plugin'; id: string; plugin: PluginProviderInfo }
  | { kind: 'endpoint'; id: string; endpoint: CustomEndpoint }
  | { kind: 'bare-custom'; id: 'custom' }
  | { kind: 'openai-aux'; id: 'openai' }
  | { kind: 'unknown'; id: string };

const OPENAI_API = 'https://api.openai.com/v1';

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function lookupEnv(values: KeyValuesInput, name: string): string | undefined {
  const d = values.dotenv.get(name)?.value;
  if (d !== undefined && d.trim() !== '') return d.trim();
  const e = values.processEnv[name];
  return e !== undefined && e.trim() !== '' ? e.trim() : undefined;
}

function findEndpoint(endpoints: readonly CustomEndpoint[], raw: string): CustomEndpoint | undefined {
  const lower = raw.trim().toLowerCase();
  if (lower.startsWith('custom:')) {
    const slug = customProviderSlug(lower.slice('custom:'.length));
    return endpoints.find((e) => e.slug.toLowerCase() === slug || customProviderSlug(e.name) === slug);
  }
  return endpoints.find((e) => e.origin === 'providers' && e.key.toLowerCase() === lower);
}

function classify(raw: string, context: ProviderContext, endpoints: readonly CustomEndpoint[], plugins: readonly PluginProviderInfo[]): ProviderHit | null {
  if (raw === '') return null;
  const endpoint = findEndpoint(endpoints, raw);
  if (endpoint !== undefined) return { kind: 'endpoint', id: endpoint.slug, endpoint };
  const id = canonicalProviderId(raw, { context, extra: plugins.map((p) => ({ id: p.id, aliases: p.aliases ?? [] })) });
  if (id === null) return { kind: 'unknown', id: raw.trim().toLowerCase() };
  if (id === 'auto' || id === 'main') return null;
  if (id === 'custom') return { kind: 'bare-custom', id: 'custom' };
  if (id === 'openai') return { kind: 'openai-aux', id: 'openai' };
  if (id.startsWith('custom:')) return { kind: 'unknown', id };
  const plugin = plugins.find((p) => p.id === id);
  if (plugin !== undefined && getBuiltinProvider(id) === undefined) return { kind: 'plugin', id, plugin };
  const builtin = getBuiltinProvider(id);
  return builtin === undefined ? { kind: 'unknown', id } : { kind: 'builtin', id, builtin };
}

function labelOf(hit: ProviderHit | null): string {
  if (hit === null) return 'none';
  switch (hit.kind) {
    case 'builtin':
      return hit.builtin.label;
    case 'plugin':
      return hit.plugin.label;
    case 'endpoint':
      return hit.endpoint.name;
    case 'bare-custom':
      return 'Custom endpoint';
    case 'openai-aux':
      return 'OpenAI (custom endpoint)';
    default:
      return hit.id;
  }
}

/** The built-in providers that own `host` (by default URL host or listed extra domains). */
function ownersOfHost(host: string): BuiltinProvider[] {
  return BUILTIN_PROVIDERS.filter((p) => {
    if ((p.extraHosts ?? []).some((d) => hostMatchesDomain(host, d))) return true;
    const h = hostOf(p.defaultBaseUrl);
    return h !== null && h === host && !['127.0.0.1', 'localhost'].includes(h);
  });
}

/** §3.6: provider auto-selection for `model.provider: auto` (or missing). */
function autoProvider(input: EffectiveInput, model: PlainRecord | null, endpoints: readonly CustomEndpoint[]): ProviderHit | null {
  const baseUrl = model ? str(model.base_url) || str(model.api_base) : '';
  const host = hostOf(baseUrl);
  if (host !== null && !hostMatchesDomain(host, 'openrouter.ai') && !hostMatchesDomain(host, 'anthropic.com') && !hostMatchesDomain(host, 'openai.com')) {
    return { kind: 'bare-custom', id: 'custom' };
  }
  const usable = (name: string): boolean => effectiveFor(name, input.values)?.usable === true;
  const openrouter = getBuiltinProvider('openrouter')!;
  if (usable('OPENAI_API_KEY') || usable('OPENROUTER_API_KEY')) return { kind: 'builtin', id: 'openrouter', builtin: openrouter };
  if ((input.authStatuses.openrouter?.via ?? []).some((v) => v.kind === 'credential-pool')) return { kind: 'builtin', id: 'openrouter', builtin: openrouter };
  for (const p of BUILTIN_PROVIDERS) {
    if (p.authType !== 'api_key' || p.id === 'copilot' || p.id === 'lmstudio' || p.id === 'custom') continue;
    if (p.keyEnvVars.some(usable)) return { kind: 'builtin', id: p.id, builtin: p };
  }
  const active = canonicalProviderId(input.activeProvider ?? null, { context: 'main' });
  if (active !== null) return classify(active, 'main', endpoints, input.plugins ?? []);
  if ((input.authStatuses.bedrock?.authenticated ?? false) === true) return { kind: 'builtin', id: 'bedrock', builtin: getBuiltinProvider('bedrock')! };
  return null;
}

function providerKeyVars(hit: ProviderHit): readonly string[] {
  if (hit.kind === 'builtin') return hit.builtin.keyEnvVars;
  if (hit.kind === 'plugin') return hit.plugin.keyEnvVars;
  return [];
}

function keySourceOfEnv(name: string, values: KeyValuesInput): EffectiveKeySource | null {
  return effectiveFor(name, values);
}

function inlineSource(location: string, value: string): EffectiveKeySource {
  const t = lastFour(value);
  return { kind: 'config', location, usable: isUsableKeyValue(value), ...(t !== '' && { last4: t }), viaExec: false };
}

interface KeyResolution {
  key: EffectiveKeySource | null;
  keyRef: KeyRef | null;
  candidates: string[];
}

/** The first usable key among an inline value and the allowed env vars. */
function resolveKey(values: KeyValuesInput, inline: { location: string; raw: string } | null, candidates: string[]): KeyResolution {
  if (inline !== null && inline.raw !== '') {
    const ref = envReferenceName(inline.raw);
    if (ref === undefined) return { key: inlineSource(inline.location, inline.raw), keyRef: { kind: 'inline', location: inline.location, value: inline.raw }, candidates };
    candidates = [ref, ...candidates.filter((c) => c !== ref)];
  }
  for (const name of candidates) {
    const src = keySourceOfEnv(name, values);
    if (src !== null && src.usable) return { key: src, keyRef: { kind: 'env', name }, candidates };
  }
  // Nothing usable: report the first present-but-unusable one (a placeholder in .env hides the rest).
  for (const name of candidates) {
    const src = keySourceOfEnv(name, values);
    if (src !== null) return { key: src, keyRef: { kind: 'env', name }, candidates };
  }
  return { key: null, keyRef: null, candidates };
}

function contextFor(
  hit: ProviderHit | null,
  model: string,
  configured: number | undefined,
  live: number | null | undefined,
): { contextWindow: number | null; contextSource: EffectiveSlot['contextSource'] } {
  if (configured !== undefined) return { contextWindow: configured, contextSource: 'config' };
  if (hit?.kind === 'endpoint') {
    const perModel = hit.endpoint.models[model]?.contextLength ?? hit.endpoint.contextLength;
    if (perModel !== undefined) return { contextWindow: perModel, contextSource: 'endpoint' };
  }
  if (typeof live === 'number' && live > 0) return { contextWindow: live, contextSource: 'live' };
  if (model === '') return { contextWindow: null, contextSource: 'none' };
  if (hit !== null && hit.kind !== 'endpoint' && hit.kind !== 'bare-custom') {
    const meta = getModelMeta(hit.id === 'openai' ? 'openai-api' : hit.id, model);
    if (meta?.contextWindow !== undefined) return { contextWindow: meta.contextWindow, contextSource: 'catalog' };
  }
  return { contextWindow: defaultContextLength(model), contextSource: 'family' };
}

function fmt(n: number): string {
  return n >= 1000 ? `${Math.round(n / 1000)}K` : String(n);
}

/** Resolves one slot. `main` is the already-resolved main slot (for aux `auto`/`main`). */
function resolveSlot(spec: SlotSpec, input: EffectiveInput, endpoints: readonly CustomEndpoint[], main: ResolvedSlot | null): ResolvedSlot {
  const plugins = input.plugins ?? [];
  const warnings: DriftWarning[] = [];
  const b = spec.block;
  const rawProvider = str(b.provider);
  let slotModel = str(b.model) || (spec.kind === 'main' ? str(b.default) || str(b.name) : '');
  if (slotModel === 'auto') slotModel = '';
  const lowerProvider = rawProvider.toLowerCase();
  const auxDirectUrl = spec.kind === 'aux' && (lowerProvider === '' || lowerProvider === 'auto') && (str(b.base_url) !== '');
  // An aux task with its own base_url and no provider is a direct (custom) endpoint, not "use main".
  const wantsMain = spec.kind === 'aux' && !auxDirectUrl && (lowerProvider === '' || lowerProvider === 'auto' || lowerProvider === 'main');

  // ---- inherited aux tasks: the main provider (and model, when the task names none)
  if (wantsMain && main !== null) {
    const inherited = slotModel === '';
    const model = inherited ? main.model : slotModel;
    const ctx = inherited ? { contextWindow: main.contextWindow, contextSource: main.contextSource } : contextFor(null, model, undefined, null);
    if (inherited && main.provider !== null && (main.provider === 'custom' || main.endpoint !== undefined) && lowerProvider !== 'main') {
      warnings.push({
        code: 'auto_custom_inherit',
        severity: 'warn',
        slotId: spec.id,
        path: `${spec.path}.provider`,
        message: `${spec.label} is “auto” while the main model runs on a custom endpoint (${main.providerLabel}); Hermes's auto chain can lose the endpoint's URL and key for side tasks and fall through to another provider.`,
        fix: `Set ${spec.path}.provider to ${main.provider} explicitly.`,
      });
    }
    const { minContext: _mainMin, warnings: _mainWarnings, ...mainRest } = main;
    return {
      ...mainRest,
      id: spec.id,
      kind: spec.kind,
      label: spec.label,
      inherited,
      providerSource: 'main',
      model,
      modelSource: inherited ? 'main' : 'config',
      ...ctx,
      lastProbe: input.probes?.get(`slot:${spec.id}`) ?? main.lastProbe,
      warnings: [...warnings, ...contextWarnings(spec, ctx.contextWindow, model)],
      ...(spec.minContext !== undefined && { minContext: spec.minContext }),
    };
  }

  // ---- the provider
  let hit: ProviderHit | null;
  let providerSource: EffectiveSlot['providerSource'] = 'config';
  if (spec.kind === 'main' && (lowerProvider === '' || lowerProvider === 'auto')) {
    hit = autoProvider(input, b, endpoints);
    providerSource = 'auto';
  } else if (auxDirectUrl) {
    hit = { kind: 'bare-custom', id: 'custom' };
  } else {
    hit = classify(rawProvider, spec.context, endpoints, plugins);
  }
  if (hit === null && spec.kind === 'main') {
    warnings.push({
      code: 'no_credentials',
      severity: 'danger',
      slotId: spec.id,
      path: 'model.provider',
      message: 'model.provider is auto (or unset) and no usable key was found, so Hermes stops with “No inference provider configured”.',
      fix: 'Add a key on the Keys page (e.g. OPENROUTER_API_KEY), or pick a provider for the main model.',
    });
  }
  if (hit?.kind === 'unknown') {
    warnings.push({ code: 'unknown_provider', severity: 'danger', slotId: spec.id, path: `${spec.path}.provider`, message: `“${rawProvider}” is not a provider Hermes knows, nor a custom endpoint in this config.`, fix: 'Pick a provider from the list, or add the endpoint under Endpoints.' });
  }

  // ---- base URL
  const slotUrl = str(b.base_url) || str(b.api_base) || str(b.url);
  let baseUrl: string | null = null;
  let baseUrlSource: EffectiveSlot['baseUrlSource'] = 'none';
  let baseUrlEnv: string | undefined;
  if (hit?.kind === 'endpoint') {
    baseUrl = hit.endpoint.baseUrl;
    baseUrlSource = 'endpoint';
    if (slotUrl !== '' && slotUrl !== baseUrl) {
      warnings.push({ code: 'stale_base_url', severity: 'warn', slotId: spec.id, path: `${spec.path}.base_url`, message: `${spec.path}.base_url (${slotUrl}) differs from the endpoint's own URL, which Hermes uses.`, fix: `Remove ${spec.path}.base_url.` });
    }
  } else if (hit?.kind === 'bare-custom') {
    if (slotUrl !== '') {
      baseUrl = slotUrl;
      baseUrlSource = 'config';
    }
  } else if (hit?.kind === 'openai-aux') {
    baseUrl = slotUrl || OPENAI_API;
    baseUrlSource = slotUrl ? 'config' : 'default';
  } else if (hit?.kind === 'builtin' || hit?.kind === 'plugin') {
    const own = hit.kind === 'builtin' ? hit.builtin : hit.plugin;
    const envVar = hit.kind === 'builtin' ? hit.builtin.baseUrlEnvVar : hit.plugin.baseUrlEnvVar;
    const host = hostOf(slotUrl);
    const owners = host === null ? [] : ownersOfHost(host);
    const stale = host !== null && owners.length > 0 && !owners.some((o) => o.id === hit.id) && !(own.extraHosts ?? []).some((d) => hostMatchesDomain(host, d));
    if (slotUrl !== '' && !stale) {
      baseUrl = slotUrl;
      baseUrlSource = 'config';
    } else {
      if (stale) {
        warnings.push({
          code: 'stale_base_url',
          severity: 'warn',
          slotId: spec.id,
          path: `${spec.path}.base_url`,
          message: `${spec.path}.base_url points at ${owners[0]!.label} (${host}), left over from an earlier provider; Hermes ignores it for ${labelOf(hit)}.`,
          fix: `Remove ${spec.path}.base_url.`,
        });
      }
      const fromEnv = envVar === undefined ? undefined : lookupEnv(input.values, envVar);
      if (fromEnv !== undefined) {
        baseUrl = fromEnv;
        baseUrlSource = 'env';
        baseUrlEnv = envVar;
      } else if (own.defaultBaseUrl !== null) {
        baseUrl = own.defaultBaseUrl;
        baseUrlSource = 'default';
      }
    }
  }

  // ---- model
  let model = slotModel;
  let modelSource: EffectiveSlot['modelSource'] = model !== '' ? 'config' : 'none';
  if (model === '' && hit?.kind === 'endpoint' && hit.endpoint.model !== undefined) {
    model = hit.endpoint.model;
    modelSource = 'endpoint';
  } else if (model === '' && spec.kind === 'aux' && hit !== null) {
    const aux = hit.kind === 'plugin' ? hit.plugin.defaultAuxModel : DEFAULT_AUX_MODELS[hit.id];
    if (aux !== undefined) {
      model = aux;
      modelSource = 'provider-default';
    } else {
      modelSource = 'provider-default';
    }
  }

  // ---- api_mode
  const providerForMode = hit === null ? 'custom' : hit.kind === 'endpoint' ? 'custom' : hit.kind === 'openai-aux' ? 'custom' : hit.id;
  const configuredMode = str(b.api_mode) || (hit?.kind === 'endpoint' ? (hit.endpoint.apiMode ?? '') : '');
  const mode = resolveApiMode({
    providerId: providerForMode,
    baseUrl,
    modelId: model,
    configuredApiMode: configuredMode,
    configuredForProvider: hit?.kind === 'endpoint' || hit?.kind === 'openai-aux' ? 'custom' : rawProvider || providerForMode,
  });
  if (mode.ignoredConfigured !== undefined && str(b.api_mode) !== '') {
    warnings.push({ code: 'stale_api_mode', severity: 'info', slotId: spec.id, path: `${spec.path}.api_mode`, message: `${spec.path}.api_mode “${str(b.api_mode)}” is ignored: ${mode.ignoredConfigured}.`, fix: `Remove ${spec.path}.api_mode.` });
  }

  // ---- key
  const slotKeyEnvField = firstString(b, ['key_env', 'api_key_env', 'keyEnv', 'apiKeyEnv']);
  const slotKeyEnv = slotKeyEnvField !== undefined && ENV_VAR_NAME.test(slotKeyEnvField.value) ? slotKeyEnvField.value : undefined;
  const slotInline = str(b.api_key) || (spec.kind === 'main' ? str(b.api) : '');
  let keyRes: KeyResolution = { key: null, keyRef: null, candidates: [] };
  let keyNote: string | undefined;
  if (hit !== null && hit.kind !== 'unknown') {
    if (hit.kind === 'endpoint') {
      const entryInline = hit.endpoint.hasInlineKey ? inlineOfEndpoint(input.configJs, hit.endpoint) : '';
      const candidates = allowedKeyEnvVarsForTarget({ providerId: hit.endpoint.slug, baseUrl, keyEnv: slotKeyEnv ?? hit.endpoint.keyEnv ?? null });
      keyRes = resolveKey(input.values, entryInline !== '' ? { location: endpointPath(hit.endpoint) + '.api_key', raw: entryInline } : slotInline !== '' ? { location: `${spec.path}.api_key`, raw: slotInline } : null, candidates);
    } else if (hit.kind === 'bare-custom' || hit.kind === 'openai-aux') {
      const candidates = allowedKeyEnvVarsForTarget({ providerId: hit.kind === 'openai-aux' ? 'openai' : 'custom', baseUrl, keyEnv: slotKeyEnv ?? null, context: spec.context });
      keyRes = resolveKey(input.values, slotInline !== '' ? { location: `${spec.path}.api_key`, raw: slotInline } : null, candidates);
      if (keyRes.key === null) keyNote = 'No key: Hermes sends the placeholder “no-key-required” (fine for local servers).';
    } else {
      const candidates = allowedKeyEnvVarsForTarget({ providerId: hit.id, baseUrl, keyEnv: slotKeyEnv ?? null, extraProviders: plugins, context: spec.context });
      const useInline = slotInline !== '' && spec.kind !== 'main';
      if (slotInline !== '' && spec.kind === 'main') {
        warnings.push({
          code: 'stale_api_key',
          severity: 'warn',
          slotId: spec.id,
          path: `${spec.path}.api_key`,
          message: `${spec.path}.api_key is set, but ${labelOf(hit)} reads its key from ${providerKeyVars(hit).join(' / ') || 'its login'}; the inline key is left over from a custom endpoint and is ignored.`,
          fix: `Remove ${spec.path}.api_key.`,
        });
      }
      keyRes = resolveKey(input.values, useInline ? { location: `${spec.path}.api_key`, raw: slotInline } : null, candidates);
      if (slotKeyEnv !== undefined && !providerKeyVars(hit).includes(slotKeyEnv)) {
        const owner = BUILTIN_PROVIDERS.find((p) => p.keyEnvVars.includes(slotKeyEnv) && p.id !== hit.id);
        if (owner !== undefined) {
          warnings.push({
            code: 'stale_key_env',
            severity: 'warn',
            slotId: spec.id,
            path: `${spec.path}.${slotKeyEnvField!.key}`,
            message: `${spec.path}.${slotKeyEnvField!.key} names ${slotKeyEnv}, the key of ${owner.label}, not of ${labelOf(hit)} — left over from a provider switch?`,
            fix: `Remove it, or set it to ${providerKeyVars(hit)[0] ?? 'the right variable'}.`,
          });
        }
      }
      if (keyRes.key === null) {
        const status = input.authStatuses[hit.id];
        const other = (status?.via ?? []).find((v) => v.kind !== 'env' && v.kind !== 'dotenv' && v.kind !== 'keychain');
        if (other !== undefined) keyNote = other.kind === 'credential-pool' ? `auth.json credential pool (${other.name ?? hit.id})` : other.kind === 'auth-json' ? 'signed in (auth.json login)' : `configured (${other.kind})`;
        else if (hit.kind === 'builtin' && hit.builtin.keyOptional) keyNote = 'No key needed (local server).';
      }
    }
  }
  if (hit !== null && hit.kind !== 'unknown' && (keyRes.key === null || !keyRes.key.usable) && keyNote === undefined && needsKey(hit)) {
    warnings.push({
      code: 'no_credentials',
      severity: spec.kind === 'main' ? 'danger' : 'warn',
      slotId: spec.id,
      path: `${spec.path}.provider`,
      message:
        keyRes.key !== null
          ? `${spec.label} uses ${labelOf(hit)}, but ${keyRes.key.location} holds a placeholder, which Hermes ignores.`
          : `${spec.label} is pinned to ${labelOf(hit)}, which has no credentials here${keyRes.candidates.length > 0 ? ` (none of ${keyRes.candidates.join(', ')} is set)` : ''}.`,
      fix: keyRes.candidates.length > 0 ? `Add ${keyRes.candidates[0]} on the Keys page.` : 'Sign in to the provider, or pick another one.',
    });
  }
  if (keyRes.key?.viaExec === true && keyRes.keyRef?.kind === 'env') {
    warnings.push({
      code: 'keychain_only_key',
      severity: 'info',
      slotId: spec.id,
      message: `${keyRes.keyRef.name} is only in the keychain: Hermes gets it when started with “hermes-switchboard exec -- hermes …”.`,
      fix: 'Or set its delivery to “write to .env” on the Keys page.',
    });
  }

  // ---- context window
  const configuredCtx = spec.kind === 'main' ? positiveInt(b.context_length) : undefined;
  const probeKey = hit === null ? null : hit.kind === 'endpoint' ? `endpoint:${hit.endpoint.slug}` : `provider:${hit.id}`;
  const lastProbe = input.probes?.get(`slot:${spec.id}`) ?? (probeKey !== null ? (input.probes?.get(probeKey) ?? null) : null);
  const live = lastProbe !== null && lastProbe.model === model && lastProbe.contextSource === 'live' ? lastProbe.contextWindow : null;
  const ctx = contextFor(hit, model, configuredCtx, live);
  warnings.push(...contextWarnings(spec, ctx.contextWindow, model));

  return {
    id: spec.id,
    kind: spec.kind,
    label: spec.label,
    inherited: false,
    provider: hit === null || hit.kind === 'unknown' ? (hit?.id ?? null) : hit.id,
    providerLabel: labelOf(hit),
    providerSource,
    baseUrl,
    baseUrlSource,
    ...(baseUrlEnv !== undefined && { baseUrlEnv }),
    model,
    modelSource,
    apiMode: mode.apiMode,
    apiModeReason: mode.reason,
    ...ctx,
    key: keyRes.key,
    ...(keyNote !== undefined && { keyNote }),
    lastProbe,
    warnings,
    keyRef: keyRes.keyRef,
    keyCandidates: keyRes.candidates,
    ...(hit?.kind === 'endpoint' && { endpoint: hit.endpoint }),
    ...(spec.minContext !== undefined && { minContext: spec.minContext }),
  };
}

function needsKey(hit: ProviderHit): boolean {
  if (hit.kind === 'endpoint' || hit.kind === 'bare-custom' || hit.kind === 'openai-aux') return false;
  if (hit.kind === 'builtin') return !hit.builtin.keyOptional && hit.builtin.authType !== 'virtual';
  return true;
}

function contextWarnings(spec: SlotSpec, window: number | null, model: string): DriftWarning[] {
  const min = spec.minContext;
  if (min === undefined || window === null || window >= min) return [];
  return [
    {
      code: 'context_too_small',
      severity: 'warn',
      slotId: spec.id,
      message: `${spec.label} uses ${model || 'a model'} with a ${fmt(window)} context window; Hermes needs at least ${fmt(min)} here${spec.kind === 'aux' ? ' and skips smaller compression models' : ' and warns at startup'}.`,
      fix: 'Pick a model with a larger context window (or set the right context_length if the detected one is wrong).',
    },
  ];
}

function endpointPath(e: CustomEndpoint): string {
  return e.origin === 'providers' ? `providers.${e.key}` : `custom_providers[${e.index}]`;
}

function inlineOfEndpoint(configJs: unknown, e: CustomEndpoint): string {
  const raw = e.origin === 'providers' ? field(field(configJs, 'providers'), e.key) : (field(configJs, 'custom_providers') as unknown[] | undefined)?.[e.index];
  return str(field(raw, 'api_key') ?? field(raw, 'apiKey'));
}

/** §2.4: `fallback_providers` in order, then `fallback_model` entries that are not duplicates. */
export function fallbackChain(configJs: unknown): Array<{ block: PlainRecord; path: string }> {
  const out: Array<{ block: PlainRecord; path: string }> = [];
  const seen = new Set<string>();
  const push = (block: unknown, path: string): void => {
    if (!isRecord(block)) return;
    const provider = nonEmptyString(block.provider);
    const model = nonEmptyString(block.model);
    if (provider === undefined || model === undefined) return;
    const key = `${provider}|${model}|${str(block.base_url)}`.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ block, path });
  };
  const list = field(configJs, 'fallback_providers');
  if (Array.isArray(list)) list.forEach((b, i) => push(b, `fallback_providers[${i}]`));
  const legacy = field(configJs, 'fallback_model');
  if (Array.isArray(legacy)) legacy.forEach((b, i) => push(b, `fallback_model[${i}]`));
  else push(legacy, 'fallback_model');
  return out;
}

/** The main model block: a mapping, or the legacy bare string meaning `{default: <string>}`. */
function mainBlock(configJs: unknown): PlainRecord {
  const model = field(configJs, 'model');
  if (typeof model === 'string' && model.trim() !== '') return { default: model.trim() };
  return isRecord(model) ? model : {};
}

export interface ResolvedConfig {
  config: EffectiveConfig;
  slots: ResolvedSlot[];
}

/** Resolves every slot and collects drift warnings. */
export function resolveEffectiveConfig(input: EffectiveInput): ResolvedConfig {
  const endpoints = readCustomEndpoints(input.configJs, { extraProviders: (input.plugins ?? []).map((p) => ({ id: p.id, aliases: p.aliases ?? [] })) }).endpoints;
  const main = resolveSlot({ id: 'main', kind: 'main', label: 'Main model', context: 'main', block: mainBlock(input.configJs), path: 'model', minContext: MINIMUM_CONTEXT_LENGTH }, input, endpoints, null);
  const slots: ResolvedSlot[] = [main];
  const aux = field(input.configJs, 'auxiliary');
  for (const task of auxTaskUniverse(aux)) {
    const block = field(aux, task.key);
    slots.push(
      resolveSlot(
        {
          id: `aux:${task.key}`,
          kind: 'aux',
          label: task.label,
          context: 'auxiliary',
          block: isRecord(block) ? block : {},
          path: `auxiliary.${task.key}`,
          ...(task.key === 'compression' && { minContext: MINIMUM_CONTEXT_LENGTH }),
        },
        input,
        endpoints,
        main,
      ),
    );
  }
  fallbackChain(input.configJs).forEach((entry, i) => {
    slots.push(resolveSlot({ id: `fallback:${i}`, kind: 'fallback', label: `Fallback ${i + 1}`, context: 'main', block: entry.block, path: entry.path }, input, endpoints, main));
  });

  const names = new Set<string>(input.conflictNames ?? []);
  for (const s of slots) for (const c of s.keyCandidates) names.add(c);
  const warnings: DriftWarning[] = [];
  for (const name of names) {
    const c = conflictFor(name, input.values);
    if (c.conflict) {
      warnings.push({ code: 'key_conflict', severity: 'warn', message: `${name}: ${c.note ?? 'different values in several places.'}`, fix: 'Keep one value: replace or delete the others on the Keys page.' });
    }
  }
  const publicSlots: EffectiveSlot[] = slots.map(({ keyRef: _r, keyCandidates: _c, endpoint: _e, minContext: _m, ...rest }) => rest);
  return { config: { slots: publicSlots, warnings }, slots };
}

/** An entry to resolve outside the config's own slots (a draft fallback chain, a task's `fallback_chain`). */
export interface ExtraSlotSpec {
  id: string;
  label: string;
  block: PlainRecord;
  /** Dotted config path of the entry, for messages. */
  path: string;
  minContext?: number;
}

/**
 * Resolves entries that are not (yet) slots of the config — the fallback editor's draft chain, or an
 * auxiliary task's `fallback_chain` — exactly like the config's own fallback (`kind: 'fallback'`) or
 * auxiliary (`kind: 'aux'`: `main`/`auto` inherit the main model, an empty model is the provider's
 * default side-task model) slots. Returns the resolved main slot too.
 */
export function resolveExtraSlots(input: EffectiveInput, entries: readonly ExtraSlotSpec[], kind: 'fallback' | 'aux'): { main: ResolvedSlot; slots: ResolvedSlot[] } {
  const endpoints = readCustomEndpoints(input.configJs, { extraProviders: (input.plugins ?? []).map((p) => ({ id: p.id, aliases: p.aliases ?? [] })) }).endpoints;
  const main = resolveSlot({ id: 'main', kind: 'main', label: 'Main model', context: 'main', block: mainBlock(input.configJs), path: 'model', minContext: MINIMUM_CONTEXT_LENGTH }, input, endpoints, null);
  const slots = entries.map((e) =>
    resolveSlot({ id: e.id, kind, label: e.label, context: kind === 'aux' ? 'auxiliary' : 'main', block: e.block, path: e.path, ...(e.minContext !== undefined && { minContext: e.minContext }) }, input, endpoints, main),
  );
  return { main, slots };
}
