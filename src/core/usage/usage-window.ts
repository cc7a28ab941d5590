/**
 * Turns a usage window (Hermes's "last N days" or a custom range) into exact `started_at` bounds, the run
 * of whole UTC hours inside it and the partial hours at its edges.
 *
 * Hermes's cutoff `now - days*86400` is not hour- or day-aligned and moves every second, so the cache can
 * only serve whole hours; the one or two partial hours at the edges are read from the DB with the exact
 * predicate (`started_at > cutoff`, via `idx_sessions_started`). Mirrors the cutoff of
 * `hermes_cli/web_server.py::_get_models_analytics`.
 */
import type { UsageWindow } from '../../shared/domain/usage';
import { AppError } from '../app-error';
import { hourOf } from './usage-aggregate';
import type { Bound } from './usage-sql';

export interface ResolvedWindow {
  window: UsageWindow;
  lo: Bound;
  hi: Bound | null;
  /** Whole hours [firstFullHour, lastFullHour] lie entirely inside the window (may be empty). */
  firstFullHour: number;
  lastFullHour: number;
  /** Partial-hour ranges at the window edges, to be read from the DB directly. */
  edges: Array<{ lo: Bound; hi: Bound }>;
  /**
   * UTC day indexes (floor(t / 86400)) the daily series spans. Same day as SQLite's
   * `date(started_at, 'unixepoch')`, except within 0.5 ms before midnight where SQLite rounds to the ms.
   */
  firstDay: number;
  lastDay: number;
}

/** UTC day index of an epoch-seconds value, consistent with `hourOf`. */
export function dayOf(t: number): number {
  return Math.floor(hourOf(t) / 24);
}

/** Resolves a window at `now` (epoch seconds). Nonsense windows are INVALID_INPUT, not empty results. */
export function resolveWindow(window: UsageWindow, now: number): ResolvedWindow {
  const bad =
    !Number.isFinite(now) ||
    (window.kind === 'days'
      ? !(Number.isFinite(window.days) && window.days > 0)
      : !(Number.isFinite(window.from) && Number.isFinite(window.to) && window.from < window.to));
  if (bad) throw new AppError('INVALID_INPUT', 'Invalid usage window', { window, now });
  const lo: Bound =
    window.kind === 'days' ? { t: now - window.days * 86400, inclusive: false } : { t: window.from, inclusive: true };
  const hi: Bound | null = window.kind === 'days' ? null : { t: window.to, inclusive: false };
  const hLo = hourOf(lo.t);
  const loStartsHour = lo.inclusive && lo.t === hLo * 3600;
  let firstFullHour = loStartsHour ? hLo : hLo + 1;
  let lastFullHour = Number.POSITIVE_INFINITY;
  const edges: ResolvedWindow['edges'] = [];
  const bottomEnd: Bound = { t: (hLo + 1) * 3600, inclusive: false };

  if (!hi) {
    if (!loStartsHour) edges.push({ lo, hi: bottomEnd });
  } else {
    const hHi = hourOf(hi.t);
    lastFullHour = hHi - 1;
    if (hLo === hHi) {
      edges.push({ lo, hi });
      firstFullHour = 1;
      lastFullHour = 0;
    } else {
      if (!loStartsHour) edges.push({ lo, hi: bottomEnd });
      if (hi.t > hHi * 3600) edges.push({ lo: { t: hHi * 3600, inclusive: true }, hi });
    }
  }
  const firstDay = dayOf(lo.t);
  let lastDay: number;
  if (hi) {
    const d = dayOf(hi.t);
    lastDay = hi.t === d * 86400 ? d - 1 : d;
  } else {
    lastDay = dayOf(now);
  }
  return { window, lo, hi, firstFullHour, lastFullHour, edges, firstDay, lastDay: Math.max(firstDay, lastDay) };
}
