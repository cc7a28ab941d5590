import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeModelsServer, type FakeModelsServer } from '../../../test/helpers/fake-models-server';
import { useTempDir } from '../../../test/helpers/temp-home';
import type { ModelAuxiliary, ModelOptions, ProviderOption } from '../../shared/contract/models';
import type { EventPayload } from '../../shared/contract';
import { Core } from '../core';
import { createLogger } from '../log/logger';

const tempDir = useTempDir('sb-options-');
const servers: FakeModelsServer[] = [];
const cores: Core[] = [];
const quiet = createLogger({ write: () => undefined });

afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const s of servers.splice(0)) await s.close();
});

const KEYS = {
  deepseek: 'sk-ds-0123456789abcdef',
  anthropic: 'sk-ant-0123456789abcdef',
  work: 'work-gateway-secret-1',
  local: 'local-endpoint-secret-2',
  acme: 'acme-secret-key-3',
  xai: 'xai-secret-key-4',
};

async function fake(options: Parameters<typeof startFakeModelsServer>[0] = {}) {
  const s = await startFakeModelsServer(options);
  servers.push(s);
  return s;
}

async function setup() {
  const [ds, ant, work, local, acme, hang] = await Promise.all([
    fake({ body: { data: [{ id: 'deepseek-v4-pro', context_length: 1000000 }, { id: 'deepseek-live-only', context_length: 32000 }] } }),
    fake({ body: { data: [{ id: 'claude-opus-4-8', display_name: 'Claude Opus 4.8' }] } }),
    fake(),
    fake(),
    fake(),
    fake({ mode: 'hang' }),
  ]);
  const home = tempDir();
  writeFileSync(
    path.join(home, 'config.yaml'),
    [
      'model:',
      '  default: deepseek-chat',
      '  provider: deep-seek',
      'providers:',
      '  work-gw:',
      '    name: Work Gateway',
      `    base_url: ${work.base}`,
      '    key_env: WORK_KEY',
      '    models:',
      '      tiny-model:',
      '        context_length: 16000',
      '  copilot:',
      '    enabled: false',
      'custom_providers:',
      '  - name: Local box',
      `    base_url: ${local.base}`,
      '    api_key: ${LOCAL_KEY}',
      '    model: qwen3',
      'model_catalog:',
      '  excluded_providers: [gemini]',
      'auxiliary:',
      '  vision:',
      '    provider: openrouter',
      '    model: google/gemini-3.5-flash',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(home, '.env'),
    [`DEEPSEEK_API_KEY=${KEYS.deepseek}`, `DEEPSEEK_BASE_URL=${ds.base}`, `WORK_KEY=${KEYS.work}`, `ACME_API_KEY=${KEYS.acme}`, `ACME_BASE_URL=${acme.base}`, `XAI_API_KEY=${KEYS.xai}`, `XAI_BASE_URL=${hang.base}`, 'GEMINI_API_KEY=gemini-key-excluded', 'OPENAI_API_KEY=changeme', ''].join('\n'),
  );
  writeFileSync(path.join(home, 'auth.json'), JSON.stringify({ version: 1, providers: { nous: { access_token: 'nous-token-secret' } } }));
  const plugin = path.join(home, 'plugins', 'model-providers', 'acme');
  mkdirSync(plugin, { recursive: true });
  writeFileSync(
    path.join(plugin, 'plugin.yaml'),
    ['name: acme', 'kind: model-provider', 'display_name: Acme AI', 'env_vars: [ACME_API_KEY, ACME_BASE_URL]', 'base_url: https://api.acme.invalid/v1', 'models: [acme-large]', 'auxiliary_tasks:', '  - key: acme_digest', '    label: Acme digest', ''].join('\n'),
  );
  const core = await Core.create({
    env: { ANTHROPIC_API_KEY: KEYS.anthropic, ANTHROPIC_BASE_URL: ant.base.replace(/\/v1$/, ''), LOCAL_KEY: KEYS.local, HERMES_SWITCHBOARD_CATALOG_TIMEOUT_MS: '2500' },
    platform: 'linux',
    homedir: home,
    dataDir: tempDir(),
    host: 'browser',
    version: 't',
    homeOverride: home,
    logger: quiet,
  });
  cores.push(core);
  const events: Array<EventPayload<'catalog.updated'>> = [];
  core.onEvent((name, payload) => {
    if (name === 'catalog.updated') events.push(payload as EventPayload<'catalog.updated'>);
  });
  return { core, home, events, servers: { ds, ant, work, local, acme, hang } };
}

async function options(core: Core, request: Record<string, unknown> = {}): Promise<ModelOptions> {
  const r = await core.dispatch('models.options', request);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data as ModelOptions;
}

const row = (o: ModelOptions, slug: string): ProviderOption | undefined => o.providers.find((p) => p.slug === slug);

describe('models.options', () => {
  it('lists the providers that are set up (env, .env, auth.json, plugins, endpoints) without waiting for the network', async () => {
    const { core, servers } = await setup();
    const started = Date.now();
    const o = await options(core);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(o.provider).toBe('deepseek'); // the alias in the file, canonicalised
    expect(o.model).toBe('deepseek-chat');
    expect(o.providers.map((p) => p.slug)).toEqual(['nous', 'anthropic', 'deepseek', 'xai', 'acme', 'work-gw', 'custom:local-box']);
    expect(row(o, 'deepseek')).toMatchObject({ is_current: true, authenticated: true, key_env: 'DEEPSEEK_API_KEY', auth: { via: [{ kind: 'dotenv', name: 'DEEPSEEK_API_KEY' }] } });
    expect(row(o, 'anthropic')?.auth.via).toEqual([{ kind: 'env', name: 'ANTHROPIC_API_KEY' }]);
    expect(row(o, 'nous')).toMatchObject({ authenticated: true, catalog: { state: 'curated' }, auth: { via: [{ kind: 'auth-json', name: 'nous' }] } });
    expect(row(o, 'work-gw')).toMatchObject({ is_user_defined: true, name: 'Work Gateway', source: 'user-config' });
    expect(row(o, 'custom:local-box')).toMatchObject({ is_user_defined: true, source: 'custom-providers' });
    // A placeholder value does not count; an excluded provider is not listed; a disabled one neither.
    expect(row(o, 'openai-api')).toBeUndefined();
    expect(row(o, 'gemini')).toBeUndefined();
    expect(row(o, 'copilot')).toBeUndefined();
    expect(row(o, 'deepseek')?.catalog).toMatchObject({ state: 'loading', refreshing: true, url: `${servers.ds.base}/models` });
  });

  it('fetches each live list with that provider’s own key only, and pushes catalog.updated as lists land', async () => {
    const { core, events, servers } = await setup();
    await options(core);
    await expect.poll(() => events.map((e) => e.provider).sort(), { timeout: 5_000 }).toEqual(['acme', 'anthropic', 'custom:local-box', 'deepseek', 'work-gw']);
    expect(servers.ds.requests).toEqual([{ path: '/v1/models', authorization: `Bearer ${KEYS.deepseek}` }]);
    expect(servers.ant.requests).toEqual([{ path: '/v1/models?limit=1000', apiKey: KEYS.anthropic }]);
    expect(servers.work.requests).toEqual([{ path: '/v1/models', authorization: `Bearer ${KEYS.work}` }]);
    expect(servers.local.requests).toEqual([{ path: '/v1/models', authorization: `Bearer ${KEYS.local}` }]);
    expect(servers.acme.requests).toEqual([{ path: '/v1/models', authorization: `Bearer ${KEYS.acme}` }]);
    expect(servers.hang.requests).toEqual([{ path: '/v1/models', authorization: `Bearer ${KEYS.xai}` }]);

    const o = await options(core);
    const ds = row(o, 'deepseek')!;
    expect(ds.catalog).toMatchObject({ state: 'fresh', liveCount: 2 });
    // Curated first, live extras appended, the configured current model kept; live metadata wins.
    expect(ds.models).toEqual(['deepseek-v4-pro', 'deepseek-v4-flash', 'deepseek-chat', 'deepseek-reasoner', 'deepseek-live-only']);
    expect(ds.model_details.find((m) => m.id === 'deepseek-live-only')).toMatchObject({ source: 'live', contextWindow: 32000, contextSource: 'live' });
    expect(ds.model_details.find((m) => m.id === 'deepseek-v4-pro')).toMatchObject({ source: 'curated', contextWindow: 1000000, contextSource: 'live' });
    // Config overrides beat everything; the endpoint's own models come first.
    const work = row(o, 'work-gw')!;
    expect(work.models.slice(0, 3)).toEqual(['tiny-model', 'fake-model-1', 'fake-model-2']);
    expect(work.model_details[0]).toMatchObject({ id: 'tiny-model', contextWindow: 16000, contextSource: 'config', source: 'config' });
    expect(row(o, 'xai')?.catalog).toMatchObject({ state: 'loading' });
    expect(row(o, 'acme')?.models).toEqual(['acme-large', 'fake-model-1', 'fake-model-2']);

    // Nothing secret in the answer.
    const text = JSON.stringify(o);
    for (const key of [...Object.values(KEYS), 'nous-token-secret']) expect(text).not.toContain(key);
  });

  it('with include_unconfigured lists every provider, with a hint and no models for the ones not set up', async () => {
    const { core } = await setup();
    const o = await options(core, { include_unconfigured: '1' });
    const openai = row(o, 'openai-api')!;
    expect(openai).toMatchObject({ authenticated: false, models: [], total_models: 0, warning: 'Add OPENAI_API_KEY to .env.', catalog: { state: 'curated' } });
    expect(openai.model_details.length).toBeGreaterThan(5);
    expect(row(o, 'openai-codex')?.auth.hint).toBe('Sign in: run `hermes model` and choose OpenAI Codex.');
    expect(row(o, 'gemini')).toBeUndefined();
    expect((await options(core, { include_unconfigured: '0' })).providers.some((p) => p.slug === 'openai-api')).toBe(false);
  });

  it('with refresh waits for the lists (each within its timeout) and reports the ones that failed', async () => {
    const { core, servers } = await setup();
    servers.work.mode = { status: 401 };
    const o = await options(core, { refresh: 'true' });
    expect(row(o, 'deepseek')?.catalog.state).toBe('fresh');
    expect(row(o, 'work-gw')?.catalog).toMatchObject({ state: 'failed', error: { kind: 'auth' } });
    expect(row(o, 'xai')?.catalog).toMatchObject({ state: 'failed', error: { kind: 'timeout' } });
  });

  it('models.refreshCatalog starts the fetches and returns at once', async () => {
    const { core, events } = await setup();
    const started = Date.now();
    const r = await core.dispatch('models.refreshCatalog', {});
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(r).toMatchObject({ ok: true, data: { started: ['anthropic', 'deepseek', 'xai', 'acme', 'work-gw', 'custom:local-box'] } });
    await expect.poll(() => events.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(5);
    expect(await core.dispatch('models.refreshCatalog', { provider: 'nope' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PROVIDER' } });
  });

  it('models.auxiliary: the 11 dashboard slots (Hermes shape) and the whole task universe incl. plugin tasks', async () => {
    const { core } = await setup();
    const r = await core.dispatch('models.auxiliary', {});
    const aux = (r as { ok: true; data: ModelAuxiliary }).data;
    expect(aux.tasks).toHaveLength(11);
    expect(aux.tasks[0]).toEqual({ task: 'vision', provider: 'openrouter', model: 'google/gemini-3.5-flash', base_url: '' });
    expect(aux.tasks[1]).toEqual({ task: 'web_extract', provider: 'auto', model: '', base_url: '' });
    expect(aux.main).toEqual({ provider: 'deep-seek', model: 'deepseek-chat' });
    expect(aux.universe.slice(0, 11).every((t) => t.group === 'dashboard')).toBe(true);
    expect(aux.universe.find((t) => t.key === 'acme_digest')).toMatchObject({ label: 'Acme digest', group: 'more', origin: 'plugin' });
    expect(aux.universe.find((t) => t.key === 'compression')).toMatchObject({ minContextLength: 64000 });
    expect(aux.universe.find((t) => t.key === 'vision')).toMatchObject({ needsVision: true });
  });

  it('never fetches anything for the demo home (its keys are fake)', async () => {
    const core = await Core.create({ env: {}, platform: 'linux', homedir: tempDir(), dataDir: tempDir(), host: 'browser', version: 't', demo: true, logger: quiet });
    cores.push(core);
    const o = await options(core);
    expect(o.providers.length).toBeGreaterThan(1);
    for (const p of o.providers) expect(p.catalog).toMatchObject({ state: 'curated', reason: expect.stringMatching(/demo home/) });
    expect(await core.dispatch('models.refreshCatalog', {})).toMatchObject({ ok: true, data: { started: [] } });
  });
});
