import path from 'node:path';
import { BackupStore } from './backups/backup-store';
import { describeConfigChange } from './config/change-summary';
import { ConfigFile } from './config/config-file';
import { watchFileInDir } from './config/watch-file';
import { cleanStaleTemps } from './fs/atomic-write';
import type { ResolvedHome } from './home/resolve-home';
import type { Logger } from './log/logger';

export type SessionEvent = { kind: 'config-changed'; hash: string; source: 'app' | 'external' };

/**
 * Everything bound to the one Hermes home (profile) being edited: its config file, backups and
 * the watcher that tells outside changes apart from our own writes.
 */
export class HomeSession {
  readonly config: ConfigFile;
  /** `<home>/.env`, written line by line (never as YAML) with the same transaction and backups. */
  readonly env: ConfigFile;
  readonly backups: BackupStore;
  private lastHash: string | null = null;
  private stopWatching: (() => void) | null = null;
  private closed = false;

  constructor(
    readonly location: ResolvedHome,
    readonly isDemo: boolean,
    private readonly deps: { retention: () => number; emit: (e: SessionEvent) => void; logger: Logger },
  ) {
    this.backups = new BackupStore(path.join(location.dir, 'config-backups'), { retention: deps.retention });
    this.config = new ConfigFile(path.join(location.dir, 'config.yaml'), {
      backups: this.backups,
      onWritten: (hash) => {
        this.lastHash = hash;
        this.deps.emit({ kind: 'config-changed', hash, source: 'app' });
      },
    });
    this.env = new ConfigFile(path.join(location.dir, '.env'), {
      backups: this.backups,
      kind: 'env',
      // Hermes's .env reader accepts nearly any text; only refuse what no .env can hold.
      validate: (text) => (text.includes('\u0000') ? { file: '.env', line: 1, column: 1, message: 'NUL byte in .env' } : null),
    });
  }

  get dir(): string {
    return this.location.dir;
  }

  async start(): Promise<void> {
    await cleanStaleTemps(this.dir).catch(() => 0);
    const snap = await this.config.read().catch(() => null);
    this.lastHash = snap?.hash ?? null;
    this.stopWatching = watchFileInDir(this.dir, 'config.yaml', () => void this.onFileEvent());
  }

  /** Called by the watcher: record outside changes in the timeline and tell the UI. */
  private async onFileEvent(): Promise<void> {
    if (this.closed) return;
    let snap;
    try {
      snap = await this.config.read();
    } catch {
      return;
    }
    if (snap.hash === this.lastHash) return;
    // Our own write, seen before it finished (its onWritten sets lastHash and tells the UI).
    if (this.config.isOwnWrite(snap.hash)) return;
    const previous = this.lastHash ? this.config.knownVersion(this.lastHash) : undefined;
    if (previous !== undefined) {
      // Keep the version the outside change replaced, so it can be restored like any other.
      const before = this.config.parse(previous);
      const summary =
        before.ok && snap.parse.ok
          ? `changed outside Switchboard: ${describeConfigChange(before.parsed.value, snap.parse.parsed.value)}`
          : 'changed outside Switchboard';
      await this.backups
        .create({ file: 'config', content: previous, reason: 'external-change', summary, nextSha256: snap.hash })
        .catch((err: unknown) => this.deps.logger.warn('could not record an outside change', err));
    }
    this.lastHash = snap.hash;
    this.deps.emit({ kind: 'config-changed', hash: snap.hash, source: 'external' });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWatching?.();
    await this.config.close();
    await this.env.close();
  }
}
