import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { UndoConflictDetail } from '../../../shared/errors';
import { useConfig } from '../app/config-context';
import type { BackendClient } from './backend-client';
import { useBackend } from './hooks';
import { useToast, type ToastApi } from './toasts';
import { describeUndoConflict } from './undo-text';

export interface ChangeNotice {
  kind?: 'ok' | 'info';
  title: string;
  body?: string | undefined;
  /** The backup a write returned; null when it wrote nothing (then there is nothing to undo). */
  backupId: string | null;
}

interface UndoApi {
  /** Tell the person what a write did, with an Undo that reverts exactly that change. */
  notify(notice: ChangeNotice): void;
}

const UndoContext = createContext<UndoApi | null>(null);

export function useUndo(): UndoApi {
  const ctx = useContext(UndoContext);
  if (!ctx) throw new Error('UndoProvider is missing');
  return ctx;
}

type Notice = ChangeNotice & { verb?: 'Undo' | 'Redo'; baseTitle?: string };

type Entry = { toastId: number; state: 'live' | 'busy' | 'done' | 'invalid' };

const OPEN_BACKUPS = { label: 'Open Backups', run: () => void (window.location.hash = '#/backups') };

interface UndoDeps {
  client: BackendClient;
  toast: ToastApi;
  reload: () => Promise<void>;
  entries: Map<string, Entry>;
}

/** The undo behaviour as plain functions (an undo's toast offers a Redo, which is another notice). */
function createUndo({ client, toast, reload, entries }: UndoDeps): UndoApi {
  async function run(backupId: string, title: string, verb: 'Undo' | 'Redo'): Promise<void> {
    const entry = entries.get(backupId);
    if (!entry || entry.state !== 'live') return;
    const { toastId } = entry;
    entry.state = 'busy';
    toast.update(toastId, { action: { label: verb === 'Undo' ? 'Undoing…' : 'Redoing…', run: () => undefined, busy: true, stay: true } });
    const r = await client.call('backups.undo', { id: backupId });
    if (r.ok) {
      entry.state = 'done';
      if (!r.data.changed) {
        toast.update(toastId, { kind: 'info', action: undefined, keep: true, status: 'Nothing to undo: config.yaml already has the values from before this change.' });
      } else {
        toast.update(toastId, { kind: 'info', action: undefined, keep: true, status: verb === 'Undo' ? 'Undone.' : 'Redone.' });
        notify({ kind: 'ok', title: verb === 'Undo' ? `Undone: ${title}` : `Redone: ${title}`, body: r.data.summary, backupId: r.data.backupId, verb: verb === 'Undo' ? 'Redo' : 'Undo', baseTitle: title });
      }
      await reload();
      return;
    }
    if (r.error.code === 'UNDO_CONFLICT') {
      entry.state = 'invalid';
      toast.update(toastId, { kind: 'error', keep: true, status: describeUndoConflict(r.error.detail as UndoConflictDetail | undefined, r.error.message), action: { ...OPEN_BACKUPS } });
      return;
    }
    if (['UNDO_UNAVAILABLE', 'BACKUP_NOT_FOUND', 'BACKUP_CORRUPT', 'NOT_FOUND'].includes(r.error.code)) {
      entry.state = 'invalid';
      toast.update(toastId, {
        kind: 'error',
        keep: true,
        status: `Cannot be undone here: ${r.error.message} The Backups page can still compare and restore the version from before it.`,
        action: { ...OPEN_BACKUPS },
      });
      return;
    }
    // Anything else (the file changed during the undo, a read error): nothing was written; try again.
    entry.state = 'live';
    toast.update(toastId, { action: { label: verb, run: () => void run(backupId, title, verb), stay: true }, status: `${verb} failed, nothing was changed: ${r.error.message}` });
  }

  function notify(n: Notice): void {
    const verb = n.verb ?? 'Undo';
    const title = n.baseTitle ?? n.title;
    const id = n.backupId;
    const toastId = toast.show({
      kind: n.kind ?? 'ok',
      title: n.title,
      body: n.body,
      keep: id !== null,
      ...(id !== null && { action: { label: verb, run: () => void run(id, title, verb), stay: true } }),
    });
    if (id !== null) entries.set(id, { toastId, state: 'live' });
  }

  return { notify };
}

/**
 * The one Undo of the app. Every write's toast offers it; it calls `backups.undo` with the write's
 * backup id, which reverts only that change (its inverse applied to the current file as a new,
 * backed-up transaction) and keeps everything done since. The toast then says what happened: undone
 * (with a Redo — the undo of the undo — on a new toast), nothing to undo, or why it cannot be undone
 * (a later change to the same settings is in the way, named from the conflict detail). A toast whose
 * Undo was used or became invalid says so instead of keeping a live button. Lives inside the
 * ConfigProvider of one home: when another home opens, its Undo buttons are retired.
 */
export function UndoProvider({ children }: { children: ReactNode }) {
  const client = useBackend();
  const toast = useToast();
  const { reload } = useConfig();
  const [entries] = useState(() => new Map<string, Entry>());
  const api = useMemo(() => createUndo({ client, toast, reload, entries }), [client, toast, reload, entries]);

  // Another home (or profile) replaces this provider: its Undo buttons would act on the wrong files.
  useEffect(
    () => () => {
      for (const e of entries.values()) {
        if (e.state === 'live') toast.update(e.toastId, { action: undefined, keep: false, kind: 'info', status: 'Another Hermes home is open now; undo this from its Backups page.' });
      }
      entries.clear();
    },
    [entries, toast],
  );

  return <UndoContext.Provider value={api}>{children}</UndoContext.Provider>;
}
