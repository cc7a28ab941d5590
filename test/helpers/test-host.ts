import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { Core, type CoreOptions } from '../../src/core/core';
import { createLogger } from '../../src/core/log/logger';
import { startServer, type RunningServer } from '../../src/server/http-server';
import { useTempDir } from './temp-home';

export const SAMPLE_CONFIG = path.join(__dirname, '../fixtures/configs/hermes-sample.yaml');

export interface TestHost {
  core: Core;
  server: RunningServer;
  home: string;
  token: string;
  /** Calls the browser host with the session token (pass `token: null` to leave it out). */
  api(method: string, pathname: string, body?: unknown, token?: string | null): Promise<{ status: number; text: string; json: Record<string, unknown> }>;
}

export interface TestHostOptions {
  /** config.yaml text; default: the Hermes sample fixture. `null`: no config file. */
  config?: string | null;
  /** Extra files in the home, by relative path. */
  files?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** Other Core options (e.g. `usageWorker`). */
  core?: Partial<CoreOptions>;
}

/**
 * A real Core behind the real browser-host server, on a free loopback port, editing a temp home.
 * Everything is torn down after each test.
 */
export function useTestHost(prefix = 'sb-host-', token = 'test-host-token-0123456789'): (options?: TestHostOptions) => Promise<TestHost> {
  const tempDir = useTempDir(prefix);
  const running: { server: RunningServer; core: Core }[] = [];
  afterEach(async () => {
    for (const r of running.splice(0)) {
      await r.server.close();
      await r.core.close();
    }
  });
  return async (options = {}) => {
    const home = tempDir();
    if (options.config === undefined) copyFileSync(SAMPLE_CONFIG, path.join(home, 'config.yaml'));
    else if (options.config !== null) writeFileSync(path.join(home, 'config.yaml'), options.config);
    for (const [rel, text] of Object.entries(options.files ?? {})) writeFileSync(path.join(home, rel), text);
    const rendererDir = tempDir();
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    const quiet = createLogger({ write: () => undefined });
    const core = await Core.create({
      env: options.env ?? {},
      platform: 'linux',
      homedir: tempDir(),
      dataDir: tempDir(),
      host: 'browser',
      version: 't',
      homeOverride: home,
      logger: quiet,
      ...options.core,
    });
    const server = await startServer({ core, token, rendererDir, port: 0, logger: quiet });
    running.push({ server, core });
    const api: TestHost['api'] = async (method, pathname, body, withToken = token) => {
      const res = await fetch(new URL(pathname, server.url), {
        method,
        headers: { ...(withToken !== null && { 'X-Hermes-Session-Token': withToken }), 'Content-Type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const json = ((): Record<string, unknown> => {
        try {
          return JSON.parse(text) as Record<string, unknown>;
        } catch {
          return {};
        }
      })();
      return { status: res.status, text, json };
    };
    return { core, server, home, token, api };
  };
}
