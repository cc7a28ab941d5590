import { describe, expect, it } from 'vitest';
import type { AuxSlot, MainModel } from '../../../../shared/contract/config';
import { rolesFor } from './roles';
import { checkRange, compactNumber, compactSize, formatUsd, parseUtcDay, shortModelName, utcDay } from './usage-format';

const main = (provider: string, model: string, form: MainModel['form'] = 'mapping'): MainModel => ({
  form,
  provider,
  model,
  baseUrl: '',
  apiMode: '',
  contextLength: null,
  label: '',
});
const aux = (task: string, provider: string, model: string): AuxSlot => ({
  task,
  provider,
  model,
  baseUrl: '',
  isAuto: (provider === 'auto' || provider === '') && model === '',
  label: '',
});
const card = (model: string, ...providers: Array<string | null>) => ({ model, providers: providers.map((provider) => ({ provider })) });

describe('card roles from the live config', () => {
  const slots = [
    aux('vision', 'openrouter', 'google/gemini-3.5-flash'),
    aux('compression', 'openrouter', 'google/gemini-3.5-flash'),
    aux('title_generation', 'auto', ''),
    aux('approval', 'auto', ''),
    aux('curator', 'custom:local-ollama', 'qwen3-coder:30b'),
    aux('web_extract', 'openrouter', ''),
    aux('mcp', 'main', 'anthropic/claude-sonnet-5'),
  ];
  const m = main('openrouter', 'anthropic/claude-sonnet-5');

  it('marks the main model (provider + model) and lists the auto tasks that follow it', () => {
    expect(rolesFor(card('anthropic/claude-sonnet-5', 'openrouter'), m, slots)).toEqual({
      main: true,
      aux: ['mcp'],
      autoAux: ['title_generation', 'approval'],
    });
  });

  it('counts every auto task Hermes reads, also the ones missing from the file (the effective list)', () => {
    const universe = ['vision', 'compression', 'title_generation', 'approval', 'curator', 'web_extract', 'mcp', 'skills_hub', 'moa_aggregator'];
    expect(rolesFor(card('anthropic/claude-sonnet-5', 'openrouter'), m, slots, universe)).toEqual({
      main: true,
      aux: ['mcp'],
      autoAux: ['title_generation', 'approval', 'skills_hub', 'moa_aggregator'],
    });
    // An empty auxiliary section: every task is auto.
    expect(rolesFor(card('anthropic/claude-sonnet-5', 'openrouter'), m, [], universe).autoAux).toHaveLength(universe.length);
    // Only the main card gets them.
    expect(rolesFor(card('google/gemini-3.5-flash', 'openrouter'), m, slots, universe).autoAux).toEqual([]);
  });

  it('shows every task a model serves, not just the first', () => {
    expect(rolesFor(card('google/gemini-3.5-flash', 'openrouter'), m, slots)).toEqual({ main: false, aux: ['vision', 'compression'], autoAux: [] });
  });

  it('needs the provider to match one of the routes the card was used through', () => {
    expect(rolesFor(card('anthropic/claude-sonnet-5', 'anthropic'), m, slots).main).toBe(false);
    expect(rolesFor(card('anthropic/claude-sonnet-5', 'anthropic', 'OpenRouter'), m, slots).main).toBe(true);
    // custom:<name> is billed as custom; auto matches any provider; legacy rows without a provider never match.
    expect(rolesFor(card('qwen3-coder:30b', 'custom'), m, slots).aux).toEqual(['curator']);
    expect(rolesFor(card('gpt-5.5', 'openai-codex'), main('auto', 'gpt-5.5'), []).main).toBe(true);
    expect(rolesFor(card('gpt-5.5', 'openai-codex'), main('codex', 'gpt-5.5'), []).main).toBe(true);
    expect(rolesFor(card('claude-opus-4-8', null), main('anthropic', 'claude-opus-4-8'), []).main).toBe(false);
  });

  it('gives no badge for an unset main model, an aux slot without a model, or a different model id', () => {
    expect(rolesFor(card('x', 'auto'), main('auto', '', 'unset'), [])).toEqual({ main: false, aux: [], autoAux: [] });
    expect(rolesFor(card('claude-sonnet-5', 'openrouter'), m, slots)).toEqual({ main: false, aux: [], autoAux: [] });
    expect(rolesFor(card('anthropic/claude-sonnet-5', 'openrouter'), undefined, undefined)).toEqual({ main: false, aux: [], autoAux: [] });
  });
});

describe('usage formatting', () => {
  it('formats tokens, dollars and model names', () => {
    expect([compactNumber(950), compactNumber(12_400), compactNumber(3_456_789), compactNumber(1_204_000_000)]).toEqual(['950', '12.4K', '3.46M', '1.20B']);
    expect([compactSize(1_000_000), compactSize(1_050_000), compactSize(128_000), compactSize(65_536), compactSize(131_072)]).toEqual(['1M', '1.05M', '128K', '65.5K', '131.1K']);
    expect([formatUsd(0), formatUsd(0.004), formatUsd(12.345), formatUsd(1234.5)]).toEqual(['$0.00', '<$0.01', '$12.35', '$1,235']);
    expect([shortModelName('anthropic/claude-sonnet-5'), shortModelName('gpt-5.5'), shortModelName('x/')]).toEqual(['claude-sonnet-5', 'gpt-5.5', 'x/']);
  });

  it('reads UTC calendar days', () => {
    expect(parseUtcDay('2026-11-21')).toBe(Date.UTC(2026, 10, 21) / 1000);
    expect(parseUtcDay('2026-02-30')).toBeNull();
    expect(parseUtcDay('21.11.2026')).toBeNull();
    expect(utcDay(Date.UTC(2026, 10, 21, 23, 59, 59) / 1000)).toBe('2026-11-21');
  });

  it('validates a custom range of whole UTC days (end inclusive)', () => {
    const now = Date.UTC(2026, 10, 21, 12) / 1000;
    const limits = { maxDays: 1096, earliest: Date.UTC(2020, 0, 1) / 1000 };
    expect(checkRange({ from: '2026-11-01', to: '2026-11-14' }, now, limits)).toEqual({
      window: { kind: 'range', from: Date.UTC(2026, 10, 1) / 1000, to: Date.UTC(2026, 10, 15) / 1000 },
    });
    expect(checkRange({ from: '2026-11-21', to: '2026-11-21' }, now, limits).window?.to).toBe(Date.UTC(2026, 10, 22) / 1000);
    expect(checkRange({ from: '', to: '2026-11-14' }, now, limits).error).toMatch(/both/);
    expect(checkRange({ from: '2026-11-15', to: '2026-11-14' }, now, limits).error).toMatch(/on or before/);
    expect(checkRange({ from: '2026-11-22', to: '2026-11-30' }, now, limits).error).toMatch(/future/);
    expect(checkRange({ from: '2019-12-31', to: '2020-01-05' }, now, limits).error).toMatch(/before 2020-01-01/);
    expect(checkRange({ from: '2021-01-01', to: '2026-11-01' }, now, limits).error).toMatch(/at most 1096 days/);
  });
});
