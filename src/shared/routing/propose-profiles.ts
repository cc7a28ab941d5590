/**
 * The profiles wizard's proposal: from the providers that are set up (with their live model lists,
 * as `models.options` returns them), one model per default profile. Pure and deterministic, so it is
 * unit-tested and the UI shows the reason next to each proposal.
 *
 * The heuristic (documented in the UI):
 *   - candidates: models of providers with working credentials (no MoA), not under Hermes's 64K
 *     minimum, `:free` variants only as a last resort;
 *   - "strength": the output price when known (log scale: a $75/M model is stronger than a $1/M one),
 *     else the name (opus/pro/max/reasoner/… strong; mini/flash/haiku/lite/… light);
 *   - coding: the strongest model that can call tools, favouring coding models (coder, codex, …);
 *   - planning: the strongest reasoning model;
 *   - research: long context and cheap: the largest window (≥ 128K), then the lowest input price;
 *   - chat: left empty so it inherits the main model (when there is one), else the fastest cheap
 *     tool-capable model.
 */
export interface ProposalModel {
  id: string;
  contextWindow?: number | undefined;
  contextSource?: string | undefined;
  capabilities: { tools?: boolean | undefined; vision?: boolean | undefined; reasoning?: boolean | undefined };
  pricing?: { input: number; output: number } | undefined;
  source?: string | undefined;
}

export interface ProposalProvider {
  slug: string;
  name: string;
  authenticated: boolean;
  enabled: boolean;
  model_details: readonly ProposalModel[];
}

export interface Proposal {
  profile: string;
  /** null: leave the profile empty (it inherits the main model). */
  provider: string | null;
  model: string | null;
  reason: string;
}

export const MINIMUM_CONTEXT = 64_000;

const STRONG = /opus|fable|(^|[-/])pro($|[-.])|(^|[-/])max($|[-.])|-sol\b|ultra|reasoner|thinking|grok-4\.5|kimi-k3|glm-5\.2|sonnet-5|gpt-5\.[5-9]/i;
const LIGHT = /mini|nano|flash|haiku|lite|small|turbo|fast|air|\b\d{1,2}b\b|tiny/i;
const CODING = /cod(e|er|ex)|devstral|kimi-k|qwen3-coder|opus|sonnet/i;
const REASONING = /reason|think|o[134](-|$)|opus|(^|[-/])pro($|[-.])|deepseek-r|r1\b/i;

interface Candidate {
  provider: ProposalProvider;
  model: ProposalModel;
  order: number;
}

function strength(m: ProposalModel): number {
  if (m.pricing && m.pricing.output > 0) return Math.max(0, Math.log10(m.pricing.output) + 1);
  if (STRONG.test(m.id)) return 2.6;
  if (LIGHT.test(m.id)) return 0.8;
  return 1.6;
}

function free(m: ProposalModel): boolean {
  return /:free$/i.test(m.id) || (m.pricing !== undefined && m.pricing.input === 0 && m.pricing.output === 0);
}

function fmtCtx(n: number | undefined): string {
  if (n === undefined) return 'unknown context';
  return n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(2)}M context` : `${Math.round(n / 1000)}K context`;
}

function fmtPrice(m: ProposalModel): string {
  if (!m.pricing) return 'price unknown';
  return `$${+m.pricing.input.toFixed(3)}/$${+m.pricing.output.toFixed(2)} per M in/out`;
}

function candidates(providers: readonly ProposalProvider[]): Candidate[] {
  const out: Candidate[] = [];
  let order = 0;
  for (const p of providers) {
    if (!p.authenticated || !p.enabled || p.slug === 'moa') continue;
    for (const m of p.model_details) {
      const known = m.contextWindow !== undefined && m.contextSource !== 'estimate';
      if (known && m.contextWindow! < MINIMUM_CONTEXT) continue;
      out.push({ provider: p, model: m, order: order++ });
    }
  }
  return out;
}

function best(list: readonly Candidate[], score: (c: Candidate) => number): Candidate | null {
  let top: { c: Candidate; s: number } | null = null;
  for (const c of list) {
    const s = score(c) - (free(c.model) ? 5 : 0);
    if (top === null || s > top.s + 1e-9 || (Math.abs(s - top.s) <= 1e-9 && c.order < top.c.order)) top = { c, s };
  }
  return top?.c ?? null;
}

export function proposeProfiles(providers: readonly ProposalProvider[], main: { provider: string; model: string }): Proposal[] {
  const all = candidates(providers);
  const none = (profile: string): Proposal => ({ profile, provider: null, model: null, reason: 'No provider with working credentials offers a suitable model; set a key up first.' });
  const pick = (profile: string, c: Candidate | null, why: string): Proposal =>
    c === null ? none(profile) : { profile, provider: c.provider.slug, model: c.model.id, reason: `${why} among your providers: ${fmtCtx(c.model.contextWindow)}, ${fmtPrice(c.model)}.` };

  const toolsOk = all.filter((c) => c.model.capabilities.tools !== false);
  const coding = pick(
    'coding',
    best(toolsOk, (c) => strength(c.model) * 2 + (CODING.test(c.model.id) ? 1.5 : 0) + (c.model.capabilities.tools === true ? 1 : 0) + (c.model.capabilities.reasoning === true ? 0.5 : 0)),
    'The strongest tool-capable model, favouring coding models,'
  );
  const reasoning = all.filter((c) => c.model.capabilities.reasoning !== false);
  const planning = pick(
    'planning',
    best(reasoning, (c) => strength(c.model) * 2 + (c.model.capabilities.reasoning === true ? 2 : 0) + (REASONING.test(c.model.id) ? 1 : 0)),
    'The strongest reasoning model'
  );
  const research = pick(
    'research',
    best(toolsOk, (c) => {
      const ctx = c.model.contextWindow ?? 128_000;
      const ctxScore = Math.log2(Math.max(ctx, 64_000) / 128_000) * 2;
      const price = c.model.pricing ? c.model.pricing.input : LIGHT.test(c.model.id) ? 0.3 : STRONG.test(c.model.id) ? 5 : 1.5;
      return ctxScore - Math.log10(price + 0.01) * 1.5;
    }),
    'Long context at a low input price'
  );
  let chat: Proposal;
  if (main.model !== '') {
    chat = { profile: 'chat', provider: null, model: null, reason: `Left empty: chat keeps the main model (${main.provider} · ${main.model}).` };
  } else {
    chat = pick(
      'chat',
      best(toolsOk, (c) => (LIGHT.test(c.model.id) ? 2 : 0) - strength(c.model) * 0.5 + (c.model.capabilities.tools === true ? 1 : 0)),
      'No main model is set: a fast, cheap tool-capable model',
    );
  }
  return [chat, coding, planning, research];
}
