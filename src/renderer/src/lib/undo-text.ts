import type { UndoConflictDetail } from '../../../shared/errors';

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Why an Undo was refused, naming the later change(s) in the way: "A later change touched the same
 * settings (model.default): “main: a → b” (Dec 7, 2026, 7:25 PM). Undo that one first, or restore
 * from Backups." Falls back to the server's message when the detail is missing.
 */
export function describeUndoConflict(detail: UndoConflictDetail | undefined, fallback: string): string {
  const blocking = Array.isArray(detail?.blocking) ? detail.blocking : [];
  if (blocking.length === 0) return `Cannot be undone: ${fallback}`;
  const paths = Array.isArray(detail?.paths) && detail.paths.length > 0 ? ` (${detail.paths.slice(0, 4).join(', ')}${detail.paths.length > 4 ? ', …' : ''})` : '';
  const named = blocking.map((b) => `“${b.summary}” (${when(b.createdAt)})`);
  const which = named.length === 1 ? `A later change touched the same settings${paths}: ${named[0]}.` : `${named.length} later changes touched the same settings${paths}: ${named.join('; ')}.`;
  return `Cannot be undone: ${which} Undo ${named.length === 1 ? 'that one' : 'those'} first, or restore from Backups.`;
}
