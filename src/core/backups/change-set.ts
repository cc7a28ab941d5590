import { deepEqual, deleteInPlain, formatPath, isPlainObject, setInPlain, type ConfigPath } from '../config/plain-value';

/**
 * What one change did, as values at paths, and how to take exactly that back out of a later file.
 *
 * Granularity: mappings are followed down to their leaves, so two changes to different keys of the
 * same block (`model.default` vs `model.base_url`, `auxiliary.vision` vs `auxiliary.compression`)
 * are independent. A sequence is one value at its path (`fallback_providers`, `custom_providers`,
 * `model_routing.rules`, a task's `fallback_chain`): list items have no identity of their own — an
 * insert or a reorder shifts every index — and the app writes lists whole, so merging two changes
 * item by item could produce a chain nobody chose. A later change to the same list is a conflict.
 * A key whose type changed (a bare-string `model:` that became a mapping) is one value too.
 */

/** A value at a path, or nothing there. */
export type Slot = { present: false } | { present: true; value: unknown };

export interface PathChange {
  path: ConfigPath;
  before: Slot;
  after: Slot;
}

const ABSENT: Slot = { present: false };

export function slotEqual(a: Slot, b: Slot): boolean {
  return a.present === b.present && (!a.present || deepEqual(a.value, (b as { value: unknown }).value));
}

/** The value at `path`, following mappings only (never into a sequence or a scalar). */
export function slotAt(root: unknown, path: ConfigPath): Slot {
  let cur: unknown = root;
  for (const key of path) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, String(key))) return ABSENT;
    cur = cur[String(key)];
  }
  return { present: true, value: cur };
}

function keysOf(slot: Slot): string[] | null {
  return slot.present && isPlainObject(slot.value) ? Object.keys(slot.value) : null;
}

/** Every leaf path whose value differs between two config values (mappings followed, see above). */
export function valueChanges(before: Slot, after: Slot, path: ConfigPath = []): PathChange[] {
  if (slotEqual(before, after)) return [];
  const bKeys = keysOf(before);
  const aKeys = keysOf(after);
  // Follow a mapping when both sides are mappings, or when one side is a non-empty mapping and the
  // other has nothing there at all (a block added or removed as a whole is still many leaves).
  const follow = (bKeys !== null && aKeys !== null) || (bKeys !== null && bKeys.length > 0 && !after.present) || (aKeys !== null && aKeys.length > 0 && !before.present);
  if (!follow || path.length > 64) return [{ path, before, after }];
  const keys = [...(bKeys ?? []), ...(aKeys ?? []).filter((k) => !(bKeys ?? []).includes(k))];
  return keys.flatMap((k) => valueChanges(slotAt(before.present ? before.value : undefined, [k]), slotAt(after.present ? after.value : undefined, [k]), [...path, k]));
}

/** True when one path is a prefix of the other (a change to one touches the other). */
export function pathsOverlap(a: ConfigPath, b: ConfigPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}

export interface InversePlan {
  /** The current value with the change taken back out (unchanged when nothing is to revert). */
  next: Record<string, unknown>;
  /** Paths still holding the change's result: these are reverted. */
  reverted: PathChange[];
  /** Paths already back at the value from before the change. */
  alreadyUndone: PathChange[];
  /** Paths a later change set to something else: the undo must not touch them. */
  conflicts: PathChange[];
}

/**
 * Takes `changes` back out of `current`: a path that still holds the change's result gets the value
 * from before (or is removed when it did not exist), a mapping the change created and that is empty
 * again disappears, and anything a later change touched is reported as a conflict instead.
 */
export function invertChanges(current: Record<string, unknown>, changes: readonly PathChange[], beforeRoot: unknown): InversePlan {
  const reverted: PathChange[] = [];
  const alreadyUndone: PathChange[] = [];
  const conflicts: PathChange[] = [];
  for (const c of changes) {
    const now = slotAt(current, c.path);
    // A later change that turned a parent into something other than a mapping touched this too.
    if (blockedByNonMapping(current, c.path)) conflicts.push(c);
    else if (slotEqual(now, c.after)) reverted.push(c);
    else if (slotEqual(now, c.before)) alreadyUndone.push(c);
    else conflicts.push(c);
  }
  if (conflicts.length > 0 || reverted.length === 0) return { next: current, reverted, alreadyUndone, conflicts };
  let next: unknown = current;
  for (const c of reverted) next = c.before.present ? setInPlain(next, c.path, c.before.value) : deleteInPlain(next, c.path);
  for (const c of reverted) {
    if (c.before.present) continue;
    for (let i = c.path.length - 1; i >= 1; i--) {
      const q = c.path.slice(0, i);
      const here = slotAt(next, q);
      if (slotAt(beforeRoot, q).present || !here.present || !isPlainObject(here.value) || Object.keys(here.value).length > 0) break;
      next = deleteInPlain(next, q);
    }
  }
  return { next: next as Record<string, unknown>, reverted, alreadyUndone, conflicts };
}

/** Some parent of `path` exists but is not a mapping (so nothing can be put at `path`). */
function blockedByNonMapping(root: unknown, path: ConfigPath): boolean {
  let cur: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(cur)) return true;
    if (!Object.prototype.hasOwnProperty.call(cur, String(key))) return false;
    cur = cur[String(key)];
  }
  return !isPlainObject(cur);
}

/** `model.default`, `custom_providers`, or a `.env` variable name, for messages. */
export function describePaths(paths: readonly ConfigPath[], limit = 4): string {
  const names = [...new Set(paths.map((p) => formatPath(p) || '(the whole file)'))];
  const shown = names.slice(0, limit).join(', ');
  return names.length > limit ? `${shown} and ${names.length - limit} more` : shown;
}
