/**
 * A slot on a provider Hermes has no credentials for (e.g. `openai-codex` without a login) must look
 * broken everywhere: Health says `auth_missing` (known without a request, so nothing is sent), and the
 * Keys page lists that provider with the slot that uses it — not a grey "not probed", not nothing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import type { KeysList } from '../../shared/domain/keys';
import type { ProbeResult, ProbeTarget } from '../../shared/domain/probes';
import { Core } from '../core';
import { createLogger } from '../log/logger';

const tempDir = useTempDir('sb-no-creds-');
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

async function start(config: string, files: Record<string, string> = {}) {
  const home = tempDir();
  writeFileSync(path.join(home, 'config.yaml'), config);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(home, name), text, { mode: 0o600 });
  const core = await Core.create({ env: {}, platform: 'linux', homedir: tempDir(), dataDir: tempDir(), host: 'browser', version: 't', homeOverride: home, logger: createLogger({ write: () => undefined }) });
  cores.push(core);
  const call = async <T>(channel: string, input: unknown = {}): Promise<T> => {
    const r = await core.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  return { call };
}

const CODEX_MAIN = 'model:\n  provider: openai-codex\n  default: gpt-5.5\nauxiliary:\n  vision:\n    provider: deepseek\n    model: deepseek-chat\n';

describe('a slot on a provider without any credentials', () => {
  it('is auth_missing on Health for the slot and the provider, decided without a request', async () => {
    const t = await start(CODEX_MAIN);
    const { targets } = await t.call<{ targets: ProbeTarget[] }>('probe.targets');
    for (const id of ['slot:main', 'provider:openai-codex', 'slot:aux:vision', 'provider:deepseek']) {
      expect(targets.find((x) => x.id === id), id).toMatchObject({ probeable: true });
    }
    const run = await t.call<{ results: ProbeResult[] }>('probe.run', { targets: ['slot:main', 'provider:openai-codex', 'slot:aux:vision', 'provider:deepseek'] });
    const by = new Map(run.results.map((r) => [r.targetId, r]));
    for (const id of ['slot:main', 'provider:openai-codex']) {
      const r = by.get(id)!;
      expect(r.class, id).toBe('auth_missing');
      expect(r.httpStatus).toBeNull();
      expect(r.latency.totalMs).toBe(0);
      expect(r.hint).toContain('has no login');
      expect(r.hint).toContain('hermes model');
    }
    // An API-key provider says which variable to add.
    expect(by.get('slot:aux:vision')).toMatchObject({ class: 'auth_missing', httpStatus: null });
    expect(by.get('provider:deepseek')!.hint).toContain('DEEPSEEK_API_KEY');
  });

  it('is still probed normally once a login exists', async () => {
    const t = await start(CODEX_MAIN, {
      'auth.json': JSON.stringify({ version: 1, providers: { 'openai-codex': { tokens: { access_token: 'codex-access-token-value', refresh_token: 'r' } } }, active_provider: 'openai-codex' }),
    });
    const { targets } = await t.call<{ targets: ProbeTarget[] }>('probe.targets');
    const main = targets.find((x) => x.id === 'slot:main')!;
    // Signed in through auth.json: not a missing credential (the login-only rule describes it).
    expect(main.probeable).toBe(false);
    expect(main.skipReason).toMatch(/auth\.json/);
  });

  it('is listed on the Keys page with the slot that uses it, not configured', async () => {
    const t = await start(CODEX_MAIN);
    const list = await t.call<KeysList>('keys.list');
    const codex = list.groups.find((g) => g.id === 'openai-codex');
    expect(codex).toBeDefined();
    expect(codex).toMatchObject({ configured: false, slots: ['main'], rows: [] });
    expect(codex!.note).toMatch(/auth\.json/);
    // A provider nothing uses and nothing configures stays out of the list.
    expect(list.groups.find((g) => g.id === 'xai-oauth')).toBeUndefined();
  });
});
