import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { AppError } from '../app-error';
import { writeFileAtomic } from '../fs/atomic-write';
import { sha256 } from '../fs/hash';

/**
 * Versioned copies of the files the app writes, kept in `<home>/config-backups/`.
 *
 * Each backup is two files: `<id>.bak` (the exact bytes) and `<id>.json` (sidecar metadata), plus,
 * for a change, `<id>.after` (0600): the version the change produced, so the change can be undone on
 * its own later (the undo needs both sides of it).
 * The id starts with an ISO 8601 basic timestamp and names the file and the reason, e.g.
 * `20261121T105203.123Z-config-set-main`, so a plain directory listing already reads as a timeline.
 */

export type BackupFileKind = 'config' | 'env';

export const FILE_NAMES: Record<BackupFileKind, string> = { config: 'config.yaml', env: '.env' };

export interface BackupMeta {
  id: string;
  file: BackupFileKind;
  /** ISO time the backup was taken (just before the write it protects). */
  createdAt: string;
  /** Why the following write happened: set-main, set-aux, restore, pre_restore, external-change, … */
  reason: string;
  sha256: string;
  size: number;
  /** One line describing what the write after this backup changed. */
  summary: string;
  pinned: boolean;
  /** Hash of the file right after the write this backup preceded (null for snapshots). */
  nextSha256: string | null;
}

export interface SkippedEntry {
  name: string;
  reason: string;
}

export interface BackupListing {
  backups: BackupMeta[];
  skipped: SkippedEntry[];
}

export interface PendingBackup {
  id: string;
  /** `nextContent`: the version the change produced (kept privately for undo). */
  commit(nextSha256: string | null, nextContent?: string): Promise<BackupMeta>;
  abort(): Promise<void>;
}

export interface CreateBackupInput {
  file: BackupFileKind;
  content: string;
  reason: string;
  summary: string;
  nextSha256?: string | null;
  /** The version right after the change (must hash to `nextSha256`). */
  nextContent?: string;
}

const ID_RE = /^(\d{8}T\d{6}\.\d{3}Z)-(config|env)-([a-z0-9_][a-z0-9_-]{0,40})(?:-(\d+))?$/;
const REASON_RE = /^[a-z0-9_][a-z0-9_-]{0,40}$/;

export class BackupStore {
  constructor(
    readonly dir: string,
    private readonly options: { now?: () => number; retention?: () => number } = {},
  ) {}

  private lastStamp = 0;

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Strictly increasing per store, so backups taken within one millisecond still list in order. */
  private stamp(): number {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  retention(): number {
    return Math.max(1, Math.floor(this.options.retention?.() ?? 10));
  }

  async create(input: CreateBackupInput): Promise<BackupMeta> {
    const pending = await this.begin(input);
    return pending.commit(input.nextSha256 ?? null, input.nextContent);
  }

  /**
   * Two-step backup for writers that must keep the time between reading and replacing a file
   * short: `begin` makes the content durable (all a restore needs), `commit` adds the sidecar and
   * prunes once the protected write is done. A crash in between leaves a .bak without sidecar,
   * which `list` still shows (its metadata recovered from the name and content).
   */
  async begin(input: CreateBackupInput): Promise<PendingBackup> {
    if (!REASON_RE.test(input.reason)) throw new AppError('INVALID_INPUT', `bad backup reason: ${input.reason}`);
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const ms = this.stamp();
    const stamp = isoBasic(ms);
    let id = `${stamp}-${input.file}-${input.reason}`;
    for (let n = 2; await exists(path.join(this.dir, `${id}.bak`)); n++) id = `${stamp}-${input.file}-${input.reason}-${n}`;
    const meta: BackupMeta = {
      id,
      file: input.file,
      createdAt: new Date(ms).toISOString(),
      reason: input.reason,
      sha256: sha256(input.content),
      size: Buffer.byteLength(input.content),
      summary: input.summary,
      pinned: false,
      nextSha256: input.nextSha256 ?? null,
    };
    await writeFileAtomic(path.join(this.dir, `${id}.bak`), input.content, { newFileMode: 0o600 });
    return {
      id,
      commit: async (nextSha256, nextContent) => {
        const done = { ...meta, nextSha256 };
        // Written before the sidecar: a listed change always has its result when it was kept.
        if (nextContent !== undefined && nextSha256 !== null && sha256(nextContent) === nextSha256) {
          await writeFileAtomic(path.join(this.dir, `${id}.after`), nextContent, { newFileMode: 0o600 });
        }
        await this.writeMeta(done);
        await this.prune();
        return done;
      },
      abort: () => this.remove(id),
    };
  }

  /**
   * Every readable backup, newest first, plus what was skipped and why. With `verify`, each
   * content file is also checked against its recorded checksum (the timeline does this; pruning
   * does not need to).
   */
  async list(options: { verify?: boolean } = {}): Promise<BackupListing> {
    let names: string[];
    try {
      names = await fsp.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { backups: [], skipped: [] };
      throw err;
    }
    const backups: BackupMeta[] = [];
    const skipped: SkippedEntry[] = [];
    const present = new Set(names);
    for (const name of names) {
      if (name.startsWith('.switchboard-tmp-')) continue;
      const ext = path.extname(name);
      const id = name.slice(0, -ext.length);
      if (ext === '.after' && ID_RE.test(id)) continue;
      if (ext === '.bak') {
        if (!ID_RE.test(id)) skipped.push({ name, reason: 'not a Switchboard backup name' });
        else if (!present.has(`${id}.json`)) {
          const recovered = await this.recoverMeta(id).catch(() => null);
          if (recovered) backups.push(recovered);
          else skipped.push({ name, reason: 'metadata file is missing and the content is unreadable' });
        }
        continue;
      }
      if (ext !== '.json') {
        skipped.push({ name, reason: 'not a Switchboard backup file' });
        continue;
      }
      if (!ID_RE.test(id)) {
        skipped.push({ name, reason: 'not a Switchboard backup name' });
        continue;
      }
      if (!present.has(`${id}.bak`)) {
        skipped.push({ name, reason: 'backup content is missing' });
        continue;
      }
      const meta = await this.readMeta(id).catch((err: Error) => err);
      if (meta instanceof Error) skipped.push({ name, reason: meta.message });
      else if (options.verify && !(await this.contentMatches(meta))) skipped.push({ name: `${id}.bak`, reason: 'content does not match its recorded checksum (changed or truncated)' });
      else backups.push(meta);
    }
    backups.sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)));
    return { backups, skipped };
  }

  /** Content of a backup, verified against its recorded hash. */
  async read(id: string): Promise<{ meta: BackupMeta; content: string }> {
    if (!ID_RE.test(id)) throw new AppError('BACKUP_NOT_FOUND', `No backup named ${id}.`);
    const meta = await this.readMeta(id).catch(async (err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        const recovered = await this.recoverMeta(id).catch(() => null);
        if (recovered) return recovered;
        throw new AppError('BACKUP_NOT_FOUND', `No backup named ${id}.`);
      }
      throw new AppError('BACKUP_CORRUPT', `Backup ${id} has unreadable metadata: ${(err as Error).message}`);
    });
    let content: string;
    try {
      content = await fsp.readFile(path.join(this.dir, `${id}.bak`), 'utf8');
    } catch {
      throw new AppError('BACKUP_NOT_FOUND', `Backup ${id} has no content file.`);
    }
    if (sha256(content) !== meta.sha256) {
      throw new AppError('BACKUP_CORRUPT', `Backup ${id} does not match its recorded checksum; it was changed or truncated.`);
    }
    return { meta, content };
  }

  /**
   * The version a change produced (`<id>.after`), verified against the recorded `nextSha256`; null
   * when it was never kept (older backups, snapshots) or no longer matches.
   */
  async readAfter(meta: BackupMeta): Promise<string | null> {
    if (!ID_RE.test(meta.id) || meta.nextSha256 === null) return null;
    try {
      const text = await fsp.readFile(path.join(this.dir, `${meta.id}.after`), 'utf8');
      return sha256(text) === meta.nextSha256 ? text : null;
    } catch {
      return null;
    }
  }

  async setPinned(id: string, pinned: boolean): Promise<BackupMeta> {
    const { meta } = await this.read(id);
    const next = { ...meta, pinned };
    await this.writeMeta(next);
    return next;
  }

  /**
   * The unpinned backups beyond the retention count, oldest last: what the next prune removes.
   * `extra` counts backups about to be added (1 = what the next write will prune).
   */
  async pruneCandidates(extra = 0): Promise<BackupMeta[]> {
    const { backups } = await this.list();
    return this.pruneCandidatesOf(backups, extra);
  }

  /** `pruneCandidates` over a listing the caller already has (newest first). */
  pruneCandidatesOf(backups: readonly BackupMeta[], extra = 0): BackupMeta[] {
    const unpinned = backups.filter((b) => !b.pinned);
    return unpinned.slice(Math.max(0, this.retention() - extra));
  }

  private async contentMatches(meta: BackupMeta): Promise<boolean> {
    try {
      const content = await fsp.readFile(path.join(this.dir, `${meta.id}.bak`));
      return content.length === meta.size && sha256(content) === meta.sha256;
    } catch {
      return false;
    }
  }

  async prune(): Promise<string[]> {
    const doomed = await this.pruneCandidates();
    for (const b of doomed) await this.remove(b.id);
    return doomed.map((b) => b.id);
  }

  async remove(id: string): Promise<void> {
    if (!ID_RE.test(id)) return;
    await fsp.unlink(path.join(this.dir, `${id}.json`)).catch(() => undefined);
    await fsp.unlink(path.join(this.dir, `${id}.bak`)).catch(() => undefined);
    await fsp.unlink(path.join(this.dir, `${id}.after`)).catch(() => undefined);
  }

  private async writeMeta(meta: BackupMeta): Promise<void> {
    await writeFileAtomic(path.join(this.dir, `${meta.id}.json`), JSON.stringify(meta, null, 2) + '\n', { newFileMode: 0o600 });
  }

  /** Metadata for a .bak whose sidecar was never written (the app stopped mid-write). */
  private async recoverMeta(id: string): Promise<BackupMeta> {
    const m = ID_RE.exec(id);
    if (!m) throw new Error('bad id');
    const content = await fsp.readFile(path.join(this.dir, `${id}.bak`), 'utf8');
    const stamp = m[1]!;
    const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13)}`;
    return {
      id,
      file: m[2] as BackupFileKind,
      createdAt: new Date(iso).toISOString(),
      reason: m[3]!,
      sha256: sha256(content),
      size: Buffer.byteLength(content),
      summary: '(details lost: the app stopped while writing)',
      pinned: false,
      nextSha256: null,
    };
  }

  private async readMeta(id: string): Promise<BackupMeta> {
    const text = await fsp.readFile(path.join(this.dir, `${id}.json`), 'utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Error('metadata is not valid JSON');
    }
    const m = raw as Partial<BackupMeta>;
    if (
      !m ||
      m.id !== id ||
      (m.file !== 'config' && m.file !== 'env') ||
      typeof m.createdAt !== 'string' ||
      typeof m.reason !== 'string' ||
      typeof m.sha256 !== 'string' ||
      typeof m.size !== 'number'
    ) {
      throw new Error('metadata is incomplete');
    }
    return {
      id,
      file: m.file,
      createdAt: m.createdAt,
      reason: m.reason,
      sha256: m.sha256,
      size: m.size,
      summary: typeof m.summary === 'string' ? m.summary : '',
      pinned: m.pinned === true,
      nextSha256: typeof m.nextSha256 === 'string' ? m.nextSha256 : null,
    };
  }
}

/** ISO 8601 basic format, safe in file names on every OS: 20261121T105203.123Z */
export function isoBasic(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '');
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}
