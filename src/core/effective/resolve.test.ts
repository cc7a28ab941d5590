import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AuthStatus } from '../../shared/domain/providers';
import type { KeyValuesInput } from '../keys/inventory';
import { computeAuthStatuses } from '../providers/auth-status';
import { fallbackChain, resolveEffectiveConfig, type ResolvedSlot } from './resolve';

interface Setup {
  config: string;
  dotenv?: Record<string, string>;
  env?: Record<string, string>;
  keychain?: Record<string, string>;
}

function resolve(setup: Setup) {
  const configJs = parse(setup.config) as unknown;
  const values: KeyValuesInput = {
    dotenv: new Map(Object.entries(setup.dotenv ?? {}).map(([k, v], i) => [k, { value: v, line: i + 1 }])),
    processEnv: setup.env ?? {},
    keychain: new Map(Object.entries(setup.keychain ?? {})),
    keychainMeta: new Map(Object.keys(setup.keychain ?? {}).map((k) => [k, { updatedAt: '2026-01-01T00:00:00Z', delivery: 'keychain-only' as const }])),
    keychainReadable: true,
  };
  const authStatuses: Record<string, AuthStatus> = computeAuthStatuses({
    processEnv: values.processEnv,
    dotenv: new Map(Object.entries(setup.dotenv ?? {})),
    authJson: null,
    configJs,
    keychainHas: (n) => values.keychain.has(n),
  });
  return resolveEffectiveConfig({ configJs, values, authStatuses });
}

function slot(out: ReturnType<typeof resolve>, id: string): ResolvedSlot {
  const s = out.slots.find((x) => x.id === id);
  if (!s) throw new Error(`no slot ${id}: ${out.slots.map((x) => x.id).join(', ')}`);
  return s;
}

const codes = (s: ResolvedSlot) => s.warnings.map((w) => w.code);

describe('effective config: what Hermes would actually use', () => {
  it.each<[string, Setup, Partial<Record<keyof ResolvedSlot, unknown>>]>([
    [
      'explicit provider with its default URL and a .env key',
      { config: 'model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\n', dotenv: { OPENROUTER_API_KEY: 'sk-or-v1-aaaaaaaaaaaa1111' } },
      { provider: 'openrouter', providerSource: 'config', baseUrl: 'https://openrouter.ai/api/v1', baseUrlSource: 'default', model: 'anthropic/claude-sonnet-5', apiMode: 'chat_completions', contextSource: 'catalog' },
    ],
    [
      'a <X>_BASE_URL override from the environment',
      { config: 'model:\n  provider: deepseek\n  default: deepseek-chat\n', env: { DEEPSEEK_BASE_URL: 'http://127.0.0.1:9999/v1', DEEPSEEK_API_KEY: 'sk-ds-aaaaaaaa2222' } },
      { baseUrl: 'http://127.0.0.1:9999/v1', baseUrlSource: 'env', baseUrlEnv: 'DEEPSEEK_BASE_URL' },
    ],
    [
      'auto with OPENAI_API_KEY picks OpenRouter (§3.6)',
      { config: 'model:\n  default: z-ai/glm-5.2\n', env: { OPENAI_API_KEY: 'sk-proj-aaaaaaaa3333' } },
      { provider: 'openrouter', providerSource: 'auto' },
    ],
    [
      'auto with only a DeepSeek key picks DeepSeek',
      { config: 'model:\n  provider: auto\n  default: deepseek-chat\n', dotenv: { DEEPSEEK_API_KEY: 'sk-ds-aaaaaaaa4444' } },
      { provider: 'deepseek', providerSource: 'auto', baseUrl: 'https://api.deepseek.com/v1' },
    ],
    [
      'auto with a non-aggregator base_url is a custom endpoint',
      { config: 'model:\n  default: qwen3:32b\n  base_url: http://localhost:11434/v1\n', dotenv: { OPENROUTER_API_KEY: 'sk-or-v1-aaaaaaaa5555' } },
      { provider: 'custom', baseUrl: 'http://localhost:11434/v1', baseUrlSource: 'config', apiMode: 'chat_completions' },
    ],
    [
      'Anthropic: host-mandated anthropic_messages, x-api-key provider',
      { config: 'model:\n  provider: claude\n  default: claude-sonnet-5\n', dotenv: { ANTHROPIC_API_KEY: 'sk-ant-aaaaaaaaaa6666' } },
      { provider: 'anthropic', apiMode: 'anthropic_messages', apiModeReason: 'host-mandated', baseUrl: 'https://api.anthropic.com' },
    ],
    [
      'model.context_length wins over everything',
      { config: 'model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\n  context_length: 150000\n' },
      { contextWindow: 150000, contextSource: 'config' },
    ],
    [
      'a custom_providers entry selected with custom:<name>, key from the keychain',
      {
        config: 'model:\n  provider: custom:Work Box\n  default: qwen3-coder\ncustom_providers:\n  - name: Work Box\n    base_url: https://box.example.com/anthropic\n    key_env: WORK_BOX_KEY\n    models:\n      qwen3-coder:\n        context_length: 262144\n',
        keychain: { WORK_BOX_KEY: 'wb-aaaaaaaaaaaa7777' },
      },
      { provider: 'custom:work-box', providerLabel: 'Work Box', baseUrlSource: 'endpoint', apiMode: 'anthropic_messages', contextWindow: 262144, contextSource: 'endpoint', key: { kind: 'keychain', location: 'OS keychain', usable: true, last4: '7777', viaExec: true } },
    ],
  ])('%s', (_label, setup, expected) => {
    expect(slot(resolve(setup), 'main')).toMatchObject(expected);
  });

  it('the key comes from the first usable variable in Hermes\'s order, .env over the environment', () => {
    const out = resolve({ config: 'model:\n  provider: anthropic\n  default: claude-sonnet-5\n', env: { ANTHROPIC_API_KEY: 'sk-ant-env-aaaaaaaa1111' }, dotenv: { ANTHROPIC_API_KEY: 'sk-ant-dotenv-aaaaa2222' } });
    expect(slot(out, 'main').key).toMatchObject({ kind: 'dotenv', last4: '2222' });
    expect(slot(out, 'main').keyRef).toEqual({ kind: 'env', name: 'ANTHROPIC_API_KEY' });
    expect(out.config.warnings.map((w) => w.code)).toEqual(['key_conflict']);
    expect(out.config.warnings[0]!.message).toMatch(/ANTHROPIC_API_KEY: Different values in \.env \(…2222\), the process environment \(…1111\)/);
  });

  it('aux tasks: auto inherits main; pinned tasks resolve on their own; default aux models', () => {
    const out = resolve({
      config: `model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\nauxiliary:\n  vision:\n    provider: auto\n    model: ''\n  compression:\n    provider: anthropic\n  title_generation:\n    provider: main\n    model: google/gemini-3.5-flash\n  approval:\n    provider: openai\n    model: gpt-5.4-mini\n`,
      dotenv: { OPENROUTER_API_KEY: 'sk-or-v1-aaaaaaaa1111', ANTHROPIC_API_KEY: 'sk-ant-aaaaaaaaaa2222', OPENAI_API_KEY: 'sk-proj-aaaaaaaaa3333' },
    });
    expect(slot(out, 'aux:vision')).toMatchObject({ inherited: true, provider: 'openrouter', model: 'anthropic/claude-sonnet-5', providerSource: 'main', modelSource: 'main' });
    expect(slot(out, 'aux:compression')).toMatchObject({ inherited: false, provider: 'anthropic', model: 'claude-haiku-4-5-20251001', modelSource: 'provider-default', key: { last4: '2222' } });
    expect(slot(out, 'aux:title_generation')).toMatchObject({ inherited: false, provider: 'openrouter', model: 'google/gemini-3.5-flash', modelSource: 'config' });
    // `openai` in auxiliary means a custom endpoint at api.openai.com with OPENAI_API_KEY.
    expect(slot(out, 'aux:approval')).toMatchObject({ provider: 'openai', baseUrl: 'https://api.openai.com/v1', apiMode: 'codex_responses', key: { last4: '3333' } });
    // A task with its own base_url and no provider is a direct endpoint.
    const direct = resolve({ config: 'model:\n  provider: openrouter\n  default: x/y\nauxiliary:\n  vision:\n    base_url: http://localhost:8000/v1\n    model: llava\n' });
    expect(slot(direct, 'aux:vision')).toMatchObject({ inherited: false, provider: 'custom', baseUrl: 'http://localhost:8000/v1', model: 'llava' });
    // Every task of the universe is listed (18 defaults).
    expect(out.slots.filter((s) => s.kind === 'aux').length).toBeGreaterThanOrEqual(18);
  });

  it('the fallback chain: fallback_providers, then non-duplicate fallback_model entries', () => {
    const configJs = parse('fallback_providers:\n  - provider: anthropic\n    model: claude-sonnet-5\n  - provider: deepseek\nfallback_model:\n  provider: Anthropic\n  model: claude-sonnet-5\n');
    expect(fallbackChain(configJs).map((e) => e.path)).toEqual(['fallback_providers[0]']);
    const out = resolve({ config: 'model:\n  provider: openrouter\n  default: x/y\nfallback_providers:\n  - provider: anthropic\n    model: claude-sonnet-5\nfallback_model:\n  provider: deepseek\n  model: deepseek-chat\n' });
    expect(out.slots.filter((s) => s.kind === 'fallback').map((s) => [s.id, s.provider, s.model])).toEqual([
      ['fallback:0', 'anthropic', 'claude-sonnet-5'],
      ['fallback:1', 'deepseek', 'deepseek-chat'],
    ]);
  });
});

describe('drift warnings', () => {
  it('stale base_url left from another provider is ignored and flagged', () => {
    const out = resolve({ config: 'model:\n  provider: anthropic\n  default: claude-sonnet-5\n  base_url: https://openrouter.ai/api/v1\n', dotenv: { ANTHROPIC_API_KEY: 'sk-ant-aaaaaaaaaa1111' } });
    const main = slot(out, 'main');
    expect(main.baseUrl).toBe('https://api.anthropic.com');
    expect(main.warnings.find((w) => w.code === 'stale_base_url')).toMatchObject({ path: 'model.base_url', fix: 'Remove model.base_url.' });
    // A base_url on an unknown host (a proxy) is honoured.
    const proxy = resolve({ config: 'model:\n  provider: anthropic\n  default: claude-sonnet-5\n  base_url: https://proxy.corp.example/anthropic\n' });
    expect(slot(proxy, 'main')).toMatchObject({ baseUrl: 'https://proxy.corp.example/anthropic', baseUrlSource: 'config' });
    expect(codes(slot(proxy, 'main'))).not.toContain('stale_base_url');
  });

  it('stale api_key on a built-in main provider, stale key_env naming another provider\'s variable', () => {
    const out = resolve({
      config: 'model:\n  provider: openrouter\n  default: x/y\n  api_key: sk-left-over-from-custom-0000\nfallback_providers:\n  - provider: anthropic\n    model: claude-sonnet-5\n    key_env: OPENROUTER_API_KEY\n',
      dotenv: { OPENROUTER_API_KEY: 'sk-or-v1-aaaaaaaa1111', ANTHROPIC_API_KEY: 'sk-ant-aaaaaaaaa2222' },
    });
    expect(codes(slot(out, 'main'))).toContain('stale_api_key');
    expect(slot(out, 'main').key).toMatchObject({ kind: 'dotenv', last4: '1111' });
    const fb = slot(out, 'fallback:0');
    expect(fb.warnings.find((w) => w.code === 'stale_key_env')?.message).toMatch(/OPENROUTER_API_KEY, the key of OpenRouter, not of Anthropic/);
  });

  it('a task pinned to a provider with no credentials, and main with none at all', () => {
    const out = resolve({ config: 'model:\n  provider: openrouter\n  default: x/y\nauxiliary:\n  vision:\n    provider: gemini\n    model: gemini-3.5-flash\n', dotenv: { OPENROUTER_API_KEY: 'sk-or-v1-aaaaaaaa1111' } });
    const w = slot(out, 'aux:vision').warnings.find((x) => x.code === 'no_credentials');
    expect(w).toMatchObject({ severity: 'warn', fix: 'Add GOOGLE_API_KEY on the Keys page.' });
    expect(w?.message).toMatch(/none of GOOGLE_API_KEY, GEMINI_API_KEY is set/);
    const none = resolve({ config: 'model:\n  default: x/y\n' });
    expect(slot(none, 'main')).toMatchObject({ provider: null });
    expect(slot(none, 'main').warnings[0]).toMatchObject({ code: 'no_credentials', severity: 'danger' });
    // A placeholder in .env hides the real key.
    const placeholder = resolve({ config: 'model:\n  provider: deepseek\n  default: deepseek-chat\n', dotenv: { DEEPSEEK_API_KEY: 'changeme' } });
    expect(slot(placeholder, 'main').warnings.find((x) => x.code === 'no_credentials')?.message).toMatch(/placeholder/);
  });

  it('auto tasks that cannot inherit a custom endpoint', () => {
    const out = resolve({ config: 'model:\n  provider: work\n  default: llama-4\nproviders:\n  work:\n    base_url: https://llm.corp.example/v1\nauxiliary:\n  vision:\n    provider: auto\n  curator:\n    provider: work\n    model: llama-4\n' });
    expect(slot(out, 'main')).toMatchObject({ provider: 'work', baseUrlSource: 'endpoint' });
    expect(slot(out, 'aux:vision').warnings.find((w) => w.code === 'auto_custom_inherit')).toMatchObject({ fix: 'Set auxiliary.vision.provider to work explicitly.' });
    expect(codes(slot(out, 'aux:curator'))).not.toContain('auto_custom_inherit');
  });

  it('a compression model under 64K', () => {
    const out = resolve({
      config: 'model:\n  provider: openrouter\n  default: x/y\nproviders:\n  local:\n    base_url: http://localhost:8080/v1\n    models:\n      tiny-32k:\n        context_length: 32768\nauxiliary:\n  compression:\n    provider: local\n    model: tiny-32k\n',
    });
    const c = slot(out, 'aux:compression');
    expect(c).toMatchObject({ contextWindow: 32768, contextSource: 'endpoint' });
    expect(c.warnings.find((w) => w.code === 'context_too_small')?.message).toMatch(/33K context window; Hermes needs at least 64K/);
    // Other tasks have no minimum.
    expect(codes(slot(out, 'aux:vision'))).not.toContain('context_too_small');
  });

  it('a persisted api_mode Hermes ignores, and a keychain-only key', () => {
    const out = resolve({ config: 'model:\n  provider: custom\n  default: qwen3\n  base_url: http://localhost:11434/v1\n  api_mode: codex_responses\n  key_env: LOCAL_KEY\n', keychain: { LOCAL_KEY: 'lk-aaaaaaaaaaaa1234' } });
    const main = slot(out, 'main');
    expect(main.apiMode).toBe('chat_completions');
    expect(main.warnings.find((w) => w.code === 'stale_api_mode')?.message).toMatch(/only honoured for OpenAI\/xAI/);
    expect(main.warnings.find((w) => w.code === 'keychain_only_key')?.message).toMatch(/LOCAL_KEY is only in the keychain/);
  });

  it('an unknown provider', () => {
    const out = resolve({ config: 'model:\n  provider: nosuchthing\n  default: x\n' });
    expect(slot(out, 'main').warnings[0]).toMatchObject({ code: 'unknown_provider', severity: 'danger' });
  });

  it('the public slots carry no internal fields', () => {
    const out = resolve({ config: 'model:\n  provider: custom\n  base_url: http://x.example/v1\n  api_key: sk-inline-secret-value-0000\n  default: m\n' });
    expect(JSON.stringify(out.config)).not.toContain('sk-inline-secret-value');
    expect(slot(out, 'main').keyRef).toMatchObject({ kind: 'inline', location: 'model.api_key' });
  });
});
