import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeModelsServer, type FakeModelsServer } from '../../../test/helpers/fake-models-server';
import { useTempDir } from '../../../test/helpers/temp-home';
import type { CatalogStatus } from '../../shared/contract/models';
import { createLogger } from '../log/logger';
import { CatalogService } from './catalog-service';

const tempDir = useTempDir('sb-catalog-');
const servers: FakeModelsServer[] = [];
const services: CatalogService[] = [];
const quiet = createLogger({ write: () => undefined });

afterEach(async () => {
  for (const s of services.splice(0)) s.close();
  for (const s of servers.splice(0)) await s.close();
});

async function server(options: Parameters<typeof startFakeModelsServer>[0] = {}) {
  const s = await startFakeModelsServer(options);
  servers.push(s);
  return s;
}

function service(options: Partial<ConstructorParameters<typeof CatalogService>[0]> = {}) {
  const updates: Array<{ provider: string; status: CatalogStatus }> = [];
  const s = new CatalogService({ dataDir: tempDir(), logger: quiet, timeoutMs: 400, onUpdate: (provider, status) => updates.push({ provider, status }), ...options });
  services.push(s);
  return { s, updates };
}

const SECRET = 'sk-test-secret-value-1234567890';

describe('the model catalog (stale-while-revalidate)', () => {
  it('answers at once with nothing, fetches in the background, then serves and caches the list', async () => {
    const fake = await server({ delayMs: 60 });
    const { s, updates } = service();
    const source = { provider: 'deepseek', url: `${fake.base}/models`, headers: { Authorization: `Bearer ${SECRET}` } };
    const first = await s.read(source);
    expect(first.models).toBeNull();
    expect(first.status).toMatchObject({ state: 'loading', refreshing: true });
    await expect.poll(() => updates.length).toBe(1);
    expect(updates[0]).toMatchObject({ provider: 'deepseek', status: { state: 'fresh', liveCount: 2, refreshing: false } });
    const second = await s.read(source);
    expect(second.models?.map((m) => m.id)).toEqual(['fake-model-1', 'fake-model-2']);
    expect(second.status.state).toBe('fresh');
    expect(fake.requests).toEqual([{ path: '/v1/models', authorization: `Bearer ${SECRET}` }]);

    // On disk: the list and its fetch time, never the key or a header.
    const files = readdirSync(s.dir);
    expect(files).toHaveLength(1);
    const text = readFileSync(path.join(s.dir, files[0]!), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 1, provider: 'deepseek', url: source.url, models: [{ id: 'fake-model-1' }, { id: 'fake-model-2' }] });
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('Bearer');
  });

  it('serves a stale list immediately from disk after a restart, and revalidates it in the background', async () => {
    const fake = await server();
    const dataDir = tempDir();
    let clock = Date.parse('2026-11-21T10:00:00Z');
    const a = service({ dataDir, now: () => clock, ttlMs: 60_000 });
    const source = { provider: 'xai', url: `${fake.base}/models`, headers: {} };
    await a.s.refresh(source);
    a.s.close();

    clock += 5 * 60_000; // older than the TTL
    fake.body = { data: [{ id: 'newer-model' }] };
    fake.delayMs = 150;
    const b = service({ dataDir, now: () => clock, ttlMs: 60_000 });
    const read = await b.s.read(source);
    expect(read.models?.map((m) => m.id)).toEqual(['fake-model-1', 'fake-model-2']);
    expect(read.status).toMatchObject({ state: 'stale', refreshing: true, fetchedAt: '2026-11-21T10:00:00.000Z' });
    await expect.poll(() => b.updates.length).toBe(1);
    expect((await b.s.read(source)).models?.map((m) => m.id)).toEqual(['newer-model']);
  });

  it.each([
    [{ status: 401 }, 'auth', /refused the key \(HTTP 401\)/],
    [{ status: 404 }, 'not_found', /HTTP 404/],
    [{ status: 500 }, 'http', /HTTP 500/],
    ['html', 'bad_response', /web page/],
    ['redirect', 'redirect', /not followed/],
    ['hang', 'timeout', /no answer within 0.4 s/],
  ] as const)('reports a failed fetch (%s) with a reason, without throwing', async (mode, kind, message) => {
    const fake = await server({ mode });
    const { s, updates } = service();
    const source = { provider: 'p', url: `${fake.base}/models`, headers: {} };
    await s.refresh(source);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.status).toMatchObject({ state: 'failed', liveCount: 0, error: { kind } });
    expect(updates[0]!.status.error!.message).toMatch(message);
    expect((await s.read(source, { revalidate: false })).status.state).toBe('failed');
  });

  it('keeps the previous list when a refresh fails, and backs off before retrying on its own', async () => {
    const fake = await server();
    let clock = 1_000_000;
    const { s } = service({ now: () => clock, ttlMs: 1_000, failureBackoffMs: 60_000 });
    const source = { provider: 'p', url: `${fake.base}/models`, headers: {} };
    await s.refresh(source);
    fake.mode = { status: 503 };
    clock += 5_000;
    await s.refresh(source);
    const read = await s.read(source);
    expect(read.models?.map((m) => m.id)).toEqual(['fake-model-1', 'fake-model-2']);
    expect(read.status).toMatchObject({ state: 'stale', error: { kind: 'http' } });
    // Within the back-off, reads do not hammer the provider…
    expect(fake.requests).toHaveLength(2);
    clock += 10_000;
    await s.read(source);
    expect(fake.requests).toHaveLength(2);
    // …but an explicit refresh always goes out.
    fake.mode = 'ok';
    await s.refresh(source);
    expect(fake.requests).toHaveLength(3);
    expect((await s.read(source)).status).toMatchObject({ state: 'fresh' });
  });

  it('a provider that never answers delays no other provider', async () => {
    const hang = await server({ mode: 'hang' });
    const fast = await Promise.all([server(), server(), server()]);
    const { s, updates } = service({ timeoutMs: 3_000, concurrency: 4 });
    const started = Date.now();
    void s.refresh({ provider: 'slow', url: `${hang.base}/models`, headers: {} });
    await Promise.all(fast.map((f, i) => s.refresh({ provider: `fast${i}`, url: `${f.base}/models`, headers: {} })));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(updates.map((u) => u.provider).sort()).toEqual(['fast0', 'fast1', 'fast2']);
    expect(s.peek({ provider: 'slow', url: `${hang.base}/models` })?.status).toMatchObject({ state: 'loading', refreshing: true });
  });

  it('joins a fetch already under way instead of starting a second one', async () => {
    const fake = await server({ delayMs: 100 });
    const { s } = service();
    const source = { provider: 'p', url: `${fake.base}/models`, headers: {} };
    await Promise.all([s.refresh(source), s.refresh(source), s.read(source)]);
    expect(fake.requests).toHaveLength(1);
  });

  it('ignores a cache file written for another provider or URL', async () => {
    const fake = await server();
    const dataDir = tempDir();
    const a = service({ dataDir });
    await a.s.refresh({ provider: 'p', url: `${fake.base}/models`, headers: {} });
    const b = service({ dataDir });
    const other = await b.s.read({ provider: 'p', url: `${fake.base}/other/models`, headers: {} }, { revalidate: false });
    expect(other.models).toBeNull();
    expect(existsSync(b.s.dir)).toBe(true);
  });
});
