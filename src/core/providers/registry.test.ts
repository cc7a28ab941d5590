import { describe, expect, it } from 'vitest';
import { ProviderApiModeSchema } from '../../shared/domain/providers';
import { BUILTIN_PROVIDER_IDS, BUILTIN_PROVIDERS, getBuiltinProvider, isBuiltinProviderId } from './registry';

describe('BUILTIN_PROVIDERS (reference §3.1)', () => {
  it('has every row of the table in picker order', () => {
    expect(BUILTIN_PROVIDER_IDS).toEqual([
      'nous', 'fireworks', 'openrouter', 'moa', 'novita', 'lmstudio', 'anthropic', 'openai-codex', 'openai-api',
      'alibaba', 'xai-oauth', 'xiaomi', 'tencent-tokenhub', 'nvidia', 'copilot', 'copilot-acp', 'huggingface',
      'gemini', 'vertex', 'deepseek', 'xai', 'zai', 'kimi-coding', 'kimi-coding-cn', 'stepfun', 'minimax',
      'minimax-oauth', 'minimax-cn', 'ollama-cloud', 'arcee', 'gmi', 'kilocode', 'opencode-zen', 'opencode-go',
      'bedrock', 'azure-foundry', 'qwen-oauth', 'alibaba-coding-plan', 'custom', 'deepinfra', 'upstage',
    ]);
  });

  it('has unique ids and valid api_mode markers', () => {
    expect(new Set(BUILTIN_PROVIDER_IDS).size).toBe(BUILTIN_PROVIDERS.length);
    for (const p of BUILTIN_PROVIDERS) expect(ProviderApiModeSchema.safeParse(p.apiMode).success, p.id).toBe(true);
  });

  it('keeps key env vars in Hermes priority order', () => {
    expect(getBuiltinProvider('anthropic')?.keyEnvVars).toEqual(['ANTHROPIC_API_KEY', 'ANTHROPIC_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']);
    expect(getBuiltinProvider('zai')?.keyEnvVars).toEqual(['GLM_API_KEY', 'ZAI_API_KEY', 'Z_AI_API_KEY']);
    expect(getBuiltinProvider('alibaba-coding-plan')?.keyEnvVars).toEqual(['ALIBABA_CODING_PLAN_API_KEY', 'DASHSCOPE_API_KEY']);
    expect(getBuiltinProvider('openrouter')?.keyEnvVars).toEqual(['OPENROUTER_API_KEY', 'OPENAI_API_KEY']);
  });

  it('records base URLs, env overrides and per-model/URL api modes', () => {
    expect(getBuiltinProvider('kimi-coding-cn')).toMatchObject({ defaultBaseUrl: 'https://api.moonshot.cn/v1' });
    expect(getBuiltinProvider('kimi-coding-cn')?.baseUrlEnvVar).toBeUndefined();
    expect(getBuiltinProvider('moa')).toMatchObject({ authType: 'virtual', defaultBaseUrl: 'moa://local' });
    expect(getBuiltinProvider('copilot')?.apiMode).toBe('per-model');
    expect(getBuiltinProvider('custom')?.apiMode).toBe('url-detected');
    expect(getBuiltinProvider('copilot-acp')?.apiMode).toBeNull();
    expect(getBuiltinProvider('bedrock')).toMatchObject({ apiMode: 'bedrock_converse', defaultBaseUrl: null });
    expect(BUILTIN_PROVIDERS.filter((p) => p.aggregator).map((p) => p.id)).toEqual(['nous', 'openrouter', 'kilocode']);
    expect(BUILTIN_PROVIDERS.filter((p) => !p.healthCheck && p.authType === 'api_key').map((p) => p.id)).toEqual(
      expect.arrayContaining(['minimax-cn', 'opencode-go']),
    );
  });

  it('looks up by canonical id only', () => {
    expect(isBuiltinProviderId('upstage')).toBe(true);
    expect(isBuiltinProviderId('solar')).toBe(false);
    expect(getBuiltinProvider('claude')).toBeUndefined();
  });
});
