/**
 * What to write when a usage card's model is assigned to a slot ("Use as").
 *
 * Hermes records every custom endpoint's usage under the billing provider `custom`, which on its own does
 * not reach anything: an auxiliary slot with `provider: custom` and no `base_url` cannot work. So a card
 * used through `custom` is matched to the endpoints the config defines (`providers:` keys and
 * `custom_providers` entries, as `models.options` lists them, and slots that already point at a base URL
 * with this model), and the write names the one it came from: its `custom:<name>` / `providers:` key, or
 * `provider: custom` with its base URL. When none or several match, the person is asked which endpoint —
 * a slot is never written without one.
 */
import type { AuxSlot, MainModel } from '../contract/config';
import type { ModelOptions } from '../contract/models';
import { findModel, findProviderRow, type WriteChoice } from './write-check';

export interface EndpointCandidate {
  /** Display name (the entry's name, or where the base URL was found). */
  label: string;
  /** The provider value that selects it (`custom:<name>`, a `providers:` key), or null for a bare base URL. */
  selector: string | null;
  baseUrl: string;
  /** The endpoint lists (or a slot already uses) the card's model. */
  servesModel: boolean;
}

export type CardRoute =
  /** Write this (a named provider, or the one endpoint the model came from). */
  | { kind: 'write'; choice: WriteChoice; endpoint?: EndpointCandidate }
  /** A custom endpoint whose identity is not certain: ask which one (matching ones first). */
  | { kind: 'ask'; reason: 'none' | 'several'; candidates: EndpointCandidate[] };

function normUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

function isBareCustom(provider: string): boolean {
  return provider.trim().toLowerCase() === 'custom';
}

/** The provider value and base URL of a chosen endpoint. */
export function choiceFor(endpoint: EndpointCandidate, model: string): WriteChoice {
  return endpoint.selector !== null ? { provider: endpoint.selector, model } : { provider: 'custom', model, baseUrl: endpoint.baseUrl };
}

/** Every endpoint the config defines or a slot points at, merged by base URL (named entries win). */
export function endpointCandidates(options: ModelOptions | undefined, main: MainModel | undefined, auxiliary: readonly AuxSlot[], model: string): EndpointCandidate[] {
  const byUrl = new Map<string, EndpointCandidate>();
  const add = (c: EndpointCandidate) => {
    const key = normUrl(c.baseUrl);
    const had = byUrl.get(key);
    if (!had) byUrl.set(key, c);
    else byUrl.set(key, { ...(had.selector === null && c.selector !== null ? c : had), servesModel: had.servesModel || c.servesModel });
  };
  for (const row of options?.providers ?? []) {
    if (!row.is_user_defined || !row.api_url || !row.enabled) continue;
    add({ label: row.name, selector: isBareCustom(row.slug) ? null : row.slug, baseUrl: row.api_url, servesModel: model !== '' && findModel(row, model) !== undefined });
  }
  const slots: Array<{ label: string; provider: string; model: string; baseUrl: string }> = [
    ...(main && main.form !== 'unset' ? [{ label: 'the main model', provider: main.provider, model: main.model, baseUrl: main.baseUrl }] : []),
    ...auxiliary.map((s) => ({ label: `auxiliary.${s.task}`, provider: s.provider, model: s.model, baseUrl: s.baseUrl })),
  ];
  for (const s of slots) {
    if (!isBareCustom(s.provider) || s.baseUrl.trim() === '') continue;
    add({ label: `base URL of ${s.label}`, selector: null, baseUrl: s.baseUrl.trim(), servesModel: model !== '' && s.model.trim() === model.trim() });
  }
  return [...byUrl.values()].sort((a, b) => Number(b.servesModel) - Number(a.servesModel));
}

/** How to assign a card's model, given the billing provider it was used through. */
export function routeForCard(provider: string, model: string, options: ModelOptions | undefined, main: MainModel | undefined, auxiliary: readonly AuxSlot[]): CardRoute {
  const p = provider.trim();
  if (!isBareCustom(p)) {
    // A named route: `custom:<name>` and `providers:` keys select their endpoint themselves.
    const row = findProviderRow(options, p);
    return { kind: 'write', choice: { provider: row?.slug ?? p, model } };
  }
  const candidates = endpointCandidates(options, main, auxiliary, model);
  const matching = candidates.filter((c) => c.servesModel);
  if (matching.length === 1) return { kind: 'write', choice: choiceFor(matching[0]!, model), endpoint: matching[0]! };
  return { kind: 'ask', reason: matching.length === 0 ? 'none' : 'several', candidates };
}
