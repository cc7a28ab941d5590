import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AuxTaskInfo, ModelOptions, SetAuxResult, SetMainResult, StaleAux } from '../../../../shared/contract/models';
import type { AppErrorData } from '../../../../shared/errors';
import { choiceFor, type CardRoute } from '../../../../shared/models/card-route';
import { checkWrite, planAuxChanges, planMainChange, sameProvider, type WriteChoice, type WriteProblem, type WriteSlot } from '../../../../shared/models/write-check';
import type { Result } from '../../../../shared/result';
import { useConfig } from '../../app/config-context';
import { useBackend } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';
import { useUndo } from '../../lib/undo';
import type { ModelCatalog } from './use-model-catalog';
import { EndpointChoiceDialog, WriteConfirmDialog, type ConfirmSpec, type EndpointAnswer, type EndpointAsk } from './WriteDialogs';

/** Which auxiliary tasks a write targets. `all: 'universe'` = every task Switchboard lists. */
export type AuxTarget = { task: string } | { all: 'universe' | 'dashboard' } | { tasks: string[] };

/** What "Use as" assigns a model to. */
export type UseAsSlot = { kind: 'main' } | { kind: 'all' } | { kind: 'task'; task: string };

export type AssignOutcome = 'done' | 'cancelled' | 'failed';

type ConfirmRequired = { ok: false; confirm_required: true; confirm_message: string };

/** Warnings a write answered with (unknown provider accepted, …); absent on older servers. */
function warningsOf(data: unknown): string[] {
  const w = (data as { warnings?: unknown }).warnings;
  return Array.isArray(w) ? w.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Assigning models from anywhere in the UI — the Model Settings panel, the picker, "Use as" on usage
 * and endpoint cards — with one behaviour:
 *  1. the shared pre-write check (`shared/models/write-check.ts`) runs on what would be written; any
 *     problem or unknown fact is shown BEFORE writing, and a write to several tasks always lists which
 *     tasks change from what to what; the person proceeds or cancels;
 *  2. a card recorded under the bare `custom` provider is written as the endpoint it came from (or the
 *     person is asked which one), never as a slot without an endpoint;
 *  3. the write is based on the config version on screen (`baseHash`); a conflict is kept for the
 *     caller to show with a Reload action; the server's expensive-model guard is answered from step 1;
 *  4. success says what was written, with the warnings the server returned and the shared Undo; a
 *     switch of the main provider reports auxiliary tasks still pinned elsewhere (`staleAux`) — only
 *     when the provider really changed.
 *
 * Render `dialogs` somewhere in the tree that uses the hook.
 */
export function useModelAssignment(catalog: ModelCatalog) {
  const client = useBackend();
  const config = useConfig();
  const toast = useToast();
  const undo = useUndo();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [staleAux, setStaleAux] = useState<StaleAux[] | null>(null);
  const [confirm, setConfirm] = useState<ConfirmSpec | null>(null);
  const [endpointAsk, setEndpointAsk] = useState<EndpointAsk | null>(null);
  const answer = useRef<((v: boolean) => void) | null>(null);
  const endpointAnswer = useRef<((v: EndpointAnswer) => void) | null>(null);

  const state = config.state;
  // The version on screen: every write is based on it, so an outside change to the same slot is a conflict.
  const hash = state?.hash ?? null;
  const options: ModelOptions | undefined = catalog.options.data;
  const auxData = catalog.auxiliary.data;
  const universe: AuxTaskInfo[] = useMemo(() => auxData?.universe ?? [], [auxData]);

  const ask = useCallback(
    (spec: ConfirmSpec) =>
      new Promise<boolean>((resolve) => {
        answer.current = resolve;
        setConfirm(spec);
      }),
    [],
  );
  const onAnswer = useCallback((yes: boolean) => {
    answer.current?.(yes);
    answer.current = null;
    setConfirm(null);
  }, []);
  const onEndpoint = useCallback((a: EndpointAnswer) => {
    endpointAnswer.current?.(a);
    endpointAnswer.current = null;
    setEndpointAsk(null);
  }, []);

  /** Send a write; on the server's expensive-model guard (a price the UI did not know) ask and resend. */
  const send = useCallback(
    async <T extends SetMainResult | SetAuxResult>(
      write: (confirmExpensive: boolean) => Promise<Result<T | ConfirmRequired>>,
      confirmedExpensive: boolean,
      describe: (r: T) => { title: string; body: string },
    ): Promise<{ outcome: AssignOutcome; result?: T }> => {
      setPending(true);
      setError(null);
      try {
        let r = await write(confirmedExpensive);
        if (r.ok && r.data.ok === false) {
          const problem: WriteProblem = { id: 'expensive', level: 'warn', slots: [], text: r.data.confirm_message };
          if (!(await ask({ title: 'Use an expensive model?', intro: 'Hermes asks before it assigns a model above its price threshold.', problems: [problem], changes: [], confirmLabel: 'Use it' }))) return { outcome: 'cancelled' };
          r = await write(true);
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
        const warnings = warningsOf(data);
        const body = `${text.body} Applies to new Hermes sessions.${warnings.length > 0 ? ` Note: ${warnings.join(' ')}` : ''}`;
        if (data.changed) undo.notify({ kind: 'ok', title: text.title, body, backupId: data.backupId });
        else toast.show({ kind: 'info', title: 'Already set', body: text.body });
        return { outcome: 'done', result: data };
      } finally {
        setPending(false);
      }
    },
    [ask, config, toast, undo],
  );

  const introFor = (problems: readonly WriteProblem[], what: string) =>
    problems.length === 0
      ? `${what} Nothing is written until you confirm; a backup is taken first.`
      : `${what} Switchboard found ${problems.length === 1 ? 'something' : 'some things'} to check first. Nothing is written until you confirm.`;

  const setMain = useCallback(
    async (choice: WriteChoice): Promise<AssignOutcome> => {
      if (!state) return 'failed';
      const change = planMainChange(options, state.main, choice);
      if (!change.changes) {
        toast.show({ kind: 'info', title: 'Already set', body: `The main model is already ${change.to}. Nothing was written.` });
        return 'done';
      }
      const check = checkWrite(options, [{ kind: 'main' }], choice);
      if (check.problems.length > 0) {
        const go = await ask({
          title: check.problems.some((p) => p.id === 'unknown_provider') ? `Write provider “${choice.provider}”?` : 'Set the main model anyway?',
          intro: introFor(check.problems, `Main model: ${change.from} → ${change.to}.`),
          problems: check.problems,
          changes: [change],
          confirmLabel: 'Set it anyway',
        });
        if (!go) return 'cancelled';
      }
      const previous = state.main.form === 'unset' ? null : state.main.provider;
      const { outcome, result } = await send<SetMainResult>(
        (confirmExpensive) =>
          client.call('models.setMain', { provider: choice.provider, model: choice.model, ...(choice.baseUrl !== undefined && { baseUrl: choice.baseUrl }), baseHash: hash, confirmExpensive }),
        check.expensive,
        (r) => ({ title: 'Main model set', body: `${r.provider} · ${r.model}.` }),
      );
      // Tasks pinned elsewhere matter only when the main provider really changed.
      if (result) setStaleAux(previous !== null && sameProvider(options, previous, result.provider) ? null : result.stale_aux.length > 0 ? result.stale_aux : null);
      return outcome;
    },
    [state, options, toast, ask, send, client, hash],
  );

  const tasksOf = useCallback(
    (target: AuxTarget): AuxTaskInfo[] => {
      const info = (key: string): AuxTaskInfo =>
        universe.find((t) => t.key === key) ?? { key, label: key, hint: '', group: 'more', origin: 'config', configured: true, needsVision: false };
      if ('task' in target) return [info(target.task)];
      if ('tasks' in target) return target.tasks.map(info);
      return target.all === 'dashboard' ? universe.filter((t) => t.group === 'dashboard') : universe;
    },
    [universe],
  );

  const setAux = useCallback(
    async (target: AuxTarget, choice: WriteChoice): Promise<AssignOutcome> => {
      if (!state) return 'failed';
      const tasks = tasksOf(target);
      const changes = planAuxChanges(options, state.auxiliary, tasks, choice);
      const writes = changes.filter((c) => c.changes);
      const single = 'task' in target;
      if (writes.length === 0) {
        toast.show({ kind: 'info', title: 'Already set', body: `${single ? tasks[0]!.label : `All ${tasks.length} tasks`} already ${single ? 'uses' : 'use'} ${changes[0]?.to ?? choice.model}. Nothing was written.` });
        return 'done';
      }
      const slots: WriteSlot[] = tasks.filter((t) => writes.some((w) => w.slot === t.key)).map((t) => ({ kind: 'aux', task: t }));
      const check = checkWrite(options, slots, choice);
      if (!single || check.problems.length > 0) {
        const to = writes[0]!.to;
        const go = await ask({
          title: check.problems.some((p) => p.id === 'unknown_provider')
            ? `Write provider “${choice.provider}”?`
            : single
              ? `Set ${tasks[0]!.label} anyway?`
              : `Set ${writes.length} auxiliary ${writes.length === 1 ? 'task' : 'tasks'} to ${to}?`,
          intro: introFor(
            check.problems,
            single ? `${tasks[0]!.label}: ${writes[0]!.from} → ${to}.` : `${writes.length} of ${tasks.length} tasks change${writes.length < tasks.length ? `; ${tasks.length - writes.length} already use it` : ''}. Timeouts and other settings stay.`,
          ),
          problems: check.problems,
          changes: single ? [writes[0]!] : changes,
          confirmLabel: single ? 'Set it anyway' : `Set ${writes.length} ${writes.length === 1 ? 'task' : 'tasks'}`,
        });
        if (!go) return 'cancelled';
      }
      const keys = writes.map((w) => w.slot);
      const request = single ? { task: keys[0]! } : { task: '', tasks: keys };
      const { outcome, result } = await send<SetAuxResult>(
        (confirmExpensive) =>
          client.call('models.setAux', { ...request, provider: choice.provider, model: choice.model, ...(choice.baseUrl !== undefined && { baseUrl: choice.baseUrl }), baseHash: hash, confirmExpensive }),
        check.expensive,
        (r) => ({
          title: r.tasks.length === 1 ? `${tasks.find((t) => t.key === r.tasks[0])?.label ?? r.tasks[0]} model set` : `${r.tasks.length} auxiliary tasks set`,
          body: `${r.provider} · ${r.model || '(provider default)'}.`,
        }),
      );
      if (result) setStaleAux((current) => (current ? current.filter((s) => !result.tasks.includes(s.task)) : null));
      return outcome;
    },
    [state, tasksOf, options, toast, ask, send, client, hash],
  );

  /**
   * Tasks back to auto. A write to several tasks lists them first, unless the caller has just shown
   * exactly that list (`listed`).
   */
  const resetAux = useCallback(
    async (target: { tasks: string[] } | { all: 'universe' | 'dashboard' } = { all: 'universe' }, listed = false): Promise<AssignOutcome> => {
      if (!state) return 'failed';
      const tasks = tasksOf(target);
      const changes = planAuxChanges(options, state.auxiliary, tasks, null);
      const writes = changes.filter((c) => c.changes);
      if (writes.length === 0) {
        toast.show({ kind: 'info', title: 'Already auto', body: 'Nothing was written.' });
        return 'done';
      }
      if (writes.length > 1 && !listed) {
        const go = await ask({
          title: `Reset ${writes.length} auxiliary tasks to auto?`,
          intro: `They go back to the main model (provider auto, no model). Their own base URLs and keys are removed; timeouts and other settings stay. A backup is taken first.`,
          problems: [],
          changes: writes,
          confirmLabel: `Reset ${writes.length} to auto`,
          danger: true,
        });
        if (!go) return 'cancelled';
      }
      const { outcome, result } = await send<SetAuxResult>(
        () => client.call('models.setAux', { task: '__reset__', tasks: writes.map((w) => w.slot), baseHash: hash }),
        false,
        (r) => ({ title: r.tasks.length === 1 ? `${tasks.find((t) => t.key === r.tasks[0])?.label ?? r.tasks[0]} reset to auto` : `${r.tasks.length} auxiliary tasks reset to auto`, body: 'They use the main model again.' }),
      );
      if (result) setStaleAux((current) => (current ? current.filter((s) => !result.tasks.includes(s.task)) : null));
      return outcome;
    },
    [state, tasksOf, options, toast, ask, send, client, hash],
  );

  /** "Use as" on a card: resolve the route (asking for the endpoint of a bare `custom` card), then write. */
  const assignCard = useCallback(
    async (route: CardRoute, model: string, slot: UseAsSlot): Promise<AssignOutcome> => {
      let choice: WriteChoice;
      if (route.kind === 'ask') {
        const picked = await new Promise<EndpointAnswer>((resolve) => {
          endpointAnswer.current = resolve;
          setEndpointAsk({ model, reason: route.reason, candidates: route.candidates });
        });
        if (picked === null) return 'cancelled';
        choice = 'endpoint' in picked ? choiceFor(picked.endpoint, model) : { provider: 'custom', model, baseUrl: picked.baseUrl };
      } else {
        choice = route.choice;
      }
      if (slot.kind === 'main') return setMain(choice);
      return setAux(slot.kind === 'all' ? { all: 'universe' } : { task: slot.task }, choice);
    },
    [setMain, setAux],
  );

  const dialogs: ReactNode = (
    <>
      <WriteConfirmDialog spec={confirm} onAnswer={onAnswer} />
      <EndpointChoiceDialog ask={endpointAsk} onAnswer={onEndpoint} />
    </>
  );

  return {
    setMain,
    setAux,
    resetAux,
    assignCard,
    options,
    universe,
    pending,
    error,
    clearError: () => setError(null),
    staleAux: staleAux && staleAux.length > 0 ? staleAux : null,
    dismissStale: () => setStaleAux(null),
    dialogs,
  };
}

export type ModelAssignment = ReturnType<typeof useModelAssignment>;
