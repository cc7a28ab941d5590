import { useEffect, useState } from 'react';
import type { Backup, RestoreResult } from '../../../../shared/contract/backups';
import type { AppErrorData } from '../../../../shared/errors';
import { Button } from '../../components/ui/Button';
import { Banner, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { exactTime, plural, relativeTime } from '../../lib/format';
import { useAction, useResource } from '../../lib/hooks';
import { DiffView } from './DiffView';
import { fileLabel, reasonLabel } from './labels';

type Scope = 'whole' | 'sections';

/**
 * Restore a backup: the whole file, or chosen top-level sections of config.yaml. Shows exactly
 * what the restore would change (computed by the core on the current file) and restores against
 * that version, so a file changed in between is a conflict rather than an overwrite.
 */
export function RestoreDialog({ backup, onClose, onRestored }: { backup: Backup | null; onClose: () => void; onRestored: (r: RestoreResult) => void }) {
  const [scope, setScope] = useState<Scope>('whole');
  const [chosen, setChosen] = useState<string[]>([]);
  const restore = useAction('backups.restore');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [showSame, setShowSame] = useState(false);
  useEffect(() => {
    setScope('whole');
    setChosen([]);
    setError(null);
    setShowSame(false);
  }, [backup?.id]);

  const wantSections = scope === 'sections' && chosen.length > 0;
  const request = backup ? (wantSections ? { id: backup.id, sections: chosen } : { id: backup.id }) : { id: '' };
  const preview = useResource('backups.previewRestore', request, { skip: backup === null || (scope === 'sections' && chosen.length === 0) });
  // The list of sections comes with every preview; keep the whole-file one while choosing.
  const groups = useResource('backups.previewRestore', backup ? { id: backup.id } : { id: '' }, { skip: backup === null || backup.file !== 'config' || scope !== 'sections' });
  const p = preview.data;
  // The preview on screen must be the one for the current choice (not the previous one, still loading).
  const chosenKeys = new Set((groups.data?.groups ?? []).filter((g) => chosen.includes(g.id)).flatMap((g) => g.keys));
  const ready =
    p !== undefined &&
    (scope === 'whole' ? p.whole : !p.whole && chosen.length > 0 && p.keys.length === chosenKeys.size && p.keys.every((k) => chosenKeys.has(k)));

  const run = async () => {
    if (!backup || !p) return;
    setError(null);
    const r = await restore.run(scope === 'whole' ? { id: backup.id, baseHash: p.baseHash } : { id: backup.id, sections: chosen, baseHash: p.baseHash });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    onRestored(r.data);
  };

  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const canRestore = ready && p.changed && !preview.loading;

  return (
    <Modal
      open={backup !== null}
      onOpenChange={(o) => !o && onClose()}
      wide
      title="Restore from a backup"
      description={
        backup
          ? `${fileLabel(backup.file)} as it was ${relativeTime(backup.createdAt)} (${exactTime(backup.createdAt)}), before the “${reasonLabel(backup.reason)}” change.`
          : ''
      }
      testId="restore-dialog"
      footer={
        <>
          <span className="left small muted">The current file is backed up first, so you can undo this.</span>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={restore.pending} disabled={!canRestore} onClick={() => void run()} data-testid="confirm-restore">
            {scope === 'whole' ? 'Restore whole file' : chosen.length > 0 ? `Restore ${plural(chosen.length, 'section')}` : 'Restore'}
          </Button>
        </>
      }
    >
      {backup && (
        <div className="restore-layout">
          <div className="restore-choose">
            <fieldset className="restore-scope">
              <legend className="visually-hidden">What to restore</legend>
              <label className="radio-row">
                <input type="radio" name="restore-scope" checked={scope === 'whole'} onChange={() => setScope('whole')} data-testid="scope-whole" />
                <span>
                  <strong>Whole file</strong>
                  <span className="small muted">Every line goes back to this version.</span>
                </span>
              </label>
              <label className={`radio-row${backup.file !== 'config' ? ' disabled' : ''}`}>
                <input type="radio" name="restore-scope" checked={scope === 'sections'} disabled={backup.file !== 'config'} onChange={() => setScope('sections')} data-testid="scope-sections" />
                <span>
                  <strong>Only some sections</strong>
                  <span className="small muted">{backup.file === 'config' ? 'Everything else in the current file stays exactly as it is.' : '.env files are restored as a whole.'}</span>
                </span>
              </label>
            </fieldset>
            {scope === 'sections' && (
              <div className="restore-groups" role="group" aria-label="Sections to restore" data-testid="restore-sections">
                {groups.error && <ErrorNotice error={groups.error} title="Could not read the sections" />}
                {!groups.data && !groups.error && <Loading />}
                {groups.data && groups.data.groups.every((g) => !g.changed) && <div className="small muted">Every section of this backup is the same as now.</div>}
                {groups.data?.groups.filter((g) => g.changed || showSame).map((g) => {
                  const state = !g.changed ? 'same as now' : !g.inBackup ? 'not in this backup: will be removed' : !g.inCurrent ? 'only in this backup: will be added' : 'differs from now';
                  return (
                    <label key={g.id} className={`check-row${g.changed ? '' : ' disabled'}`} data-testid={`restore-group-${g.id}`}>
                      <input type="checkbox" checked={chosen.includes(g.id)} disabled={!g.changed} onChange={() => toggle(g.id)} />
                      <span className="check-text">
                        <span>
                          {g.label !== g.keys[0] && <strong>{g.label} </strong>}
                          <code>{g.keys.join(' + ')}</code>
                        </span>
                        <span className={`small ${g.changed ? (g.inBackup && g.inCurrent ? 'muted' : 'warn-text') : 'faint'}`}>{state}</span>
                      </span>
                    </label>
                  );
                })}
                {groups.data && groups.data.groups.some((g) => !g.changed) && (
                  <button type="button" className="restore-more" aria-expanded={showSame} onClick={() => setShowSame((v) => !v)}>
                    {showSame ? 'Hide the sections that are the same as now' : `Show ${plural(groups.data.groups.filter((g) => !g.changed).length, 'section')} that ${groups.data.groups.filter((g) => !g.changed).length === 1 ? 'is' : 'are'} the same as now`}
                  </button>
                )}
              </div>
            )}
          </div>
          <div className="restore-preview" aria-live="polite">
            <h3 className="restore-preview-title">What changes</h3>
            {scope === 'sections' && chosen.length === 0 && <div className="diff-same">Choose the sections to restore.</div>}
            {preview.error && <ErrorNotice error={preview.error} title="This restore is not possible" />}
            {(scope === 'whole' || chosen.length > 0) && !ready && !preview.error && <Loading label="Working out what would change…" />}
            {ready && (
              <>
                <p className="small restore-summary" data-testid="restore-summary">
                  {p.changed ? p.summary : 'Nothing would change: the current file already matches.'}
                </p>
                {p.note && (
                  <Banner tone="info" title="Restored value by value">
                    {p.note}
                  </Banner>
                )}
                {p.changed && <DiffView diff={p.diff} mode="unified" showUnchanged={false} testId="restore-preview" />}
              </>
            )}
            {error && (
              <ErrorNotice
                error={error}
                title={error.code === 'CONFIG_CONFLICT' ? 'The file changed after this preview' : 'Restore failed'}
                actions={
                  error.code === 'CONFIG_CONFLICT' ? (
                    <Button
                      size="sm"
                      onClick={() => {
                        setError(null);
                        void preview.reload();
                        void groups.reload();
                      }}
                    >
                      Show the new preview
                    </Button>
                  ) : undefined
                }
              />
            )}
          </div>
        </div>
      )}
    </Modal>
  );
}
