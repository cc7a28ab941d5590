import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../config/yaml-parse';
import { effectiveFallbackChain, validateChain, withChain, type ChainContext } from './fallback-chain';

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
