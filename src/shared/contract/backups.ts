import { z } from 'zod';
import { channel } from './define';
import { Hash } from './common';

export const BackupFileSchema = z.enum(['config', 'env']);
export type BackupFile = z.infer<typeof BackupFileSchema>;

export const BackupSchema = z.object({
  id: z.string(),
  file: BackupFileSchema,
  createdAt: z.string(),
  /** Why the write after this backup happened: set-main, set-aux, pre_restore, external-change, … */
  reason: z.string(),
  /** sha256 of this backup's content: the file version just before that write. */
  sha256: z.string(),
  size: z.number().int(),
  /** One line: what the write after this backup changed. */
  summary: z.string(),
  pinned: z.boolean(),
  /** sha256 of the file right after that write (null when unknown). */
  nextSha256: z.string().nullable(),
  /** The next write (which adds a backup) will remove this one under the retention setting. */
  pruneNext: z.boolean(),
});
export type Backup = z.infer<typeof BackupSchema>;

export const BackupListSchema = z.object({
  dir: z.string(),
  backups: z.array(BackupSchema),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  retention: z.number().int(),
  /** sha256 of each file as it is now (null when missing). */
  current: z.object({ config: z.string().nullable(), env: z.string().nullable() }),
});
export type BackupList = z.infer<typeof BackupListSchema>;

export const DiffLineSchema = z.object({
  t: z.enum(['ctx', 'add', 'del']),
  /** The line with secret values masked. */
  text: z.string(),
  /** 1-based line numbers in the older (a) and newer (b) version. */
  a: z.number().int().nullable(),
  b: z.number().int().nullable(),
});
export type DiffLine = z.infer<typeof DiffLineSchema>;

export const DiffSectionSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  title: z.string(),
  /** Restore group of the section's key. */
  group: z.string().nullable(),
  status: z.enum(['changed', 'added', 'removed', 'unchanged']),
  added: z.number().int(),
  removed: z.number().int(),
  lines: z.array(DiffLineSchema),
});
export type DiffSection = z.infer<typeof DiffSectionSchema>;

export const TextDiffSchema = z.object({
  identical: z.boolean(),
  added: z.number().int(),
  removed: z.number().int(),
  changedSections: z.number().int(),
  maskedLines: z.number().int(),
  notes: z.array(z.string()),
  /** Changed sections first, then unchanged ones. */
  sections: z.array(DiffSectionSchema),
});
export type TextDiff = z.infer<typeof TextDiffSchema>;

export const VersionRefSchema = z.object({
  kind: z.enum(['backup', 'current']),
  id: z.string().nullable(),
  createdAt: z.string().nullable(),
  reason: z.string().nullable(),
  sha256: z.string(),
  exists: z.boolean(),
});
export type VersionRef = z.infer<typeof VersionRefSchema>;

export const BackupDiffSchema = TextDiffSchema.extend({
  file: BackupFileSchema,
  /** The older version. */
  from: VersionRefSchema,
  /** The newer version (or the current file). */
  to: VersionRefSchema,
});
export type BackupDiff = z.infer<typeof BackupDiffSchema>;

export const BackupId = z.string().min(1).max(200);

/** Section names: a JSON array, or a comma-separated list in a query string. */
const SectionList = z.union([
  z.array(z.string().min(1).max(200)).max(100),
  z.string().transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
]);

export const RestoreGroupSchema = z.object({
  /** What to pass in `sections` (any of `keys` works too). */
  id: z.string(),
  label: z.string(),
  keys: z.array(z.string()),
  inBackup: z.boolean(),
  inCurrent: z.boolean(),
  changed: z.boolean(),
});
export type RestoreGroup = z.infer<typeof RestoreGroupSchema>;

export const RestoreMethodSchema = z.enum(['whole', 'splice', 'value']);

export const RestorePreviewSchema = z.object({
  file: BackupFileSchema,
  /** The version the preview was computed on: pass it as `baseHash` to restore exactly this. */
  baseHash: Hash,
  whole: z.boolean(),
  keys: z.array(z.string()),
  /** Sections present in either version (config.yaml only). */
  groups: z.array(RestoreGroupSchema),
  method: RestoreMethodSchema,
  note: z.string().nullable(),
  /** Whether the restore would change the file at all. */
  changed: z.boolean(),
  summary: z.string(),
  /** The change the restore would make: current file → restored file, secrets masked. */
  diff: TextDiffSchema,
});
export type RestorePreview = z.infer<typeof RestorePreviewSchema>;

export const RestoreResultSchema = z.object({
  hash: Hash,
  /** The backup taken of the file just before the restore: restoring it undoes the restore. */
  preRestoreId: z.string().nullable(),
  summary: z.string(),
  changed: z.boolean(),
  method: RestoreMethodSchema,
  note: z.string().nullable(),
  file: BackupFileSchema,
  keys: z.array(z.string()),
});
export type RestoreResult = z.infer<typeof RestoreResultSchema>;

export const UndoResultSchema = z.object({
  file: BackupFileSchema,
  /** False when the file already holds the values from before the change. */
  changed: z.boolean(),
  hash: Hash,
  /** The backup taken before the undo itself: undoing it redoes the change. */
  backupId: z.string().nullable(),
  /** What the undo changed, one line. */
  summary: z.string(),
});
export type UndoResult = z.infer<typeof UndoResultSchema>;

export const backupChannels = {
  'backups.list': channel({
    summary: 'Backups of config.yaml and .env, newest first, with what the next write prunes and what was skipped.',
    request: z.object({}),
    response: BackupListSchema,
    rest: { method: 'GET', path: '/api/backups', from: 'none' },
  }),
  'backups.diff': channel({
    summary: 'YAML-aware diff of a backup against the current file or another backup (older → newer, secrets masked).',
    request: z.object({ id: BackupId, against: z.union([z.literal('current'), BackupId]).default('current') }),
    response: BackupDiffSchema,
    rest: { method: 'GET', path: '/api/backups/:id/diff' },
  }),
  'backups.previewRestore': channel({
    summary: 'What restoring a backup (whole, or chosen sections) would change; nothing is written.',
    request: z.object({ id: BackupId, sections: SectionList.optional() }),
    response: RestorePreviewSchema,
    rest: { method: 'GET', path: '/api/backups/:id/restore-preview' },
  }),
  'backups.restore': channel({
    summary: 'Restore a backup, whole or chosen sections (a pre_restore backup is taken first, so it can be undone).',
    request: z.object({ id: BackupId, sections: SectionList.optional(), baseHash: Hash.optional() }),
    response: RestoreResultSchema,
    rest: { method: 'POST', path: '/api/backups/restore' },
    mutates: true,
  }),
  'backups.undo': channel({
    summary:
      'Undo one change (id = the backup taken right before it, as every write returns): its inverse is applied to the current file as a new, backed-up transaction; later changes stay. UNDO_CONFLICT when a later change touched the same keys.',
    request: z.object({ id: BackupId }),
    response: UndoResultSchema,
    rest: { method: 'POST', path: '/api/backups/:id/undo' },
    mutates: true,
  }),
  'backups.pin': channel({
    summary: 'Pin a backup (kept beyond the retention count) or unpin it.',
    request: z.object({ id: BackupId, pinned: z.boolean().default(true) }),
    response: BackupSchema,
    rest: { method: 'POST', path: '/api/backups/:id/pin' },
    mutates: true,
  }),
};
