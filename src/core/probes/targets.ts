/**
 * What the Health page probes, and how: for every provider that is set up (or used by a slot), every
 * custom endpoint and every configured slot — the URL, the auth header style and the saved key.
 *
 * Key scoping (reference §3.8) is enforced here, before any request exists: a plan only ever carries
 * a key from a variable `allowedKeyEnvVarsForTarget` allows for that target (a built-in provider's
 * own variables, an endpoint's own `key_env`/inline key), and that key is sent only to the plan's URL
 * origin (`http.ts` drops it on redirects to anywhere else).
 * Base URLs follow `hermes doctor` (§8.4): `<X>_BASE_URL` (from `.env`, else the process environment)
 * or the default, `/anthropic` bases rewritten to the OpenAI-compatible `/v1`, Kimi Coding Plan keys
 * to api.kimi.com/coding/v1.
 */
import type { ProbeClass, ProbeTarget } from '../../shared/domain/probes';
import { authStatusesOf, type KeySnapshot } from '../keys/keys-service';
import { effectiveFor, effectiveValue } from '../keys/inventory';
import type { ResolvedSlot } from '../effective/resolve';
import { isUsableKeyValue } from '../providers/auth-status';
import type { AuthStatus } from '../../shared/domain/providers';
import { envReferenceName, field } from '../providers/config-access';
import { defaultContextLength, getModelMeta } from '../providers/curated-models';
import { readCustomEndpoints } from '../providers/custom-endpoints';
import { allowedKeyEnvVarsForTarget, authHeaderStyleFor, buildAuthHeaders, probeBaseUrl } from '../providers/key-scoping';
import { BUILTIN_PROVIDERS, getBuiltinProvider } from '../providers/registry';
import { stripCredentialsFromUrl } from './http';
import type { CustomEndpoint } from '../../shared/domain/providers';

/** A target plus what running it needs. Core-only: `key` holds a secret. */
export interface ProbePlan {
  target: ProbeTarget;
  providerLabel: string;
  /** `GET` this for the model list. */
  modelsUrl: string | null;
  /** OpenRouter's /models is public: the key is checked on `/key` first. */
  authUrl?: string;
  /** The key and the headers carrying it. */
  key: { value: string; headers: Record<string, string>; name: string } | null;
  /** Extra non-secret headers (Anthropic version). */
  headers: Record<string, string>;
  /** The provider needs a key (a 2xx without one is not "ok"). */
  keyRequired: boolean;
  apiMode: string;
  insecureTls: boolean;
  /** Where the URL is configured (`OPENROUTER_BASE_URL`, `providers.work.base_url`), for hints; absent for defaults. */
  urlWhere?: string;
  /** Context window from config/catalog, used when the live list does not say. */
  contextFallback: { window: number | null; source: 'config' | 'catalog' | 'family' | 'none' };
  /** For the optional completion. */
  baseUrl: string | null;
  /**
   * The result is known without any request: a provider Hermes has no credentials for at all (no key
   * anywhere, no login) is `auth_missing`, whatever its endpoint would answer.
   */
  known?: { class: ProbeClass; detail: string; hint: string };
}

type Lookup = (name: string) => string | undefined;

function envLookup(snapshot: KeySnapshot): Lookup {
  return (name) => {
    const d = snapshot.values.dotenv.get(name)?.value;
    if (d !== undefined && d.trim() !== '') return d.trim();
    const e = snapshot.values.processEnv[name];
    return e !== undefined && e.trim() !== '' ? e.trim() : undefined;
  };
}

const ANTHROPIC_VERSION = { 'anthropic-version': '2023-06-01' };
const ANTHROPIC_OAUTH = new Set(['ANTHROPIC_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']);

function expandRefs(url: string, lookup: Lookup): string | null {
  let missing = false;
  const out = url.replace(/\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const v = lookup(name);
    if (v === undefined) missing = true;
    return v ?? '';
  });
  if (missing || out.includes('{')) return null;
  return /^https?:\/\//i.test(out) ? out.replace(/\/+$/, '') : null;
}

/** `<base>/models`, with Anthropic-style bases getting `/v1/models`. */
export function modelsUrlFor(base: string, apiMode: string, providerId: string): string {
  const b = base.replace(/\/+$/, '');
  if ((providerId === 'anthropic' || apiMode === 'anthropic_messages') && !/\/v1$/i.test(b)) return `${b}/v1/models`;
  return `${b}/models`;
}

function keyHeaders(providerId: string, apiMode: string, envVar: string | undefined, value: string): { headers: Record<string, string>; extra: Record<string, string> } {
  if (providerId === 'anthropic' || apiMode === 'anthropic_messages') {
    if (envVar !== undefined && ANTHROPIC_OAUTH.has(envVar)) return { headers: { authorization: `Bearer ${value}` }, extra: { ...ANTHROPIC_VERSION, 'anthropic-beta': 'oauth-2025-04-20' } };
    if (providerId === 'anthropic' || getBuiltinProvider(providerId) === undefined) return { headers: { 'x-api-key': value }, extra: ANTHROPIC_VERSION };
  }
  const style = authHeaderStyleFor(providerId, envVar);
  return { headers: buildAuthHeaders(style, value), extra: style.kind === 'x-api-key' ? { ...style.extraHeaders } : {} };
}

function publicKeySource(snapshot: KeySnapshot, name: string): ProbeTarget['keySource'] {
  const src = effectiveFor(name, snapshot.values);
  if (src === null) return null;
  return { kind: src.kind, location: `${name} (${src.location})`, ...(src.last4 !== undefined && { last4: src.last4 }), viaExec: src.viaExec };
}

function contextFallback(providerId: string, model: string | undefined, configured?: number): ProbePlan['contextFallback'] {
  if (configured !== undefined) return { window: configured, source: 'config' };
  if (!model) return { window: null, source: 'none' };
  const meta = getModelMeta(providerId, model);
  if (meta?.contextWindow !== undefined) return { window: meta.contextWindow, source: 'catalog' };
  return { window: defaultContextLength(model), source: 'family' };
}

/**
 * A provider that Hermes can use only through a login stored in auth.json (OAuth tokens, a
 * credential pool) and no API key we could send: probing it with no key would report a false
 * `auth_missing`, so the target says what it is instead.
 */
function loginOnlyReason(status: AuthStatus | undefined, hasKey: boolean): string | null {
  if (hasKey || !status?.authenticated) return null;
  const viaLogin = status.via.filter((v) => v.kind === 'auth-json' || v.kind === 'credential-pool');
  if (viaLogin.length === 0 || viaLogin.length !== status.via.length) return null;
  return 'Signed in through auth.json (an OAuth login or credential pool); Switchboard probes API keys only. Run `hermes auth status` to check the login.';
}

/** Built-in credential kinds that need nothing from the user (a virtual provider, a CLI that logs in by itself). */
const NO_CREDENTIALS_NEEDED = new Set(['virtual', 'external_process']);

/**
 * When Hermes has no credential at all for a provider — no usable key in `.env`, the environment or the
 * keychain, no login or credential pool in auth.json — the honest result is `auth_missing`, known
 * without a request (a GET without a key would prove nothing, and some providers cannot be probed).
 */
function missingCredentials(p: { id: string; label: string; authType: string; keyEnvVars: readonly string[]; keyOptional?: boolean }, status: AuthStatus | undefined, hasKey: boolean): ProbePlan['known'] | undefined {
  if (hasKey || status?.authenticated === true || p.keyOptional === true || NO_CREDENTIALS_NEEDED.has(p.authType)) return undefined;
  let hint: string;
  switch (p.authType) {
    case 'oauth_device_code':
    case 'oauth_external':
    case 'oauth_minimax':
      hint = `${p.label} has no login: sign in with \`hermes model\` (choose ${p.label}); the login is stored in auth.json.`;
      break;
    case 'aws_sdk':
      hint = `No AWS credentials for ${p.label}: set AWS_PROFILE (or AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or AWS_BEARER_TOKEN_BEDROCK) in .env.`;
      break;
    case 'vertex':
      hint = `No service account for ${p.label}: set GOOGLE_APPLICATION_CREDENTIALS (or VERTEX_CREDENTIALS_PATH) to a service-account file.`;
      break;
    default:
      hint = p.keyEnvVars.length > 0 ? `No key is saved for ${p.label}: add ${p.keyEnvVars[0]} on the Keys page.` : `${p.label} has no credentials: set it up in Hermes first.`;
  }
  return { class: 'auth_missing', detail: 'no credentials: no key in .env, the environment or the keychain, and no login in auth.json', hint };
}

/** Provider targets: each built-in (and plugin) provider that is set up or used by a slot. */
export function providerPlans(snapshot: KeySnapshot, usedProviders: ReadonlySet<string>, options: { all?: boolean } = {}): ProbePlan[] {
  const lookup = envLookup(snapshot);
  const statuses = authStatusesOf(snapshot);
  const plans: ProbePlan[] = [];
  const providers = [
    ...BUILTIN_PROVIDERS.map((p) => ({ ...p, plugin: false })),
    ...snapshot.plugins
      .filter((p) => getBuiltinProvider(p.id) === undefined)
      .map((p) => ({
        id: p.id,
        label: p.label,
        authType: p.authType,
        keyEnvVars: p.keyEnvVars,
        baseUrlEnvVar: p.baseUrlEnvVar,
        defaultBaseUrl: p.defaultBaseUrl ?? null,
        apiMode: p.apiMode ?? 'chat_completions',
        healthCheck: p.healthCheck ?? true,
        keyOptional: false,
        plugin: true,
      })),
  ];
  const extraProviders = snapshot.plugins.map((x) => ({ id: x.id, aliases: x.aliases ?? [], keyEnvVars: x.keyEnvVars, defaultBaseUrl: x.defaultBaseUrl ?? null }));
  for (const p of providers) {
    if (p.id === 'custom' || p.id === 'moa') continue;
    const set = statuses[p.id]?.authenticated === true;
    if (!options.all && !set && !usedProviders.has(p.id)) continue;
    const allowed = allowedKeyEnvVarsForTarget({ providerId: p.id, extraProviders });
    const keyName = allowed.find((n) => isUsableKeyValue(effectiveValue(n, snapshot.values)));
    const keyValue = keyName === undefined ? null : effectiveValue(keyName, snapshot.values)!.trim();
    let base: string | null;
    if (p.plugin) {
      const raw = (p.baseUrlEnvVar !== undefined ? lookup(p.baseUrlEnvVar) : undefined) ?? p.defaultBaseUrl;
      base = raw !== null && /^https?:\/\//i.test(raw) ? raw.replace(/\/+$/, '').replace(/\/anthropic(?:\/v1)?$/i, '/v1') : null;
    } else {
      base = probeBaseUrl(p.id, Object.fromEntries(snapshotEnvPairs(snapshot, p.baseUrlEnvVar)), { kimiCodingPlanKey: keyValue?.startsWith('sk-kimi-') === true });
    }
    const apiMode = typeof p.apiMode === 'string' && !['per-model', 'url-detected'].includes(p.apiMode) ? p.apiMode : 'chat_completions';
    const target: ProbeTarget = {
      id: `provider:${p.id}`,
      kind: 'provider',
      label: p.label,
      providerId: p.id,
      baseUrl: base === null ? null : stripCredentialsFromUrl(base),
      keySource: keyName === undefined ? null : publicKeySource(snapshot, keyName),
      probeable: true,
    };
    const canProbe = base !== null && (p.healthCheck || ('keyOptional' in p && p.keyOptional === true));
    const loginOnly = loginOnlyReason(statuses[p.id], keyValue !== null);
    const known = missingCredentials({ ...p, keyOptional: 'keyOptional' in p && p.keyOptional === true }, statuses[p.id], keyValue !== null);
    if (known) {
      target.probeable = true;
    } else if (loginOnly) {
      target.probeable = false;
      target.skipReason = loginOnly;
    } else if (!canProbe) {
      target.probeable = false;
      target.skipReason =
        base === null
          ? p.authType === 'aws_sdk'
            ? 'Uses the AWS SDK; there is no key to probe over HTTP.'
            : p.authType === 'vertex'
              ? 'Uses a Google service account; not probed over HTTP.'
              : 'No fixed endpoint to probe (set its base URL first).'
          : `${p.label} cannot be checked with a plain GET (Hermes's doctor only reports “key configured” too).`;
    }
    const keyHdr = keyValue === null ? null : keyHeaders(p.id, apiMode, keyName, keyValue);
    plans.push({
      target,
      providerLabel: p.label,
      modelsUrl: base === null ? null : modelsUrlFor(base, apiMode, p.id),
      ...(p.id === 'openrouter' && base !== null && { authUrl: `${base}/key` }),
      key: keyHdr === null ? null : { value: keyValue!, headers: keyHdr.headers, name: keyName! },
      headers: keyHdr?.extra ?? (p.id === 'anthropic' ? ANTHROPIC_VERSION : {}),
      keyRequired: !('keyOptional' in p && p.keyOptional === true),
      apiMode,
      insecureTls: false,
      ...(p.baseUrlEnvVar !== undefined && lookup(p.baseUrlEnvVar) !== undefined && { urlWhere: p.baseUrlEnvVar }),
      contextFallback: { window: null, source: 'none' },
      baseUrl: base,
      ...(known && { known }),
    });
  }
  return plans;
}

function snapshotEnvPairs(snapshot: KeySnapshot, name: string | undefined): Array<[string, string]> {
  if (name === undefined) return [];
  const v = envLookup(snapshot)(name);
  return v === undefined ? [] : [[name, v]];
}

function endpointPath(e: CustomEndpoint): string {
  return e.origin === 'providers' ? `providers.${e.key}` : `custom_providers[${e.index}]`;
}

function endpointRaw(configJs: unknown, e: CustomEndpoint): unknown {
  return e.origin === 'providers' ? field(field(configJs, 'providers'), e.key) : (field(configJs, 'custom_providers') as unknown[] | undefined)?.[e.index];
}

/** The key of an endpoint: inline literal, `${VAR}` reference or `key_env` — only its own. */
function endpointKey(snapshot: KeySnapshot, e: CustomEndpoint): { value: string; name: string; source: ProbeTarget['keySource'] } | null {
  const raw = endpointRaw(snapshot.configJs, e);
  const inline = field(raw, 'api_key') ?? field(raw, 'apiKey');
  if (typeof inline === 'string' && inline.trim() !== '') {
    const ref = envReferenceName(inline);
    if (ref === undefined) {
      const t = inline.trim();
      return { value: t, name: `${endpointPath(e)}.api_key`, source: { kind: 'config', location: `${endpointPath(e)}.api_key`, ...(t.length >= 12 && { last4: t.slice(-4) }), viaExec: false } };
    }
    const v = effectiveValue(ref, snapshot.values);
    if (isUsableKeyValue(v)) return { value: v!.trim(), name: ref, source: publicKeySource(snapshot, ref) };
  }
  const allowed = allowedKeyEnvVarsForTarget({ providerId: e.slug, baseUrl: e.baseUrl, keyEnv: e.keyEnv ?? null });
  for (const name of allowed) {
    const v = effectiveValue(name, snapshot.values);
    if (isUsableKeyValue(v)) return { value: v!.trim(), name, source: publicKeySource(snapshot, name) };
  }
  return null;
}

/** A plan for one custom endpoint (also used by the Endpoints page's Test button). */
export function endpointPlan(snapshot: KeySnapshot, e: CustomEndpoint, minContext?: number): ProbePlan {
  const lookup = envLookup(snapshot);
  const base = expandRefs(e.baseUrl, lookup);
  const apiMode = e.apiMode ?? (/\/anthropic(?:\/v1)?\/?$/i.test(e.baseUrl) ? 'anthropic_messages' : 'chat_completions');
  const key = endpointKey(snapshot, e);
  const hdr = key === null ? null : keyHeaders(e.slug, apiMode, key.name, key.value);
  const raw = endpointRaw(snapshot.configJs, e);
  const model = e.model;
  const configured = model !== undefined ? (e.models[model]?.contextLength ?? e.contextLength) : e.contextLength;
  return {
    target: {
      id: `endpoint:${e.slug}`,
      kind: 'endpoint',
      label: e.name,
      providerId: e.slug,
      ...(model !== undefined && { model }),
      baseUrl: base === null ? null : stripCredentialsFromUrl(base),
      keySource: key?.source ?? null,
      probeable: base !== null && e.enabled,
      ...(base === null && { skipReason: 'The base URL has a ${VAR} placeholder that is not set, or no scheme and host.' }),
      ...(base !== null && !e.enabled && { skipReason: 'The endpoint is disabled (enabled: false).' }),
      ...(minContext !== undefined && { minContext }),
    },
    providerLabel: e.name,
    modelsUrl: base === null ? null : modelsUrlFor(base, apiMode, e.slug),
    key: hdr === null ? null : { value: key!.value, headers: hdr.headers, name: key!.name },
    headers: hdr?.extra ?? (apiMode === 'anthropic_messages' ? ANTHROPIC_VERSION : {}),
    keyRequired: false,
    apiMode,
    insecureTls: field(raw, 'ssl_verify') === false,
    urlWhere: `${endpointPath(e)}.base_url`,
    contextFallback: configured !== undefined ? { window: configured, source: 'config' } : contextFallback('custom', model),
    baseUrl: base,
  };
}

export function endpointPlans(snapshot: KeySnapshot): ProbePlan[] {
  return readCustomEndpoints(snapshot.configJs).endpoints.map((e) => endpointPlan(snapshot, e, e.model !== undefined ? 64_000 : undefined));
}

function urlWhereOfSlot(slot: ResolvedSlot): string | undefined {
  switch (slot.baseUrlSource) {
    case 'env':
      return slot.baseUrlEnv;
    case 'endpoint':
      return slot.endpoint === undefined ? undefined : `${endpointPath(slot.endpoint)}.base_url`;
    case 'config':
      return slot.id === 'main' ? 'model.base_url' : slot.id.startsWith('aux:') ? `auxiliary.${slot.id.slice(4)}.base_url` : `the base_url of ${slot.label.toLowerCase()}`;
    default:
      return undefined;
  }
}

/** Plans for the configured slots (main, explicit aux tasks, fallbacks); inherited aux tasks share main's. */
export function slotPlans(snapshot: KeySnapshot, slots: readonly ResolvedSlot[]): ProbePlan[] {
  const plans: ProbePlan[] = [];
  const statuses = authStatusesOf(snapshot);
  for (const slot of slots) {
    if (slot.inherited) continue;
    const providerId = slot.provider ?? 'none';
    const builtin = getBuiltinProvider(providerId);

    // The key: only from a variable this slot may read (or the slot's own inline value).
    let key: ProbePlan['key'] = null;
    let extra: Record<string, string> = slot.apiMode === 'anthropic_messages' || providerId === 'anthropic' ? ANTHROPIC_VERSION : {};
    if (slot.keyRef !== null && slot.key?.usable === true) {
      const value = slot.keyRef.kind === 'inline' ? slot.keyRef.value : effectiveValue(slot.keyRef.name, snapshot.values);
      const allowed = slot.keyRef.kind === 'inline' || slot.keyCandidates.includes(slot.keyRef.name);
      if (allowed && value) {
        const envName = slot.keyRef.kind === 'env' ? slot.keyRef.name : undefined;
        const hdr = keyHeaders(slot.endpoint !== undefined ? slot.endpoint.slug : providerId, slot.apiMode, envName, value.trim());
        key = { value: value.trim(), headers: hdr.headers, name: envName ?? (slot.keyRef as { location: string }).location };
        extra = hdr.extra;
      }
    }

    let base = slot.baseUrl;
    if (builtin !== undefined && slot.baseUrlSource !== 'config') {
      const env = slot.baseUrlEnv !== undefined && slot.baseUrl !== null ? { [slot.baseUrlEnv]: slot.baseUrl } : {};
      base = probeBaseUrl(providerId, env, { kimiCodingPlanKey: key?.value.startsWith('sk-kimi-') === true }) ?? base;
    } else if (base !== null) {
      base = base.replace(/\/+$/, '');
      if (builtin !== undefined) base = base.replace(/\/anthropic(?:\/v1)?$/i, '/v1');
    }
    const target: ProbeTarget = {
      id: `slot:${slot.id}`,
      kind: 'slot',
      label: slot.label,
      providerId,
      ...(slot.model !== '' && { model: slot.model }),
      baseUrl: base === null ? null : stripCredentialsFromUrl(base),
      keySource:
        key === null || slot.key === null
          ? null
          : {
              kind: slot.key.kind,
              location: slot.keyRef?.kind === 'env' ? `${slot.keyRef.name} (${slot.key.location})` : slot.key.location,
              ...(slot.key.last4 !== undefined && { last4: slot.key.last4 }),
              viaExec: slot.key.viaExec,
            },
      probeable: true,
      ...(slot.minContext !== undefined && { minContext: slot.minContext }),
    };
    // A built-in provider the slot reaches with no credential of any kind: known to fail, before any URL question.
    const known =
      builtin !== undefined && slot.endpoint === undefined && slot.baseUrlSource !== 'config'
        ? missingCredentials({ ...builtin, keyOptional: builtin.keyOptional === true }, statuses[providerId], key !== null || slot.key?.usable === true)
        : undefined;
    if (slot.provider === null || slot.warnings.some((w) => w.code === 'unknown_provider')) {
      target.probeable = false;
      target.skipReason = 'No provider resolves for this slot.';
    } else if (known) {
      target.probeable = true;
    } else if (base === null || !/^https?:\/\//i.test(base)) {
      target.probeable = false;
      target.skipReason = builtin?.authType === 'aws_sdk' ? 'Uses the AWS SDK; not probed over HTTP.' : 'No HTTP endpoint to probe.';
    } else if (builtin !== undefined && slot.endpoint === undefined && loginOnlyReason(statuses[providerId], key !== null)) {
      target.probeable = false;
      target.skipReason = loginOnlyReason(statuses[providerId], key !== null)!;
    } else if (builtin !== undefined && !builtin.healthCheck && !builtin.keyOptional && slot.baseUrlSource !== 'config') {
      target.probeable = false;
      target.skipReason = `${builtin.label} cannot be checked with a plain GET (Hermes's doctor only reports “key configured” too).`;
    }
    const ctxSource = slot.contextSource === 'endpoint' || slot.contextSource === 'config' || slot.contextSource === 'live' ? 'config' : slot.contextSource === 'catalog' ? 'catalog' : slot.contextSource === 'family' ? 'family' : 'none';
    plans.push({
      target,
      providerLabel: slot.providerLabel,
      modelsUrl: base === null ? null : modelsUrlFor(base, slot.apiMode, providerId),
      ...(providerId === 'openrouter' && base !== null && { authUrl: `${base}/key` }),
      key,
      headers: extra,
      keyRequired: builtin !== undefined && !builtin.keyOptional && builtin.authType !== 'virtual',
      apiMode: slot.apiMode,
      insecureTls: slot.endpoint !== undefined && field(endpointRaw(snapshot.configJs, slot.endpoint), 'ssl_verify') === false,
      ...(urlWhereOfSlot(slot) !== undefined && { urlWhere: urlWhereOfSlot(slot)! }),
      contextFallback: { window: slot.contextWindow, source: slot.contextWindow === null ? 'none' : ctxSource },
      baseUrl: base,
      ...(known && { known }),
    });
  }
  return plans;
}

export { contextFallback };
