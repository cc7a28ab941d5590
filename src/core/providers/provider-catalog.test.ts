import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ProviderInfoSchema } from '../../shared/domain/providers';
import type { ProviderPlugin } from './plugins';
import { buildProviderCatalog } from './provider-catalog';
import { BUILTIN_PROVIDER_IDS } from './registry';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/configs/hermes-sample.yaml');
const sample: unknown = parseDocument(readFileSync(FIXTURE, 'utf8'), { version: '1.1' }).toJS();

function plugin(overrides: Partial<ProviderPlugin>): ProviderPlugin {
  return {
    id: 'x',
    label: 'X',
    aliases: [],
    keyEnvVars: [],
    defaultBaseUrl: null,
    apiMode: 'chat_completions',
    authType: 'api_key',
    fallbackModels: [],
    models: [],
    healthCheck: true,
    dir: '/home/u/.hermes/plugins/model-providers/x',
    dataFrom: 'python',
    ...overrides,
  };
}

describe('buildProviderCatalog', () => {
  it('lists every built-in in picker order, valid per schema', () => {
    const rows = buildProviderCatalog();
    expect(rows.map((r) => r.id)).toEqual([...BUILTIN_PROVIDER_IDS]);
    for (const row of rows) expect(ProviderInfoSchema.safeParse(row).success, row.id).toBe(true);
    expect(rows.find((r) => r.id === 'kilocode')?.aliases.sort()).toEqual(['kilo', 'kilo-code', 'kilo-gateway']);
  });

  it('applies the sample config: copilot disabled, user endpoints appended', () => {
    const rows = buildProviderCatalog({ configJs: sample });
    expect(rows.find((r) => r.id === 'copilot')?.enabled).toBe(false);
    expect(rows.find((r) => r.id === 'anthropic')?.enabled).toBe(true);
    const tail = rows.slice(BUILTIN_PROVIDER_IDS.length);
    expect(tail.map((r) => [r.id, r.source, r.label])).toEqual([
      ['work-litellm', 'user-config', 'Work LiteLLM'],
      ['custom:local-(localhost:11434)', 'custom-providers', 'Local (localhost:11434)'],
      ['custom:runpod-(abc123-8000.proxy.runpod.net)', 'custom-providers', 'RunPod (abc123-8000.proxy.runpod.net)'],
    ]);
    expect(tail[0]).toMatchObject({ keyEnvVars: ['WORK_LITELLM_API_KEY'], apiMode: 'chat_completions', defaultBaseUrl: 'https://llm.internal.example.com/v1' });
    expect(tail[1]).toMatchObject({ keyEnvVars: [], apiMode: 'url-detected' });
    for (const row of rows) expect(ProviderInfoSchema.safeParse(row).success, row.id).toBe(true);
  });

  it('lets a plugin replace a built-in in place and appends new plugin providers', () => {
    const rows = buildProviderCatalog({
      plugins: [
        plugin({ id: 'deepseek', label: 'DeepSeek (patched)', keyEnvVars: ['DS_KEY'], defaultBaseUrl: 'https://ds.example.com/v1' }),
        plugin({ id: 'cerebras', label: 'Cerebras', aliases: ['cerebras-ai'], keyEnvVars: ['CEREBRAS_API_KEY'], defaultBaseUrl: 'https://api.cerebras.ai/v1' }),
        plugin({ id: 'copilot', label: 'ignored', dataFrom: 'id-only' }),
      ],
      configJs: { plugins: { disabled: ['cerebras'] } },
    });
    const ids = rows.map((r) => r.id);
    expect(ids.indexOf('deepseek')).toBe(BUILTIN_PROVIDER_IDS.indexOf('deepseek'));
    expect(rows.find((r) => r.id === 'deepseek')).toMatchObject({
      label: 'DeepSeek (patched)',
      source: 'plugin',
      keyEnvVars: ['DS_KEY'],
      aliases: ['deep-seek', 'deepseek-chat'],
    });
    expect(rows.find((r) => r.id === 'copilot')).toMatchObject({ label: 'GitHub Copilot', source: 'plugin', apiMode: 'per-model' });
    expect(ids.at(-1)).toBe('cerebras');
    expect(rows.at(-1)).toMatchObject({ source: 'plugin', enabled: false, aliases: ['cerebras-ai'] });
  });

  it('marks the custom row as model-config when the main model uses a bare custom endpoint', () => {
    const rows = buildProviderCatalog({ configJs: { model: { provider: 'custom', base_url: 'http://localhost:8080/v1' } } });
    expect(rows.find((r) => r.id === 'custom')).toMatchObject({ source: 'model-config', defaultBaseUrl: 'http://localhost:8080/v1' });
  });
});
