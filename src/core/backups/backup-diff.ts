import { maskEnvForDisplay, maskYamlForDisplay } from '../secrets/mask-text';
import { groupForKey } from './restore-groups';
import { END_ID, splitBlocks, splitLines, TOP_ID, type TextBlock } from './text-blocks';

/**
 * A YAML-aware diff of two versions of config.yaml (or .env) for display.
 *
 * Both versions are split into top-level sections (see text-blocks.ts) and the sections are
 * aligned by key, so a moved or edited section never smears into its neighbours; inside a section
 * lines are diffed by LCS (after trimming the common prefix and suffix, which keeps it fast on
 * large files). Lines are *compared* by their raw content — a changed secret still shows up as a
 * changed line — but only *masked* text is ever emitted: every line goes through the same masking
 * as the rest of the UI before it is put into the result, so no secret leaves the core.
 */

export type DiffLineType = 'ctx' | 'add' | 'del';

export interface DiffLine {
  t: DiffLineType;
  /** Masked text of the line (no line break). */
  text: string;
  /** 1-based line number in the older / newer version (null for added / removed lines). */
  a: number | null;
  b: number | null;
}

export type SectionStatus = 'changed' | 'added' | 'removed' | 'unchanged';

export interface DiffSection {
  id: string;
  key: string | null;
  title: string;
  /** Restore group of the key (null for the preamble, the tail and .env). */
  group: string | null;
  status: SectionStatus;
  added: number;
  removed: number;
  lines: DiffLine[];
}

export interface TextDiff {
  identical: boolean;
  added: number;
  removed: number;
  changedSections: number;
  /** Lines whose value was masked, in either version. */
  maskedLines: number;
  /** Differences the lines do not show: line endings, BOM, final newline. */
  notes: string[];
  /** Changed sections first (in file order), then unchanged ones. */
  sections: DiffSection[];
}

/** Above this many cells the LCS table is not built and the middle is shown as replaced. */
const MAX_LCS_CELLS = 4_000_000;

/** Line-level edit script: [op, indexA, indexB] with op 0 = same, 1 = removed, 2 = added. */
export function diffLineOps(a: readonly string[], b: readonly string[]): [0 | 1 | 2, number, number][] {
  const n = a.length;
  const m = b.length;
  let pre = 0;
  while (pre < n && pre < m && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && suf < m - pre && a[n - 1 - suf] === b[m - 1 - suf]) suf++;
  const ops: [0 | 1 | 2, number, number][] = [];
  for (let i = 0; i < pre; i++) ops.push([0, i, i]);
  const an = n - pre - suf;
  const bm = m - pre - suf;
  if (an > 0 && bm > 0 && (an + 1) * (bm + 1) <= MAX_LCS_CELLS) {
    // Intern lines to numbers, then a classic LCS table (suffix lengths) and a forward walk.
    const ids = new Map<string, number>();
    const intern = (s: string) => {
      let id = ids.get(s);
      if (id === undefined) ids.set(s, (id = ids.size));
      return id;
    };
    const A = Int32Array.from({ length: an }, (_, i) => intern(a[pre + i]!));
    const B = Int32Array.from({ length: bm }, (_, j) => intern(b[pre + j]!));
    const w = bm + 1;
    const lcs = new Uint32Array((an + 1) * w);
    for (let i = an - 1; i >= 0; i--) {
      for (let j = bm - 1; j >= 0; j--) {
        lcs[i * w + j] = A[i] === B[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < an && j < bm) {
      if (A[i] === B[j]) ops.push([0, pre + i++, pre + j++]);
      else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) ops.push([1, pre + i++, -1]);
      else ops.push([2, -1, pre + j++]);
    }
    while (i < an) ops.push([1, pre + i++, -1]);
    while (j < bm) ops.push([2, -1, pre + j++]);
  } else {
    for (let i = 0; i < an; i++) ops.push([1, pre + i, -1]);
    for (let j = 0; j < bm; j++) ops.push([2, -1, pre + j]);
  }
  for (let k = 0; k < suf; k++) ops.push([0, n - suf + k, m - suf + k]);
  return ops;
}

interface Version {
  raw: string[];
  shown: string[];
}

function prepare(text: string, kind: 'config' | 'env'): Version {
  const raw = splitLines(text);
  const mask = kind === 'env' ? maskEnvForDisplay : maskYamlForDisplay;
  let shown = splitLines(mask(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  // Masking is line by line, so the line structure is the same; if it ever were not, mask each
  // line on its own rather than risk showing a raw line.
  if (shown.length !== raw.length) shown = raw.map((l) => mask(l));
  return { raw, shown };
}

function titleOf(block: TextBlock): string {
  if (block.id === TOP_ID) return '(top of file)';
  if (block.id === END_ID) return '(end of file)';
  const dup = /#(\d+)$/.exec(block.id);
  return dup ? `${block.key} (repeated, #${dup[1]})` : block.key!;
}

function sectionDiff(id: string, key: string | null, title: string, group: string | null, A: Version, B: Version, ra: [number, number] | null, rb: [number, number] | null): DiffSection {
  const a = ra ? A.raw.slice(ra[0], ra[1]) : [];
  const b = rb ? B.raw.slice(rb[0], rb[1]) : [];
  const offA = ra?.[0] ?? 0;
  const offB = rb?.[0] ?? 0;
  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  for (const [op, i, j] of diffLineOps(a, b)) {
    if (op === 0) lines.push({ t: 'ctx', text: B.shown[offB + j]!, a: offA + i + 1, b: offB + j + 1 });
    else if (op === 1) {
      removed++;
      lines.push({ t: 'del', text: A.shown[offA + i]!, a: offA + i + 1, b: null });
    } else {
      added++;
      lines.push({ t: 'add', text: B.shown[offB + j]!, a: null, b: offB + j + 1 });
    }
  }
  const status: SectionStatus = !ra ? 'added' : !rb ? 'removed' : added + removed > 0 ? 'changed' : 'unchanged';
  return { id, key, title, group, status, added, removed, lines };
}

function eolOf(text: string): string | null {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  if (crlf === 0 && lf === 0) return null;
  return crlf > lf ? 'CRLF' : 'LF';
}

/** The diff from `before` (older) to `after` (newer); secrets masked. */
export function diffVersions(before: string, after: string, kind: 'config' | 'env'): TextDiff {
  const A = prepare(before, kind);
  const B = prepare(after, kind);
  const sections: DiffSection[] = [];
  if (kind === 'env') {
    sections.push(sectionDiff('.env', null, '.env', null, A, B, [0, A.raw.length], [0, B.raw.length]));
  } else {
    const blocksA = splitBlocks(A.raw);
    const blocksB = splitBlocks(B.raw);
    const indexA = new Map(blocksA.map((blk, i) => [blk.id, i]));
    const idsB = new Set(blocksB.map((blk) => blk.id));
    const emittedA = new Set<number>();
    const emitA = (i: number) => {
      const blk = blocksA[i]!;
      emittedA.add(i);
      sections.push(sectionDiff(blk.id, blk.key, titleOf(blk), blk.key ? groupForKey(blk.key).id : null, A, B, [blk.start, blk.end], null));
    };
    for (const blk of blocksB) {
      const ia = indexA.get(blk.id);
      if (ia !== undefined) {
        // Sections only in the older version go where they were, before their old successor.
        for (let k = 0; k < ia; k++) if (!emittedA.has(k) && !idsB.has(blocksA[k]!.id)) emitA(k);
        emittedA.add(ia);
      }
      const ba = ia === undefined ? null : blocksA[ia]!;
      sections.push(sectionDiff(blk.id, blk.key, titleOf(blk), blk.key ? groupForKey(blk.key).id : null, A, B, ba ? [ba.start, ba.end] : null, [blk.start, blk.end]));
    }
    for (let k = 0; k < blocksA.length; k++) if (!emittedA.has(k)) emitA(k);
  }
  const ordered = [...sections.filter((s) => s.status !== 'unchanged'), ...sections.filter((s) => s.status === 'unchanged')];

  const notes: string[] = [];
  const bomA = before.charCodeAt(0) === 0xfeff;
  const bomB = after.charCodeAt(0) === 0xfeff;
  if (bomA !== bomB) notes.push(bomB ? 'A UTF-8 byte-order mark was added.' : 'The UTF-8 byte-order mark was removed.');
  const eolA = eolOf(before);
  const eolB = eolOf(after);
  if (eolA && eolB && eolA !== eolB) notes.push(`Line endings changed: ${eolA} → ${eolB}.`);
  const nlA = before === '' || before.endsWith('\n');
  const nlB = after === '' || after.endsWith('\n');
  if (nlA !== nlB) notes.push(nlB ? 'A final newline was added.' : 'The final newline was removed.');

  let maskedLines = 0;
  for (const v of [A, B]) v.raw.forEach((l, i) => (maskedLines += l === v.shown[i] ? 0 : 1));
  const added = ordered.reduce((n, s) => n + s.added, 0);
  const removed = ordered.reduce((n, s) => n + s.removed, 0);
  return {
    identical: before === after,
    added,
    removed,
    changedSections: ordered.filter((s) => s.status !== 'unchanged').length,
    maskedLines,
    notes,
    sections: ordered,
  };
}
