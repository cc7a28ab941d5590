import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers/temp-home';
import { Core } from '../core/core';
import { createLogger } from '../core/log/logger';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { startServer, type RunningServer } from './http-server';

const tempDir = useTempDir('sb-server-');
const SAMPLE = path.join(__dirname, '../../test/fixtures/configs/hermes-sample.yaml');
const TOKEN = 'test-token-0123456789';
const quiet = createLogger({ write: () => undefined });
const running: { server: RunningServer; core: Core }[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.server.close();
    await r.core.close();
  }
});

async function start(options: { host?: string; insecureBind?: boolean } = {}) {
  const home = tempDir();
  copyFileSync(SAMPLE, path.join(home, 'config.yaml'));
  const rendererDir = tempDir();
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const core = await Core.create({ env: {}, platform: 'linux', homedir: home, dataDir: tempDir(), host: 'browser', version: 't', homeOverride: home, logger: quiet });
  const server = await startServer({ core, token: TOKEN, rendererDir, host: options.host, insecureBind: options.insecureBind, port: 0, logger: quiet });
  running.push({ server, core });
  return { server, core, home };
}

async function call(server: RunningServer, pathname: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetch(new URL(pathname, server.url), init);
}

describe('browser host security', () => {
  it('requires the session token on every /api/ route, compared exactly', async () => {
    const { server } = await start();
    expect((await call(server, '/api/rpc/config.read', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await call(server, '/api/rpc/config.read', { method: 'POST', body: '{}', headers: { 'X-Hermes-Session-Token': TOKEN.slice(0, -1) + 'X' } })).status).toBe(401);
    expect((await call(server, '/api/rpc/config.read', { method: 'POST', body: '{}', headers: { 'X-Hermes-Session-Token': TOKEN + 'extra' } })).status).toBe(401);
    expect((await call(server, '/api/events', { headers: {} })).status).toBe(401);
    expect((await call(server, '/api/backups/restore', { method: 'POST', body: '{}' })).status).toBe(401);
    const ok = await call(server, '/api/rpc/config.read', { method: 'POST', body: '{}', headers: { 'X-Hermes-Session-Token': TOKEN } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { ok: boolean; data: { main: { provider: string } } };
    expect(body.ok).toBe(true);
    expect(body.data.main.provider).toBe('openrouter');
    // The legacy bearer form Hermes also accepts.
    expect((await call(server, '/api/rpc/config.read', { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('answers 403 to a Host header that is not our loopback origin (DNS rebinding)', async () => {
    const { server } = await start();
    const port = server.port;
    const { request } = await import('node:http');
    const status = (host: string) =>
      new Promise<number>((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: '/', headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.end();
      });
    expect(await status(`evil.example:${port}`)).toBe(403);
    expect(await status(`127.0.0.1:${port + 1}`)).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(200);
    expect(await status(`127.0.0.1:${port}`)).toBe(200);
  });

  it('sends no CORS headers and refuses preflights', async () => {
    const { server } = await start();
    const pre = await call(server, '/api/rpc/config.read', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.status).toBe(405);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const res = await call(server, '/api/rpc/config.read', { method: 'POST', body: '{}', headers: { 'X-Hermes-Session-Token': TOKEN, Origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a non-loopback bind unless --insecure-bind is given', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(/not a loopback address/);
    const { server } = await start({ host: '0.0.0.0', insecureBind: true });
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves the page with the token injected and the CSP header, and nothing outside the renderer folder', async () => {
    const { server } = await start();
    const page = await call(server, '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain(`<meta name="hermes-session-token" content="${TOKEN}">`);
    expect((await call(server, '/assets/app.js')).status).toBe(200);
    for (const evil of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/%00index.html']) {
      const res = await call(server, evil);
      expect([404, 400]).toContain(res.status);
      expect(await res.text()).not.toContain('hermes-switchboard');
    }
  });

  it('maps errors to HTTP status codes and REST routes answer with Hermes-style {detail}', async () => {
    const { server } = await start();
    const headers = { 'X-Hermes-Session-Token': TOKEN, 'Content-Type': 'application/json' };
    const missing = await call(server, '/api/backups/restore', { method: 'POST', headers, body: JSON.stringify({ id: '20260101T000000.000Z-config-set-main' }) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'BACKUP_NOT_FOUND', detail: expect.any(String) });
    const bad = await call(server, '/api/rpc/home.selectProfile', { method: 'POST', headers, body: '{"profile": 5}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const notJson = await call(server, '/api/rpc/config.read', { method: 'POST', headers, body: '{not json' });
    expect(notJson.status).toBe(400);
    const unknown = await call(server, '/api/rpc/nope.nothing', { method: 'POST', headers, body: '{}' });
    expect(unknown.status).toBe(404);
  });

  it('streams core events to authenticated clients', async () => {
    const { server, home } = await start();
    const ctrl = new AbortController();
    const res = await call(server, '/api/events', { headers: { 'X-Hermes-Session-Token': TOKEN }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 5000;
    writeFileSync(path.join(home, 'config.yaml'), 'model:\n  default: changed\n');
    while (!text.includes('config.changed') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    ctrl.abort();
    expect(text).toContain('"name":"config.changed"');
    expect(text).toContain('"source":"external"');
  });
});
