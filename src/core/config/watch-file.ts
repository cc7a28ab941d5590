import { watch, type FSWatcher } from 'node:fs';

/**
 * Watches one file by watching its directory: atomic saves (ours and Hermes's) replace the inode,
 * which a watch on the file itself would stop seeing. Events are debounced; the callback decides
 * whether anything really changed (by hash).
 */
export function watchFileInDir(dir: string, fileName: string, onChange: () => void, debounceMs = 120): () => void {
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (name !== null && name !== fileName) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        onChange();
      }, debounceMs);
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = null; // Directory missing or not watchable: changes are picked up on the next read.
  }
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}
