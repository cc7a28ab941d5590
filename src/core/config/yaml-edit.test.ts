import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editYaml, reconcileYaml, YamlEditError } from './yaml-edit';
import { parseYamlText, type ParsedYaml } from './yaml-parse';

const SAMPLE = readFileSync(path.join(__dirname, '../../../test/fixtures/configs/hermes-sample.yaml'), 'utf8');

function parsed(text: string): ParsedYaml {
  const out = parseYamlText(text);
  if (!out.ok) throw new Error(out.error.message);
  return out.parsed;
}

describe('parseYamlText', () => {
  it('reports line and column of a syntax error', () => {
    const out = parseYamlText('model:\n  default: x\n  provider: [a, b\nother: 1\n');
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.line).toBe(4);
      expect(out.error.column).toBe(1);
      expect(out.error.message).toMatch(/flow sequence/i);
    }
  });

  it('rejects a file with several YAML documents, as Hermes would', () => {
    const out = parseYamlText('a: 1\n---\nb: 2\n');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/multiple documents/);
  });

  it('rejects a top level that is not a mapping', () => {
    expect(parseYamlText('- a\n- b\n').ok).toBe(false);
  });

  it('reads booleans like PyYAML: y/n stay strings, yes/on are true', () => {
    const p = parsed('a: y\nb: n\nc: yes\nd: on\ne: off\n');
    expect(p.value).toEqual({ a: 'y', b: 'n', c: true, d: true, e: false });
  });

  it('keeps the last of duplicate keys and reports every duplicate with lines', () => {
    const p = parsed('model: a\nx:\n  k: 1\n  k: 2\nmodel: b\n');
    expect(p.value).toEqual({ model: 'b', x: { k: 2 } });
    expect(p.duplicates).toEqual(
      expect.arrayContaining([
        { path: '', key: 'model', lines: [1, 5] },
        { path: 'x', key: 'k', lines: [3, 4] },
      ]),
    );
  });

  it('stops an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    const out = parseYamlText(bomb.join('\n') + '\n');
    expect(out.ok).toBe(false);
  });

  it('detects CRLF and BOM', () => {
    const p = parsed('\uFEFFa: 1\r\nb: 2\r\n');
    expect(p.bom).toBe(true);
    expect(p.eol).toBe('\r\n');
    expect(p.value).toEqual({ a: 1, b: 2 });
  });
});

describe('editYaml', () => {
  it('restores the exact original bytes when a change is reverted', () => {
    const paths: [string[], unknown][] = [
      [['model', 'default'], 'x/y'],
      [['auxiliary', 'vision', 'provider'], 'nous'],
      [['terminal', 'backend'], 'docker'],
      [['auxiliary', 'compression', 'timeout'], 999],
      [['display', 'skin'], 'sunset'],
    ];
    for (const [p, value] of paths) {
      const original = parsed(SAMPLE);
      const changed = editYaml(original, [{ op: 'set', path: p, value }]);
      expect(changed).not.toBe(SAMPLE);
      const orig = p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], original.value);
      expect(editYaml(parsed(changed), [{ op: 'set', path: p, value: orig }])).toBe(SAMPLE);
    }
  });

  it('returns the input unchanged when the value does not change', () => {
    const p = parsed(SAMPLE);
    expect(editYaml(p, [{ op: 'set', path: ['model', 'provider'], value: 'openrouter' }])).toBe(SAMPLE);
  });

  it('refuses to drop a key that only exists through a merge key', () => {
    const p = parsed('base: &b\n  k: 1\n  j: 2\nuse:\n  <<: *b\n');
    expect(() => editYaml(p, [{ op: 'delete', path: ['use', 'k'] }])).toThrow(YamlEditError);
  });

  it('writes an emptied mapping as {} so the key keeps its meaning', () => {
    const p = parsed('model:\n  default: x\nother: 1\n');
    expect(editYaml(p, [{ op: 'delete', path: ['model', 'default'] }])).toBe('model: {}\nother: 1\n');
  });

  it('moves the next key up when the first key of a list item is deleted', () => {
    const p = parsed('list:\n  - a: 1\n    b: 2\n    c: 3\n');
    expect(editYaml(p, [{ op: 'delete', path: ['list', 0, 'a'] }])).toBe('list:\n  - b: 2\n    c: 3\n');
    expect(editYaml(p, [{ op: 'delete', path: ['list', 0, 'a'] }, { op: 'delete', path: ['list', 0, 'b'] }])).toBe('list:\n  - c: 3\n');
  });

  it('creates sections in an empty or comment-only file', () => {
    expect(editYaml(parsed(''), [{ op: 'set', path: ['model', 'default'], value: 'm' }])).toBe('model:\n  default: m\n');
    expect(editYaml(parsed('# hello\n'), [{ op: 'set', path: ['model', 'provider'], value: 'nous' }])).toBe('# hello\nmodel:\n  provider: nous\n');
  });

  it('quotes strings PyYAML would read as another type', () => {
    const p = parsed('a: x\n');
    for (const value of ['yes', 'no', 'on', '123', '1.5', 'null', '~', '12:30', '- x', '# x', '']) {
      const text = editYaml(p, [{ op: 'set', path: ['a'], value }]);
      const back = parseYamlText(text);
      expect(back.ok && (back.parsed.value as { a: unknown }).a).toBe(value);
    }
  });

  it('keeps an anchor shared while overriding one aliased mapping', () => {
    const src = 'x: &d\n  provider: a\n  model: m\nt1: *d\nt2: *d\n';
    const out = editYaml(parsed(src), [{ op: 'set', path: ['t1', 'provider'], value: 'b' }]);
    expect(out).toBe('x: &d\n  provider: a\n  model: m\nt1:\n  <<: *d\n  provider: b\nt2: *d\n');
  });

  it('never returns text that loads differently than intended', () => {
    const p = parsed(SAMPLE);
    const next = structuredClone(p.value) as Record<string, unknown>;
    next['model'] = { default: 'a', provider: 'b', nested: { list: [1, { deep: [] }] } };
    const text = reconcileYaml(p, next);
    const back = parseYamlText(text);
    expect(back.ok && back.parsed.value).toEqual(next);
  });
});
