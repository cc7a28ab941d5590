import { z } from 'zod';
import { channel } from './define';
import { Empty, Hash } from './common';

export const BackupSchema = z.object({
  id: z.string(),
  file: z.enum(['config', 'env']),
  createdAt: z.string(),
  reason: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  summary: z.string(),
  pinned: z.boolean(),
});
export type Backup = z.infer<typeof BackupSchema>;

export const BackupListSchema = z.object({
  dir: z.string(),
  backups: z.array(BackupSchema),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  retention: z.number().int(),
});

export const RestoreResultSchema = z.object({
  hash: Hash,
  /** The backup taken of the file just before the restore: restoring it undoes the restore. */
  preRestoreId: z.string().nullable(),
  summary: z.string(),
});

export const backupChannels = {
  'backups.list': channel({ summary: 'Backups of config.yaml and .env, newest first.', request: Empty, response: BackupListSchema }),
  'backups.restore': channel({
    summary: 'Restore a backup (a pre_restore backup is taken first, so it can be undone).',
    request: z.object({ id: z.string().min(1).max(200), baseHash: Hash.optional() }),
    response: RestoreResultSchema,
    rest: { method: 'POST', path: '/api/backups/restore' },
    mutates: true,
  }),
};
