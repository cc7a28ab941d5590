import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { BackupStore } from '../backups/backup-store';
import { applyMainAssignment } from '../models/assign';
import { ConfigFile } from './config-file';
import { reconcileYaml, YamlEditError } from './yaml-edit';
import { parseYamlText, type ParsedYaml } from './yaml-parse';
import { layoutOf, parseConfigText } from './yaml-sections';

/**
 * Issue 9 item 1: an engine's output must be a pure function of (file text, intended value), never of
 * what the same ConfigFile did before. Each case here failed before the fix.
 */

const tempDir = useTempDir('sb-engine-history-');

function open(text: string) {
  const home = tempDir();
  const file = path.join(home, 'config.yaml');
  writeFileSync(file, text);
  const config = () => new ConfigFile(file, { backups: new BackupStore(path.join(home, 'config-backups')) });
  return { file, config };
}

const ANTHROPIC = { provider: 'anthropic', model: 'claude-opus-4-8' };
const LOCAL = { provider: 'custom', model: 'qwen3-coder:30b', baseUrl: 'http://localhost:11434/v1', apiKey: 'sk-local-1234' };

function whole(text: string): ParsedYaml {
  const out = parseYamlText(text);
  if (!out.ok) throw new Error(out.error.message);
  return out.parsed;
}

function sectioned(text: string): ParsedYaml {
  const out = parseConfigText(text);
  if (!out.ok) throw new Error(out.error.message);
  return out.parsed;
}

describe('a long-lived ConfigFile edits exactly like a fresh one', () => {
  it.each([
    ['an empty file', ''],
    ['a comments-only file', '# only comments\n# here\n'],
    ['a comments-only CRLF file without a final newline', '# only comments\r\n# here'],
  ])('two main-model writes in a row on %s', async (_label, start) => {
    const { file, config } = open(start);
    const longLived = config();
    const set = (c: ConfigFile, input: typeof ANTHROPIC | typeof LOCAL) =>
      c.edit({ baseHash: null, reason: 'set-main', watchPaths: [['model']], build: (v) => applyMainAssignment(v, input).next });
    await set(longLived, ANTHROPIC);
    const afterFirst = readFileSync(file, 'utf8');
    await set(longLived, LOCAL);
    const longLivedResult = readFileSync(file, 'utf8');

    writeFileSync(file, afterFirst);
    await set(config(), LOCAL);
    expect(longLivedResult).toBe(readFileSync(file, 'utf8'));
    const value = whole(longLivedResult).value as Record<string, Record<string, unknown>>;
    expect(value.model).toMatchObject({ provider: 'custom', default: 'qwen3-coder:30b', base_url: LOCAL.baseUrl });
    expect(value.custom_providers).toEqual([{ name: 'Local (localhost:11434)', base_url: LOCAL.baseUrl, api_key: LOCAL.apiKey, model: LOCAL.model }]);
    expect(longLivedResult.startsWith(start.replace(/\r?\n?$/, ''))).toBe(true);
  });

  it('caches only the canonical parse: after an edit of a comments-only file the cached parse has a section layout', async () => {
    const { config } = open('# notes\n');
    const c = config();
    const r = await c.edit({ baseHash: null, reason: 'set-main', watchPaths: [['model']], build: (v) => applyMainAssignment(v, ANTHROPIC).next });
    const snap = await c.read();
    expect(snap.hash).toBe(r.hash);
    expect(snap.parse.ok && layoutOf(snap.parse.parsed)).toBeTruthy();
  });
});

describe('the whole-file path', () => {
  it('puts new keys of a nested map before a new top-level key inserted at the same offset', () => {
    const text = 'model:\n  provider: anthropic\n  default: claude-opus-4-8\n';
    const next = { model: { provider: 'custom', default: 'q', base_url: 'http://x/v1' }, custom_providers: [{ name: 'X', base_url: 'http://x/v1' }] };
    const out = reconcileYaml(whole(text), next);
    expect(out).toBe('model:\n  provider: custom\n  default: q\n  base_url: http://x/v1\ncustom_providers:\n  - name: X\n    base_url: http://x/v1\n');
    expect(reconcileYaml(sectioned(text), next)).toBe(out);
  });

  it('keeps a file without a final newline that way when the last line is replaced by new keys', () => {
    const text = 'profiles:\n  coding:\n    provider: anthropic\n    model: claude-opus-4-8';
    const next = { profiles: { coding: { provider: 'anthropic' } }, model: 'anthropic' };
    const out = reconcileYaml(whole(text), next);
    expect(out).toBe('profiles:\n  coding:\n    provider: anthropic\nmodel: anthropic\n');
    expect(reconcileYaml(sectioned(text), next)).toBe(out);
  });

  it('never takes a column-0 comment that follows a nested block when that block is replaced', () => {
    const text = 'a:\n  v:\n    x: 1\n    # about x\n# about b\nb: 1\n';
    const out = reconcileYaml(whole(text), { a: { v: 5 }, b: 1 });
    expect(out).toBe('a:\n  v: 5\n# about b\nb: 1\n');
    expect(reconcileYaml(sectioned(text), { a: { v: 5 }, b: 1 })).toBe(out);
  });

  it('adds a key after the comment lines indented under the previous key, and removes them with their key', () => {
    const text = 'aux:\n  t:\n    provider: auto\n    # language: de\n';
    expect(reconcileYaml(whole(text), { aux: { t: { provider: 'auto' }, u: 1 } })).toBe('aux:\n  t:\n    provider: auto\n    # language: de\n  u: 1\n');
    expect(reconcileYaml(whole('a:\n  x: 1\n  # c\nb: 2\n'), { b: 2 })).toBe('b: 2\n');
  });

  it('removing every key leaves the comments and an empty file, as the section path does', () => {
    const text = '# h\nrouting:\n  rules: []\n# t';
    expect(reconcileYaml(whole(text), {})).toBe('# h\n# t');
    expect(reconcileYaml(sectioned(text), {})).toBe('# h\n# t');
  });

  it('refuses (not as an internal error) to remove a local key that a merge key would replace with the inherited value', () => {
    const text = 'base: &b\n  timeout: 60\n  provider: x\nvision:\n  <<: *b\n  timeout: 120\n';
    expect(() => reconcileYaml(whole(text), { base: { timeout: 60, provider: 'x' }, vision: { provider: 'x' } })).toThrow(YamlEditError);
    expect(() => reconcileYaml(whole(text), { base: { timeout: 60, provider: 'x' }, vision: { provider: 'x' } })).toThrow(/inherited through a '<<' merge key/);
  });
});

describe('the section path', () => {
  it('writes CRLF into a CRLF file even when the edited section is one line without a line break', () => {
    const text = '# c\r\n\r\nfallback_providers: [{provider: anthropic, model: claude-sonnet-5}]';
    const out = reconcileYaml(sectioned(text), { fallback_providers: { provider: 'anthropic' } });
    expect(out).toBe('# c\r\n\r\nfallback_providers:\r\n  provider: anthropic');
    expect(reconcileYaml(whole(text), { fallback_providers: { provider: 'anthropic' } })).toBe(out);
  });
});
