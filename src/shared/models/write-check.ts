/**
 * The one pre-write check every model assignment goes through — the picker, "Use as" on usage cards and
 * endpoint cards, "All auxiliary tasks", the stale-task reset — so a click never writes something with a
 * known problem without asking first.
 *
 * Pure: fed by `models.options` (what Switchboard knows about providers and models) and the slots being
 * written. Every fact comes from there; what is not known is reported as unknown, never guessed:
 *  - credentials: the provider is set up the way Hermes resolves it (`authenticated` on the options row;
 *    a bare `custom` slot with its own base URL needs none);
 *  - an unknown provider id (not in Switchboard's registry, not a configured endpoint): Hermes accepts it
 *    if it is a newer built-in or a `providers:` key, so it is a question, not an error;
 *  - vision: the vision task sends images, so a model without image input is a problem and an unknown
 *    capability is said to be unknown;
 *  - context: Hermes's `MINIMUM_CONTEXT_LENGTH` (64K) — compression candidates below it are skipped, the
 *    main model below it draws a startup warning; a window estimated from the model family is not a fact;
 *  - tools: Hermes's main loop relies on tool calls;
 *  - the expensive-model guard (`hermes_cli/model_cost_guard.py`): input > $20/M or output > $100/M.
 */
import type { AuxSlot, MainModel } from '../contract/config';
import type { ModelOptions, PickerModel, ProviderOption } from '../contract/models';

export const MINIMUM_CONTEXT_LENGTH = 64_000;
export const EXPENSIVE_INPUT_PER_M = 20;
export const EXPENSIVE_OUTPUT_PER_M = 100;

/** Provider values that are selectors rather than providers (auxiliary tasks only). */
const SELECTORS = new Set(['auto', 'main', '']);

/** What a write targets: the main model or one auxiliary task (with the task's requirements). */
export type WriteSlot =
  | { kind: 'main' }
  | { kind: 'aux'; task: { key: string; label: string; needsVision: boolean; minContextLength?: number | undefined } };

export interface WriteChoice {
  provider: string;
  model: string;
  /** A bare `custom` slot's own endpoint. */
  baseUrl?: string | undefined;
}

export type WriteProblemId = 'options' | 'unknown_provider' | 'auth' | 'vision' | 'context' | 'tools' | 'expensive';

export interface WriteProblem {
  id: WriteProblemId;
  /** `warn`: a known problem. `unknown`: a fact the slot needs is not known (never guessed). */
  level: 'warn' | 'unknown';
  /** `main` or the task keys it concerns (empty: the choice as a whole). */
  slots: string[];
  text: string;
}

export interface WriteCheck {
  row: ProviderOption | undefined;
  model: PickerModel | undefined;
  problems: WriteProblem[];
  /** Above Hermes's price threshold: once the person agreed, send the write with the guard confirmed. */
  expensive: boolean;
}

/** Which options row a provider value names (slug, or one of its aliases), case-insensitively. */
export function findProviderRow(options: ModelOptions | undefined, provider: string): ProviderOption | undefined {
  if (!options) return undefined;
  const p = provider.trim().toLowerCase();
  if (SELECTORS.has(p)) return undefined;
  return options.providers.find((r) => r.slug.toLowerCase() === p) ?? options.providers.find((r) => r.aliases.some((a) => a.toLowerCase() === p));
}

/** A model of a row by the id given or the id it is written as. */
export function findModel(row: ProviderOption | undefined, model: string): PickerModel | undefined {
  const id = model.trim();
  return row?.model_details.find((m) => m.id === id) ?? row?.model_details.find((m) => m.writeAs === id);
}

/** Whether two provider values (as written, possibly aliases) name the same provider. */
export function sameProvider(options: ModelOptions | undefined, a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  if (x === y) return true;
  const ra = findProviderRow(options, x);
  const rb = findProviderRow(options, y);
  return ra !== undefined && ra === rb;
}

/** "1.05M", "200K", "65.5K". */
export function formatTokens(n: number): string {
  const trim = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (n >= 1_000_000) return `${trim((n / 1_000_000).toFixed(2))}M`;
  if (n >= 100_000) return `${Math.round(n / 1000)}K`;
  if (n >= 1000) return `${trim((n / 1000).toFixed(1))}K`;
  return String(n);
}

function usd(n: number): string {
  return n >= 10 || Number.isInteger(n) ? `$${n.toFixed(2).replace(/\.00$/, '')}` : `$${n.toFixed(2)}`;
}

export function isExpensive(pricing: PickerModel['pricing'] | undefined): boolean {
  return pricing !== undefined && (pricing.input > EXPENSIVE_INPUT_PER_M || pricing.output > EXPENSIVE_OUTPUT_PER_M);
}

function slotName(slot: WriteSlot): string {
  return slot.kind === 'main' ? 'main' : slot.task.key;
}

function labels(slots: readonly WriteSlot[]): string {
  const names = slots.map((s) => (s.kind === 'main' ? 'the main model' : s.task.label));
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * Check one choice against the slots it would be written to. The result lists every problem once,
 * naming the slots it concerns; an empty list means the write can go ahead without asking.
 */
export function checkWrite(options: ModelOptions | undefined, slots: readonly WriteSlot[], choice: WriteChoice): WriteCheck {
  const provider = choice.provider.trim();
  const lower = provider.toLowerCase();
  const problems: WriteProblem[] = [];
  const all = slots.map(slotName);
  if (SELECTORS.has(lower)) return { row: undefined, model: undefined, problems, expensive: false };
  if (!options) {
    problems.push({ id: 'options', level: 'unknown', slots: [], text: 'The provider list has not loaded, so credentials and capabilities could not be checked.' });
    return { row: undefined, model: undefined, problems, expensive: false };
  }
  const row = findProviderRow(options, provider);
  const ownEndpoint = lower === 'custom' && (choice.baseUrl ?? '').trim() !== '';
  if (!row) {
    problems.push({
      id: 'unknown_provider',
      level: 'unknown',
      slots: all,
      text: `Switchboard does not know provider “${provider}”. Hermes will accept it if it is a newer built-in provider or a providers: key; otherwise Hermes cannot start ${labels(slots)}.`,
    });
    return { row, model: undefined, problems, expensive: false };
  }
  if (!row.authenticated && !ownEndpoint) {
    problems.push({ id: 'auth', level: 'warn', slots: all, text: `${row.name} is not set up: Hermes has no credentials for it, so ${labels(slots)} would fail. ${row.auth.hint}` });
  }
  const model = findModel(row, choice.model);
  const window = model?.contextWindow;
  const windowKnown = window !== undefined && model?.contextSource !== 'estimate';

  const noImages: WriteSlot[] = [];
  const imagesUnknown: WriteSlot[] = [];
  const small: Array<{ slot: WriteSlot; floor: number }> = [];
  const windowUnknown: Array<{ slot: WriteSlot; floor: number }> = [];
  for (const slot of slots) {
    if (slot.kind === 'aux' && slot.task.needsVision) {
      if (model?.capabilities.vision === false) noImages.push(slot);
      else if (model?.capabilities.vision !== true) imagesUnknown.push(slot);
    }
    // Hermes's floor applies to the main model (startup warning) and to tasks that declare one (compression).
    const floor = slot.kind === 'main' ? MINIMUM_CONTEXT_LENGTH : slot.task.minContextLength;
    if (floor === undefined) continue;
    if (windowKnown && window! < floor) small.push({ slot, floor });
    else if (window === undefined && slot.kind === 'aux') windowUnknown.push({ slot, floor });
  }
  const m = choice.model.trim() || 'The provider’s default model';
  if (noImages.length > 0) {
    problems.push({ id: 'vision', level: 'warn', slots: noImages.map(slotName), text: `${m} does not take images, and ${labels(noImages)} sends it images.` });
  }
  if (imagesUnknown.length > 0) {
    problems.push({ id: 'vision', level: 'unknown', slots: imagesUnknown.map(slotName), text: `Image input of ${m} is unknown (no catalog lists it), and ${labels(imagesUnknown)} sends it images.` });
  }
  for (const { slot, floor } of small) {
    problems.push({
      id: 'context',
      level: 'warn',
      slots: [slotName(slot)],
      text:
        slot.kind === 'main'
          ? `Context window ${formatTokens(window!)} is under Hermes's ${formatTokens(floor)} minimum; Hermes warns about it at startup.`
          : `Context window ${formatTokens(window!)} is under ${formatTokens(floor)}: Hermes skips ${slot.task.label.toLowerCase()} models this small.`,
    });
  }
  if (windowUnknown.length > 0) {
    const floor = windowUnknown[0]!.floor;
    problems.push({
      id: 'context',
      level: 'unknown',
      slots: windowUnknown.map((w) => slotName(w.slot)),
      text: `Context window of ${m} is unknown; ${labels(windowUnknown.map((w) => w.slot))} needs at least ${formatTokens(floor)}.`,
    });
  }
  if (slots.some((s) => s.kind === 'main') && model?.capabilities.tools === false) {
    problems.push({ id: 'tools', level: 'warn', slots: ['main'], text: `${m} does not support tool calls; Hermes's main loop relies on them.` });
  }
  const expensive = isExpensive(model?.pricing);
  if (expensive) {
    const source = model!.pricingSource === 'live' ? "the provider's live list" : model!.pricingSource === 'hermes-cache' ? "Hermes's models.dev cache" : "Switchboard's bundled snapshot";
    problems.push({
      id: 'expensive',
      level: 'warn',
      slots: all,
      text: `Expensive: ${usd(model!.pricing!.input)} per million input tokens and ${usd(model!.pricing!.output)} per million output tokens (from ${source}); Hermes asks above $${EXPENSIVE_INPUT_PER_M} / $${EXPENSIVE_OUTPUT_PER_M}.`,
    });
  }
  return { row, model, problems, expensive };
}

// ------------------------------------------------------------------------------------------ changes

/** One slot of a write, from what config.yaml says now to what the write puts there. */
export interface SlotChange {
  /** `main` or a task key. */
  slot: string;
  label: string;
  from: string;
  to: string;
  /** False when the slot already holds the value (it is left alone). */
  changes: boolean;
}

/** "provider · model", as Hermes's dashboard shows a slot. */
export function slotLabel(provider: string, model: string): string {
  return `${provider} · ${model || '(provider default)'}`;
}

export const AUTO_LABEL = 'auto (use main model)';

function sameModel(row: ProviderOption | undefined, a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  const m = findModel(row, b);
  return m !== undefined && (m.writeAs ?? m.id) === a.trim();
}

/**
 * What setting `tasks` to `choice` would do to each of them (auto when `choice` is null): from → to,
 * and whether it changes anything. Tasks missing from config.yaml are auto.
 */
export function planAuxChanges(
  options: ModelOptions | undefined,
  current: readonly AuxSlot[],
  tasks: ReadonlyArray<{ key: string; label: string }>,
  choice: WriteChoice | null,
): SlotChange[] {
  return tasks.map((t) => {
    const slot = current.find((s) => s.task === t.key);
    const isAuto = slot === undefined || slot.isAuto;
    const from = isAuto ? AUTO_LABEL : slotLabel(slot.provider, slot.model);
    if (choice === null) return { slot: t.key, label: t.label, from, to: AUTO_LABEL, changes: !isAuto };
    const row = findProviderRow(options, choice.provider);
    const writes = findModel(row, choice.model);
    const to = slotLabel(row?.slug ?? choice.provider, writes?.writeAs ?? choice.model);
    const same =
      !isAuto &&
      sameProvider(options, slot.provider, choice.provider) &&
      sameModel(row, slot.model, choice.model) &&
      (choice.baseUrl === undefined || choice.baseUrl.replace(/\/+$/, '') === slot.baseUrl.replace(/\/+$/, ''));
    return { slot: t.key, label: t.label, from, to, changes: !same };
  });
}

/** The main model's change (from → to). */
export function planMainChange(options: ModelOptions | undefined, main: MainModel, choice: WriteChoice): SlotChange {
  const row = findProviderRow(options, choice.provider);
  const writes = findModel(row, choice.model);
  const from = main.form === 'unset' ? 'unset' : slotLabel(main.provider, main.model);
  const same =
    main.form !== 'unset' &&
    sameProvider(options, main.provider, choice.provider) &&
    sameModel(row, main.model, choice.model) &&
    (choice.baseUrl === undefined || choice.baseUrl.replace(/\/+$/, '') === main.baseUrl.replace(/\/+$/, ''));
  return { slot: 'main', label: 'Main model', from, to: slotLabel(row?.slug ?? choice.provider, writes?.writeAs ?? choice.model), changes: !same };
}
