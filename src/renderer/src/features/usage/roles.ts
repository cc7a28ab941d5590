/**
 * Which roles a model card has in the live config.yaml: the `main` badge and one `aux · <task>` badge per
 * auxiliary task the model serves.
 *
 * Matching rule (Hermes's dashboard compares `provider` and `model` of the row with the slot, §6.5; we
 * match the same pair against every route a card was used through, and show every task, not the first):
 *  1. Model ids must be equal as written (trimmed; Hermes records the id it sent, so no normalisation).
 *  2. The slot's provider must be one of the card's billing providers, compared case-insensitively, where
 *     `custom:<name>` counts as `custom` (Hermes bills every custom endpoint as `custom`) and `codex`
 *     as `openai-codex`. A slot whose provider is `auto` (or empty) matches any provider: Hermes picks
 *     the route at run time. An aux slot with `provider: main` uses the main slot's provider.
 *  3. An aux slot without a model (`provider: X`, model empty) runs that provider's default aux model,
 *     which the config does not name — it gets no badge. Aux slots that are fully `auto` follow the main
 *     model: they are listed on the card that has the `main` badge, as `aux · auto` with their tasks —
 *     counted over every task Hermes reads (`taskKeys`), since a task missing from the file is auto too.
 *  Provider aliases other than the two above are not resolved (the dashboard does not either).
 */
import type { AuxSlot, MainModel } from '../../../../shared/contract/config';

export interface CardRoles {
  /** The card is the main model (model + provider equal the main slot). */
  main: boolean;
  /** Aux tasks explicitly pinned to this model, in config.yaml order. */
  aux: string[];
  /** Aux tasks set to `auto` (they use the main model first); only on the main card. */
  autoAux: string[];
}

export const NO_ROLES: CardRoles = { main: false, aux: [], autoAux: [] };

export function normalizeProvider(provider: string): string {
  const p = provider.trim().toLowerCase();
  if (p.startsWith('custom:')) return 'custom';
  if (p === 'codex') return 'openai-codex';
  return p;
}

/** A slot's provider against the billing providers a card was used through. */
export function providerMatches(slotProvider: string, cardProviders: ReadonlyArray<string | null>): boolean {
  const want = normalizeProvider(slotProvider);
  if (want === '' || want === 'auto') return true;
  return cardProviders.some((p) => p !== null && normalizeProvider(p) === want);
}

export interface RoleCard {
  model: string;
  providers: ReadonlyArray<{ provider: string | null }>;
}

/**
 * `taskKeys`: every auxiliary task Switchboard lists (the effective list); tasks among them that the
 * file does not mention are auto. Without it only the tasks written in the file are counted.
 */
export function rolesFor(card: RoleCard, main: MainModel | undefined, auxiliary: readonly AuxSlot[] | undefined, taskKeys?: readonly string[]): CardRoles {
  const providers = card.providers.map((p) => p.provider);
  const model = card.model.trim();
  const isMain = !!main && main.form !== 'unset' && main.model.trim() !== '' && main.model.trim() === model && providerMatches(main.provider, providers);
  const aux: string[] = [];
  const autoAux: string[] = [];
  for (const slot of auxiliary ?? []) {
    if (slot.isAuto) {
      if (isMain) autoAux.push(slot.task);
      continue;
    }
    if (slot.model.trim() === '' || slot.model.trim() !== model) continue;
    const provider = normalizeProvider(slot.provider) === 'main' ? (main?.provider ?? 'auto') : slot.provider;
    if (providerMatches(provider, providers)) aux.push(slot.task);
  }
  if (isMain && taskKeys) {
    const written = new Set((auxiliary ?? []).map((s) => s.task));
    for (const key of taskKeys) if (!written.has(key)) autoAux.push(key);
  }
  return { main: isMain, aux, autoAux };
}
