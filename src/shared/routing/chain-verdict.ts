/**
 * "Which entry would serve if the primary failed now?" — from the probe results of a fallback chain,
 * in chain order, the way Hermes walks it (§8.1): entries it skips (the primary itself, entries
 * without provider or model) are passed over, a dead entry (any failure class) is passed over, and
 * the first entry whose probe is `ok` serves. Shared by the core (the final answer) and the UI (the
 * same verdicts while results are still streaming in).
 */
import type { ProbeResult } from '../domain/probes';

export type ChainVerdict =
  /** The first healthy entry: Hermes would switch to it. */
  | 'serves'
  /** Healthy, but an earlier entry would serve first. */
  | 'standby'
  /** Healthy, but an earlier entry has no result yet. */
  | 'ok'
  /** The probe failed: Hermes would pass over it (class + hint say why). */
  | 'dead'
  /** Nothing to probe over HTTP (AWS SDK, service accounts): Hermes would try it; we cannot tell. */
  | 'untested'
  /** Hermes skips it without trying (same as the primary, no provider or model). */
  | 'skipped'
  /** No result yet. */
  | 'pending'
  | 'cancelled';

/**
 * Validation codes (`validateChain`) of entries Hermes passes over without trying them: no provider
 * or model, the primary itself, a provider or custom endpoint it cannot resolve.
 */
export const CHAIN_SKIP_CODES: ReadonlySet<string> = new Set(['missing_provider', 'missing_model', 'same_as_primary', 'unknown_provider', 'unknown_custom_endpoint', 'missing_base_url', 'invalid_base_url']);

export interface ChainVerdictInput {
  /** Why Hermes skips this entry without trying it, or null. */
  skip: string | null;
  result: Pick<ProbeResult, 'class'> | null | undefined;
}

export function chainVerdicts(entries: readonly ChainVerdictInput[]): { verdicts: ChainVerdict[]; serving: number | null } {
  const verdicts: ChainVerdict[] = [];
  let serving: number | null = null;
  let unsettledBefore = false;
  entries.forEach((e, i) => {
    let v: ChainVerdict;
    if (e.skip !== null) v = 'skipped';
    else if (!e.result) v = 'pending';
    else if (e.result.class === 'ok') v = serving !== null ? 'standby' : unsettledBefore ? 'ok' : 'serves';
    else if (e.result.class === 'skipped') v = 'untested';
    else if (e.result.class === 'cancelled') v = 'cancelled';
    else v = 'dead';
    if (v === 'serves') serving = i;
    if (v === 'pending' || v === 'cancelled' || v === 'ok') unsettledBefore = true;
    verdicts.push(v);
  });
  return { verdicts, serving };
}
