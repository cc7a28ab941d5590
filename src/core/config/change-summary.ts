import { deepEqual, getIn, isPlainObject } from './plain-value';

/**
 * One-line, human summary of what changed between two config values, e.g.
 * "main: openrouter · anthropic/claude-sonnet-5 → anthropic · claude-opus-4-8; vision: auto → nous · x".
 * Stored with each backup so the timeline reads without opening diffs.
 */
export function describeConfigChange(before: unknown, after: unknown): string {
  const parts: string[] = [];
  const mainBefore = mainLabel(getIn(before, ['model']));
  const mainAfter = mainLabel(getIn(after, ['model']));
  if (mainBefore !== mainAfter) parts.push(`main: ${mainBefore} → ${mainAfter}`);
  else if (!deepEqual(getIn(before, ['model']), getIn(after, ['model']))) parts.push('main model settings changed');

  parts.push(...auxParts(getIn(before, ['auxiliary']), getIn(after, ['auxiliary'])));

  const fb = fallbackPart(before, after);
  if (fb) parts.push(fb);

  const handled = new Set(['model', 'auxiliary', 'fallback_providers', 'fallback_model']);
  const keys = new Set([...topKeys(before), ...topKeys(after)]);
  for (const key of keys) {
    if (handled.has(key)) continue;
    const a = getIn(before, [key]);
    const b = getIn(after, [key]);
    if (deepEqual(a, b)) continue;
    if (a === undefined) parts.push(`${key} added`);
    else if (b === undefined) parts.push(`${key} removed`);
    else parts.push(`${key} changed`);
  }
  return parts.length > 0 ? parts.join('; ') : 'comments or formatting only';
}

function topKeys(value: unknown): string[] {
  return isPlainObject(value) ? Object.keys(value) : [];
}

/** `provider · model`, as the dashboard shows a slot. */
export function mainLabel(model: unknown): string {
  if (typeof model === 'string') return model ? `auto · ${model}` : 'unset';
  if (!isPlainObject(model)) return 'unset';
  const provider = str(model.provider) || 'auto';
  const id = str(model.default) || str(model.model) || str(model.name);
  return id ? `${provider} · ${id}` : provider === 'auto' ? 'unset' : `${provider} · (no model)`;
}

export function auxLabel(task: unknown): string {
  if (!isPlainObject(task)) return 'auto';
  const provider = str(task.provider) || 'auto';
  const model = str(task.model);
  const effectiveModel = model === 'auto' ? '' : model;
  if (provider === 'auto' && !effectiveModel) return 'auto';
  return `${provider} · ${effectiveModel || '(provider default)'}`;
}

function auxParts(before: unknown, after: unknown): string[] {
  const tasks = new Set<string>();
  for (const side of [before, after]) {
    if (isPlainObject(side)) for (const [k, v] of Object.entries(side)) if (isPlainObject(v)) tasks.add(k);
  }
  const changes: { task: string; from: string; to: string }[] = [];
  let otherSettings = 0;
  for (const task of tasks) {
    const a = getIn(before, [task]);
    const b = getIn(after, [task]);
    const from = auxLabel(a);
    const to = auxLabel(b);
    if (from !== to) changes.push({ task, from, to });
    else if (!deepEqual(a, b)) otherSettings++;
  }
  const out: string[] = [];
  const targets = new Set(changes.map((c) => c.to));
  if (changes.length > 3 && targets.size === 1) {
    out.push(`${changes.length} auxiliary tasks → ${changes[0]!.to}`);
  } else {
    for (const c of changes) out.push(`${c.task}: ${c.from} → ${c.to}`);
  }
  if (otherSettings > 0) out.push(`auxiliary settings changed (${otherSettings} task${otherSettings === 1 ? '' : 's'})`);
  return out;
}

function chain(value: unknown): unknown[] {
  const list = getIn(value, ['fallback_providers']);
  const legacy = getIn(value, ['fallback_model']);
  const out = Array.isArray(list) ? [...list] : [];
  if (Array.isArray(legacy)) out.push(...legacy);
  else if (isPlainObject(legacy)) out.push(legacy);
  return out;
}

function fallbackPart(before: unknown, after: unknown): string | null {
  const a = chain(before);
  const b = chain(after);
  if (deepEqual(a, b)) {
    const movedToList = !deepEqual(getIn(before, ['fallback_model']), getIn(after, ['fallback_model']));
    return movedToList ? 'fallback: legacy fallback_model moved into fallback_providers' : null;
  }
  const delta = b.length - a.length;
  if (delta > 0) return `fallback: +${delta} entr${delta === 1 ? 'y' : 'ies'}`;
  if (delta < 0) return `fallback: −${-delta} entr${delta === -1 ? 'y' : 'ies'}`;
  const sameItems = a.every((x) => b.some((y) => deepEqual(x, y)));
  return sameItems ? 'fallback: reordered' : 'fallback: entries edited';
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}
