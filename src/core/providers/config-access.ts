/**
 * Tiny readers for a parsed config.yaml (plain JS from `yaml`'s `toJS()`).
 *
 * Config files are user-edited and often half-broken, so the provider code never trusts their
 * shape: every read goes through these guards and unexpected types read as "absent".
 */

export type PlainRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is PlainRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value[key]` when `value` is a mapping, else `undefined`. */
export function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/** A trimmed non-empty string, else `undefined`. */
export function nonEmptyString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The first key (in the order given) whose value is a non-empty string. */
export function firstString(record: PlainRecord, keys: readonly string[]): { key: string; value: string } | undefined {
  for (const key of keys) {
    const value = nonEmptyString(record[key]);
    if (value !== undefined) return { key, value };
  }
  return undefined;
}

/** A positive integer (YAML may give `131072` or `'131072'`), else `undefined`. */
export function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Matches `${VAR}` and `${env:VAR}` — the reference forms Hermes expands from the environment. */
const ENV_REF = /^\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The variable name when the whole value is a `${VAR}` / `${env:VAR}` reference. */
export function envReferenceName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return ENV_REF.exec(value.trim())?.[1];
}

/** Valid env var name (the rule Hermes applies before writing `.env`). */
export const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
