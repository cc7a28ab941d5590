/**
 * Benchmark: 40 providers and endpoints probed through the Core against local fake servers (answering
 * after 20–400 ms), one of which never answers — placed last, so it is the last to start.
 * Targets: total wall time within the per-probe timeout + 10 %, and the first result delivered (as a
 * `probe.result` event) before the slowest healthy probe finishes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../src/core/core';
import { createLogger } from '../src/core/log/logger';
import { DEFAULT_CONCURRENCY } from '../src/core/probes/runner';
import { startFakeProvider, type FakeProvider } from '../src/core/probes/test-support/fake-provider';
import { BUILTIN_PROVIDERS } from '../src/core/providers/registry';
import type { ProbeResult, ProbeTarget } from '../src/shared/domain/probes';

export interface ProbesBench {
  targets: number;
  concurrency: number;
  timeoutMs: number;
  wallMs: number;
  limitMs: number;
  withinLimit: boolean;
  firstResultMs: number;
  slowestHealthyMs: number;
  firstBeforeSlowestHealthy: boolean;
  classes: Record<string, number>;
}

const TARGETS = 40;

export async function run(timeoutMs = 10_000): Promise<ProbesBench> {
  const servers: FakeProvider[] = [];
  const env: Record<string, string> = {};
  let octet = 10;
  let n = 0;
  const latency = () => 20 + ((n++ * 97) % 380);
  // Built-in providers that can be probed over HTTP, each on its own fake host.
  const seen = new Set<string>();
  for (const p of BUILTIN_PROVIDERS) {
    if (!p.healthCheck || p.baseUrlEnvVar === undefined || p.keyEnvVars.length === 0 || seen.has(p.baseUrlEnvVar)) continue;
    seen.add(p.baseUrlEnvVar);
    const s = await startFakeProvider({ host: `127.0.0.${octet++}`, behavior: 'open', delayMs: latency() });
    servers.push(s);
    env[p.baseUrlEnvVar] = `${s.url}/v1`;
    env[p.keyEnvVars[0]!] = `bench-key-${p.id}-0000000000`;
  }
  // Custom endpoints fill up to 40; the last one never answers.
  const endpoints: string[] = [];
  const providerTargets = seen.size;
  for (let i = 0; providerTargets + endpoints.length < TARGETS; i++) {
    const last = providerTargets + endpoints.length === TARGETS - 1;
    const s = await startFakeProvider({ host: `127.0.0.${octet++}`, behavior: last ? 'hang' : 'open', delayMs: last ? 0 : latency() });
    servers.push(s);
    endpoints.push(`  bench-${String(i).padStart(2, '0')}:\n    base_url: ${s.url}/v1\n    key_env: BENCH_KEY_${i}\n`);
    env[`BENCH_KEY_${i}`] = `bench-endpoint-key-${i}-000000`;
  }
  const home = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-probes-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-data-'));
  writeFileSync(path.join(home, 'config.yaml'), `model:\n  provider: auto\nproviders:\n${endpoints.join('')}`);
  const core = await Core.create({ env, platform: process.platform, homedir: os.homedir(), dataDir, host: 'browser', version: 'bench', homeOverride: home, logger: createLogger({ write: () => undefined }) });
  try {
    const listed = await core.dispatch('probe.targets', {});
    if (!listed.ok) throw new Error(listed.error.message);
    const ids = (listed.data as { targets: ProbeTarget[] }).targets.filter((t) => t.kind !== 'slot' && t.probeable).map((t) => t.id);
    const arrivals: Array<{ at: number; result: ProbeResult }> = [];
    let started = 0;
    const off = core.onEvent((name, payload) => {
      if (name === 'probe.result') arrivals.push({ at: performance.now() - started, result: (payload as { result: ProbeResult }).result });
    });
    started = performance.now();
    const out = await core.dispatch('probe.run', { targets: ids, timeoutMs });
    const wallMs = performance.now() - started;
    off();
    if (!out.ok) throw new Error(out.error.message);
    const classes: Record<string, number> = {};
    for (const a of arrivals) classes[a.result.class] = (classes[a.result.class] ?? 0) + 1;
    const healthy = arrivals.filter((a) => a.result.class === 'ok');
    const firstResultMs = Math.min(...arrivals.map((a) => a.at));
    const slowestHealthyMs = Math.max(...healthy.map((a) => a.at));
    return {
      targets: ids.length,
      concurrency: DEFAULT_CONCURRENCY,
      timeoutMs,
      wallMs: Math.round(wallMs),
      limitMs: Math.round(timeoutMs * 1.1),
      withinLimit: wallMs <= timeoutMs * 1.1,
      firstResultMs: Math.round(firstResultMs),
      slowestHealthyMs: Math.round(slowestHealthyMs),
      firstBeforeSlowestHealthy: firstResultMs < slowestHealthyMs,
      classes,
    };
  } finally {
    await core.close();
    await Promise.all(servers.map((s) => s.close()));
    rmSync(home, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
