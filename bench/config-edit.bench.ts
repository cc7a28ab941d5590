/**
 * Benchmark: one edit of a 3,000-line config.yaml through the full transaction — re-read, hash
 * check, byte-preserving YAML edit with verification, backup (content + sidecar + rotation) and
 * atomic replace with fsync. Target: median under 30 ms.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackupStore } from '../src/core/backups/backup-store';
import { ConfigFile } from '../src/core/config/config-file';

export interface ConfigEditBench {
  lines: number;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
}

/** A realistic big config: the Hermes sample plus many MCP servers and provider model tables. */
export function bigConfig(targetLines = 3000): string {
  const sample = readFileSync(path.join(__dirname, '../test/fixtures/configs/hermes-sample.yaml'), 'utf8');
  const extra: string[] = ['# generated: many MCP servers and model tables', 'mcp_more:'];
  let i = 0;
  while (sample.split('\n').length + extra.length < targetLines) {
    extra.push(
      `  server_${i}:   # tool server ${i}`,
      '    command: npx',
      '    args:',
      `      - -y`,
      `      - '@example/mcp-server-${i}'`,
      `    env:`,
      `      LOG_LEVEL: info`,
      `    enabled: ${i % 3 !== 0}`,
      `    timeout: ${30 + (i % 7) * 10}`,
    );
    i++;
  }
  return sample + extra.join('\n') + '\n';
}

export async function run(runs = 60): Promise<ConfigEditBench> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-edit-'));
  try {
    const text = bigConfig();
    const configPath = path.join(home, 'config.yaml');
    writeFileSync(configPath, text);
    const config = new ConfigFile(configPath, { backups: new BackupStore(path.join(home, 'config-backups')) });
    let hash = (await config.read()).hash;
    const times: number[] = [];
    for (let i = 0; i < runs + 5; i++) {
      const provider = i % 2 === 0 ? 'nous' : 'openrouter';
      const t0 = performance.now();
      const result = await config.edit({
        baseHash: hash,
        reason: 'set-aux',
        watchPaths: [['auxiliary', 'vision']],
        build: (v) => {
          const aux = v.auxiliary as Record<string, Record<string, unknown>>;
          return { ...v, auxiliary: { ...aux, vision: { ...aux.vision, provider } } };
        },
      });
      const dt = performance.now() - t0;
      hash = result.hash;
      if (i >= 5) times.push(dt); // first runs warm up the JIT
    }
    await config.close();
    times.sort((a, b) => a - b);
    return {
      lines: text.split('\n').length,
      runs,
      medianMs: times[Math.floor(times.length / 2)]!,
      p95Ms: times[Math.floor(times.length * 0.95)]!,
      minMs: times[0]!,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && process.argv[1].endsWith('config-edit.bench.ts')) {
  void run().then((r) => console.log(`config edit (${r.lines} lines, ${r.runs} runs): median ${r.medianMs.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms, min ${r.minMs.toFixed(1)} ms (target < 30 ms median)`));
}
