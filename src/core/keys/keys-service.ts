/**
 * Keys for one Hermes home: reading every place a key can live, and the write operations of the Keys
 * page (set / replace / delete, import from `.env`, delivery to Hermes, reveal).
 *
 * Values stay inside the core. Every function that a channel calls returns status built by
 * `inventory.ts`; the only exception is `revealKey`, an explicit, rate-limited action whose value is
 * never logged.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { KeyDelivery, KeyGroup, KeyRow, KeysList, KeySourceStatus, KeyStore, KeychainState } from '../../shared/domain/keys';
import { AppError } from '../app-error';
import { dotenvToMap, readDotenvFile } from '../env/dotenv';
import { platformDefaultRoot } from '../home/resolve-home';
import { computeAuthStatuses, isUsableKeyValue, readAuthJson, type AuthJsonSummary } from '../providers/auth-status';
import { isPluginEnabled, readProviderPlugins } from '../providers/plugins';
import { lastFour } from '../secrets/mask-text';
import type { HomeSession } from '../session';
import { buildKeyCatalog, inlineValuesForConflicts, looksLikeKeyName, type KeyCatalog, type PluginKeyInfo } from './catalog';
import { cleanKeyValue, validateKeyName } from './clean-value';
import { removeEnvValue, sanitizeEnvValue, setEnvValue } from './dotenv-write';
import { resolveEffectiveConfig } from '../effective/resolve';
import { keyRow, type KeyValuesInput } from './inventory';
import { credentialScope, KeytarCredentialStore, MemoryCredentialStore, type CredentialStore, type KeyMeta } from './keychain';

/** What the keys code needs from the core. */
export interface KeysContext {
  session: HomeSession;
  /** The environment of the Switchboard process (what `exec` would inherit). */
  processEnv: Readonly<Record<string, string | undefined>>;
  store: CredentialStore;
}

export interface KeysHost {
  options: { env: NodeJS.ProcessEnv; platform: NodeJS.Platform; homedir: string };
}

const stores = new WeakMap<HomeSession, CredentialStore>();

/** The credential store of a session (created on first use; the demo home gets an in-memory one). */
export function storeForSession(host: KeysHost, session: HomeSession): CredentialStore {
  let store = stores.get(session);
  if (!store) {
    const { env, platform, homedir } = host.options;
    const scope = credentialScope(session.location, platformDefaultRoot({ env, platform, homedir }));
    store = session.isDemo ? new MemoryCredentialStore(scope) : new KeytarCredentialStore({ scope, platform });
    stores.set(session, store);
  }
  return store;
}

export function keysContext(host: KeysHost, session: HomeSession): KeysContext {
  return { session, processEnv: host.options.env, store: storeForSession(host, session) };
}

/** Everything known about the keys of a home at one moment. Core-only: it holds values. */
export interface KeySnapshot {
  configJs: unknown;
  dotenvPath: string;
  dotenvExists: boolean;
  dotenvMode: string | null;
  keychain: KeychainState;
  values: KeyValuesInput;
  catalog: KeyCatalog;
  plugins: PluginKeyInfo[];
  auth: AuthJsonSummary | null;
  fallbackAuth: AuthJsonSummary | null;
}

async function readConfigJs(session: HomeSession): Promise<unknown> {
  try {
    const snap = await session.config.read();
    return snap.parse.ok ? snap.parse.parsed.value : {};
  } catch {
    return {};
  }
}

/** Reads config.yaml, `.env`, auth.json, plugins and the keychain. */
export async function loadKeySnapshot(ctx: KeysContext): Promise<KeySnapshot> {
  const { session } = ctx;
  const dotenvPath = path.join(session.dir, '.env');
  const [configJs, dotenv, mode, pluginResult, auth, fallbackAuth] = await Promise.all([
    readConfigJs(session),
    readDotenvFile(dotenvPath),
    fsp.stat(dotenvPath).then((s) => `0${(s.mode & 0o777).toString(8)}`, () => null),
    readProviderPlugins(session.dir).catch(() => ({ plugins: [], problems: [] })),
    readAuthJson(session.dir),
    session.location.profile !== 'default' ? readAuthJson(session.location.root) : Promise.resolve(null),
  ]);
  const plugins: PluginKeyInfo[] = pluginResult.plugins
    .filter((p) => isPluginEnabled(p, configJs))
    .map((p) => ({
      id: p.id,
      label: p.label,
      authType: p.authType,
      keyEnvVars: p.keyEnvVars,
      aliases: p.aliases,
      ...(p.baseUrlEnvVar !== undefined && { baseUrlEnvVar: p.baseUrlEnvVar }),
      defaultBaseUrl: p.defaultBaseUrl,
      apiMode: p.apiMode,
      ...(p.defaultAuxModel !== undefined && { defaultAuxModel: p.defaultAuxModel }),
      healthCheck: p.healthCheck,
    }));

  const dotenvEntries = new Map<string, { value: string; line: number }>();
  for (const entry of dotenv.entries) dotenvEntries.set(entry.key, { value: entry.value, line: entry.line });

  let keychain = await ctx.store.state();
  let meta = new Map<string, KeyMeta>();
  let keychainValues = new Map<string, string>();
  const readable = keychain.status === 'secure' || keychain.status === 'memory';
  let catalog: KeyCatalog;
  const dotenvKeyNames = [...dotenvEntries.keys()].filter(looksLikeKeyName);
  if (readable) {
    try {
      meta = await ctx.store.list();
      catalog = buildKeyCatalog(configJs, plugins, [...meta.keys(), ...dotenvKeyNames]);
      keychainValues = await ctx.store.read(allNames(catalog));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      keychain = await ctx.store.state({ refresh: true });
      meta = new Map();
      keychainValues = new Map();
      catalog = buildKeyCatalog(configJs, plugins, dotenvKeyNames);
    }
  } else {
    catalog = buildKeyCatalog(configJs, plugins, dotenvKeyNames);
  }
  return {
    configJs,
    dotenvPath,
    dotenvExists: dotenv.exists,
    dotenvMode: mode,
    keychain,
    values: {
      dotenv: dotenvEntries,
      processEnv: ctx.processEnv,
      keychain: keychainValues,
      keychainMeta: meta,
      keychainReadable: keychain.status === 'secure' || keychain.status === 'memory',
      inline: inlineValuesForConflicts(catalog.inline),
    },
    catalog,
    plugins,
    auth: auth.data,
    fallbackAuth: fallbackAuth?.data ?? null,
  };
}

function allNames(catalog: KeyCatalog): string[] {
  return catalog.groups.flatMap((g) => g.names);
}

/** The dotenv map as `computeAuthStatuses` wants it. */
function dotenvValueMap(values: KeyValuesInput): Map<string, string> {
  return new Map([...values.dotenv].map(([k, v]) => [k, v.value]));
}

/** Hermes's "authenticated" per provider for one key snapshot (the keychain counts, see auth-status). */
export function authStatusesOf(snapshot: KeySnapshot): ReturnType<typeof computeAuthStatuses> {
  return computeAuthStatuses({
    processEnv: snapshot.values.processEnv,
    dotenv: dotenvValueMap(snapshot.values),
    authJson: snapshot.auth,
    fallbackAuthJson: snapshot.fallbackAuth,
    configJs: snapshot.configJs,
    plugins: snapshot.plugins,
    keychainHas: (name) => snapshot.values.keychain.has(name),
  });
}

export function rowsByName(snapshot: KeySnapshot): Map<string, KeyRow> {
  const rows = new Map<string, KeyRow>();
  for (const group of snapshot.catalog.groups) {
    for (const name of group.names) rows.set(name, keyRow(name, [...(snapshot.catalog.usedBy.get(name) ?? [])], snapshot.values));
  }
  return rows;
}

/** The Keys page. */
export function keysListFrom(snapshot: KeySnapshot, revealsLeft: number): KeysList {
  const rows = rowsByName(snapshot);
  const statuses = authStatusesOf(snapshot);
  const slotsByProvider = new Map<string, string[]>();
  const resolved = resolveEffectiveConfig({ configJs: snapshot.configJs, values: snapshot.values, authStatuses: statuses, activeProvider: snapshot.auth?.activeProvider ?? null });
  for (const slot of resolved.slots) {
    if (slot.provider === null || slot.inherited) continue;
    const id = slot.provider === 'openai' ? 'openai-api' : slot.provider;
    slotsByProvider.set(id, [...(slotsByProvider.get(id) ?? []), slot.id]);
  }
  const groups: KeyGroup[] = [];
  for (const def of snapshot.catalog.groups) {
    const groupRows = def.names.map((n) => rows.get(n)!).filter(Boolean);
    const otherSources: KeySourceStatus[] = [];
    for (const inline of snapshot.catalog.inline) {
      if (inline.group !== def.id) continue;
      if (inline.value !== undefined) {
        const t = lastFour(inline.value);
        otherSources.push({ kind: 'config', location: inline.location, usable: isUsableKeyValue(inline.value), ...(t !== '' && { last4: t }) });
      } else if (inline.reference !== undefined) {
        otherSources.push({ kind: 'config', location: inline.location, usable: true, reference: inline.reference });
      }
    }
    for (const via of statuses[def.id]?.via ?? []) {
      if (via.kind === 'credential-pool') otherSources.push({ kind: 'auth-pool', location: `auth.json credential pool: ${via.name ?? def.id}`, usable: true });
      if (via.kind === 'auth-json') otherSources.push({ kind: 'auth-pool', location: `auth.json login (${via.name ?? def.id})`, usable: true });
    }
    // A provider a slot uses is listed even with nothing stored: a missing login is exactly what to see.
    const usedBySlot = (slotsByProvider.get(def.id)?.length ?? 0) > 0;
    if (groupRows.length === 0 && otherSources.length === 0 && def.id !== 'other' && !usedBySlot) continue;
    if (def.id === 'other' && groupRows.length === 0) continue;
    groups.push({
      id: def.id,
      label: def.label,
      authType: def.authType,
      configured: groupRows.some((r) => r.effective?.usable === true) || otherSources.some((s) => s.usable),
      slots: slotsByProvider.get(def.id) ?? [],
      rows: groupRows,
      otherSources,
      ...(def.note !== undefined && { note: def.note }),
    });
  }
  return {
    keychain: snapshot.keychain,
    envFile: { path: snapshot.dotenvPath, exists: snapshot.dotenvExists, mode: snapshot.dotenvMode },
    groups,
    importable: [...rows.values()].filter((r) => r.importable).map((r) => r.name),
    revealsLeft,
    execCommand: 'hermes-switchboard exec -- hermes',
  };
}

// ------------------------------------------------------------------------------------------ writes

export interface KeyWriteOutcome {
  row: KeyRow;
  /** What cleaning and delivery did, in words. */
  notes: string[];
  /** The `.env` backup taken before a write to it. */
  envBackupId: string | null;
}

async function writeEnv(session: HomeSession, transform: (text: string) => { text: string; summary: string }): Promise<string | null> {
  const result = await session.env.editText({ baseHash: null, reason: 'keys', transform });
  return result.backupId;
}

function envSet(name: string, value: string): (text: string) => { text: string; summary: string } {
  return (text) => {
    const edit = setEnvValue(text, name, value);
    const extra = edit.deletedLines > 0 ? ` and removed ${edit.deletedLines} older definition${edit.deletedLines === 1 ? '' : 's'}` : '';
    return { text: edit.text, summary: `${edit.action === 'appended' ? 'added' : 'replaced'} ${name} in .env${extra} (keys)` };
  };
}

function envRemove(names: readonly string[]): (text: string) => { text: string; summary: string } {
  return (text) => {
    let next = text;
    for (const name of names) next = removeEnvValue(next, name).text;
    return { text: next, summary: `removed ${names.join(', ')} from .env (keys)` };
  };
}

async function requireWritableKeychain(store: CredentialStore): Promise<void> {
  const state = await store.state({ refresh: true });
  if (state.status === 'unavailable') {
    throw new AppError(
      state.reason === 'locked' ? 'KEYCHAIN_LOCKED' : 'KEYCHAIN_UNAVAILABLE',
      `${state.reason === 'locked' ? 'The keychain is locked' : 'The keychain is not available'}${state.message ? ` (${state.message})` : ''}. Nothing was stored; to keep this key in plain text, choose “.env” explicitly.`,
      { keychain: state },
    );
  }
}

async function rowAfter(ctx: KeysContext, name: string): Promise<KeyRow> {
  const snapshot = await loadKeySnapshot(ctx);
  return rowsByName(snapshot).get(name) ?? keyRow(name, [], snapshot.values);
}

/** Set or replace a key in the keychain, `.env` or both. */
export async function setKey(ctx: KeysContext, input: { name: string; value: string; store: KeyStore }): Promise<KeyWriteOutcome> {
  const name = validateKeyName(input.name);
  const cleaned = cleanKeyValue(input.value);
  const notes = [...cleaned.notes];
  let envBackupId: string | null = null;
  if (input.store === 'keychain' || input.store === 'both') {
    await requireWritableKeychain(ctx.store);
    await ctx.store.set(name, cleaned.value, input.store === 'both' ? 'env' : 'keychain-only');
  }
  if (input.store === 'env' || input.store === 'both') {
    const sanitized = sanitizeEnvValue(cleaned.value);
    envBackupId = await writeEnv(ctx.session, envSet(name, sanitized.value));
    notes.push(input.store === 'both' ? 'stored in the keychain and written to .env (Hermes reads it directly)' : 'written to .env in plain text (your choice)');
  } else {
    // Keychain only: a .env line would override the keychain for Hermes, so it goes (after a backup).
    const dotenv = await readDotenvFile(path.join(ctx.session.dir, '.env'));
    if (dotenv.entries.some((e) => e.key === name)) {
      envBackupId = await writeEnv(ctx.session, envRemove([name]));
      notes.push('removed the old plain-text copy from .env (it would override the keychain)');
    }
    notes.push('stored in the keychain only: start Hermes with “hermes-switchboard exec -- hermes …” to give it this key');
  }
  return { row: await rowAfter(ctx, name), notes, envBackupId };
}

/** Delete a key from the keychain, `.env` or both. */
export async function deleteKey(ctx: KeysContext, input: { name: string; store: KeyStore }): Promise<KeyWriteOutcome> {
  const name = validateKeyName(input.name);
  let found = false;
  let envBackupId: string | null = null;
  if (input.store === 'keychain' || input.store === 'both') {
    await requireWritableKeychain(ctx.store);
    found = (await ctx.store.remove(name)) || found;
  }
  if (input.store === 'env' || input.store === 'both') {
    const dotenv = await readDotenvFile(path.join(ctx.session.dir, '.env'));
    if (dotenv.entries.some((e) => e.key === name)) {
      envBackupId = await writeEnv(ctx.session, envRemove([name]));
      found = true;
    }
  }
  if (!found) throw new AppError('NOT_FOUND', `${name} is not stored in ${input.store === 'both' ? 'the keychain or .env' : input.store === 'env' ? '.env' : 'the keychain'}.`);
  return { row: await rowAfter(ctx, name), notes: [], envBackupId };
}

/**
 * "Import from .env": copies plain-text keys into the keychain after a backup of `.env`. They stay in
 * `.env` (delivery `env`) until the user removes them with `removeFromEnv`.
 */
export async function importFromEnv(ctx: KeysContext, input: { names?: string[] | undefined }): Promise<{ imported: string[]; skipped: Array<{ name: string; reason: string }>; envBackupId: string | null }> {
  await requireWritableKeychain(ctx.store);
  const snapshot = await loadKeySnapshot(ctx);
  const rows = rowsByName(snapshot);
  const wanted = input.names ?? [...rows.values()].filter((r) => r.importable).map((r) => r.name);
  const skipped: Array<{ name: string; reason: string }> = [];
  const todo: Array<{ name: string; value: string }> = [];
  for (const name of wanted) {
    const entry = snapshot.values.dotenv.get(name);
    if (entry === undefined) skipped.push({ name, reason: 'not in .env' });
    else if (!isUsableKeyValue(entry.value)) skipped.push({ name, reason: 'the .env value is a placeholder' });
    else if (snapshot.values.keychain.get(name) === entry.value.trim()) skipped.push({ name, reason: 'already in the keychain' });
    else {
      try {
        todo.push({ name: validateKeyName(name), value: cleanKeyValue(entry.value).value });
      } catch (err) {
        skipped.push({ name, reason: (err as Error).message });
      }
    }
  }
  if (todo.length === 0) return { imported: [], skipped, envBackupId: null };
  const raw = await fsp.readFile(snapshot.dotenvPath, 'utf8');
  const backup = await ctx.session.backups.create({ file: 'env', content: raw, reason: 'keys', summary: `before importing ${todo.map((t) => t.name).join(', ')} into the keychain` });
  const imported: string[] = [];
  for (const item of todo) {
    await ctx.store.set(item.name, item.value, 'env');
    imported.push(item.name);
  }
  return { imported, skipped, envBackupId: backup.id };
}

/** Removes plain-text copies from `.env` whose value the keychain holds identically; they become keychain-only. */
export async function removeFromEnv(ctx: KeysContext, input: { names: string[] }): Promise<{ removed: string[]; envBackupId: string | null }> {
  await requireWritableKeychain(ctx.store);
  const snapshot = await loadKeySnapshot(ctx);
  const names = input.names.map(validateKeyName);
  for (const name of names) {
    const d = snapshot.values.dotenv.get(name);
    const k = snapshot.values.keychain.get(name);
    if (d === undefined) throw new AppError('NOT_FOUND', `${name} is not in .env.`);
    if (k === undefined || k.trim() !== d.value.trim()) {
      throw new AppError('VALIDATION_FAILED', `The keychain does not hold the same value as .env for ${name}; import it first, or resolve the difference. .env was not changed.`);
    }
  }
  if (names.length === 0) return { removed: [], envBackupId: null };
  const envBackupId = await writeEnv(ctx.session, envRemove(names));
  for (const name of names) await ctx.store.setDelivery(name, 'keychain-only');
  return { removed: names, envBackupId };
}

/** Per key: write the keychain value into `.env` (`env`), or keep it out of `.env` (`keychain-only`). */
export async function setDelivery(ctx: KeysContext, input: { name: string; delivery: KeyDelivery }): Promise<KeyWriteOutcome> {
  const name = validateKeyName(input.name);
  await requireWritableKeychain(ctx.store);
  const values = await ctx.store.read([name]);
  const value = values.get(name);
  if (value === undefined) throw new AppError('NOT_FOUND', `${name} is not in the keychain.`);
  let envBackupId: string | null = null;
  const dotenv = await readDotenvFile(path.join(ctx.session.dir, '.env'));
  const inEnv = dotenvToMap(dotenv).get(name);
  if (input.delivery === 'env') {
    if (inEnv !== value) envBackupId = await writeEnv(ctx.session, envSet(name, sanitizeEnvValue(value).value));
  } else if (inEnv !== undefined) {
    if (inEnv.trim() !== value.trim()) {
      throw new AppError('VALIDATION_FAILED', `.env holds a different value for ${name} than the keychain. Replace one of them first, so nothing is lost. .env was not changed.`);
    }
    envBackupId = await writeEnv(ctx.session, envRemove([name]));
  }
  await ctx.store.setDelivery(name, input.delivery);
  return { row: await rowAfter(ctx, name), notes: [], envBackupId };
}

/**
 * The environment `exec` adds for Hermes: keychain-only keys, and every keychain key `.env` lacks
 * (a `.env` value would override it anyway: Hermes loads `.env` with override=True).
 */
export async function execEnvironmentFor(store: CredentialStore, homeDir: string): Promise<{ env: Record<string, string>; state: KeychainState }> {
  const state = await store.state({ refresh: true });
  if (state.status === 'unavailable') return { env: {}, state };
  const meta = await store.list();
  const values = await store.read(meta.keys());
  const dotenv = dotenvToMap(await readDotenvFile(path.join(homeDir, '.env')));
  const env: Record<string, string> = {};
  for (const [name, m] of meta) {
    const value = values.get(name);
    if (value === undefined) continue;
    if (m.delivery === 'keychain-only' || !dotenv.has(name)) env[name] = value;
  }
  return { env, state };
}

// ------------------------------------------------------------------------------------------ reveal

/** Hermes's dashboard allows 5 reveals per 30 s; so do we (per running app). */
export class RevealLimiter {
  private readonly times: number[] = [];
  constructor(
    private readonly max = 5,
    private readonly windowMs = 30_000,
  ) {}

  private prune(now: number): void {
    while (this.times.length > 0 && now - this.times[0]! >= this.windowMs) this.times.shift();
  }

  remaining(now = Date.now()): number {
    this.prune(now);
    return Math.max(0, this.max - this.times.length);
  }

  /** Takes one reveal, or throws RATE_LIMITED with the wait time. */
  take(now = Date.now()): void {
    this.prune(now);
    if (this.times.length >= this.max) {
      const wait = Math.ceil((this.windowMs - (now - this.times[0]!)) / 1000);
      throw new AppError('RATE_LIMITED', `Too many reveals: ${this.max} per ${this.windowMs / 1000} s. Try again in ${wait} s.`, { retryAfterSeconds: wait });
    }
    this.times.push(now);
  }
}

const limiters = new WeakMap<object, RevealLimiter>();
export function revealLimiterFor(owner: object): RevealLimiter {
  let l = limiters.get(owner);
  if (!l) limiters.set(owner, (l = new RevealLimiter()));
  return l;
}

/** Reveal one value. The caller must not log it; only the reveal channel returns it. */
export async function revealKey(ctx: KeysContext, limiter: RevealLimiter, input: { name: string; source: 'effective' | 'dotenv' | 'keychain' | 'env' }): Promise<{ value: string; source: string }> {
  const name = validateKeyName(input.name);
  limiter.take();
  const snapshot = await loadKeySnapshot(ctx);
  const v = snapshot.values;
  const pick = (): { value: string; source: string } | null => {
    switch (input.source) {
      case 'dotenv': {
        const d = v.dotenv.get(name);
        return d ? { value: d.value, source: '.env' } : null;
      }
      case 'keychain': {
        const k = v.keychain.get(name);
        return k !== undefined ? { value: k, source: 'keychain' } : null;
      }
      case 'env': {
        const e = v.processEnv[name];
        return e ? { value: e, source: 'process environment' } : null;
      }
      default: {
        const d = v.dotenv.get(name);
        if (d) return { value: d.value, source: '.env' };
        const k = v.keychain.get(name);
        if (k !== undefined) return { value: k, source: 'keychain' };
        const e = v.processEnv[name];
        return e ? { value: e, source: 'process environment' } : null;
      }
    }
  };
  const found = pick();
  if (found === null) throw new AppError('NOT_FOUND', `${name} has no value in ${input.source === 'effective' ? 'any place' : input.source}.`);
  return found;
}
