import { AppError } from '../app-error';
import { cloneTree, deepEqual, isPlainObject } from '../config/plain-value';
import { reconcileYamlChecked, YamlEditError } from '../config/yaml-edit';
import type { ParsedYaml } from '../config/yaml-parse';
import { layoutOf, parseConfigText, type SectionLayout } from '../config/yaml-sections';

/**
 * Restores chosen top-level sections of config.yaml from a backup into the current file.
 *
 * The normal path splices *text*: each chosen section of the current file (its key line through
 * its last content line, plus the column-0 comment lines directly above it) is replaced by the
 * backup's text of that section, so the section's comments come back with it, and every other
 * byte of the current file stays as it is. A section the backup does not have is removed; one the
 * current file does not have is inserted where the backup had it (after the nearest section that
 * precedes it there), converted to the current file's line endings.
 *
 * Files that cannot be split into sections (anchors, aliases, merge keys, tabs, document markers)
 * or that repeat a chosen key fall back to a value-level edit of those keys through the config
 * engine: the values are exactly the backup's, the rest of the file keeps its bytes, but the
 * restored sections are rendered by the engine rather than copied.
 *
 * Either way the result is parsed again and must hold the backup's values for the chosen keys and
 * the current values for every other key; otherwise nothing is returned (CONFIG_EDIT_FAILED).
 */

export type RestoreMethod = 'splice' | 'value';

export interface SectionRestore {
  text: string;
  method: RestoreMethod;
  /** Why the value-level path was used (null for a splice). */
  note: string | null;
}

interface Span {
  key: string;
  /** Start of the attached comments (or of the key line when there are none). */
  start: number;
  /** End of the last content line, including its line break when it has one. */
  end: number;
  /** Whether the unattached part of the gap before this section holds a blank line. */
  blankBefore: boolean;
}

function spansOf(layout: SectionLayout): Span[] {
  return layout.sections.map((s, i) => {
    // A gap holds only blank lines and column-0 comments; the comment run right above the key is attached.
    const lines = (layout.gaps[i] ?? '').match(/[^\n]*\n|[^\n]+$/g) ?? [];
    let k = lines.length;
    while (k > 0 && lines[k - 1]!.startsWith('#')) k--;
    const attached = lines.slice(k).join('').length;
    return { key: s.key, start: s.start - attached, end: s.end, blankBefore: lines.slice(0, k).some((l) => l.trim() === '') };
  });
}

function toEol(text: string, eol: '\n' | '\r\n'): string {
  return eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text.replace(/\r\n/g, '\n');
}

function stripFinalEol(text: string): string {
  return text.replace(/\r?\n$/, '');
}

interface Splice {
  at: number;
  del: number;
  text: string;
}

/** The text path; null when either file cannot be sectioned or repeats a chosen key. */
function splice(current: ParsedYaml, backup: ParsedYaml, keys: readonly string[]): string | null {
  const curLayout = layoutOf(current);
  const bakLayout = layoutOf(backup);
  if (!curLayout || !bakLayout) return null;
  const body = current.body;
  const bakBody = backup.body;
  const cur = spansOf(curLayout);
  const bak = spansOf(bakLayout);
  const chosen = new Set(keys);
  const count = (spans: Span[], key: string) => spans.filter((s) => s.key === key).length;
  for (const key of keys) if (count(cur, key) > 1 || count(bak, key) > 1) return null;
  const curByKey = new Map(cur.map((s) => [s.key, s]));
  const bakKeys = new Set(bak.map((s) => s.key));
  const eol = current.eol;
  const splices: Splice[] = [];
  const endsWithEol = (s: Span) => body[s.end - 1] === '\n';

  for (const key of keys) {
    const c = curByKey.get(key);
    const b = bak.find((s) => s.key === key);
    if (c && b) {
      let text = stripFinalEol(toEol(bakBody.slice(b.start, b.end), eol));
      if (endsWithEol(c)) text += eol;
      splices.push({ at: c.start, del: c.end - c.start, text });
    } else if (c) {
      let end = c.end;
      // Removing a section between two blank lines would leave a double blank: drop one.
      const prevLineStart = c.start === 0 ? 0 : body.lastIndexOf('\n', c.start - 2) + 1;
      const prevBlank = c.start === 0 || body.slice(prevLineStart, c.start).trim() === '';
      const nl = body.indexOf('\n', end);
      if (prevBlank && nl !== -1 && body.slice(end, nl + 1).trim() === '') end = nl + 1;
      splices.push({ at: c.start, del: end - c.start, text: '' });
    } else if (b) {
      const idx = bak.indexOf(b);
      const sectionText = stripFinalEol(toEol(bakBody.slice(b.start, b.end), eol)) + eol;
      const usable = (k: string) => curByKey.has(k) && count(cur, k) === 1 && !(chosen.has(k) && !bakKeys.has(k));
      const before = bak.slice(0, idx).reverse().find((s) => usable(s.key));
      const after = bak.slice(idx + 1).find((s) => usable(s.key));
      if (before) {
        const anchor = curByKey.get(before.key)!;
        const lead = (endsWithEol(anchor) ? '' : eol) + (b.blankBefore ? eol : '');
        splices.push({ at: anchor.end, del: 0, text: lead + sectionText });
      } else if (after) {
        const anchor = curByKey.get(after.key)!;
        splices.push({ at: anchor.start, del: 0, text: sectionText + (after.blankBefore ? eol : '') });
      } else {
        const last = cur[cur.length - 1]!;
        const lead = (endsWithEol(last) ? '' : eol) + (b.blankBefore ? eol : '');
        splices.push({ at: last.end, del: 0, text: lead + sectionText });
      }
    }
  }
  // Insertions at a position go before a replacement starting there; otherwise file order.
  const ordered = splices.map((s, i) => ({ ...s, i })).sort((x, y) => x.at - y.at || (x.del === 0 ? 0 : 1) - (y.del === 0 ? 0 : 1) || x.i - y.i);
  let out = '';
  let pos = 0;
  for (const s of ordered) {
    if (s.at < pos) return null; // overlapping edits: let the value path handle it
    out += body.slice(pos, s.at) + s.text;
    pos = s.at + s.del;
  }
  out += body.slice(pos);
  return (current.bom ? '\uFEFF' : '') + out;
}

/** The next value: chosen keys from the backup (absent there = removed), others as they are. */
function valueWithSections(current: Record<string, unknown>, backup: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const chosen = new Set(keys);
  const next: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(current)) {
    if (!chosen.has(k)) next[k] = cloneTree(v);
    else if (Object.prototype.hasOwnProperty.call(backup, k)) next[k] = cloneTree(backup[k]);
  }
  for (const k of keys) if (!(k in current) && Object.prototype.hasOwnProperty.call(backup, k)) next[k] = cloneTree(backup[k]);
  return next;
}

/** Null when `text` loads as the current value with the chosen keys taken from the backup. */
export function checkRestoredText(text: string, current: Record<string, unknown>, backup: Record<string, unknown>, keys: readonly string[]): string | null {
  const parsed = parseConfigText(text);
  if (!parsed.ok) return `the result does not parse (line ${parsed.error.line}: ${parsed.error.message})`;
  const value = parsed.parsed.value;
  if (!isPlainObject(value)) return 'the result is not a mapping';
  const expected = valueWithSections(current, backup, keys);
  const all = new Set([...Object.keys(expected), ...Object.keys(value)]);
  for (const k of all) {
    if (!deepEqual(value[k], expected[k])) return `${k} does not hold the expected value`;
  }
  return null;
}

export function restoreSections(current: ParsedYaml, backup: ParsedYaml, keys: readonly string[]): SectionRestore {
  const cur = isPlainObject(current.value) ? current.value : {};
  const bak = isPlainObject(backup.value) ? backup.value : {};
  const spliced = splice(current, backup, keys);
  if (spliced !== null && checkRestoredText(spliced, cur, bak, keys) === null) return { text: spliced, method: 'splice', note: null };

  const why = !layoutOf(current)
    ? 'config.yaml uses anchors, aliases, merge keys or other YAML that cannot be split into sections'
    : !layoutOf(backup)
      ? 'the backup uses anchors, aliases, merge keys or other YAML that cannot be split into sections'
      : 'a chosen key appears more than once';
  let text: string;
  try {
    text = reconcileYamlChecked(current, valueWithSections(cur, bak, keys)).raw;
  } catch (err) {
    if (err instanceof YamlEditError) throw new AppError('CONFIG_EDIT_FAILED', `These sections could not be restored without disturbing the rest of config.yaml: ${err.message}. Nothing was written.`);
    throw err;
  }
  const problem = checkRestoredText(text, cur, bak, keys);
  if (problem) throw new AppError('CONFIG_EDIT_FAILED', `These sections could not be restored safely (${problem}). Nothing was written.`);
  return {
    text,
    method: 'value',
    note: `Restored value by value because ${why}: the values are exactly the backup's and the rest of the file is unchanged, but comments inside the restored sections are not copied from the backup.`,
  };
}
