/**
 * Which key env vars exist for a Hermes home, where each one's value comes from, and which value
 * Hermes would use — computed from values the core holds, returned as status only.
 *
 * Precedence for one variable (what Hermes sees): `<home>/.env` beats everything, because Hermes
 * loads it with override=True — even a placeholder there hides a good value elsewhere. Then the
 * keychain, which reaches Hermes only through `hermes-switchboard exec` (it injects keychain keys
 * that `.env` does not define, over the inherited environment). Then the process environment.
 * Mirrors `hermes_cli/env_loader.py` and `hermes_cli/auth.py::_resolve_api_key_provider_secret`.
 */
import type { EffectiveKeySource, KeyDelivery, KeyRow, KeySourceStatus } from '../../shared/domain/keys';
import { isUsableKeyValue } from '../providers/auth-status';
import { lastFour } from '../secrets/mask-text';

/** A config.yaml value tied to a variable: an inline `api_key` of an entry whose `key_env` is the variable. */
export interface InlineKeyValue {
  name: string;
  location: string;
  value: string;
}

export interface KeyValuesInput {
  /** `.env` values with their 1-based line numbers (the last definition of a name wins, like Hermes). */
  dotenv: ReadonlyMap<string, { value: string; line: number }>;
  processEnv: Readonly<Record<string, string | undefined>>;
  keychain: ReadonlyMap<string, string>;
  keychainMeta: ReadonlyMap<string, { updatedAt: string; delivery: KeyDelivery }>;
  /** The keychain could be read (secure or memory); otherwise keychain sources are unknown. */
  keychainReadable: boolean;
  inline?: readonly InlineKeyValue[];
}

function tail(value: string): { last4?: string } {
  const t = lastFour(value.trim());
  return t === '' ? {} : { last4: t };
}

function source(kind: KeySourceStatus['kind'], location: string, value: string, extra: Partial<KeySourceStatus> = {}): KeySourceStatus {
  return { kind, location, usable: isUsableKeyValue(value), ...tail(value), ...extra };
}

/** Every place holding `name`, in precedence order (.env, keychain, process env, then config). */
export function sourcesFor(name: string, input: KeyValuesInput): KeySourceStatus[] {
  const out: KeySourceStatus[] = [];
  const d = input.dotenv.get(name);
  if (d !== undefined) out.push(source('dotenv', `.env line ${d.line}`, d.value));
  const k = input.keychain.get(name);
  if (k !== undefined) {
    const meta = input.keychainMeta.get(name);
    out.push(source('keychain', 'OS keychain', k, meta ? { updatedAt: meta.updatedAt } : {}));
  }
  const e = input.processEnv[name];
  if (e !== undefined && e !== '') out.push(source('env', 'process environment', e));
  for (const inline of input.inline ?? []) if (inline.name === name) out.push(source('config', inline.location, inline.value));
  return out;
}

/** The value Hermes would use for `name`, and where it comes from. */
export function effectiveFor(name: string, input: KeyValuesInput): EffectiveKeySource | null {
  const d = input.dotenv.get(name);
  if (d !== undefined) return { kind: 'dotenv', location: `.env line ${d.line}`, usable: isUsableKeyValue(d.value), ...tail(d.value), viaExec: false };
  const k = input.keychain.get(name);
  if (k !== undefined) return { kind: 'keychain', location: 'OS keychain', usable: isUsableKeyValue(k), ...tail(k), viaExec: true };
  const e = input.processEnv[name];
  if (e !== undefined && e !== '') return { kind: 'env', location: 'process environment', usable: isUsableKeyValue(e), ...tail(e), viaExec: false };
  return null;
}

/** The raw value `effectiveFor` describes. Core-only: never return it from a channel. */
export function effectiveValue(name: string, input: KeyValuesInput): string | null {
  return input.dotenv.get(name)?.value ?? input.keychain.get(name) ?? (input.processEnv[name] || null);
}

const LABELS: Record<KeySourceStatus['kind'], string> = {
  dotenv: '.env',
  keychain: 'the keychain',
  env: 'the process environment',
  config: 'config.yaml',
  'auth-pool': 'auth.json',
};

/** Whether the places holding `name` disagree, with a note naming them (last four shown, no values). */
export function conflictFor(name: string, input: KeyValuesInput): { conflict: boolean; note?: string } {
  const present: Array<{ label: string; value: string }> = [];
  const d = input.dotenv.get(name);
  if (d !== undefined && d.value.trim() !== '') present.push({ label: LABELS.dotenv, value: d.value.trim() });
  const k = input.keychain.get(name);
  if (k !== undefined && k.trim() !== '') present.push({ label: LABELS.keychain, value: k.trim() });
  const e = input.processEnv[name];
  if (e !== undefined && e.trim() !== '') present.push({ label: LABELS.env, value: e.trim() });
  for (const inline of input.inline ?? []) if (inline.name === name && inline.value.trim() !== '') present.push({ label: inline.location, value: inline.value.trim() });
  const distinct = new Set(present.map((p) => p.value));
  if (distinct.size <= 1) return { conflict: false };
  const describe = (p: { label: string; value: string }): string => {
    const t = lastFour(p.value);
    return t === '' ? p.label : `${p.label} (…${t})`;
  };
  const winner = effectiveFor(name, input);
  const wins = winner === null ? '' : ` Hermes uses ${LABELS[winner.kind]}${winner.viaExec ? ' (when started through hermes-switchboard exec)' : ''}.`;
  return { conflict: true, note: `Different values in ${present.map(describe).join(', ')}.${wins}` };
}

/** A complete Keys-page row for one variable. */
export function keyRow(name: string, usedBy: readonly string[], input: KeyValuesInput): KeyRow {
  const d = input.dotenv.get(name);
  const k = input.keychain.get(name);
  const meta = input.keychainMeta.get(name);
  const { conflict, note } = conflictFor(name, input);
  const delivery: KeyDelivery | null = k !== undefined ? (meta?.delivery ?? 'keychain-only') : null;
  return {
    name,
    usedBy: [...usedBy],
    sources: sourcesFor(name, input),
    effective: effectiveFor(name, input),
    conflict,
    ...(note !== undefined && { conflictNote: note }),
    delivery,
    importable: input.keychainReadable && d !== undefined && isUsableKeyValue(d.value) && (k === undefined || k.trim() !== d.value.trim()),
    removableFromEnv: d !== undefined && k !== undefined && k.trim() === d.value.trim(),
  };
}
