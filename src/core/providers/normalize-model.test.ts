import { describe, expect, it } from 'vitest';
import { detectVendor, normalizeModelForProvider } from './normalize-model';

type Case = readonly [provider: string, input: string, expected: string];

const AGGREGATOR: Case[] = [
  ['openrouter', 'claude-sonnet-4.6', 'anthropic/claude-sonnet-4.6'],
  ['openrouter', 'gpt-5.4-mini', 'openai/gpt-5.4-mini'],
  ['openrouter', 'o1-preview', 'openai/o1-preview'],
  ['openrouter', 'o3', 'openai/o3'],
  ['openrouter', 'o4-mini', 'openai/o4-mini'],
  ['openrouter', 'gemini-3.5-flash', 'google/gemini-3.5-flash'],
  ['openrouter', 'gemma-3-27b-it', 'google/gemma-3-27b-it'],
  ['openrouter', 'glm-5.2', 'z-ai/glm-5.2'],
  ['openrouter', 'kimi-k3', 'moonshotai/kimi-k3'],
  ['openrouter', 'grok-4.5', 'x-ai/grok-4.5'],
  ['openrouter', 'qwen3.7-max', 'qwen/qwen3.7-max'],
  ['openrouter', 'mimo-v2.5-pro', 'xiaomi/mimo-v2.5-pro'],
  ['openrouter', 'nemotron-3-super', 'nvidia/nemotron-3-super'],
  ['openrouter', 'llama-4-scout', 'meta-llama/llama-4-scout'],
  ['openrouter', 'step-3.5-flash', 'stepfun/step-3.5-flash'],
  ['openrouter', 'trinity-large', 'arcee-ai/trinity-large'],
  ['openrouter', 'deepseek-v4-pro', 'deepseek/deepseek-v4-pro'],
  ['openrouter', 'minimax-m3', 'minimax/minimax-m3'],
  ['openrouter', 'Claude-Opus-4.8', 'anthropic/Claude-Opus-4.8'],
  ['openrouter', 'anthropic/claude-opus-4.8', 'anthropic/claude-opus-4.8'],
  ['openrouter', 'my-custom-thing', 'my-custom-thing'],
  ['nous', 'claude-sonnet-5', 'anthropic/claude-sonnet-5'],
  ['kilocode', 'gpt-5.5', 'openai/gpt-5.5'],
  ['kilo', 'glm-5.1', 'z-ai/glm-5.1'],
];

const ANTHROPIC: Case[] = [
  ['anthropic', 'anthropic/claude-sonnet-4.6', 'claude-sonnet-4-6'],
  ['anthropic', 'claude-opus-4.8', 'claude-opus-4-8'],
  ['anthropic', 'claude-opus-4-8', 'claude-opus-4-8'],
  ['anthropic', 'claude/claude-haiku-4.5', 'claude-haiku-4-5'],
  ['claude', 'anthropic/claude-sonnet-5', 'claude-sonnet-5'],
];

const STRIP_KEEP_DOTS: Case[] = [
  ['copilot', 'anthropic/claude-sonnet-4.6', 'claude-sonnet-4.6'],
  ['copilot', 'openai/gpt-5.4', 'gpt-5.4'],
  ['copilot', 'gpt-5.4', 'gpt-5.4'],
  ['copilot-acp', 'anthropic/claude-sonnet-4.6', 'claude-sonnet-4.6'],
  ['openai-codex', 'openai/gpt-5.5', 'gpt-5.5'],
  ['codex', 'gpt-5.3-codex', 'gpt-5.3-codex'],
];

const OPENCODE: Case[] = [
  ['opencode-zen', 'anthropic/claude-sonnet-4.6', 'claude-sonnet-4-6'],
  ['opencode-zen', 'claude-opus-4.8', 'claude-opus-4-8'],
  ['opencode-zen', 'minimax/minimax-m2.7', 'minimax-m2.7'],
  ['opencode-zen', 'gpt-5.5', 'gpt-5.5'],
  ['opencode-go', 'minimax/minimax-m2.7', 'minimax-m2.7'],
  ['opencode-go', 'deepseek/deepseek-v4-flash', 'deepseek-v4-flash'],
  ['opencode-go', 'claude-sonnet-4.6', 'claude-sonnet-4.6'],
];

const DEEPSEEK: Case[] = [
  ['deepseek', 'deepseek-chat', 'deepseek-chat'],
  ['deepseek', 'deepseek-reasoner', 'deepseek-reasoner'],
  ['deepseek', 'deepseek/deepseek-v4-pro', 'deepseek-v4-pro'],
  ['deepseek', 'DeepSeek-V4-Flash', 'deepseek-v4-flash'],
  ['deepseek', 'deepseek-v5-preview', 'deepseek-v5-preview'],
  ['deepseek', 'deepseek-v4.1', 'deepseek-v4.1'],
  ['deepseek', 'deepseek-r1', 'deepseek-reasoner'],
  ['deepseek', 'deepseek-think-plus', 'deepseek-reasoner'],
  ['deepseek', 'deepseek-v3', 'deepseek-v3'],
  ['deepseek', 'deepseek-latest', 'deepseek-chat'],
  ['deepseek', 'deepseek-coder', 'deepseek-chat'],
  ['deepseek', 'meta-llama/llama-4', 'meta-llama/llama-4'],
];

const MATCHING_PREFIX: Case[] = [
  ['zai', 'zai/glm-5.1', 'glm-5.1'],
  ['zai', 'z-ai/glm-5.2', 'glm-5.2'],
  ['zai', 'glm-5.2', 'glm-5.2'],
  ['zai', 'claude-sonnet-4.6', 'claude-sonnet-4.6'],
  ['kimi-coding', 'kimi/kimi-k3', 'kimi-k3'],
  ['kimi-coding', 'moonshotai/kimi-k3', 'moonshotai/kimi-k3'],
  ['kimi-coding-cn', 'kimi-cn/kimi-k2.6', 'kimi-k2.6'],
  ['minimax', 'minimax/MiniMax-M3', 'MiniMax-M3'],
  ['minimax-cn', 'minimax/MiniMax-M3', 'minimax/MiniMax-M3'],
  ['minimax-cn', 'minimax-cn/MiniMax-M3', 'MiniMax-M3'],
  ['minimax-oauth', 'minimax-oauth/MiniMax-M3', 'MiniMax-M3'],
  ['alibaba', 'dashscope/qwen3.7-max', 'qwen3.7-max'],
  ['qwen-oauth', 'qwen-oauth/qwen3-coder-plus', 'qwen3-coder-plus'],
  ['xiaomi', 'xiaomi/MiMo-V2.5-Pro', 'mimo-v2.5-pro'],
  ['xiaomi', 'MiMo-V2.5-Pro', 'mimo-v2.5-pro'],
  ['arcee', 'arcee-ai/trinity-large', 'trinity-large'],
  ['ollama-cloud', 'ollama-cloud/gpt-oss:120b', 'gpt-oss:120b'],
  ['custom', 'custom/my-model', 'my-model'],
  ['custom', 'ollama/qwen3-coder:30b', 'qwen3-coder:30b'],
  ['custom', 'meta-llama/llama-4-scout', 'meta-llama/llama-4-scout'],
  ['custom:work', 'custom/my-model', 'my-model'],
  ['gemini', 'google/gemini-3.5-flash', 'gemini-3.5-flash'],
  ['gemini', 'gemini/gemini-3.5-flash', 'gemini-3.5-flash'],
  ['gemini', 'gemini-3.5-flash', 'gemini-3.5-flash'],
  ['xai', 'x-ai/grok-4.5', 'grok-4.5'],
  ['xai', 'xai/grok-4.5', 'grok-4.5'],
];

const UNCHANGED: Case[] = [
  ['huggingface', 'Qwen/Qwen3-Coder-480B', 'Qwen/Qwen3-Coder-480B'],
  ['huggingface', 'huggingface/some-model', 'huggingface/some-model'],
  ['fireworks', 'accounts/fireworks/models/kimi-k3', 'accounts/fireworks/models/kimi-k3'],
  ['unknown-provider', 'anthropic/claude-sonnet-4.6', 'anthropic/claude-sonnet-4.6'],
  ['openai-api', 'gpt-5.5', 'gpt-5.5'],
  ['openrouter', '   ', ''],
  ['anthropic', '  claude-opus-4.8  ', 'claude-opus-4-8'],
];

describe('normalizeModelForProvider', () => {
  it.each(AGGREGATOR)('aggregator %s: %s → %s', (provider, input, expected) => {
    expect(normalizeModelForProvider(input, provider)).toBe(expected);
  });
  it.each(ANTHROPIC)('anthropic native %s: %s → %s', (provider, input, expected) => {
    expect(normalizeModelForProvider(input, provider)).toBe(expected);
  });
  it.each(STRIP_KEEP_DOTS)('strip prefix, keep dots %s: %s → %s', (provider, input, expected) => {
    expect(normalizeModelForProvider(input, provider)).toBe(expected);
  });
  it.each(OPENCODE)('opencode %s: %s → %s', (provider, input, expected) => {
    expect(normalizeModelForProvider(input, provider)).toBe(expected);
  });
  it.each(DEEPSEEK)('deepseek %s: %s → %s', (provider, input, expected) => {
    expect(normalizeModelForProvider(input, provider)).toBe(expected);
  });
  it.each(MATCHING_PREFIX)('matching prefix %s: %s → %s', (provider, input, expected) => {
    expect(normalizeModelForProvider(input, provider)).toBe(expected);
  });
  it.each(UNCHANGED)('unchanged %s: %s → %s', (provider, input, expected) => {
    expect(normalizeModelForProvider(input, provider)).toBe(expected);
  });
});

describe('detectVendor', () => {
  it.each([
    ['claude-sonnet-4.6', 'anthropic'],
    ['qwen3.5-plus', 'qwen'],
    ['QWEN3-max', 'qwen'],
    ['anthropic/claude-x', 'anthropic'],
    ['my-model', null],
    ['', null],
    ['/weird', null],
  ])('%s → %s', (input, vendor) => {
    expect(detectVendor(input)).toBe(vendor);
  });
});
