import { Fragment, useMemo, useState } from 'react';
import type { DiffLine, DiffSection, TextDiff } from '../../../../shared/contract/backups';
import { Badge } from '../../components/ui/Feedback';
import { plural } from '../../lib/format';

export type DiffMode = 'unified' | 'split';

/** Unchanged lines kept around each change; longer runs fold into a "N unchanged lines" row. */
const CONTEXT = 3;

type Item = { kind: 'line'; line: DiffLine } | { kind: 'fold'; id: number; lines: DiffLine[] };

function foldContext(lines: DiffLine[], open: Set<number>): Item[] {
  const changed = lines.map((l) => l.t !== 'ctx');
  const near = lines.map((_, i) => {
    for (let d = -CONTEXT; d <= CONTEXT; d++) if (changed[i + d]) return true;
    return false;
  });
  const out: Item[] = [];
  let run: DiffLine[] = [];
  let runStart = 0;
  const flush = () => {
    if (run.length === 0) return;
    if (run.length <= 2 || open.has(runStart)) run.forEach((line) => out.push({ kind: 'line', line }));
    else out.push({ kind: 'fold', id: runStart, lines: run });
    run = [];
  };
  lines.forEach((line, i) => {
    if (near[i]) {
      flush();
      out.push({ kind: 'line', line });
    } else {
      if (run.length === 0) runStart = i;
      run.push(line);
    }
  });
  flush();
  return out;
}

type Row = { kind: 'pair'; left: DiffLine | null; right: DiffLine | null } | { kind: 'fold'; id: number; lines: DiffLine[] };

/** Side-by-side rows: context on both sides, removed lines paired with the added lines they became. */
function toRows(items: Item[]): Row[] {
  const rows: Row[] = [];
  let dels: DiffLine[] = [];
  let adds: DiffLine[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i++) rows.push({ kind: 'pair', left: dels[i] ?? null, right: adds[i] ?? null });
    dels = [];
    adds = [];
  };
  for (const it of items) {
    if (it.kind === 'fold') {
      flush();
      rows.push(it);
    } else if (it.line.t === 'del') dels.push(it.line);
    else if (it.line.t === 'add') adds.push(it.line);
    else {
      flush();
      rows.push({ kind: 'pair', left: it.line, right: it.line });
    }
  }
  flush();
  return rows;
}

const MARK: Record<DiffLine['t'], string> = { ctx: ' ', add: '+', del: '−' };

function Code({ text }: { text: string }) {
  return <span className="diff-code">{text === '' ? '\u00a0' : text}</span>;
}

function FoldRow({ count, onOpen, colSpan }: { count: number; onOpen: () => void; colSpan: number }) {
  return (
    <tr className="diff-fold">
      <td colSpan={colSpan}>
        <button type="button" className="diff-fold-btn" onClick={onOpen}>
          ⋯ {plural(count, 'unchanged line')}
        </button>
      </td>
    </tr>
  );
}

function SectionBody({ section, mode }: { section: DiffSection; mode: DiffMode }) {
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const items = useMemo(() => (section.status === 'unchanged' ? section.lines.map((line): Item => ({ kind: 'line', line })) : foldContext(section.lines, open)), [section, open]);
  const openFold = (id: number) => setOpen((s) => new Set(s).add(id));
  if (mode === 'unified') {
    return (
      <table className="diff-table diff-unified">
        <tbody>
          {items.map((it, i) =>
            it.kind === 'fold' ? (
              <FoldRow key={`f${it.id}`} count={it.lines.length} colSpan={4} onOpen={() => openFold(it.id)} />
            ) : (
              <tr key={i} className={`diff-${it.line.t}`}>
                <td className="diff-num">{it.line.a ?? ''}</td>
                <td className="diff-num">{it.line.b ?? ''}</td>
                <td className="diff-mark">
                  <span aria-hidden="true">{MARK[it.line.t]}</span>
                  {it.line.t !== 'ctx' && <span className="visually-hidden">{it.line.t === 'add' ? 'added' : 'removed'}</span>}
                </td>
                <td data-testid={`diff-line-${it.line.t}`}>
                  <Code text={it.line.text} />
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    );
  }
  const rows = toRows(items);
  return (
    <table className="diff-table diff-split">
      <colgroup>
        <col className="diff-num-col" />
        <col />
        <col className="diff-num-col" />
        <col />
      </colgroup>
      <tbody>
        {rows.map((r, i) =>
          r.kind === 'fold' ? (
            <FoldRow key={`f${r.id}`} count={r.lines.length} colSpan={4} onOpen={() => openFold(r.id)} />
          ) : (
            <tr key={i} className={r.left?.t === 'ctx' ? 'diff-ctx' : 'diff-change'}>
              <td className="diff-num">{r.left?.a ?? ''}</td>
              <td className={r.left ? `diff-side diff-${r.left.t}` : 'diff-side diff-empty'} data-testid={r.left && r.left.t === 'del' ? 'diff-line-del' : undefined}>
                {r.left && <Code text={r.left.text} />}
              </td>
              <td className="diff-num">{r.right?.b ?? ''}</td>
              <td className={r.right ? `diff-side diff-${r.right.t}` : 'diff-side diff-empty'} data-testid={r.right && r.right.t === 'add' ? 'diff-line-add' : undefined}>
                {r.right && <Code text={r.right.text} />}
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

const STATUS: Record<DiffSection['status'], { label: string; tone: 'default' | 'accent' | 'ok' | 'warn' | 'danger' }> = {
  changed: { label: 'changed', tone: 'accent' },
  added: { label: 'added', tone: 'ok' },
  removed: { label: 'removed', tone: 'danger' },
  unchanged: { label: 'unchanged', tone: 'default' },
};

function SectionBlock({ section, mode, defaultOpen }: { section: DiffSection; mode: DiffMode; defaultOpen: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const s = STATUS[section.status];
  return (
    <section className={`diff-section diff-section-${section.status}`} data-testid="diff-section" data-section={section.key ?? section.id}>
      <button type="button" className="diff-section-head" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span className="diff-chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className={section.key ? 'mono diff-section-title' : 'diff-section-title muted'}>{section.title}</span>
        <Badge tone={s.tone}>{s.label}</Badge>
        {section.status === 'unchanged' ? (
          <span className="small faint">{plural(section.lines.length, 'line')}</span>
        ) : (
          <span className="diff-counts small">
            {section.added > 0 && <span className="diff-count-add">+{section.added}</span>}
            {section.removed > 0 && <span className="diff-count-del">−{section.removed}</span>}
          </span>
        )}
      </button>
      {open && <SectionBody section={section} mode={mode} />}
    </section>
  );
}

/** A YAML-aware diff: changed sections first and open, unchanged sections collapsed below them. */
export function DiffView({ diff, mode, showUnchanged = true, testId = 'diff-view' }: { diff: TextDiff; mode: DiffMode; showUnchanged?: boolean; testId?: string }) {
  const changed = diff.sections.filter((s) => s.status !== 'unchanged');
  const unchanged = diff.sections.filter((s) => s.status === 'unchanged');
  const [showAll, setShowAll] = useState(false);
  return (
    <div className="diff-view" data-testid={testId} data-mode={mode}>
      {diff.notes.length > 0 && (
        <ul className="diff-notes small">
          {diff.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {changed.length === 0 && <div className="diff-same">{diff.identical ? 'The two versions are identical.' : 'No line differs; see the notes above.'}</div>}
      {changed.map((s) => (
        <SectionBlock key={s.id} section={s} mode={mode} defaultOpen />
      ))}
      {showUnchanged && unchanged.length > 0 && (
        <div className="diff-unchanged">
          <button type="button" className="diff-unchanged-toggle" aria-expanded={showAll} onClick={() => setShowAll((v) => !v)} data-testid="toggle-unchanged">
            {showAll ? '▾' : '▸'} {plural(unchanged.length, 'unchanged section')}
            {!showAll && (
              <span className="faint">
                {' '}
                · {unchanged
                  .slice(0, 8)
                  .map((s) => s.title)
                  .join(', ')}
                {unchanged.length > 8 ? ', …' : ''}
              </span>
            )}
          </button>
          {showAll &&
            unchanged.map((s) => (
              <Fragment key={s.id}>
                <SectionBlock section={s} mode={mode} defaultOpen={false} />
              </Fragment>
            ))}
        </div>
      )}
    </div>
  );
}
