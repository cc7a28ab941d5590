/**
 * The model picker's filter: a pure function from (index, query) to the providers and models that
 * match, with highlight ranges. Built once per catalog (`buildPickerIndex`), run on every keystroke
 * (`filterPicker`) — 3,000 models well under a frame (see bench/picker-filter.bench.ts).
 *
 * Matching: the query is split on whitespace; every word must match the provider (name or slug) or
 * the model (id or label). Inside a model id a word may match as written, ignoring punctuation
 * (`4-6` finds `4.6`), or — only for a word nothing matches literally — as a subsequence (`cs46`
 * finds `claude-sonnet-4.6`), in that order of preference. A provider whose name matches every word shows all its models.
 */

/** Half-open character range `[start, end)` in the original string. */
export type Range = readonly [number, number];

export interface PickerSourceProvider {
  slug: string;
  name: string;
  models: ReadonlyArray<{ id: string; label?: string }>;
}

interface IndexedModel {
  id: string;
  lc: string;
  label: string;
  loose: string;
  loosePos: Int32Array;
}

interface IndexedProvider {
  slug: string;
  nameLc: string;
  slugLc: string;
  models: IndexedModel[];
}

export interface PickerIndex {
  readonly providers: readonly IndexedProvider[];
  readonly modelCount: number;
}

export interface ModelMatch {
  /** Position in the provider's model list. */
  index: number;
  id: string;
  score: number;
  /** Ranges of `id` to highlight. */
  ranges: Range[];
}

export interface ProviderMatch {
  /** Position in the provider list. */
  index: number;
  slug: string;
  nameRanges: Range[];
  slugRanges: Range[];
  /** Every word matched the provider itself (all its models are shown). */
  providerMatched: boolean;
  /** Matching models, best first (original order when the query is empty). */
  models: ModelMatch[];
  /** Best model score (or the provider's own). */
  score: number;
}

const PUNCT = /[\s\-._:/@+]/;

function looseForm(lc: string): { loose: string; pos: Int32Array } {
  const pos = new Int32Array(lc.length);
  let loose = '';
  for (let i = 0; i < lc.length; i++) {
    const ch = lc[i]!;
    if (PUNCT.test(ch)) continue;
    pos[loose.length] = i;
    loose += ch;
  }
  return { loose, pos: pos.subarray(0, loose.length) };
}

export function buildPickerIndex(providers: readonly PickerSourceProvider[]): PickerIndex {
  let modelCount = 0;
  const indexed = providers.map((p) => ({
    slug: p.slug,
    nameLc: p.name.toLowerCase(),
    slugLc: p.slug.toLowerCase(),
    models: p.models.map((m) => {
      modelCount++;
      const lc = m.id.toLowerCase();
      const { loose, pos } = looseForm(lc);
      return { id: m.id, lc, label: (m.label ?? '').toLowerCase(), loose, loosePos: pos };
    }),
  }));
  return { providers: indexed, modelCount };
}

/** Split a query into lowercase words. */
export function queryWords(query: string): string[] {
  return query.trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
}

function isBoundary(text: string, at: number): boolean {
  return at === 0 || PUNCT.test(text[at - 1]!);
}

/** Score and range of one word in a model; `null` when it does not match the model. */
function matchWord(model: IndexedModel, word: string, wordLoose: string, fuzzy: boolean): { score: number; range: Range[] } | null {
  const at = model.lc.indexOf(word);
  if (at >= 0) {
    const range: Range[] = [[at, at + word.length]];
    if (at === 0 && word.length === model.lc.length) return { score: 100, range };
    const slash = model.lc.indexOf('/');
    if (at === 0 || at === slash + 1) return { score: 60, range };
    return { score: isBoundary(model.lc, at) ? 40 : 25, range };
  }
  if (wordLoose.length > 0) {
    const la = model.loose.indexOf(wordLoose);
    if (la >= 0) {
      return { score: 20, range: [[model.loosePos[la]!, model.loosePos[la + wordLoose.length - 1]! + 1]] };
    }
  }
  if (model.label !== '' && model.label.includes(word)) return { score: 15, range: [] };
  if (fuzzy && wordLoose.length >= 2) {
    // Subsequence over the loose form: each letter after the previous one.
    const ranges: Range[] = [];
    let from = 0;
    for (let i = 0; i < wordLoose.length; i++) {
      const found = model.loose.indexOf(wordLoose[i]!, from);
      if (found < 0) return null;
      const orig = model.loosePos[found]!;
      const last = ranges[ranges.length - 1];
      if (last && last[1] === orig) ranges[ranges.length - 1] = [last[0], orig + 1];
      else ranges.push([orig, orig + 1]);
      from = found + 1;
    }
    return { score: 2, range: ranges };
  }
  return null;
}

function mergeRanges(ranges: Range[]): Range[] {
  if (ranges.length < 2) return ranges;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [sorted[0]!];
  for (let i = 1; i < sorted.length; i++) {
    const r = sorted[i]!;
    const last = out[out.length - 1]!;
    if (r[0] <= last[1]) out[out.length - 1] = [last[0], Math.max(last[1], r[1])];
    else out.push(r);
  }
  return out;
}

function textRange(text: string, word: string): Range | null {
  const at = text.indexOf(word);
  return at < 0 ? null : [at, at + word.length];
}

/** The best-scoring provider of a result (the first one on ties), or `undefined` when empty. */
export function bestProvider(results: readonly ProviderMatch[]): ProviderMatch | undefined {
  let best: ProviderMatch | undefined;
  for (const p of results) if (best === undefined || p.score > best.score) best = p;
  return best;
}

/** Filter the index. Providers keep their order; models are best-first within a provider. */
export function filterPicker(index: PickerIndex, query: string): ProviderMatch[] {
  const words = queryWords(query);
  const out: ProviderMatch[] = [];
  if (words.length === 0) {
    index.providers.forEach((p, i) => {
      out.push({
        index: i,
        slug: p.slug,
        nameRanges: [],
        slugRanges: [],
        providerMatched: true,
        models: p.models.map((m, j) => ({ index: j, id: m.id, score: 0, ranges: [] })),
        score: 0,
      });
    });
    return out;
  }
  const loose = words.map((w) => looseForm(w).loose);
  // Subsequence matching is a fallback for words nothing matches literally (typos, acronyms);
  // otherwise it would bury the real matches under noise.
  const fuzzy = words.map((w, wi) => !index.providers.some((p) => p.nameLc.includes(w) || p.slugLc.includes(w) || p.models.some((m) => m.lc.includes(w) || (loose[wi] !== '' && m.loose.includes(loose[wi]!)) || (m.label !== '' && m.label.includes(w)))));

  for (let pi = 0; pi < index.providers.length; pi++) {
    const p = index.providers[pi]!;
    const nameRanges: Range[] = [];
    const slugRanges: Range[] = [];
    const providerHits: boolean[] = words.map((w) => {
      const n = textRange(p.nameLc, w);
      const s = textRange(p.slugLc, w);
      if (n) nameRanges.push(n);
      if (s) slugRanges.push(s);
      return n !== null || s !== null;
    });
    const providerMatched = providerHits.every(Boolean);
    const models: ModelMatch[] = [];
    for (let mi = 0; mi < p.models.length; mi++) {
      const m = p.models[mi]!;
      let score = 0;
      let ranges: Range[] = [];
      let ok = true;
      for (let wi = 0; wi < words.length; wi++) {
        const hit = matchWord(m, words[wi]!, loose[wi]!, fuzzy[wi]!);
        if (hit) {
          score += hit.score;
          if (hit.range.length > 0) ranges = ranges.concat(hit.range);
        } else if (providerHits[wi]) {
          // The word names this provider: every model of it matches that word well.
          score += 60;
        } else {
          ok = false;
          break;
        }
      }
      if (ok) models.push({ index: mi, id: m.id, score, ranges: mergeRanges(ranges) });
    }
    if (models.length === 0 && !providerMatched) continue;
    models.sort((a, b) => b.score - a.score || a.index - b.index);
    out.push({
      index: pi,
      slug: p.slug,
      nameRanges: mergeRanges(nameRanges),
      slugRanges: mergeRanges(slugRanges),
      providerMatched,
      models,
      // Words naming the provider count for it, so "deepseek flash" prefers DeepSeek over an
      // aggregator's deepseek/… entry.
      score: Math.max(providerMatched ? 50 : 0, models[0]?.score ?? 0) + 10 * providerHits.filter(Boolean).length,
    });
  }
  return out;
}

/** Split `text` into plain and highlighted parts for rendering. */
export function highlightParts(text: string, ranges: readonly Range[]): Array<{ text: string; hit: boolean }> {
  const parts: Array<{ text: string; hit: boolean }> = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) parts.push({ text: text.slice(at, s), hit: false });
    if (e > s) parts.push({ text: text.slice(Math.max(s, at), e), hit: true });
    at = Math.max(at, e);
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false });
  return parts;
}
