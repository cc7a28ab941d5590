import { describe, expect, it } from 'vitest';
import type { AuxSlot, MainModel } from '../contract/config';
import type { ModelOptions, PickerModel, ProviderOption } from '../contract/models';
import { checkWrite, findModel, findProviderRow, planAuxChanges, planMainChange, sameProvider, type WriteSlot } from './write-check';

function model(id: string, extra: Partial<PickerModel> = {}): PickerModel {
  return { id, capabilities: {}, source: 'curated', ...extra };
}

function row(slug: string, models: PickerModel[], extra: Partial<ProviderOption> = {}): ProviderOption {
  return {
    slug,
    name: extra.name ?? slug,
    is_current: false,
    is_user_defined: false,
    models: models.map((m) => m.id),
    total_models: models.length,
    source: 'built-in',
    authenticated: true,
    auth_type: 'api_key',
    key_env: '',
    warning: null,
    pricing: {},
    capabilities: {},
    model_details: models,
    auth: { via: [], hint: `Add ${slug.toUpperCase()}_API_KEY to .env.` },
    catalog: { state: 'curated', fetchedAt: null, refreshing: false, liveCount: 0 },
    key_env_vars: [],
    aggregator: false,
    enabled: true,
    aliases: [],
    ...extra,
  };
}

const options: ModelOptions = {
  providers: [
    row('openrouter', [
      model('google/gemini-3.5-flash', { contextWindow: 1_048_576, contextSource: 'live', capabilities: { vision: true, tools: true } }),
      model('acme/tiny', { contextWindow: 32_000, contextSource: 'live', capabilities: { vision: false, tools: false } }),
      model('acme/guess', { contextWindow: 32_000, contextSource: 'estimate', capabilities: {} }),
      model('anthropic/claude-opus-4.8', { contextWindow: 1_000_000, contextSource: 'catalog', capabilities: { vision: true, tools: true }, pricing: { input: 25, output: 125 }, pricingSource: 'snapshot' }),
    ]),
    row('openai-codex', [model('gpt-5.5', { contextWindow: 272_000, contextSource: 'catalog', capabilities: { tools: true, vision: true } })], {
      name: 'OpenAI Codex',
      authenticated: false,
      auth: { via: [], hint: 'Sign in: run `hermes model` and choose OpenAI Codex.' },
    }),
    row('deepseek', [model('deepseek-chat', { capabilities: { tools: true } }), model('deepseek-live-only', { writeAs: 'deepseek-chat', capabilities: {} })], { aliases: ['deep-seek'] }),
    row('custom', [], { authenticated: false }),
  ],
  model: 'google/gemini-3.5-flash',
  provider: 'openrouter',
  hash: 'h',
  minimum_context_length: 64_000,
};

const MAIN: WriteSlot = { kind: 'main' };
const task = (key: string, extra: Partial<{ needsVision: boolean; minContextLength: number }> = {}): WriteSlot => ({
  kind: 'aux',
  task: { key, label: key[0]!.toUpperCase() + key.slice(1), needsVision: extra.needsVision ?? false, minContextLength: extra.minContextLength },
});
const VISION = task('vision', { needsVision: true });
const COMPRESSION = task('compression', { minContextLength: 64_000 });
const ids = (c: ReturnType<typeof checkWrite>) => c.problems.map((p) => `${p.id}:${p.level}:${p.slots.join(',')}`);

describe('checkWrite: the one pre-write check', () => {
  it('has nothing to say about a set-up provider and a model that fits', () => {
    const c = checkWrite(options, [MAIN, VISION, COMPRESSION], { provider: 'openrouter', model: 'google/gemini-3.5-flash' });
    expect(c.problems).toEqual([]);
    expect(c.expensive).toBe(false);
    expect(c.row?.slug).toBe('openrouter');
  });

  it('flags a provider without credentials, with how to set it up', () => {
    const c = checkWrite(options, [MAIN], { provider: 'openai-codex', model: 'gpt-5.5' });
    expect(ids(c)).toEqual(['auth:warn:main']);
    expect(c.problems[0]!.text).toContain('OpenAI Codex is not set up');
    expect(c.problems[0]!.text).toContain('hermes model');
  });

  it('needs no credentials for a bare custom slot with its own base URL', () => {
    expect(checkWrite(options, [task('title_generation')], { provider: 'custom', model: 'qwen3', baseUrl: 'http://localhost:11434/v1' }).problems).toEqual([]);
    expect(ids(checkWrite(options, [task('title_generation')], { provider: 'custom', model: 'qwen3' }))).toEqual(['auth:warn:title_generation']);
  });

  it('asks about a provider id Switchboard does not know, instead of refusing it', () => {
    const c = checkWrite(options, [MAIN], { provider: 'brand-new-cloud', model: 'x-1' });
    expect(ids(c)).toEqual(['unknown_provider:unknown:main']);
    expect(c.problems[0]!.text).toContain('Switchboard does not know provider “brand-new-cloud”');
    expect(c.problems[0]!.text).toContain('providers: key');
  });

  it('says a vision task on a model without image input is a problem, and unknown image input is unknown', () => {
    expect(ids(checkWrite(options, [VISION], { provider: 'openrouter', model: 'acme/tiny' }))).toEqual(['vision:warn:vision']);
    const unknown = checkWrite(options, [VISION], { provider: 'deepseek', model: 'deepseek-chat' });
    expect(ids(unknown)).toEqual(['vision:unknown:vision']);
    expect(unknown.problems[0]!.text).toMatch(/unknown/);
    // A model no list knows: unknown too, never guessed.
    expect(ids(checkWrite(options, [VISION], { provider: 'openrouter', model: 'someone/new-model' }))).toEqual(['vision:unknown:vision']);
  });

  it("applies Hermes's 64K minimum to compression and the main model, not to other tasks", () => {
    expect(ids(checkWrite(options, [COMPRESSION], { provider: 'openrouter', model: 'acme/tiny' }))).toEqual(['context:warn:compression']);
    expect(checkWrite(options, [COMPRESSION], { provider: 'openrouter', model: 'acme/tiny' }).problems[0]!.text).toContain('Hermes skips compression models this small');
    expect(ids(checkWrite(options, [MAIN], { provider: 'openrouter', model: 'acme/tiny' }))).toEqual(['context:warn:main', 'tools:warn:main']);
    expect(checkWrite(options, [task('mcp')], { provider: 'openrouter', model: 'acme/tiny' }).problems).toEqual([]);
    // An unknown window is unknown for compression; an estimate is not reported as a fact.
    expect(ids(checkWrite(options, [COMPRESSION], { provider: 'deepseek', model: 'deepseek-chat' }))).toEqual(['context:unknown:compression']);
    expect(checkWrite(options, [COMPRESSION], { provider: 'openrouter', model: 'acme/guess' }).problems).toEqual([]);
    expect(checkWrite(options, [MAIN], { provider: 'deepseek', model: 'deepseek-chat' }).problems).toEqual([]);
  });

  it("applies the expensive-model guard with the price's source", () => {
    const c = checkWrite(options, [MAIN], { provider: 'openrouter', model: 'anthropic/claude-opus-4.8' });
    expect(c.expensive).toBe(true);
    expect(ids(c)).toEqual(['expensive:warn:main']);
    expect(c.problems[0]!.text).toContain('$25 per million input tokens and $125 per million output tokens');
    expect(c.problems[0]!.text).toContain("Switchboard's bundled snapshot");
  });

  it('checks every task of a many-task write and names the tasks each problem concerns', () => {
    const c = checkWrite(options, [VISION, COMPRESSION, task('mcp'), task('approval')], { provider: 'openrouter', model: 'acme/tiny' });
    expect(ids(c)).toEqual(['vision:warn:vision', 'context:warn:compression']);
  });

  it('has nothing to check for auto/main selectors, and says so when the provider list is missing', () => {
    expect(checkWrite(options, [VISION], { provider: 'auto', model: '' }).problems).toEqual([]);
    expect(checkWrite(options, [VISION], { provider: 'main', model: '' }).problems).toEqual([]);
    expect(ids(checkWrite(undefined, [MAIN], { provider: 'openrouter', model: 'x' }))).toEqual(['options:unknown:']);
  });
});

describe('provider and model lookup', () => {
  it('finds rows by slug or alias, models by id or written id', () => {
    expect(findProviderRow(options, ' DeepSeek ')?.slug).toBe('deepseek');
    expect(findProviderRow(options, 'deep-seek')?.slug).toBe('deepseek');
    expect(findProviderRow(options, 'auto')).toBeUndefined();
    expect(findModel(findProviderRow(options, 'deepseek'), 'deepseek-live-only')?.id).toBe('deepseek-live-only');
    expect(sameProvider(options, 'deep-seek', 'DEEPSEEK')).toBe(true);
    expect(sameProvider(options, 'openrouter', 'deepseek')).toBe(false);
    expect(sameProvider(options, 'mystery', 'Mystery')).toBe(true);
  });
});

describe('planAuxChanges / planMainChange: what a write will change', () => {
  const slots: AuxSlot[] = [
    { task: 'vision', provider: 'openrouter', model: 'google/gemini-3.5-flash', baseUrl: '', isAuto: false, label: '' },
    { task: 'compression', provider: 'deep-seek', model: 'deepseek-chat', baseUrl: '', isAuto: false, label: '' },
    { task: 'mcp', provider: 'auto', model: '', baseUrl: '', isAuto: true, label: '' },
  ];
  const tasks = [
    { key: 'vision', label: 'Vision' },
    { key: 'compression', label: 'Compression' },
    { key: 'mcp', label: 'MCP' },
    { key: 'curator', label: 'Curator' },
  ];

  it('lists each task from → to, tasks missing from the file as auto, and which already hold the value', () => {
    expect(planAuxChanges(options, slots, tasks, { provider: 'deepseek', model: 'deepseek-live-only' })).toEqual([
      { slot: 'vision', label: 'Vision', from: 'openrouter · google/gemini-3.5-flash', to: 'deepseek · deepseek-chat', changes: true },
      // Same provider (through its alias) and the id the choice is written as: nothing to change.
      { slot: 'compression', label: 'Compression', from: 'deep-seek · deepseek-chat', to: 'deepseek · deepseek-chat', changes: false },
      { slot: 'mcp', label: 'MCP', from: 'auto (use main model)', to: 'deepseek · deepseek-chat', changes: true },
      { slot: 'curator', label: 'Curator', from: 'auto (use main model)', to: 'deepseek · deepseek-chat', changes: true },
    ]);
  });

  it('plans a reset to auto', () => {
    expect(planAuxChanges(options, slots, tasks, null).map((c) => [c.slot, c.changes])).toEqual([
      ['vision', true],
      ['compression', true],
      ['mcp', false],
      ['curator', false],
    ]);
  });

  it('plans the main model', () => {
    const main: MainModel = { form: 'mapping', provider: 'openrouter', model: 'google/gemini-3.5-flash', baseUrl: '', apiMode: '', contextLength: null, label: '' };
    expect(planMainChange(options, main, { provider: 'OpenRouter', model: 'google/gemini-3.5-flash' }).changes).toBe(false);
    expect(planMainChange(options, main, { provider: 'openai-codex', model: 'gpt-5.5' })).toEqual({
      slot: 'main',
      label: 'Main model',
      from: 'openrouter · google/gemini-3.5-flash',
      to: 'openai-codex · gpt-5.5',
      changes: true,
    });
    expect(planMainChange(options, { ...main, form: 'unset', provider: '', model: '' }, { provider: 'openrouter', model: 'x' }).from).toBe('unset');
  });
});
