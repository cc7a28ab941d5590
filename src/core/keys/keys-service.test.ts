/**
 * The Keys channels through the real Core: sources and conflicts, keychain-first writes, Hermes-style
 * .env edits with backups, import from .env, delivery, reveal limits — and that no channel response or
 * log line ever contains a key value.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import type { KeyRow, KeysList } from '../../shared/domain/keys';
import { Core } from '../core';
import { createLogger } from '../log/logger';

const REPO = path.resolve(__dirname, '../../..');
const tempDir = useTempDir('sb-keys-');
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

const OR_KEY = 'sk-or-v1-keys-test-openrouter-AAAA1111';
const OR_KEY_2 = 'sk-or-v1-keys-test-openrouter-BBBB2222';
const DS_KEY = 'sk-deepseek-keys-test-CCCC3333';
const ENV_KEY = 'sk-or-v1-from-process-env-DDDD4444';
const GATEWAY_KEY = 'gw-keys-test-gateway-EEEE5555';

const CONFIG = `model:
  provider: openrouter
  default: anthropic/claude-sonnet-5
providers:
  work-gateway:
    name: Work Gateway
    base_url: https://llm.internal.example.com/v1
    key_env: WORK_GATEWAY_API_KEY
auxiliary:
  compression:
    provider: deepseek
    model: deepseek-chat
`;

async function start(options: { env?: Record<string, string>; dotenv?: string; config?: string } = {}) {
  const home = tempDir();
  writeFileSync(path.join(home, 'config.yaml'), options.config ?? CONFIG);
  if (options.dotenv !== undefined) writeFileSync(path.join(home, '.env'), options.dotenv, { mode: 0o640 });
  const lines: string[] = [];
  const core = await Core.create({
    env: { ...(options.env ?? {}) },
    platform: 'linux',
    homedir: tempDir(),
    dataDir: tempDir(),
    host: 'browser',
    version: 't',
    homeOverride: home,
    logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
  });
  cores.push(core);
  const responses: string[] = [];
  const call = async <T>(channel: string, input: unknown = {}): Promise<T> => {
    const r = await core.dispatch(channel, input);
    responses.push(JSON.stringify(r));
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, detail: r.error.detail });
    return r.data as T;
  };
  const callRaw = async (channel: string, input: unknown = {}) => {
    const r = await core.dispatch(channel, input);
    responses.push(JSON.stringify(r));
    return r;
  };
  return { core, home, call, callRaw, lines, responses };
}

function row(list: KeysList, name: string): KeyRow {
  const r = list.groups.flatMap((g) => g.rows).find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name}`);
  return r;
}

describe('keys: sources, precedence and conflicts', () => {
  it('lists every provider key var with its sources, the effective one, last four and conflicts', async () => {
    const t = await start({ env: { OPENROUTER_API_KEY: ENV_KEY }, dotenv: `OPENROUTER_API_KEY=${OR_KEY}\n` });
    const list = await t.call<KeysList>('keys.list');
    expect(list.keychain.status).toBe('secure');
    expect(list.envFile).toMatchObject({ exists: true, mode: '0640' });
    // Every built-in key var has a row; endpoints' key_env too.
    const names = list.groups.flatMap((g) => g.rows.map((r) => r.name));
    for (const n of ['OPENROUTER_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'DEEPSEEK_API_KEY', 'HF_TOKEN', 'WORK_GATEWAY_API_KEY']) expect(names).toContain(n);
    expect(list.groups.find((g) => g.id === 'work-gateway')?.rows.map((r) => r.name)).toEqual(['WORK_GATEWAY_API_KEY']);
    const or = row(list, 'OPENROUTER_API_KEY');
    expect(or.sources.map((s) => [s.kind, s.last4])).toEqual([
      ['dotenv', '1111'],
      ['env', '4444'],
    ]);
    // .env wins over the inherited environment (Hermes loads it with override=True).
    expect(or.effective).toMatchObject({ kind: 'dotenv', last4: '1111', viaExec: false, usable: true });
    expect(or.conflict).toBe(true);
    expect(or.conflictNote).toMatch(/\.env \(…1111\).*process environment \(…4444\).*Hermes uses \.env/);
    expect(or.importable).toBe(true);
    expect(list.importable).toContain('OPENROUTER_API_KEY');
    expect(row(list, 'DEEPSEEK_API_KEY')).toMatchObject({ sources: [], effective: null, conflict: false });
  });

  it('a key stored in the keychain shows up as a source; the effective source changes with it', async () => {
    const t = await start();
    expect(row(await t.call<KeysList>('keys.list'), 'DEEPSEEK_API_KEY').effective).toBeNull();
    const out = await t.call<{ row: KeyRow; notes: string[]; envBackupId: string | null }>('keys.set', { name: 'DEEPSEEK_API_KEY', value: `  "${DS_KEY}"\n`, store: 'keychain' });
    expect(out.row.effective).toMatchObject({ kind: 'keychain', last4: '3333', viaExec: true });
    expect(out.row.delivery).toBe('keychain-only');
    expect(out.notes.join(' ')).toMatch(/removed surrounding whitespace.*quotes|quotes.*whitespace/);
    expect(out.notes.join(' ')).toMatch(/hermes-switchboard exec/);
    expect(out.envBackupId).toBeNull();
    // Nothing was written to .env.
    expect(() => statSync(path.join(t.home, '.env'))).toThrow();
    // Replace, then delete.
    await t.call('keys.set', { name: 'DEEPSEEK_API_KEY', value: 'sk-deepseek-replaced-FFFF6666', store: 'keychain' });
    expect(row(await t.call<KeysList>('keys.list'), 'DEEPSEEK_API_KEY').effective?.last4).toBe('6666');
    const del = await t.call<{ row: KeyRow }>('keys.delete', { name: 'DEEPSEEK_API_KEY', store: 'keychain' });
    expect(del.row.effective).toBeNull();
    const again = await t.callRaw('keys.delete', { name: 'DEEPSEEK_API_KEY', store: 'keychain' });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('"both" stores in the keychain and writes .env Hermes-style (backup first, new file 0600)', async () => {
    const t = await start();
    const out = await t.call<{ row: KeyRow; envBackupId: string | null }>('keys.set', { name: 'OPENROUTER_API_KEY', value: OR_KEY, store: 'both' });
    const envPath = path.join(t.home, '.env');
    expect(readFileSync(envPath, 'utf8')).toBe(`OPENROUTER_API_KEY=${OR_KEY}\n`);
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
    expect(out.row).toMatchObject({ delivery: 'env', conflict: false, removableFromEnv: true, importable: false });
    expect(out.row.effective).toMatchObject({ kind: 'dotenv', viaExec: false });
    // The first write to a missing .env has nothing to back up; the next one does.
    expect(out.envBackupId).toBeNull();
    const second = await t.call<{ envBackupId: string | null }>('keys.set', { name: 'OPENROUTER_API_KEY', value: OR_KEY_2, store: 'both' });
    expect(second.envBackupId).toMatch(/-env-keys$/);
    const backups = readdirSync(path.join(t.home, 'config-backups')).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(t.home, 'config-backups', backups[0]!), 'utf8')).toBe(`OPENROUTER_API_KEY=${OR_KEY}\n`);
    expect(readFileSync(envPath, 'utf8')).toBe(`OPENROUTER_API_KEY=${OR_KEY_2}\n`);
  });

  it('"keychain only" removes a plain-text copy from .env, which would otherwise override it', async () => {
    const t = await start({ dotenv: `# keys\nOPENROUTER_API_KEY=${OR_KEY}\nOTHER=1\n` });
    const out = await t.call<{ row: KeyRow; notes: string[]; envBackupId: string | null }>('keys.set', { name: 'OPENROUTER_API_KEY', value: OR_KEY_2, store: 'keychain' });
    expect(readFileSync(path.join(t.home, '.env'), 'utf8')).toBe('# keys\nOTHER=1\n');
    expect(statSync(path.join(t.home, '.env')).mode & 0o777).toBe(0o640);
    expect(out.envBackupId).toMatch(/-env-keys$/);
    expect(out.notes.join(' ')).toMatch(/removed the old plain-text copy/);
    expect(out.row.effective).toMatchObject({ kind: 'keychain', last4: '2222', viaExec: true });
  });

  it('"env" is the explicit plain-text choice; with no keychain, keychain writes fail and nothing falls back', () => {
    const home = tempDir();
    writeFileSync(path.join(home, 'config.yaml'), CONFIG);
    const script = `
      const { Core } = require(${JSON.stringify(path.join(REPO, 'src/core/core.ts'))});
      const { createLogger } = require(${JSON.stringify(path.join(REPO, 'src/core/log/logger.ts'))});
      (async () => {
        const core = await Core.create({ env: {}, platform: 'linux', homedir: ${JSON.stringify(tempDir())}, dataDir: ${JSON.stringify(tempDir())}, host: 'browser', version: 't', homeOverride: ${JSON.stringify(home)}, logger: createLogger({ write: () => {} }) });
        const out = {};
        const list = await core.dispatch('keys.list', {});
        out.state = list.data.keychain;
        out.keychainSet = await core.dispatch('keys.set', { name: 'HF_TOKEN', value: 'hf_keys_test_token_GGGG7777', store: 'keychain' });
        out.envSet = await core.dispatch('keys.set', { name: 'HF_TOKEN', value: 'hf_keys_test_token_GGGG7777', store: 'env' });
        await core.close();
        process.stdout.write('RESULT' + JSON.stringify(out));
      })();`;
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-bus' };
    const res = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO, encoding: 'utf8', env, timeout: 60_000 });
    const m = /RESULT(\{.*\})/s.exec(res.stdout);
    if (!m) throw new Error(`child failed: ${res.stdout}\n${res.stderr}`);
    const out = JSON.parse(m[1]!) as { state: { status: string; reason: string }; keychainSet: { ok: boolean; error?: { code: string; message: string; detail: { keychain: { reason: string } } } }; envSet: { ok: boolean; data: { row: KeyRow } } };
    expect(out.state).toMatchObject({ status: 'unavailable', reason: 'no_dbus' });
    expect(out.keychainSet).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', detail: { keychain: { reason: 'no_dbus' } } } });
    expect(out.keychainSet.error!.message).toMatch(/Nothing was stored/);
    // Nothing reached .env by the failed keychain write…
    expect(out.envSet.ok).toBe(true);
    // …and the explicit .env choice worked.
    expect(out.envSet.data.row.effective).toMatchObject({ kind: 'dotenv', last4: '7777' });
    expect(readFileSync(path.join(home, '.env'), 'utf8')).toBe('HF_TOKEN=hf_keys_test_token_GGGG7777\n');
  });

  it('refuses bad names and values with stable codes', async () => {
    const t = await start();
    expect(await t.callRaw('keys.set', { name: 'PATH', value: OR_KEY, store: 'env' })).toMatchObject({ ok: false, error: { code: 'ENV_INVALID_KEY' } });
    expect(await t.callRaw('keys.set', { name: 'OPENROUTER_API_KEY', value: 'sk-abc\ndef-ghij', store: 'keychain' })).toMatchObject({ ok: false, error: { code: 'ENV_INVALID_VALUE' } });
    expect(await t.callRaw('keys.set', { name: 'OPENROUTER_API_KEY', value: 'changeme', store: 'keychain' })).toMatchObject({ ok: false, error: { code: 'ENV_INVALID_VALUE' } });
  });
});

describe('import from .env and delivery', () => {
  it('imports plain-text keys after a backup of .env, then removes them from .env on request', async () => {
    const dotenv = `# my keys\nexport OPENROUTER_API_KEY=${OR_KEY}\nDEEPSEEK_API_KEY="${DS_KEY}"\nGEMINI_API_KEY=changeme\nTERMINAL_TIMEOUT=180\n`;
    const t = await start({ dotenv });
    const before = await t.call<KeysList>('keys.list');
    expect(before.importable.sort()).toEqual(['DEEPSEEK_API_KEY', 'OPENROUTER_API_KEY']);
    const imp = await t.call<{ imported: string[]; skipped: unknown[]; envBackupId: string }>('keys.importEnv', {});
    expect(imp.imported.sort()).toEqual(['DEEPSEEK_API_KEY', 'OPENROUTER_API_KEY']);
    expect(imp.envBackupId).toMatch(/-env-keys$/);
    expect(readFileSync(path.join(t.home, 'config-backups', `${imp.envBackupId}.bak`), 'utf8')).toBe(dotenv);
    // Still in .env (delivery env), now also in the keychain with the same value: removable.
    const mid = await t.call<KeysList>('keys.list');
    expect(row(mid, 'OPENROUTER_API_KEY')).toMatchObject({ delivery: 'env', conflict: false, importable: false, removableFromEnv: true });
    expect(row(mid, 'OPENROUTER_API_KEY').sources.map((s) => s.kind)).toEqual(['dotenv', 'keychain']);
    const rm = await t.call<{ removed: string[]; envBackupId: string }>('keys.removeFromEnv', { names: ['OPENROUTER_API_KEY', 'DEEPSEEK_API_KEY'] });
    expect(rm.removed).toEqual(['OPENROUTER_API_KEY', 'DEEPSEEK_API_KEY']);
    expect(readFileSync(path.join(t.home, '.env'), 'utf8')).toBe('# my keys\nGEMINI_API_KEY=changeme\nTERMINAL_TIMEOUT=180\n');
    const after = await t.call<KeysList>('keys.list');
    expect(row(after, 'OPENROUTER_API_KEY')).toMatchObject({ delivery: 'keychain-only', effective: { kind: 'keychain', viaExec: true } });
  });

  it('refuses to remove a .env copy the keychain does not hold identically', async () => {
    const t = await start({ dotenv: `OPENROUTER_API_KEY=${OR_KEY}\n` });
    await t.call('keys.set', { name: 'OPENROUTER_API_KEY', value: OR_KEY_2, store: 'keychain' });
    // keychain-only removed the .env line; put a different one back (an outside edit).
    writeFileSync(path.join(t.home, '.env'), `OPENROUTER_API_KEY=${OR_KEY}\n`);
    const r = await t.callRaw('keys.removeFromEnv', { names: ['OPENROUTER_API_KEY'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(readFileSync(path.join(t.home, '.env'), 'utf8')).toBe(`OPENROUTER_API_KEY=${OR_KEY}\n`);
    const list = await t.call<KeysList>('keys.list');
    expect(row(list, 'OPENROUTER_API_KEY')).toMatchObject({ conflict: true, effective: { kind: 'dotenv' } });
  });

  it('switches delivery: write to .env, then keychain only', async () => {
    const t = await start({ dotenv: 'OTHER=1\n' });
    await t.call('keys.set', { name: 'WORK_GATEWAY_API_KEY', value: GATEWAY_KEY, store: 'keychain' });
    const toEnv = await t.call<{ row: KeyRow }>('keys.setDelivery', { name: 'WORK_GATEWAY_API_KEY', delivery: 'env' });
    expect(readFileSync(path.join(t.home, '.env'), 'utf8')).toBe(`OTHER=1\nWORK_GATEWAY_API_KEY=${GATEWAY_KEY}\n`);
    expect(toEnv.row).toMatchObject({ delivery: 'env', effective: { kind: 'dotenv' } });
    const back = await t.call<{ row: KeyRow }>('keys.setDelivery', { name: 'WORK_GATEWAY_API_KEY', delivery: 'keychain-only' });
    expect(readFileSync(path.join(t.home, '.env'), 'utf8')).toBe('OTHER=1\n');
    expect(back.row).toMatchObject({ delivery: 'keychain-only', effective: { kind: 'keychain', viaExec: true } });
  });
});

describe('reveal', () => {
  it('is explicit, rate-limited to 5 per 30 s and never logged', async () => {
    const t = await start({ dotenv: `OPENROUTER_API_KEY=${OR_KEY}\n` });
    const first = await t.call<{ value: string; revealsLeft: number; source: string }>('keys.reveal', { name: 'OPENROUTER_API_KEY' });
    expect(first).toMatchObject({ value: OR_KEY, source: '.env', revealsLeft: 4 });
    for (let i = 0; i < 4; i++) await t.call('keys.reveal', { name: 'OPENROUTER_API_KEY' });
    const sixth = await t.callRaw('keys.reveal', { name: 'OPENROUTER_API_KEY' });
    expect(sixth).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect((await t.call<KeysList>('keys.list')).revealsLeft).toBe(0);
    expect(t.lines.join('\n')).not.toContain(OR_KEY);
  });
});

describe('no values outside the core', () => {
  it('no channel response (except reveal) and no log line contains a key value', async () => {
    const t = await start({
      env: { ANTHROPIC_API_KEY: 'sk-ant-api03-process-env-value-HHHH8888' },
      dotenv: `OPENROUTER_API_KEY=${OR_KEY}\nDEEPSEEK_API_KEY=${DS_KEY}\n`,
      config: `${CONFIG}fallback_providers:\n  - provider: anthropic\n    model: claude-sonnet-5\n    api_key: sk-ant-inline-config-value-IIII9999\n`,
    });
    await t.call('keys.set', { name: 'WORK_GATEWAY_API_KEY', value: GATEWAY_KEY, store: 'keychain' });
    await t.call('keys.importEnv', {});
    await t.call('keys.setDelivery', { name: 'DEEPSEEK_API_KEY', delivery: 'env' });
    for (const ch of ['keys.list', 'keys.keychainStatus', 'inspector.get', 'probe.targets', 'probe.history', 'endpoints.list', 'config.read', 'config.readRaw']) await t.call(ch);
    await t.callRaw('keys.set', { name: 'PATH', value: OR_KEY, store: 'env' });
    await t.callRaw('keys.set', { name: 'OPENROUTER_API_KEY', value: `${OR_KEY} extra`, store: 'env' });
    const all = [...t.responses, ...t.lines].join('\n');
    for (const secret of [OR_KEY, DS_KEY, GATEWAY_KEY, 'sk-ant-api03-process-env-value-HHHH8888', 'sk-ant-inline-config-value-IIII9999']) {
      expect(all).not.toContain(secret);
      // Not even most of it.
      expect(all).not.toContain(secret.slice(0, -4));
    }
  });
});
