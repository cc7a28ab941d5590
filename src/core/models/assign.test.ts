import { describe, expect, it } from 'vitest';
import {
  applyAuxAssignment,
  applyMainAssignment,
  autoProviderName,
  expensiveModelMessage,
  modelForWrite,
  resetAuxTasks,
  resolveProviderForWrite,
  staleAuxTasks,
} from './assign';

const withEndpoints = {
  providers: {
    'work-litellm': { name: 'Work LiteLLM', base_url: 'https://llm.internal.example.com/v1', key_env: 'WORK_KEY' },
    ollama: { base_url: 'http://127.0.0.1:11434/v1' },
    anthropic: { request_timeout_seconds: 120 },
  },
  custom_providers: [{ name: 'Local (localhost:11434)', base_url: 'http://localhost:11434/v1' }],
};

describe('provider resolution for writes', () => {
  it('writes canonical ids for aliases, in either scope', () => {
    expect(resolveProviderForWrite('claude', 'main', {})).toEqual({ id: 'anthropic', warning: null });
    expect(resolveProviderForWrite('GLM', 'main', {})).toEqual({ id: 'zai', warning: null });
    expect(resolveProviderForWrite('x.ai', 'auxiliary', {})).toEqual({ id: 'xai', warning: null });
    expect(resolveProviderForWrite('codex', 'main', {})).toEqual({ id: 'openai-codex', warning: null });
    expect(resolveProviderForWrite(' OpenRouter ', 'main', {})).toEqual({ id: 'openrouter', warning: null });
  });

  it('keeps the auxiliary selectors auto, main and openai as they are', () => {
    expect(resolveProviderForWrite('auto', 'auxiliary', {})).toEqual({ id: 'auto', warning: null });
    expect(resolveProviderForWrite('main', 'auxiliary', {})).toEqual({ id: 'main', warning: null });
    expect(resolveProviderForWrite('openai', 'auxiliary', {})).toEqual({ id: 'openai', warning: null });
    expect(() => resolveProviderForWrite('main', 'main', {})).toThrow(/only meaningful for auxiliary/);
  });

  it('selects user endpoints by their providers: key, even when the key is an alias of a built-in', () => {
    expect(resolveProviderForWrite('work-litellm', 'main', withEndpoints)).toEqual({ id: 'work-litellm', warning: null });
    expect(resolveProviderForWrite('ollama', 'main', withEndpoints)).toEqual({ id: 'ollama', warning: null });
    // Without such an entry the alias means the bare custom endpoint.
    expect(resolveProviderForWrite('ollama', 'main', {})).toEqual({ id: 'custom', warning: null });
  });

  it('selects custom:<name> entries; a missing one is written with a warning, as Hermes writes it', () => {
    expect(resolveProviderForWrite('custom:Local (localhost:11434)', 'main', withEndpoints)).toEqual({ id: 'custom:local-(localhost:11434)', warning: null });
    expect(resolveProviderForWrite('custom:nope', 'main', withEndpoints)).toEqual({ id: 'custom:nope', warning: expect.stringMatching(/No custom_providers entry is selected by "custom:nope"/) });
  });

  it('sends a vendor slug posing as a provider to the current aggregator, else OpenRouter (like Hermes)', () => {
    expect(resolveProviderForWrite('moonshotai', 'main', { model: { provider: 'nous' } }, 'moonshotai/kimi-k2.6')).toEqual({ id: 'nous', warning: null });
    expect(resolveProviderForWrite('moonshotai', 'main', { model: { provider: 'anthropic' } }, 'moonshotai/kimi-k2.6')).toEqual({ id: 'openrouter', warning: null });
    expect(resolveProviderForWrite('meta-llama', 'main', {}, 'meta-llama/llama-4-scout')).toEqual({ id: 'openrouter', warning: null });
  });

  it('writes a provider it does not know as given (trimmed, lower-cased) with a warning and a suggestion', () => {
    const typo = resolveProviderForWrite(' Anthropc ', 'main', {});
    expect(typo.id).toBe('anthropc');
    expect(typo.warning).toMatch(/^Switchboard does not know the provider "anthropc" .* Did you mean "anthropic"\?$/);
    expect(resolveProviderForWrite('acme-cloud', 'auxiliary', {})).toEqual({ id: 'acme-cloud', warning: expect.stringMatching(/written as given, as Hermes does/) });
  });

  it('refuses only an empty provider, and main for the main model', () => {
    expect(() => resolveProviderForWrite('', 'main', {})).toThrow(/provider and model required for main/);
    expect(() => resolveProviderForWrite('', 'auxiliary', {})).toThrow(/provider required for auxiliary/);
  });
});

describe('model normalisation for writes', () => {
  it('normalises for the provider (§3.5)', () => {
    expect(modelForWrite('anthropic/claude-sonnet-4.6', 'anthropic')).toBe('claude-sonnet-4-6');
    expect(modelForWrite('claude-sonnet-5', 'openrouter')).toBe('anthropic/claude-sonnet-5');
    expect(modelForWrite('openai/gpt-5.5', 'openai-codex')).toBe('gpt-5.5');
    expect(modelForWrite('zai/glm-5.1', 'zai')).toBe('glm-5.1');
    expect(modelForWrite('MiMo-V2.5-Pro', 'xiaomi')).toBe('mimo-v2.5-pro');
    expect(modelForWrite('meta-llama/llama-4-scout', 'custom')).toBe('meta-llama/llama-4-scout');
  });
  it('leaves ids for auto/main/openai selectors and empty ids alone', () => {
    expect(modelForWrite('anthropic/claude-sonnet-4.6', 'auto')).toBe('anthropic/claude-sonnet-4.6');
    expect(modelForWrite('  ', 'anthropic')).toBe('');
  });
});

describe('main model assignment (POST /api/model/set scope main)', () => {
  const custom = {
    model: { default: 'qwen3', provider: 'custom', base_url: 'http://box:8000/v1', api_key: '${BOX_KEY}', api_mode: 'chat_completions', key_env: 'BOX_KEY', context_length: 32768, max_tokens: 4096 },
  };

  it('keeps base_url, api_key, key_env and api_mode on a same-provider re-pick, and always drops context_length', () => {
    const r = applyMainAssignment(custom, { provider: 'custom', model: 'qwen3-coder' });
    expect(r.next.model).toEqual({ default: 'qwen3-coder', provider: 'custom', base_url: 'http://box:8000/v1', api_key: '${BOX_KEY}', api_mode: 'chat_completions', key_env: 'BOX_KEY', max_tokens: 4096 });
    expect(r.baseUrl).toBe('http://box:8000/v1');
  });

  it('clears base_url, api_key/api, key_env and api_mode on a provider switch, keeping unrelated keys', () => {
    const r = applyMainAssignment({ model: { ...custom.model, api: 'legacy', api_base: 'http://old' } }, { provider: 'anthropic', model: 'anthropic/claude-sonnet-4.6' });
    expect(r.next.model).toEqual({ default: 'claude-sonnet-4-6', provider: 'anthropic', max_tokens: 4096 });
    expect(r.model).toBe('claude-sonnet-4-6');
    expect(r.baseUrl).toBe('');
  });

  it('treats an alias in the file as the same provider (no spurious clearing)', () => {
    const r = applyMainAssignment({ model: { provider: 'or', default: 'x', base_url: 'https://openrouter.ai/api/v1' } }, { provider: 'openrouter', model: 'z-ai/glm-5.2' });
    expect(r.next.model).toEqual({ provider: 'openrouter', default: 'z-ai/glm-5.2', base_url: 'https://openrouter.ai/api/v1' });
  });

  it('turns a bare-string model into a mapping, and folds the model/name aliases into default', () => {
    expect(applyMainAssignment({ model: 'anthropic/claude-sonnet-5' }, { provider: 'openrouter', model: 'anthropic/claude-opus-4.8' }).next.model).toEqual({
      default: 'anthropic/claude-opus-4.8',
      provider: 'openrouter',
    });
    expect(applyMainAssignment({}, { provider: 'nous', model: 'z-ai/glm-5.2' }).next.model).toEqual({ provider: 'nous', default: 'z-ai/glm-5.2' });
    expect(applyMainAssignment({ model: { name: 'old', model: 'older', provider: 'nous' } }, { provider: 'nous', model: 'new' }).next.model).toEqual({ provider: 'nous', default: 'new' });
  });

  it('carries providers.<id>.base_url over (Hermes) but never credentials', () => {
    const r = applyMainAssignment(withEndpoints, { provider: 'work-litellm', model: 'qwen3-coder-plus' });
    expect(r.next.model).toEqual({ provider: 'work-litellm', default: 'qwen3-coder-plus', base_url: 'https://llm.internal.example.com/v1' });
  });

  it('writes an explicit base_url and api_key, and records a custom endpoint in custom_providers once', () => {
    const r = applyMainAssignment(withEndpoints, { provider: 'custom', model: 'llama3', baseUrl: 'http://localhost:11434/v1', apiKey: 'k' });
    expect(r.next.model).toEqual({ provider: 'custom', default: 'llama3', base_url: 'http://localhost:11434/v1', api_key: 'k' });
    expect(r.next.custom_providers).toEqual([{ name: 'Local (localhost:11434)', base_url: 'http://localhost:11434/v1', model: 'llama3' }]);
    const again = applyMainAssignment({}, { provider: 'custom', model: 'm', baseUrl: 'https://gpu.example.com/v1' });
    expect(again.next.custom_providers).toEqual([{ name: 'Gpu.example.com', base_url: 'https://gpu.example.com/v1', model: 'm' }]);
  });

  it('lists auxiliary tasks pinned to another provider (dashboard order first)', () => {
    const config = {
      auxiliary: {
        transient_retries: 2,
        goal_judge: { provider: 'nous', model: 'x' },
        vision: { provider: 'openrouter', model: 'google/gemini-3.5-flash' },
        compression: { provider: 'or', model: 'y' },
        mcp: { provider: 'auto', model: '' },
        approval: { provider: 'main', model: '' },
      },
    };
    const r = applyMainAssignment(config, { provider: 'anthropic', model: 'claude-opus-4-8' }, ['vision', 'compression', 'goal_judge']);
    expect(r.staleAux).toEqual([
      { task: 'vision', provider: 'openrouter', model: 'google/gemini-3.5-flash' },
      { task: 'compression', provider: 'or', model: 'y' },
      { task: 'goal_judge', provider: 'nous', model: 'x' },
    ]);
    expect(staleAuxTasks(config, 'openrouter')).toEqual([{ task: 'goal_judge', provider: 'nous', model: 'x' }]);
  });

  it('refuses an empty model', () => {
    expect(() => applyMainAssignment({}, { provider: 'anthropic', model: ' ' })).toThrow(/provider and model required/);
  });
});

describe('auxiliary assignment', () => {
  const config = {
    auxiliary: {
      vision: { provider: 'openrouter', model: 'a', base_url: '', api_key: '', timeout: 120, download_timeout: 30 },
      curator: { provider: 'custom', model: 'q', base_url: 'http://localhost:11434/v1', api_key: 'k', api_mode: 'chat_completions', timeout: 600, extra_body: {} },
    },
  };

  it('sets provider/model and clears endpoint keys on a provider change, keeping timeouts', () => {
    const { next } = applyAuxAssignment(config, { tasks: ['vision'], provider: 'gemini', model: 'google/gemini-3.5-flash' });
    expect((next.auxiliary as Record<string, unknown>).vision).toEqual({ provider: 'gemini', model: 'gemini-3.5-flash', timeout: 120, download_timeout: 30 });
  });

  it('keeps base_url/api_key on a same-provider re-pick, and when switching to custom', () => {
    const same = applyAuxAssignment(config, { tasks: ['curator'], provider: 'custom', model: 'q2' }).next.auxiliary as Record<string, Record<string, unknown>>;
    expect(same.curator).toMatchObject({ provider: 'custom', model: 'q2', base_url: 'http://localhost:11434/v1', api_key: 'k', api_mode: 'chat_completions' });
    const toCustom = applyAuxAssignment(config, { tasks: ['vision'], provider: 'custom', model: 'm' }).next.auxiliary as Record<string, Record<string, unknown>>;
    expect(toCustom.vision).toHaveProperty('base_url', '');
  });

  it('creates blocks for tasks that have none', () => {
    const { next } = applyAuxAssignment({}, { tasks: ['mcp', 'approval'], provider: 'openrouter', model: 'google/gemini-3.5-flash' });
    expect(next.auxiliary).toEqual({ mcp: { provider: 'openrouter', model: 'google/gemini-3.5-flash' }, approval: { provider: 'openrouter', model: 'google/gemini-3.5-flash' } });
  });

  it('resets to auto, removing endpoint keys and keeping timeouts and other keys; tasks without a block stay absent', () => {
    const { next, reset } = resetAuxTasks(config, ['vision', 'curator', 'mcp']);
    expect(reset).toEqual(['vision', 'curator']);
    expect(next.auxiliary).toEqual({
      vision: { provider: 'auto', model: '', timeout: 120, download_timeout: 30 },
      curator: { provider: 'auto', model: '', timeout: 600, extra_body: {} },
    });
    expect(resetAuxTasks({}, ['vision']).next).toEqual({});
  });

  it('leaves tasks that are already plain auto untouched, but resets auto with an endpoint of its own', () => {
    const auto = { auxiliary: { mcp: { provider: 'auto', model: '', base_url: '', api_key: '', timeout: 30 }, web: { provider: 'auto', model: '', base_url: 'http://x/v1' } } };
    const { next, reset } = resetAuxTasks(auto, ['mcp', 'web']);
    expect(reset).toEqual(['web']);
    expect(next.auxiliary).toEqual({ mcp: auto.auxiliary.mcp, web: { provider: 'auto', model: '' } });
  });
});

describe('small helpers', () => {
  it('names custom endpoints like Hermes', () => {
    expect(autoProviderName('http://localhost:11434/v1')).toBe('Local (localhost:11434)');
    expect(autoProviderName('https://abc-8000.proxy.runpod.net/v1')).toBe('RunPod (abc-8000.proxy.runpod.net)');
    expect(autoProviderName('https://LLM.example.com/v1/')).toBe('Llm.example.com');
  });
  it('flags expensive models with Hermes thresholds', () => {
    expect(expensiveModelMessage('m', { input: 20, output: 100 })).toBeNull();
    expect(expensiveModelMessage('m', { input: 30, output: 10 })).toMatch(/\$30.00 per million input tokens/);
    expect(expensiveModelMessage('m', { input: 1, output: 150 })).toMatch(/expensive/);
    expect(expensiveModelMessage('m', null)).toBeNull();
  });
});
