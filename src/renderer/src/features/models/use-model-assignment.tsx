import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { SetAuxResult, SetMainResult, StaleAux } from '../../../../shared/contract/models';
import type { AppErrorData } from '../../../../shared/errors';
import type { Result } from '../../../../shared/result';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Modal } from '../../components/ui/Modal';
import { useBackend } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';

/** Which auxiliary tasks a write targets. `all: 'universe'` = every task Switchboard lists. */
export type AuxTarget = { task: string } | { all: 'universe' | 'dashboard' } | { tasks: string[] };

export type AssignOutcome = 'done' | 'cancelled' | 'failed';

type ConfirmRequired = { ok: false; confirm_required: true; confirm_message: string };

/**
 * Assigning models from anywhere in the UI — the Model Settings panel, the picker, and the "Use as"
 * menu on usage cards — with one behaviour: the write is based on the config version on screen
 * (`baseHash`), the expensive-model guard asks first, a conflict is kept for the caller to show with
 * a Reload action, success says what was written and offers Undo (restore of the backup just taken),
 * and a main-provider switch reports auxiliary tasks still pinned elsewhere (`staleAux`).
 *
 * Render `dialogs` somewhere in the tree that uses the hook.
 */
export function useModelAssignment() {
  const client = useBackend();
  const config = useConfig();
  const toast = useToast();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [staleAux, setStaleAux] = useState<StaleAux[] | null>(null);
  const [confirm, setConfirm] = useState<{ message: string; resolve: (yes: boolean) => void } | null>(null);
  // The version on screen: every write is based on it, so an outside change to the same slot is a conflict.
  const hash = config.state?.hash ?? null;

  const ask = useCallback((message: string) => new Promise<boolean>((resolve) => setConfirm({ message, resolve })), []);

  const undoAction = useCallback(
    (backupId: string | null) =>
      backupId === null
        ? undefined
        : {
            label: 'Undo',
            run: () =>
              void client.call('backups.restore', { id: backupId }).then((r) => {
                toast.show(r.ok ? { kind: 'ok', title: 'Change undone', body: 'config.yaml is back to the previous version.' } : { kind: 'error', title: 'Could not undo', body: r.error.message });
                void config.reload();
              }),
          },
    [client, toast, config],
  );

  /** Run a write; ask and retry once on the expensive-model guard. */
  const run = useCallback(
    async <T extends SetMainResult | SetAuxResult>(send: (confirmExpensive: boolean) => Promise<Result<T | ConfirmRequired>>, describe: (r: T) => { title: string; body: string }): Promise<{ outcome: AssignOutcome; result?: T }> => {
      setPending(true);
      setError(null);
      try {
        let r = await send(false);
        if (r.ok && r.data.ok === false) {
          if (!(await ask(r.data.confirm_message))) return { outcome: 'cancelled' };
          r = await send(true);
        }
        if (!r.ok) {
          setError(r.error);
          if (r.error.code !== 'CONFIG_CONFLICT') toast.show({ kind: 'error', title: 'Nothing was changed', body: r.error.message });
          return { outcome: 'failed' };
        }
        if (r.data.ok === false) return { outcome: 'cancelled' };
        const data = r.data as T;
        await config.reload();
        const text = describe(data);
        if (data.changed) toast.show({ kind: 'ok', title: text.title, body: `${text.body} Applies to new Hermes sessions.`, action: undoAction(data.backupId) });
        else toast.show({ kind: 'info', title: 'Already set', body: text.body });
        return { outcome: 'done', result: data };
      } finally {
        setPending(false);
      }
    },
    [ask, config, toast, undoAction],
  );

  const setMain = useCallback(
    async (provider: string, model: string): Promise<AssignOutcome> => {
      const { outcome, result } = await run<SetMainResult>(
        (confirmExpensive) => client.call('models.setMain', { provider, model, baseHash: hash, confirmExpensive }),
        (r) => ({ title: 'Main model set', body: `${r.provider} · ${r.model}.` }),
      );
      if (result) setStaleAux(result.stale_aux.length > 0 ? result.stale_aux : null);
      return outcome;
    },
    [client, run, hash],
  );

  const setAux = useCallback(
    async (target: AuxTarget, provider: string, model: string): Promise<AssignOutcome> => {
      const request = 'task' in target ? { task: target.task } : 'tasks' in target ? { task: '', tasks: target.tasks } : { task: '', all: target.all };
      const { outcome, result } = await run<SetAuxResult>(
        (confirmExpensive) => client.call('models.setAux', { ...request, provider, model, baseHash: hash, confirmExpensive }),
        (r) => ({
          title: r.tasks.length === 1 ? `${r.tasks[0]} model set` : `${r.tasks.length} auxiliary tasks set`,
          body: r.provider === 'auto' && r.model === '' ? 'auto (use main model).' : `${r.provider} · ${r.model || '(provider default)'}.`,
        }),
      );
      if (result) setStaleAux((current) => (current ? current.filter((s) => !result.tasks.includes(s.task)) : null));
      return outcome;
    },
    [client, run, hash],
  );

  const resetAux = useCallback(
    async (target: { tasks: string[] } | { all: 'universe' | 'dashboard' } = { all: 'universe' }): Promise<AssignOutcome> => {
      const { outcome, result } = await run<SetAuxResult>(
        () => client.call('models.setAux', { task: '__reset__', ...target, baseHash: hash }),
        (r) => ({ title: r.tasks.length === 1 ? `${r.tasks[0]} reset to auto` : `${r.tasks.length} auxiliary tasks reset to auto`, body: 'They use the main model again.' }),
      );
      if (result) setStaleAux((current) => (current ? current.filter((s) => !result.tasks.includes(s.task)) : null));
      return outcome;
    },
    [client, run, hash],
  );

  const dialogs: ReactNode = useMemo(
    () => (
      <Modal
        open={confirm !== null}
        onOpenChange={(open) => {
          if (!open && confirm) {
            confirm.resolve(false);
            setConfirm(null);
          }
        }}
        title="Use an expensive model?"
        description={confirm?.message}
        testId="expensive-confirm"
        footer={
          <>
            <Button
              onClick={() => {
                confirm?.resolve(false);
                setConfirm(null);
              }}
            >
              Cancel
            </Button>
            <Button
              variant="primary"
              data-testid="expensive-confirm-yes"
              onClick={() => {
                confirm?.resolve(true);
                setConfirm(null);
              }}
            >
              Use it
            </Button>
          </>
        }
      />
    ),
    [confirm],
  );

  return {
    setMain,
    setAux,
    resetAux,
    pending,
    error,
    clearError: () => setError(null),
    staleAux: staleAux && staleAux.length > 0 ? staleAux : null,
    dismissStale: () => setStaleAux(null),
    dialogs,
  };
}

export type ModelAssignment = ReturnType<typeof useModelAssignment>;
