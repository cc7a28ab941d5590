import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepEqual } from '../../src/core/config/plain-value';
import { applyOpsToValue, reconcileYamlChecked, YamlEditError } from '../../src/core/config/yaml-edit';
import { parseYamlText } from '../../src/core/config/yaml-parse';
import { parseConfigText } from '../../src/core/config/yaml-sections';
import { startFileArb } from './config-files';
import { fcParams, fcTimeout } from './fc-params';
import { editOpArb } from './value-edits';

/**
 * The engine is a pure function of (text, intended value): the section-wise path and the whole-file
 * path must give the same bytes, and a section-wise parse must load exactly what the whole-file parse
 * loads. Then it cannot matter which parse of a text an edit starts from.
 */

function attempt(parsed: Parameters<typeof reconcileYamlChecked>[0], next: unknown): string {
  try {
    return reconcileYamlChecked(parsed, next).raw;
  } catch (err) {
    if (err instanceof YamlEditError && !err.message.startsWith('internal')) return `refused: ${err.message}`;
    throw err;
  }
}

describe('config engine: the section path and the whole-file path agree', () => {
  it('parses any generated file section-wise to exactly the whole-file value', () => {
    fc.assert(
      fc.property(startFileArb, (start) => {
        const whole = parseYamlText(start.text);
        const fast = parseConfigText(start.text);
        expect(fast.ok).toBe(whole.ok);
        if (whole.ok && fast.ok) {
          expect(deepEqual(fast.parsed.value, whole.parsed.value)).toBe(true);
          expect(fast.parsed.duplicates).toEqual(whole.parsed.duplicates);
        }
      }),
      fcParams('engine-paths/parse', { numRuns: 300 }),
    );
  }, fcTimeout());

  it('gives the same bytes for the same edit on either parse, and the result loads as the intended value', () => {
    fc.assert(
      fc.property(startFileArb, fc.array(editOpArb, { minLength: 1, maxLength: 4 }), (start, ops) => {
        const whole = parseYamlText(start.text);
        const fast = parseConfigText(start.text);
        if (!whole.ok || !fast.ok) throw new Error(`generated file does not parse: ${start.label}`);
        const next = applyOpsToValue(whole.parsed.value, ops);
        const a = attempt(whole.parsed, next);
        const b = attempt(fast.parsed, next);
        expect(b).toBe(a);
        if (!a.startsWith('refused: ')) {
          const check = parseYamlText(a);
          expect(check.ok).toBe(true);
          if (check.ok) expect(deepEqual(check.parsed.value, next)).toBe(true);
          expect(a.startsWith('\uFEFF')).toBe(start.text.startsWith('\uFEFF'));
        }
      }),
      fcParams('engine-paths/edit', { numRuns: 400 }),
    );
  }, fcTimeout());
});
