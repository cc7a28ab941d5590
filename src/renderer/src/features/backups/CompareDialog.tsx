import type { Backup } from '../../../../shared/contract/backups';
import { Button } from '../../components/ui/Button';
import { ErrorNotice, Loading } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { plural } from '../../lib/format';
import { useResource } from '../../lib/hooks';
import { DiffView, type DiffMode } from './DiffView';
import { fileLabel, versionLabel, versionOption } from './labels';

export interface CompareTarget {
  id: string;
  /** 'current' or another backup's id. */
  against: string;
}

/**
 * Compare any backup with the current file or with another backup of the same file. The core
 * orders the two versions older → newer and masks secrets before anything reaches this view.
 */
export function CompareDialog({
  target,
  backups,
  mode,
  onModeChange,
  onTargetChange,
  onClose,
  onRestore,
}: {
  target: CompareTarget | null;
  backups: Backup[];
  mode: DiffMode;
  onModeChange: (m: DiffMode) => void;
  onTargetChange: (t: CompareTarget) => void;
  onClose: () => void;
  onRestore: (b: Backup) => void;
}) {
  const diff = useResource('backups.diff', target ?? { id: '', against: 'current' }, { skip: target === null, refreshOn: ['config.changed'] });
  const entry = target ? backups.find((b) => b.id === target.id) : undefined;
  const sameFile = entry ? backups.filter((b) => b.file === entry.file) : [];
  const data = diff.data && target && (diff.data.from.id === target.id || diff.data.to.id === target.id) ? diff.data : undefined;
  const older = data?.from.id ? backups.find((b) => b.id === data.from.id) : undefined;

  return (
    <Modal
      open={target !== null}
      onOpenChange={(o) => !o && onClose()}
      wide
      title={entry ? `Compare ${fileLabel(entry.file)} versions` : 'Compare'}
      testId="compare-dialog"
      footer={
        <>
          <span className="left small muted">{data ? `Secret values are masked${data.maskedLines > 0 ? ` (${plural(data.maskedLines, 'line')} here)` : ''}.` : ''}</span>
          {older && data?.to.kind === 'current' && (
            <Button onClick={() => onRestore(older)} data-testid="compare-restore">
              Restore the older version…
            </Button>
          )}
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      {target && entry && (
        <div className="compare-bar">
          <label className="compare-pick">
            <span className="small muted">Version</span>
            <select className="input" value={target.id} data-testid="compare-from" onChange={(e) => onTargetChange({ id: e.target.value, against: target.against === e.target.value ? 'current' : target.against })}>
              {sameFile.map((b) => (
                <option key={b.id} value={b.id}>
                  {versionOption(b)}
                </option>
              ))}
            </select>
          </label>
          <span className="compare-arrow" aria-hidden="true">
            ⇄
          </span>
          <label className="compare-pick">
            <span className="small muted">Compared with</span>
            <select className="input" value={target.against} data-testid="compare-against" onChange={(e) => onTargetChange({ id: target.id, against: e.target.value })}>
              <option value="current">Current file (now)</option>
              {sameFile
                .filter((b) => b.id !== target.id)
                .map((b) => (
                  <option key={b.id} value={b.id}>
                    {versionOption(b)}
                  </option>
                ))}
            </select>
          </label>
          <div className="segmented" role="radiogroup" aria-label="Diff layout">
            {(
              [
                ['unified', 'Unified'],
                ['split', 'Side by side'],
              ] as const
            ).map(([m, label]) => (
              <button key={m} type="button" role="radio" aria-checked={mode === m} className="segmented-item" onClick={() => onModeChange(m)} data-testid={`diff-mode-${m}`}>
                {label}
              </button>
            ))}
          </div>
        </div>
      )}
      {data && (
        <div className="compare-summary" data-testid="compare-summary">
          <span>
            <strong>{data.from.createdAt ? versionLabel({ createdAt: data.from.createdAt, reason: data.from.reason ?? '' }) : 'current file'}</strong>
            <span className="muted"> → </span>
            <strong>{data.to.kind === 'current' ? 'current file' : versionLabel({ createdAt: data.to.createdAt!, reason: data.to.reason ?? '' })}</strong>
          </span>
          <span className="diff-counts">
            <span className="diff-count-add">+{data.added}</span>
            <span className="diff-count-del">−{data.removed}</span>
            <span className="muted small">in {plural(data.changedSections, 'section')}</span>
          </span>
        </div>
      )}
      {diff.error && <ErrorNotice error={diff.error} title="Could not compare" />}
      {!data && !diff.error && <Loading />}
      {data && <DiffView diff={data} mode={mode} />}
    </Modal>
  );
}
