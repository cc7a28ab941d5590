import { diffBackup, listTimeline, previewRestore, restoreBackup } from '../backups/backup-service';
import { undoChange } from '../backups/undo';
import type { CoreServices, HandlersFor } from './types';

export function backupHandlers(core: CoreServices): HandlersFor<'backups.list' | 'backups.diff' | 'backups.previewRestore' | 'backups.restore' | 'backups.undo' | 'backups.pin'> {
  return {
    'backups.list': async () => listTimeline(core.requireSession()),

    'backups.diff': async ({ id, against }) => diffBackup(core.requireSession(), id, against),

    'backups.previewRestore': async ({ id, sections }) => {
      const p = await previewRestore(core.requireSession(), id, sections);
      return { file: p.file, baseHash: p.baseHash, whole: p.whole, keys: p.keys, groups: p.groups, method: p.method, note: p.note, changed: p.changed, summary: p.summary, diff: p.diff };
    },

    'backups.restore': async ({ id, sections, baseHash }) => restoreBackup(core.requireSession(), { id, sections, baseHash }),

    'backups.undo': async ({ id }) => undoChange(core.requireSession(), id),

    'backups.pin': async ({ id, pinned }) => {
      const session = core.requireSession();
      const meta = await session.backups.setPinned(id, pinned);
      const listing = await session.backups.list();
      const pruneNext = session.backups.pruneCandidatesOf(listing.backups, 1).some((b) => b.id === id);
      return { ...meta, pruneNext };
    },
  };
}
