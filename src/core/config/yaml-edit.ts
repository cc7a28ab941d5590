import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import {
  cloneTree,
  deepEqual,
  deleteInPlain,
  formatPath,
  isPlainObject,
  setInPlain,
  type ConfigPath,
} from './plain-value';
import { parseYamlText, type Eol, type ParsedYaml } from './yaml-parse';
import { layoutOf, parseConfigText, rememberSection } from './yaml-sections';
import {
  isInlineValue,
  renderBlockLines,
  renderFlow,
  renderInline,
  renderItemLines,
  renderPairLines,
  renderScalar,
  type LayoutStyle,
} from './yaml-render';

/**
 * Byte-preserving YAML editing.
 *
 * Callers describe *what the value should become*; this module works out the smallest text splices
 * that turn the old file into one that loads as exactly that value. Untouched nodes keep every byte:
 * comments, blank lines, key order, quoting, anchors, flow style, CRLF and a BOM. Each result is
 * re-parsed and compared with the intended value before anyone may write it, so a bug here can only
 * refuse an edit, never damage a file.
 */

export type EditOp = { op: 'set'; path: ConfigPath; value: unknown } | { op: 'delete'; path: ConfigPath };

/** Raised when an edit cannot be expressed without touching other nodes; nothing is written. */
export class YamlEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlEditError';
  }
}

/** The value after applying `ops` in order (pure; the input is not modified). */
export function applyOpsToValue(value: unknown, ops: readonly EditOp[]): unknown {
  let next: unknown = cloneTree(value);
  for (const op of ops) {
    next = op.op === 'set' ? setInPlain(next, op.path, op.value) : deleteInPlain(next, op.path);
  }
  return next;
}

/** Applies ops to parsed YAML and returns the new file text (verified). */
export function editYaml(parsed: ParsedYaml, ops: readonly EditOp[]): string {
  return reconcileYaml(parsed, applyOpsToValue(parsed.value, ops));
}

/**
 * Returns text that loads as `next`, changing only the nodes whose values differ.
 * Throws YamlEditError when that is impossible or the result would not load as `next`.
 */
export function reconcileYaml(parsed: ParsedYaml, next: unknown): string {
  return reconcileYamlChecked(parsed, next).raw;
}

/**
 * Like `reconcileYaml`, also returning the verified parse of the result (callers cache it).
 *
 * The returned parse is always the canonical one, `parseConfigText(raw)`: whatever parse of the old
 * text was passed in, a cache that keeps this result holds exactly what a fresh read of the new
 * text would give, so the next edit takes the same path (section or whole file) as it would in a
 * freshly started app. Both paths must produce the same bytes anyway (golden and property tests).
 */
export function reconcileYamlChecked(parsed: ParsedYaml, next: unknown): { raw: string; parsed: ParsedYaml } {
  if (!isPlainObject(next)) throw new YamlEditError('The top level of config.yaml must stay a mapping.');
  if (deepEqual(parsed.value, next)) return { raw: parsed.raw, parsed };
  const layout = layoutOf(parsed);
  const body = layout ? reconcileSections(parsed, next) : reconcileWhole(parsed, next, detectLayout(parsed), parsed.eol);
  const raw = (parsed.bom ? '\uFEFF' : '') + body;
  // The result is parsed again (section-wise where possible, so unchanged sections come from the
  // cache) and must load as exactly the intended value; otherwise nothing may be written.
  return { raw, parsed: verified(parseConfigText(raw), next) };
}

function verified(check: ReturnType<typeof parseYamlText>, next: unknown): ParsedYaml {
  if (!check.ok) {
    throw new YamlEditError(`internal: the edited text would not parse (${check.error.message}, line ${check.error.line})`);
  }
  if (!deepEqual(check.parsed.value, next)) {
    throw new YamlEditError('internal: the edited text would not load as the intended value');
  }
  return check.parsed;
}

function reconcileWhole(parsed: ParsedYaml, next: Record<string, unknown>, style: LayoutStyle, eol: Eol): string {
  const editor = new TextEditor(parsed, style, eol);
  editor.reconcileRoot(next);
  return editor.apply();
}

/**
 * One section edited on its own. A section's canonical parse is `parseYamlText` of its text (what
 * the section cache holds), so that is what verifies it. Indentation style and line ending are the
 * whole file's (a one-line section cannot tell), so new text is exactly what the whole-file path
 * would write.
 */
function reconcileSection(section: ParsedYaml, next: Record<string, unknown>, style: LayoutStyle, eol: Eol): { raw: string; parsed: ParsedYaml } {
  const raw = reconcileWhole(section, next, style, eol);
  return { raw, parsed: verified(parseYamlText(raw), next) };
}

/**
 * The section path: each changed top-level key is edited inside its own section document (same
 * editor, same guarantees), removed keys lose their section, new keys are appended after the last
 * section. Gaps between sections (comments, blank lines) are never touched.
 */
function reconcileSections(parsed: ParsedYaml, next: Record<string, unknown>): string {
  const layout = layoutOf(parsed)!;
  const body = parsed.body;
  const old = parsed.value as Record<string, unknown>;
  const lastIndex = new Map<string, number>();
  layout.sections.forEach((s, i) => lastIndex.set(s.key, i));
  const texts = layout.sections.map((s) => body.slice(s.start, s.end));
  // The whole file's indentation habits (the same votes the whole-file path counts).
  const style = mergeLayouts(layout.sections.map((sec) => detectLayout(sec.parsed)));
  const inserts: [string, unknown][] = [];
  for (const [key, value] of Object.entries(next)) {
    const i = lastIndex.get(key);
    if (i === undefined) {
      inserts.push([key, value]);
      continue;
    }
    if (deepEqual(old[key], value)) continue;
    const section = layout.sections[i]!;
    const edited = reconcileSection(section.parsed, { [key]: value }, style, parsed.eol);
    texts[i] = edited.raw;
    rememberSection(edited.raw, edited.parsed);
  }
  layout.sections.forEach((s, i) => {
    if (!(s.key in next)) texts[i] = '';
  });
  if (inserts.length > 0) {
    const lines = inserts.flatMap(([k, v]) => renderPairLines(k, v, style));
    const lastKept = texts.map((t, i) => (t ? i : -1)).filter((i) => i >= 0).pop() ?? texts.length - 1;
    const base = texts[lastKept] ?? '';
    const sep = base === '' || base.endsWith('\n') ? '' : parsed.eol;
    texts[lastKept] = base + sep + lines.join(parsed.eol) + (sep ? '' : parsed.eol);
  }
  let out = '';
  texts.forEach((t, i) => (out += layout.gaps[i]! + t));
  return out + layout.gaps[layout.gaps.length - 1]!;
}

interface Splice {
  start: number;
  end: number;
  text: string;
  /**
   * Where the new text sits in the document tree, for ordering insertions at the same offset:
   * 2·depth for a value replaced at that depth, 2·depth+1 for lines appended to the end of a
   * container at that depth. At one offset, text of a higher rank comes first (inner before outer:
   * a nested map's new keys before a new key of its parent, a value before the keys after it).
   */
  rank: number;
  /** `text` is whole lines without the final line break; `apply` adds the breaks it needs. */
  lines?: boolean;
}

/** How a value node hangs in its parent; decides where replacement text goes. */
type Attach =
  | { kind: 'pair'; pair: Pair; keyColumn: number; depth: number }
  | { kind: 'item'; dash: number; depth: number }
  | { kind: 'root'; depth: 0 };

class TextEditor {
  private readonly body: string;
  private readonly eol: string;
  private readonly style: LayoutStyle;
  private readonly splices: Splice[] = [];

  constructor(
    private readonly parsed: ParsedYaml,
    style: LayoutStyle,
    eol: Eol,
  ) {
    this.body = parsed.body;
    this.eol = eol;
    this.style = style;
  }

  /**
   * Applies the splices front to back. At one offset, insertions come before a replacement that
   * starts there, and among insertions higher rank first (inner text before outer text), then in
   * the order they were pushed, so the result never depends on the order of the tree walk. Inserted
   * line blocks get their line breaks from the text actually before them, which another splice
   * (say, removing a last line that had no line break) may have changed.
   */
  apply(): string {
    const order = this.splices.map((s, i) => ({ ...s, i }));
    const sorted = order.sort((a, b) => a.start - b.start || a.end - b.end || b.rank - a.rank || a.i - b.i);
    let out = '';
    let pos = 0;
    for (const s of sorted) {
      if (s.start < pos) throw new YamlEditError('internal: overlapping edits');
      out += this.body.slice(pos, s.start);
      if (s.lines) {
        const lead = out === '' || out.endsWith('\n') ? '' : this.eol;
        // At the very end of a file without a final line break, keep it without one.
        const tail = s.start < this.body.length || lead === '' ? this.eol : '';
        out += lead + s.text + tail;
      } else {
        out += s.text;
      }
      pos = s.end;
    }
    return out + this.body.slice(pos);
  }

  reconcileRoot(next: Record<string, unknown>): void {
    const root = this.parsed.doc.contents as Node | null;
    if (!root || (isScalar(root) && (root.value === null || root.value === undefined))) {
      this.appendRootBlock(next);
      return;
    }
    if (!isMap(root)) throw new YamlEditError('The top level of config.yaml must stay a mapping.');
    if (root.flow) {
      if (Object.keys(next).length === 0 || Object.keys(this.parsed.value as object).length > 0) {
        this.splices.push({ start: rangeOf(root)[0], end: rangeOf(root)[1], text: renderFlow(next, this.flowPadding(root)), rank: 0 });
      } else {
        this.splices.push({ start: rangeOf(root)[0], end: rangeOf(root)[1], text: this.joinLines(renderBlockLines(next, this.style), 0), rank: 0 });
      }
      return;
    }
    this.reconcileMap(root, this.parsed.value as Record<string, unknown>, next, [], { kind: 'root', depth: 0 });
  }

  private appendRootBlock(next: Record<string, unknown>): void {
    if (Object.keys(next).length === 0) return;
    const lines = renderBlockLines(next, this.style);
    const needsBreak = this.body.length > 0 && !this.body.endsWith('\n');
    this.splices.push({
      start: this.body.length,
      end: this.body.length,
      text: (needsBreak ? this.eol : '') + lines.join(this.eol) + this.eol,
      rank: 1,
    });
  }

  // ---------------------------------------------------------------- dispatch by node kind

  private reconcileNode(node: Node | null, oldValue: unknown, next: unknown, path: ConfigPath, attach: Attach): void {
    if (deepEqual(oldValue, next)) return;
    if (!node) throw new YamlEditError(`cannot edit ${formatPath(path)}: it has no value node`);
    if (isAlias(node)) {
      this.reconcileAlias(node, oldValue, next, attach);
      return;
    }
    if (isMap(node) && isPlainObject(next) && isPlainObject(oldValue)) {
      if (node.flow) this.reconcileFlow(node, next, attach);
      else this.reconcileMap(node, oldValue, next, path, attach);
      return;
    }
    if (isSeq(node) && Array.isArray(next) && Array.isArray(oldValue)) {
      if (node.flow) this.reconcileFlow(node, next, attach);
      else this.reconcileSeq(node, oldValue, next, path, attach);
      return;
    }
    if (isScalar(node) && isInlineValue(next) && !isCollectionValue(next)) {
      this.replaceScalar(node, next, attach);
      return;
    }
    this.replaceValue(node, next, attach);
  }

  // ---------------------------------------------------------------- mappings

  private reconcileMap(
    node: YAMLMap,
    oldValue: Record<string, unknown>,
    next: Record<string, unknown>,
    path: ConfigPath,
    attach: Attach,
  ): void {
    const byKey = new Map<string, Pair[]>();
    for (const pair of node.items) {
      const key = keyString(pair);
      byKey.set(key, [...(byKey.get(key) ?? []), pair as Pair]);
    }
    const merged = byKey.has('<<');
    const inherited = merged ? this.mergedKeys(byKey.get('<<')!) : new Set<string>();
    for (const key of Object.keys(oldValue)) {
      if (!(key in next) && (!byKey.has(key) || inherited.has(key))) {
        // Removing the local key would only uncover the inherited value.
        throw new YamlEditError(`cannot remove ${formatPath([...path, key])}: it is inherited through a '<<' merge key`);
      }
    }

    const deleted = new Set<Pair>();
    for (const [key, pairs] of byKey) {
      if (key !== '<<' && !(key in next)) for (const p of pairs) deleted.add(p);
    }
    const inserts: [string, unknown][] = [];
    for (const [key, value] of Object.entries(next)) {
      const pairs = byKey.get(key);
      const last = pairs?.[pairs.length - 1];
      if (!last) {
        // Absent here, or inherited through `<<`: only a changed value needs a local key.
        if (!(key in oldValue) || !deepEqual(oldValue[key], value)) inserts.push([key, value]);
      }
      else if (!deepEqual(oldValue[key], value)) {
        this.reconcileNode(last.value as Node | null, oldValue[key], value, [...path, key], {
          kind: 'pair',
          pair: last,
          keyColumn: this.column(rangeOf(last.key as Node)[0]),
          depth: path.length + 1,
        });
      }
    }

    const survivors = node.items.filter((p) => !deleted.has(p as Pair));
    // An emptied nested map becomes `{}`; an emptied file simply loses its keys (comments stay).
    if (survivors.length === 0 && inserts.length === 0 && !merged && attach.kind !== 'root') {
      this.replaceValue(node, {}, attach);
      return;
    }
    const first = node.items[0] as Pair | undefined;
    if (first && deleted.has(first) && this.keyShareLineWithDash(first)) {
      // The first key sits on the `- ` line of a sequence item: the next surviving key must move
      // up onto that line, so cut from this key up to it in one splice.
      const survivor = survivors[0] as Pair | undefined;
      if (!survivor) {
        this.replaceValue(node, next, attach);
        return;
      }
      const cutEnd = rangeOf(survivor.key as Node)[0];
      this.splices.push({ start: rangeOf(first.key as Node)[0], end: cutEnd, text: '', rank: 2 * (path.length + 1) });
      for (const p of node.items) if (rangeOf(p.key as Node)[0] < cutEnd) deleted.delete(p as Pair);
    }
    for (const pair of deleted) {
      const keyStart = rangeOf(pair.key as Node)[0];
      const start = this.lineStart(keyStart);
      // Comment lines indented under the key belong to its block and go with it.
      const end = this.keyShareLineWithDash(pair) ? this.pairEnd(pair) : this.blockEnd(pair);
      this.splices.push({ start, end, text: '', rank: 2 * (path.length + 1) });
    }
    if (inserts.length > 0) {
      // New keys go after the last key that stays (a removed last key takes nothing with it), and
      // after comment lines indented under it: those belong to its block, as in the section path.
      const anchor = (survivors[survivors.length - 1] ?? node.items[node.items.length - 1]) as Pair | undefined;
      if (!anchor) throw new YamlEditError(`cannot add keys to ${formatPath(path)}`);
      const column = this.column(rangeOf(first!.key as Node)[0]);
      const lines = inserts.flatMap(([k, v]) => renderPairLines(k, v, this.style));
      this.insertLinesAt(this.blockEnd(anchor), lines, column, 2 * path.length + 1);
    }
  }

  /** Keys a mapping inherits through its `<<` merge keys. */
  private mergedKeys(pairs: Pair[]): Set<string> {
    const out = new Set<string>();
    const visit = (node: unknown) => {
      const target = isAlias(node) ? node.resolve(this.parsed.doc) : node;
      if (isMap(target)) for (const p of target.items) out.add(keyString(p));
      else if (isSeq(target)) for (const item of target.items) visit(item);
    };
    for (const pair of pairs) visit(pair.value);
    return out;
  }

  // ---------------------------------------------------------------- sequences

  private reconcileSeq(node: YAMLSeq, oldValue: unknown[], next: unknown[], path: ConfigPath, attach: Attach): void {
    if (next.length === 0) {
      this.replaceValue(node, next, attach);
      return;
    }
    const items = node.items as (Node | null)[];
    if (items.length !== oldValue.length) throw new YamlEditError(`cannot edit ${formatPath(path)}: unexpected sequence shape`);
    if (next.length === oldValue.length && !isPermutation(oldValue, next)) {
      next.forEach((value, i) => {
        if (!deepEqual(oldValue[i], value)) {
          this.reconcileNode(items[i] ?? null, oldValue[i], value, [...path, i], { kind: 'item', dash: this.dashOf(node, i), depth: path.length + 1 });
        }
      });
      return;
    }
    // Insertions, removals and reorders: rebuild the item list from the original item texts
    // (with their comments) wherever an item survives unchanged, rendering only new items.
    const blocks = items.map((_, i) => this.itemBlock(node, i));
    const column = this.column(this.dashOf(node, 0));
    const used = new Set<number>();
    const texts = next.map((value) => {
      const reuse = oldValue.findIndex((old, i) => !used.has(i) && deepEqual(old, value));
      if (reuse >= 0) {
        used.add(reuse);
        const b = blocks[reuse]!;
        const text = this.body.slice(b.start, b.end);
        return text.endsWith('\n') ? text : text + this.eol;
      }
      return this.joinLines(renderItemLines(value, this.style), column) + this.eol;
    });
    const first = blocks[0]!;
    const last = blocks[blocks.length - 1]!;
    let out = '';
    texts.forEach((text, j) => {
      if (j > 0 && j < blocks.length) out += this.body.slice(blocks[j - 1]!.end, blocks[j]!.start);
      out += text;
    });
    if (!this.body.slice(0, last.end).endsWith('\n') && out.endsWith(this.eol)) out = out.slice(0, -this.eol.length);
    this.splices.push({ start: first.start, end: last.end, text: out, rank: 2 * attach.depth });
  }

  /** Text of one block-sequence item: its comment lines above, the `- ` line, through its end. */
  private itemBlock(node: YAMLSeq, i: number): { start: number; end: number } {
    const dash = this.dashOf(node, i);
    const dashColumn = this.column(dash);
    let start = this.lineStart(dash);
    const floor = i === 0 ? 0 : this.itemEnd(node.items[i - 1] as Node | null, dash, dashColumn);
    while (start > floor) {
      const prevStart = this.lineStart(start - 1);
      const line = this.body.slice(prevStart, start).replace(/\r?\n$/, '');
      const trimmed = line.trimStart();
      if (!trimmed.startsWith('#') || line.length - trimmed.length < dashColumn) break;
      start = prevStart;
    }
    const item = node.items[i] as Node | null;
    return { start, end: this.itemEnd(item, dash, dashColumn) };
  }

  /** End of an item's block: its value, then comment lines indented deeper than its dash. */
  private itemEnd(item: Node | null, dash: number, dashColumn: number): number {
    return this.afterIndentedComments(this.nodeEnd(item, dash), dashColumn);
  }

  /** Offset of the `-` that introduces item `i` of a block sequence (comment lines skipped). */
  private dashOf(node: YAMLSeq, i: number): number {
    const [start] = rangeOf(node);
    if (i === 0 && this.body[start] === '-') return start;
    let pos = i === 0 ? this.lineStart(start) : this.nodeEnd(node.items[i - 1] as Node | null, start);
    const item = node.items[i] as Node | null;
    const limit = item?.range ? item.range[0] : rangeOf(node)[1];
    while (pos <= limit && pos < this.body.length) {
      const next = this.lineEndIncl(pos);
      const line = this.body.slice(pos, next);
      const trimmed = line.trimStart();
      if (/^-(\s|$)/.test(trimmed)) return pos + (line.length - trimmed.length);
      if (trimmed.trim() !== '' && !trimmed.startsWith('#')) break;
      pos = next;
    }
    throw new YamlEditError('internal: could not locate a sequence item');
  }

  // ---------------------------------------------------------------- flow collections and aliases

  private reconcileFlow(node: YAMLMap | YAMLSeq, next: unknown, attach: Attach): void {
    const empty = node.items.length === 0;
    if (empty && !isInlineValue(next)) {
      this.replaceValue(node, next, attach);
      return;
    }
    const [start, end] = rangeOf(node);
    this.splices.push({ start, end, text: renderFlow(next, this.flowPadding(node)), rank: 2 * attach.depth });
  }

  private reconcileAlias(node: Node, oldValue: unknown, next: unknown, attach: Attach): void {
    const source = (node as unknown as { source: string }).source;
    if (isPlainObject(oldValue) && isPlainObject(next) && Object.keys(oldValue).every((k) => k in next) && attach.kind === 'pair') {
      // Keep sharing the anchor: `key: *ref` becomes `key: {<<: *ref, changed: …}` in block form.
      const overrides = Object.entries(next).filter(([k, v]) => !deepEqual(oldValue[k], v));
      const column = this.childColumn(attach, false);
      const lines = [`<<: *${source}`, ...overrides.flatMap(([k, v]) => renderPairLines(k, v, this.style))];
      const end = rangeOf(node)[1];
      this.splices.push({ start: this.afterColon(attach.pair), end, text: this.eol + this.joinLines(lines, column), rank: 2 * attach.depth });
      return;
    }
    this.replaceValue(node, next, attach);
  }

  // ---------------------------------------------------------------- replacing a value wholesale

  private replaceScalar(node: Scalar, next: unknown, attach: Attach): void {
    const [start, end] = rangeOf(node);
    const style = (node.type ?? undefined) as Scalar['type'];
    // Keep quotes the user chose; quotes the old value merely needed (like '') say nothing.
    const chosen = (style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE') && !/^['"]/.test(renderScalar(node.value));
    let text = renderScalar(next, chosen ? style : undefined);
    if (text.includes('\n')) {
      const indent = ' '.repeat(attach.kind === 'pair' ? attach.keyColumn : attach.kind === 'item' ? this.column(attach.dash) : 0);
      text = text.split('\n').map((l, i) => (i === 0 || l === '' ? l : indent + l)).join(this.eol);
    }
    if (start === end && start > 0 && !/\s/.test(this.body[start - 1]!)) text = ' ' + text;
    this.splices.push({ start, end, text, rank: 2 * attach.depth });
  }

  /** Replaces a node's whole value with `next` (a scalar, an empty or a non-empty collection). */
  private replaceValue(node: Node, next: unknown, attach: Attach): void {
    const [start, end] = rangeOf(node);
    const block = isBlockCollection(node);
    // A block value is replaced with the comment lines indented under it (they described it).
    const regionEnd = !block ? end : this.afterIndentedComments(this.nodeEnd(node, start), attach.kind === 'pair' ? attach.keyColumn : attach.kind === 'item' ? this.column(attach.dash) : 0);
    if (attach.kind === 'root') throw new YamlEditError('The top level of config.yaml must stay a mapping.');
    if (attach.kind === 'item') {
      const column = this.column(attach.dash) + 2;
      const text = isInlineValue(next)
        ? renderInline(next)
        : renderBlockLines(next, this.style).map((l, i) => (i === 0 ? l : ' '.repeat(column) + l)).join(this.eol);
      this.splices.push({ start, end: regionEnd, text: block ? text + (this.endsWithBreak(regionEnd) ? this.eol : '') : text, rank: 2 * attach.depth });
      return;
    }
    const from = this.afterColon(attach.pair);
    const lineEnd = this.lineContentEnd(from);
    const rest = this.body.slice(from, Math.min(lineEnd, block ? lineEnd : start)).trim();
    const props = rest.match(/^((?:[&!]\S*\s*)*)/)?.[1]?.trim() ?? '';
    const comment = block ? rest.slice(rest.indexOf('#') >= 0 ? rest.indexOf('#') : rest.length) : '';
    const lead = props ? ` ${props}` : '';
    if (isInlineValue(next)) {
      const inline = renderInline(next);
      const tail = comment ? `  ${comment}` : '';
      const text = ` ${props ? props + ' ' : ''}${inline}${tail}`;
      this.splices.push({ start: from, end: block ? regionEnd : end, text: block ? text + (this.endsWithBreak(regionEnd) ? this.eol : '') : text, rank: 2 * attach.depth });
      return;
    }
    const seq = Array.isArray(next);
    const column = this.childColumn(attach, seq);
    const lines = this.joinLines(renderBlockLines(next, this.style), column);
    if (block) {
      const tail = comment ? `  ${comment}` : '';
      this.splices.push({ start: from, end: regionEnd, text: `${lead}${tail}${this.eol}${lines}${this.endsWithBreak(regionEnd) ? this.eol : ''}`, rank: 2 * attach.depth });
    } else {
      // `key: value  # note` becomes `key:  # note` + the block: the note stays on the key line.
      const restEnd = this.lineContentEnd(end);
      const rest = this.body.slice(end, restEnd);
      const keepRest = /^\s*(#.*)?$/.test(rest);
      this.splices.push({ start: from, end: keepRest ? restEnd : end, text: `${lead}${keepRest ? rest : ''}${this.eol}${lines}`, rank: 2 * attach.depth });
    }
  }

  // ---------------------------------------------------------------- positions

  private childColumn(attach: Attach, seq: boolean): number {
    if (attach.kind === 'pair') return seq && !this.style.indentSeq ? attach.keyColumn : attach.keyColumn + this.style.indentUnit;
    if (attach.kind === 'item') return this.column(attach.dash) + 2;
    return 0;
  }

  private afterColon(pair: Pair): number {
    const keyEnd = rangeOf(pair.key as Node)[1];
    const colon = this.body.indexOf(':', keyEnd);
    if (colon < 0) throw new YamlEditError('internal: mapping key without a colon');
    return colon + 1;
  }

  private keyShareLineWithDash(pair: Pair): boolean {
    const keyStart = rangeOf(pair.key as Node)[0];
    return this.body.slice(this.lineStart(keyStart), keyStart).trim().length > 0;
  }

  private pairEnd(pair: Pair): number {
    const node = (pair.value as Node | null) ?? (pair.key as Node);
    return this.nodeEnd(node, rangeOf(pair.key as Node)[0]);
  }

  /** End of a key's whole block: its value, then comment lines indented deeper than the key. */
  private blockEnd(pair: Pair): number {
    return this.afterIndentedComments(this.pairEnd(pair), this.column(rangeOf(pair.key as Node)[0]));
  }

  /**
   * End offset (exclusive) of a node's last content line, including its line break and any comment
   * on that line. The end comes from the node's last leaf: the `yaml` package lets a collection's
   * range run on over comment lines that follow it (even column-0 ones that belong to no key), so a
   * splice up to that range would take comments it does not own. Comment lines indented under a key
   * are added by `blockEnd` where a key's whole block is meant.
   */
  private nodeEnd(node: Node | null, fallback: number): number {
    const r1 = node ? rangeOf(lastLeaf(node))[1] : fallback;
    let end = r1 > 0 && this.body[r1 - 1] === '\n' ? r1 : this.lineEndIncl(r1);
    const floor = node ? rangeOf(node)[0] : fallback;
    while (end > floor) {
      const prevStart = this.lineStart(end - 1);
      if (prevStart <= floor || this.body.slice(prevStart, end).trim() !== '') break;
      end = prevStart;
    }
    return end;
  }

  /** `pos` moved past the comment lines (and blank lines between them) indented deeper than `column`. */
  private afterIndentedComments(pos: number, column: number): number {
    let end = pos;
    let cursor = pos;
    while (cursor < this.body.length) {
      const next = this.lineEndIncl(cursor);
      const line = this.body.slice(cursor, next).replace(/\r?\n$/, '');
      const trimmed = line.trimStart();
      if (trimmed === '') {
        cursor = next;
        continue;
      }
      if (!trimmed.startsWith('#') || line.length - trimmed.length <= column) break;
      end = next;
      cursor = next;
    }
    return end;
  }

  private insertLinesAt(pos: number, lines: string[], column: number, rank: number): void {
    this.splices.push({ start: pos, end: pos, text: this.joinLines(lines, column), rank, lines: true });
  }

  private joinLines(lines: string[], column: number): string {
    const pad = ' '.repeat(column);
    return lines.map((l) => (l === '' ? l : pad + l)).join(this.eol);
  }

  private endsWithBreak(pos: number): boolean {
    return pos > 0 && this.body[pos - 1] === '\n';
  }

  private flowPadding(node: Node): boolean {
    const start = rangeOf(node)[0];
    return this.body[start + 1] === ' ';
  }

  private lineStart(pos: number): number {
    return this.body.lastIndexOf('\n', pos - 1) + 1;
  }

  private lineEndIncl(pos: number): number {
    const nl = this.body.indexOf('\n', pos);
    return nl < 0 ? this.body.length : nl + 1;
  }

  /** Offset of the line break (or CR) ending the line at `pos`. */
  private lineContentEnd(pos: number): number {
    const nl = this.body.indexOf('\n', pos);
    const end = nl < 0 ? this.body.length : nl;
    return end > 0 && this.body[end - 1] === '\r' ? end - 1 : end;
  }

  private column(pos: number): number {
    return pos - this.lineStart(pos);
  }
}

/** The last scalar, alias or flow collection inside a node (the node itself when it is one). */
function lastLeaf(node: Node): Node {
  let cur = node;
  while ((isMap(cur) || isSeq(cur)) && !cur.flow && cur.items.length > 0) {
    const last = cur.items[cur.items.length - 1] as unknown;
    const child = (isMap(cur) ? ((last as Pair).value ?? (last as Pair).key) : last) as Node | null;
    if (!child || !child.range) break;
    cur = child;
  }
  return cur;
}

function rangeOf(node: Node): [number, number, number] {
  const r = node.range;
  if (!r) throw new YamlEditError('internal: node without a source range');
  return r;
}

function keyString(pair: { key: unknown }): string {
  const key = pair.key;
  // `yaml` represents the merge key `<<` with a symbol value.
  if (isScalar(key)) return typeof key.value === 'symbol' ? '<<' : String(key.value);
  return String(key);
}

function isBlockCollection(node: Node): boolean {
  return (isMap(node) || isSeq(node)) && !node.flow;
}

function isCollectionValue(value: unknown): boolean {
  return Array.isArray(value) || isPlainObject(value);
}

function isPermutation(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const used = new Set<number>();
  return b.every((value) => {
    const i = a.findIndex((old, j) => !used.has(j) && deepEqual(old, value));
    if (i < 0) return false;
    used.add(i);
    return true;
  });
}

function mergeLayouts(styles: (LayoutStyle & { votes?: Map<number, number>; flush?: number; indented?: number })[]): LayoutStyle {
  const units = new Map<number, number>();
  let flush = 0;
  let indented = 0;
  for (const s of styles) {
    for (const [u, n] of s.votes ?? []) units.set(u, (units.get(u) ?? 0) + n);
    flush += s.flush ?? 0;
    indented += s.indented ?? 0;
  }
  let unit = 2;
  let best = 0;
  for (const [u, count] of units) if (count > best) [unit, best] = [u, count];
  return { indentUnit: unit, indentSeq: flush <= indented };
}

/** Indentation habits of the file, so inserted blocks look like their neighbours. */
function detectLayout(parsed: ParsedYaml): LayoutStyle & { votes: Map<number, number>; flush: number; indented: number } {
  const body = parsed.body;
  const lineStart = (pos: number) => body.lastIndexOf('\n', pos - 1) + 1;
  const units = new Map<number, number>();
  let flushSeq = 0;
  let indentedSeq = 0;
  const visit = (node: Node | null) => {
    if (!node || !node.range) return;
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (!key?.range || !value?.range) continue;
        const keyCol = key.range[0] - lineStart(key.range[0]);
        if (isMap(value) && !value.flow && value.items[0]) {
          const child = value.items[0].key as Node | null;
          if (child?.range) {
            const delta = child.range[0] - lineStart(child.range[0]) - keyCol;
            if (delta > 0) units.set(delta, (units.get(delta) ?? 0) + 1);
          }
        }
        if (isSeq(value) && !value.flow) {
          const dashCol = value.range![0] - lineStart(value.range![0]);
          if (dashCol === keyCol) flushSeq++;
          else indentedSeq++;
        }
        visit(value);
      }
    } else if (isSeq(node) && !node.flow) {
      for (const item of node.items) visit(item as Node | null);
    }
  };
  visit(parsed.doc.contents as Node | null);
  let unit = 2;
  let best = 0;
  for (const [u, count] of units) if (count > best) [unit, best] = [u, count];
  return { indentUnit: unit, indentSeq: flushSeq <= indentedSeq, votes: units, flush: flushSeq, indented: indentedSeq };
}
