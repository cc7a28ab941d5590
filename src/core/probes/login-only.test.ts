/**
 * A provider Hermes reaches only through an auth.json login (OAuth) has no API key to send: its probe
 * target says so instead of failing with a false "no key" result.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import type { ProbeTarget } from '../../shared/domain/probes';
import { Core } from '../core';
import { createLogger } from '../log/logger';

const tempDir = useTempDir('sb-login-only-');
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

async function targets(home: string, env: NodeJS.ProcessEnv = {}): Promise<ProbeTarget[]> {
  const core = await Core.create({ env, platform: 'linux', homedir: tempDir(), dataDir: tempDir(), host: 'browser', version: 't', homeOverride: home, logger: createLogger({ write: () => undefined }) });
  cores.push(core);
  const r = await core.dispatch('probe.targets', {});
  if (!r.ok) throw new Error(r.error.message);
  return (r.data as { targets: ProbeTarget[] }).targets;
}

describe('probe targets for logins stored in auth.json', () => {
  it('marks an OAuth-only provider and the slot using it as not probed, with the reason', async () => {
    const home = tempDir();
    writeFileSync(path.join(home, 'config.yaml'), 'model:\n  provider: nous\n  default: z-ai/glm-5.2\n');
    writeFileSync(path.join(home, 'auth.json'), JSON.stringify({ version: 1, providers: { nous: { access_token: 'oauth-access-token-value', refresh_token: 'r' } }, active_provider: 'nous' }), { mode: 0o600 });
    const list = await targets(home);
    const provider = list.find((t) => t.id === 'provider:nous');
    const main = list.find((t) => t.id === 'slot:main');
    for (const t of [provider, main]) {
      expect(t?.probeable).toBe(false);
      expect(t?.skipReason).toMatch(/auth\.json/);
    }
    expect(JSON.stringify(list)).not.toContain('oauth-access-token-value');
  });

  it('still probes the provider when an API key is also set', async () => {
    const home = tempDir();
    writeFileSync(path.join(home, 'config.yaml'), 'model:\n  provider: nous\n  default: z-ai/glm-5.2\n');
    writeFileSync(path.join(home, 'auth.json'), JSON.stringify({ version: 1, providers: { nous: { access_token: 'a', refresh_token: 'r' } } }));
    writeFileSync(path.join(home, '.env'), 'NOUS_API_KEY=nous-api-key-value-0000\n');
    const provider = (await targets(home)).find((t) => t.id === 'provider:nous');
    expect(provider?.skipReason ?? '').not.toMatch(/auth\.json/);
  });
});
