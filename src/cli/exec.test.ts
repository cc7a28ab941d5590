/**
 * `hermes-switchboard exec`: a small node script stands in for Hermes and reports which key variables
 * it received (with a hash of each value). Runs the real CLI against the real Secret Service.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers/temp-home';
import { credentialScope, KeytarCredentialStore } from '../core/keys/keychain';
import { platformDefaultRoot } from '../core/home/resolve-home';

const REPO = path.resolve(__dirname, '../..');
const tempDir = useTempDir('sb-exec-');
const sha = (v: string) => createHash('sha256').update(v).digest('hex');

const FAKE_HERMES = `
const crypto = require('node:crypto');
const out = {};
for (const [k, v] of Object.entries(process.env)) if (/_API_KEY$|_TOKEN$/.test(k)) out[k] = crypto.createHash('sha256').update(v).digest('hex');
process.stdout.write('FAKE_HERMES ' + JSON.stringify({ keys: out, args: process.argv.slice(2), home: process.env.HERMES_HOME }) + '\\n');
process.exit(Number(process.argv[2] || 0));
`;

function runCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/cli/index.ts'), ...args], { cwd: REPO, encoding: 'utf8', env, timeout: 60_000 });
}

describe('hermes-switchboard exec', () => {
  it('starts the command with keychain-only keys and keychain keys .env lacks, passing the exit code', async () => {
    const home = tempDir();
    writeFileSync(path.join(home, 'config.yaml'), 'model:\n  provider: openrouter\n');
    writeFileSync(path.join(home, '.env'), 'DEEPSEEK_API_KEY=sk-ds-in-dotenv-value-0001\nGEMINI_API_KEY=AIza-dotenv-copy-0004\n');
    const script = path.join(tempDir(), 'fake-hermes.js');
    writeFileSync(script, FAKE_HERMES);
    const scope = credentialScope({ root: home, profile: 'default' }, platformDefaultRoot({ env: process.env, platform: process.platform, homedir: os.homedir() }));
    const store = new KeytarCredentialStore({ scope });
    await store.set('OPENROUTER_API_KEY', 'sk-or-v1-keychain-only-value-0002', 'keychain-only');
    await store.set('ANTHROPIC_API_KEY', 'sk-ant-keychain-env-delivery-0003', 'env'); // not in .env: still injected
    await store.set('GEMINI_API_KEY', 'AIza-dotenv-copy-0004', 'env'); // in .env: Hermes reads it there
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (/_API_KEY$/.test(k)) delete env[k];

    const res = runCli(['exec', '--home', home, '--', process.execPath, script, '7', '--flag'], env);
    expect(res.status).toBe(7);
    const report = JSON.parse(/FAKE_HERMES (.*)/.exec(res.stdout)![1]!) as { keys: Record<string, string>; args: string[]; home: string };
    expect(report.keys).toEqual({ OPENROUTER_API_KEY: sha('sk-or-v1-keychain-only-value-0002'), ANTHROPIC_API_KEY: sha('sk-ant-keychain-env-delivery-0003') });
    expect(report.args).toEqual(['7', '--flag']);
    expect(report.home).toBe(home);
    expect(res.stderr).toMatch(/2 keys from the keychain for profile default: ANTHROPIC_API_KEY, OPENROUTER_API_KEY/);
    const printed = res.stdout + res.stderr;
    for (const v of ['sk-or-v1-keychain-only-value', 'sk-ant-keychain-env-delivery', 'AIza-dotenv-copy', 'sk-ds-in-dotenv']) expect(printed).not.toContain(v);

    // The keychain overrides an inherited value of the same name; other profiles' keys never leak in.
    const other = new KeytarCredentialStore({ scope: `default:${tempDir()}` });
    await other.set('XAI_API_KEY', 'xai-other-profile-value-0005', 'keychain-only');
    const inherited = runCli(['exec', '--quiet', '--home', home, '--', process.execPath, script, '0'], { ...env, OPENROUTER_API_KEY: 'sk-or-v1-stale-shell-value' });
    expect(inherited.status).toBe(0);
    expect(inherited.stderr).toBe('');
    const keys = (JSON.parse(/FAKE_HERMES (.*)/.exec(inherited.stdout)![1]!) as { keys: Record<string, string> }).keys;
    expect(keys.OPENROUTER_API_KEY).toBe(sha('sk-or-v1-keychain-only-value-0002'));
    expect(keys.XAI_API_KEY).toBeUndefined();
  });

  it('reports a missing command and bad usage', () => {
    const home = tempDir();
    const notFound = runCli(['exec', '--home', home, '--', 'no-such-command-for-switchboard']);
    expect(notFound.status).toBe(127);
    expect(notFound.stderr).toMatch(/command not found/);
    const usage = runCli(['exec', '--home', home]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/needs a command after --/);
  });

  it('refuses to start without a keychain, saying why and how to fix it', () => {
    const home = tempDir();
    const res = runCli(['exec', '--home', home, '--', process.execPath, '-e', 'process.exit(0)'], { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/keychain is not available \(no_dbus/);
    expect(res.stderr).toMatch(/Hermes was not started/);
  });
});
