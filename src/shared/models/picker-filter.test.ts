import { describe, expect, it } from 'vitest';
import { bestProvider, buildPickerIndex, filterPicker, highlightParts } from './picker-filter';

const index = buildPickerIndex([
  {
    slug: 'openrouter',
    name: 'OpenRouter',
    models: [{ id: 'anthropic/claude-sonnet-4.6' }, { id: 'anthropic/claude-opus-4.8' }, { id: 'google/gemini-3.5-flash', label: 'Gemini 3.5 Flash' }, { id: 'openai/gpt-5.5' }],
  },
  { slug: 'anthropic', name: 'Anthropic', models: [{ id: 'claude-sonnet-4-6' }, { id: 'claude-opus-4-8' }, { id: 'claude-haiku-4-5-20251001' }] },
  { slug: 'gemini', name: 'Google AI Studio', models: [{ id: 'gemini-3.5-flash' }, { id: 'gemini-3.1-pro-preview' }] },
  { slug: 'custom:local-box', name: 'Local box', models: [] },
]);

const ids = (query: string) => Object.fromEntries(filterPicker(index, query).map((p) => [p.slug, p.models.map((m) => m.id)]));

describe('picker filter', () => {
  it('shows everything in order for an empty query', () => {
    const r = filterPicker(index, '   ');
    expect(r.map((p) => p.slug)).toEqual(['openrouter', 'anthropic', 'gemini', 'custom:local-box']);
    expect(r[0]!.models.map((m) => m.index)).toEqual([0, 1, 2, 3]);
    expect(r[0]!.models[0]!.ranges).toEqual([]);
  });

  it('matches model ids case-insensitively, with highlight ranges, dropping providers without matches', () => {
    const r = filterPicker(index, 'SONNET');
    expect(r.map((p) => p.slug)).toEqual(['openrouter', 'anthropic']);
    expect(r[0]!.models).toEqual([{ index: 0, id: 'anthropic/claude-sonnet-4.6', score: 40, ranges: [[17, 23]] }]);
    expect(highlightParts('anthropic/claude-sonnet-4.6', r[0]!.models[0]!.ranges)).toEqual([
      { text: 'anthropic/claude-', hit: false },
      { text: 'sonnet', hit: true },
      { text: '-4.6', hit: false },
    ]);
  });

  it('matches the provider name or slug: every model of a matching provider is shown, with the name highlighted', () => {
    const r = filterPicker(index, 'google');
    const gemini = r.find((p) => p.slug === 'gemini')!;
    expect(gemini.providerMatched).toBe(true);
    expect(gemini.nameRanges).toEqual([[0, 6]]);
    expect(gemini.models.map((m) => m.id)).toEqual(['gemini-3.5-flash', 'gemini-3.1-pro-preview']);
    // openrouter shows only its google/ model (the word matched the id, not the provider)
    expect(ids('google').openrouter).toEqual(['google/gemini-3.5-flash']);
    expect(filterPicker(index, 'local').map((p) => p.slug)).toEqual(['custom:local-box']);
    expect(filterPicker(index, 'custom:').map((p) => p.slugRanges)).toEqual([[[0, 7]]]);
  });

  it('needs every word, each matching the provider or the model', () => {
    expect(ids('anthropic opus')).toEqual({ openrouter: ['anthropic/claude-opus-4.8'], anthropic: ['claude-opus-4-8'] });
    expect(ids('openrouter flash')).toEqual({ openrouter: ['google/gemini-3.5-flash'] });
    expect(ids('gemini pro')).toEqual({ gemini: ['gemini-3.1-pro-preview'] });
    expect(ids('sonnet nonexistent')).toEqual({});
  });

  it('ignores punctuation inside ids (4-6 finds 4.6) and ranks exact and prefix matches first', () => {
    expect(ids('sonnet 4-6')).toEqual({ openrouter: ['anthropic/claude-sonnet-4.6'], anthropic: ['claude-sonnet-4-6'] });
    expect(ids('opus 4.8').anthropic).toEqual(['claude-opus-4-8']);
    const r = filterPicker(index, 'claude-opus-4-8');
    expect(r.find((p) => p.slug === 'anthropic')!.models[0]).toMatchObject({ id: 'claude-opus-4-8', score: 100 });
    const ordering = filterPicker(index, 'gemini').find((p) => p.slug === 'openrouter')!;
    expect(ordering.models.map((m) => m.id)).toEqual(['google/gemini-3.5-flash']);
  });

  it('searches labels too, and falls back to subsequences only for words nothing matches literally', () => {
    expect(ids('Flash')).toMatchObject({ openrouter: ['google/gemini-3.5-flash'], gemini: ['gemini-3.5-flash'] });
    const acronym = filterPicker(index, 'chk45');
    expect(acronym.map((p) => p.slug)).toEqual(['anthropic']);
    expect(acronym[0]!.models[0]!.id).toBe('claude-haiku-4-5-20251001');
    // "son" matches literally, so no fuzzy noise (e.g. "opus" ids) is added.
    expect(ids('son')).toEqual({ openrouter: ['anthropic/claude-sonnet-4.6'], anthropic: ['claude-sonnet-4-6'] });
  });

  it('prefers the provider a word names when choosing the best provider', () => {
    expect(bestProvider(filterPicker(index, 'anthropic sonnet'))?.slug).toBe('anthropic');
    expect(bestProvider(filterPicker(index, 'sonnet'))?.slug).toBe('openrouter');
    expect(bestProvider([])).toBeUndefined();
  });

  it('highlightParts copes with adjacent and empty ranges', () => {
    expect(highlightParts('abcdef', [[0, 2], [2, 3]])).toEqual([
      { text: 'ab', hit: true },
      { text: 'c', hit: true },
      { text: 'def', hit: false },
    ]);
    expect(highlightParts('abc', [])).toEqual([{ text: 'abc', hit: false }]);
  });
});
