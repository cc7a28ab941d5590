import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPluginEnabled, readProviderPlugins } from './plugins';

let home: string;

function write(rel: string, text: string): void {
  const file = path.join(home, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'switchboard-plugins-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

const CEREBRAS_INIT = `from providers import register_provider
from providers.base import ProviderProfile

cerebras = ProviderProfile(
    name="cerebras",
    aliases=("cerebras-ai",),
    display_name="Cerebras",
    env_vars=("CEREBRAS_API_KEY", "CEREBRAS_BASE_URL"),
    base_url="https://api.cerebras.ai/v1",
    auth_type="api_key",
    default_aux_model="llama3.3-70b",
    fallback_models=("llama3.3-70b", "llama3.1-8b"),
)
register_provider(cerebras)
`;

describe('readProviderPlugins', () => {
  it('returns nothing when there is no plugins directory', async () => {
    expect(await readProviderPlugins(home)).toEqual({ plugins: [], problems: [] });
  });

  it('reads a real-shaped plugin (manifest + ProviderProfile in __init__.py)', async () => {
    write('plugins/model-providers/cerebras/plugin.yaml', 'name: cerebras-provider\nkind: model-provider\nversion: 1.0.0\ndescription: Cerebras\nauthor: Someone\n');
    write('plugins/model-providers/cerebras/__init__.py', CEREBRAS_INIT);
    const { plugins, problems } = await readProviderPlugins(home);
    expect(problems).toEqual([]);
    expect(plugins).toEqual([
      {
        id: 'cerebras',
        label: 'Cerebras',
        aliases: ['cerebras-ai'],
        keyEnvVars: ['CEREBRAS_API_KEY'],
        baseUrlEnvVar: 'CEREBRAS_BASE_URL',
        defaultBaseUrl: 'https://api.cerebras.ai/v1',
        apiMode: 'chat_completions',
        authType: 'api_key',
        defaultAuxModel: 'llama3.3-70b',
        fallbackModels: ['llama3.3-70b', 'llama3.1-8b'],
        models: [],
        healthCheck: true,
        dir: path.join(home, 'plugins/model-providers/cerebras'),
        manifestName: 'cerebras-provider',
        version: '1.0.0',
        dataFrom: 'python',
      },
    ]);
  });

  it('reads profile fields written in plugin.yaml (data-only plugin)', async () => {
    write(
      'plugins/model-providers/acme/plugin.yml',
      [
        'name: acme',
        'kind: model-provider',
        'display_name: Acme AI',
        'aliases: [acme-ai]',
        'env_vars: [ACME_API_KEY, ACME_TOKEN, ACME_BASE_URL]',
        'base_url: https://api.acme.example/v1',
        'api_mode: anthropic_messages',
        'models:',
        '  acme-large: {context_length: 131072}',
        '  acme-small: {}',
        '',
      ].join('\n'),
    );
    const { plugins, problems } = await readProviderPlugins(home);
    expect(problems).toEqual([]);
    expect(plugins[0]).toMatchObject({
      id: 'acme',
      label: 'Acme AI',
      aliases: ['acme-ai'],
      keyEnvVars: ['ACME_API_KEY', 'ACME_TOKEN'],
      baseUrlEnvVar: 'ACME_BASE_URL',
      apiMode: 'anthropic_messages',
      models: ['acme-large', 'acme-small'],
      dataFrom: 'manifest',
    });
  });

  it('falls back to provider_ids or the directory name when the data is in code it cannot read', async () => {
    write('plugins/model-providers/dynamic/plugin.yaml', 'name: dynamic-provider\nkind: model-provider\nprovider_ids: [dyn, dyn-cn]\n');
    write('plugins/model-providers/dynamic/__init__.py', 'from .impl import build\nregister_provider(build())\n');
    write('plugins/model-providers/anthropic/plugin.yaml', 'name: my-anthropic\nkind: model-provider\ndescription: Patched Anthropic\n');
    const { plugins, problems } = await readProviderPlugins(home);
    expect(problems).toEqual([]);
    expect(plugins.map((p) => [p.id, p.dataFrom])).toEqual([
      ['anthropic', 'id-only'],
      ['dyn', 'id-only'],
      ['dyn-cn', 'id-only'],
    ]);
    expect(plugins[0]?.description).toBe('Patched Anthropic');
  });

  it('reports malformed manifests and keeps the good plugins', async () => {
    write('plugins/model-providers/aaa-broken/plugin.yaml', 'name: [unclosed\nkind: model-provider\n  bad: indent: here\n');
    write('plugins/model-providers/bbb-list/plugin.yaml', '- just\n- a list\n');
    write('plugins/model-providers/ccc-wrong-kind/plugin.yaml', 'name: x\nkind: platform\n');
    write('plugins/model-providers/ddd-no-manifest/__init__.py', CEREBRAS_INIT);
    write('plugins/model-providers/eee-bad-mode/plugin.yaml', 'name: eee\napi_mode: responses\nbase_url: https://e.example/v1\n');
    write('plugins/model-providers/zzz-good/plugin.yaml', 'name: good-provider\nkind: model-provider\n');
    write('plugins/model-providers/zzz-good/__init__.py', CEREBRAS_INIT);
    write('plugins/model-providers/_private/plugin.yaml', 'name: [broken\n');
    write('plugins/model-providers/.hidden/plugin.yaml', 'name: [broken\n');
    write('plugins/model-providers/not-a-dir.yaml', 'name: x\n');

    const { plugins, problems } = await readProviderPlugins(home);
    expect(plugins.map((p) => p.id)).toEqual(['eee', 'cerebras']);
    expect(plugins[0]?.apiMode).toBe('chat_completions');
    const byDir = problems.map((p) => [path.relative(home, p.path).split(path.sep)[2], p.message] as const);
    expect(byDir).toHaveLength(5);
    expect(byDir[0]?.[0]).toBe('aaa-broken');
    expect(byDir[0]?.[1]).toMatch(/^invalid YAML/);
    expect(byDir[1]).toEqual(['bbb-list', 'plugin manifest must be a mapping']);
    expect(byDir[2]?.[1]).toMatch(/kind is "platform"/);
    expect(byDir[3]).toEqual(['ddd-no-manifest', 'no plugin.yaml in plugin directory']);
    expect(byDir[4]?.[1]).toMatch(/unknown api_mode "responses"/);
  });

  it('reads flat installs that declare kind: model-provider and lets later plugins win', async () => {
    write('plugins/model-providers/cerebras/plugin.yaml', 'name: cerebras-provider\nkind: model-provider\n');
    write('plugins/model-providers/cerebras/__init__.py', CEREBRAS_INIT);
    write('plugins/zz-cerebras-fork/plugin.yaml', 'name: cerebras-fork\nkind: model-provider\n');
    write('plugins/zz-cerebras-fork/__init__.py', CEREBRAS_INIT.replace('display_name="Cerebras"', 'display_name="Cerebras (fork)"'));
    write('plugins/some-tool/plugin.yaml', 'name: some-tool\nkind: tool\n');
    write('plugins/no-manifest-tool/readme.txt', 'hi');

    const { plugins, problems } = await readProviderPlugins(home);
    expect(plugins).toHaveLength(1);
    expect(plugins[0]).toMatchObject({ id: 'cerebras', label: 'Cerebras (fork)', dir: path.join(home, 'plugins/zz-cerebras-fork') });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/also defined in .*model-providers.cerebras; this one wins/);
  });
});

describe('isPluginEnabled', () => {
  it('honours plugins.disabled and an opt-in plugins.enabled list', async () => {
    write('plugins/model-providers/cerebras/plugin.yaml', 'name: cerebras-provider\nkind: model-provider\n');
    write('plugins/model-providers/cerebras/__init__.py', CEREBRAS_INIT);
    const [plugin] = (await readProviderPlugins(home)).plugins;
    if (plugin === undefined) throw new Error('plugin not read');
    expect(isPluginEnabled(plugin, {})).toBe(true);
    expect(isPluginEnabled(plugin, { plugins: { disabled: ['cerebras-provider'] } })).toBe(false);
    expect(isPluginEnabled(plugin, { plugins: { enabled: ['other'] } })).toBe(false);
    expect(isPluginEnabled(plugin, { plugins: { enabled: ['cerebras'] } })).toBe(true);
    expect(isPluginEnabled(plugin, { plugins: { enabled: ['cerebras'], disabled: ['cerebras'] } })).toBe(false);
  });
});
