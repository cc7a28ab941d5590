import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOpsToValue, editYaml } from '../../src/core/config/yaml-edit';
import { parseYamlText } from '../../src/core/config/yaml-parse';
import { layoutOf, parseConfigText } from '../../src/core/config/yaml-sections';
import { deepEqual } from '../../src/core/config/plain-value';
import { lineDiff } from '../helpers/line-diff';
import { GOLDEN_CASES } from './golden-cases';

const FIXTURES = path.join(__dirname, '../fixtures/configs');
const GOLDEN = path.join(__dirname, '../golden/config-engine');

function load(fixture: string): string {
  return readFileSync(path.join(FIXTURES, `${fixture}.yaml`), 'utf8');
}

describe('config engine golden files: an edit changes exactly the intended lines', () => {
  it.each(GOLDEN_CASES.map((c) => [`${c.fixture} / ${c.name}`, c] as const))('%s', (_label, c) => {
    const before = load(c.fixture);
    const parsed = parseYamlText(before);
    if (!parsed.ok) throw new Error(`fixture does not parse: ${parsed.error.message}`);
    const after = editYaml(parsed.parsed, c.ops);

    // 1. Only the intended lines differ.
    expect(lineDiff(before, after)).toEqual({ removed: c.removed, added: c.added });

    // 2. Byte-for-byte equal to the reviewed golden output.
    const goldenPath = path.join(GOLDEN, `${c.fixture}--${c.name}.yaml`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, after);
    expect(existsSync(goldenPath), `missing golden file ${goldenPath}`).toBe(true);
    expect(after).toBe(readFileSync(goldenPath, 'utf8'));

    // 3. It loads as exactly the intended value (what Hermes will read).
    const reparsed = parseYamlText(after);
    expect(reparsed.ok).toBe(true);
    if (reparsed.ok) expect(deepEqual(reparsed.parsed.value, applyOpsToValue(parsed.parsed.value, c.ops))).toBe(true);

    // 4. The fast section-wise path (used by the app) gives the very same bytes.
    const viaSections = parseConfigText(before);
    if (!viaSections.ok) throw new Error('section parse failed');
    expect(editYaml(viaSections.parsed, c.ops)).toBe(after);

    // 5. Encoding details survive: BOM and line endings.
    expect(after.startsWith('\uFEFF')).toBe(before.startsWith('\uFEFF'));
    const crlfBefore = (before.match(/\r\n/g) ?? []).length;
    const lfBefore = (before.match(/\n/g) ?? []).length;
    if (crlfBefore === lfBefore && crlfBefore > 0) {
      expect((after.match(/\r\n/g) ?? []).length).toBe((after.match(/\n/g) ?? []).length);
    } else {
      expect(after.includes('\r')).toBe(false);
    }
  });

  it('parses every corpus file section-wise to exactly the whole-file result', () => {
    const corpus = new Set(GOLDEN_CASES.map((c) => c.fixture));
    let sectioned = 0;
    for (const name of corpus) {
      const text = load(name);
      const whole = parseYamlText(text);
      const fast = parseConfigText(text);
      expect(fast.ok && whole.ok).toBe(true);
      if (!fast.ok || !whole.ok) continue;
      expect(deepEqual(fast.parsed.value, whole.parsed.value), name).toBe(true);
      expect([...fast.parsed.duplicates].sort((a, b) => a.key.localeCompare(b.key))).toEqual([...whole.parsed.duplicates].sort((a, b) => a.key.localeCompare(b.key)));
      if (layoutOf(fast.parsed)) sectioned++;
    }
    // Anchors/merge keys fall back to the whole-file path; most files take the fast one.
    expect(sectioned).toBeGreaterThanOrEqual(corpus.size - 2);
  });

  it('covers every corpus file', () => {
    const corpus = ['hermes-sample', 'heavily-commented', 'crlf', 'bom', 'anchors-merge', 'flow-style', 'duplicate-keys', 'unicode', 'env-vars', 'bare-model', 'indent4-flushseq', 'no-trailing-newline'];
    for (const name of corpus) expect(GOLDEN_CASES.some((c) => c.fixture === name), name).toBe(true);
  });
});
