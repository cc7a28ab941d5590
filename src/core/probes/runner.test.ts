/**
 * Probe classification from real HTTP answers of a local fake provider, plus the runner's
 * concurrency cap, cancellation, timeouts and streaming order.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeClass, ProbeResult } from '../../shared/domain/probes';
import { probeOne, runProbes } from './runner';
import type { ProbePlan } from './targets';
import { closedPort, presentedKey, startFakeProvider, type Behavior, type FakeProvider } from './test-support/fake-provider';

const KEY = 'sk-test-runner-key-0123456789abcdef';
const servers: FakeProvider[] = [];
const extraServers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(extraServers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function fake(behavior: Behavior, options: Parameters<typeof startFakeProvider>[0] = {}): Promise<FakeProvider> {
  const s = await startFakeProvider({ behavior, expectedKey: KEY, ...options });
  servers.push(s);
  return s;
}

function plan(base: string, options: { key?: string | null; model?: string; minContext?: number; keyRequired?: boolean; id?: string; insecureTls?: boolean } = {}): ProbePlan {
  const key = options.key === undefined ? KEY : options.key;
  return {
    target: {
      id: options.id ?? `provider:test-${Math.random().toString(36).slice(2)}`,
      kind: 'provider',
      label: 'Test Provider',
      providerId: 'test',
      ...(options.model !== undefined && { model: options.model }),
      baseUrl: base,
      keySource: key === null ? null : { kind: 'dotenv', location: 'TEST_API_KEY (.env line 1)', last4: key.slice(-4), viaExec: false },
      probeable: true,
      ...(options.minContext !== undefined && { minContext: options.minContext }),
    },
    providerLabel: 'Test Provider',
    modelsUrl: `${base}/models`,
    key: key === null ? null : { value: key, headers: { authorization: `Bearer ${key}` }, name: 'TEST_API_KEY' },
    headers: {},
    keyRequired: options.keyRequired ?? true,
    apiMode: 'chat_completions',
    insecureTls: options.insecureTls ?? false,
    contextFallback: { window: null, source: 'none' },
    baseUrl: base,
  };
}

async function classOf(behavior: Behavior, options: Parameters<typeof plan>[1] = {}): Promise<ProbeResult> {
  const s = await fake(behavior);
  return probeOne(plan(`${s.url}/v1`, options), { timeoutMs: 2000 });
}

describe('classification from real HTTP answers', () => {
  it.each<[Behavior, ProbeClass, boolean, RegExp]>([
    ['auth', 'ok', false, /key accepted/],
    ['401', 'auth_invalid', false, /refused TEST_API_KEY/],
    ['403', 'auth_invalid', false, /replace it on the Keys page/],
    ['402', 'quota_exhausted', false, /out of credits/],
    ['quota-429', 'quota_exhausted', false, /out of credits or quota/],
    ['404', 'wrong_base_url', false, /not the API endpoint/],
    ['html', 'wrong_base_url', false, /not the API endpoint/],
    ['429', 'rate_limited', true, /rate-limiting/],
    ['500', 'server_error', true, /server error/],
    ['503', 'server_error', true, /server error/],
    ['invalid-json', 'bad_response', false, /not a model list/],
    ['not-a-list', 'bad_response', false, /not a model list/],
  ])('%s → %s', async (behavior, cls, retryable, hint) => {
    const r = await classOf(behavior);
    expect(r.class).toBe(cls);
    expect(r.retryable).toBe(retryable);
    expect(r.hint).toMatch(hint);
    expect(r.latency.totalMs).toBeGreaterThanOrEqual(0);
    expect(r.latency.ttfbMs).not.toBeNull();
    expect(r.latency.ttfbMs!).toBeLessThanOrEqual(r.latency.totalMs + 1);
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('sends the key in the provider\'s header style and reads the model list', async () => {
    const s = await fake('auth');
    const r = await probeOne(plan(`${s.url}/v1`, { model: 'test-model-large', minContext: 64_000 }), { timeoutMs: 2000 });
    expect(r).toMatchObject({ class: 'ok', httpStatus: 200, modelCount: 3, modelFound: true, contextWindow: 200_000, contextSource: 'live', contextOk: true });
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.path).toBe('/v1/models');
    expect(presentedKey(s.requests[0]!.headers)).toBe(KEY);
  });

  it('model_not_found, and a context window under the minimum', async () => {
    expect((await classOf('auth', { model: 'no-such-model' })).class).toBe('model_not_found');
    const small = await classOf('auth', { model: 'test-model-small', minContext: 64_000 });
    expect(small).toMatchObject({ class: 'ok', contextWindow: 32_000, contextOk: false });
    // Vendor prefixes do not matter: `test-model-prefixed` is listed as `vendor/test-model-prefixed`.
    expect((await classOf('auth', { model: 'test-model-prefixed' })).modelFound).toBe(true);
  });

  it('auth_missing: no key saved (401 without one, or a public list while a key is required)', async () => {
    expect((await classOf('auth', { key: null })).class).toBe('auth_missing');
    const open = await classOf('open', { key: null });
    expect(open.class).toBe('auth_missing');
    expect(open.hint).toMatch(/No key is saved/);
    // A keyless local server is fine.
    expect((await classOf('open', { key: null, keyRequired: false })).class).toBe('ok');
  });

  it('unreachable: a name that does not resolve', async () => {
    const r = await probeOne(plan('http://switchboard-probe-test.invalid/v1'), { timeoutMs: 5000 });
    expect(r.class).toBe('unreachable');
    expect(r.detail).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(r.retryable).toBe(true);
  });

  it('unreachable: connection refused', async () => {
    const port = await closedPort();
    const r = await probeOne(plan(`http://127.0.0.1:${port}/v1`), { timeoutMs: 2000 });
    expect(r.class).toBe('unreachable');
    expect(r.detail).toMatch(/ECONNREFUSED/);
    expect(r.hint).toMatch(/Cannot connect to 127\.0\.0\.1/);
  });

  it('tls: a self-signed certificate is refused (and accepted with ssl_verify: false)', async () => {
    const s = await fake('auth', { tls: true });
    const r = await probeOne(plan(`${s.url}/v1`), { timeoutMs: 3000 });
    expect(r.class).toBe('tls');
    expect(r.retryable).toBe(false);
    expect(r.detail).toMatch(/SELF_SIGNED|DEPTH_ZERO|certificate/i);
    expect(s.requests).toHaveLength(0);
    expect((await probeOne(plan(`${s.url}/v1`, { insecureTls: true }), { timeoutMs: 3000 })).class).toBe('ok');
  });

  it('timeout: a server that never answers', async () => {
    const s = await fake('hang');
    const started = Date.now();
    const r = await probeOne(plan(`${s.url}/v1`), { timeoutMs: 400 });
    expect(r.class).toBe('timeout');
    expect(r.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a redirect to another host is followed without credentials', async () => {
    const other = await fake('auth', { host: '127.0.0.2' });
    const s = await fake('redirect', { redirectTo: `${other.url}/` });
    const r = await probeOne(plan(`${s.url}/v1`), { timeoutMs: 2000 });
    expect(presentedKey(s.requests[0]!.headers)).toBe(KEY);
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
    expect(presentedKey(other.requests[0]!.headers)).toBeNull();
    expect(r.class).toBe('wrong_base_url');
    expect(r.detail).toMatch(/redirected to another host \(127\.0\.0\.2:\d+, HTTP 401 there\)/);
    expect(r.hint).toMatch(/it redirects to http:\/\/127\.0\.0\.2/);
    expect(r.redirectedTo).toBe(`${other.url}/v1/models`);
  });

  it('a redirect on the same origin keeps the credentials', async () => {
    let hits = 0;
    const server = http.createServer((req, res) => {
      hits += 1;
      if (req.url === '/old/models') {
        res.writeHead(301, { location: '/v1/models' });
        return void res.end();
      }
      const ok = req.headers.authorization === `Bearer ${KEY}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { data: [{ id: 'm' }] } : { error: 'no key' }));
    });
    extraServers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/old`;
    const r = await probeOne(plan(base), { timeoutMs: 2000 });
    expect(r.class).toBe('ok');
    expect(hits).toBe(2);
  });

  it('the optional completion is sent only on request', async () => {
    const s = await fake('auth');
    await probeOne(plan(`${s.url}/v1`, { model: 'test-model-large' }), { timeoutMs: 2000 });
    expect(s.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models']);
    const r = await probeOne(plan(`${s.url}/v1`, { model: 'test-model-large' }), { timeoutMs: 2000, completion: true });
    expect(s.requests.map((q) => `${q.method} ${q.path}`).slice(1)).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
    expect(JSON.parse(s.requests[2]!.body)).toMatchObject({ model: 'test-model-large', max_tokens: 1 });
    expect(r.completion).toMatchObject({ class: 'ok' });
  });
});

describe('the runner', () => {
  it('never has more than `concurrency` probes in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = http.createServer((_req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data":[]}');
      }, 80);
    });
    extraServers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const results = await runProbes(Array.from({ length: 10 }, () => plan(base)), { concurrency: 3, timeoutMs: 3000 });
    expect(results).toHaveLength(10);
    expect(results.every((r) => r.class === 'ok')).toBe(true);
    expect(peak).toBe(3);
  });

  it('streams results in the order they land, the fast before the slow', async () => {
    const slow = await fake('auth', { delayMs: 400 });
    const fast = await fake('auth');
    const order: string[] = [];
    const times: number[] = [];
    const started = Date.now();
    await runProbes([plan(`${slow.url}/v1`, { id: 'slow' }), plan(`${fast.url}/v1`, { id: 'fast-1' }), plan(`${fast.url}/v1`, { id: 'fast-2' })], {
      concurrency: 3,
      timeoutMs: 3000,
      onResult: (r) => {
        order.push(r.targetId);
        times.push(Date.now() - started);
      },
    });
    expect(order[2]).toBe('slow');
    expect(order.slice(0, 2).sort()).toEqual(['fast-1', 'fast-2']);
    expect(times[0]!).toBeLessThan(300);
  });

  it('cancels: running and waiting probes end as cancelled, promptly', async () => {
    const s = await fake('hang');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    const results = await runProbes(Array.from({ length: 6 }, () => plan(`${s.url}/v1`)), { concurrency: 2, timeoutMs: 10_000, signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(results).toHaveLength(6);
    expect(results.every((r) => r.class === 'cancelled')).toBe(true);
  });

  it('bounds a run with one silent server by the per-probe timeout', async () => {
    const hang = await fake('hang');
    const ok = await fake('auth');
    const plans = [plan(`${hang.url}/v1`), ...Array.from({ length: 12 }, () => plan(`${ok.url}/v1`))];
    const started = Date.now();
    const results = await runProbes(plans, { concurrency: 4, timeoutMs: 500 });
    const elapsed = Date.now() - started;
    expect(results.filter((r) => r.class === 'timeout')).toHaveLength(1);
    expect(results.filter((r) => r.class === 'ok')).toHaveLength(12);
    expect(elapsed).toBeLessThan(500 * 1.1 + 200);
  });

  it('skips targets without an HTTP endpoint, with the reason as hint', async () => {
    const p = plan('http://127.0.0.1:1/v1');
    p.target.probeable = false;
    p.target.skipReason = 'Uses the AWS SDK; there is no key to probe over HTTP.';
    const r = await probeOne(p, { timeoutMs: 100 });
    expect(r).toMatchObject({ class: 'skipped', hint: 'Uses the AWS SDK; there is no key to probe over HTTP.' });
  });
});
