import { describe, expect, it } from 'vitest';
import { cleanKeyValue, validateKeyName } from './clean-value';

const KEY = 'sk-or-v1-abcdefghijklmnopqrstuvwxyz012345';

describe('cleaning a pasted key', () => {
  it.each([
    ['trailing newline', `${KEY}\n`, ['removed surrounding whitespace']],
    ['CRLF and spaces', `  ${KEY}\r\n`, ['removed surrounding whitespace']],
    ['non-breaking spaces', `\u00A0${KEY}\u00A0`, ['removed surrounding whitespace']],
    ['zero-width characters', `\u200B${KEY}\uFEFF`, ['removed invisible zero-width characters']],
    ['straight double quotes', `"${KEY}"`, ['removed surrounding quotes']],
    ['single quotes', `'${KEY}'`, ['removed surrounding quotes']],
    ['typographic quotes', `“${KEY}”`, ['removed surrounding typographic quotes']],
    ['typographic single quotes', `‘${KEY}’`, ['removed surrounding typographic quotes']],
    ['backticks and spaces', ` \`${KEY}\` `, ['removed surrounding whitespace', 'removed surrounding quotes']],
    ['a stray control character', `${KEY.slice(0, 10)}\u0007${KEY.slice(10)}`, ['removed control characters']],
  ])('%s', (_label, input, notes) => {
    const out = cleanKeyValue(input);
    expect(out.value).toBe(KEY);
    expect(out.notes).toEqual(notes);
  });

  it('leaves a clean key alone', () => {
    expect(cleanKeyValue(KEY)).toEqual({ value: KEY, notes: [] });
  });

  it.each([
    ['an inner newline', `${KEY.slice(0, 8)}\n${KEY.slice(8)}`, /line break/],
    ['inner spaces', 'sk-abc def-ghijklmnop', /spaces/],
    ['an inner typographic quote', 'sk-abc”defghijklmnop', /typographic/],
    ['non-ASCII', 'sk-abcdéfghijklmnop', /non-ASCII/],
    ['an empty value', '   ', /empty/],
    ['a placeholder', 'changeme', /placeholder/],
    ['too short', 'abc', /placeholder/],
    ['a template', '<your key here>', /spaces|placeholder/],
  ])('refuses %s, without quoting the value', (_label, input, message) => {
    let error: Error | null = null;
    try {
      cleanKeyValue(input);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect((error as { code?: string }).code).toBe('ENV_INVALID_VALUE');
    if (input.trim().length > 6) expect(error?.message).not.toContain(input.trim());
  });

  it('validates names with Hermes\'s rules', () => {
    expect(validateKeyName(' OPENROUTER_API_KEY ')).toBe('OPENROUTER_API_KEY');
    expect(() => validateKeyName('PATH')).toThrow(/refuses/);
    expect(() => validateKeyName('bad-name')).toThrow(/valid variable name/);
  });
});
