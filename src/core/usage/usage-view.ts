/**
 * The app's richer usage view, projected from a window aggregate (`usage-aggregate.ts`) — the same scan
 * that yields Hermes's `/api/analytics/models` response: one card per model ranked by tokens (main loop +
 * auxiliary tasks) with the full token split, sessions, API and tool calls, average per session, last use,
 * the cost *with its status* (estimated / actual / included / unknown / mixed, with per-status row counts
 * and the tokens no price covers — never a bare number that hides unpriced usage), providers seen, the
 * auxiliary tasks that used the model, and a dense daily series (UTC days) for the chart.
 *
 * Cards mirror Hermes's Models page (`web/src/pages/ModelsPage.tsx`) but group by model across routes.
 */
import type {
  AuxUsage,
  CapabilitiesLookup,
  CostRowCounts,
  CostStatus,
  DailySeries,
  ModelCard,
  ProviderSeen,
  TokenSplit,
  UsageCapabilities,
  UsageCost,
  UsageSourceInfo,
  UsageView,
} from '../../shared/domain/usage';
import type { StateDbSchema } from './open-statedb';
import { fixedToUsd, M, X, type Agg, type WindowAggregate } from './usage-aggregate';
import type { ResolvedWindow } from './usage-window';

const num = (v: number | null | undefined): number => v ?? 0;

/** Name order with NULL first, as SQLite sorts it (tie-breaks where Hermes leaves order to SQLite). */
export const compareNames = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

/** Capabilities for a route, `null` when unknown — a failing lookup never fails the page (Hermes: `{}`). */
export function lookupCapabilities(
  lookup: CapabilitiesLookup | undefined,
  provider: string,
  model: string,
): UsageCapabilities | null {
  if (!lookup) return null;
  try {
    return lookup(provider, model) ?? null;
  } catch {
    return null;
  }
}

interface CostAcc {
  estA: number;
  estB: number;
  actA: number;
  actB: number;
  rows: CostRowCounts;
  unpricedTokens: number;
}

const emptyCost = (): CostAcc => ({
  estA: 0,
  estB: 0,
  actA: 0,
  actB: 0,
  rows: { estimated: 0, actual: 0, included: 0, unknown: 0, noUsage: 0 },
  unpricedTokens: 0,
});

function addCost(c: CostAcc, a: Agg, f: typeof M | typeof X): void {
  c.estA += num(a[f.estA]);
  c.estB += num(a[f.estB]);
  c.actA += num(a[f.actA]);
  c.actB += num(a[f.actB]);
  c.rows.estimated += num(a[f.cEst]);
  c.rows.actual += num(a[f.cAct]);
  c.rows.included += num(a[f.cInc]);
  c.rows.unknown += num(a[f.cUnk]);
  c.rows.noUsage += num(a[f.cNone]);
  c.unpricedTokens += num(a[f.unpricedIo]);
}

function mergeCost(into: CostAcc, from: CostAcc): void {
  into.estA += from.estA;
  into.estB += from.estB;
  into.actA += from.actA;
  into.actB += from.actB;
  into.rows.estimated += from.rows.estimated;
  into.rows.actual += from.rows.actual;
  into.rows.included += from.rows.included;
  into.rows.unknown += from.rows.unknown;
  into.rows.noUsage += from.rows.noUsage;
  into.unpricedTokens += from.unpricedTokens;
}

/** Single status when every row that used tokens agrees; `mixed` otherwise. */
export function costStatusOf(rows: CostRowCounts): CostStatus {
  const present: CostStatus[] = [];
  if (rows.estimated > 0) present.push('estimated');
  if (rows.actual > 0) present.push('actual');
  if (rows.included > 0) present.push('included');
  if (rows.unknown > 0) present.push('unknown');
  if (present.length === 0) return 'estimated'; // nothing used: $0 is exact
  return present.length === 1 ? (present[0] as CostStatus) : 'mixed';
}

function finishCost(c: CostAcc): UsageCost {
  return {
    status: costStatusOf(c.rows),
    estimatedUsd: fixedToUsd(c.estA, c.estB),
    actualUsd: fixedToUsd(c.actA, c.actB),
    rows: { ...c.rows },
    unpricedTokens: c.unpricedTokens,
  };
}

const emptyTokens = (): TokenSplit => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, total: 0 });
function addTokens(t: TokenSplit, input: number, output: number, cacheRead: number, cacheWrite: number, reasoning: number): void {
  t.input += input;
  t.output += output;
  t.cacheRead += cacheRead;
  t.cacheWrite += cacheWrite;
  t.reasoning += reasoning;
  t.total += input + output;
}
const sumTokens = (a: TokenSplit, b: TokenSplit): TokenSplit => ({
  input: a.input + b.input,
  output: a.output + b.output,
  cacheRead: a.cacheRead + b.cacheRead,
  cacheWrite: a.cacheWrite + b.cacheWrite,
  reasoning: a.reasoning + b.reasoning,
  total: a.total + b.total,
});

interface CardAcc {
  model: string;
  mainTokens: TokenSplit;
  sessions: number;
  api: number;
  tool: number;
  ioS: number;
  ioN: number;
  lastMain: number | null;
  lastAux: number | null;
  auxApi: number;
  auxTokens: TokenSplit;
  cost: CostAcc;
  providers: Map<string | null, ProviderSeen>;
  aux: Array<AuxUsage & { _tokens: number }>;
}

const maxOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

export interface UsageViewOptions {
  capabilities?: CapabilitiesLookup;
  /** Models drawn as their own series in the daily chart (the rest is `other`). Default 5. */
  topN?: number;
  generatedAt?: number;
}

/** Builds the app's model cards, totals and daily series from an aggregate of `resolved`. */
export function toUsageView(
  w: WindowAggregate,
  resolved: ResolvedWindow,
  schema: Pick<StateDbSchema, 'version' | 'degraded' | 'notes'>,
  options: UsageViewOptions = {},
): UsageView {
  const cards = new Map<string, CardAcc>();
  const card = (model: string): CardAcc => {
    let c = cards.get(model);
    if (!c) {
      c = {
        model,
        mainTokens: emptyTokens(),
        sessions: 0,
        api: 0,
        tool: 0,
        ioS: 0,
        ioN: 0,
        lastMain: null,
        lastAux: null,
        auxApi: 0,
        auxTokens: emptyTokens(),
        cost: emptyCost(),
        providers: new Map(),
        aux: [],
      };
      cards.set(model, c);
    }
    return c;
  };
  const seen = (c: CardAcc, provider: string | null, sessions: number, tokens: number): void => {
    const p = c.providers.get(provider) ?? { provider, sessions: 0, tokens: 0 };
    p.sessions += sessions;
    p.tokens += tokens;
    c.providers.set(provider, p);
  };

  for (const g of w.main.values()) {
    if (g.model === null || g.model === '') continue;
    const a = g.agg;
    const c = card(g.model);
    addTokens(c.mainTokens, num(a[M.inS]), num(a[M.outS]), num(a[M.crS]), num(a[M.cwS]), num(a[M.rsS]));
    c.sessions += num(a[M.n]);
    c.api += num(a[M.api]);
    c.tool += num(a[M.toolS]);
    c.ioS += num(a[M.ioS]);
    c.ioN += num(a[M.ioN]);
    c.lastMain = maxOf(c.lastMain, a[M.maxStarted] as number | null);
    addCost(c.cost, a, M);
    seen(c, g.provider, num(a[M.n]), num(a[M.inS]) + num(a[M.outS]));
  }
  for (const g of w.aux.values()) {
    const a = g.agg;
    const c = card(g.model || 'unknown');
    const tokens = emptyTokens();
    addTokens(tokens, num(a[X.inS]), num(a[X.outS]), num(a[X.crS]), num(a[X.cwS]), num(a[X.rsS]));
    const cost = emptyCost();
    addCost(cost, a, X);
    mergeCost(c.cost, cost);
    c.auxTokens = sumTokens(c.auxTokens, tokens);
    c.auxApi += num(a[X.api]);
    c.lastAux = maxOf(c.lastAux, a[X.maxLastSeen] as number | null);
    seen(c, g.provider, 0, tokens.total);
    c.aux.push({
      task: g.task,
      provider: g.provider,
      tokens,
      apiCalls: num(a[X.api]),
      sessions: num(a[X.sessions]),
      lastUsedAt: a[X.maxLastSeen] as number | null,
      cost: finishCost(cost),
      _tokens: tokens.total,
    });
  }

  const totalCost = emptyCost();
  let totalTokens = emptyTokens();
  let totalSessions = 0;
  let totalApi = 0;
  let totalTool = 0;
  const ranked = [...cards.values()]
    .map((c) => ({ c, tokens: sumTokens(c.mainTokens, c.auxTokens) }))
    .sort((x, y) => y.tokens.total - x.tokens.total || compareNames(x.c.model, y.c.model));
  const out: ModelCard[] = ranked.map(({ c, tokens }, i) => {
    mergeCost(totalCost, c.cost);
    totalTokens = sumTokens(totalTokens, tokens);
    totalSessions += c.sessions;
    totalApi += c.api + c.auxApi;
    totalTool += c.tool;
    const providers = [...c.providers.values()].sort(
      (x, y) => y.tokens - x.tokens || y.sessions - x.sessions || compareNames(x.provider, y.provider),
    );
    let caps: UsageCapabilities | null = null;
    for (const p of providers) {
      caps = lookupCapabilities(options.capabilities, p.provider ?? '', c.model);
      if (caps) break;
    }
    const avg = c.ioN > 0 ? c.ioS / c.ioN : 0;
    const aux = c.aux
      .sort((x, y) => y._tokens - x._tokens || compareNames(x.task, y.task) || compareNames(x.provider, y.provider))
      .map(({ _tokens: _, ...rest }) => rest);
    return {
      rank: i + 1,
      model: c.model,
      tokens,
      main: {
        tokens: c.mainTokens,
        sessions: c.sessions,
        apiCalls: c.api,
        toolCalls: c.tool,
        avgTokensPerSession: avg,
        lastUsedAt: c.lastMain,
      },
      sessions: c.sessions,
      apiCalls: c.api + c.auxApi,
      toolCalls: c.tool,
      avgTokensPerSession: avg,
      lastUsedAt: maxOf(c.lastMain, c.lastAux),
      cost: finishCost(c.cost),
      providers,
      aux,
      capabilities: caps,
    };
  });

  const topN = options.topN ?? 5;
  const series = out.slice(0, topN).map((c) => c.model);
  const hasOther = out.length > topN;
  if (hasOther) series.push('other');
  const index = new Map(series.map((m, i) => [m, i]));
  const daily: DailySeries = { series, points: [] };
  let lastDay = resolved.lastDay;
  if (!resolved.hi) for (const d of w.daily.keys()) if (d > lastDay) lastDay = d;
  for (let d = resolved.firstDay; d <= lastDay; d++) {
    const tokensBy = new Array<number>(series.length).fill(0);
    const sessionsBy = new Array<number>(series.length).fill(0);
    let tokens = 0;
    let sessions = 0;
    const cells = w.daily.get(d);
    if (cells) {
      for (const [model, cell] of cells) {
        const k = index.get(model) ?? (hasOther ? series.length - 1 : undefined);
        if (k === undefined) continue;
        tokensBy[k] = (tokensBy[k] as number) + cell.tokens;
        sessionsBy[k] = (sessionsBy[k] as number) + cell.sessions;
        tokens += cell.tokens;
        sessions += cell.sessions;
      }
    }
    daily.points.push({
      day: new Date(d * 86400000).toISOString().slice(0, 10),
      start: d * 86400,
      sessions,
      tokens,
      tokensBySeries: tokensBy,
      sessionsBySeries: sessionsBy,
    });
  }

  const source: UsageSourceInfo = { schemaVersion: schema.version, degraded: schema.degraded, notes: [...schema.notes] };
  return {
    window: resolved.window,
    from: resolved.lo.t,
    to: resolved.hi ? resolved.hi.t : null,
    generatedAt: options.generatedAt ?? Date.now() / 1000,
    cards: out,
    totals: {
      models: out.length,
      sessions: totalSessions,
      sessionsWithoutModel: w.sessionsWithoutModel,
      tokens: totalTokens,
      apiCalls: totalApi,
      toolCalls: totalTool,
      cost: finishCost(totalCost),
    },
    daily,
    source,
  };
}

