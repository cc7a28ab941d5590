import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { createCapabilitiesLookup, MODELS_DEV_CACHE_FILE, toUsageCapabilities } from './capabilities';

const tempDir = useTempDir('sb-caps-');

/** A models.dev api.json fragment as Hermes caches it. */
const cacheDoc = {
  openrouter: {
    id: 'openrouter',
    models: {
      'anthropic/claude-sonnet-5': {
        id: 'anthropic/claude-sonnet-5',
        family: 'from-hermes-cache',
        tool_call: false,
        reasoning: true,
        attachment: false,
        modalities: { input: ['text', 'image'] },
        limit: { context: 123_456, output: 7_890 },
      },
    },
  },
  anthropic: { id: 'anthropic', models: { 'claude-lab-1': { id: 'claude-lab-1', tool_call: true, limit: { context: 50_000 } } } },
};

describe('capabilities adapter (providers ModelInfo → Hermes models_dev shape)', () => {
  it('maps every field and turns unknown booleans into false, unknown numbers into null', () => {
    expect(
      toUsageCapabilities({ id: 'm', capabilities: { tools: true, vision: false, reasoning: true }, contextWindow: 200_000, maxOutput: 64_000, family: 'claude', source: 'curated' }),
    ).toEqual({ supports_tools: true, supports_vision: false, supports_reasoning: true, context_window: 200_000, max_output_tokens: 64_000, model_family: 'claude' });
    expect(toUsageCapabilities({ id: 'm', capabilities: {}, source: 'live' })).toEqual({
      supports_tools: false,
      supports_vision: false,
      supports_reasoning: false,
      context_window: null,
      max_output_tokens: null,
      model_family: null,
    });
  });

  it('uses the bundled snapshot by billing provider, with the vendor fallback, and null for unknown models', () => {
    const lookup = createCapabilitiesLookup();
    expect(lookup('openrouter', 'anthropic/claude-sonnet-5')).toMatchObject({ supports_tools: true, supports_vision: true, context_window: 1_000_000 });
    expect(lookup('anthropic', 'claude-opus-4-8')).toMatchObject({ model_family: 'claude-opus' });
    // Sessions without a billing_provider still find a vendor-prefixed model.
    expect(lookup('', 'z-ai/glm-5.2')).toMatchObject({ supports_vision: false, supports_reasoning: true });
    expect(lookup('custom', 'qwen3-coder:30b')).toBeNull();
    expect(lookup('openrouter', 'nobody/not-a-model')).toBeNull();
  });

  it("prefers the home's models_dev_cache.json (what Hermes reads), then falls back to the bundled snapshot", () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, MODELS_DEV_CACHE_FILE), JSON.stringify(cacheDoc));
    const lookup = createCapabilitiesLookup({ home });
    expect(lookup('openrouter', 'anthropic/claude-sonnet-5')).toEqual({
      supports_tools: false,
      supports_vision: true,
      supports_reasoning: true,
      context_window: 123_456,
      max_output_tokens: 7_890,
      model_family: 'from-hermes-cache',
    });
    expect(lookup('anthropic', 'claude-lab-1')).toMatchObject({ supports_tools: true, context_window: 50_000 });
    // Not in the cache: the bundled snapshot still knows it.
    expect(lookup('openai-codex', 'gpt-5.5')).toMatchObject({ model_family: 'gpt' });
  });

  it('accepts a {data: …} wrapper and ignores a malformed cache file', () => {
    const wrapped = tempDir();
    fs.writeFileSync(path.join(wrapped, MODELS_DEV_CACHE_FILE), JSON.stringify({ fetched_at: 1, data: cacheDoc }));
    expect(createCapabilitiesLookup({ home: wrapped })('anthropic', 'claude-lab-1')).toMatchObject({ context_window: 50_000 });

    const broken = tempDir();
    fs.writeFileSync(path.join(broken, MODELS_DEV_CACHE_FILE), '{"openrouter": {"models": ');
    const lookup = createCapabilitiesLookup({ home: broken });
    expect(lookup('anthropic', 'claude-lab-1')).toBeNull();
    expect(lookup('openrouter', 'anthropic/claude-sonnet-5')).toMatchObject({ context_window: 1_000_000 });
  });
});
