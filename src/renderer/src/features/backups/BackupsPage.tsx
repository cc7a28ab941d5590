import { useState } from 'react';
import type { Backup } from '../../../../shared/contract/backups';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Badge, Banner, EmptyState, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { exactTime, formatBytes, relativeTime } from '../../lib/format';
import { useAction, useResource } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';

const REASON_LABELS: Record<string, string> = {
  'set-main': 'main model',
  'set-aux': 'auxiliary model',
  'reset-aux': 'reset auxiliary',
  pre_restore: 'before restore',
  restore: 'restore',
  repair: 'repair',
  'external-change': 'outside change',
  'merge-external': 'merged outside edit',
  fallback: 'fallback',
  routing: 'routing',
  keys: 'keys',
};

/** Every backup Switchboard took, newest first, with a one-line summary and Restore. */
export function BackupsPage() {
  const list = useResource('backups.list', {}, { refreshOn: ['config.changed', 'home.changed'] });
  const config = useConfig();
  const restore = useAction('backups.restore');
  const toast = useToast();
  const [confirm, setConfirm] = useState<Backup | null>(null);

  const doRestore = async (backup: Backup) => {
    const result = await restore.run({ id: backup.id, baseHash: config.state?.hash });
    setConfirm(null);
    if (!result.ok) {
      toast.show({ kind: 'error', title: 'Restore failed', body: result.error.message });
      return;
    }
    const undoId = result.data.preRestoreId;
    toast.show({
      kind: 'ok',
      title: 'Backup restored',
      body: result.data.summary,
      action: undoId
        ? {
            label: 'Undo',
            run: () =>
              void restore.run({ id: undoId }).then((r) =>
                toast.show(r.ok ? { kind: 'ok', title: 'Restore undone' } : { kind: 'error', title: 'Undo failed', body: r.error.message }),
              ),
          }
        : undefined,
    });
    await Promise.all([list.reload(), config.reload()]);
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Backups</h1>
          <div className="subtitle">
            Switchboard copies config.yaml before every write. {list.data ? `Keeps the newest ${list.data.retention}.` : ''}
          </div>
        </div>
        <div className="actions">
          <Button onClick={() => void list.reload()} busy={list.loading && !!list.data}>
            Refresh
          </Button>
        </div>
      </div>
      {list.error && <ErrorNotice error={list.error} title="Could not list backups" />}
      {list.data && list.data.skipped.length > 0 && (
        <Banner tone="warn" title={`${list.data.skipped.length} file(s) in the backup folder were skipped`} testId="skipped-banner">
          {list.data.skipped.map((s) => (
            <div key={s.name}>
              <code>{s.name}</code>: {s.reason}
            </div>
          ))}
        </Banner>
      )}
      <section className="card">
        {!list.data && !list.error && <Loading />}
        {list.data && list.data.backups.length === 0 && (
          <EmptyState title="No backups yet">The first change you make here is backed up automatically, into {list.data.dir}.</EmptyState>
        )}
        {list.data && list.data.backups.length > 0 && (
          <ol className="timeline" data-testid="backup-list">
            {list.data.backups.map((b) => (
              <li key={b.id} className="timeline-item" data-testid="backup-item" data-backup-id={b.id}>
                <div className="timeline-when">
                  <time dateTime={b.createdAt} title={exactTime(b.createdAt)}>
                    {relativeTime(b.createdAt)}
                  </time>
                  <span className="small faint">{exactTime(b.createdAt)}</span>
                </div>
                <div className="timeline-summary">
                  <div className="timeline-meta">
                    <Badge tone={b.reason === 'external-change' ? 'warn' : 'accent'}>{REASON_LABELS[b.reason] ?? b.reason}</Badge>
                    <Badge>{b.file === 'config' ? 'config.yaml' : '.env'}</Badge>
                    <span className="small faint">{formatBytes(b.size)}</span>
                  </div>
                  <div data-testid="backup-summary">{b.summary}</div>
                </div>
                <div>
                  {b.file === 'config' && (
                    <Button size="sm" onClick={() => setConfirm(b)} data-testid="restore-button">
                      Restore
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
      <Modal
        open={confirm !== null}
        onOpenChange={(o) => !o && setConfirm(null)}
        title="Restore this backup?"
        description={confirm ? `config.yaml goes back to how it was ${relativeTime(confirm.createdAt)} (${exactTime(confirm.createdAt)}).` : ''}
        testId="restore-dialog"
        footer={
          <>
            <Button onClick={() => setConfirm(null)}>Cancel</Button>
            <Button variant="primary" busy={restore.pending} onClick={() => confirm && void doRestore(confirm)} data-testid="confirm-restore">
              Restore
            </Button>
          </>
        }
      >
        <p className="muted" style={{ marginTop: 0 }}>
          The current file is backed up first (“before restore”), so you can undo this.
        </p>
      </Modal>
    </>
  );
}
