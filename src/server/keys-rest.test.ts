/**
 * The keys and probe REST routes of the browser host: GET/PUT/DELETE /api/keys and POST /api/probe,
 * plus probe results streaming over /api/events while the POST is still running.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestHost } from '../../test/helpers/test-host';
import { startFakeProvider, type FakeProvider } from '../core/probes/test-support/fake-provider';
import type { KeysList } from '../shared/domain/keys';

const host = useTestHost('sb-keys-rest-');
const fakes: FakeProvider[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

function start(env: Record<string, string> = {}, config = 'model:\n  provider: deepseek\n  default: deepseek-chat\n') {
  return host({ env, config });
}

const KEY = 'sk-ds-rest-route-test-value-7777';

describe('REST: /api/keys', () => {
  it('GET lists status, PUT stores, DELETE removes — values never in a response', async () => {
    const t = await start();
    expect((await t.api('GET', '/api/keys')).status).toBe(200);
    const put = await t.api('PUT', '/api/keys', { name: 'DEEPSEEK_API_KEY', value: KEY, store: 'both' });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ row: { name: 'DEEPSEEK_API_KEY', delivery: 'env', effective: { kind: 'dotenv', last4: '7777' } } });
    expect(put.text).not.toContain(KEY);
    expect(readFileSync(path.join(t.home, '.env'), 'utf8')).toBe(`DEEPSEEK_API_KEY=${KEY}\n`);
    const list = await t.api('GET', '/api/keys');
    expect(list.text).not.toContain(KEY);
    const row = (list.json as unknown as KeysList).groups.flatMap((g) => g.rows).find((r) => r.name === 'DEEPSEEK_API_KEY');
    expect(row?.sources.map((s) => s.kind)).toEqual(['dotenv', 'keychain']);
    const del = await t.api('DELETE', '/api/keys', { name: 'DEEPSEEK_API_KEY', store: 'both' });
    expect(del.status).toBe(200);
    expect(del.json).toMatchObject({ row: { effective: null, sources: [] } });
    expect(readFileSync(path.join(t.home, '.env'), 'utf8')).toBe('');
  });

  it('answers errors with Hermes-style {detail, code} and HTTP statuses', async () => {
    const t = await start();
    const bad = await t.api('PUT', '/api/keys', { name: 'LD_PRELOAD', value: KEY, store: 'env' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'ENV_INVALID_KEY' });
    expect(bad.text).not.toContain(KEY);
    const missing = await t.api('DELETE', '/api/keys', { name: 'DEEPSEEK_API_KEY', store: 'keychain' });
    expect(missing.status).toBe(404);
  });
});

describe('REST: /api/probe', () => {
  it('returns every result, and streams each over /api/events while the run is going', async () => {
    const fast = await startFakeProvider({ behavior: 'auth', expectedKey: KEY });
    const slow = await startFakeProvider({ host: '127.0.0.3', behavior: 'auth', delayMs: 600 });
    fakes.push(fast, slow);
    const t = await start(
      { DEEPSEEK_BASE_URL: `${fast.url}/v1`, DEEPSEEK_API_KEY: KEY, GLM_BASE_URL: `${slow.url}/api/paas/v4`, GLM_API_KEY: 'glm-rest-route-test-value-8888' },
      'model:\n  provider: deepseek\n  default: test-model-large\n',
    );
    const events = new AbortController();
    const seen: Array<{ at: number; targetId: string }> = [];
    const started = Date.now();
    const stream = fetch(new URL('/api/events', t.server.url), { headers: { 'X-Hermes-Session-Token': t.token }, signal: events.signal }).then(async (res) => {
      const reader = res.body!.getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buf += new TextDecoder().decode(value);
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const msg = JSON.parse(data.slice(6)) as { name: string; payload: { result: { targetId: string } } };
          if (msg.name === 'probe.result') seen.push({ at: Date.now() - started, targetId: msg.payload.result.targetId });
        }
      }
    });
    await new Promise((r) => setTimeout(r, 100));
    const res = await t.api('POST', '/api/probe', { targets: ['provider:deepseek', 'provider:zai', 'slot:main'], timeoutMs: 5000 });
    const returnedAt = Date.now() - started;
    expect(res.status).toBe(200);
    const body = res.json as { results: Array<{ targetId: string; class: string }>; cancelled: boolean };
    expect(body.cancelled).toBe(false);
    expect(Object.fromEntries(body.results.map((r) => [r.targetId, r.class]))).toEqual({ 'provider:deepseek': 'ok', 'slot:main': 'ok', 'provider:zai': 'ok' });
    expect(res.text).not.toContain(KEY);
    await new Promise((r) => setTimeout(r, 100));
    events.abort();
    await stream.catch(() => undefined);
    expect(seen.map((s) => s.targetId).sort()).toEqual(['provider:deepseek', 'provider:zai', 'slot:main']);
    // The fast results were pushed before the slow one finished (and before the POST returned).
    const firstFast = seen.find((s) => s.targetId !== 'provider:zai')!;
    expect(firstFast.at).toBeLessThan(returnedAt - 300);
    expect(seen[seen.length - 1]!.targetId).toBe('provider:zai');
  });

  it('rejects unknown targets', async () => {
    const t = await start();
    const res = await t.api('POST', '/api/probe', { targets: ['provider:nope'] });
    expect(res.status).toBe(404);
  });
});
