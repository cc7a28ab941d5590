import { describe, expect, it } from 'vitest';
import { aliasesOf, canonicalProviderId, customProviderSlug, isAlias, PROVIDER_ALIASES, suggestCanonical } from './aliases';
import { BUILTIN_PROVIDER_IDS } from './registry';

/** Reference §3.2, row by row. */
const ALIAS_TABLE: ReadonlyArray<readonly [aliases: readonly string[], id: string]> = [
  [['glm', 'z-ai', 'z.ai', 'zhipu'], 'zai'],
  [['github', 'github-copilot', 'github-models', 'github-model'], 'copilot'],
  [['github-copilot-acp', 'copilot-acp-agent'], 'copilot-acp'],
  [['google', 'google-gemini', 'google-ai-studio'], 'gemini'],
  [['google-vertex', 'vertex-ai', 'gcp-vertex', 'vertexai'], 'vertex'],
  [['kimi', 'moonshot', 'kimi-for-coding'], 'kimi-coding'],
  [['kimi-cn', 'moonshot-cn'], 'kimi-coding-cn'],
  [['step', 'stepfun-coding-plan'], 'stepfun'],
  [['arcee-ai', 'arceeai'], 'arcee'],
  [['gmi-cloud', 'gmicloud'], 'gmi'],
  [['fireworks-ai', 'fw'], 'fireworks'],
  [['minimax-china', 'minimax_cn'], 'minimax-cn'],
  [['minimax-portal', 'minimax-global', 'minimax_oauth', 'minimax-oauth-io'], 'minimax-oauth'],
  [['mini-max'], 'minimax'],
  [['claude', 'claude-code', 'claude-oauth'], 'anthropic'],
  [['deep-seek', 'deepseek-chat'], 'deepseek'],
  [['opencode', 'zen', 'opencode_zen'], 'opencode-zen'],
  [['go', 'opencode-go-sub', 'opencode_go'], 'opencode-go'],
  [['kilo', 'kilo-code', 'kilo-gateway'], 'kilocode'],
  [['dashscope', 'aliyun', 'alibaba-cloud', 'qwen-dashscope'], 'alibaba'],
  [['alibaba_coding', 'alibaba-coding', 'alibaba_coding_plan', 'dashscope-coding'], 'alibaba-coding-plan'],
  [['qwen-portal', 'qwen-cli'], 'qwen-oauth'],
  [['hf', 'hugging-face', 'huggingface-hub'], 'huggingface'],
  [['novita-ai', 'novitaai'], 'novita'],
  [['mimo', 'xiaomi-mimo'], 'xiaomi'],
  [['tencent', 'tokenhub', 'tencent-cloud', 'tencentmaas'], 'tencent-tokenhub'],
  [['aws', 'aws-bedrock', 'amazon-bedrock', 'amazon'], 'bedrock'],
  [['grok', 'x-ai', 'x.ai'], 'xai'],
  [['grok-oauth', 'x-ai-oauth', 'xai-grok-oauth'], 'xai-oauth'],
  [['nim', 'nvidia-nim', 'build-nvidia', 'nemotron'], 'nvidia'],
  [['lm-studio', 'lm_studio'], 'lmstudio'],
  [['ollama', 'vllm', 'llamacpp', 'llama.cpp', 'llama-cpp', 'local'], 'custom'],
  [['ollama_cloud'], 'ollama-cloud'],
  [['codex', 'openai_codex'], 'openai-codex'],
  [['azure', 'azure-ai-foundry', 'azure-ai'], 'azure-foundry'],
  [['or'], 'openrouter'],
  [['solar'], 'upstage'],
  [['deep-infra', 'deepinfra-ai'], 'deepinfra'],
];

const CASES = ALIAS_TABLE.flatMap(([aliases, id]) => aliases.map((alias) => [alias, id] as const));

describe('canonicalProviderId', () => {
  it.each(CASES)('resolves alias %s → %s in both contexts', (alias, id) => {
    expect(canonicalProviderId(alias, { context: 'main' })).toBe(id);
    expect(canonicalProviderId(alias, { context: 'auxiliary' })).toBe(id);
  });

  it('covers exactly the reference table (no stray aliases)', () => {
    expect(Object.keys(PROVIDER_ALIASES).sort()).toEqual(CASES.map(([alias]) => alias).sort());
  });

  it.each(BUILTIN_PROVIDER_IDS.map((id) => [id]))('keeps canonical id %s', (id) => {
    expect(canonicalProviderId(id, { context: 'main' })).toBe(id);
  });

  it('lowercases and trims', () => {
    expect(canonicalProviderId('  OpenRouter ', { context: 'main' })).toBe('openrouter');
    expect(canonicalProviderId('Z.AI', { context: 'main' })).toBe('zai');
    expect(canonicalProviderId('\tCLAUDE\n', { context: 'auxiliary' })).toBe('anthropic');
  });

  it.each([['auto'], ['main'], ['custom']])('passes %s through', (value) => {
    expect(canonicalProviderId(value, { context: 'main' })).toBe(value);
    expect(canonicalProviderId(value.toUpperCase(), { context: 'auxiliary' })).toBe(value);
  });

  it('passes custom:<name> through as Hermes builds the slug', () => {
    expect(canonicalProviderId('custom:local-ollama', { context: 'main' })).toBe('custom:local-ollama');
    expect(canonicalProviderId('custom:Work  LiteLLM', { context: 'main' })).toBe('custom:work-litellm');
    expect(canonicalProviderId('custom:', { context: 'main' })).toBeNull();
    expect(customProviderSlug('RunPod (abc123-8000.proxy.runpod.net)')).toBe('custom:runpod-(abc123-8000.proxy.runpod.net)');
  });

  it('resolves the ambiguous `openai` per context', () => {
    expect(canonicalProviderId('openai', { context: 'main' })).toBe('openrouter');
    expect(canonicalProviderId('openai', { context: 'auxiliary' })).toBe('openai');
    expect(canonicalProviderId('openai-api', { context: 'auxiliary' })).toBe('openai-api');
  });

  it('resolves the ambiguous `qwen` to the runtime meaning (qwen-oauth)', () => {
    expect(canonicalProviderId('qwen', { context: 'main' })).toBe('qwen-oauth');
    expect(canonicalProviderId('qwen', { context: 'auxiliary' })).toBe('qwen-oauth');
  });

  it('returns null for unknown, empty and non-string input', () => {
    expect(canonicalProviderId('work-litellm', { context: 'main' })).toBeNull();
    expect(canonicalProviderId('', { context: 'main' })).toBeNull();
    expect(canonicalProviderId('   ', { context: 'main' })).toBeNull();
    expect(canonicalProviderId(undefined, { context: 'main' })).toBeNull();
  });

  it('recognises plugin ids and aliases', () => {
    const extra = [{ id: 'cerebras', aliases: ['cerebras-ai'] }];
    expect(canonicalProviderId('Cerebras-AI', { context: 'main', extra })).toBe('cerebras');
    expect(canonicalProviderId('cerebras', { context: 'main', extra })).toBe('cerebras');
    expect(canonicalProviderId('cerebras', { context: 'main' })).toBeNull();
  });
});

describe('aliasesOf / isAlias', () => {
  it('lists the spellings of a canonical id', () => {
    expect(aliasesOf('kilocode').sort()).toEqual(['kilo', 'kilo-code', 'kilo-gateway']);
    expect(aliasesOf('nous')).toEqual([]);
  });

  it('tells aliases from canonical ids', () => {
    expect(isAlias('claude')).toBe(true);
    expect(isAlias('qwen')).toBe(true);
    expect(isAlias('openai')).toBe(true);
    expect(isAlias('anthropic')).toBe(false);
  });
});

describe('suggestCanonical', () => {
  it.each([
    ['openruoter', 'openrouter'],
    ['antropic', 'anthropic'],
    ['deepsek', 'deepseek'],
    ['gemni', 'gemini'],
    ['hugingface', 'huggingface'],
    ['kimi-codin', 'kimi-coding'],
    ['lmstudo', 'lmstudio'],
    ['clade', 'anthropic'],
    ['opencod', 'opencode-zen'],
  ])('suggests %s → %s', (input, expected) => {
    expect(suggestCanonical(input)).toBe(expected);
  });

  it('returns null when nothing is close', () => {
    expect(suggestCanonical('zzzzzzzzzz')).toBeNull();
    expect(suggestCanonical('')).toBeNull();
  });

  it('considers plugin providers', () => {
    expect(suggestCanonical('cerebra', [{ id: 'cerebras' }])).toBe('cerebras');
  });
});
