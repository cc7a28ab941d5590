import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-home';
import { parseYamlText } from '../../src/core/config/yaml-parse';
import { editYaml } from '../../src/core/config/yaml-edit';
import { cleanStaleTemps } from '../../src/core/fs/atomic-write';

const tempDir = useTempDir('switchboard-crash-');
const SAMPLE = readFileSync(path.join(__dirname, '../fixtures/configs/hermes-sample.yaml'), 'utf8');
const WRITER_SOURCE = path.join(__dirname, 'crash-writer.ts');
const TOTAL_WRITES = 1000;
let writer = '';

beforeAll(() => {
  // One bundled file starts in a fraction of the time a TypeScript loader needs; the test runs
  // many short-lived writers.
  writer = path.join(tempDir(), 'crash-writer.cjs');
  buildSync({ entryPoints: [WRITER_SOURCE], bundle: true, platform: 'node', format: 'cjs', outfile: writer, logLevel: 'error' });
});

/** The exact text version `n` must have: the sample with `counter: n` (engine output is deterministic). */
function versionText(n: number): string {
  const parsed = parseYamlText(SAMPLE);
  if (!parsed.ok) throw new Error('sample does not parse');
  return n === 0 ? SAMPLE : editYaml(parsed.parsed, [{ op: 'set', path: ['counter'], value: n }]);
}

/** Runs the writer until it is killed at a random moment; resolves with the last committed version. */
function runRound(configPath: string, killAfterMs: number): Promise<{ committed: number; started: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, configPath, String(TOTAL_WRITES)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let committed = -1;
    let started = -1;
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const [word, num] = line.split(' ');
        if (word === 'ready') {
          started = Number(num);
          committed = started;
          setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        } else if (word === 'committed') committed = Number(num);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`writer failed (${code}): ${stderr}`));
      else resolve({ committed, started });
    });
  });
}

describe('crash safety', () => {
  it(`a writer SIGKILLed at random points during ${TOTAL_WRITES} writes never leaves a torn or empty config.yaml`, async () => {
    const home = tempDir();
    const configPath = path.join(home, 'config.yaml');
    writeFileSync(configPath, SAMPLE);
    let written = 0;
    let rounds = 0;
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    while (written < TOTAL_WRITES) {
      const { committed, started } = await runRound(configPath, 2 + Math.floor(random() * 600));
      rounds++;
      const text = readFileSync(configPath, 'utf8');
      expect(text.length).toBeGreaterThan(0);
      const parsed = parseYamlText(text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const onDisk = Number((parsed.parsed.value as { counter?: number }).counter ?? 0);
      // The kill may land after the rename but before "committed" was printed: old or new only.
      expect([committed, committed + 1]).toContain(onDisk);
      expect(text).toBe(versionText(onDisk));
      written += Math.max(0, onDisk - started);
    }
    expect(rounds).toBeGreaterThan(3);
    // Temp files a kill left behind are recognised and cleaned (nothing else is touched).
    const before = readdirSync(home);
    await cleanStaleTemps(home, 0);
    const after = readdirSync(home);
    expect(after.filter((n) => n.startsWith('.switchboard-tmp-'))).toEqual([]);
    expect(after).toContain('config.yaml');
    expect(before.filter((n) => !n.startsWith('.switchboard-tmp-')).sort()).toEqual(after.sort());
  }, 600_000);
});
