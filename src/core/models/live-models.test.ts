import { describe, expect, it } from 'vitest';
import { parseModelsResponse } from './live-models';

describe('parsing /models answers', () => {
  it('reads OpenRouter rows: context, max output, per-million prices, capabilities', () => {
    const models = parseModelsResponse({
      data: [
        {
          id: 'anthropic/claude-sonnet-5',
          name: 'Anthropic: Claude Sonnet 5',
          context_length: 1000000,
          top_provider: { context_length: 1000000, max_completion_tokens: 64000 },
          pricing: { prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003' },
          supported_parameters: ['tools', 'tool_choice', 'reasoning', 'max_tokens'],
          architecture: { input_modalities: ['text', 'image'], output_modalities: ['text'] },
        },
        { id: 'openrouter/auto', pricing: { prompt: '-1', completion: '-1' }, supported_parameters: ['max_tokens'], architecture: { modality: 'text->text' } },
      ],
    });
    expect(models).toEqual([
      {
        id: 'anthropic/claude-sonnet-5',
        name: 'Anthropic: Claude Sonnet 5',
        contextWindow: 1000000,
        maxOutput: 64000,
        pricing: { input: 3, output: 15, cacheRead: 0.3 },
        capabilities: { tools: true, reasoning: true, vision: true },
      },
      { id: 'openrouter/auto', capabilities: { tools: false, reasoning: false, vision: false } },
    ]);
  });

  it('reads Gemini (models/<id>, token limits), Anthropic (display_name) and plain OpenAI lists', () => {
    expect(parseModelsResponse({ models: [{ name: 'models/gemini-3.5-flash', displayName: 'Gemini 3.5 Flash', inputTokenLimit: 1048576, outputTokenLimit: 65536 }] })).toEqual([
      { id: 'gemini-3.5-flash', name: 'Gemini 3.5 Flash', contextWindow: 1048576, maxOutput: 65536 },
    ]);
    expect(parseModelsResponse({ data: [{ id: 'claude-opus-4-8', display_name: 'Claude Opus 4.8', type: 'model' }], has_more: false })).toEqual([{ id: 'claude-opus-4-8', name: 'Claude Opus 4.8' }]);
    expect(parseModelsResponse({ object: 'list', data: [{ id: 'gpt-5.5', object: 'model', owned_by: 'openai' }] })).toEqual([{ id: 'gpt-5.5' }]);
    // vLLM's max_model_len; a bare array of ids; duplicates collapse.
    expect(parseModelsResponse({ data: [{ id: 'qwen3', max_model_len: 32768 }, { id: 'qwen3' }] })).toEqual([{ id: 'qwen3', contextWindow: 32768 }]);
    expect(parseModelsResponse(['a', 'b', '', 7])).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('returns null for answers that are not model lists', () => {
    expect(parseModelsResponse({ error: { message: 'no' } })).toBeNull();
    expect(parseModelsResponse('hello')).toBeNull();
    expect(parseModelsResponse(null)).toBeNull();
    expect(parseModelsResponse({ data: 'x' })).toBeNull();
  });
});
