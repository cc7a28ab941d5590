import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../config/yaml-parse';
import { applyEntryEdit, auxFallbackChain, effectiveFallbackChain, tasksWithAuxChains, validateChain, withAuxChain, withChain, type ChainContext, type EntryWriteContext } from './fallback-chain';

const sample = (() => {
  const p = parseYamlText(readFileSync(path.join(__dirname, '../../../test/fixtures/configs/hermes-sample.yaml'), 'utf8'));
  if (!p.ok) throw new Error('sample');
  return p.parsed.value as Record<string, unknown>;
})();

const ctx: ChainContext = {
  primary: { provider: 'openrouter', model: 'anthropic/claude-sonnet-5' },
  hasCredentials: (id) => ['openrouter', 'anthropic'].includes(id),
  customProviderIds: new Set(['custom:local-localhost-11434', 'work-litellm']),
};

describe('effective fallback chain (mirrors hermes_cli/fallback_config.get_fallback_chain)', () => {
  it('lists fallback_providers in order', () => {
    const chain = effectiveFallbackChain(sample);
    expect(chain.map((c) => [c.origin, c.entry.provider, c.entry.model])).toEqual([
      ['fallback_providers', 'anthropic', 'claude-sonnet-5'],
      ['fallback_providers', 'custom', 'qwen3-coder:30b'],
    ]);
  });

  it('appends legacy fallback_model entries that are not duplicates (case-insensitive provider+model+base_url)', () => {
    const chain = effectiveFallbackChain({
      fallback_providers: [{ provider: 'anthropic', model: 'claude-sonnet-5' }],
      fallback_model: [{ provider: 'Anthropic', model: 'CLAUDE-SONNET-5' }, { provider: 'nous', model: 'z-ai/glm-5.2' }],
    });
    expect(chain.map((c) => `${c.origin}:${c.entry.provider}`)).toEqual(['fallback_providers:anthropic', 'fallback_model:nous']);
    expect(effectiveFallbackChain({ fallback_model: { provider: 'nous', model: 'x' } })).toHaveLength(1);
  });

  it('marks entries without provider or model as unused', () => {
    const chain = effectiveFallbackChain({ fallback_providers: [{ provider: 'nous' }, { provider: 'x', model: 'y' }] });
    expect(chain.map((c) => c.usable)).toEqual([false, true]);
  });

  it('writes the whole chain to fallback_providers and drops fallback_model, keeping other keys', () => {
    const next = withChain({ a: 1, fallback_model: { provider: 'nous', model: 'x' } }, [{ provider: 'nous', model: 'x', extra: true }]);
    expect(next).toEqual({ a: 1, fallback_providers: [{ provider: 'nous', model: 'x', extra: true }] });
  });
});

describe('validateChain', () => {
  const codes = (chain: Record<string, unknown>[]) => validateChain(chain, ctx).map((p) => `${p.index}:${p.severity}:${p.code}`);

  it('requires a provider and a model', () => {
    expect(codes([{ provider: '', model: '' }])).toEqual(['0:error:missing_provider', '0:error:missing_model']);
  });

  it('rejects unknown providers with a suggestion and flags aliases with the canonical id', () => {
    const unknown = validateChain([{ provider: 'openruoter', model: 'x' }], ctx)[0]!;
    expect(unknown).toMatchObject({ code: 'unknown_provider', severity: 'error' });
    const alias = validateChain([{ provider: 'claude', model: 'claude-sonnet-5' }], ctx).find((p) => p.code === 'alias_provider');
    expect(alias).toMatchObject({ severity: 'warning', suggestion: 'anthropic' });
  });

  it('flags the primary itself, providers without credentials, and duplicates', () => {
    expect(codes([{ provider: 'openrouter', model: 'anthropic/claude-sonnet-5' }])).toEqual(['0:warning:same_as_primary']);
    expect(codes([{ provider: 'deepseek', model: 'deepseek-chat' }])).toEqual(['0:warning:no_credentials']);
    expect(codes([{ provider: 'anthropic', model: 'm' }, { provider: 'anthropic', model: 'm' }])).toEqual(['1:warning:duplicate']);
  });

  it('needs a base URL for a bare custom endpoint and a defined name for custom:<name>', () => {
    expect(codes([{ provider: 'custom', model: 'q' }])).toEqual(['0:error:missing_base_url']);
    expect(codes([{ provider: 'custom', model: 'q', base_url: 'http://localhost:11434/v1', key_env: 'K' }])).toEqual([]);
    expect(codes([{ provider: 'custom:nope', model: 'q' }])).toEqual(['0:error:unknown_custom_endpoint']);
    expect(codes([{ provider: 'custom:local-localhost-11434', model: 'q' }])).toEqual([]);
    expect(codes([{ provider: 'work-litellm', model: 'q' }])).toEqual([]);
  });
});

describe('auxiliary chains', () => {
  it('reads auxiliary.<task>.fallback_chain (model optional) and lists the tasks that have one', () => {
    expect(tasksWithAuxChains(sample)).toEqual(['compression']);
    const chain = auxFallbackChain(sample, 'compression');
    expect(chain.map((c) => [c.origin, c.index, c.entry.provider, c.usable])).toEqual([
      ['fallback_chain', 0, 'nous', true],
      ['fallback_chain', 1, 'custom', true],
    ]);
    expect(auxFallbackChain({ auxiliary: { vision: { fallback_chain: [{ provider: 'gemini' }] } } }, 'vision')[0]!.usable).toBe(true);
    expect(auxFallbackChain(sample, 'vision')).toEqual([]);
  });

  it('writes the chain into the task block, keeps its other keys, and removes the key for an empty chain', () => {
    const config = { auxiliary: { vision: { provider: 'openrouter', timeout: 120 } } };
    const added = withAuxChain(config, 'vision', [{ provider: 'gemini', model: 'gemini-3.5-flash' }]);
    expect(added).toEqual({ auxiliary: { vision: { provider: 'openrouter', timeout: 120, fallback_chain: [{ provider: 'gemini', model: 'gemini-3.5-flash' }] } } });
    expect(withAuxChain(added, 'vision', [])).toEqual(config);
    // No block and nothing to write: the config is returned as it is (no empty block appears).
    expect(withAuxChain(config, 'mcp', [])).toBe(config);
    expect(withAuxChain({}, 'mcp', [{ provider: 'nous' }])).toEqual({ auxiliary: { mcp: { fallback_chain: [{ provider: 'nous' }] } } });
  });
});

describe('applyEntryEdit', () => {
  const ctx: EntryWriteContext = { scope: 'main', endpointKeys: ['work-litellm', 'custom:local-box'] };

  it('keeps an entry the user did not change exactly as written (alias spelling, unknown keys)', () => {
    const original = { provider: 'claude', model: 'claude-sonnet-5', api_key_env: 'X_KEY', extra_body: { a: 1 } };
    const r = applyEntryEdit(original, { provider: 'claude', model: 'claude-sonnet-5', base_url: '', key_env: 'X_KEY', api_mode: '' }, 0, ctx);
    expect(r.entry).toEqual(original);
    expect(Object.keys(r.entry)).toEqual(Object.keys(original));
    expect(r.rewrites).toEqual([]);
  });

  it('writes a changed provider canonically, normalises the model for it and drops the old inline key', () => {
    const r = applyEntryEdit({ provider: 'openrouter', model: 'anthropic/claude-opus-4.8', api_key: 'sk-or-old', timeout: 30 }, { provider: 'Claude', model: 'anthropic/claude-opus-4.8' }, 3, ctx);
    expect(r.entry).toEqual({ provider: 'anthropic', model: 'claude-opus-4-8', timeout: 30 });
    expect(r.rewrites).toEqual([
      { index: 3, field: 'provider', from: 'Claude', to: 'anthropic' },
      { index: 3, field: 'model', from: 'anthropic/claude-opus-4.8', to: 'claude-opus-4-8' },
    ]);
  });

  it('edits key_env under the spelling the entry uses, and removes emptied optional fields', () => {
    const r = applyEntryEdit({ provider: 'custom', model: 'q', base_url: 'http://a/v1', api_key_env: 'OLD', api_mode: 'chat_completions' }, { provider: 'custom', model: 'q', base_url: 'http://b/v1', key_env: 'NEW', api_mode: '' }, 0, ctx);
    expect(r.entry).toEqual({ provider: 'custom', model: 'q', base_url: 'http://b/v1', api_key_env: 'NEW' });
  });

  it('builds a new entry in the order hermes fallback writes, selecting user endpoints by their key', () => {
    const r = applyEntryEdit(null, { provider: 'Work-LiteLLM', model: 'qwen3-coder-plus', api_mode: 'chat_completions', key_env: 'WORK_KEY' }, 0, ctx);
    expect(r.entry).toEqual({ provider: 'work-litellm', model: 'qwen3-coder-plus', key_env: 'WORK_KEY', api_mode: 'chat_completions' });
    expect(Object.keys(r.entry)).toEqual(['provider', 'model', 'key_env', 'api_mode']);
    const custom = applyEntryEdit(null, { provider: 'custom:Local Box', model: 'm' }, 0, ctx);
    expect(custom.entry.provider).toBe('custom:local-box');
  });

  it('keeps an unknown provider as typed (validation reports it)', () => {
    expect(applyEntryEdit(null, { provider: 'openruoter', model: 'x' }, 0, ctx).entry.provider).toBe('openruoter');
  });
});

describe('validateChain: more rules', () => {
  const codes = (chain: Record<string, unknown>[], extra: Partial<ChainContext> = {}) => validateChain(chain, { ...ctx, ...extra }).map((p) => `${p.index}:${p.severity}:${p.code}`);

  it('checks base URLs, key_env names and API modes', () => {
    expect(codes([{ provider: 'custom', model: 'q', base_url: 'localhost:11434' }])).toEqual(['0:error:invalid_base_url']);
    expect(codes([{ provider: 'custom', model: 'q', base_url: 'http://${GPU_HOST}/v1' }])).toEqual([]);
    expect(codes([{ provider: 'anthropic', model: 'm', key_env: 'MY-KEY' }])).toEqual(['0:error:invalid_key_env']);
    expect(codes([{ provider: 'anthropic', model: 'm', api_mode: 'responses' }])).toEqual(['0:error:invalid_api_mode']);
  });

  it('treats an entry with the primary base URL and model as the primary itself', () => {
    expect(codes([{ provider: 'custom', model: 'anthropic/claude-sonnet-5', base_url: 'https://openrouter.ai/api/v1/' }], { primary: { provider: 'openrouter', model: 'anthropic/claude-sonnet-5', baseUrl: 'https://openrouter.ai/api/v1' } })).toEqual([
      '0:warning:same_as_primary',
    ]);
  });

  it('auxiliary chains: the model is optional and main/auto/openai are valid providers', () => {
    const aux: Partial<ChainContext> = { scope: 'auxiliary', primary: { provider: 'openrouter', model: 'google/gemini-3.5-flash' } };
    expect(codes([{ provider: 'nous' }, { provider: 'main' }, { provider: 'openai', model: 'gpt-5.4-mini' }], { ...aux, hasCredentials: () => true })).toEqual([]);
    expect(codes([{ provider: 'openrouter', model: 'google/gemini-3.5-flash' }], aux)).toEqual(['0:warning:same_as_primary']);
    expect(codes([{ model: 'x' }], aux)).toEqual(['0:error:missing_provider']);
  });
});
