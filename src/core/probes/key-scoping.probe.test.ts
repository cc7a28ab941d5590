/**
 * Key scoping across every provider, end to end through the Core: every provider's base URL points at
 * its own fake host (a distinct 127.0.0.x address), every key variable holds a distinct value, and
 * after a full probe run each host must have received only keys of its own provider — and a redirect
 * to another host must arrive there without any credential.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import type { ProbeResult, ProbeTarget } from '../../shared/domain/probes';
import { Core } from '../core';
import { createLogger } from '../log/logger';
import { BUILTIN_PROVIDERS } from '../providers/registry';
import { presentedKey, startFakeProvider, type FakeProvider } from './test-support/fake-provider';

const tempDir = useTempDir('sb-scoping-');

interface Host {
  server: FakeProvider;
  /** Providers whose configured URL is this host. */
  owners: string[];
}

const hosts = new Map<string, Host>();
const keyValues = new Map<string, string>();
let collector: FakeProvider;
let fireworks: FakeProvider;
let kimiCn: FakeProvider;
let endpointHost: FakeProvider;
let results: ProbeResult[] = [];
let targets: ProbeTarget[] = [];
const logLines: string[] = [];

function valueFor(name: string): string {
  let v = keyValues.get(name);
  if (!v) keyValues.set(name, (v = `key-${name.toLowerCase().replace(/_/g, '-')}-${Math.random().toString(36).slice(2, 10)}`));
  return v;
}

beforeAll(async () => {
  const env: Record<string, string> = {};
  let octet = 10;
  collector = await startFakeProvider({ host: '127.0.0.250', behavior: 'open' });
  for (const p of BUILTIN_PROVIDERS) {
    for (const name of p.keyEnvVars) env[name] = valueFor(name);
    if (p.baseUrlEnvVar === undefined) continue;
    let host = hosts.get(p.baseUrlEnvVar);
    if (!host) {
      const behavior = p.id === 'deepseek' ? 'redirect' : 'open';
      const server = await startFakeProvider({ host: `127.0.0.${octet++}`, behavior, redirectTo: `${collector.url}/` });
      host = { server, owners: [] };
      hosts.set(p.baseUrlEnvVar, host);
      const suffix = p.defaultBaseUrl === null ? '/v1' : new URL(p.defaultBaseUrl.startsWith('http') ? p.defaultBaseUrl : 'http://x/v1').pathname;
      env[p.baseUrlEnvVar] = `${server.url}${suffix === '/' ? '' : suffix}`;
    }
    host.owners.push(p.id);
  }
  fireworks = await startFakeProvider({ host: `127.0.0.${octet++}`, behavior: 'open' });
  kimiCn = await startFakeProvider({ host: `127.0.0.${octet++}`, behavior: 'open' });
  endpointHost = await startFakeProvider({ host: `127.0.0.${octet}`, behavior: 'open' });
  env.SCOPED_ENDPOINT_KEY = valueFor('SCOPED_ENDPOINT_KEY');

  const home = tempDir();
  writeFileSync(
    path.join(home, 'config.yaml'),
    `model:
  provider: fireworks
  default: accounts/fireworks/models/kimi-k3
  base_url: ${fireworks.url}/inference/v1
fallback_providers:
  - provider: kimi-coding-cn
    model: kimi-k3
    base_url: ${kimiCn.url}/v1
providers:
  scoped-endpoint:
    name: Scoped Endpoint
    base_url: ${endpointHost.url}/v1
    key_env: SCOPED_ENDPOINT_KEY
    model: test-model-large
`,
  );
  const core = await Core.create({ env, platform: 'linux', homedir: tempDir(), dataDir: tempDir(), host: 'browser', version: 't', homeOverride: home, logger: createLogger({ level: 'debug', write: (l) => logLines.push(l) }) });
  const t = await core.dispatch('probe.targets', {});
  if (!t.ok) throw new Error(t.error.message);
  // Fireworks and Kimi (China) have no base-URL variable: their provider probes would go to the real
  // hosts, so they are covered through the slots above (whose base_url is their fake host).
  targets = (t.data as { targets: ProbeTarget[] }).targets.filter((x) => x.id !== 'provider:fireworks' && x.id !== 'provider:kimi-coding-cn');
  const run = await core.dispatch('probe.run', { targets: targets.map((x) => x.id), timeoutMs: 3000, concurrency: 16 });
  if (!run.ok) throw new Error(run.error.message);
  results = (run.data as { results: ProbeResult[] }).results;
  await core.close();
}, 60_000);

afterAll(async () => {
  await Promise.all([...hosts.values()].map((h) => h.server.close()));
  await Promise.all([collector, fireworks, kimiCn, endpointHost].map((s) => s.close()));
});

function allowedValues(providerIds: string[]): Set<string> {
  const out = new Set<string>();
  for (const id of providerIds) for (const name of BUILTIN_PROVIDERS.find((p) => p.id === id)?.keyEnvVars ?? []) out.add(valueFor(name));
  return out;
}

describe('key scoping across every provider', () => {
  it('probes every provider that is set up, the endpoint and the slots', () => {
    const ids = results.map((r) => r.targetId);
    for (const p of BUILTIN_PROVIDERS) {
      if (p.keyEnvVars.length === 0 || p.id === 'fireworks' || p.id === 'kimi-coding-cn') continue;
      expect(ids, p.id).toContain(`provider:${p.id}`);
    }
    expect(ids).toContain('slot:main');
    expect(ids).toContain('slot:fallback:0');
    expect(ids).toContain('endpoint:scoped-endpoint');
    expect(results.length).toBe(targets.length);
  });

  it('each host received only its own provider\'s keys, and every probeable provider its own', () => {
    const owned = new Map<string, string[]>();
    for (const [, host] of hosts) {
      const allowed = allowedValues(host.owners);
      for (const req of host.server.requests) {
        const key = presentedKey(req.headers);
        if (key !== null) expect(allowed.has(key), `${host.owners.join('/')} got a foreign key`).toBe(true);
        if (key !== null) owned.set(host.owners.join('/'), [...(owned.get(host.owners.join('/')) ?? []), key]);
      }
    }
    const probed = results.filter((r) => r.kind === 'provider' && r.class !== 'skipped').map((r) => r.providerId);
    expect(probed.length).toBeGreaterThan(20);
    for (const id of probed) {
      const host = [...hosts.values()].find((h) => h.owners.includes(id));
      expect(host, id).toBeDefined();
      const got = host!.server.requests.map((r) => presentedKey(r.headers)).filter((k): k is string => k !== null);
      expect(got.length, `${id} received no key`).toBeGreaterThan(0);
    }
    // OpenRouter gets its own key first, never OPENAI_API_KEY while OPENROUTER_API_KEY is set.
    const or = hosts.get('OPENROUTER_BASE_URL')!;
    expect(or.server.requests.map((r) => presentedKey(r.headers))).toContain(valueFor('OPENROUTER_API_KEY'));
    expect(or.server.requests.map((r) => presentedKey(r.headers))).not.toContain(valueFor('OPENAI_API_KEY'));
  });

  it('uses each provider\'s auth header style', () => {
    const anthropic = hosts.get('ANTHROPIC_BASE_URL')!.server.requests[0]!;
    expect(anthropic.headers['x-api-key']).toBe(valueFor('ANTHROPIC_API_KEY'));
    expect(anthropic.headers['anthropic-version']).toBe('2023-06-01');
    expect(anthropic.headers.authorization).toBeUndefined();
    expect(anthropic.path).toBe('/v1/models');
    const gemini = hosts.get('GEMINI_BASE_URL')!.server.requests[0]!;
    expect(gemini.headers['x-goog-api-key']).toBe(valueFor('GOOGLE_API_KEY'));
    expect(gemini.path).toBe('/v1beta/models');
    // MiniMax's /anthropic base is probed on the OpenAI-compatible /v1 (as hermes doctor does).
    expect(hosts.get('MINIMAX_BASE_URL')!.server.requests[0]!.path).toBe('/v1/models');
    // OpenRouter's public model list is preceded by /key, which checks the key.
    expect(hosts.get('OPENROUTER_BASE_URL')!.server.requests.map((r) => r.path)).toEqual(['/api/v1/key', '/api/v1/models']);
  });

  it('providers that cannot be probed with a plain GET are skipped and receive nothing', () => {
    for (const id of ['copilot', 'nous', 'qwen-oauth', 'minimax-cn', 'opencode-go']) {
      expect(results.find((r) => r.targetId === `provider:${id}`)?.class, id).toBe('skipped');
      const host = [...hosts.values()].find((h) => h.owners.includes(id))!;
      if (host.owners.every((o) => ['copilot', 'nous', 'qwen-oauth', 'minimax-cn', 'opencode-go', 'copilot-acp'].includes(o))) expect(host.server.requests, id).toHaveLength(0);
    }
  });

  it('slots and endpoints send only their own keys to their own hosts', () => {
    expect(fireworks.requests.map((r) => presentedKey(r.headers))).toEqual([valueFor('FIREWORKS_API_KEY')]);
    expect(fireworks.requests[0]!.path).toBe('/inference/v1/models');
    expect(kimiCn.requests.map((r) => presentedKey(r.headers))).toEqual([valueFor('KIMI_CN_API_KEY')]);
    expect(endpointHost.requests.map((r) => presentedKey(r.headers))).toEqual([valueFor('SCOPED_ENDPOINT_KEY')]);
    expect(results.find((r) => r.targetId === 'endpoint:scoped-endpoint')).toMatchObject({ class: 'ok', modelFound: true });
  });

  it('a redirect to another host arrives there without credentials', () => {
    const ds = hosts.get('DEEPSEEK_BASE_URL')!.server;
    expect(ds.requests.map((r) => presentedKey(r.headers))).toEqual([valueFor('DEEPSEEK_API_KEY')]);
    expect(collector.requests.length).toBeGreaterThan(0);
    for (const req of collector.requests) {
      expect(presentedKey(req.headers)).toBeNull();
      expect(JSON.stringify(req.headers)).not.toMatch(/key-/);
    }
    const r = results.find((x) => x.targetId === 'provider:deepseek')!;
    expect(r.redirectedTo).toContain('127.0.0.250');
    expect(r.class).toBe('wrong_base_url');
  });

  it('no key value appears in any result or log line', () => {
    const text = JSON.stringify(results) + logLines.join('\n');
    for (const v of keyValues.values()) expect(text).not.toContain(v);
  });
});
