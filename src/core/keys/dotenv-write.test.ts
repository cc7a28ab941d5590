import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../../test/helpers/line-diff';
import { dotenvToMap, parseDotenv } from '../env/dotenv';
import { envKeyProblem, formatEnvValue, removeEnvValue, sanitizeEnvValue, setEnvValue } from './dotenv-write';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/env');
const GOLDEN = path.join(__dirname, '../../../test/golden/env');

type Op = { kind: 'set'; name: string; value: string } | { kind: 'remove'; name: string };

interface Case {
  fixture: string;
  name: string;
  ops: Op[];
  removed: string[];
  added: string[];
  /** What Hermes's reader must see afterwards (undefined = absent). */
  expect: Record<string, string | undefined>;
}

const CASES: Case[] = [
  {
    fixture: 'hermes-example',
    name: 'replace-openrouter',
    ops: [{ kind: 'set', name: 'OPENROUTER_API_KEY', value: 'sk-or-v1-new-0000000000000000abcd' }],
    removed: ['OPENROUTER_API_KEY=sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000'],
    added: ['OPENROUTER_API_KEY=sk-or-v1-new-0000000000000000abcd'],
    expect: { OPENROUTER_API_KEY: 'sk-or-v1-new-0000000000000000abcd', FIRECRAWL_API_KEY: 'fc-0123456789abcdef' },
  },
  {
    fixture: 'hermes-example',
    name: 'fill-empty-gemini',
    ops: [{ kind: 'set', name: 'GEMINI_API_KEY', value: 'AIzaSyA-0000000000000000000000000000000' }],
    removed: ['GEMINI_API_KEY='],
    added: ['GEMINI_API_KEY=AIzaSyA-0000000000000000000000000000000'],
    expect: { GEMINI_API_KEY: 'AIzaSyA-0000000000000000000000000000000' },
  },
  {
    // A commented-out line is not a definition: the key is appended at the end.
    fixture: 'hermes-example',
    name: 'append-anthropic',
    ops: [{ kind: 'set', name: 'ANTHROPIC_API_KEY', value: 'sk-ant-api03-zzzz' }],
    removed: [],
    added: ['ANTHROPIC_API_KEY=sk-ant-api03-zzzz'],
    expect: { ANTHROPIC_API_KEY: 'sk-ant-api03-zzzz' },
  },
  {
    // Hermes's quoting: `#`, quotes and whitespace force double quotes with \ and " escaped.
    fixture: 'hermes-example',
    name: 'quote-special',
    ops: [{ kind: 'set', name: 'WEIRD_TOKEN', value: 'a#b"c\\d e' }],
    removed: [],
    added: ['WEIRD_TOKEN="a#b\\"c\\\\d e"'],
    expect: { WEIRD_TOKEN: 'a#b"c\\d e' },
  },
  {
    fixture: 'hermes-example',
    name: 'remove-firecrawl',
    ops: [{ kind: 'remove', name: 'FIRECRAWL_API_KEY' }],
    removed: ['FIRECRAWL_API_KEY=fc-0123456789abcdef'],
    added: [],
    expect: { FIRECRAWL_API_KEY: undefined, TERMINAL_TIMEOUT: '180' },
  },
  {
    // `export` is dropped on the replaced line; the later duplicate goes (it would win otherwise).
    fixture: 'messy',
    name: 'replace-exported-duplicate',
    ops: [{ kind: 'set', name: 'OPENAI_API_KEY', value: 'sk-proj-fresh-3333333333333333' }],
    removed: ['export OPENAI_API_KEY=sk-proj-old-value-1111111111111111', 'OPENAI_API_KEY=sk-proj-second-definition-2222222222'],
    added: ['OPENAI_API_KEY=sk-proj-fresh-3333333333333333'],
    expect: { OPENAI_API_KEY: 'sk-proj-fresh-3333333333333333', OPENAI_API_KEY_BACKUP: 'keep-me-untouched' },
  },
  {
    fixture: 'messy',
    name: 'replace-spaced-quoted',
    ops: [{ kind: 'set', name: 'DEEPSEEK_API_KEY', value: 'sk-ds-plain' }],
    removed: ['DEEPSEEK_API_KEY = "sk-ds-quoted # not a comment"'],
    added: ['DEEPSEEK_API_KEY=sk-ds-plain'],
    expect: { DEEPSEEK_API_KEY: 'sk-ds-plain', GROQ_API_KEY: 'single-quoted' },
  },
  {
    // Removal deletes every defining line (both OPENAI_API_KEY lines), never a name that merely starts the same.
    fixture: 'messy',
    name: 'remove-all-definitions',
    ops: [{ kind: 'remove', name: 'OPENAI_API_KEY' }],
    removed: ['export OPENAI_API_KEY=sk-proj-old-value-1111111111111111', 'OPENAI_API_KEY=sk-proj-second-definition-2222222222'],
    added: [],
    expect: { OPENAI_API_KEY: undefined, OPENAI_API_KEY_BACKUP: 'keep-me-untouched' },
  },
  {
    fixture: 'crlf',
    name: 'replace-and-append',
    ops: [
      { kind: 'set', name: 'HF_TOKEN', value: 'hf_1111111111111111' },
      { kind: 'set', name: 'XAI_API_KEY', value: 'xai-2222222222222222' },
    ],
    removed: ['HF_TOKEN=hf_0000000000000000'],
    added: ['HF_TOKEN=hf_1111111111111111', 'XAI_API_KEY=xai-2222222222222222'],
    expect: { HF_TOKEN: 'hf_1111111111111111', XAI_API_KEY: 'xai-2222222222222222', ANTHROPIC_API_KEY: 'sk-ant-api03-aaaaaaaaaaaaaaaaaaaa' },
  },
  {
    fixture: 'bom-no-newline',
    name: 'append',
    ops: [{ kind: 'set', name: 'DEEPSEEK_API_KEY', value: 'sk-ds-1234' }],
    removed: [],
    // The file had no final newline: the old last line gets one, and the new line ends with one too.
    added: ['DEEPSEEK_API_KEY=sk-ds-1234', ''],
    expect: { OPENROUTER_API_KEY: 'sk-or-v1-bom', MISTRAL_API_KEY: 'abc', DEEPSEEK_API_KEY: 'sk-ds-1234' },
  },
  {
    fixture: 'empty',
    name: 'first-key',
    ops: [{ kind: 'set', name: 'OPENROUTER_API_KEY', value: 'sk-or-v1-first' }],
    removed: [],
    added: ['OPENROUTER_API_KEY=sk-or-v1-first'],
    expect: { OPENROUTER_API_KEY: 'sk-or-v1-first' },
  },
];

function apply(text: string, ops: Op[]): string {
  let out = text;
  for (const op of ops) out = op.kind === 'set' ? setEnvValue(out, op.name, op.value).text : removeEnvValue(out, op.name).text;
  return out;
}

describe('.env writing, Hermes-compatible (golden files)', () => {
  it.each(CASES.map((c) => [`${c.fixture} / ${c.name}`, c] as const))('%s', (_label, c) => {
    const before = readFileSync(path.join(FIXTURES, `${c.fixture}.env`), 'utf8');
    const after = apply(before, c.ops);
    expect(lineDiff(before, after)).toEqual({ removed: c.removed, added: c.added });
    const goldenPath = path.join(GOLDEN, `${c.fixture}--${c.name}.env`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, after);
    expect(existsSync(goldenPath), `missing golden file ${goldenPath}`).toBe(true);
    expect(after).toBe(readFileSync(goldenPath, 'utf8'));
    // Hermes's own reader sees exactly the intended values.
    const map = dotenvToMap(parseDotenv(after));
    for (const [k, v] of Object.entries(c.expect)) expect(map.get(k)).toBe(v);
    // BOM and line endings survive.
    expect(after.startsWith('\uFEFF')).toBe(before.startsWith('\uFEFF'));
    if (before.includes('\r\n')) expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    // Re-applying is a no-op.
    expect(apply(after, c.ops)).toBe(after);
  });
});

describe('.env value and name rules', () => {
  it('quotes only when #, a quote or whitespace occurs', () => {
    expect(formatEnvValue('sk-plain_123')).toBe('sk-plain_123');
    expect(formatEnvValue('')).toBe('');
    expect(formatEnvValue('a b')).toBe('"a b"');
    expect(formatEnvValue("it's")).toBe('"it\'s"');
    expect(formatEnvValue('x#y')).toBe('"x#y"');
    expect(formatEnvValue('tab\there')).toBe('"tab\there"');
    expect(formatEnvValue('back\\slash')).toBe('back\\slash');
  });

  it('round-trips awkward values through Hermes\'s reader', () => {
    for (const value of ['a#b', 'say "hi"', 'C:\\path\\with space', "'single'", 'x = y', ' lead']) {
      const text = setEnvValue('', 'K', value).text;
      expect(dotenvToMap(parseDotenv(text)).get('K')).toBe(value);
    }
  });

  it('sanitises like Hermes: no line breaks, no non-ASCII', () => {
    expect(sanitizeEnvValue('abc\r\ndef')).toEqual({ value: 'abcdef', removed: ['line-breaks'] });
    expect(sanitizeEnvValue('sk-é-ok')).toEqual({ value: 'sk--ok', removed: ['non-ascii'] });
    expect(() => setEnvValue('', 'K', 'a\nb')).toThrow();
  });

  it('refuses names Hermes refuses', () => {
    for (const bad of ['1ABC', 'A-B', 'PATH', 'LD_PRELOAD', 'DYLD_INSERT_LIBRARIES', 'PYTHONPATH', 'NODE_OPTIONS', 'HERMES_HOME', 'EDITOR', 'GIT_SSH_COMMAND', '']) {
      expect(envKeyProblem(bad), bad).not.toBeNull();
    }
    for (const good of ['OPENROUTER_API_KEY', '_X', 'my_key2', 'PATHFINDER_API_KEY']) expect(envKeyProblem(good), good).toBeNull();
    expect(() => setEnvValue('', 'PATH', '/bin')).toThrow(/refuses/);
  });
});
