/**
 * Custom endpoints ("run any model through one API"): listing, validating, adding, editing and
 * removing entries of both live sections — `providers:` (map, v12 schema) and `custom_providers:`
 * (legacy list Hermes still appends to) — plus a Test that probes the saved entry.
 *
 * Writes go through `session.config.edit` (reason `endpoints`), so only the lines of the entry change,
 * and an edited entry keeps every field the form does not show (`extra_body`, `models.*.timeout_seconds`,
 * `rate_limit_delay`, …). Aliased field names already in the file (`api`/`url` for the URL,
 * `transport` for the mode, `default_model`) are updated in place rather than duplicated.
 */
import type { ApiMode, CustomEndpoint } from '../../shared/domain/providers';
import type { LiveModel, ProbeResult } from '../../shared/domain/probes';
import type { EndpointDraft, EndpointView, UrlCheck } from '../../shared/contract/endpoints';
import { AppError } from '../app-error';
import type { WriteResult } from '../config/config-file';
import { deepEqual, isPlainObject } from '../config/plain-value';
import { effectiveFor } from '../keys/inventory';
import { loadKeySnapshot, setKey, type KeysContext } from '../keys/keys-service';
import { customProviderSlug } from '../providers/aliases';
import { detectApiModeFromUrl, resolveApiMode } from '../providers/api-mode';
import { envReferenceName, field, isRecord, nonEmptyString } from '../providers/config-access';
import { MINIMUM_CONTEXT_LENGTH } from '../providers/curated-models';
import { readCustomEndpoints } from '../providers/custom-endpoints';
import { isBuiltinProviderId } from '../providers/registry';
import { isIpAddress, isLocalHostname } from '../providers/url-host';
import { findLiveModel } from '../probes/classify';
import { liveModelLists, probeHistory } from '../probes/probe-service';
import { probeOne } from '../probes/runner';
import { endpointPlan } from '../probes/targets';
import { lastFour } from '../secrets/mask-text';

/** What `model.provider` (or an aux/fallback provider) must say to select this endpoint. */
export function selectorOf(e: CustomEndpoint): string {
  return e.origin === 'providers' ? e.key : e.slug;
}

export function pathOf(e: CustomEndpoint): string {
  return e.origin === 'providers' ? `providers.${e.key}` : `custom_providers[${e.index}]`;
}

/** Validates a base URL and says what Hermes will make of it. Pure. */
export function checkBaseUrl(raw: string): UrlCheck {
  const url = raw.trim();
  const problems: string[] = [];
  const hints: string[] = [];
  if (url === '') return { valid: false, problems: ['Enter the endpoint URL, e.g. https://llm.example.com/v1.'], hints, detectedApiMode: null };
  if (url.includes('${')) {
    hints.push('The URL uses a ${VAR} placeholder; Hermes fills it in from the environment when it starts.');
    return { valid: true, problems, hints, detectedApiMode: null };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { valid: false, problems: ['Not a URL: it needs a scheme and a host, e.g. https://llm.example.com/v1.'], hints, detectedApiMode: null };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`The scheme must be http or https (not ${parsed.protocol.replace(':', '')}).`);
  if (parsed.hostname === '') problems.push('The URL has no host.');
  if (parsed.username !== '' || parsed.password !== '') problems.push('Do not put credentials in the URL; use the key field (stored in the keychain).');
  if (parsed.search !== '') hints.push('The query string is kept as written; most APIs take none.');
  const detected = detectApiModeFromUrl(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  if ((detected === null || detected === 'chat_completions') && !/\/v\d+(?:beta|alpha)?(?:\/|$)/i.test(path + '/') && !/\/anthropic$/i.test(path)) {
    hints.push('OpenAI-compatible URLs usually end in /v1 (e.g. http://localhost:11434/v1); without it the model list and chat calls may 404.');
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (parsed.protocol === 'http:' && !isLocalHostname(host) && !(isIpAddress(host) && /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$)/.test(host))) {
    hints.push('Plain http to a remote host sends the key unencrypted; use https if the server supports it.');
  }
  if (detected !== null) hints.push(`Hermes will use ${detected} for this URL (detected from the host/path).`);
  return { valid: problems.length === 0, problems, hints, detectedApiMode: detected };
}

function references(configJs: unknown, e: CustomEndpoint): string[] {
  const selector = selectorOf(e).toLowerCase();
  const matches = (value: unknown): boolean => {
    const v = nonEmptyString(value)?.toLowerCase();
    if (v === undefined) return false;
    if (e.origin === 'providers') return v === selector;
    return v.startsWith('custom:') && customProviderSlug(v.slice('custom:'.length)) === e.slug;
  };
  const out: string[] = [];
  if (matches(field(field(configJs, 'model'), 'provider'))) out.push('model.provider');
  const aux = field(configJs, 'auxiliary');
  if (isRecord(aux)) for (const [task, block] of Object.entries(aux)) if (matches(field(block, 'provider'))) out.push(`auxiliary.${task}.provider`);
  const fb = field(configJs, 'fallback_providers');
  if (Array.isArray(fb)) fb.forEach((entry, i) => matches(field(entry, 'provider')) && out.push(`fallback_providers[${i}].provider`));
  if (matches(field(field(configJs, 'fallback_model'), 'provider'))) out.push('fallback_model.provider');
  if (matches(field(field(configJs, 'delegation'), 'provider'))) out.push('delegation.provider');
  return out;
}

/** The Endpoints page: every entry with its URL check, api_mode, key source, last test and live models. */
export async function listEndpoints(ctx: KeysContext): Promise<{ endpoints: EndpointView[]; problems: Array<{ path: string; message: string }> }> {
  const snapshot = await loadKeySnapshot(ctx);
  const read = readCustomEndpoints(snapshot.configJs);
  const history = probeHistory(ctx.session);
  const lists = liveModelLists(ctx.session);
  const endpoints = read.endpoints.map((e): EndpointView => {
    const raw = e.origin === 'providers' ? field(field(snapshot.configJs, 'providers'), e.key) : (field(snapshot.configJs, 'custom_providers') as unknown[])[e.index];
    const inline = nonEmptyString(field(raw, 'api_key') ?? field(raw, 'apiKey'));
    const ref = inline === undefined ? undefined : envReferenceName(inline);
    const keyName = ref ?? e.keyEnv;
    const key =
      inline !== undefined && ref === undefined
        ? { kind: 'config' as const, location: `${pathOf(e)}.api_key`, usable: true, viaExec: false, ...(lastFour(inline) !== '' && { last4: lastFour(inline) }) }
        : keyName !== undefined
          ? effectiveFor(keyName, snapshot.values)
          : null;
    const mode = resolveApiMode({ providerId: 'custom', baseUrl: e.baseUrl, modelId: e.model ?? null, configuredApiMode: e.apiMode ?? null, configuredForProvider: 'custom' });
    const live = lists.get(`endpoint:${e.slug}`) ?? null;
    const last = history.get(`endpoint:${e.slug}`) ?? null;
    const model = e.model;
    let contextCheck: EndpointView['contextCheck'] = null;
    if (model !== undefined) {
      const configured = e.models[model]?.contextLength ?? e.contextLength;
      const liveCtx = live === null ? undefined : findLiveModel(live, model)?.contextLength;
      const window = configured ?? liveCtx ?? null;
      contextCheck = { model, window, source: configured !== undefined ? 'config' : liveCtx !== undefined ? 'live' : 'none', ok: window === null ? null : window >= MINIMUM_CONTEXT_LENGTH, minimum: MINIMUM_CONTEXT_LENGTH };
    }
    return {
      endpoint: e,
      path: pathOf(e),
      selector: selectorOf(e),
      url: checkBaseUrl(e.baseUrl),
      apiMode: mode.apiMode,
      apiModeReason: mode.reason,
      apiModeOverride: e.apiMode ?? null,
      keyName: keyName ?? null,
      key,
      lastProbe: last,
      liveModels: live,
      contextCheck,
      referencedBy: references(snapshot.configJs, e),
    };
  });
  return { endpoints, problems: read.problems };
}

function kebab(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A default key variable for an endpoint name: `Work Gateway` → `WORK_GATEWAY_API_KEY`. */
export function defaultKeyEnvFor(name: string): string {
  const base = name.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const safe = /^[A-Z_]/.test(base) ? base : `EP_${base}`;
  return `${safe || 'CUSTOM'}_API_KEY`;
}

function firstKey(entry: Record<string, unknown>, keys: readonly string[], fallback: string): string {
  return keys.find((k) => k in entry) ?? fallback;
}

function applyDraft(entry: Record<string, unknown>, draft: EndpointDraft, origin: 'providers' | 'custom_providers', removeInlineKey: boolean): void {
  if (origin === 'custom_providers' || 'name' in entry || draft.name.trim() !== '') entry.name = draft.name.trim();
  const urlKey = firstKey(entry, ['base_url', 'url', 'api', 'baseUrl'], 'base_url');
  for (const k of ['base_url', 'url', 'api', 'baseUrl']) if (k !== urlKey) delete entry[k];
  entry[urlKey] = draft.baseUrl.trim();
  const modeKey = firstKey(entry, ['api_mode', 'transport', 'apiMode'], 'api_mode');
  if (draft.apiMode === 'auto') {
    for (const k of ['api_mode', 'transport', 'apiMode']) delete entry[k];
  } else {
    for (const k of ['api_mode', 'transport', 'apiMode']) if (k !== modeKey) delete entry[k];
    entry[modeKey] = draft.apiMode;
  }
  const keyEnvKey = firstKey(entry, ['key_env', 'api_key_env', 'keyEnv', 'apiKeyEnv'], 'key_env');
  if (draft.keyEnv !== undefined && draft.keyEnv !== null && draft.keyEnv.trim() !== '') {
    for (const k of ['key_env', 'api_key_env', 'keyEnv', 'apiKeyEnv']) if (k !== keyEnvKey) delete entry[k];
    entry[keyEnvKey] = draft.keyEnv.trim();
  } else if (draft.keyEnv === null) {
    for (const k of ['key_env', 'api_key_env', 'keyEnv', 'apiKeyEnv']) delete entry[k];
  }
  if (removeInlineKey) {
    delete entry.api_key;
    delete entry.apiKey;
  }
  const modelKey = firstKey(entry, ['model', 'default_model', 'defaultModel'], 'model');
  if (draft.model !== undefined && draft.model !== null && draft.model.trim() !== '') {
    entry[modelKey] = draft.model.trim();
  } else if (draft.model === null) {
    for (const k of ['model', 'default_model', 'defaultModel']) delete entry[k];
  }
  if (draft.contextLength !== undefined && draft.contextLength !== null) entry.context_length = draft.contextLength;
  else if (draft.contextLength === null) delete entry.context_length;
}

export interface SaveEndpointInput {
  baseHash: string | null;
  /** The entry being edited; absent to add a new one. */
  original?: { origin: 'providers'; key: string } | { origin: 'custom_providers'; index: number } | undefined;
  /** Where a new entry goes (default `providers`). */
  section?: 'providers' | 'custom_providers' | undefined;
  draft: EndpointDraft;
  /** A new key for the endpoint: stored under `draft.keyEnv` (keychain by default). */
  key?: { value: string; store: 'keychain' | 'env' | 'both' } | undefined;
}

/** Adds or edits an endpoint (and stores its key first, when one is given). */
export async function saveEndpoint(ctx: KeysContext, input: SaveEndpointInput): Promise<{ write: WriteResult; selector: string; notes: string[] }> {
  const draft = { ...input.draft };
  if (draft.name.trim() === '') throw new AppError('VALIDATION_FAILED', 'The endpoint needs a name.');
  const url = checkBaseUrl(draft.baseUrl);
  if (!url.valid) throw new AppError('VALIDATION_FAILED', url.problems.join(' '));
  const notes: string[] = [];
  const snapshot = await loadKeySnapshot(ctx);
  const existing = readCustomEndpoints(snapshot.configJs).endpoints;
  const section = input.original?.origin ?? input.section ?? 'providers';
  const current = input.original === undefined ? undefined : existing.find((e) => (input.original!.origin === 'providers' ? e.origin === 'providers' && e.key === (input.original as { key: string }).key : e.origin === 'custom_providers' && e.index === (input.original as { index: number }).index));
  if (input.original !== undefined && current === undefined) throw new AppError('NOT_FOUND', 'That endpoint is no longer in config.yaml; reload the page.');

  const newKey = section === 'providers' ? (current?.origin === 'providers' ? current.key : kebab(draft.name)) : null;
  if (section === 'providers' && (newKey === null || newKey === '')) throw new AppError('VALIDATION_FAILED', 'Use a name with letters or digits.');
  if (section === 'providers' && current === undefined && isBuiltinProviderId(newKey!)) {
    throw new AppError('VALIDATION_FAILED', `“${newKey}” is a built-in provider id; a providers: entry with that key would only override its settings. Pick another name.`);
  }
  const newSlug = section === 'providers' ? newKey! : customProviderSlug(draft.name);
  const clash = existing.find((e) => e !== current && (e.slug.toLowerCase() === newSlug.toLowerCase() || selectorOf(e).toLowerCase() === newSlug.toLowerCase() || customProviderSlug(e.name) === customProviderSlug(draft.name)));
  if (clash !== undefined) throw new AppError('VALIDATION_FAILED', `Another endpoint (${pathOf(clash)}) already uses the name “${clash.name}”.`);
  if (current !== undefined && current.origin === 'custom_providers' && customProviderSlug(current.name) !== customProviderSlug(draft.name)) {
    const refs = references(snapshot.configJs, current);
    if (refs.length > 0) throw new AppError('VALIDATION_FAILED', `Renaming changes the selector “${current.slug}”, which ${refs.join(', ')} use${refs.length === 1 ? 's' : ''}. Point those elsewhere first.`);
  }

  let removeInline = false;
  if (input.key !== undefined) {
    const keyEnv = draft.keyEnv?.trim() || defaultKeyEnvFor(draft.name);
    draft.keyEnv = keyEnv;
    const out = await setKey(ctx, { name: keyEnv, value: input.key.value, store: input.key.store });
    notes.push(...out.notes);
    // An inline api_key outranks key_env in Hermes; a new key replaces it.
    removeInline = current?.hasInlineKey === true;
    if (removeInline) notes.push('removed the old inline api_key from config.yaml (the new key is used through key_env)');
  }

  const write = await ctx.session.config.edit({
    baseHash: input.baseHash,
    reason: 'endpoints',
    watchPaths: [[section]],
    build: (cfg) => {
      if (section === 'providers') {
        const map = isPlainObject(cfg.providers) ? cfg.providers : {};
        const entry = isPlainObject(map[newKey!]) ? (map[newKey!] as Record<string, unknown>) : {};
        applyDraft(entry, draft, 'providers', removeInline);
        map[newKey!] = entry;
        cfg.providers = map;
      } else {
        const list = Array.isArray(cfg.custom_providers) ? cfg.custom_providers : [];
        const index = current?.origin === 'custom_providers' ? current.index : list.length;
        if (current?.origin === 'custom_providers') sameEntryAt(snapshot.configJs, cfg, index);
        const entry = isPlainObject(list[index]) ? (list[index] as Record<string, unknown>) : {};
        applyDraft(entry, draft, 'custom_providers', removeInline);
        list[index] = entry;
        cfg.custom_providers = list;
      }
      return cfg;
    },
  });
  return { write, selector: section === 'providers' ? newKey! : newSlug, notes };
}

/**
 * A custom_providers entry is addressed by its index, read before the write's transaction. When the
 * transaction re-runs on a newer file (a merge), the entry at that index must still be the one the
 * person picked; otherwise another entry would be edited or removed.
 */
function sameEntryAt(seen: unknown, now: Record<string, unknown>, index: number): void {
  const list = isPlainObject(seen) ? seen.custom_providers : undefined;
  const before = Array.isArray(list) ? (list as unknown[])[index] : undefined;
  const current = Array.isArray(now.custom_providers) ? (now.custom_providers as unknown[])[index] : undefined;
  if (!deepEqual(before, current)) {
    throw new AppError('CONFIG_CONFLICT', 'custom_providers changed in config.yaml while this endpoint was being changed; reload and try again.');
  }
}

/** Removes an endpoint. Refuses while a slot still selects it, unless `force`. */
export async function removeEndpoint(ctx: KeysContext, input: { baseHash: string | null; original: { origin: 'providers'; key: string } | { origin: 'custom_providers'; index: number }; force?: boolean | undefined }): Promise<WriteResult> {
  const snapshot = await loadKeySnapshot(ctx);
  const existing = readCustomEndpoints(snapshot.configJs).endpoints;
  const o = input.original;
  const current = existing.find((e) => (o.origin === 'providers' ? e.origin === 'providers' && e.key === o.key : e.origin === 'custom_providers' && e.index === o.index));
  if (current === undefined) throw new AppError('NOT_FOUND', 'That endpoint is no longer in config.yaml; reload the page.');
  const refs = references(snapshot.configJs, current);
  if (refs.length > 0 && input.force !== true) {
    throw new AppError('VALIDATION_FAILED', `${refs.join(', ')} still select${refs.length === 1 ? 's' : ''} “${current.name}”; Hermes would fail to start those. Point them elsewhere first.`, { referencedBy: refs });
  }
  return ctx.session.config.edit({
    baseHash: input.baseHash,
    reason: 'endpoints',
    watchPaths: [[o.origin]],
    build: (cfg) => {
      if (o.origin === 'providers' && isPlainObject(cfg.providers)) {
        delete cfg.providers[o.key];
        if (Object.keys(cfg.providers).length === 0) delete cfg.providers;
      } else if (o.origin === 'custom_providers' && Array.isArray(cfg.custom_providers)) {
        sameEntryAt(snapshot.configJs, cfg, o.index);
        cfg.custom_providers.splice(o.index, 1);
        if (cfg.custom_providers.length === 0) delete cfg.custom_providers;
      }
      return cfg;
    },
  });
}

/** Test: probes the saved entry (its saved key), returns the result and the live model list. */
export async function testEndpoint(ctx: KeysContext, input: { selector: string; completion?: boolean | undefined; timeoutMs?: number | undefined }): Promise<{ result: ProbeResult; models: LiveModel[] }> {
  const snapshot = await loadKeySnapshot(ctx);
  const e = readCustomEndpoints(snapshot.configJs).endpoints.find((x) => selectorOf(x) === input.selector || x.slug === input.selector);
  if (e === undefined) throw new AppError('NOT_FOUND', `No endpoint “${input.selector}” in config.yaml.`);
  const plan = endpointPlan(snapshot, e, e.model !== undefined ? MINIMUM_CONTEXT_LENGTH : undefined);
  let models: LiveModel[] = [];
  const result = await probeOne(plan, { timeoutMs: input.timeoutMs ?? 10_000, ...(input.completion !== undefined && { completion: input.completion }), onModels: (_id, m) => (models = m) });
  probeHistory(ctx.session).set(result.targetId, result);
  if (models.length > 0) liveModelLists(ctx.session).set(result.targetId, models);
  return { result, models };
}

export type { ApiMode };
