import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export type ToastKind = 'ok' | 'error' | 'info';

export interface ToastAction {
  label: string;
  run: () => void;
  /** The action is running: the button shows it and cannot be pressed twice. */
  busy?: boolean;
  /** The toast stays after the action runs (its owner updates it with the outcome); else it closes. */
  stay?: boolean;
}

export interface ToastInput {
  kind: ToastKind;
  title: string;
  body?: string | undefined;
  action?: ToastAction | undefined;
  /** What became of the toast's action ("Undone", "Can no longer be undone: …"), shown in its place. */
  status?: string | undefined;
  /**
   * Keep the toast after its visible period (an Undo, or what became of one): it then moves into the
   * collapsed "earlier" list instead of disappearing, so the Undo stays reachable.
   */
  keep?: boolean | undefined;
}

export interface Toast extends ToastInput {
  id: number;
  /** Shown in full (new or just updated); false once its visible period is over. */
  fresh: boolean;
  /** Milliseconds of the visible period left (null: stays until dismissed). */
  left: number | null;
}

export interface ToastApi {
  /** Shows a toast; returns its id for `update`. */
  show(t: ToastInput): number;
  /** Changes a toast (e.g. after its action ran); it is shown in full again. */
  update(id: number, patch: Partial<ToastInput>): void;
  dismiss(id: number): void;
}

/** Toasts shown in full at once; the rest collapse into one "earlier" row. */
export const MAX_VISIBLE = 2;
/** Toasts kept in all (the oldest non-error one goes first). */
const MAX_KEPT = 8;
const TTL_PLAIN = 6_000;
const TTL_ACTION = 15_000;
const TICK = 500;

interface ToastStore {
  api: ToastApi;
  toasts: Toast[];
  paused: boolean;
  setPaused: (paused: boolean) => void;
  registerTray: () => () => void;
  trays: number;
}

const ToastContext = createContext<ToastStore | null>(null);

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('ToastProvider is missing');
  return ctx.api;
}

function ttlOf(t: ToastInput): number | null {
  if (t.kind === 'error') return null;
  return t.action ? TTL_ACTION : TTL_PLAIN;
}

/**
 * Notices after an action, announced to screen readers. They never float over the page: the tray
 * (`<ToastTray />`) sits in the layout under the content, so the controls a toast refers to stay
 * visible and clickable at every window size. At most `MAX_VISIBLE` are shown in full; older ones
 * collapse into an "earlier" row (kept while their Undo is valid); errors stay until dismissed; the
 * visible period pauses while the pointer or focus is in the tray.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [paused, setPaused] = useState(false);
  const [trays, setTrays] = useState(0);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback((t: ToastInput) => {
    const id = nextId.current++;
    setToasts((list) => {
      const next = [...list, { ...t, id, fresh: true, left: ttlOf(t) }];
      while (next.length > MAX_KEPT) {
        const drop = next.findIndex((x) => x.kind !== 'error');
        next.splice(drop === -1 ? 0 : drop, 1);
      }
      return next;
    });
    return id;
  }, []);
  const update = useCallback((id: number, patch: Partial<ToastInput>) => {
    // An updated toast has news (its action ran): it moves to the newest place, so it is shown in full.
    setToasts((list) => {
      const t = list.find((x) => x.id === id);
      if (!t) return list;
      const merged = { ...t, ...patch };
      return [...list.filter((x) => x.id !== id), { ...merged, fresh: true, left: ttlOf(merged) }];
    });
  }, []);

  const timed = toasts.some((t) => t.fresh && t.left !== null);
  useEffect(() => {
    if (!timed || paused) return;
    const timer = setInterval(() => {
      setToasts((list) =>
        list.flatMap((t) => {
          if (!t.fresh || t.left === null) return [t];
          const left = t.left - TICK;
          if (left > 0) return [{ ...t, left }];
          // Visible period over: a kept toast (an Undo, or what became of one) collapses; others go.
          return t.keep ? [{ ...t, fresh: false, left: null }] : [];
        }),
      );
    }, TICK);
    return () => clearInterval(timer);
  }, [timed, paused]);

  const registerTray = useCallback(() => {
    setTrays((n) => n + 1);
    return () => setTrays((n) => n - 1);
  }, []);

  const api = useMemo<ToastApi>(() => ({ show, update, dismiss }), [show, update, dismiss]);
  const store = useMemo<ToastStore>(() => ({ api, toasts, paused, setPaused, registerTray, trays }), [api, toasts, paused, registerTray, trays]);
  return (
    <ToastContext.Provider value={store}>
      {children}
      {/* Screens without a layout (first run, start-up errors) get the tray floating at the bottom. */}
      {trays === 0 && <TrayView store={store} floating />}
    </ToastContext.Provider>
  );
}

/** Where toasts appear: put it in the layout under the scrolling content. */
export function ToastTray() {
  const store = useContext(ToastContext);
  if (!store) throw new Error('ToastProvider is missing');
  const { registerTray } = store;
  useEffect(() => registerTray(), [registerTray]);
  return <TrayView store={store} floating={false} />;
}

function TrayView({ store, floating }: { store: ToastStore; floating: boolean }) {
  const { toasts, api, setPaused } = store;
  const [showEarlier, setShowEarlier] = useState(false);
  const freshOnes = toasts.filter((t) => t.fresh);
  const visible = freshOnes.slice(-MAX_VISIBLE);
  const earlier = toasts.filter((t) => !visible.includes(t));
  useEffect(() => {
    if (earlier.length === 0) setShowEarlier(false);
  }, [earlier.length]);
  if (toasts.length === 0) return null;
  return (
    <div
      className={`toast-tray${floating ? ' floating' : ''}`}
      role="region"
      aria-label="Notifications"
      data-testid="toast-tray"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <div className="toast-tray-inner" role="status" aria-live="polite">
        {earlier.length > 0 && (
          <button type="button" className="toast-earlier-toggle" aria-expanded={showEarlier} onClick={() => setShowEarlier((v) => !v)} data-testid="toast-earlier">
            <span aria-hidden="true">{showEarlier ? '▾' : '▸'}</span> {earlier.length} earlier {earlier.length === 1 ? 'notice' : 'notices'}
            {earlier.some((t) => t.action) && !showEarlier && <span className="faint"> · {earlier.filter((t) => t.action).length} with Undo</span>}
          </button>
        )}
        {showEarlier && (
          <div className="toast-earlier" data-testid="toast-earlier-list">
            {earlier.map((t) => (
              <ToastRow key={t.id} toast={t} api={api} compact />
            ))}
          </div>
        )}
        {visible.map((t) => (
          <ToastRow key={t.id} toast={t} api={api} compact={false} />
        ))}
      </div>
    </div>
  );
}

function ToastRow({ toast: t, api, compact }: { toast: Toast; api: ToastApi; compact: boolean }) {
  return (
    <div className={`toast toast-${t.kind}${compact ? ' compact' : ''}`} data-testid="toast" data-toast-id={t.id} role={t.kind === 'error' && !compact ? 'alert' : undefined}>
      <div className="toast-body">
        <strong className="toast-title">{t.title}</strong>
        {t.body && <span className="toast-text muted small">{t.body}</span>}
        {t.status && (
          <span className="toast-status small" data-testid="toast-status">
            {t.status}
          </span>
        )}
      </div>
      {t.action && (
        <button className="btn btn-sm" disabled={t.action.busy} aria-busy={t.action.busy || undefined} onClick={() => {
            if (!t.action!.stay) api.dismiss(t.id);
            t.action!.run();
          }}
          data-testid="toast-action"
        >
          {t.action.busy && <span className="spinner" aria-hidden="true" />}
          {t.action.label}
        </button>
      )}
      <button className="btn btn-sm btn-ghost" aria-label={`Dismiss: ${t.title}`} onClick={() => api.dismiss(t.id)} data-testid="toast-dismiss">
        ✕
      </button>
    </div>
  );
}
