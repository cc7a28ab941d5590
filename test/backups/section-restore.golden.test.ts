import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSelection } from '../../src/core/backups/restore-groups';
import { restoreSections } from '../../src/core/backups/section-restore';
import { splitBlocks, splitLines } from '../../src/core/backups/text-blocks';
import { deepEqual, isPlainObject } from '../../src/core/config/plain-value';
import { editYaml, type EditOp } from '../../src/core/config/yaml-edit';
import { parseYamlText } from '../../src/core/config/yaml-parse';
import { parseConfigText } from '../../src/core/config/yaml-sections';
import { lineDiff } from '../helpers/line-diff';

/**
 * Golden files for per-section restores: a "backup" and a "current" version of a real config, a
 * restore of chosen sections, and the exact bytes expected (test/golden/backups/<case>.yaml).
 * Besides the bytes, every case checks that only the restored sections' lines changed, that every
 * other section is byte-for-byte the current one, and that the file loads as the current value
 * with the restored keys taken from the backup.
 */

const FIXTURES = path.join(__dirname, '../fixtures/configs');
const GOLDEN = path.join(__dirname, '../golden/backups');

const load = (name: string) => readFileSync(path.join(FIXTURES, `${name}.yaml`), 'utf8');

function edit(text: string, ops: EditOp[]): string {
  const parsed = parseYamlText(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return editYaml(parsed.parsed, ops);
}

function replace(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture text not found: ${from}`);
  return text.replace(from, to);
}

interface RestoreCase {
  name: string;
  fixture: string;
  /** The backup's version (default: the fixture itself). */
  backup?: (fixture: string) => string;
  /** The current file. */
  current: (fixture: string) => string;
  sections: string[];
  method: 'splice' | 'value';
}

const setMainAnthropic: EditOp[] = [
  { op: 'set', path: ['model', 'provider'], value: 'anthropic' },
  { op: 'set', path: ['model', 'default'], value: 'claude-opus-4-8' },
  { op: 'delete', path: ['model', 'base_url'] },
];
const visionToNous: EditOp[] = [
  { op: 'set', path: ['auxiliary', 'vision', 'provider'], value: 'nous' },
  { op: 'set', path: ['auxiliary', 'vision', 'model'], value: 'z-ai/glm-5.2' },
];
const routing: EditOp[] = [
  { op: 'set', path: ['model_profiles'], value: { coding: { provider: 'anthropic', model: 'claude-sonnet-5' } } },
  { op: 'set', path: ['model_routing'], value: { rules: [{ if_toolsets_any: ['terminal'], profile: 'coding' }] } },
];

const CASES: RestoreCase[] = [
  {
    name: 'hermes-sample--auxiliary',
    fixture: 'hermes-sample',
    current: (f) => replace(edit(f, [...setMainAnthropic, ...visionToNous, { op: 'set', path: ['auxiliary', 'compression', 'reasoning_effort'], value: 'high' }]), '# (hand-added) side-task models: all 18 DEFAULT_CONFIG tasks present\n', ''),
    sections: ['auxiliary'],
    method: 'splice',
  },
  {
    name: 'hermes-sample--model',
    fixture: 'hermes-sample',
    current: (f) => edit(f, [...setMainAnthropic, ...visionToNous]),
    sections: ['model'],
    method: 'splice',
  },
  {
    name: 'hermes-sample--fallback',
    fixture: 'hermes-sample',
    // The current file dropped an entry and gained the legacy single fallback_model.
    current: (f) => edit(f, [{ op: 'delete', path: ['fallback_providers', 0] }, { op: 'set', path: ['fallback_model'], value: { provider: 'openrouter', model: 'anthropic/claude-sonnet-4' } }]),
    sections: ['fallback_providers'],
    method: 'splice',
  },
  {
    name: 'hermes-sample--routing-added-back',
    fixture: 'hermes-sample',
    backup: (f) => edit(f, routing),
    current: (f) => edit(f, visionToNous),
    sections: ['model_routing'],
    method: 'splice',
  },
  {
    name: 'hermes-sample--routing-removed',
    fixture: 'hermes-sample',
    current: (f) => edit(f, [...routing, ...setMainAnthropic]),
    sections: ['model_profiles'],
    method: 'splice',
  },
  {
    name: 'hermes-sample--providers',
    fixture: 'hermes-sample',
    current: (f) =>
      edit(f, [
        { op: 'delete', path: ['providers', 'copilot'] },
        { op: 'set', path: ['custom_providers', 2], value: { name: 'LM Box', base_url: 'http://10.0.0.5:8000/v1', model: 'gpt-oss-120b' } },
        ...visionToNous,
      ]),
    sections: ['providers'],
    method: 'splice',
  },
  {
    name: 'hermes-sample--delegation',
    fixture: 'hermes-sample',
    current: (f) => edit(f, [{ op: 'set', path: ['delegation', 'model'], value: 'z-ai/glm-5.2' }, { op: 'set', path: ['delegation', 'provider'], value: 'nous' }, ...setMainAnthropic]),
    sections: ['delegation'],
    method: 'splice',
  },
  {
    name: 'hermes-sample--other-section-with-inline-comments',
    fixture: 'hermes-sample',
    current: (f) => replace(edit(f, [{ op: 'set', path: ['terminal', 'backend'], value: 'docker' }]), '  cwd: .\n', '  cwd: /srv/work   # moved\n'),
    sections: ['terminal'],
    method: 'splice',
  },
  {
    name: 'heavily-commented--auxiliary-comments-come-back',
    fixture: 'heavily-commented',
    current: (f) => replace(replace(edit(f, [{ op: 'set', path: ['auxiliary', 'compression', 'provider'], value: 'nous' }]), '  # Needs a model with at least 64K of context!\n', ''), '    # reasoning_effort: low\n', ''),
    sections: ['auxiliary'],
    method: 'splice',
  },
  {
    name: 'heavily-commented--fallback-removed-section',
    fixture: 'heavily-commented',
    backup: (f) => edit(f, [{ op: 'delete', path: ['fallback_providers'] }]),
    current: (f) => edit(f, [{ op: 'set', path: ['model', 'provider'], value: 'anthropic' }]),
    sections: ['fallback_providers'],
    method: 'splice',
  },
  {
    name: 'crlf--model',
    fixture: 'crlf',
    current: (f) => edit(f, [{ op: 'set', path: ['model', 'default'], value: 'gpt-5.6' }, { op: 'set', path: ['auxiliary', 'vision', 'provider'], value: 'nous' }]),
    sections: ['model'],
    method: 'splice',
  },
  {
    name: 'crlf--lf-backup-into-crlf-file',
    fixture: 'crlf',
    backup: (f) => edit(f, [{ op: 'set', path: ['display', 'skin'], value: 'ares' }]).replace(/\r\n/g, '\n'),
    current: (f) => f,
    sections: ['display'],
    method: 'splice',
  },
  {
    name: 'bom--auxiliary',
    fixture: 'bom',
    current: (f) => edit(f, [{ op: 'set', path: ['auxiliary', 'approval', 'provider'], value: 'auto' }, { op: 'set', path: ['model', 'provider'], value: 'openrouter' }]),
    sections: ['auxiliary'],
    method: 'splice',
  },
  {
    name: 'no-trailing-newline--last-section',
    fixture: 'no-trailing-newline',
    current: (f) => edit(f, [{ op: 'set', path: ['auxiliary', 'vision', 'provider'], value: 'openrouter' }, { op: 'set', path: ['model', 'provider'], value: 'openrouter' }]),
    sections: ['auxiliary'],
    method: 'splice',
  },
  {
    name: 'flow-style--fallback',
    fixture: 'flow-style',
    current: (f) => edit(f, [{ op: 'delete', path: ['fallback_providers', 1] }, { op: 'set', path: ['model', 'default'], value: 'gpt-5.6' }]),
    sections: ['fallback_providers'],
    method: 'splice',
  },
  {
    name: 'indent4-flushseq--fallback',
    fixture: 'indent4-flushseq',
    current: (f) => edit(f, [{ op: 'set', path: ['fallback_providers', 1], value: { provider: 'nous', model: 'z-ai/glm-5.2' } }, { op: 'set', path: ['model', 'default'], value: 'gpt-5.6' }]),
    sections: ['fallback_providers'],
    method: 'splice',
  },
  {
    name: 'unicode--auxiliary',
    fixture: 'unicode',
    current: (f) => edit(f, [{ op: 'set', path: ['auxiliary', 'title_generation', 'language'], value: 'Deutsch' }, { op: 'set', path: ['personality', ], value: 'kurz' }]),
    sections: ['auxiliary'],
    method: 'splice',
  },
  {
    name: 'bare-model--string-back',
    fixture: 'bare-model',
    current: (f) => edit(f, [{ op: 'set', path: ['model'], value: { default: 'claude-opus-4-8', provider: 'anthropic' } }, { op: 'set', path: ['agent', 'max_turns'], value: 90 }]),
    sections: ['model'],
    method: 'splice',
  },
  {
    name: 'env-vars--model',
    fixture: 'env-vars',
    current: (f) => edit(f, [{ op: 'set', path: ['model', 'provider'], value: 'openrouter' }, { op: 'set', path: ['auxiliary', 'vision', 'provider'], value: 'auto' }]),
    sections: ['model'],
    method: 'splice',
  },
  {
    name: 'anchors-merge--auxiliary-value-level',
    fixture: 'anchors-merge',
    current: (f) => edit(f, [{ op: 'set', path: ['auxiliary', 'vision', 'timeout'], value: 30 }, { op: 'set', path: ['model', 'provider'], value: 'anthropic' }]),
    sections: ['auxiliary'],
    method: 'value',
  },
  {
    name: 'duplicate-keys--model-value-level',
    fixture: 'duplicate-keys',
    current: (f) => edit(f, [{ op: 'set', path: ['model', 'default'], value: 'claude-opus-4-8' }, { op: 'set', path: ['terminal', 'backend'], value: 'docker' }]),
    sections: ['model'],
    method: 'value',
  },
];

function blockTexts(text: string): Map<string, string> {
  const lines = splitLines(text);
  return new Map(splitBlocks(lines).map((b) => [b.id, lines.slice(b.start, b.end).join('\n')]));
}

function topLevel(text: string): Record<string, unknown> {
  const p = parseYamlText(text);
  if (!p.ok) throw new Error(`does not parse: ${p.error.message}`);
  return isPlainObject(p.parsed.value) ? p.parsed.value : {};
}

/** Lines of `text` in the blocks of `keys` (with their attached comments). */
function sectionLines(text: string, keys: string[]): string[] {
  const lines = splitLines(text);
  return splitBlocks(lines)
    .filter((b) => b.key !== null && keys.includes(b.key))
    .flatMap((b) => lines.slice(b.start, b.end));
}

function containsAll(pool: string[], items: string[]): boolean {
  const left = [...pool];
  return items.every((l) => {
    const i = left.indexOf(l);
    if (i < 0) return l.trim() === ''; // a blank separator next to an inserted or removed section
    left.splice(i, 1);
    return true;
  });
}

describe('section restore golden files: only the restored sections change', () => {
  mkdirSync(GOLDEN, { recursive: true });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const fixture = load(c.fixture);
    const backupText = c.backup ? c.backup(fixture) : fixture;
    const currentText = c.current(fixture);
    expect(currentText).not.toBe(backupText);
    const current = parseConfigText(currentText);
    const backup = parseConfigText(backupText);
    if (!current.ok || !backup.ok) throw new Error('case versions must parse');
    const curValue = topLevel(currentText);
    const bakValue = topLevel(backupText);
    const { keys } = expandSelection(c.sections, Object.keys(curValue), Object.keys(bakValue));
    expect(keys.length).toBeGreaterThan(0);

    const out = restoreSections(current.parsed, backup.parsed, keys);
    expect(out.method).toBe(c.method);
    expect(out.note === null).toBe(c.method === 'splice');

    // 1. Reviewed bytes.
    const goldenPath = path.join(GOLDEN, `${c.name}.yaml`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, out.text);
    expect(existsSync(goldenPath), `missing golden file ${goldenPath}`).toBe(true);
    expect(out.text).toBe(readFileSync(goldenPath, 'utf8'));

    // 2. Loads as the current value with the restored keys from the backup — what Hermes reads.
    const result = topLevel(out.text);
    for (const k of new Set([...Object.keys(curValue), ...Object.keys(bakValue), ...Object.keys(result)])) {
      expect(deepEqual(result[k], keys.includes(k) ? bakValue[k] : curValue[k]), k).toBe(true);
    }

    // 3. Every other section is byte-for-byte the current one (comments included).
    const before = blockTexts(currentText);
    const after = blockTexts(out.text);
    for (const [id, text] of before) {
      const key = id.replace(/#\d+$/, '');
      if (keys.includes(key)) continue;
      if (c.method === 'splice') expect(after.get(id)?.replace(/\n+$/, ''), id).toBe(text.replace(/\n+$/, ''));
    }

    // 4. The changed lines are the restored sections' lines and nothing else.
    const diff = lineDiff(currentText, out.text);
    expect(diff.removed.length + diff.added.length).toBeGreaterThan(0);
    if (c.method === 'splice') {
      expect(containsAll(sectionLines(currentText, keys), diff.removed), `removed: ${JSON.stringify(diff.removed)}`).toBe(true);
      expect(containsAll(sectionLines(backupText, keys), diff.added), `added: ${JSON.stringify(diff.added)}`).toBe(true);
      // Restoring the same sections again changes nothing.
      const again = parseConfigText(out.text);
      if (!again.ok) throw new Error('result must parse');
      expect(restoreSections(again.parsed, backup.parsed, keys).text).toBe(out.text);
    }

    // 5. Encoding survives: BOM and line endings of the current file.
    expect(out.text.startsWith('\uFEFF')).toBe(currentText.startsWith('\uFEFF'));
    const crlf = (t: string) => (t.match(/\r\n/g) ?? []).length;
    const lf = (t: string) => (t.match(/\n/g) ?? []).length;
    if (crlf(currentText) === lf(currentText) && crlf(currentText) > 0) expect(crlf(out.text)).toBe(lf(out.text));
    else expect(out.text.includes('\r')).toBe(false);
  });

  it('restores exactly the lines of the chosen section on Hermes’s own layout', () => {
    const fixture = load('hermes-sample');
    const current = edit(fixture, [...setMainAnthropic, ...visionToNous]);
    const cur = parseConfigText(current);
    const bak = parseConfigText(fixture);
    if (!cur.ok || !bak.ok) throw new Error('parse');
    const out = restoreSections(cur.parsed, bak.parsed, ['auxiliary']);
    expect(lineDiff(current, out.text)).toEqual({
      removed: ['    provider: nous', '    model: z-ai/glm-5.2'],
      added: ['    provider: openrouter', '    model: google/gemini-3.5-flash'],
    });
  });
});
