import type { Backup, BackupFile } from '../../../../shared/contract/backups';
import { exactTime } from '../../lib/format';

/** Words for the reasons a write happened (the backup's `reason`). */
const REASON_LABELS: Record<string, string> = {
  'set-main': 'main model',
  'set-aux': 'auxiliary model',
  'reset-aux': 'reset auxiliary',
  fallback: 'fallback',
  routing: 'routing',
  keys: 'keys',
  delegation: 'delegation',
  providers: 'providers',
  restore: 'restore',
  // The backup taken before a restore: the entry *is* the restore; its content is the version it replaced.
  pre_restore: 'restore',
  repair: 'repair',
  'external-change': 'outside change',
  'merge-external': 'merged outside edit',
};

export function reasonLabel(reason: string): string {
  return REASON_LABELS[reason] ?? reason.replace(/[-_]/g, ' ');
}

export function reasonTone(reason: string): 'default' | 'accent' | 'warn' {
  if (reason === 'external-change' || reason === 'merge-external') return 'warn';
  if (reason === 'pre_restore' || reason === 'restore') return 'accent';
  return 'default';
}

export function fileLabel(file: BackupFile): string {
  return file === 'env' ? '.env' : 'config.yaml';
}

/** A backup's content is the version just before its write. */
export function versionLabel(b: Pick<Backup, 'createdAt' | 'reason'>): string {
  return `${exactTime(b.createdAt)} · before ${reasonLabel(b.reason)}`;
}

/** For pickers: the version label plus the start of the change's summary, to tell entries apart. */
export function versionOption(b: Pick<Backup, 'createdAt' | 'reason' | 'summary'>): string {
  const s = b.summary.length > 56 ? `${b.summary.slice(0, 55)}…` : b.summary;
  return `${versionLabel(b)} — ${s}`;
}
