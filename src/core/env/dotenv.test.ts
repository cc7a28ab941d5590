import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../app-error';
import { dotenvToMap, parseDotenv, readDotenvFile } from './dotenv';

function values(text: string): Record<string, string> {
  return Object.fromEntries(dotenvToMap(parseDotenv(text)));
}

describe('parseDotenv (Hermes load_env rules)', () => {
  it('reads plain assignments with line numbers', () => {
    const result = parseDotenv('# comment\n\nOPENROUTER_API_KEY=sk-or-123\n  ANTHROPIC_API_KEY = sk-ant-456  \n');
    expect(result.entries).toEqual([
      { key: 'OPENROUTER_API_KEY', value: 'sk-or-123', line: 3, exported: false, quote: 'none' },
      { key: 'ANTHROPIC_API_KEY', value: 'sk-ant-456', line: 4, exported: false, quote: 'none' },
    ]);
    expect(result.malformed).toEqual([]);
  });

  it.each([
    ['KEY="abc # not a comment"', 'abc # not a comment'],
    ["KEY='abc # not a comment'", 'abc # not a comment'],
    ['KEY=abc # note', 'abc # note'],
    ['KEY=abc#def', 'abc#def'],
    ['KEY="say \\"hi\\""', 'say "hi"'],
    ['KEY="C:\\\\path\\\\to"', 'C:\\path\\to'],
    ['KEY="keep \\n and \\t"', 'keep \\n and \\t'],
    ["KEY='no \\\"escapes\\\" here'", 'no \\"escapes\\" here'],
    ['KEY=""', ''],
    ["KEY=''", ''],
    ['KEY=', ''],
    ['KEY=a=b=c', 'a=b=c'],
    ['KEY=https://x.example.com/v1?a=1&b=2', 'https://x.example.com/v1?a=1&b=2'],
    ['KEY=  "  padded  "  ', '  padded  '],
    ['KEY=${OTHER}', '${OTHER}'],
    ['KEY="unicode ✓"', 'unicode ✓'],
  ])('%s → %j', (line, expected) => {
    expect(values(line)).toEqual({ KEY: expected });
  });

  it('strips a leading export', () => {
    const result = parseDotenv('export OPENAI_API_KEY=sk-1\nexport   TAB_KEY="v"\nexported_var=x\n');
    expect(result.entries.map((e) => [e.key, e.value, e.exported])).toEqual([
      ['OPENAI_API_KEY', 'sk-1', true],
      ['TAB_KEY', 'v', true],
      ['exported_var', 'x', false],
    ]);
  });

  it('tolerates a BOM and CRLF / CR line endings', () => {
    expect(values('\uFEFFA=1\r\nB="two"\r\n# c\r\nC=3\rD=4')).toEqual({ A: '1', B: 'two', C: '3', D: '4' });
    const result = parseDotenv('\uFEFFA=1\r\nB=2\r\n');
    expect(result.entries.map((e) => e.line)).toEqual([1, 2]);
    expect(result.entries[0]?.key).toBe('A');
  });

  it('lets the later of two definitions win', () => {
    const result = parseDotenv('KEY=first\nKEY=second\n');
    expect(result.entries).toHaveLength(2);
    expect(dotenvToMap(result).get('KEY')).toBe('second');
  });

  it('records the quote style', () => {
    expect(parseDotenv('A="x"\nB=\'y\'\nC=z').entries.map((e) => e.quote)).toEqual(['double', 'single', 'none']);
  });

  it('reports malformed lines by number and reason, never with the value', () => {
    const text = [
      'GOOD=1',
      'this line has no equals sign SECRET123',
      '=orphan-SECRET456',
      'BAD-NAME=SECRET789',
      'UNCLOSED="SECRET000',
      'TRAILING="SECRETabc" # note',
      'export',
    ].join('\n');
    const result = parseDotenv(text);
    expect(result.malformed.map((m) => m.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(JSON.stringify(result.malformed)).not.toMatch(/SECRET/);
    // Hermes keeps odd-but-assignable lines verbatim
    expect(dotenvToMap(result)).toEqual(
      new Map([
        ['GOOD', '1'],
        ['BAD-NAME', 'SECRET789'],
        ['UNCLOSED', '"SECRET000'],
        ['TRAILING', '"SECRETabc" # note'],
      ]),
    );
  });

  it('handles empty input', () => {
    expect(parseDotenv('')).toEqual({ entries: [], malformed: [] });
    expect(parseDotenv('\uFEFF')).toEqual({ entries: [], malformed: [] });
  });
});

describe('readDotenvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-dotenv-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a real file', async () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, '\uFEFF# Hermes keys\r\nexport OPENROUTER_API_KEY="sk-or-#1"\r\nNOTE=value # kept\r\n');
    const result = await readDotenvFile(file);
    expect(result.exists).toBe(true);
    expect(result.path).toBe(file);
    expect(Object.fromEntries(dotenvToMap(result))).toEqual({ OPENROUTER_API_KEY: 'sk-or-#1', NOTE: 'value # kept' });
  });

  it('treats a missing file as empty', async () => {
    const result = await readDotenvFile(path.join(dir, 'missing.env'));
    expect(result).toEqual({ path: path.join(dir, 'missing.env'), exists: false, entries: [], malformed: [] });
  });

  it('falls back to latin-1 for invalid UTF-8', async () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, Buffer.concat([Buffer.from('NAME=caf'), Buffer.from([0xe9]), Buffer.from('\nKEY=ok\n')]));
    const result = await readDotenvFile(file);
    expect(Object.fromEntries(dotenvToMap(result))).toEqual({ NAME: 'café', KEY: 'ok' });
  });

  it('throws ENV_PARSE_ERROR when the path cannot be read', async () => {
    const sub = path.join(dir, 'a-directory');
    mkdirSync(sub);
    const error: unknown = await readDotenvFile(sub).catch((e: unknown) => e);
    expect(isAppError(error)).toBe(true);
    expect(isAppError(error) && error.code).toBe('ENV_PARSE_ERROR');
  });
});
