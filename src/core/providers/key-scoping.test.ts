import { describe, expect, it } from 'vitest';
import {
  allowedKeyEnvVarsForTarget,
  authHeaderStyleFor,
  buildAuthHeaders,
  derivedVendorKeyEnvVar,
  isKeyAllowedForHost,
  probeBaseUrl,
  probeModelsUrl,
} from './key-scoping';

describe('allowedKeyEnvVarsForTarget — custom endpoints (reference §3.8)', () => {
  it.each([
    // OLLAMA_API_KEY only for ollama.com
    ['https://ollama.com/v1', ['OLLAMA_API_KEY']],
    ['https://api.ollama.com/v1', ['OLLAMA_API_KEY']],
    ['https://ollama.company.net/v1', ['COMPANY_API_KEY']],
    // OPENAI_API_KEY only for *.openai.com / openai.azure.com
    ['https://api.openai.com/v1', ['OPENAI_API_KEY']],
    ['https://eu.api.openai.com/v1', ['OPENAI_API_KEY']],
    ['https://myres.openai.azure.com/openai/v1', ['OPENAI_API_KEY', 'AZURE_API_KEY']],
    ['https://api.openai.com.evil.net/v1', ['EVIL_API_KEY']],
    ['https://notopenai.com/v1', ['NOTOPENAI_API_KEY']],
    ['https://api.openai.net/v1', []],
    // OPENROUTER_API_KEY only for openrouter.ai
    ['https://openrouter.ai/api/v1', ['OPENROUTER_API_KEY']],
    ['https://openrouter.ai.evil.io/api/v1', ['EVIL_API_KEY']],
    ['https://openrouter.com/v1', []],
    // <VENDOR>_API_KEY from the registrable host label
    ['https://api.deepseek.com/v1', ['DEEPSEEK_API_KEY']],
    ['https://api.groq.com/openai/v1', ['GROQ_API_KEY']],
    ['https://llm.internal.example.com/v1', ['EXAMPLE_API_KEY']],
    ['https://abc123-8000.proxy.runpod.net/v1', ['RUNPOD_API_KEY']],
    ['https://api.together.xyz/v1', ['TOGETHER_API_KEY']],
    ['https://api.gmi-serving.com/v1', ['GMI_SERVING_API_KEY']],
    ['https://models.example.co.uk/v1', ['EXAMPLE_API_KEY']],
    // …but a built-in's own key only on that built-in's host
    ['https://api.deepseek.evil/v1', []],
    ['https://deepseek.com/v1', []],
    // never for IPs / localhost / single-label hosts
    ['http://localhost:11434/v1', []],
    ['http://127.0.0.1:8000/v1', []],
    ['http://[::1]:8000/v1', []],
    ['http://192.168.1.20:8080/v1', []],
    ['http://gpu-box:8000/v1', []],
    ['http://ollama.localhost:11434/v1', []],
    ['not a url', []],
  ])('%s → %j', (baseUrl, expected) => {
    expect(allowedKeyEnvVarsForTarget({ providerId: 'custom', baseUrl })).toEqual(expected);
  });

  it('puts an explicit key_env first and keeps host-gated fallbacks after it', () => {
    expect(allowedKeyEnvVarsForTarget({ providerId: 'custom', baseUrl: 'http://localhost:11434/v1', keyEnv: 'OLLAMA_LOCAL_KEY' })).toEqual([
      'OLLAMA_LOCAL_KEY',
    ]);
    expect(allowedKeyEnvVarsForTarget({ providerId: 'ollama', baseUrl: 'https://api.groq.com/openai/v1', keyEnv: 'MY_GROQ' })).toEqual([
      'MY_GROQ',
      'GROQ_API_KEY',
    ]);
  });

  it('ignores a key_env that is not a variable name', () => {
    expect(allowedKeyEnvVarsForTarget({ providerId: 'custom', baseUrl: 'http://localhost/v1', keyEnv: 'sk-live-abc' })).toEqual([]);
  });

  it('reads `openai` in the auxiliary context as the api.openai.com endpoint, never OpenRouter', () => {
    expect(allowedKeyEnvVarsForTarget({ providerId: 'openai', context: 'auxiliary' })).toEqual(['OPENAI_API_KEY']);
    expect(allowedKeyEnvVarsForTarget({ providerId: 'openai', context: 'auxiliary', baseUrl: 'http://localhost:8000/v1' })).toEqual([]);
    expect(allowedKeyEnvVarsForTarget({ providerId: 'openai', context: 'main' })).toEqual(['OPENROUTER_API_KEY', 'OPENAI_API_KEY']);
    expect(allowedKeyEnvVarsForTarget({ providerId: 'auto', context: 'auxiliary', keyEnv: 'MY_KEY' })).toEqual(['MY_KEY']);
  });

  it('gives named endpoints only their own key_env', () => {
    expect(allowedKeyEnvVarsForTarget({ providerId: 'custom:runpod', baseUrl: 'https://api.openai.com/v1' })).toEqual([]);
    expect(
      allowedKeyEnvVarsForTarget({ providerId: 'work-litellm', baseUrl: 'https://llm.internal.example.com/v1', keyEnv: 'WORK_LITELLM_API_KEY' }),
    ).toEqual(['WORK_LITELLM_API_KEY']);
  });
});

describe('allowedKeyEnvVarsForTarget — built-in providers', () => {
  it.each([
    ['anthropic', ['ANTHROPIC_API_KEY', 'ANTHROPIC_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']],
    ['claude', ['ANTHROPIC_API_KEY', 'ANTHROPIC_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']],
    ['openrouter', ['OPENROUTER_API_KEY', 'OPENAI_API_KEY']],
    ['gemini', ['GOOGLE_API_KEY', 'GEMINI_API_KEY']],
    ['zai', ['GLM_API_KEY', 'ZAI_API_KEY', 'Z_AI_API_KEY']],
    ['copilot', ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN']],
    ['deepseek', ['DEEPSEEK_API_KEY']],
    ['openai-codex', []],
    ['bedrock', []],
  ])('%s → only its own vars %j', (providerId, expected) => {
    expect(allowedKeyEnvVarsForTarget({ providerId, baseUrl: 'https://anything.example.com/v1' })).toEqual(expected);
  });

  it('uses plugin providers’ own env vars', () => {
    const extraProviders = [{ id: 'cerebras', aliases: ['cerebras-ai'], keyEnvVars: ['CEREBRAS_API_KEY'], defaultBaseUrl: 'https://api.cerebras.ai/v1' }];
    expect(allowedKeyEnvVarsForTarget({ providerId: 'cerebras-ai', extraProviders })).toEqual(['CEREBRAS_API_KEY']);
  });
});

describe('isKeyAllowedForHost', () => {
  it.each([
    ['OPENAI_API_KEY', 'https://api.openai.com/v1', true],
    ['OPENAI_API_KEY', 'https://x.openai.azure.com', true],
    ['OPENAI_API_KEY', 'https://openrouter.ai/api/v1', true],
    ['OPENAI_API_KEY', 'https://api.openai.net/v1', false],
    ['OPENAI_API_KEY', 'http://localhost:8000/v1', false],
    ['OPENROUTER_API_KEY', 'https://openrouter.ai/api/v1', true],
    ['OPENROUTER_API_KEY', 'https://api.openai.com/v1', false],
    ['OLLAMA_API_KEY', 'https://ollama.com/v1', true],
    ['OLLAMA_API_KEY', 'http://localhost:11434/v1', false],
    ['ANTHROPIC_API_KEY', 'https://api.anthropic.com', true],
    ['ANTHROPIC_API_KEY', 'https://api.anthropic.com.evil.net', false],
    ['ANTHROPIC_API_KEY', 'https://console.anthropic.com', false],
    ['GEMINI_API_KEY', 'https://generativelanguage.googleapis.com/v1beta', true],
    ['GEMINI_API_KEY', 'https://storage.googleapis.com', false],
    ['KIMI_API_KEY', 'https://api.kimi.com/coding/v1', true],
    ['KIMI_API_KEY', 'https://api.moonshot.ai/v1', true],
    ['GLM_API_KEY', 'https://open.bigmodel.cn/api/paas/v4', true],
    ['DASHSCOPE_API_KEY', 'https://dashscope.aliyuncs.com/compatible-mode/v1', true],
    ['DASHSCOPE_API_KEY', 'https://evil-bucket.oss.aliyuncs.com', false],
    ['LM_API_KEY', 'http://localhost:1234/v1', true],
    ['LM_API_KEY', 'http://10.0.0.5:1234/v1', false],
    ['AZURE_FOUNDRY_API_KEY', 'https://res.services.ai.azure.com/models', true],
    ['DEEPSEEK_API_KEY', 'https://api.deepseek.com/v1', true],
    ['DEEPSEEK_API_KEY', 'https://api.deepseek.evil/v1', false],
    ['GROQ_API_KEY', 'https://api.groq.com/openai/v1', true],
    ['GROQ_API_KEY', 'https://api.example.com/v1', false],
    ['EXAMPLE_API_KEY', 'http://127.0.0.1/v1', false],
    ['not-a-var', 'https://api.groq.com', false],
    ['GROQ_API_KEY', '', false],
  ])('%s → %s: %s', (envVar, url, allowed) => {
    expect(isKeyAllowedForHost(envVar, url)).toBe(allowed);
  });
});

describe('derivedVendorKeyEnvVar', () => {
  it('derives from the registrable label, never for local hosts', () => {
    expect(derivedVendorKeyEnvVar('https://api.mistral.ai/v1')).toBe('MISTRAL_API_KEY');
    expect(derivedVendorKeyEnvVar('https://x.my-vendor.io')).toBe('MY_VENDOR_API_KEY');
    expect(derivedVendorKeyEnvVar('https://api.123ai.com')).toBeNull();
    expect(derivedVendorKeyEnvVar('http://localhost:1234')).toBeNull();
    expect(derivedVendorKeyEnvVar('http://10.1.2.3')).toBeNull();
  });
});

describe('probeBaseUrl / probeModelsUrl (doctor, reference §8.4)', () => {
  it('uses the default base URL', () => {
    expect(probeBaseUrl('deepseek', {})).toBe('https://api.deepseek.com/v1');
    expect(probeModelsUrl('deepseek', {})).toBe('https://api.deepseek.com/v1/models');
    expect(probeModelsUrl('openrouter', {})).toBe('https://openrouter.ai/api/v1/models');
    expect(probeModelsUrl('gemini', {})).toBe('https://generativelanguage.googleapis.com/v1beta/models');
  });

  it('prefers the <X>_BASE_URL override and ignores blank overrides', () => {
    expect(probeBaseUrl('zai', { GLM_BASE_URL: 'https://open.bigmodel.cn/api/paas/v4/' })).toBe('https://open.bigmodel.cn/api/paas/v4');
    expect(probeBaseUrl('zai', { GLM_BASE_URL: '   ' })).toBe('https://api.z.ai/api/paas/v4');
  });

  it('rewrites /anthropic bases to the OpenAI-compatible /v1', () => {
    expect(probeBaseUrl('minimax', {})).toBe('https://api.minimax.io/v1');
    expect(probeBaseUrl('minimax-cn', {})).toBe('https://api.minimaxi.com/v1');
    expect(probeBaseUrl('minimax', { MINIMAX_BASE_URL: 'https://proxy.example.com/anthropic/v1' })).toBe('https://proxy.example.com/v1');
  });

  it('sends Kimi Coding Plan keys to api.kimi.com/coding/v1 unless the base URL is overridden', () => {
    expect(probeBaseUrl('kimi-coding', {}, { kimiCodingPlanKey: true })).toBe('https://api.kimi.com/coding/v1');
    expect(probeBaseUrl('kimi', {}, { kimiCodingPlanKey: false })).toBe('https://api.moonshot.ai/v1');
    expect(probeBaseUrl('kimi-coding', { KIMI_BASE_URL: 'https://k.example.com/v1' }, { kimiCodingPlanKey: true })).toBe('https://k.example.com/v1');
  });

  it('probes Anthropic at /v1/models', () => {
    expect(probeModelsUrl('anthropic', {})).toBe('https://api.anthropic.com/v1/models');
    expect(probeModelsUrl('anthropic', { ANTHROPIC_BASE_URL: 'https://gw.example.com/v1' })).toBe('https://gw.example.com/v1/models');
  });

  it('returns null where there is nothing to probe', () => {
    expect(probeBaseUrl('vertex', {})).toBeNull();
    expect(probeBaseUrl('copilot-acp', {})).toBeNull();
    expect(probeBaseUrl('moa', {})).toBeNull();
    expect(probeBaseUrl('azure-foundry', {})).toBeNull();
    expect(probeBaseUrl('no-such-provider', {})).toBeNull();
    expect(probeModelsUrl('custom', {})).toBeNull();
  });
});

describe('auth header styles', () => {
  it('uses x-api-key + anthropic-version for Anthropic keys and Bearer for its OAuth tokens', () => {
    expect(buildAuthHeaders(authHeaderStyleFor('anthropic', 'ANTHROPIC_API_KEY'), 'k1')).toEqual({
      'x-api-key': 'k1',
      'anthropic-version': '2023-06-01',
    });
    expect(buildAuthHeaders(authHeaderStyleFor('claude', 'CLAUDE_CODE_OAUTH_TOKEN'), 'k2')).toEqual({ Authorization: 'Bearer k2' });
  });

  it('uses x-goog-api-key for Gemini and Bearer elsewhere', () => {
    expect(buildAuthHeaders(authHeaderStyleFor('google'), 'k3')).toEqual({ 'x-goog-api-key': 'k3' });
    expect(authHeaderStyleFor('openrouter')).toEqual({ kind: 'bearer' });
    expect(authHeaderStyleFor('work-litellm')).toEqual({ kind: 'bearer' });
  });
});
