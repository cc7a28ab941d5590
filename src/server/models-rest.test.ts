import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestHost } from '../../test/helpers/test-host';
import { parseYamlText } from '../core/config/yaml-parse';

/**
 * The Hermes-compatible model endpoints on the browser host: same paths, bodies, response shapes and
 * status codes as the Hermes dashboard, with the same X-Hermes-Session-Token header.
 */
const host = useTestHost('sb-models-rest-', 'models-rest-token-0123456789');

async function start() {
  // No network in these tests: the only provider with a key points at a closed port.
  const { home, api } = await host({ env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' }, files: { '.env': 'ANTHROPIC_API_KEY=sk-ant-rest-test-000000\n' } });
  const config = () => {
    const parsed = parseYamlText(readFileSync(path.join(home, 'config.yaml'), 'utf8'));
    if (!parsed.ok) throw new Error('config does not parse');
    return parsed.parsed.value as Record<string, Record<string, Record<string, unknown>>>;
  };
  const backups = () => readdirSync(path.join(home, 'config-backups')).filter((f) => f.endsWith('.bak'));
  return { api, config, backups, home };
}

const HERMES_ROW_KEYS = ['slug', 'name', 'is_current', 'is_user_defined', 'models', 'total_models', 'source', 'authenticated', 'auth_type', 'key_env', 'warning', 'pricing', 'capabilities'];

describe('Hermes REST parity: models', () => {
  it('requires the session token', async () => {
    const { api } = await start();
    expect((await api('GET', '/api/model/options', undefined, null)).status).toBe(401);
    expect((await api('GET', '/api/model/auxiliary', undefined, 'wrong')).status).toBe(401);
    expect((await api('POST', '/api/model/set', { scope: 'main', provider: 'anthropic', model: 'x' }, null)).status).toBe(401);
  });

  it('GET /api/model/options → {providers: [row], model, provider} with Hermes row fields', async () => {
    const { api } = await start();
    const { status, json } = await api('GET', '/api/model/options');
    expect(status).toBe(200);
    expect(json).toMatchObject({ model: 'anthropic/claude-sonnet-5', provider: 'openrouter' });
    const rows = json.providers as Array<Record<string, unknown>>;
    for (const row of rows) for (const key of HERMES_ROW_KEYS) expect(row, `${String(row.slug)}.${key}`).toHaveProperty(key);
    const anthropic = rows.find((r) => r.slug === 'anthropic')!;
    expect(anthropic).toMatchObject({ name: 'Anthropic', authenticated: true, is_current: false, is_user_defined: false, source: 'built-in', key_env: 'ANTHROPIC_API_KEY', warning: null });
    expect(anthropic.models).toContain('claude-opus-4-8');
    expect(anthropic.total_models).toBe((anthropic.models as unknown[]).length);
    expect((anthropic.pricing as Record<string, unknown>)['claude-opus-4-8']).toMatchObject({ input: expect.stringMatching(/^\$\d/), output: expect.stringMatching(/^\$\d/), free: false });
    expect((anthropic.capabilities as Record<string, unknown>)['claude-opus-4-8']).toEqual({ fast: false, reasoning: true });
    // The current provider is listed even without a key; user endpoints carry api_url.
    expect(rows.find((r) => r.slug === 'openrouter')).toMatchObject({ is_current: true, authenticated: false });
    expect(rows.find((r) => r.slug === 'work-litellm')).toMatchObject({ is_user_defined: true, api_url: 'https://llm.internal.example.com/v1' });
    // Query flags arrive as strings.
    const all = await api('GET', '/api/model/options?include_unconfigured=1');
    const nousRow = (all.json.providers as Array<Record<string, unknown>>).find((r) => r.slug === 'nous');
    expect(nousRow).toMatchObject({ authenticated: false, models: [], total_models: 0 });
    expect(typeof nousRow?.warning).toBe('string');
    const none = await api('GET', '/api/model/options?include_unconfigured=0');
    expect((none.json.providers as Array<Record<string, unknown>>).some((r) => r.slug === 'nous')).toBe(false);
  });

  it('GET /api/model/auxiliary → the 11 dashboard slots and the main model', async () => {
    const { api } = await start();
    const { status, json } = await api('GET', '/api/model/auxiliary');
    expect(status).toBe(200);
    const tasks = json.tasks as Array<Record<string, unknown>>;
    expect(tasks.map((t) => t.task)).toEqual(['vision', 'web_extract', 'compression', 'skills_hub', 'approval', 'mcp', 'title_generation', 'triage_specifier', 'kanban_decomposer', 'profile_describer', 'curator']);
    for (const t of tasks) expect(Object.keys(t).sort()).toEqual(['base_url', 'model', 'provider', 'task']);
    expect(tasks[10]).toEqual({ task: 'curator', provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1' });
    expect(json.main).toEqual({ provider: 'openrouter', model: 'anthropic/claude-sonnet-5' });
  });

  it('POST /api/model/set scope main: Hermes response, file written with a set-main backup', async () => {
    const { api, config, backups } = await start();
    const { status, json } = await api('POST', '/api/model/set', { scope: 'main', provider: 'claude', model: 'anthropic/claude-sonnet-4.6' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true, scope: 'main', provider: 'anthropic', model: 'claude-sonnet-4-6', base_url: '', gateway_tools: [] });
    expect((json.stale_aux as Array<{ task: string }>).map((s) => s.task)).toEqual(['vision', 'compression', 'approval', 'curator', 'background_review']);
    expect(config().model).toEqual({ default: 'claude-sonnet-4-6', provider: 'anthropic' });
    expect(backups().some((b) => b.endsWith('-config-set-main.bak'))).toBe(true);
  });

  it('POST /api/model/set scope auxiliary: one task, "" = the 11 dashboard slots, "__reset__" = back to auto', async () => {
    const { api, config, backups } = await start();
    const one = await api('POST', '/api/model/set', { scope: 'auxiliary', provider: 'anthropic', model: 'claude-haiku-4.5', task: 'mcp' });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ ok: true, scope: 'auxiliary', tasks: ['mcp'], provider: 'anthropic', model: 'claude-haiku-4-5' });
    expect(config().auxiliary!.mcp).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5', timeout: 30 });

    const all = await api('POST', '/api/model/set', { scope: 'auxiliary', provider: 'nous', model: 'z-ai/glm-5.2', task: '' });
    expect(all.json).toMatchObject({ ok: true, tasks: ['vision', 'web_extract', 'compression', 'skills_hub', 'approval', 'mcp', 'title_generation', 'triage_specifier', 'kanban_decomposer', 'profile_describer', 'curator'] });
    expect(config().auxiliary!.curator).toMatchObject({ provider: 'nous', model: 'z-ai/glm-5.2', timeout: 600 });
    expect(config().auxiliary!.curator).not.toHaveProperty('base_url');
    expect(config().auxiliary!.goal_judge).toMatchObject({ provider: 'auto' }); // not a dashboard slot

    const reset = await api('POST', '/api/model/set', { scope: 'auxiliary', task: '__reset__' });
    expect(reset.status).toBe(200);
    expect(reset.json).toMatchObject({ ok: true, scope: 'auxiliary', reset: true });
    expect(config().auxiliary!.vision).toMatchObject({ provider: 'auto', model: '', timeout: 120, download_timeout: 30 });
    expect(config().auxiliary!.background_review).toMatchObject({ provider: 'openrouter' }); // outside the 11
    expect(backups().filter((b) => b.endsWith('-config-set-aux.bak'))).toHaveLength(2);
    expect(backups().filter((b) => b.endsWith('-config-reset-aux.bak'))).toHaveLength(1);
  });

  it('answers 400 with Hermes details for bad requests, and leaves the file alone', async () => {
    const { api, home } = await start();
    const before = readFileSync(path.join(home, 'config.yaml'), 'utf8');
    const unknownTask = await api('POST', '/api/model/set', { scope: 'auxiliary', provider: 'anthropic', model: 'x', task: 'nope' });
    expect(unknownTask.status).toBe(400);
    expect(unknownTask.json.detail).toBe('unknown auxiliary task: nope');
    const noModel = await api('POST', '/api/model/set', { scope: 'main', provider: 'anthropic' });
    expect(noModel.status).toBe(400);
    expect(noModel.json.detail).toBe('provider and model required for main');
    const noProvider = await api('POST', '/api/model/set', { scope: 'auxiliary', task: 'vision', model: 'x' });
    expect(noProvider.status).toBe(400);
    expect(noProvider.json.detail).toBe('provider required for auxiliary');
    const mainAsProvider = await api('POST', '/api/model/set', { scope: 'main', provider: 'main', model: 'x' });
    expect(mainAsProvider.status).toBe(400);
    const badScope = await api('POST', '/api/model/set', { scope: 'delegation', provider: 'anthropic', model: 'x' });
    expect(badScope.status).toBe(400);
    const otherProfile = await api('POST', '/api/model/set', { scope: 'main', provider: 'anthropic', model: 'claude-opus-4-8', profile: 'work' });
    expect(otherProfile.status).toBe(400);
    expect(readFileSync(path.join(home, 'config.yaml'), 'utf8')).toBe(before);
  });

  it('accepts a provider it does not know, as Hermes does: written as given, with a warning', async () => {
    const { api, config } = await start();
    const main = await api('POST', '/api/model/set', { scope: 'main', provider: ' Acme-Cloud ', model: 'acme-large-2' });
    expect(main.status).toBe(200);
    expect(main.json).toMatchObject({ ok: true, scope: 'main', provider: 'acme-cloud', model: 'acme-large-2', warnings: [expect.stringMatching(/^Switchboard does not know the provider "acme-cloud"/)] });
    expect(config().model).toMatchObject({ provider: 'acme-cloud', default: 'acme-large-2' });
    // A typo still gets its hint, but is written (Hermes would write it too).
    const typo = await api('POST', '/api/model/set', { scope: 'auxiliary', task: 'vision', provider: 'anthropc', model: 'claude-haiku-4-5' });
    expect(typo.status).toBe(200);
    expect((typo.json.warnings as string[])[0]).toMatch(/Did you mean "anthropic"\?$/);
    expect(config().auxiliary!.vision).toMatchObject({ provider: 'anthropc', model: 'claude-haiku-4-5' });
    // A missing custom_providers entry is written too, and said.
    const named = await api('POST', '/api/model/set', { scope: 'auxiliary', task: 'mcp', provider: 'custom:nope', model: 'm' });
    expect(named.status).toBe(200);
    expect(named.json.warnings).toEqual([expect.stringMatching(/No custom_providers entry is selected by "custom:nope"/)]);
    // Known providers carry no warning.
    const known = await api('POST', '/api/model/set', { scope: 'auxiliary', task: 'mcp', provider: 'anthropic', model: 'claude-haiku-4-5' });
    expect(known.json.warnings).toEqual([]);
  });

  it('trims and lower-cases task names like Hermes, and still refuses an unknown one', async () => {
    const { api, config } = await start();
    const r = await api('POST', '/api/model/set', { scope: 'auxiliary', task: ' Vision ', provider: 'anthropic', model: 'claude-haiku-4-5' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ tasks: ['vision'], warnings: [] });
    expect(config().auxiliary!.vision).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5' });
    const reset = await api('POST', '/api/model/set', { scope: 'auxiliary', task: '__RESET__ ' });
    expect(reset.status).toBe(200);
    expect(reset.json).toMatchObject({ reset: true });
    expect(config().auxiliary!.vision).toMatchObject({ provider: 'auto', model: '' });
    const unknown = await api('POST', '/api/model/set', { scope: 'auxiliary', task: ' Nope ', provider: 'anthropic', model: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.detail).toBe('unknown auxiliary task: nope');
  });

  it('asks before an expensive model (Hermes guard) and writes once confirmed', async () => {
    const { api, config } = await start();
    const ask = await api('POST', '/api/model/set', { scope: 'main', provider: 'openrouter', model: 'openai/gpt-5.6-sol-pro' });
    expect(ask.status).toBe(200);
    expect(ask.json).toMatchObject({ ok: false, confirm_required: true, confirm_message: expect.stringMatching(/\$25.00 per million input tokens/) });
    expect(config().model!.default).toBe('anthropic/claude-sonnet-5');
    const yes = await api('POST', '/api/model/set', { scope: 'main', provider: 'openrouter', model: 'openai/gpt-5.6-sol-pro', confirm_expensive_model: true });
    expect(yes.json).toMatchObject({ ok: true, model: 'openai/gpt-5.6-sol-pro' });
    expect(config().model!.default).toBe('openai/gpt-5.6-sol-pro');
  });
});
