import { describe, expect, it } from 'vitest';
import { API_MODES } from '../../shared/domain/providers';
import { apiModeForModel, detectApiModeFromUrl, hostMandatedApiMode, isValidApiMode, resolveApiMode, validApiModes } from './api-mode';

describe('detectApiModeFromUrl (reference §3.7)', () => {
  it.each([
    // host api.openai.com → codex_responses (mandatory)
    ['https://api.openai.com/v1', 'codex_responses'],
    ['https://API.OpenAI.com./v1/', 'codex_responses'],
    // host api.x.ai → codex_responses
    ['https://api.x.ai/v1', 'codex_responses'],
    // host api.anthropic.com → anthropic_messages (mandatory)
    ['https://api.anthropic.com', 'anthropic_messages'],
    ['https://api.anthropic.com/v1', 'anthropic_messages'],
    // path ends with /anthropic or /anthropic/v1
    ['https://api.minimax.io/anthropic', 'anthropic_messages'],
    ['https://api.minimaxi.com/anthropic/', 'anthropic_messages'],
    ['https://proxy.example.com/anthropic/v1', 'anthropic_messages'],
    // api.kimi.com + /coding
    ['https://api.kimi.com/coding', 'anthropic_messages'],
    ['https://api.kimi.com/coding/v1', 'anthropic_messages'],
    // bedrock-runtime.<region>.amazonaws.com
    ['https://bedrock-runtime.us-east-1.amazonaws.com', 'bedrock_converse'],
    ['https://bedrock-runtime.eu-central-1.amazonaws.com/model', 'bedrock_converse'],
    // otherwise → null (provider transport decides)
    ['https://openrouter.ai/api/v1', null],
    ['http://localhost:11434/v1', null],
    ['https://api.kimi.com/v1', null],
    ['https://api.moonshot.ai/v1', null],
  ])('%s → %s', (url, mode) => {
    expect(detectApiModeFromUrl(url)).toBe(mode);
  });

  it.each([
    ['https://api.openai.com.evil.net/v1'],
    ['https://evil-api.openai.com/v1'],
    ['https://notapi.x.ai/v1'],
    ['https://api.anthropic.com@evil.net/v1'],
    ['https://evil.net/?u=https://api.openai.com'],
    ['https://bedrock-runtime.us-east-1.amazonaws.com.evil.net'],
    ['https://evil.net/anthropic-proxy'],
  ])('matches exact hostnames only: %s', (url) => {
    expect(detectApiModeFromUrl(url)).toBeNull();
  });

  it('returns null for empty or invalid URLs', () => {
    expect(detectApiModeFromUrl('')).toBeNull();
    expect(detectApiModeFromUrl('not a url')).toBeNull();
    expect(detectApiModeFromUrl(undefined)).toBeNull();
  });

  it('knows which modes are mandatory', () => {
    expect(hostMandatedApiMode('https://api.openai.com/v1')).toBe('codex_responses');
    expect(hostMandatedApiMode('https://api.anthropic.com')).toBe('anthropic_messages');
    expect(hostMandatedApiMode('https://api.x.ai/v1')).toBeNull();
  });
});

describe('apiModeForModel', () => {
  it.each([
    ['copilot', 'gpt-5', 'codex_responses'],
    ['copilot', 'gpt-5.4', 'codex_responses'],
    ['copilot', 'openai/gpt-5.5', 'codex_responses'],
    ['copilot', 'gpt-6-preview', 'codex_responses'],
    ['copilot', 'gpt-5-mini', 'chat_completions'],
    ['copilot', 'gpt-4.1', 'chat_completions'],
    ['copilot', 'claude-sonnet-4.6', 'chat_completions'],
    ['github-copilot', 'gpt-5.3-codex', 'codex_responses'],
    ['opencode-zen', 'claude-opus-4-8', 'anthropic_messages'],
    ['opencode-zen', 'gpt-5.5', 'codex_responses'],
    ['opencode-zen', 'qwen3-coder', 'anthropic_messages'],
    ['opencode-zen', 'kimi-k3', 'chat_completions'],
    ['opencode-go', 'minimax-m2.7', 'anthropic_messages'],
    ['opencode-go', 'qwen3.6-plus', 'anthropic_messages'],
    ['opencode-go', 'glm-5.1', 'chat_completions'],
    ['opencode-go', 'claude-sonnet-4.6', 'chat_completions'],
    ['azure-foundry', 'gpt-5.5', 'codex_responses'],
    ['azure-foundry', 'my-codex-deployment', 'codex_responses'],
    ['azure-foundry', 'o3', 'codex_responses'],
    ['azure-foundry', 'o4-mini', 'codex_responses'],
    ['azure-foundry', 'o1', 'codex_responses'],
    ['azure-foundry', 'gpt-4o', 'chat_completions'],
    ['azure-foundry', 'orca-2', 'chat_completions'],
  ])('%s / %s → %s', (provider, model, mode) => {
    expect(apiModeForModel(provider, model)).toBe(mode);
  });

  it('has no rule for other providers or empty models', () => {
    expect(apiModeForModel('openrouter', 'openai/gpt-5.5')).toBeNull();
    expect(apiModeForModel('copilot', '')).toBeNull();
    expect(apiModeForModel('copilot', null)).toBeNull();
  });
});

describe('resolveApiMode', () => {
  it('lets a mandatory host win over a configured mode', () => {
    const r = resolveApiMode({ providerId: 'custom', baseUrl: 'https://api.openai.com/v1', configuredApiMode: 'chat_completions' });
    expect(r).toEqual({ apiMode: 'codex_responses', reason: 'host-mandated', ignoredConfigured: 'the endpoint host mandates another mode' });
  });

  it('honours a valid configured mode for the same provider', () => {
    expect(resolveApiMode({ providerId: 'kimi-coding', configuredApiMode: 'anthropic_messages' })).toEqual({
      apiMode: 'anthropic_messages',
      reason: 'configured',
    });
  });

  it('ignores a configured mode written for another provider', () => {
    const r = resolveApiMode({ providerId: 'zai', configuredApiMode: 'anthropic_messages', configuredForProvider: 'minimax' });
    expect(r.apiMode).toBe('chat_completions');
    expect(r.reason).toBe('provider-default');
    expect(r.ignoredConfigured).toMatch(/different provider/);
  });

  it('treats aliases of the configured provider as the same provider', () => {
    const r = resolveApiMode({ providerId: 'kimi-coding', configuredApiMode: 'anthropic_messages', configuredForProvider: 'kimi' });
    expect(r.reason).toBe('configured');
  });

  it('ignores invalid configured values', () => {
    const r = resolveApiMode({ providerId: 'deepseek', configuredApiMode: 'responses' });
    expect(r.apiMode).toBe('chat_completions');
    expect(r.ignoredConfigured).toMatch(/not a valid/);
  });

  it('ignores a persisted codex_responses on plain custom unless the URL is OpenAI/xAI', () => {
    const local = resolveApiMode({ providerId: 'custom', baseUrl: 'http://localhost:11434/v1', configuredApiMode: 'codex_responses' });
    expect(local.apiMode).toBe('chat_completions');
    expect(local.reason).toBe('fallback');
    const xai = resolveApiMode({ providerId: 'custom', baseUrl: 'https://api.x.ai/v1', configuredApiMode: 'codex_responses' });
    expect(xai).toEqual({ apiMode: 'codex_responses', reason: 'configured' });
  });

  it('uses per-model rules before URL and provider rules', () => {
    expect(resolveApiMode({ providerId: 'copilot', modelId: 'gpt-5.4' })).toEqual({ apiMode: 'codex_responses', reason: 'per-model' });
    expect(resolveApiMode({ providerId: 'azure-foundry', baseUrl: 'https://x.services.ai.azure.com', configuredApiMode: 'chat_completions', modelId: 'gpt-5.5' }))
      .toEqual({ apiMode: 'chat_completions', reason: 'configured' });
  });

  it('detects from the URL for custom endpoints and provider overrides', () => {
    expect(resolveApiMode({ providerId: 'custom', baseUrl: 'https://proxy.example.com/anthropic' })).toEqual({ apiMode: 'anthropic_messages', reason: 'url' });
    expect(resolveApiMode({ providerId: 'kimi-coding', baseUrl: 'https://api.kimi.com/coding' })).toEqual({ apiMode: 'anthropic_messages', reason: 'url' });
    expect(resolveApiMode({ providerId: 'openai-api', baseUrl: 'https://my-proxy.example.com/v1' })).toEqual({ apiMode: 'chat_completions', reason: 'fallback' });
  });

  it('falls back to the default URL and then the provider transport', () => {
    expect(resolveApiMode({ providerId: 'openai-api' })).toEqual({ apiMode: 'codex_responses', reason: 'host-mandated' });
    expect(resolveApiMode({ providerId: 'anthropic' })).toEqual({ apiMode: 'anthropic_messages', reason: 'host-mandated' });
    expect(resolveApiMode({ providerId: 'minimax' })).toEqual({ apiMode: 'anthropic_messages', reason: 'url' });
    expect(resolveApiMode({ providerId: 'xai' })).toEqual({ apiMode: 'codex_responses', reason: 'url' });
    expect(resolveApiMode({ providerId: 'bedrock' })).toEqual({ apiMode: 'bedrock_converse', reason: 'provider-default' });
    expect(resolveApiMode({ providerId: 'openrouter' })).toEqual({ apiMode: 'chat_completions', reason: 'provider-default' });
    expect(resolveApiMode({ providerId: 'custom:work' })).toEqual({ apiMode: 'chat_completions', reason: 'fallback' });
  });
});

describe('validApiModes', () => {
  it('lists the five Hermes modes', () => {
    expect([...validApiModes]).toEqual([...API_MODES]);
    expect(validApiModes).toHaveLength(5);
    expect(isValidApiMode('bedrock_converse')).toBe(true);
    expect(isValidApiMode('codex_app_server')).toBe(true);
    expect(isValidApiMode('per-model')).toBe(false);
    expect(isValidApiMode(undefined)).toBe(false);
  });
});
