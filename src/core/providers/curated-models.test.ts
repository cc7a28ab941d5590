import { describe, expect, it } from 'vitest';
import { ModelInfoSchema } from '../../shared/domain/providers';
import {
  bundledModelsSnapshot,
  CURATED_MODELS,
  curatedModels,
  DEFAULT_AUX_MODELS,
  DEFAULT_CONTEXT_LENGTH,
  defaultContextLength,
  getModelMeta,
  MINIMUM_CONTEXT_LENGTH,
  OPENROUTER_MODELS,
  PROVIDER_TO_MODELS_DEV,
} from './curated-models';
import { parseModelsDevSnapshot } from './models-dev';
import snapshotJson from './data/models-snapshot.json';

describe('defaultContextLength (family table, longest substring)', () => {
  it.each([
    ['claude-opus-4-8', 1_000_000],
    ['anthropic/claude-opus-4.8', 1_000_000],
    ['claude-sonnet-5', 1_000_000],
    ['claude-sonnet-4-6', 200_000],
    ['claude-haiku-4-5-20251001', 200_000],
    ['gpt-5.6-sol-pro', 1_050_000],
    ['openai/gpt-5.5', 1_050_000],
    ['gpt-5.4-mini', 1_050_000],
    ['gpt-5.3-codex', 400_000],
    ['gpt-5', 400_000],
    ['gemini-3.5-flash', 1_048_576],
    ['deepseek-v4-pro', 1_000_000],
    ['glm-5.2', 1_048_576],
    ['z-ai/glm-5.1', 202_752],
    ['kimi-k3', 1_048_576],
    ['kimi-k2.6', 262_144],
    ['MiniMax-M3', 1_000_000],
    ['grok-4.5', 500_000],
    ['totally-unknown-model', DEFAULT_CONTEXT_LENGTH],
    ['', DEFAULT_CONTEXT_LENGTH],
  ])('%s → %d', (model, length) => {
    expect(defaultContextLength(model)).toBe(length);
  });

  it('exports Hermes’s constants', () => {
    expect(DEFAULT_CONTEXT_LENGTH).toBe(256_000);
    expect(MINIMUM_CONTEXT_LENGTH).toBe(64_000);
  });
});

describe('curated lists', () => {
  it('has the 39-id OpenRouter list with the ids named in the reference', () => {
    expect(OPENROUTER_MODELS).toHaveLength(39);
    const ids = OPENROUTER_MODELS.map((m) => m.id);
    expect(new Set(ids).size).toBe(39);
    for (const id of [
      'anthropic/claude-fable-5',
      'anthropic/claude-opus-4.8',
      'anthropic/claude-sonnet-5',
      'anthropic/claude-haiku-4.5',
      'openai/gpt-5.6-sol',
      'openai/gpt-5.5',
      'google/gemini-3.5-flash',
      'x-ai/grok-4.5',
      'deepseek/deepseek-v4-pro',
      'qwen/qwen3.7-max',
      'moonshotai/kimi-k3',
      'z-ai/glm-5.2',
      'openrouter/pareto-code',
    ]) {
      expect(ids).toContain(id);
    }
    expect(ids.filter((id) => id.endsWith(':free')).length).toBeGreaterThanOrEqual(2);
    expect(OPENROUTER_MODELS.find((m) => m.id === 'moonshotai/kimi-k3')?.description).toBe('recommended');
    expect(OPENROUTER_MODELS.find((m) => m.id === 'z-ai/glm-5.2')?.description).toBe('default');
  });

  it.each(Object.entries(CURATED_MODELS).flatMap(([provider, models]) => models.map((m) => [provider, m.id] as const)))(
    'snapshot knows %s / %s',
    (provider, modelId) => {
      const meta = getModelMeta(provider, modelId);
      expect(meta).not.toBeNull();
      expect(meta?.id).toBe(modelId);
      expect(meta?.contextWindow).toBe(defaultContextLength(modelId));
      expect(ModelInfoSchema.safeParse(meta).success).toBe(true);
    },
  );

  it.each(Object.entries(DEFAULT_AUX_MODELS))('snapshot knows the default aux model of %s (%s)', (provider, model) => {
    expect(getModelMeta(provider, model)).not.toBeNull();
  });

  it('enriches curated entries and keeps descriptions', () => {
    const list = curatedModels('or');
    expect(list).toHaveLength(39);
    expect(list[0]).toMatchObject({ id: 'moonshotai/kimi-k3', description: 'recommended', label: 'Kimi K3', source: 'curated' });
    expect(curatedModels('unknown')).toEqual([]);
  });
});

describe('getModelMeta', () => {
  it('maps models.dev fields to ModelInfo', () => {
    expect(getModelMeta('anthropic', 'claude-opus-4-8')).toEqual({
      id: 'claude-opus-4-8',
      label: 'Claude Opus 4.8',
      family: 'claude-opus',
      contextWindow: 1_000_000,
      maxOutput: 128_000,
      capabilities: { tools: true, vision: true, reasoning: true },
      pricing: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
      source: 'curated',
    });
  });

  it('finds the sample fixture’s models', () => {
    expect(getModelMeta('openrouter', 'google/gemini-3.5-flash')?.contextWindow).toBe(1_048_576);
    expect(getModelMeta('openrouter', 'anthropic/claude-sonnet-5')?.label).toBe('Claude Sonnet 5');
    expect(getModelMeta('nous', 'google/gemini-3.5-flash')).not.toBeNull();
    expect(getModelMeta('openai-codex', 'gpt-5.5')?.family).toBe('gpt');
    expect(getModelMeta('openrouter', 'deepseek/deepseek-v4-pro')?.maxOutput).toBe(393_216);
  });

  it('normalises the id for the provider’s own section', () => {
    expect(getModelMeta('anthropic', 'anthropic/claude-sonnet-4.6')?.id).toBe('anthropic/claude-sonnet-4.6');
    expect(getModelMeta('anthropic', 'anthropic/claude-sonnet-4.6')?.label).toBe('Claude Sonnet 4.6');
    expect(getModelMeta('minimax', 'minimax-m3')?.label).toBe('MiniMax M3');
  });

  it('falls back to the vendor/model spelling, then to the vendor’s native section', () => {
    // copilot has no section in the snapshot: found through OpenRouter's vendor/model entry
    expect(getModelMeta('copilot', 'claude-sonnet-4.6')?.label).toBe('Claude Sonnet 4.6');
    // not on OpenRouter, but in Anthropic's native section
    expect(getModelMeta('kilocode', 'anthropic/claude-haiku-4-5-20251001')?.label).toBe('Claude Haiku 4.5');
    expect(getModelMeta('custom', 'gpt-4o')?.contextWindow).toBe(128_000);
  });

  it('returns null for unknown models', () => {
    expect(getModelMeta('custom', 'qwen3-coder:30b')).toBeNull();
    expect(getModelMeta('openrouter', 'my-model')).toBeNull();
    expect(getModelMeta('openrouter', '')).toBeNull();
  });

  it('accepts another catalogue (e.g. Hermes’s models_dev_cache.json)', () => {
    const snapshot = parseModelsDevSnapshot({
      'github-copilot': { id: 'github-copilot', models: { 'gpt-5.4': { id: 'gpt-5.4', name: 'GPT-5.4 (Copilot)', limit: { context: 272000 } } } },
    });
    expect(getModelMeta('copilot', 'gpt-5.4', { snapshot })).toMatchObject({ label: 'GPT-5.4 (Copilot)', contextWindow: 272_000 });
  });
});

describe('bundled snapshot', () => {
  it('is shaped like models.dev api.json', () => {
    for (const [providerId, provider] of Object.entries(snapshotJson as Record<string, { id: string; models: Record<string, { id: string }> }>)) {
      expect(provider.id).toBe(providerId);
      for (const [modelId, model] of Object.entries(provider.models)) expect(model.id).toBe(modelId);
    }
    const parsed = bundledModelsSnapshot();
    expect(Object.keys(parsed)).toEqual(Object.keys(snapshotJson));
    expect(parsed.openrouter?.models['z-ai/glm-5.2']?.limit?.context).toBe(1_048_576);
  });

  it('maps Hermes ids to models.dev ids', () => {
    expect(PROVIDER_TO_MODELS_DEV.gemini).toBe('google');
    expect(PROVIDER_TO_MODELS_DEV.copilot).toBe('github-copilot');
    expect(PROVIDER_TO_MODELS_DEV['kimi-coding']).toBe('kimi-for-coding');
    expect(PROVIDER_TO_MODELS_DEV['opencode-zen']).toBe('opencode');
    expect(PROVIDER_TO_MODELS_DEV.kilocode).toBe('kilo');
    expect(PROVIDER_TO_MODELS_DEV.fireworks).toBe('fireworks-ai');
    expect(PROVIDER_TO_MODELS_DEV['xai-oauth']).toBe('xai');
  });
});

describe('parseModelsDevSnapshot', () => {
  it('skips malformed providers and models instead of failing', () => {
    const parsed = parseModelsDevSnapshot({
      good: { id: 'good', models: { a: { name: 'A', tool_call: 'yes', limit: { context: 'big', output: 10 }, cost: { input: 1 } }, b: 42 } },
      noModels: { id: 'noModels' },
      broken: 'x',
    });
    expect(Object.keys(parsed)).toEqual(['good']);
    expect(parsed.good?.models).toEqual({ a: { id: 'a', name: 'A', limit: { output: 10 }, cost: { input: 1 } } });
    expect(parseModelsDevSnapshot(null)).toEqual({});
    expect(parseModelsDevSnapshot([1, 2])).toEqual({});
  });
});
