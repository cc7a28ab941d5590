import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';

export interface Host {
  url: string;
  token: string;
  home: string;
  dataDir: string;
  /** Calls the REST/RPC API with the session token. */
  api(method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** The Hermes home to edit (passed as --home); omit for a fresh, empty HERMES_HOME. */
  home?: string;
  demo?: boolean;
  env?: Record<string, string>;
}

const CLI = path.join(__dirname, '..', 'out', 'main', 'cli.js');

/** Starts `hermes-switchboard serve` on a free port and waits for the URL it prints. */
export async function startHost(options: HostOptions = {}): Promise<Host> {
  const token = randomBytes(24).toString('base64url');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-e2e-data-'));
  const emptyHome = options.home ? null : mkdtempSync(path.join(os.tmpdir(), 'sb-e2e-nohome-'));
  const args = [CLI, 'serve', '--port', '0'];
  if (options.home) args.push('--home', options.home);
  if (options.demo) args.push('--demo');
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...process.env,
      HERMES_SWITCHBOARD_TOKEN: token,
      HERMES_SWITCHBOARD_DATA_DIR: dataDir,
      HERMES_HOME: emptyHome ? path.join(emptyHome, 'hermes') : '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${out}`));
    });
  });
  return {
    url,
    token,
    home: options.home ?? path.join(emptyHome!, 'hermes'),
    dataDir,
    async api(method, urlPath, body) {
      const res = await fetch(new URL(urlPath, url), {
        method,
        headers: { 'X-Hermes-Session-Token': token, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json().catch(() => null) };
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
      rmSync(dataDir, { recursive: true, force: true });
      if (emptyHome) rmSync(emptyHome, { recursive: true, force: true });
    },
  };
}

export function tempHome(prefix = 'sb-e2e-home-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const test = base.extend<{ hosts: (options?: HostOptions) => Promise<Host> }>({
  // eslint-disable-next-line no-empty-pattern
  hosts: async ({}, use) => {
    const started: Host[] = [];
    await use(async (options) => {
      const host = await startHost(options);
      started.push(host);
      return host;
    });
    for (const h of started) await h.stop();
  },
});

export { expect };
