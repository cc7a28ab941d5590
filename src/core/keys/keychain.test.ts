/**
 * The credential store against the real Secret Service (tests run under scripts/with-keyring.sh: a
 * private D-Bus session with an unlocked throw-away gnome-keyring). The unavailable and locked states
 * are produced for real in child processes with their own (or no) session bus, so locking never
 * disturbs other test files running in parallel.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { accountFor, classifyKeychainError, credentialScope, KEYCHAIN_SERVICE, KeytarCredentialStore, MemoryCredentialStore, type KeytarLike } from './keychain';

const REPO = path.resolve(__dirname, '../../..');
const tempDir = useTempDir('sb-keychain-');

function uniqueScope(): string {
  return `test:${path.join(os.tmpdir(), `sb-${process.pid}-${Math.random().toString(36).slice(2)}`)}`;
}

/** `secret-tool` is libsecret's own CLI: an independent reader of the Secret Service. */
function secretToolLookup(account: string): string | null {
  const res = spawnSync('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'account', account], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout : null;
}

describe('keychain store on the real Secret Service', () => {
  it('reports secure, and stores, lists, reads and deletes keys scoped by profile', async () => {
    const store = new KeytarCredentialStore({ scope: uniqueScope() });
    const state = await store.state({ refresh: true });
    expect(state).toMatchObject({ status: 'secure', service: KEYCHAIN_SERVICE, backend: 'Secret Service (libsecret)' });
    expect(state.reason).toBeUndefined();

    const meta = await store.set('OPENROUTER_API_KEY', 'sk-or-v1-test-keychain-value-0001', 'keychain-only');
    expect(meta.delivery).toBe('keychain-only');
    await store.set('DEEPSEEK_API_KEY', 'sk-ds-test-keychain-value-0002', 'env');
    expect([...(await store.list()).entries()].map(([k, m]) => [k, m.delivery]).sort()).toEqual([
      ['DEEPSEEK_API_KEY', 'env'],
      ['OPENROUTER_API_KEY', 'keychain-only'],
    ]);
    const values = await store.read(['OPENROUTER_API_KEY', 'DEEPSEEK_API_KEY', 'ABSENT_API_KEY']);
    expect(values.get('OPENROUTER_API_KEY')).toBe('sk-or-v1-test-keychain-value-0001');
    expect(values.has('ABSENT_API_KEY')).toBe(false);

    // Another profile (scope) sees none of them.
    const other = new KeytarCredentialStore({ scope: uniqueScope() });
    expect((await other.read(['OPENROUTER_API_KEY'])).size).toBe(0);
    expect((await other.list()).size).toBe(0);

    expect(await store.setDelivery('OPENROUTER_API_KEY', 'env')).toMatchObject({ delivery: 'env' });
    expect(await store.remove('OPENROUTER_API_KEY')).toBe(true);
    expect(await store.remove('OPENROUTER_API_KEY')).toBe(false);
    expect([...(await store.list()).keys()]).toEqual(['DEEPSEEK_API_KEY']);
    await store.remove('DEEPSEEK_API_KEY');
    expect((await store.list()).size).toBe(0);
  });

  it('is readable by an independent Secret Service client (secret-tool), under the app\'s one service name', async () => {
    const scope = uniqueScope();
    const store = new KeytarCredentialStore({ scope });
    await store.set('GEMINI_API_KEY', 'AIza-independent-reader-check-0003', 'keychain-only');
    expect(secretToolLookup(accountFor('GEMINI_API_KEY', scope))).toBe('AIza-independent-reader-check-0003');
    // The index item holds names and metadata only, never a value.
    const index = secretToolLookup(`.index@${scope}`);
    expect(index).toContain('GEMINI_API_KEY');
    expect(index).not.toContain('AIza-independent');
    await store.remove('GEMINI_API_KEY');
    expect(secretToolLookup(accountFor('GEMINI_API_KEY', scope))).toBeNull();
    // The state probe leaves nothing behind.
    await store.state({ refresh: true });
    expect(secretToolLookup(`.probe@${scope}`)).toBeNull();
  });

  it('scopes accounts by profile, and by root for homes outside ~/.hermes', () => {
    expect(credentialScope({ root: '/home/u/.hermes', profile: 'default' }, '/home/u/.hermes')).toBe('default');
    expect(credentialScope({ root: '/home/u/.hermes/', profile: 'work' }, '/home/u/.hermes')).toBe('work');
    expect(credentialScope({ root: '/opt/data', profile: 'default' }, '/home/u/.hermes')).toBe('default:/opt/data');
    expect(accountFor('OPENROUTER_API_KEY', 'work')).toBe('OPENROUTER_API_KEY@work');
  });
});

/** Runs a store check in a child Node process with the given environment (and optional bus wrapper). */
function inChild(script: string, options: { env?: NodeJS.ProcessEnv; wrap?: string[] } = {}): Record<string, unknown> {
  const code = `
    const { KeytarCredentialStore } = require(${JSON.stringify(path.join(REPO, 'src/core/keys/keychain.ts'))});
    const { execFileSync } = require('node:child_process');
    (async () => { const out = {}; ${script}; process.stdout.write('RESULT' + JSON.stringify(out)); })().catch((e) => { process.stdout.write('RESULT' + JSON.stringify({ crashed: String(e && e.stack || e) })); });`;
  const argv = [...(options.wrap ?? []), process.execPath, '--import', 'tsx', '-e', code];
  const res = spawnSync(argv[0]!, argv.slice(1), { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: options.env ?? process.env });
  const m = /RESULT(\{.*\})/s.exec(res.stdout);
  if (!m) throw new Error(`child failed (${res.status} ${res.signal}): ${res.stdout}\n${res.stderr}`);
  return JSON.parse(m[1]!) as Record<string, unknown>;
}

const STATE_SCRIPT = `const s = await new KeytarCredentialStore({ scope: 'unavailable-test', timeoutMs: 8000 }).state(); out.status = s.status; out.reason = s.reason; out.message = s.message; out.fix = s.fix;
  try { await new KeytarCredentialStore({ scope: 'unavailable-test' }).set('X_API_KEY', 'sk-never-stored-0000', 'keychain-only'); out.set = 'stored'; } catch (e) { out.set = e.code; }`;

function isolatedEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(os.tmpdir(), 'sb-nokeyring-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_RUNTIME_DIR: home, ...extra };
  delete env.IN_KEYRING_BUS;
  delete env.DISPLAY;
  return env;
}

describe('keychain unavailable: the precise reason, and never a silent fallback', () => {
  it('no D-Bus session bus (address pointing nowhere)', () => {
    const out = inChild(STATE_SCRIPT, { env: isolatedEnv({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-test-bus' }) });
    expect(out).toMatchObject({ status: 'unavailable', reason: 'no_dbus', set: 'KEYCHAIN_UNAVAILABLE' });
    expect((out.fix as string[]).join(' ')).toMatch(/desktop session|dbus-run-session/);
    expect((out.fix as string[]).join(' ')).toMatch(/\.env/);
  });

  it('no D-Bus session bus at all (variable unset, no display)', () => {
    const env = isolatedEnv({});
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const out = inChild(STATE_SCRIPT, { env });
    expect(out).toMatchObject({ status: 'unavailable', reason: 'no_dbus', set: 'KEYCHAIN_UNAVAILABLE' });
    expect(String(out.message)).toMatch(/D-Bus|DISPLAY/);
  });

  it('a session bus without any Secret Service provider', () => {
    const dir = tempDir();
    const conf = path.join(dir, 'session.conf');
    writeFileSync(
      conf,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${dir}</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
    );
    const out = inChild(STATE_SCRIPT, { env: isolatedEnv({}), wrap: ['dbus-run-session', `--config-file=${conf}`, '--'] });
    expect(out).toMatchObject({ status: 'unavailable', reason: 'no_secret_service', set: 'KEYCHAIN_UNAVAILABLE' });
    expect((out.fix as string[])[0]).toMatch(/gnome-keyring|KWallet/);
  });

  it('a Secret Service with no default keyring (nothing unlocked it)', () => {
    const out = inChild(STATE_SCRIPT, { env: isolatedEnv({}), wrap: ['dbus-run-session', '--'] });
    expect(out).toMatchObject({ status: 'unavailable', reason: 'no_keyring', set: 'KEYCHAIN_UNAVAILABLE' });
  });

  it('a keychain that never answers times out instead of hanging', async () => {
    const never = () => new Promise<never>(() => undefined);
    const hanging: KeytarLike = { getPassword: never, setPassword: never, deletePassword: never };
    const started = Date.now();
    const store = new KeytarCredentialStore({ scope: 'x', loader: async () => hanging, timeoutMs: 300 });
    const state = await store.state();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(state).toMatchObject({ status: 'unavailable', reason: 'timeout' });
    expect(state.fix[0]).toMatch(/did not answer within/);
    await expect(store.read(['X'])).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });

  it('a keychain module that does not load reports no_library', async () => {
    const store = new KeytarCredentialStore({ scope: 'x', loader: async () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')) });
    expect(await store.state()).toMatchObject({ status: 'unavailable', reason: 'no_library' });
    await expect(store.set('A_KEY', 'sk-0000000000000', 'keychain-only')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });

  it('maps the documented keytar messages to reasons', () => {
    expect(classifyKeychainError('Cannot autolaunch D-Bus without X11 $DISPLAY')).toBe('no_dbus');
    expect(classifyKeychainError('The name org.freedesktop.secrets was not provided by any .service files')).toBe('no_secret_service');
    expect(classifyKeychainError('Object does not exist at path “/org/freedesktop/secrets/collection/login”')).toBe('no_keyring');
    expect(classifyKeychainError('Cannot create an item in a locked collection')).toBe('locked');
    expect(classifyKeychainError('Error calling StartServiceByName for org.freedesktop.secrets: Timeout was reached')).toBe('timeout');
  });
});

describe('keychain locked (own private bus and keyring)', () => {
  it('detects the lock although reads return null silently, refuses writes, and recovers after unlocking', () => {
    const prelude = `const { KeytarCredentialStore } = require(${JSON.stringify(path.join(REPO, 'src/core/keys/keychain.ts'))});
      const { execFileSync } = require('node:child_process');
      const store = new KeytarCredentialStore({ scope: 'lock-test', stateTtlMs: 0 });`;
    // Phase 1: store a key, lock the collection, look. Phase 2 (a new process, after the keyring is
    // unlocked again by restarting the daemon with the password): the state is secure and the key kept.
    const phase1 = `${prelude} (async () => { const out = {};
      out.before = (await store.state()).status;
      await store.set('LOCK_TEST_API_KEY', 'sk-lock-test-value-1234567890', 'keychain-only');
      execFileSync('gdbus', ['call', '--session', '--dest', 'org.freedesktop.secrets', '--object-path', '/org/freedesktop/secrets', '--method', 'org.freedesktop.Secret.Service.Lock', "['/org/freedesktop/secrets/collection/login']"], { stdio: 'ignore' });
      const locked = await store.state({ refresh: true });
      out.locked = { status: locked.status, reason: locked.reason, fix: locked.fix };
      try { await store.read(['LOCK_TEST_API_KEY']); out.read = 'returned'; } catch (e) { out.read = e.code; }
      try { await store.set('LOCK_TEST_API_KEY', 'sk-other-value-0000000000', 'keychain-only'); out.set = 'stored'; } catch (e) { out.set = e.code; }
      try { await store.list(); out.list = 'returned'; } catch (e) { out.list = e.code; }
      process.stdout.write('PHASE1' + JSON.stringify(out) + '\\n'); })();`;
    const phase2 = `${prelude} (async () => { const out = {};
      out.after = (await store.state()).status;
      out.kept = (await store.read(['LOCK_TEST_API_KEY'])).get('LOCK_TEST_API_KEY') === 'sk-lock-test-value-1234567890';
      process.stdout.write('PHASE2' + JSON.stringify(out) + '\\n'); })();`;
    const dir = tempDir();
    writeFileSync(path.join(dir, 'phase1.js'), phase1);
    writeFileSync(path.join(dir, 'phase2.js'), phase2);
    const script = `set -e
node --import tsx ${JSON.stringify(path.join(dir, 'phase1.js'))}
printf '%s' "\${KEYRING_PASS:-ci-keyring-pass}" | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null 2>&1
gdbus wait --session --timeout 10 org.freedesktop.secrets
node --import tsx ${JSON.stringify(path.join(dir, 'phase2.js'))}`;
    const env = { ...process.env };
    delete env.IN_KEYRING_BUS;
    const res = spawnSync(path.join(REPO, 'scripts/with-keyring.sh'), ['bash', '-c', script], { cwd: REPO, encoding: 'utf8', env, timeout: 60_000 });
    const p1 = /PHASE1(\{.*\})/.exec(res.stdout);
    const p2 = /PHASE2(\{.*\})/.exec(res.stdout);
    if (!p1 || !p2) throw new Error(`lock test failed (${res.status}): ${res.stdout}\n${res.stderr}`);
    const one = JSON.parse(p1[1]!) as Record<string, unknown>;
    const two = JSON.parse(p2[1]!) as Record<string, unknown>;
    expect(one.before).toBe('secure');
    expect(one.locked).toMatchObject({ status: 'unavailable', reason: 'locked' });
    expect((one.locked as { fix: string[] }).fix[0]).toMatch(/Unlock/);
    expect(one.read).toBe('KEYCHAIN_LOCKED');
    expect(one.set).toBe('KEYCHAIN_LOCKED');
    expect(one.list).toBe('KEYCHAIN_LOCKED');
    expect(two).toEqual({ after: 'secure', kept: true });
  });
});

describe('the demo home store', () => {
  it('keeps keys in memory and says so', async () => {
    const store = new MemoryCredentialStore('demo');
    expect((await store.state()).status).toBe('memory');
    await store.set('A_API_KEY', 'sk-demo-0000000000', 'env');
    expect((await store.read(['A_API_KEY'])).get('A_API_KEY')).toBe('sk-demo-0000000000');
    expect(await store.remove('A_API_KEY')).toBe(true);
    expect((await store.list()).size).toBe(0);
  });
});
