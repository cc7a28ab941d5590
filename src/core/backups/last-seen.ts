import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { sha256 } from '../fs/hash';

/**
 * A private copy (0600, in the app's data directory, never in the Hermes home) of the last
 * version of config.yaml the app saw: written by the app or noticed by the watcher.
 *
 * Why: a backup's content must be the version a change *replaced*. When config.yaml changes while
 * the app is not running, the only way to record that change truthfully — and to let the user get
 * the replaced version back — is to have kept that version. The newest backup alone cannot do it
 * (it holds the version *before* the app's last write, not after). Writes are coalesced and
 * happen off the write path, so they cost the config transaction nothing.
 */
export class LastSeenCopy {
  private latest: string | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async read(): Promise<{ text: string; hash: string } | null> {
    try {
      const text = await fsp.readFile(this.file, 'utf8');
      return { text, hash: sha256(text) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Remembers `text` as the last version seen; written soon, in order, only the newest. */
  update(text: string): void {
    const first = this.latest === null;
    this.latest = text;
    if (!first) return;
    this.chain = this.chain.then(async () => {
      const text = this.latest;
      this.latest = null;
      if (text === null) return;
      try {
        await fsp.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
        await writeFileAtomic(this.file, text, { newFileMode: 0o600 });
      } catch {
        // Best effort: a missing copy only means an offline change cannot be recorded later.
      }
    });
  }

  async flush(): Promise<void> {
    await this.chain;
  }
}
