/** Display helpers for models: context windows, prices, provider lookup, fit warnings. */
import type { AuxTaskInfo, ModelOptions, PickerModel, ProviderOption } from '../../../../shared/contract/models';

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

/** Which options row a provider value from config.yaml names (slug, or one of its aliases). */
export function findProviderRow(options: ModelOptions | undefined, provider: string): ProviderOption | undefined {
  if (!options) return undefined;
  const p = provider.trim().toLowerCase();
  if (p === '' || p === 'auto' || p === 'main') return undefined;
  return options.providers.find((r) => r.slug.toLowerCase() === p) ?? options.providers.find((r) => r.aliases.includes(p));
}

export function findModel(row: ProviderOption | undefined, model: string): PickerModel | undefined {
  return row?.model_details.find((m) => m.id === model);
}

/** The slot a picker is assigning, for requirement checks. */
export type PickerTarget = { kind: 'main' } | { kind: 'aux'; task: AuxTaskInfo } | { kind: 'aux-all'; count: number };

export interface FitWarning {
  id: 'context' | 'vision' | 'tools' | 'auth' | 'expensive';
  text: string;
}

/** Why a model may not suit the slot: small window, no image input for vision, no tools for main, not set up. */
export function fitWarnings(target: PickerTarget, row: ProviderOption | undefined, model: PickerModel | undefined, minimum: number): FitWarning[] {
  const out: FitWarning[] = [];
  if (row && !row.authenticated) out.push({ id: 'auth', text: `${row.name} is not set up, so Hermes cannot use it yet. ${row.auth.hint}` });
  if (!model) return out;
  const known = model.contextWindow !== undefined && model.contextSource !== 'estimate';
  const floor = target.kind === 'aux' && target.task.minContextLength !== undefined ? Math.max(minimum, target.task.minContextLength) : minimum;
  if (known && model.contextWindow! < floor) {
    out.push({
      id: 'context',
      text:
        target.kind === 'aux' && target.task.key === 'compression'
          ? `Context window ${formatContext(model.contextWindow!)} is under ${formatContext(floor)}: Hermes skips compression models this small.`
          : `Context window ${formatContext(model.contextWindow!)} is under Hermes's ${formatContext(floor)} minimum; Hermes warns about it at startup.`,
    });
  }
  if (target.kind === 'aux' && target.task.needsVision && model.capabilities.vision === false) {
    out.push({ id: 'vision', text: 'This model does not take images, and the vision task sends it images.' });
  }
  if (target.kind === 'main' && model.capabilities.tools === false) {
    out.push({ id: 'tools', text: "This model does not support tool calls; Hermes's main loop relies on them." });
  }
  if (model.pricing && (model.pricing.input > 20 || model.pricing.output > 100)) {
    out.push({ id: 'expensive', text: `Expensive: ${formatPrice(model.pricing.input)} in / ${formatPrice(model.pricing.output)} out per million tokens.` });
  }
  return out;
}

/** "provider · model", as Hermes's dashboard shows a slot. */
export function slotLabel(provider: string, model: string): string {
  return `${provider} · ${model || '(provider default)'}`;
}
