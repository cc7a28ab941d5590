import { randomBytes } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * Atomic file replacement: same-directory temp file, fsync, rename, directory fsync.
 *
 * We do not use `write-file-atomic` because a config write must re-check the target right before
 * the rename (another program may have saved it meanwhile) and that library has no hook there.
 * Readers only ever see the old or the new file; a crash leaves at most a stray temp file, which
 * `cleanStaleTemps` removes later.
 */

export interface AtomicWriteOptions {
  /** Mode for a file that does not exist yet (existing files keep their mode). Default 0600. */
  newFileMode?: number;
  /** Runs after the temp file is durable, immediately before the rename. Throw to abort. */
  beforeRename?: () => Promise<void> | void;
}

export const TEMP_MARKER = '.switchboard-tmp-';

/** Follows symlinks so the link stays a link and the file it points at is replaced. */
export async function resolveWriteTarget(target: string): Promise<string> {
  try {
    return await fsp.realpath(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // A dangling symlink: write where it points.
    try {
      const link = await fsp.readlink(target);
      return path.resolve(path.dirname(target), link);
    } catch {
      return target;
    }
  }
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const realTarget = await resolveWriteTarget(target);
  const dir = path.dirname(realTarget);
  let mode = options.newFileMode ?? 0o600;
  let owner: { uid: number; gid: number } | null = null;
  try {
    const st = await fsp.stat(realTarget);
    mode = st.mode & 0o7777;
    owner = { uid: st.uid, gid: st.gid };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }

  const temp = path.join(dir, `${TEMP_MARKER}${path.basename(realTarget)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  // O_EXCL: never write through a file (or symlink) someone planted at the temp name.
  const handle = await fsp.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  let renamed = false;
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.chmod(mode);
    if (owner && process.getuid?.() === 0 && (owner.uid !== 0 || owner.gid !== 0)) {
      await handle.chown(owner.uid, owner.gid).catch(() => undefined);
    }
    await handle.close();
    await options.beforeRename?.();
    await renameWithRetry(temp, realTarget);
    renamed = true;
    await syncDir(dir);
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await fsp.unlink(temp).catch(() => undefined);
    }
  }
}

/** Windows virus scanners and indexers briefly lock files; retry the rename there. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  const attempts = process.platform === 'win32' ? 10 : 1;
  for (let i = 1; ; i++) {
    try {
      await fsp.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (i >= attempts || !['EPERM', 'EACCES', 'EBUSY'].includes(code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 20 * i));
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const h = await fsp.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is still atomic.
  }
}

/** Removes temp files a killed process left behind (only ours, only old ones). */
export async function cleanStaleTemps(dir: string, olderThanMs = 60_000, now = Date.now()): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_MARKER)) continue;
    const full = path.join(dir, name);
    try {
      const st = await fsp.lstat(full);
      if (st.isFile() && now - st.mtimeMs >= olderThanMs) {
        await fsp.unlink(full);
        removed++;
      }
    } catch {
      // Raced with another cleaner; fine.
    }
  }
  return removed;
}
