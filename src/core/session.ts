import path from 'node:path';
import { BackupStore } from './backups/backup-store';
import { LastSeenCopy } from './backups/last-seen';
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
  /** The last config.yaml version the app saw, kept to record changes made while it was closed. */
  private readonly lastSeen: LastSeenCopy | null;
  private readonly closeHooks: Array<() => void | Promise<void>> = [];

  constructor(
    readonly location: ResolvedHome,
    readonly isDemo: boolean,
    private readonly deps: {
      retention: () => number;
      emit: (e: SessionEvent) => void;
      logger: Logger;
      /** The app's private folder for this home (outside it); none = no offline-change detection. */
      stateDir?: string | null;
      now?: () => number;
    },
  ) {
    this.backups = new BackupStore(path.join(location.dir, 'config-backups'), { retention: deps.retention, now: deps.now });
    this.lastSeen = deps.stateDir ? new LastSeenCopy(path.join(deps.stateDir, 'last-seen-config.yaml')) : null;
    this.config = new ConfigFile(path.join(location.dir, 'config.yaml'), {
      backups: this.backups,
      onWritten: (hash) => {
        this.lastHash = hash;
        const text = this.config.knownVersion(hash);
        if (text !== undefined) this.lastSeen?.update(text);
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
    if (snap?.exists) await this.noticeChangeWhileClosed(snap).catch((err: unknown) => this.deps.logger.warn('could not check for changes made while closed', err));
    this.stopWatching = watchFileInDir(this.dir, 'config.yaml', () => void this.onFileEvent());
  }

  /**
   * config.yaml changed while the app was not running when it differs from the last version the
   * app saw. That is recorded like a watched outside change (content = the replaced version) only
   * when it is certainly true: the app did not write the current version itself (a crash may have
   * kept the copy from being updated) and the copy is the version the app's history ends with.
   * Otherwise nothing is invented; the copy is simply brought up to date.
   */
  private async noticeChangeWhileClosed(snap: { raw: string; hash: string; parse: ReturnType<ConfigFile['parse']>; mtimeMs: number | null }): Promise<void> {
    if (!this.lastSeen) return;
    const seen = await this.lastSeen.read();
    if (seen && seen.hash !== snap.hash) {
      const newest = (await this.backups.list()).backups.find((b) => b.file === 'config');
      const appWroteCurrent = newest?.nextSha256 === snap.hash;
      const historyEndsWithSeen = !newest || newest.nextSha256 === null || newest.nextSha256 === seen.hash;
      if (!appWroteCurrent && historyEndsWithSeen) {
        this.config.remember(seen.text, seen.hash);
        const before = this.config.parse(seen.text, seen.hash);
        const when = snap.mtimeMs ? ` (saved ${new Date(snap.mtimeMs).toISOString().replace('T', ' ').slice(0, 16)} UTC)` : '';
        const what = before.ok && snap.parse.ok ? `: ${describeConfigChange(before.parsed.value, snap.parse.parsed.value)}` : '';
        await this.backups.create({ file: 'config', content: seen.text, reason: 'external-change', summary: `changed outside Switchboard while it was closed${when}${what}`, nextSha256: snap.hash, nextContent: snap.raw });
      } else if (!appWroteCurrent) {
        this.deps.logger.warn('config.yaml changed while Switchboard was closed, but the version it replaced is not known; no timeline entry was made');
      }
    }
    if (seen?.hash !== snap.hash) this.lastSeen.update(snap.raw);
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
        .create({ file: 'config', content: previous, reason: 'external-change', summary, nextSha256: snap.hash, nextContent: snap.raw })
        .catch((err: unknown) => this.deps.logger.warn('could not record an outside change', err));
    }
    this.lastHash = snap.hash;
    if (snap.exists) this.lastSeen?.update(snap.raw);
    this.deps.emit({ kind: 'config-changed', hash: snap.hash, source: 'external' });
  }

  /**
   * Runs `fn` when this session closes (another home or profile is opened, or the app exits), so a
   * feature can release what it holds for this home (e.g. the usage worker and its cache).
   */
  onClose(fn: () => void | Promise<void>): void {
    if (this.closed) void Promise.resolve().then(fn).catch((err: unknown) => this.deps.logger.warn('close hook failed', err));
    else this.closeHooks.push(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const fn of this.closeHooks.splice(0)) {
      await Promise.resolve()
        .then(fn)
        .catch((err: unknown) => this.deps.logger.warn('close hook failed', err));
    }
    this.stopWatching?.();
    await this.config.close();
    await this.env.close();
    await this.lastSeen?.flush();
  }
}
