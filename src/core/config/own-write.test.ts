import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { BackupStore } from '../backups/backup-store';
import { sha256 } from '../fs/hash';
import { ConfigFile } from './config-file';

const tempDir = useTempDir('sb-own-write-');

/**
 * The file watcher sees our own atomic rename before the write has finished (backup sidecar,
 * lingering check). ConfigFile marks the new version as its own from before the rename until
 * onWritten, so the session does not record it as an outside change.
 */
describe('own writes are recognisable while they finish', () => {
  it('isOwnWrite is true for the new version through onWritten, and false before and after', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, 'model:\n  default: a\n  provider: nous\n');
    const seen: boolean[] = [];
    let config: ConfigFile | null = null;
    config = new ConfigFile(file, {
      backups: new BackupStore(path.join(dir, 'config-backups')),
      onWritten: (hash) => {
        // The file on disk is already the new version here, and still marked as ours.
        seen.push(sha256(readFileSync(file, 'utf8')) === hash, config!.isOwnWrite(hash));
      },
    });
    const base = (await config.read()).hash;
    const next = 'model:\n  default: b\n  provider: nous\n';
    expect(config.isOwnWrite(sha256(next))).toBe(false);
    const result = await config.edit({ baseHash: base, reason: 'set-main', watchPaths: [['model']], build: (v) => ({ ...v, model: { default: 'b', provider: 'nous' } }) });
    expect(result.hash).toBe(sha256(next));
    expect(seen).toEqual([true, true]);
    // Afterwards an identical version written by someone else is not mistaken for ours.
    expect(config.isOwnWrite(result.hash)).toBe(false);
    await config.close();
  });
});
