/**
 * A lenient, line-based split of config.yaml text into top-level blocks, for display (the diff)
 * and for naming what a change touched. It needs no valid YAML (backups of broken files exist),
 * and it agrees with the restore splicer on what belongs to a section: the key line, every line
 * up to the next top-level key, and the run of column-0 comment lines directly above the key line
 * (no blank line between). Lines before the first block are the preamble; a trailing run of blank
 * and comment lines after the last block's content is the tail.
 */

export interface TextBlock {
  /** Identity for aligning two versions: `key`, or `key#2` for a repeated key; `__top__`/`__end__`. */
  id: string;
  /** The top-level key, or null for the preamble and the tail. */
  key: string | null;
  /** Line range [start, end) into the split lines. */
  start: number;
  end: number;
}

export const TOP_ID = '__top__';
export const END_ID = '__end__';

/** Lines without line breaks (a trailing newline does not make an extra empty line). */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body === '') return [];
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Same shape `splitSections` accepts as a section start: a plain or quoted key at column 0. */
const KEY_LINE = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([A-Za-z0-9_][^:#]*?))\s*:(?:\s|$)/;

/** The top-level key a line starts, or null. */
export function topLevelKey(line: string): string | null {
  if (line === '' || line[0] === ' ' || line[0] === '\t' || line[0] === '#') return null;
  if (line.startsWith('---') || line.startsWith('...')) return null;
  const m = KEY_LINE.exec(line);
  if (!m) return null;
  if (m[1] !== undefined) return m[1];
  if (m[2] !== undefined) return m[2].replace(/''/g, "'");
  return (m[3] ?? '').trim() || null;
}

const isBlank = (l: string) => l.trim() === '';
const isTopComment = (l: string) => l.startsWith('#');

export function splitBlocks(lines: readonly string[]): TextBlock[] {
  const keyLines: { line: number; key: string }[] = [];
  lines.forEach((l, i) => {
    const key = topLevelKey(l);
    if (key !== null) keyLines.push({ line: i, key });
  });
  const blocks: TextBlock[] = [];
  if (keyLines.length === 0) {
    if (lines.length > 0) blocks.push({ id: TOP_ID, key: null, start: 0, end: lines.length });
    return blocks;
  }
  // Each key's block starts at its attached comments.
  const starts = keyLines.map(({ line }) => {
    let s = line;
    while (s > 0 && isTopComment(lines[s - 1]!)) s--;
    return s;
  });
  if (starts[0]! > 0) blocks.push({ id: TOP_ID, key: null, start: 0, end: starts[0]! });
  const seen = new Map<string, number>();
  keyLines.forEach(({ key }, i) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const start = starts[i]!;
    const end = i + 1 < keyLines.length ? starts[i + 1]! : lines.length;
    blocks.push({ id: n === 1 ? key : `${key}#${n}`, key, start, end });
  });
  // The tail: blank and column-0 comment lines after the last block's content.
  const last = blocks[blocks.length - 1]!;
  let contentEnd = last.end;
  while (contentEnd > keyLines[keyLines.length - 1]!.line + 1 && (isBlank(lines[contentEnd - 1]!) || isTopComment(lines[contentEnd - 1]!))) contentEnd--;
  let tailStart = contentEnd;
  while (tailStart < last.end && isBlank(lines[tailStart]!)) tailStart++;
  if (tailStart < last.end) {
    // Keep the blank separator lines with the block; the comment blocks after them form the tail.
    blocks.push({ id: END_ID, key: null, start: tailStart, end: last.end });
    last.end = tailStart;
  }
  return blocks;
}
