import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-home';
import { Core } from '../../src/core/core';
import { createLogger } from '../../src/core/log/logger';
import { CHANNEL_NAMES, channels, events, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../src/shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import { restRoutes } from '../../src/server/http-server';

const tempDir = useTempDir('sb-contract-');

describe('the contract', () => {
  it('names every channel namespace.method and gives each a request and response schema', () => {
    expect(CHANNEL_NAMES.length).toBeGreaterThan(5);
    for (const name of CHANNEL_NAMES) {
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
      expect(typeof channels[name].request.safeParse).toBe('function');
      expect(typeof channels[name].response.safeParse).toBe('function');
    }
  });

  it('has a handler for every channel, and nothing else', async () => {
    const core = await Core.create({ env: {}, platform: 'linux', homedir: tempDir(), dataDir: tempDir(), host: 'browser', version: 't', homeOverride: tempDir(), logger: createLogger({ write: () => undefined }) });
    const handlers = (core as unknown as { handlers: Record<string, unknown> }).handlers;
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
    await core.close();
  });

  it('declares each REST route once', () => {
    const keys = restRoutes().map((r) => `${r.method} ${r.pattern.source}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('rejects bad input with INVALID_INPUT before any handler runs', async () => {
    const core = await Core.create({ env: {}, platform: 'linux', homedir: tempDir(), dataDir: tempDir(), host: 'browser', version: 't', homeOverride: tempDir(), logger: createLogger({ write: () => undefined }) });
    const r = await core.dispatch('home.selectProfile', { profile: 42 });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await core.dispatch('no.such', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await core.close();
  });

  it('keeps the CSP meta tag in index.html equal to the header both hosts send', () => {
    const html = readFileSync(path.join(__dirname, '../../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('the preload bridge', () => {
  /** Bundles the real preload with a recording stand-in for the `electron` module and runs it. */
  function loadPreload() {
    const out = path.join(tempDir(), 'preload.cjs');
    buildSync({
      entryPoints: [path.join(__dirname, '../../src/preload/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: out,
      external: ['electron'],
      logLevel: 'error',
    });
    const exposed: Record<string, unknown> = {};
    const invoked: { channel: string; args: unknown[] }[] = [];
    const listeners: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: (channel: string, ...args: unknown[]) => {
          invoked.push({ channel, args });
          return Promise.resolve({ ok: true, data: null });
        },
        on: (channel: string) => listeners.push(channel),
        removeListener: () => undefined,
      },
    };
    const module = { exports: {} };
    const sandbox = { module, exports: module.exports, require: (id: string) => (id === 'electron' ? electron : undefined) };
    vm.runInNewContext(readFileSync(out, 'utf8'), sandbox);
    return { exposed, invoked, listeners };
  }

  it('exposes exactly the contract channels as window.switchboard, plus events.on', async () => {
    const { exposed, invoked, listeners } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['switchboard']);
    const bridge = exposed.switchboard as Record<string, Record<string, (r?: unknown) => Promise<unknown>>>;
    const functions: string[] = [];
    for (const [ns, methods] of Object.entries(bridge)) {
      for (const [method, fn] of Object.entries(methods)) {
        expect(typeof fn).toBe('function');
        functions.push(ns === 'events' ? `events:${method}` : `${ns}.${method}`);
      }
    }
    expect(functions.sort()).toEqual([...CHANNEL_NAMES, 'events:on'].sort());
    await bridge.config!.read!();
    expect(invoked).toEqual([{ channel: `${IPC_PREFIX}config.read`, args: [{}] }]);
    // Unknown event names get no listener at all.
    (bridge.events!.on as unknown as (n: string, l: () => void) => void)('not.an.event', () => undefined);
    expect(listeners).toEqual([]);
    (bridge.events!.on as unknown as (n: string, l: () => void) => void)(Object.keys(events)[0]!, () => undefined);
    expect(listeners).toEqual([IPC_EVENT_CHANNEL]);
  });

  it('never exposes process, the environment or a raw ipcRenderer', () => {
    const source = readFileSync(path.join(__dirname, '../../src/preload/index.ts'), 'utf8');
    expect(source).not.toMatch(/process\.env|electronAPI|exposeInMainWorld\(\s*['"]ipcRenderer/);
    const { exposed } = loadPreload();
    const text = JSON.stringify(Object.keys((exposed.switchboard ?? {}) as object));
    expect(text).not.toMatch(/process|env|ipcRenderer|send|invoke/);
  });
});
