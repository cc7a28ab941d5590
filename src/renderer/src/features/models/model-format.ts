/** Display helpers for models: context windows, prices, provider lookup, fit warnings. */
import type { AuxTaskInfo, ModelOptions, PickerModel, ProviderOption } from '../../../../shared/contract/models';
import { checkWrite, type WriteProblem, type WriteSlot } from '../../../../shared/models/write-check';

/** 1,048,576 → "1.05M", 200,000 → "200K", 65,536 → "65.5K". */
export function formatContext(n: number): string {
  if (n >= 1_000_000) return `${trim((n / 1_000_000).toFixed(2))}M`;
  if (n >= 100_000) return `${Math.round(n / 1000)}K`;
  if (n >= 1000) return `${trim((n / 1000).toFixed(1))}K`;
  return String(n);
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** USD per million tokens: "$3", "$0.15", "$0.075". */
export function formatPrice(n: number): string {
  if (n === 0) return '$0';
  if (n >= 10 || Number.isInteger(n)) return `$${trim(n.toFixed(2))}`;
  if (n >= 0.1) return `$${n.toFixed(2)}`;
  return `$${trim(n.toFixed(3))}`;
}

export { findModel, findProviderRow } from '../../../../shared/models/write-check';

/** The slot a picker is assigning, for requirement checks. */
export type PickerTarget = { kind: 'main' } | { kind: 'aux'; task: AuxTaskInfo } | { kind: 'aux-all'; count: number };

/**
 * What the picker shows under the highlighted model: the same shared pre-write check the write itself
 * runs (credentials, unknown provider, vision, context floor, tools, price). "All tasks" is checked
 * per task in the confirmation before writing.
 */
export function fitWarnings(target: PickerTarget, options: ModelOptions | undefined, row: ProviderOption | undefined, model: PickerModel | undefined): WriteProblem[] {
  if (!row) return [];
  const slots: WriteSlot[] =
    target.kind === 'main' ? [{ kind: 'main' }] : target.kind === 'aux' ? [{ kind: 'aux', task: target.task }] : [{ kind: 'aux', task: { key: 'all', label: 'the tasks', needsVision: false } }];
  return checkWrite(options, slots, { provider: row.slug, model: model?.id ?? '' }).problems.filter((p) => model !== undefined || p.id === 'auth');
}

/** "provider · model", as Hermes's dashboard shows a slot. */
export function slotLabel(provider: string, model: string): string {
  return `${provider} · ${model || '(provider default)'}`;
}
