import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffLineOps, diffVersions } from './backup-diff';
import { splitBlocks, splitLines, topLevelKey } from './text-blocks';

const SAMPLE = readFileSync(path.join(__dirname, '../../../test/fixtures/configs/hermes-sample.yaml'), 'utf8');

/** Re-applies an edit script to check it really turns `a` into `b`. */
function apply(a: string[], b: string[]): string[] {
  return diffLineOps(a, b)
    .filter(([op]) => op !== 1)
    .map(([op, i, j]) => (op === 0 ? a[i]! : b[j]!));
}

describe('line diff', () => {
  it('produces a minimal, valid edit script', () => {
    const a = ['a', 'b', 'c', 'd', 'e'];
    const b = ['a', 'x', 'c', 'd', 'y', 'e'];
    expect(apply(a, b)).toEqual(b);
    expect(diffLineOps(a, b).filter(([op]) => op !== 0)).toHaveLength(3);
    expect(apply([], ['x'])).toEqual(['x']);
    expect(diffLineOps(['x'], [])).toEqual([[1, 0, -1]]);
  });
});

describe('text blocks', () => {
  it('splits Hermes’s layout into top-level sections with their comments, a preamble-free head and a tail', () => {
    const lines = splitLines(SAMPLE);
    const blocks = splitBlocks(lines);
    expect(blocks[0]!.key).toBe('model');
    expect(lines[blocks[0]!.start]).toMatch(/^# Sample/); // the header comments are attached to model
    const aux = blocks.find((b) => b.key === 'auxiliary')!;
    expect(lines[aux.start]).toBe('# (hand-added) side-task models: all 18 DEFAULT_CONFIG tasks present');
    const end = blocks.at(-1)!;
    expect(end.key).toBeNull();
    expect(lines[end.start]).toMatch(/^# ── Security/);
    // Every line belongs to exactly one block.
    expect(blocks.reduce((n, b) => n + b.end - b.start, 0)).toBe(lines.length);
  });

  it('reads plain and quoted keys and nothing else', () => {
    expect(topLevelKey('model:')).toBe('model');
    expect(topLevelKey('"odd key": 1')).toBe('odd key');
    expect(topLevelKey("'it''s': 1")).toBe("it's");
    expect(topLevelKey('  nested: 1')).toBeNull();
    expect(topLevelKey('# model:')).toBeNull();
    expect(topLevelKey('- item')).toBeNull();
    expect(topLevelKey('http://x')).toBeNull();
  });
});

describe('YAML-aware diff', () => {
  it('groups changes by section, changed first, and never emits a secret', () => {
    const secret = 'sk-ant-api03-SECRETSECRETSECRET-9876';
    const before = SAMPLE.replace('  copilot:\n    enabled: false\n', `  copilot:\n    enabled: false\n    api_key: ${secret}\n`);
    const after = before
      .replace(`    api_key: ${secret}\n`, '    api_key: sk-ant-api03-OTHEROTHEROTHER-5432\n')
      .replace('  backend: local   #', '  backend: docker   #')
      .replace('# (hand-added) IANA timezone, empty = server local\ntimezone: Europe/Berlin\n', '');
    const d = diffVersions(before, after, 'config');
    expect(d.identical).toBe(false);
    expect(d.sections.filter((s) => s.status !== 'unchanged').map((s) => [s.key, s.status])).toEqual([
      ['providers', 'changed'],
      ['terminal', 'changed'],
      ['timezone', 'removed'],
    ]);
    expect(d.changedSections).toBe(3);
    const providers = d.sections[0]!;
    expect(providers.lines.filter((l) => l.t !== 'ctx').map((l) => [l.t, l.text])).toEqual([
      ['del', "    api_key: '••••9876'"],
      ['add', "    api_key: '••••5432'"],
    ]);
    expect(JSON.stringify(d)).not.toMatch(/SECRET|OTHEROTHER/);
    expect(d.maskedLines).toBe(2);
    // Comments are part of the diff like any line.
    const terminal = d.sections[1]!;
    expect(terminal.lines.find((l) => l.t === 'add')?.text).toBe('  backend: docker   # (hand-added) local | docker | ssh | modal');
    expect(terminal.group).toBe('terminal');
    expect(d.sections.find((s) => s.key === 'fallback_providers')?.group).toBe('fallback_providers');
    // Line numbers point into each version.
    const del = providers.lines.find((l) => l.t === 'del')!;
    expect(splitLines(before)[del.a! - 1]).toBe(`    api_key: ${secret}`);
  });

  it('places sections only in the older version where they were, and reports encoding changes', () => {
    const before = 'a: 1\nb: 2\nc: 3\n';
    const after = '\uFEFFa: 1\r\nc: 4\r\nd: 5';
    const d = diffVersions(before, after, 'config');
    expect(d.sections.map((s) => [s.key, s.status])).toEqual([
      ['b', 'removed'],
      ['c', 'changed'],
      ['d', 'added'],
      ['a', 'unchanged'],
    ]);
    expect(d.notes).toEqual(['A UTF-8 byte-order mark was added.', 'Line endings changed: LF → CRLF.', 'The final newline was removed.']);
    expect(diffVersions(before, before, 'config')).toMatchObject({ identical: true, added: 0, removed: 0, changedSections: 0 });
  });

  it('diffs broken YAML too (backups of files that did not parse)', () => {
    const d = diffVersions('model:\n  default: [x\n', 'model:\n  default: x\n', 'config');
    expect(d.sections[0]).toMatchObject({ key: 'model', added: 1, removed: 1 });
  });

  it('masks every .env value', () => {
    const d = diffVersions('A_KEY=abcdefghijklmnop1234\n', 'A_KEY=abcdefghijklmnop1234\nB_TOKEN=zyxwvutsrqponm9999\n', 'env');
    expect(d.sections).toHaveLength(1);
    expect(d.sections[0]!.lines.map((l) => [l.t, l.text])).toEqual([
      ['ctx', 'A_KEY=••••1234'],
      ['add', 'B_TOKEN=••••9999'],
    ]);
  });

  it('stays fast on a large file', () => {
    const extra = Array.from({ length: 400 }, (_, i) => `  gen-${i}:\n    base_url: https://h${i}.example.com/v1\n    key_env: GEN_${i}_KEY\n    model: m-${i}\n    timeout: ${i}\n`).join('');
    const before = SAMPLE.replace('  copilot:\n', `${extra}  copilot:\n`);
    expect(splitLines(before).length).toBeGreaterThan(2300);
    const after = before.replace('    model: m-17\n', '    model: m-17b\n').replace('    timeout: 300\n', '    timeout: 301\n').replace('timezone: Europe/Berlin', 'timezone: UTC');
    const started = performance.now();
    const d = diffVersions(before, after, 'config');
    const ms = performance.now() - started;
    expect(d.added).toBe(3);
    expect(d.removed).toBe(3);
    expect(ms).toBeLessThan(250);
    // A worst case: every line of a big section differs.
    const rewritten = before.replace(/ {4}timeout: (\d+)\n/g, '    timeout: $1s\n');
    const t2 = performance.now();
    diffVersions(before, rewritten, 'config');
    expect(performance.now() - t2).toBeLessThan(1500);
  });
});
