/**
 * Helpers over the plain JS value of a YAML document (what `toJS()` returns): clone, compare,
 * read and write by path. Kept separate from the text editor so semantic code (models, fallback,
 * routing) can compute the desired value without touching YAML nodes.
 */

export type PathKey = string | number;
export type ConfigPath = readonly PathKey[];

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Deep clone that breaks shared references. `toJS()` returns the same object for every alias of an
 * anchor, so mutating a structuredClone would change all aliases at once; editing one path must not.
 */
export function cloneTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneTree(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneTree(v);
    return out as T;
  }
  return value;
}

/**
 * Freezes a parsed value in place (and returns it). Parses are cached and shared — the section cache
 * hands the same section value to every parse of a file that contains it, ConfigFile keeps recent
 * parses — so a caller that changed one in place would silently change what every later read and
 * edit starts from. Frozen, such a caller fails at once instead. Edits work on clones.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Reads a value by path; `undefined` when any step is missing or not a container. */
export function getIn(root: unknown, path: ConfigPath): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (Array.isArray(cur) && typeof key === 'number') cur = cur[key];
    else if (isPlainObject(cur)) cur = cur[String(key)];
    else return undefined;
  }
  return cur;
}

/**
 * Returns a copy of `root` with `value` at `path`, creating missing mappings on the way.
 * A scalar in the way is replaced by a mapping (the caller decided to restructure).
 */
export function setInPlain(root: unknown, path: ConfigPath, value: unknown): unknown {
  if (path.length === 0) return cloneTree(value);
  const [head, ...rest] = path as [PathKey, ...PathKey[]];
  if (Array.isArray(root) && typeof head === 'number') {
    const copy = root.map((v) => cloneTree(v));
    if (head < 0 || head > copy.length) throw new RangeError(`index ${head} out of range`);
    copy[head] = setInPlain(copy[head], rest, value);
    return copy;
  }
  const base: Record<string, unknown> = isPlainObject(root) ? (cloneTree(root) as Record<string, unknown>) : {};
  base[String(head)] = setInPlain(base[String(head)], rest, value);
  return base;
}

/** Returns a copy of `root` without the value at `path` (no-op when absent). */
export function deleteInPlain(root: unknown, path: ConfigPath): unknown {
  if (path.length === 0) return undefined;
  const [head, ...rest] = path as [PathKey, ...PathKey[]];
  if (Array.isArray(root) && typeof head === 'number') {
    const copy = root.map((v) => cloneTree(v));
    if (head < 0 || head >= copy.length) return copy;
    if (rest.length === 0) copy.splice(head, 1);
    else copy[head] = deleteInPlain(copy[head], rest);
    return copy;
  }
  if (!isPlainObject(root)) return cloneTree(root);
  const copy = cloneTree(root) as Record<string, unknown>;
  const key = String(head);
  if (!(key in copy)) return copy;
  if (rest.length === 0) delete copy[key];
  else copy[key] = deleteInPlain(copy[key], rest);
  return copy;
}

export function formatPath(path: ConfigPath): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.').replace(/\.\[/g, '[');
}
