import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Backup, BackupFile, RestoreResult } from '../../../../shared/contract/backups';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Badge, Banner, EmptyState, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { exactTime, formatBytes, plural, relativeTime } from '../../lib/format';
import { useAction, useResource } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';
import { CompareDialog, type CompareTarget } from './CompareDialog';
import type { DiffMode } from './DiffView';
import { fileLabel, reasonLabel, reasonTone } from './labels';
import { RestoreDialog } from './RestoreDialog';

type FileFilter = 'all' | BackupFile;

/**
 * The backup timeline: every version of config.yaml (and of .env when the app wrote it) the app
 * saw, newest first. Each entry is one change — by the app, a restore, or an outside edit — and
 * holds the version just before it, so any entry can be compared (with now or another entry) and
 * restored, whole or section by section; a restore is itself an entry and can be undone.
 */
export function BackupsPage() {
  const list = useResource('backups.list', {}, { refreshOn: ['config.changed', 'home.changed'] });
  const config = useConfig();
  const restore = useAction('backups.restore');
  const pin = useAction('backups.pin');
  const toast = useToast();
  const [fileFilter, setFileFilter] = useState<FileFilter>('all');
  const [reasonFilter, setReasonFilter] = useState('all');
  const [selected, setSelected] = useState<string[]>([]);
  const [compare, setCompare] = useState<CompareTarget | null>(null);
  const [mode, setMode] = useState<DiffMode>('unified');
  const [restoreFor, setRestoreFor] = useState<Backup | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const rows = useRef(new Map<string, HTMLLIElement>());

  const data = list.data;
  const all = useMemo(() => data?.backups ?? [], [data]);
  const reasons = useMemo(() => [...new Set(all.map((b) => reasonLabel(b.reason)))].sort(), [all]);
  const shown = all.filter((b) => (fileFilter === 'all' || b.file === fileFilter) && (reasonFilter === 'all' || reasonLabel(b.reason) === reasonFilter));
  const hasEnv = all.some((b) => b.file === 'env');
  const pinned = all.filter((b) => b.pinned).length;
  const doomed = all.filter((b) => b.pruneNext).length;
  const selection = selected.map((id) => all.find((b) => b.id === id)).filter((b): b is Backup => b !== undefined);
  const canCompareSelection = (selection.length === 1 || selection.length === 2) && selection.every((b) => b.file === selection[0]!.file);
  const activeId = active && shown.some((b) => b.id === active) ? active : (shown[0]?.id ?? null);

  const refresh = async () => {
    await Promise.all([list.reload(), config.reload()]);
  };

  const undo = async (preRestoreId: string, baseHash: string | null) => {
    const r = await restore.run({ id: preRestoreId, ...(baseHash ? { baseHash } : {}) });
    toast.show(r.ok ? { kind: 'ok', title: 'Restore undone', body: r.data.summary } : { kind: 'error', title: 'Undo failed', body: r.error.message });
    await refresh();
  };

  const onRestored = (r: RestoreResult) => {
    setRestoreFor(null);
    setCompare(null);
    if (!r.changed) toast.show({ kind: 'info', title: 'Nothing to restore', body: r.summary });
    else {
      const undoId = r.preRestoreId;
      toast.show({
        kind: 'ok',
        title: 'Backup restored',
        body: r.summary,
        action: undoId ? { label: 'Undo', run: () => void undo(undoId, r.hash) } : undefined,
      });
    }
    void refresh();
  };

  const togglePin = async (b: Backup) => {
    const r = await pin.run({ id: b.id, pinned: !b.pinned });
    if (!r.ok) toast.show({ kind: 'error', title: b.pinned ? 'Could not unpin' : 'Could not pin', body: r.error.message });
    await list.reload();
  };

  const toggleSelected = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s.slice(-1), id]));

  const openCompareSelection = () => {
    if (!canCompareSelection) return;
    const [a, b] = selection;
    setCompare({ id: a!.id, against: b ? b.id : 'current' });
  };

  const focusRow = (id: string | undefined) => {
    if (!id) return;
    setActive(id);
    rows.current.get(id)?.focus();
  };

  const onRowKey = (e: KeyboardEvent<HTMLLIElement>, b: Backup, index: number) => {
    if (e.target !== e.currentTarget) return;
    const go = (i: number) => {
      e.preventDefault();
      focusRow(shown[Math.max(0, Math.min(shown.length - 1, i))]?.id);
    };
    if (e.key === 'ArrowDown') go(index + 1);
    else if (e.key === 'ArrowUp') go(index - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(shown.length - 1);
    else if (e.key === 'Enter') {
      e.preventDefault();
      setCompare({ id: b.id, against: 'current' });
    } else if (e.key === ' ') {
      e.preventDefault();
      toggleSelected(b.id);
    }
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Backups</h1>
          <div className="subtitle">
            Every version of config.yaml{hasEnv ? ' and .env' : ''} Switchboard saw, newest first: each entry is a change and keeps the version from just before it.{' '}
            {data && (
              <span data-testid="retention-note">
                Keeps the newest {data.retention}
                {pinned > 0 ? ` + ${pinned} pinned` : ''}
                {doomed > 0 ? ` (${doomed} will go with the next write)` : ''} · <a href="#/settings">change</a>
              </span>
            )}
          </div>
        </div>
      </div>

      {list.error && <ErrorNotice error={list.error} title="Could not list backups" />}
      {data && data.skipped.length > 0 && (
        <Banner tone="warn" title={`${plural(data.skipped.length, 'file')} in the backup folder ${data.skipped.length === 1 ? 'was' : 'were'} skipped`} testId="skipped-banner">
          <div className="muted">These are not Switchboard backups or are damaged; they are listed here and left alone.</div>
          <ul className="skipped-list">
            {data.skipped.map((s) => (
              <li key={s.name}>
                <code>{s.name}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </Banner>
      )}

      <section className="card">
        <div className="card-header timeline-toolbar">
          <div className="segmented" role="radiogroup" aria-label="File">
            {(['all', 'config', 'env'] as const).map((f) => (
              <button key={f} type="button" role="radio" aria-checked={fileFilter === f} className="segmented-item" onClick={() => setFileFilter(f)} data-testid={`filter-file-${f}`}>
                {f === 'all' ? 'All files' : fileLabel(f)}
              </button>
            ))}
          </div>
          <label className="toolbar-field">
            <span className="visually-hidden">Reason</span>
            <select className="input" value={reasonFilter} onChange={(e) => setReasonFilter(e.target.value)} data-testid="filter-reason">
              <option value="all">All changes</option>
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <div className="toolbar-end">
            <Button size="sm" variant="ghost" onClick={() => void list.reload()} busy={list.loading && !!data}>
              Refresh
            </Button>
            <Button
              size="sm"
              variant={canCompareSelection ? 'primary' : 'default'}
              onClick={openCompareSelection}
              disabled={!canCompareSelection}
              data-testid="compare-selected"
              title={selection.length === 0 ? 'Select one or two entries (Space) to compare' : undefined}
            >
              {selection.length === 2 ? 'Compare the two selected' : selection.length === 1 ? 'Compare selected with now' : 'Compare selected'}
            </Button>
          </div>
        </div>

        {!data && !list.error && <Loading />}
        {data && all.length === 0 && (
          <EmptyState title="No backups yet">
            The first change made here (or outside Switchboard while it runs) is backed up automatically, into <code>{data.dir}</code>.
          </EmptyState>
        )}
        {data && all.length > 0 && shown.length === 0 && (
          <EmptyState
            title="No entries match these filters"
            action={
              <Button
                onClick={() => {
                  setFileFilter('all');
                  setReasonFilter('all');
                }}
              >
                Show all
              </Button>
            }
          />
        )}
        {data && shown.length > 0 && (
          <>
            <div className="timeline-now" aria-hidden="true">
              <span className="timeline-dot timeline-dot-now" />
              <span className="small">
                <strong>Now</strong> <span className="muted">· the files on disk</span>
              </span>
            </div>
            <ol className="timeline" data-testid="backup-list" aria-label="Backups, newest first">
              {shown.map((b, i) => {
                const isCurrent = data.current[b.file] === b.sha256;
                const undoable = b.reason === 'pre_restore' && b.nextSha256 !== null && data.current[b.file] === b.nextSha256;
                const isSelected = selected.includes(b.id);
                return (
                  <li
                    key={b.id}
                    ref={(el) => {
                      if (el) rows.current.set(b.id, el);
                      else rows.current.delete(b.id);
                    }}
                    className={`timeline-item${isSelected ? ' selected' : ''}${b.pruneNext ? ' doomed' : ''}`}
                    data-testid="backup-item"
                    data-backup-id={b.id}
                    tabIndex={b.id === activeId ? 0 : -1}
                    aria-label={`${exactTime(b.createdAt)}, ${reasonLabel(b.reason)}, ${fileLabel(b.file)}: ${b.summary}`}
                    aria-selected={isSelected}
                    onFocus={(e) => e.target === e.currentTarget && setActive(b.id)}
                    onKeyDown={(e) => onRowKey(e, b, i)}
                  >
                    <span className={`timeline-dot timeline-dot-${reasonTone(b.reason)}`} aria-hidden="true" />
                    <input
                      type="checkbox"
                      className="timeline-check"
                      checked={isSelected}
                      onChange={() => toggleSelected(b.id)}
                      aria-label="Select for comparison"
                      data-testid="select-backup"
                      tabIndex={-1}
                    />
                    <div className="timeline-when">
                      <time dateTime={b.createdAt} title={exactTime(b.createdAt)}>
                        {relativeTime(b.createdAt)}
                      </time>
                      <span className="small faint">{exactTime(b.createdAt)}</span>
                    </div>
                    <div className="timeline-summary">
                      <div className="timeline-text" data-testid="backup-summary">
                        {b.summary}
                      </div>
                      <div className="timeline-meta">
                        <Badge tone={reasonTone(b.reason)}>{reasonLabel(b.reason)}</Badge>
                        <Badge>{fileLabel(b.file)}</Badge>
                        <span className="small faint" title="Size of the saved version">
                          {formatBytes(b.size)}
                        </span>
                        {isCurrent && (
                          <Badge tone="ok" title="This backup holds exactly the file as it is now">
                            same as now
                          </Badge>
                        )}
                        {b.pinned && <Badge tone="accent">pinned</Badge>}
                        {b.pruneNext && (
                          <span data-testid="prune-marker">
                            <Badge tone="warn" title={`Only the newest ${data.retention} unpinned backups are kept: pin this one to keep it.`}>
                              removed by the next write
                            </Badge>
                          </span>
                        )}
                      </div>
                    </div>
                    <div className="timeline-actions">
                      {undoable && (
                        <Button size="sm" variant="primary" busy={restore.pending} onClick={() => void undo(b.id, b.nextSha256)} data-testid="undo-button" title="Put the file back as it was before this restore">
                          Undo restore
                        </Button>
                      )}
                      <Button size="sm" onClick={() => setCompare({ id: b.id, against: 'current' })} data-testid="compare-button">
                        Compare
                      </Button>
                      <Button size="sm" onClick={() => setRestoreFor(b)} data-testid="restore-button">
                        Restore…
                      </Button>
                      <button
                        type="button"
                        className={`btn btn-sm btn-ghost pin-btn${b.pinned ? ' pinned' : ''}`}
                        aria-pressed={b.pinned}
                        aria-label={b.pinned ? 'Unpin' : 'Pin (keep beyond the retention count)'}
                        title={b.pinned ? 'Pinned: kept beyond the retention count. Click to unpin.' : 'Pin: keep this backup beyond the retention count'}
                        onClick={() => void togglePin(b)}
                        data-testid="pin-button"
                      >
                        {b.pinned ? '★' : '☆'}
                      </button>
                    </div>
                  </li>
                );
              })}
            </ol>
            <div className="timeline-foot small faint" aria-hidden="true">
              <span className="kbd">↑</span>
              <span className="kbd">↓</span> move · <span className="kbd">Space</span> select to compare · <span className="kbd">Enter</span> compare with now
            </div>
          </>
        )}
      </section>

      <CompareDialog
        target={compare}
        backups={all}
        mode={mode}
        onModeChange={setMode}
        onTargetChange={setCompare}
        onClose={() => setCompare(null)}
        onRestore={(b) => {
          setCompare(null);
          setRestoreFor(b);
        }}
      />
      <RestoreDialog backup={restoreFor} onClose={() => setRestoreFor(null)} onRestored={onRestored} />
    </>
  );
}
