/** The fallback editor's draft: rows as the user arranges them, before "Save chain" writes them. */
import type { ChainProblem, ChainView, FallbackEntryIn } from '../../../../shared/contract/routing';

export interface DraftRow {
  /** Stable React key (survives reordering). */
  key: string;
  provider: string;
  model: string;
  base_url: string;
  key_env: string;
  api_mode: string;
  /** The entry on disk it was (keys the editor does not edit are kept); null for a new one. */
  source: { origin: 'fallback_providers' | 'fallback_model' | 'fallback_chain'; index: number } | null;
}

let seq = 0;
export function newRowKey(): string {
  seq += 1;
  return `row-${seq}`;
}

export function rowsFromView(view: ChainView): DraftRow[] {
  return view.entries.map((e) => ({
    key: e.source ? `${e.source.origin}:${e.source.index}` : newRowKey(),
    provider: e.provider,
    model: e.model,
    base_url: e.base_url,
    key_env: e.key_env,
    api_mode: e.api_mode,
    source: e.source,
  }));
}

export function toRequest(rows: readonly DraftRow[]): FallbackEntryIn[] {
  return rows.map((r) => ({ provider: r.provider, model: r.model, base_url: r.base_url, key_env: r.key_env, api_mode: r.api_mode, source: r.source }));
}

const FIELDS = ['provider', 'model', 'base_url', 'key_env', 'api_mode'] as const;

function sameRow(a: DraftRow, b: DraftRow): boolean {
  return FIELDS.every((f) => a[f] === b[f]) && JSON.stringify(a.source) === JSON.stringify(b.source);
}

export function sameRows(a: readonly DraftRow[], b: readonly DraftRow[]): boolean {
  return a.length === b.length && a.every((r, i) => sameRow(r, b[i]!));
}

/** A row that is new, or whose fields differ from the entry on disk it came from. */
export function isEdited(row: DraftRow, baseline: readonly DraftRow[]): boolean {
  if (row.source === null) return true;
  const was = baseline.find((b) => JSON.stringify(b.source) === JSON.stringify(row.source));
  return was === undefined || !FIELDS.every((f) => was[f] === row[f]);
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

export function problemsAt(problems: readonly ChainProblem[], index: number): ChainProblem[] {
  return problems.filter((p) => p.index === index);
}

/** "anthropic · claude-sonnet-5" (aux entries may leave the model empty). */
export function rowLabel(row: Pick<DraftRow, 'provider' | 'model'>): string {
  return `${row.provider || '(no provider)'} · ${row.model || '(provider default)'}`;
}
