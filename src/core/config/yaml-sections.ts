import { parseDocument } from 'yaml';
import { deepEqual, deepFreeze, isPlainObject } from './plain-value';
import { detectEol, PARSE_OPTIONS, parseYamlText, type DuplicateKey, type ParsedYaml, type ParseOutcome } from './yaml-parse';

/**
 * Section-wise parsing for speed. A typical config.yaml is a block mapping whose top-level keys
 * start at column 0; without anchors, aliases, merge keys, directives or document markers, each
 * top-level section parses on its own to exactly what the whole file gives. Parsing (the `yaml`
 * package does ~5 MB/s) then only has to happen for the sections an edit changed: the rest come
 * from a cache keyed by their text. Anything unusual falls back to parsing the whole file.
 */

export interface Section {
  key: string;
  /** Offsets into the BOM-less body: from the key line to the end of its last content line. */
  start: number;
  end: number;
  parsed: ParsedYaml;
}

export interface SectionLayout {
  sections: Section[];
  /** Text between sections: gaps[i] precedes sections[i]; gaps[sections.length] is the tail. */
  gaps: string[];
}

const CACHE_LIMIT = 400;
let cache = new Map<string, ParsedYaml>();

/**
 * Replaces the section cache and returns the previous one. The cache is keyed by text and holds
 * frozen parses, so it cannot go stale; tests use this to run a truly fresh engine next to a
 * long-lived one and compare their bytes.
 */
export function swapSectionCache(next = new Map<string, ParsedYaml>()): Map<string, ParsedYaml> {
  const previous = cache;
  cache = next;
  return previous;
}

function parseSection(text: string): ParsedYaml | null {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const out = parseYamlText(text);
  if (!out.ok) return null;
  cache.set(text, out.parsed);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return out.parsed;
}

/** Makes a verified section text known to the cache (the editor just parsed it). */
export function rememberSection(text: string, parsed: ParsedYaml): void {
  cache.set(text, parsed);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
}

const NEEDS_WHOLE_FILE = /(^|[\s[{,])[&*][^\s]|<<\s*:|^(?:%|---|\.\.\.)|\t/m;

/** Splits a body into top-level sections, or returns null when the whole file must be parsed. */
export function splitSections(body: string): { start: number; end: number }[] | null {
  if (NEEDS_WHOLE_FILE.test(body)) return null;
  const ranges: { start: number; end: number }[] = [];
  let pos = 0;
  let current: { start: number; lastContentEnd: number } | null = null;
  while (pos < body.length) {
    const nl = body.indexOf('\n', pos);
    const next = nl < 0 ? body.length : nl + 1;
    const line = body.slice(pos, next);
    const first = line[0];
    const blank = line.trim() === '';
    const topComment = first === '#';
    if (!blank && !topComment && first !== ' ') {
      if (first === '-' && current) {
        // A sequence written flush with its key (`key:\n- a`) belongs to that key.
        current.lastContentEnd = next;
      } else if (/^[A-Za-z0-9_"'][^\n]*?:(\s|$)/.test(line) && !line.startsWith('? ')) {
        if (current) ranges.push({ start: current.start, end: current.lastContentEnd });
        current = { start: pos, lastContentEnd: next };
      } else {
        return null;
      }
    } else if (!blank && !topComment && current) {
      current.lastContentEnd = next;
    } else if (!current && !blank && !topComment) {
      return null;
    }
    pos = next;
  }
  if (current) ranges.push({ start: current.start, end: current.lastContentEnd });
  return ranges;
}

/** Parses via sections when possible; the result is identical to `parseYamlText`. */
export function parseConfigText(raw: string, file = 'config.yaml'): ParseOutcome {
  const bom = raw.charCodeAt(0) === 0xfeff;
  const body = bom ? raw.slice(1) : raw;
  const split = splitSections(body);
  if (!split || split.length === 0) return parseYamlText(raw, file);
  const sections: Section[] = [];
  const gaps: string[] = [];
  const value: Record<string, unknown> = {};
  const duplicates: DuplicateKey[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, number[]>();
  let prevEnd = 0;
  let lineOffset = 0;
  for (const r of split) {
    gaps.push(body.slice(prevEnd, r.start));
    lineOffset += countLines(body, prevEnd, r.start);
    const text = body.slice(r.start, r.end);
    const parsed = parseSection(text);
    if (!parsed || !isPlainObject(parsed.value)) return parseYamlText(raw, file);
    const keys = Object.keys(parsed.value);
    if (keys.length !== 1) return parseYamlText(raw, file);
    const key = keys[0]!;
    sections.push({ key, start: r.start, end: r.end, parsed });
    value[key] = parsed.value[key];
    seen.set(key, [...(seen.get(key) ?? []), lineOffset + 1]);
    for (const d of parsed.duplicates) duplicates.push({ ...d, lines: d.lines.map((l) => l + lineOffset) });
    warnings.push(...parsed.warnings);
    lineOffset += countLines(body, r.start, r.end);
    prevEnd = r.end;
  }
  gaps.push(body.slice(prevEnd));
  // Root-level duplicates last, in first-seen order: the order the whole-file parse reports them in.
  for (const [key, lines] of seen) if (lines.length > 1) duplicates.push({ path: '', key, lines });
  let doc: ParsedYaml['doc'] | null = null;
  const parsed: ParsedYaml & { layout: SectionLayout } = {
    raw,
    body,
    bom,
    eol: detectEol(body),
    get doc() {
      // Built only if someone needs node ranges for the whole file (the section editor does not).
      doc ??= parseDocument(body, PARSE_OPTIONS);
      return doc;
    },
    value: deepFreeze(value),
    duplicates,
    warnings,
    lineCounter: sections[0]!.parsed.lineCounter,
    layout: { sections, gaps },
  };
  return { ok: true, parsed };
}

export function layoutOf(parsed: ParsedYaml): SectionLayout | null {
  return (parsed as ParsedYaml & { layout?: SectionLayout }).layout ?? null;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** True when two section layouts load as the same value (used by tests and as a sanity check). */
export function sameValue(a: ParsedYaml, b: ParsedYaml): boolean {
  return deepEqual(a.value, b.value);
}
