import { describe, expect, it } from 'vitest';
import type { AuxSlot, MainModel } from '../contract/config';
import type { ModelOptions, PickerModel, ProviderOption } from '../contract/models';
import { routeForCard } from './card-route';

function row(slug: string, models: string[], extra: Partial<ProviderOption> = {}): ProviderOption {
  const details: PickerModel[] = models.map((id) => ({ id, capabilities: {}, source: 'config' }));
  return {
    slug,
    name: extra.name ?? slug,
    is_current: false,
    is_user_defined: true,
    models,
    total_models: models.length,
    source: 'custom-providers',
    authenticated: true,
    auth_type: 'api_key',
    key_env: '',
    warning: null,
    pricing: {},
    capabilities: {},
    model_details: details,
    auth: { via: [], hint: '' },
    catalog: { state: 'curated', fetchedAt: null, refreshing: false, liveCount: 0 },
    key_env_vars: [],
    aggregator: false,
    enabled: true,
    aliases: [],
    ...extra,
  };
}

function opts(...providers: ProviderOption[]): ModelOptions {
  return { providers: [row('openrouter', ['x/y'], { is_user_defined: false, source: 'built-in' }), ...providers], model: '', provider: '', hash: 'h', minimum_context_length: 64_000 };
}

const MAIN: MainModel = { form: 'mapping', provider: 'openrouter', model: 'x/y', baseUrl: '', apiMode: '', contextLength: null, label: '' };
const ollama = row('custom:local-(localhost:11434)', ['qwen3-coder:30b'], { name: 'Local (localhost:11434)', api_url: 'http://localhost:11434/v1' });
const gateway = row('work-gateway', ['qwen3-coder-plus'], { name: 'Work Gateway', api_url: 'https://llm.internal.example.com/v1', source: 'user-config' });
const curator: AuxSlot = { task: 'curator', provider: 'custom', model: 'qwen3-coder:30b', baseUrl: 'http://localhost:11434/v1/', isAuto: false, label: '' };

describe('routeForCard: what "Use as" writes for a card', () => {
  it('writes a named provider as it is (canonical spelling when known)', () => {
    expect(routeForCard('OpenRouter', 'x/y', opts(), MAIN, [])).toEqual({ kind: 'write', choice: { provider: 'openrouter', model: 'x/y' } });
    expect(routeForCard('work-gateway', 'qwen3-coder-plus', opts(gateway), MAIN, [])).toEqual({ kind: 'write', choice: { provider: 'work-gateway', model: 'qwen3-coder-plus' } });
  });

  it('turns a `custom` card into the configured endpoint that serves its model', () => {
    const r = routeForCard('custom', 'qwen3-coder:30b', opts(ollama, gateway), MAIN, [curator]);
    expect(r).toMatchObject({ kind: 'write', choice: { provider: 'custom:local-(localhost:11434)', model: 'qwen3-coder:30b' } });
  });

  it('uses the base URL of a slot when no named entry has it', () => {
    const r = routeForCard('custom', 'qwen3-coder:30b', opts(gateway), MAIN, [curator]);
    expect(r).toMatchObject({ kind: 'write', choice: { provider: 'custom', model: 'qwen3-coder:30b', baseUrl: 'http://localhost:11434/v1/' } });
    // The main model on a bare custom endpoint counts too.
    const main: MainModel = { ...MAIN, provider: 'custom', model: 'llama-4', baseUrl: 'http://gpu-box:8000/v1' };
    expect(routeForCard('custom', 'llama-4', opts(), main, [])).toMatchObject({ kind: 'write', choice: { provider: 'custom', baseUrl: 'http://gpu-box:8000/v1' } });
  });

  it('asks when no endpoint serves the model, listing the known endpoints', () => {
    const r = routeForCard('custom', 'mystery-model', opts(ollama, gateway), MAIN, []);
    expect(r.kind).toBe('ask');
    if (r.kind !== 'ask') return;
    expect(r.reason).toBe('none');
    expect(r.candidates.map((c) => c.selector)).toEqual(['custom:local-(localhost:11434)', 'work-gateway']);
  });

  it('asks when several endpoints serve the model, matching ones first', () => {
    const other = row('custom:gpu-box', ['qwen3-coder:30b'], { api_url: 'http://gpu-box:8000/v1' });
    const r = routeForCard('custom', 'qwen3-coder:30b', opts(gateway, ollama, other), MAIN, []);
    expect(r).toMatchObject({ kind: 'ask', reason: 'several' });
    if (r.kind !== 'ask') return;
    expect(r.candidates.map((c) => [c.selector, c.servesModel])).toEqual([
      ['custom:local-(localhost:11434)', true],
      ['custom:gpu-box', true],
      ['work-gateway', false],
    ]);
  });

  it('asks with no candidates at all when nothing is configured', () => {
    expect(routeForCard('custom', 'qwen3-coder:30b', opts(), MAIN, [])).toEqual({ kind: 'ask', reason: 'none', candidates: [] });
  });
});
