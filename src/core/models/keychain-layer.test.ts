/**
 * The keychain joins "authenticated" and the model catalog: a key kept only in the OS keychain
 * (real Secret Service in the test's private D-Bus) makes its provider authenticated and is the key
 * the live /models fetch sends — to that provider's own host only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { Core } from '../core';
import { createLogger } from '../log/logger';

const tempDir = useTempDir('sb-keychain-layer-');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

const KEY = `sk-deepseek-keychain-only-${Date.now()}-ZZ99`;

describe('keychain as a credential layer for the Models page', () => {
  it('authenticates a provider whose key is only in the keychain and sends that key to its /models', async () => {
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'deepseek-chat' }, { id: 'deepseek-v9-live' }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;

    const home = tempDir();
    writeFileSync(path.join(home, 'config.yaml'), 'model:\n  provider: openrouter\n  default: x\n');
    const core = await Core.create({
      env: { DEEPSEEK_BASE_URL: `http://127.0.0.1:${port}/v1` },
      platform: 'linux',
      homedir: tempDir(),
      dataDir: tempDir(),
      host: 'browser',
      version: 't',
      homeOverride: home,
      logger: createLogger({ write: () => undefined }),
    });
    cleanup.push(() => core.close());

    const before = await core.dispatch('models.options', { include_unconfigured: true });
    expect(before.ok).toBe(true);
    const row = (r: typeof before) => (r.ok ? (r.data as { providers: { slug: string; authenticated: boolean }[] }).providers.find((p) => p.slug === 'deepseek') : undefined);
    expect(row(before)?.authenticated).toBe(false);

    const set = await core.dispatch('keys.set', { name: 'DEEPSEEK_API_KEY', value: KEY, store: 'keychain' });
    expect(set.ok).toBe(true);
    cleanup.push(async () => void (await core.dispatch('keys.delete', { name: 'DEEPSEEK_API_KEY', store: 'keychain' })));

    const after = await core.dispatch('models.options', { include_unconfigured: true, refresh: true });
    expect(after.ok).toBe(true);
    expect(row(after)?.authenticated).toBe(true);
    expect(seen).toContain(`Bearer ${KEY}`);
    expect(JSON.stringify(after)).not.toContain(KEY);
  });
});
