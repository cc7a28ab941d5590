import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-home';
import { AppError } from '../../src/core/app-error';
import { BackupStore } from '../../src/core/backups/backup-store';
import { ConfigFile } from '../../src/core/config/config-file';
import { parseYamlText } from '../../src/core/config/yaml-parse';

const tempDir = useTempDir('switchboard-race-');
const SAMPLE = readFileSync(path.join(__dirname, '../fixtures/configs/hermes-sample.yaml'), 'utf8');
const EXTERNAL_LINES = 300;
const EDITS = 200;

describe('race with an outside writer', () => {
  it(`an outside writer appending comments while the app applies ${EDITS} edits loses nothing`, async () => {
    const home = tempDir();
    const configPath = path.join(home, 'config.yaml');
    writeFileSync(configPath, SAMPLE);
    const config = new ConfigFile(configPath, { backups: new BackupStore(path.join(home, 'config-backups')) });

    const appender = spawn(process.execPath, [path.join(__dirname, 'appender.mjs'), configPath, String(EXTERNAL_LINES), '30'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const appenderDone = new Promise<void>((resolve) => appender.on('exit', () => resolve()));

    let baseHash = (await config.read()).hash;
    let merged = 0;
    let conflicts = 0;
    let applied = 0;
    let lastApplied = 0;
    for (let i = 1; i <= EDITS; i++) {
      try {
        const result = await config.edit({
          baseHash,
          reason: 'set-aux',
          watchPaths: [['auxiliary', 'vision', 'timeout']],
          build: (v) => {
            const aux = (v.auxiliary ?? {}) as Record<string, Record<string, unknown>>;
            return { ...v, auxiliary: { ...aux, vision: { ...aux.vision, timeout: 1000 + i } } };
          },
        });
        applied++;
        lastApplied = i;
        if (result.merged) merged++;
        baseHash = result.hash;
      } catch (err) {
        // A conflict is an allowed answer (nothing written); anything else is a failure.
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe('CONFIG_CONFLICT');
        conflicts++;
        baseHash = (await config.read()).hash;
      }
    }
    await appenderDone;
    await config.close();

    const text = readFileSync(configPath, 'utf8');
    for (let n = 1; n <= EXTERNAL_LINES; n++) {
      const occurrences = text.split(`# external line ${n}\n`).length - 1;
      expect(occurrences, `external line ${n}`).toBe(1);
    }
    const parsed = parseYamlText(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      const timeout = (parsed.parsed.value as { auxiliary: { vision: { timeout: number } } }).auxiliary.vision.timeout;
      expect(timeout).toBe(1000 + lastApplied);
    }
    expect(applied + conflicts).toBe(EDITS);
    // Conflicts are allowed answers (nothing written, the user retries); they must stay rare.
    expect(conflicts).toBeLessThan(EDITS / 4);
    // The outside writer really interleaved with the edits.
    expect(merged).toBeGreaterThan(0);
  }, 120_000);
});
