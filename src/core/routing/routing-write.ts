/**
 * Routing writes as pure `build` functions (config value → next value); the config engine then
 * changes only the lines that differ.
 *
 * `PUT /api/routing` replaces the value of each section it names:
 *   - `model_profiles`: the mapping becomes exactly the body's (profiles left out are removed; an
 *     empty mapping removes the section). A profile whose provider changed gets the canonical id and
 *     the model id normalised for it, like a main-model assignment; a profile left as it was keeps its
 *     bytes. Inline secrets are never sent to clients: a masked value (`••••1234`) sent back keeps the
 *     secret that is on disk.
 *   - `model_routing`: the mapping becomes the body's (`rules` plus any other keys); no rules and no
 *     other keys removes the section.
 *   - `delegation`: only the routing keys (`model_profile`, `provider`, `model`, `base_url`) change;
 *     `max_iterations`, `api_key` and every other key stay. Clearing a key Hermes has a default for
 *     writes `''` (as Hermes does); clearing `model_profile` removes it.
 * Reset: `model_profiles` and `model_routing` removed, `delegation.model_profile` removed.
 */
import { isPlainObject } from '../config/plain-value';
import { canonicalProviderId } from '../providers/aliases';
import { lastFour } from '../secrets/mask-text';
import { modelIdForWrite, providerForWrite, type EntryRewrite, type EntryWriteContext } from './fallback-chain';

export const DELEGATION_ROUTING_KEYS = ['model_profile', 'provider', 'model', 'base_url'] as const;
export type DelegationRoutingKey = (typeof DELEGATION_ROUTING_KEYS)[number];

/** The fields of a profile the editor edits. */
const PROFILE_FIELDS = ['model', 'provider', 'base_url', 'api_key_env', 'key_env'] as const;

/** Keys of a profile (or any routing mapping) whose literal values are secrets. */
const SECRET_KEYS = new Set(['api_key', 'api', 'apiKey']);

export interface RoutingUpdate {
  model_profiles?: Record<string, Record<string, unknown>>;
  model_routing?: Record<string, unknown>;
  delegation?: Partial<Record<DelegationRoutingKey, string>>;
}

export interface RoutingRewrite {
  where: string;
  field: 'provider' | 'model';
  from: string;
  to: string;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function isEnvRef(v: string): boolean {
  return /^\$\{(?:env:)?[A-Za-z_][A-Za-z0-9_]*\}$/.test(v.trim());
}

/** How an inline secret is shown to clients: `••••` and its last four characters. */
export function maskSecret(value: string): string {
  const t = lastFour(value.trim());
  return `••••${t}`;
}

/** A profile as clients see it: literal secrets masked, `${VAR}` references kept. */
export function profileForClient(profile: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(profile)) out[k] = SECRET_KEYS.has(k) && typeof v === 'string' && v.trim() !== '' && !isEnvRef(v) ? maskSecret(v) : v;
  return out;
}

function primaryProvider(config: Record<string, unknown>): string {
  const m = config.model;
  return isPlainObject(m) ? str(m.provider) : '';
}

function applyProfiles(config: Record<string, unknown>, body: Record<string, Record<string, unknown>>, ctx: EntryWriteContext, rewrites: RoutingRewrite[]): Record<string, unknown> {
  const current = isPlainObject(config.model_profiles) ? config.model_profiles : {};
  const out: Record<string, unknown> = {};
  for (const [name, given] of Object.entries(body)) {
    const old = isPlainObject(current[name]) ? current[name] : null;
    const next: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(given)) {
      // A masked secret sent back keeps the value on disk.
      if (SECRET_KEYS.has(k) && typeof v === 'string' && v.startsWith('••••') && old && typeof old[k] === 'string') next[k] = old[k];
      else next[k] = v;
    }
    // An emptied field means "inherit": leave it out (unless the file already spells it as '').
    for (const k of PROFILE_FIELDS) {
      if (typeof next[k] === 'string') next[k] = (next[k] as string).trim();
      if (next[k] === '' && !(old && old[k] === '')) delete next[k];
    }
    const oldProvider = old ? str(old.provider) : '';
    const wantProvider = str(next.provider);
    const providerChanged = wantProvider !== oldProvider;
    if (typeof next.provider === 'string' && providerChanged && wantProvider !== '') {
      const written = providerForWrite(wantProvider, ctx);
      if (written !== wantProvider) rewrites.push({ where: `model_profiles.${name}.provider`, field: 'provider', from: wantProvider, to: written });
      next.provider = written;
    }
    const wantModel = str(next.model);
    if (typeof next.model === 'string' && wantModel !== '' && (wantModel !== (old ? str(old.model) : '') || providerChanged)) {
      const p = str(next.provider) || primaryProvider(config);
      const canonical = canonicalProviderId(p, { context: 'main', extra: ctx.extra }) ?? p.toLowerCase();
      const written = p === '' ? wantModel : modelIdForWrite(wantModel, canonical);
      if (written !== wantModel) rewrites.push({ where: `model_profiles.${name}.model`, field: 'model', from: wantModel, to: written });
      next.model = written;
    }
    // Nothing changed: keep the profile exactly as written (same key order, same spellings).
    out[name] = old && sameProfile(old, next) ? old : next;
  }
  return out;
}

function sameProfile(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => k in b && JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

function applyDelegation(config: Record<string, unknown>, body: Partial<Record<DelegationRoutingKey, string>>, ctx: EntryWriteContext, rewrites: RoutingRewrite[]): Record<string, unknown> | undefined {
  const had = isPlainObject(config.delegation);
  const del: Record<string, unknown> = had ? { ...(config.delegation as Record<string, unknown>) } : {};
  const oldProvider = str(del.provider);
  const oldModel = str(del.model);
  for (const key of DELEGATION_ROUTING_KEYS) {
    const given = body[key];
    if (given === undefined) continue;
    let want = given.trim();
    if (want === str(del[key])) continue;
    if (want === '') {
      if (key === 'model_profile') delete del[key];
      else if (key in del) del[key] = '';
      continue;
    }
    if (key === 'provider') {
      const written = providerForWrite(want, ctx);
      if (written !== want) rewrites.push({ where: 'delegation.provider', field: 'provider', from: want, to: written });
      want = written;
    }
    del[key] = want;
  }
  const model = str(del.model);
  const provider = str(del.provider);
  if (model !== '' && (model !== oldModel || provider !== oldProvider)) {
    const p = provider || primaryProvider(config);
    const canonical = canonicalProviderId(p, { context: 'main', extra: ctx.extra }) ?? p.toLowerCase();
    const written = p === '' ? model : modelIdForWrite(model, canonical);
    if (written !== model) {
      rewrites.push({ where: 'delegation.model', field: 'model', from: model, to: written });
      del.model = written;
    }
  }
  if (!had && Object.keys(del).length === 0) return undefined;
  return del;
}

/** The config after a `PUT /api/routing` body. */
export function applyRoutingUpdate(config: Record<string, unknown>, body: RoutingUpdate, ctx: EntryWriteContext): { next: Record<string, unknown>; rewrites: RoutingRewrite[] } {
  const rewrites: RoutingRewrite[] = [];
  const next: Record<string, unknown> = { ...config };
  if (body.model_profiles !== undefined) {
    const profiles = applyProfiles(config, body.model_profiles, ctx, rewrites);
    const wasEmpty = isPlainObject(config.model_profiles) && Object.keys(config.model_profiles).length === 0;
    if (Object.keys(profiles).length === 0 && !wasEmpty) delete next.model_profiles;
    else next.model_profiles = profiles;
  }
  if (body.model_routing !== undefined) {
    const routing = { ...body.model_routing };
    if (Array.isArray(routing.rules) && routing.rules.length === 0 && !(isPlainObject(config.model_routing) && Array.isArray(config.model_routing.rules) && config.model_routing.rules.length === 0)) delete routing.rules;
    if (Object.keys(routing).length === 0) delete next.model_routing;
    else next.model_routing = routing;
  }
  if (body.delegation !== undefined) {
    const del = applyDelegation(config, body.delegation, ctx, rewrites);
    if (del === undefined) delete next.delegation;
    else next.delegation = del;
  }
  return { next, rewrites };
}

/** "Reset routing to defaults": no profiles, no rules, no `delegation.model_profile`. */
export function resetRouting(config: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...config };
  delete next.model_profiles;
  delete next.model_routing;
  if (isPlainObject(config.delegation) && 'model_profile' in config.delegation) {
    const del = { ...config.delegation };
    delete del.model_profile;
    if (Object.keys(del).length === 0) delete next.delegation;
    else next.delegation = del;
  }
  return next;
}

export type { EntryRewrite };
