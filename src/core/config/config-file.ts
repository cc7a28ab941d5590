import { promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { AppError } from '../app-error';
import type { BackupFileKind, BackupStore } from '../backups/backup-store';
import { writeFileAtomic, resolveWriteTarget } from '../fs/atomic-write';
import { sha256 } from '../fs/hash';
import { maskEnvForDisplay, maskYamlForDisplay } from '../secrets/mask-text';
import type { ConflictDetail, ParseErrorDetail } from '../../shared/errors';
import { describeConfigChange } from './change-summary';
import { deepEqual, formatPath, getIn, isPlainObject, type ConfigPath } from './plain-value';
import { reconcileYamlChecked, YamlEditError } from './yaml-edit';
import type { ParsedYaml, ParseOutcome } from './yaml-parse';
import { parseConfigText } from './yaml-sections';

/**
 * One Hermes file (config.yaml) with transactional writes.
 *
 * Every write: re-read → compare with the version the edit was based on (an outside change to the
 * paths the edit depends on is a CONFIG_CONFLICT carrying both versions; any other outside change
 * is merged by re-running the edit on the fresh text) → backup → atomic replace whose last step
 * re-checks the file right before the rename → new baseline. Appends that land in the replaced
 * inode during the rename window are detected afterwards and merged back, so nothing is lost.
 */

export interface ConfigSnapshot {
  path: string;
  exists: boolean;
  raw: string;
  hash: string;
  parse: ParseOutcome;
  mtimeMs: number | null;
}

export interface EditRequest {
  /** Hash of the version the user saw; null means "whatever is on disk now". */
  baseHash: string | null;
  /** Backup reason, e.g. `set-main`. */
  reason: string;
  /** Computes the next value from the current one; re-run on a fresh read when merging. */
  build: (current: Record<string, unknown>) => unknown;
  /** Paths the edit depends on: an outside change to one of them is a conflict, not a merge. */
  watchPaths: readonly ConfigPath[];
  /** Turns the computed one-line summary of the change into the one to record (e.g. "undid …: …"). */
  describe?: (change: string) => string;
}

export interface WriteResult {
  changed: boolean;
  hash: string;
  backupId: string | null;
  /** True when the edit was re-applied on top of an outside change. */
  merged: boolean;
  summary: string;
}

export type ConfigChangeSource = 'app' | 'external';

export interface ConfigFileOptions {
  backups: BackupStore;
  /** Which backup kind this file uses. */
  kind?: BackupFileKind;
  onWritten?: (hash: string) => void;
  /**
   * Checks text before it may be written (replaceText, merges). Default: must parse as YAML.
   * A .env file passes its own (Hermes's .env reader accepts almost anything).
   */
  validate?: (text: string) => ParseErrorDetail | null;
  /** Merges recovered from the rename window are reported here (after they were written). */
  onRecovered?: (info: { hash: string; bytes: number }) => void;
}

class RetryWrite extends Error {}

const MAX_ATTEMPTS = 12;
const KNOWN_VERSIONS = 16;
const LINGER_MS = 400;

interface Lingering {
  handle: FileHandle;
  verified: string;
  timer: NodeJS.Timeout | null;
}

export class ConfigFile {
  private readonly known = new Map<string, string>();
  private readonly parsedCache = new Map<string, ParsedYaml>();
  private readonly lingering = new Set<Lingering>();
  /** Hashes of versions this object is writing right now (until `onWritten`), for the file watcher. */
  private readonly writing = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly path: string,
    private readonly options: ConfigFileOptions,
  ) {}

  private get kind(): BackupFileKind {
    return this.options.kind ?? 'config';
  }

  /** Reads the file now (no caching of the bytes: the disk is the truth). */
  async read(): Promise<ConfigSnapshot> {
    let raw = '';
    let exists = true;
    let st: Stats | null = null;
    try {
      raw = await fsp.readFile(this.path, 'utf8');
      st = await fsp.stat(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new AppError('CONFIG_NOT_FOUND', `Cannot read ${this.path}: ${(err as Error).message}`);
      }
      exists = false;
    }
    const hash = sha256(raw);
    this.remember(raw, hash);
    return { path: this.path, exists, raw, hash, parse: this.parse(raw, hash), mtimeMs: st?.mtimeMs ?? null };
  }

  /** Records a version so a later edit based on it can be merged or reported precisely. */
  remember(raw: string, hash = sha256(raw)): void {
    this.known.delete(hash);
    this.known.set(hash, raw);
    while (this.known.size > KNOWN_VERSIONS) this.known.delete(this.known.keys().next().value as string);
  }

  knownVersion(hash: string): string | undefined {
    return this.known.get(hash);
  }

  /**
   * True while this app is writing the version with this hash: from just before the rename until
   * `onWritten` has run. A watcher that sees the new file while the write is still finishing (backup
   * sidecar, lingering check) must not mistake it for an outside change.
   */
  isOwnWrite(hash: string): boolean {
    return this.writing.has(hash);
  }

  /**
   * The canonical parse of `raw` (`parseConfigText`). The cache only ever holds canonical parses
   * (reads, and the engine's verified result of an edit), keyed by hash and checked against the
   * text, so what an edit starts from never depends on this object's history.
   */
  parse(raw: string, hash = sha256(raw)): ParseOutcome {
    const cached = this.parsedCache.get(hash);
    if (cached && cached.raw === raw) return { ok: true, parsed: cached };
    const outcome = parseConfigText(raw, 'config.yaml');
    if (outcome.ok) this.cacheParsed(hash, outcome.parsed);
    return outcome;
  }

  private cacheParsed(hash: string, parsed: ParsedYaml): void {
    this.parsedCache.set(hash, parsed);
    while (this.parsedCache.size > 4) this.parsedCache.delete(this.parsedCache.keys().next().value as string);
  }

  /** A value edit: the YAML changes only where the value changes. */
  edit(req: EditRequest): Promise<WriteResult> {
    return this.serialize(() =>
      this.transact({
        baseHash: req.baseHash,
        reason: req.reason,
        requireParsable: true,
        changedPaths: (base, current) => changedPaths(this.mustParse(base).value, this.mustParse(current).value, req.watchPaths),
        compute: (current) => {
          const parsed = this.mustParse(current);
          const next = req.build(structuredClone(parsed.value) as Record<string, unknown>);
          let text: string;
          try {
            const result = reconcileYamlChecked(parsed, next);
            text = result.raw;
            this.cacheParsed(sha256(text), result.parsed);
          } catch (err) {
            if (err instanceof YamlEditError) {
              throw new AppError('CONFIG_EDIT_FAILED', `This change could not be applied without disturbing other parts of config.yaml: ${err.message}. Nothing was written.`);
            }
            throw err;
          }
          const change = describeConfigChange(parsed.value, next);
          return { text, summary: req.describe ? req.describe(change) : change };
        },
      }),
    );
  }

  /**
   * Replaces the whole file (restore, repair editor). The new text must parse; any outside change
   * since `baseHash` is a conflict because a whole-file write would discard it.
   */
  replaceText(req: { baseHash: string | null; text: string; reason: string; summary?: string }): Promise<WriteResult> {
    return this.serialize(() => {
      const problem = this.validate(req.text);
      if (problem) throw new AppError('CONFIG_PARSE_ERROR', `The new text does not parse: ${problem.message}`, problem);
      return this.transact({
        baseHash: req.baseHash,
        reason: req.reason,
        requireParsable: false,
        changedPaths: () => ['(whole file)'],
        compute: (current) => {
          if (req.summary) return { text: req.text, summary: req.summary };
          const before = this.kind === 'config' ? this.parse(current) : null;
          const after = this.kind === 'config' ? this.parse(req.text) : null;
          const summary =
            before?.ok && after?.ok ? describeConfigChange(before.parsed.value, after.parsed.value) : this.kind === 'config' ? 'repaired a file that did not parse' : 'replaced the file';
          return { text: req.text, summary };
        },
      });
    });
  }

  /**
   * A text-level edit for files that are not edited as YAML values (.env). `transform` gets the
   * current text and returns the new text; on an outside change since `baseHash` it is re-run on
   * the fresh text unless `changedKeys(base, current)` names something the edit depends on.
   */
  editText(req: {
    baseHash: string | null;
    reason: string;
    transform: (current: string) => { text: string; summary: string };
    changedKeys?: (base: string, current: string) => string[];
  }): Promise<WriteResult> {
    return this.serialize(() =>
      this.transact({
        baseHash: req.baseHash,
        reason: req.reason,
        requireParsable: false,
        changedPaths: (base, current) => req.changedKeys?.(base, current) ?? [],
        compute: (current) => {
          const out = req.transform(current);
          const problem = this.validate(out.text);
          if (problem) throw new AppError('CONFIG_EDIT_FAILED', `internal: the edited text is not valid: ${problem.message}. Nothing was written.`);
          return out;
        },
      }),
    );
  }

  private validate(text: string): ParseErrorDetail | null {
    if (this.options.validate) return this.options.validate(text);
    const out = parseConfigText(text, 'config.yaml');
    return out.ok ? null : out.error;
  }

  /** Checks the inodes replaced by recent writes for data that landed there too late. */
  async checkLingering(): Promise<void> {
    for (const entry of [...this.lingering]) await this.inspectLingering(entry, true);
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.checkLingering();
    this.closed = true;
  }

  // ------------------------------------------------------------------------------------------

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private mustParse(raw: string): ParsedYaml {
    const outcome = this.parse(raw);
    if (!outcome.ok) {
      throw new AppError(
        'CONFIG_PARSE_ERROR',
        `config.yaml does not parse (line ${outcome.error.line}, column ${outcome.error.column}): ${outcome.error.message}`,
        outcome.error,
      );
    }
    return outcome.parsed;
  }

  private mask(text: string): string {
    return this.kind === 'env' ? maskEnvForDisplay(text) : maskYamlForDisplay(text);
  }

  private async transact(t: {
    baseHash: string | null;
    reason: string;
    requireParsable: boolean;
    changedPaths: (base: string, current: string) => string[];
    compute: (current: string) => { text: string; summary: string };
  }): Promise<WriteResult> {
    if (this.closed) throw new AppError('INTERNAL', 'config file handle is closed');
    await this.checkLingering();
    const target = await resolveWriteTarget(this.path);
    let merged = false;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { handle, raw: current, ino } = await openForRead(target);
      let keepHandle = false;
      try {
        const currentHash = sha256(current);
        this.remember(current, currentHash);
        if (t.baseHash !== null && t.baseHash !== currentHash) {
          const base = this.known.get(t.baseHash);
          const paths = base === undefined ? ['(unknown base version)'] : t.changedPaths(base, current);
          if (paths.length > 0) {
            const detail: ConflictDetail = {
              file: this.kind === 'env' ? '.env' : 'config.yaml',
              baseHash: t.baseHash,
              currentHash,
              ours: this.mask(base ?? ''),
              theirs: this.mask(current),
              paths,
            };
            throw new AppError(
              'CONFIG_CONFLICT',
              `${detail.file} was changed outside Switchboard after you opened it (${paths.join(', ')}). Reload to see the new version, then apply your change again.`,
              detail,
            );
          }
          merged = true;
        }
        if (t.requireParsable) this.mustParse(current);
        const { text, summary } = t.compute(current);
        if (text === current) return { changed: false, hash: currentHash, backupId: null, merged, summary };
        const nextHash = sha256(text);
        const backup = handle
          ? await this.options.backups.begin({ file: this.kind, content: current, reason: t.reason, summary, nextSha256: nextHash })
          : null;
        this.writing.add(nextHash);
        try {
          await writeFileAtomic(target, text, {
            newFileMode: 0o600,
            beforeRename: async () => {
              // The last look before the rename: same inode, same bytes as what we edited.
              const now = await readCurrent(target);
              if (now.ino !== ino || now.raw !== current) throw new RetryWrite();
              if (handle && (await readHandle(handle)) !== current) throw new RetryWrite();
            },
          });
        } catch (err) {
          this.writing.delete(nextHash);
          if (backup) await backup.abort();
          if (err instanceof RetryWrite) {
            merged = true;
            // Someone is writing right now; give them a moment before reading again.
            await new Promise((r) => setTimeout(r, 2 + Math.random() * 8 * attempt));
            continue;
          }
          throw new AppError('CONFIG_WRITE_FAILED', `Could not write ${this.path}: ${(err as Error).message}`);
        }
        this.remember(text, nextHash);
        await backup?.commit(nextHash, text);
        if (handle) {
          keepHandle = true;
          const entry: Lingering = { handle, verified: current, timer: null };
          this.lingering.add(entry);
          // An append that opened the old inode just before our rename lands there; look now and
          // once more shortly after, then let the handle go.
          await this.inspectLingering(entry, false);
          if (this.lingering.has(entry)) {
            entry.timer = setTimeout(() => void this.serialize(() => this.inspectLingering(entry, true)), LINGER_MS);
            entry.timer.unref?.();
          }
        }
        this.options.onWritten?.(nextHash);
        this.writing.delete(nextHash);
        return { changed: true, hash: nextHash, backupId: backup?.id ?? null, merged, summary };
      } finally {
        if (handle && !keepHandle) await handle.close().catch(() => undefined);
      }
    }
    throw new AppError('CONFIG_CONFLICT', `${this.path} kept changing while Switchboard tried to write it; nothing was written. Try again.`);
  }

  private async inspectLingering(entry: Lingering, final: boolean): Promise<void> {
    if (!this.lingering.has(entry)) return;
    let late: string;
    try {
      late = await readHandle(entry.handle);
    } catch {
      late = entry.verified;
    }
    if (late !== entry.verified) {
      entry.verified = late;
      await this.recoverLateWrite(late);
    }
    if (final) {
      if (entry.timer) clearTimeout(entry.timer);
      this.lingering.delete(entry);
      await entry.handle.close().catch(() => undefined);
    }
  }

  /**
   * Another program appended to the file while we renamed our version over it, so its bytes went
   * into the old inode. Re-apply the appended part on top of the current file.
   */
  private async recoverLateWrite(late: string): Promise<void> {
    const base = this.findAppendBase(late);
    const target = await resolveWriteTarget(this.path);
    if (base === null) {
      // Not a pure append: keep their version as a backup so it is never lost.
      await this.options.backups.create({ file: this.kind, content: late, reason: 'external-change', summary: 'a concurrent outside write (kept for review)' });
      return;
    }
    const appendix = late.slice(base.length);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { raw: current, ino } = await readCurrent(target);
      const text = current + (current === '' || current.endsWith('\n') ? '' : '\n') + appendix;
      if (this.validate(text) !== null) {
        await this.options.backups.create({ file: this.kind, content: late, reason: 'external-change', summary: 'a concurrent outside write that could not be merged (kept for review)' });
        return;
      }
      const backup = await this.options.backups.create({ file: this.kind, content: current, reason: 'merge-external', summary: 'merged an outside append that raced with a write', nextSha256: sha256(text), nextContent: text });
      try {
        await writeFileAtomic(target, text, {
          beforeRename: async () => {
            const now = await readCurrent(target);
            if (now.ino !== ino || now.raw !== current) throw new RetryWrite();
          },
        });
      } catch (err) {
        await this.options.backups.remove(backup.id);
        if (err instanceof RetryWrite) continue;
        throw err;
      }
      const hash = sha256(text);
      this.remember(text, hash);
      this.options.onRecovered?.({ hash, bytes: appendix.length });
      this.options.onWritten?.(hash);
      return;
    }
  }

  /** The longest known version that `late` extends by appending. */
  private findAppendBase(late: string): string | null {
    let best: string | null = null;
    for (const v of this.known.values()) {
      if (v.length < late.length && late.startsWith(v) && (best === null || v.length > best.length)) best = v;
    }
    return best;
  }
}

function changedPaths(base: unknown, current: unknown, watch: readonly ConfigPath[]): string[] {
  if (!isPlainObject(base) || !isPlainObject(current)) return ['(whole file)'];
  return watch.filter((p) => !deepEqual(getIn(base, p), getIn(current, p))).map((p) => formatPath(p) || '(whole file)');
}

async function openForRead(target: string): Promise<{ handle: FileHandle | null; raw: string; ino: number | null }> {
  let handle: FileHandle;
  try {
    handle = await fsp.open(target, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { handle: null, raw: '', ino: null };
    throw new AppError('CONFIG_NOT_FOUND', `Cannot open ${target}: ${(err as Error).message}`);
  }
  try {
    const st = await handle.stat();
    return { handle, raw: await readHandle(handle), ino: st.ino };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

async function readCurrent(target: string): Promise<{ raw: string; ino: number | null }> {
  try {
    const handle = await fsp.open(target, 'r');
    try {
      const st = await handle.stat();
      return { raw: await readHandle(handle), ino: st.ino };
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { raw: '', ino: null };
    throw err;
  }
}

/** Reads the whole file behind a handle from offset 0 (positioned reads; the handle may be reused). */
async function readHandle(handle: FileHandle): Promise<string> {
  const st = await handle.stat();
  const size = st.size;
  const buf = Buffer.alloc(size);
  let off = 0;
  while (off < size) {
    const { bytesRead } = await handle.read(buf, off, size - off, off);
    if (bytesRead === 0) break;
    off += bytesRead;
  }
  return buf.subarray(0, off).toString('utf8');
}
