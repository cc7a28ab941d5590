import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { CustomEndpointSchema } from '../../shared/domain/providers';
import { inlineKeyInfo, readActiveBareCustom, readCustomEndpoints } from './custom-endpoints';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/configs/hermes-sample.yaml');
const sample: unknown = parseDocument(readFileSync(FIXTURE, 'utf8'), { version: '1.1' }).toJS();

describe('readCustomEndpoints — sample fixture', () => {
  const result = readCustomEndpoints(sample);

  it('finds the providers: endpoint and both custom_providers entries', () => {
    expect(result.endpoints.map((e) => [e.origin, e.slug])).toEqual([
      ['providers', 'work-litellm'],
      ['custom_providers', 'custom:local-(localhost:11434)'],
      ['custom_providers', 'custom:runpod-(abc123-8000.proxy.runpod.net)'],
    ]);
    for (const endpoint of result.endpoints) expect(CustomEndpointSchema.safeParse(endpoint).success).toBe(true);
  });

  it('reads the providers: endpoint with all its fields', () => {
    expect(result.endpoints[0]).toEqual({
      origin: 'providers',
      key: 'work-litellm',
      name: 'Work LiteLLM',
      slug: 'work-litellm',
      baseUrl: 'https://llm.internal.example.com/v1',
      keyEnv: 'WORK_LITELLM_API_KEY',
      hasInlineKey: false,
      apiMode: 'chat_completions',
      model: 'qwen3-coder-plus',
      models: { 'qwen3-coder-plus': { contextLength: 262144 }, 'gpt-oss-120b': { contextLength: 131072 } },
      enabled: true,
    });
  });

  it('reads the custom_providers entries, exposing only that a key exists', () => {
    expect(result.endpoints[1]).toEqual({
      origin: 'custom_providers',
      index: 0,
      name: 'Local (localhost:11434)',
      slug: 'custom:local-(localhost:11434)',
      baseUrl: 'http://localhost:11434/v1',
      hasInlineKey: false,
      model: 'qwen3-coder:30b',
      models: { 'qwen3-coder:30b': { contextLength: 65536 } },
      enabled: true,
    });
    expect(result.endpoints[2]).toMatchObject({
      origin: 'custom_providers',
      index: 1,
      hasInlineKey: true,
      inlineKeyEnvRef: 'RUNPOD_VLLM_KEY',
      apiMode: 'chat_completions',
      model: 'meta-llama/llama-4-scout',
    });
  });

  it('treats anthropic: and copilot: blocks as overrides of built-ins', () => {
    expect(result.overrides).toEqual([
      { key: 'anthropic', providerId: 'anthropic', enabled: true, requestTimeoutSeconds: 120, modelIds: ['claude-opus-4-8'] },
      { key: 'copilot', providerId: 'copilot', enabled: false, modelIds: [] },
    ]);
    expect(result.problems).toEqual([]);
  });
});

describe('readCustomEndpoints — field aliases and shapes', () => {
  it('accepts url/api, key_env aliases, transport, default_model and list-shaped models', () => {
    const { endpoints, problems } = readCustomEndpoints({
      providers: {
        a: { url: 'https://a.example.com/v1', api_key_env: 'A_KEY', transport: 'anthropic_messages', default_model: 'm1', models: ['m1', 'm2'] },
        b: { api: 'https://b.example.com/v1', keyEnv: 'B_KEY', transport: 'openai_chat', models: [{ id: 'x', context_length: 8192 }, { id: 'y' }] },
        c: { base_url: '', url: 'https://c.example.com', apiKeyEnv: 'C_KEY', api_key: 'sk-inline-secret-value', enabled: false },
        d: { baseUrl: 'https://d.example.com/v1', apiMode: 'codex_responses', defaultModel: 'dm', contextLength: '32768' },
      },
    });
    expect(problems).toEqual([]);
    const [a, b, c, d] = endpoints;
    expect(a).toMatchObject({ baseUrl: 'https://a.example.com/v1', keyEnv: 'A_KEY', apiMode: 'anthropic_messages', model: 'm1', models: { m1: {}, m2: {} } });
    expect(b).toMatchObject({ baseUrl: 'https://b.example.com/v1', keyEnv: 'B_KEY', apiMode: 'chat_completions', models: { x: { contextLength: 8192 }, y: {} } });
    expect(c).toMatchObject({ baseUrl: 'https://c.example.com', keyEnv: 'C_KEY', hasInlineKey: true, enabled: false });
    expect(c && 'inlineKeyEnvRef' in c).toBe(false);
    expect(d).toMatchObject({ baseUrl: 'https://d.example.com/v1', apiMode: 'codex_responses', model: 'dm', contextLength: 32768 });
  });

  it('never returns an inline key value', () => {
    const secret = 'sk-live-0123456789abcdef';
    const result = readCustomEndpoints({
      providers: { p: { base_url: 'https://p.example.com', api_key: secret } },
      custom_providers: [{ name: 'Q', base_url: 'https://q.example.com', api_key: secret }],
      model: { provider: 'custom', base_url: 'http://localhost:8000/v1', api_key: secret },
    });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(readActiveBareCustom({ model: { provider: 'custom', base_url: 'http://h/v1', api_key: secret } }))).not.toContain(secret);
  });

  it('classifies providers: keys (built-in id, alias without URL, alias of custom, alias with URL)', () => {
    const { endpoints, overrides } = readCustomEndpoints({
      providers: {
        openrouter: { request_timeout_seconds: 60, stale_timeout_seconds: 30 },
        claude: { models: { 'claude-opus-4-8': {} } },
        ollama: { base_url: 'http://localhost:11434/v1' },
        openai: { base_url: 'https://api.openai.com/v1', key_env: 'OPENAI_API_KEY' },
        zai: { base_url: 'https://open.bigmodel.cn/api/paas/v4' },
        cerebras: { enabled: false },
      },
    }, { extraProviders: [{ id: 'cerebras' }] });
    expect(overrides.map((o) => [o.key, o.providerId])).toEqual([
      ['openrouter', 'openrouter'],
      ['claude', 'anthropic'],
      ['zai', 'zai'],
      ['cerebras', 'cerebras'],
    ]);
    expect(overrides[0]).toMatchObject({ requestTimeoutSeconds: 60, staleTimeoutSeconds: 30 });
    expect(overrides[2]).toMatchObject({ baseUrl: 'https://open.bigmodel.cn/api/paas/v4' });
    expect(overrides[3]?.enabled).toBe(false);
    expect(endpoints.map((e) => e.slug)).toEqual(['ollama', 'openai']);
  });

  it('reports problems without dropping the good entries', () => {
    const { endpoints, problems } = readCustomEndpoints({
      providers: {
        nourl: { key_env: 'X' },
        badurl: { base_url: 'localhost:8000' },
        badmode: { base_url: 'https://m.example.com', api_mode: 'responses', key_env: 'not valid' },
        template: { base_url: 'https://${REGION}.example.com/v1' },
        notmap: 'https://x.example.com',
      },
      custom_providers: [
        { base_url: 'https://noname.example.com' },
        'string entry',
        { name: 'Dup', base_url: 'https://d1.example.com' },
        { name: 'dup', base_url: 'https://d2.example.com', models: 'nope' },
      ],
    });
    expect(endpoints.map((e) => e.slug)).toEqual(['badmode', 'template', 'custom:dup', 'custom:dup']);
    expect(endpoints[0]).not.toHaveProperty('apiMode');
    expect(endpoints[0]).not.toHaveProperty('keyEnv');
    expect(problems.map((p) => p.path)).toEqual([
      'providers.nourl.base_url',
      'providers.badurl.base_url',
      'providers.badmode.key_env',
      'providers.badmode.api_mode',
      'providers.notmap',
      'custom_providers[0].name',
      'custom_providers[1]',
      'custom_providers[3].models',
      'custom_providers[3].name',
    ]);
  });

  it('reports wrongly typed sections', () => {
    expect(readCustomEndpoints({ providers: ['x'], custom_providers: { a: 1 } }).problems.map((p) => p.path)).toEqual(['providers', 'custom_providers']);
    expect(readCustomEndpoints(null)).toEqual({ endpoints: [], overrides: [], problems: [] });
  });
});

describe('readActiveBareCustom', () => {
  it('reads the bare custom endpoint of the main model', () => {
    expect(readActiveBareCustom({ model: { provider: 'custom', base_url: 'http://localhost:11434/v1', api_key: '${OLLAMA_KEY}', api_mode: 'chat_completions', default: 'qwen3' } }))
      .toEqual({ baseUrl: 'http://localhost:11434/v1', hasInlineKey: true, inlineKeyEnvRef: 'OLLAMA_KEY', apiMode: 'chat_completions', model: 'qwen3' });
  });

  it('accepts legacy spellings and custom aliases', () => {
    expect(readActiveBareCustom({ model: { provider: 'ollama', api_base: 'http://h:1/v1', api: 'k' } })).toEqual({ baseUrl: 'http://h:1/v1', hasInlineKey: true });
  });

  it('is null for other providers, named customs, missing URLs and the sample', () => {
    expect(readActiveBareCustom(sample)).toBeNull();
    expect(readActiveBareCustom({ model: { provider: 'custom:x', base_url: 'http://h/v1' } })).toBeNull();
    expect(readActiveBareCustom({ model: { provider: 'custom' } })).toBeNull();
    expect(readActiveBareCustom({ model: 'custom' })).toBeNull();
  });
});

describe('inlineKeyInfo', () => {
  it('recognises ${VAR} and ${env:VAR} references', () => {
    expect(inlineKeyInfo('${RUNPOD_VLLM_KEY}')).toEqual({ hasInlineKey: true, inlineKeyEnvRef: 'RUNPOD_VLLM_KEY' });
    expect(inlineKeyInfo(' ${env:MY_KEY} ')).toEqual({ hasInlineKey: true, inlineKeyEnvRef: 'MY_KEY' });
    expect(inlineKeyInfo('${vault:secret/x}')).toEqual({ hasInlineKey: true });
    expect(inlineKeyInfo('')).toEqual({ hasInlineKey: false });
    expect(inlineKeyInfo(null)).toEqual({ hasInlineKey: false });
  });
});
