/**
 * The credential store: keys in the OS keychain through keytar, scoped by Hermes profile.
 *
 * - One service name, owned by the app (`hermes-switchboard`); nothing else should write under it.
 *   Accounts are `<ENV_VAR>@<scope>`, where the scope is the profile name for the standard Hermes
 *   root (`~/.hermes`), and `<profile>:<root path>` for any other root — so `default` under
 *   `/opt/data` never shares keys with `default` under `~/.hermes`.
 * - keytar is loaded lazily (it needs libsecret at runtime) and every call has a timeout: a HOME
 *   without a usable keyring can make libsecret hang for 25 s.
 * - We never call `findCredentials`/`findPassword`. On a locked gnome-keyring `findCredentials` crashes
 *   the process (SIGSEGV inside libsecret, measured here), and with foreign items under the service it
 *   crashes intermittently too. Instead the store keeps its own index item (`.index@<scope>`: names,
 *   update times and delivery, no values) and reads items by name.
 * - A locked keyring makes reads return null *silently*, so the state is established with a
 *   write/read/delete probe before anything is read, and a read is never taken as "absent" unless the
 *   probe said the keychain works.
 * - There is no silent plain-text fallback: when the keychain is unavailable every operation fails
 *   with KEYCHAIN_UNAVAILABLE / KEYCHAIN_LOCKED carrying the state (reason and the way out).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { KeyDelivery, KeychainReason, KeychainState } from '../../shared/domain/keys';
import { AppError } from '../app-error';

export const KEYCHAIN_SERVICE = 'hermes-switchboard';

/** The part of keytar the store uses. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeytarLoader = () => Promise<KeytarLike>;

/** Loads the real keytar module (native; needs libsecret on Linux). */
export const loadKeytar: KeytarLoader = async () => {
  const mod = (await import('keytar')) as unknown as Partial<KeytarLike> & { default?: Partial<KeytarLike> };
  // CommonJS interop differs between bundlers and loaders: take whichever object has all three.
  const complete = (o: Partial<KeytarLike> | undefined): o is KeytarLike =>
    o !== undefined && typeof o.getPassword === 'function' && typeof o.setPassword === 'function' && typeof o.deletePassword === 'function';
  if (complete(mod.default)) return mod.default;
  if (complete(mod)) return mod;
  throw new Error('keytar loaded without its functions');
};

/** Metadata the store keeps per key (no value). */
export interface KeyMeta {
  updatedAt: string;
  delivery: KeyDelivery;
}

export interface CredentialStore {
  readonly service: string;
  readonly scope: string;
  /** Current state; probes the keychain when the cached state is older than a few seconds. */
  state(options?: { refresh?: boolean }): Promise<KeychainState>;
  /** The names stored for this scope, with metadata. Throws KEYCHAIN_* when unavailable. */
  list(): Promise<Map<string, KeyMeta>>;
  /** Values of the given names that are stored (absent names are missing from the map). */
  read(names: Iterable<string>): Promise<Map<string, string>>;
  set(name: string, value: string, delivery: KeyDelivery): Promise<KeyMeta>;
  setDelivery(name: string, delivery: KeyDelivery): Promise<KeyMeta | null>;
  /** True when something was deleted. */
  remove(name: string): Promise<boolean>;
}

/** The scope of a Hermes home's accounts (see the module doc). */
export function credentialScope(location: { root: string; profile: string }, defaultRoot: string): string {
  const root = path.resolve(location.root);
  return root === path.resolve(defaultRoot) ? location.profile : `${location.profile}:${root}`;
}

export function accountFor(name: string, scope: string): string {
  return `${name}@${scope}`;
}

const INDEX_PREFIX = '.index@';
const PROBE_PREFIX = '.probe@';

function backendName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (libsecret)';
}

/** Maps a keytar/libsecret error message to a reason. Messages checked on Debian 12 with keytar 7.9.0. */
export function classifyKeychainError(message: string): KeychainReason {
  const m = message.toLowerCase();
  if (m.includes('timeout was reached') || m.includes('timed out')) return 'timeout';
  if (m.includes('locked collection') || m.includes('is locked') || m.includes('prompt was dismissed') || m.includes('user canceled') || m.includes('user cancelled')) return 'locked';
  if (m.includes('autolaunch d-bus') || m.includes('could not connect') || m.includes('failed to connect to socket') || m.includes('dbus_session_bus_address') || m.includes('unable to autolaunch')) return 'no_dbus';
  if (m.includes('not provided by any .service files') || m.includes('serviceunknown') || m.includes('name has no owner')) return 'no_secret_service';
  if (m.includes('object does not exist at path') || m.includes('no such object') || m.includes('collection/login')) return 'no_keyring';
  if (m.includes('libsecret') || m.includes('cannot find module') || m.includes('cannot open shared object') || m.includes('keytar')) return 'no_library';
  return 'error';
}

const PLAIN_TEXT_WAY_OUT = 'Or keep this key in .env instead (plain text, file mode 0600): choose “.env (plain text)” when you save it.';

/** The way out of each state, for the banner. */
export function fixFor(reason: KeychainReason, platform: NodeJS.Platform, timeoutMs: number): string[] {
  const linux = platform === 'linux';
  switch (reason) {
    case 'no_library':
      return linux
        ? ['Install libsecret (Debian/Ubuntu: sudo apt-get install -y libsecret-1-0; Fedora: sudo dnf install libsecret), then restart Switchboard.', PLAIN_TEXT_WAY_OUT]
        : ['Reinstall Switchboard: its keychain module did not load.', PLAIN_TEXT_WAY_OUT];
    case 'no_dbus':
      return [
        'Start Switchboard from your desktop session (the keychain is reached over the D-Bus session bus, which SSH and container shells do not have).',
        'Headless: run it inside a session bus with an unlocked keyring, e.g. dbus-run-session -- sh -c \'printf "$PASS" | gnome-keyring-daemon --unlock --components=secrets; hermes-switchboard serve\'.',
        PLAIN_TEXT_WAY_OUT,
      ];
    case 'no_secret_service':
      return ['Install and start a Secret Service provider: GNOME Keyring (sudo apt-get install -y gnome-keyring) or KWallet, then press “Check again”.', PLAIN_TEXT_WAY_OUT];
    case 'no_keyring':
      return ['Create a default keyring: open “Passwords and Keys” (Seahorse) and create a keyring named “Login”, or run gnome-keyring-daemon --unlock and type a password.', 'Then press “Check again”.', PLAIN_TEXT_WAY_OUT];
    case 'locked':
      return [
        linux ? 'Unlock your keyring: open “Passwords and Keys” (Seahorse), right-click “Login” and choose Unlock — or log out and in again.' : 'Unlock your keychain (log in again, or unlock it in the system keychain app).',
        'Then press “Check again”. While the keyring is locked, keys stored there read as empty and cannot be changed.',
        PLAIN_TEXT_WAY_OUT,
      ];
    case 'timeout':
      return [
        `The keychain did not answer within ${Math.round(timeoutMs / 1000)} s. An unlock prompt may be waiting on another window; answer it, then press “Check again”.`,
        'If nothing is waiting: check that your home folder is writable (libsecret hangs when it is not) and that the keyring daemon is running.',
        PLAIN_TEXT_WAY_OUT,
      ];
    default:
      return ['Press “Check again”; if the error stays, restart the keyring daemon (or log out and in).', PLAIN_TEXT_WAY_OUT];
  }
}

class KeychainTimeout extends Error {
  constructor(op: string, ms: number) {
    super(`Timeout was reached: the keychain did not answer ${op} within ${ms} ms`);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, op: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeychainTimeout(op, ms)), ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

interface IndexData {
  v: 1;
  keys: Record<string, KeyMeta>;
}

function parseIndex(text: string | null): IndexData {
  if (text === null) return { v: 1, keys: {} };
  try {
    const raw = JSON.parse(text) as { keys?: Record<string, Partial<KeyMeta>> };
    const keys: Record<string, KeyMeta> = {};
    for (const [name, meta] of Object.entries(raw.keys ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
      keys[name] = {
        updatedAt: typeof meta?.updatedAt === 'string' ? meta.updatedAt : new Date(0).toISOString(),
        delivery: meta?.delivery === 'env' ? 'env' : 'keychain-only',
      };
    }
    return { v: 1, keys };
  } catch {
    return { v: 1, keys: {} };
  }
}

export interface KeytarStoreOptions {
  scope: string;
  service?: string;
  platform?: NodeJS.Platform;
  loader?: KeytarLoader;
  /** Per-call timeout (default 8 s). */
  timeoutMs?: number;
  /** How long a probed state is trusted (default 5 s). */
  stateTtlMs?: number;
  now?: () => number;
}

/** The OS keychain through keytar. */
export class KeytarCredentialStore implements CredentialStore {
  readonly service: string;
  readonly scope: string;
  private readonly platform: NodeJS.Platform;
  private readonly loader: KeytarLoader;
  private readonly timeoutMs: number;
  private readonly ttl: number;
  private readonly now: () => number;
  private keytar: Promise<KeytarLike> | null = null;
  private cached: { state: KeychainState; at: number } | null = null;
  private probing: Promise<KeychainState> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: KeytarStoreOptions) {
    this.scope = options.scope;
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.platform = options.platform ?? process.platform;
    this.loader = options.loader ?? loadKeytar;
    this.timeoutMs = options.timeoutMs ?? 8000;
    this.ttl = options.stateTtlMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  private get indexAccount(): string {
    return INDEX_PREFIX + this.scope;
  }

  private makeState(partial: Pick<KeychainState, 'status'> & Partial<KeychainState>): KeychainState {
    return {
      backend: backendName(this.platform),
      fix: [],
      service: this.service,
      scope: this.scope,
      checkedAt: new Date(this.now()).toISOString(),
      ...partial,
    };
  }

  private unavailable(reason: KeychainReason, message: string): KeychainState {
    const fix = fixFor(reason, this.platform, this.timeoutMs);
    // libsecret keeps its connection to the daemon for the life of the process.
    if (/session wrapping the secret does not exist/i.test(message)) fix.unshift('The keyring daemon was restarted while Switchboard was running; restart Switchboard to reconnect.');
    return this.makeState({ status: 'unavailable', reason, message, fix });
  }

  private async api(): Promise<KeytarLike> {
    this.keytar ??= this.loader();
    try {
      return await this.keytar;
    } catch (err) {
      this.keytar = null;
      throw Object.assign(new Error(`The keychain module could not be loaded: ${(err as Error).message}`), { keychainReason: 'no_library' as const });
    }
  }

  async state(options: { refresh?: boolean } = {}): Promise<KeychainState> {
    if (!options.refresh && this.cached && this.now() - this.cached.at < this.ttl) return this.cached.state;
    this.probing ??= this.probe().finally(() => (this.probing = null));
    const state = await this.probing;
    this.cached = { state, at: this.now() };
    return state;
  }

  /** write → read → delete of a throw-away item; a locked keyring fails the write or reads back null. */
  private async probe(): Promise<KeychainState> {
    let keytar: KeytarLike;
    try {
      keytar = await this.api();
    } catch (err) {
      return this.unavailable('no_library', (err as Error).message);
    }
    const account = PROBE_PREFIX + this.scope;
    const token = randomBytes(12).toString('hex');
    try {
      await withTimeout(keytar.setPassword(this.service, account, token), this.timeoutMs, 'a test write');
      const back = await withTimeout(keytar.getPassword(this.service, account), this.timeoutMs, 'a test read');
      await withTimeout(keytar.deletePassword(this.service, account), this.timeoutMs, 'a test delete').catch(() => false);
      if (back !== token) {
        return this.unavailable('locked', 'The keychain accepted a test item but read it back empty: it is locked (reads return nothing while locked).');
      }
      return this.makeState({ status: 'secure' });
    } catch (err) {
      const message = (err as Error).message;
      return this.unavailable(classifyKeychainError(message), message);
    }
  }

  /** Throws KEYCHAIN_LOCKED / KEYCHAIN_UNAVAILABLE unless the keychain works. */
  private async ensureSecure(): Promise<KeytarLike> {
    const state = await this.state();
    if (state.status !== 'secure') throw stateError(state);
    return this.api();
  }

  /** Runs a keychain call; a failure re-probes the state and becomes a KEYCHAIN_* error. */
  private async guarded<T>(op: string, fn: (k: KeytarLike) => Promise<T>): Promise<T> {
    const keytar = await this.ensureSecure();
    try {
      return await withTimeout(fn(keytar), this.timeoutMs, op);
    } catch (err) {
      const message = (err as Error).message;
      const reason = classifyKeychainError(message);
      const state = reason === 'error' ? await this.state({ refresh: true }) : this.unavailable(reason, message);
      this.cached = { state, at: this.now() };
      if (state.status === 'secure') throw new AppError('KEYCHAIN_UNAVAILABLE', `The keychain refused ${op}: ${message}`, { keychain: state });
      throw stateError(state);
    }
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readIndex(): Promise<IndexData> {
    return parseIndex(await this.guarded('reading the key index', (k) => k.getPassword(this.service, this.indexAccount)));
  }

  private async writeIndex(index: IndexData): Promise<void> {
    await this.guarded('writing the key index', (k) =>
      Object.keys(index.keys).length === 0
        ? k.deletePassword(this.service, this.indexAccount).then(() => undefined)
        : k.setPassword(this.service, this.indexAccount, JSON.stringify(index)),
    );
  }

  async list(): Promise<Map<string, KeyMeta>> {
    const index = await this.readIndex();
    return new Map(Object.entries(index.keys));
  }

  async read(names: Iterable<string>): Promise<Map<string, string>> {
    const unique = [...new Set(names)];
    const out = new Map<string, string>();
    const values = await this.guarded('reading keys', (k) => Promise.all(unique.map((n) => k.getPassword(this.service, accountFor(n, this.scope)))));
    unique.forEach((name, i) => {
      const v = values[i];
      if (typeof v === 'string') out.set(name, v);
    });
    return out;
  }

  set(name: string, value: string, delivery: KeyDelivery): Promise<KeyMeta> {
    return this.serialize(async () => {
      await this.guarded('storing a key', (k) => k.setPassword(this.service, accountFor(name, this.scope), value));
      const stored = await this.guarded('checking a stored key', (k) => k.getPassword(this.service, accountFor(name, this.scope)));
      if (stored !== value) {
        // Reads coming back different right after a write: the keyring locked in between.
        this.cached = null;
        throw stateError(await this.state({ refresh: true }), 'The keychain did not keep the key (it reads back differently).');
      }
      const index = await this.readIndex();
      const meta: KeyMeta = { updatedAt: new Date(this.now()).toISOString(), delivery };
      index.keys[name] = meta;
      await this.writeIndex(index);
      return meta;
    });
  }

  setDelivery(name: string, delivery: KeyDelivery): Promise<KeyMeta | null> {
    return this.serialize(async () => {
      const index = await this.readIndex();
      const meta = index.keys[name];
      if (meta === undefined) return null;
      if (meta.delivery === delivery) return meta;
      index.keys[name] = { ...meta, delivery };
      await this.writeIndex(index);
      return index.keys[name]!;
    });
  }

  remove(name: string): Promise<boolean> {
    return this.serialize(async () => {
      const deleted = await this.guarded('deleting a key', (k) => k.deletePassword(this.service, accountFor(name, this.scope)));
      const index = await this.readIndex();
      const listed = name in index.keys;
      if (listed) {
        delete index.keys[name];
        await this.writeIndex(index);
      }
      return deleted || listed;
    });
  }
}

function stateError(state: KeychainState, prefix?: string): AppError {
  const what = state.reason === 'locked' ? 'The keychain is locked' : `The keychain is not available (${state.reason ?? 'unknown'})`;
  const message = `${prefix ? `${prefix} ` : ''}${what}${state.message ? `: ${state.message}` : ''}. Nothing was stored in plain text.`;
  return new AppError(state.reason === 'locked' ? 'KEYCHAIN_LOCKED' : 'KEYCHAIN_UNAVAILABLE', message, { keychain: state });
}

/**
 * Keys in memory only, for the demo home: the demo must never put fake keys into the user's real
 * keychain. Reported as state `memory`.
 */
export class MemoryCredentialStore implements CredentialStore {
  readonly service = 'memory';
  private readonly values = new Map<string, string>();
  private readonly meta = new Map<string, KeyMeta>();

  constructor(readonly scope: string) {}

  async state(): Promise<KeychainState> {
    return {
      status: 'memory',
      backend: 'in memory (demo home)',
      fix: ['This is the demo home: keys live in memory only and are forgotten when Switchboard stops. Open your own Hermes home to use the OS keychain.'],
      service: this.service,
      scope: this.scope,
      checkedAt: new Date().toISOString(),
    };
  }

  async list(): Promise<Map<string, KeyMeta>> {
    return new Map(this.meta);
  }

  async read(names: Iterable<string>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const n of names) {
      const v = this.values.get(n);
      if (v !== undefined) out.set(n, v);
    }
    return out;
  }

  async set(name: string, value: string, delivery: KeyDelivery): Promise<KeyMeta> {
    const meta = { updatedAt: new Date().toISOString(), delivery };
    this.values.set(name, value);
    this.meta.set(name, meta);
    return meta;
  }

  async setDelivery(name: string, delivery: KeyDelivery): Promise<KeyMeta | null> {
    const meta = this.meta.get(name);
    if (meta === undefined) return null;
    const next = { ...meta, delivery };
    this.meta.set(name, next);
    return next;
  }

  async remove(name: string): Promise<boolean> {
    this.meta.delete(name);
    return this.values.delete(name);
  }
}
