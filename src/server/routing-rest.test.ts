import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_CONFIG, useTestHost } from '../../test/helpers/test-host';
import { parseYamlText } from '../core/config/yaml-parse';
import { presentedKey, startFakeProvider, type FakeProvider } from '../core/probes/test-support/fake-provider';
import type { ChainTest, ChainProblem, FallbackState, FallbackWrite, RoutingProblem, RoutingState, RoutingTest, RoutingWrite } from '../shared/contract/routing';

/** What a REST call answered: the body typed as the route's response (or error) shape. */
interface Answer {
  status: number;
  text: string;
  json: unknown;
}
type RestError = { code: string; detail: string; error: { detail: { problems: Array<ChainProblem & RoutingProblem> } } };
const as = <T>(a: Answer): T => a.json as T;

/**
 * The fallback and routing REST routes on the browser host, against the real server and core, with
 * local fake providers for the chain test.
 */
const host = useTestHost('sb-routing-rest-', 'routing-rest-token-0123456789');
const ROUTING = path.join(__dirname, '../../test/fixtures/routing/routing.yaml');
const ANT_KEY = 'sk-ant-rest-chain-key-4321';
type Config = { fallback_providers: unknown[]; auxiliary: Record<string, { fallback_chain: unknown[] }>; model_profiles: Record<string, Record<string, unknown>>; model_routing: { rules: unknown[] }; delegation: Record<string, unknown> };
const fakes: FakeProvider[] = [];

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function start(options: { fixture?: string; config?: string; env?: Record<string, string>; dotenv?: string } = {}) {
  const { home, api: call } = await host({
    config: options.config ?? readFileSync(options.fixture ?? SAMPLE_CONFIG, 'utf8'),
    files: { '.env': options.dotenv ?? `ANTHROPIC_API_KEY=${ANT_KEY}\n` },
    env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ...options.env },
  });
  const api = async (method: string, pathname: string, body?: unknown, token?: string | null): Promise<Answer> => {
    const r = await call(method, pathname, body, token);
    return { status: r.status, text: r.text, json: JSON.parse(r.text) as unknown };
  };
  const file = () => readFileSync(path.join(home, 'config.yaml'), 'utf8');
  const config = () => {
    const parsed = parseYamlText(file());
    if (!parsed.ok) throw new Error('config does not parse');
    return parsed.parsed.value as Config;
  };
  const backups = () => readdirSync(path.join(home, 'config-backups')).filter((f) => f.endsWith('.bak'));
  return { api, file, config, backups, home };
}

describe('REST: fallback', () => {
  it('needs the session token', async () => {
    const { api } = await start();
    expect((await api('GET', '/api/fallback', undefined, null)).status).toBe(401);
    expect((await api('PUT', '/api/fallback', { chain: [] }, 'wrong')).status).toBe(401);
    expect((await api('GET', '/api/routing', undefined, null)).status).toBe(401);
  });

  it('GET /api/fallback: the effective chain with what Hermes uses per entry, aux chains, validation', async () => {
    const { api } = await start();
    const got = await api('GET', '/api/fallback');
    expect(got.status).toBe(200);
    const json = as<FallbackState>(got);
    expect(json.main.primary).toMatchObject({ provider: 'openrouter', model: 'anthropic/claude-sonnet-5' });
    expect(json.main.entries.map((e) => [e.position, e.provider, e.model, e.source?.origin, e.source?.index])).toEqual([
      [0, 'anthropic', 'claude-sonnet-5', 'fallback_providers', 0],
      [1, 'custom', 'qwen3-coder:30b', 'fallback_providers', 1],
    ]);
    expect(json.main.entries[0]!.effective).toMatchObject({ provider: 'anthropic', provider_label: 'Anthropic', api_mode: 'anthropic_messages', key: { kind: 'dotenv', last4: '4321', usable: true } });
    expect(json.main.entries[1]).toMatchObject({ key_env: 'OLLAMA_LOCAL_KEY', base_url: 'http://localhost:11434/v1' });
    expect(json.main.legacy).toEqual({ present: false, form: null, merged: 0, duplicates: 0 });
    expect(json.auxiliary.map((a) => [a.task, a.entries.length])).toEqual([['compression', 2]]);
    // Nous has no credentials here: a warning, not an error.
    expect(json.auxiliary[0]!.problems).toEqual([expect.objectContaining({ index: 0, code: 'no_credentials', severity: 'warning' })]);
    expect(json.tasks.find((t) => t.key === 'compression')).toMatchObject({ has_chain: true, provider: 'openrouter' });
  });

  it('PUT /api/fallback writes the chain (backup "fallback"), refuses invalid entries and stale versions', async () => {
    const { api, config, backups, file } = await start();
    const before = file();
    const bad = await api('PUT', '/api/fallback', { chain: [{ provider: 'openruoter', model: 'x' }, { provider: 'custom', model: 'q' }] });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(as<RestError>(bad).error.detail.problems.map((p) => `${p.index}:${p.code}:${p.suggestion ?? ''}`)).toEqual(['0:unknown_provider:openrouter', '1:missing_base_url:']);
    expect(file()).toBe(before);

    const stale = await api('PUT', '/api/fallback', { chain: [], baseHash: 'a'.repeat(64) });
    expect(stale.status).toBe(409);
    expect(as<RestError>(stale).code).toBe('CONFIG_CONFLICT');

    const ok = await api('PUT', '/api/fallback', { chain: [{ provider: 'deepseek', model: 'deepseek/deepseek-v4-pro' }, { provider: 'anthropic', model: 'claude-sonnet-5', source: { origin: 'fallback_providers', index: 0 } }] });
    expect(ok.status).toBe(200);
    expect(as<FallbackWrite>(ok)).toMatchObject({ ok: true, task: null, changed: true, migrated_legacy: false, rewritten: [{ index: 0, field: 'model', from: 'deepseek/deepseek-v4-pro', to: 'deepseek-v4-pro' }] });
    expect(config().fallback_providers).toEqual([{ provider: 'deepseek', model: 'deepseek-v4-pro' }, { provider: 'anthropic', model: 'claude-sonnet-5' }]);
    expect(backups()).toEqual([expect.stringMatching(/-config-fallback\.bak$/)]);

    const aux = await api('PUT', '/api/fallback', { task: 'vision', chain: [{ provider: 'anthropic', model: 'claude-haiku-4-5' }] });
    expect(aux.status).toBe(200);
    expect(config().auxiliary.vision!.fallback_chain).toEqual([{ provider: 'anthropic', model: 'claude-haiku-4-5' }]);
    expect(as<RestError>(await api('PUT', '/api/fallback', { task: 'nope', chain: [] })).code).toBe('UNKNOWN_TASK');
  });

  it('never returns an inline key of a fallback entry, and keeps it when the entry comes back', async () => {
    const secret = 'sk-inline-fallback-secret-7777';
    const { api, config } = await start({ config: `model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\nfallback_providers:\n  - provider: custom\n    model: m\n    base_url: http://127.0.0.1:9/v1\n    api_key: ${secret}\n    extra_body: {x: 1}\n` });
    const got = await api('GET', '/api/fallback');
    expect(got.text).not.toContain(secret);
    const e = as<FallbackState>(got).main.entries[0]!;
    expect(e).toMatchObject({ has_api_key: true, other_keys: ['extra_body'] });
    const put = await api('PUT', '/api/fallback', { chain: [{ provider: 'nous', model: 'z-ai/glm-5.2' }, { provider: e.provider, model: e.model, base_url: e.base_url, key_env: e.key_env, api_mode: e.api_mode, source: e.source }] });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain(secret);
    expect(config().fallback_providers[1]).toEqual({ provider: 'custom', model: 'm', base_url: 'http://127.0.0.1:9/v1', api_key: secret, extra_body: { x: 1 } });
  });

  it('POST /api/fallback/test probes each entry with its own key, marks the dead one and the one that would serve', async () => {
    const dead = await startFakeProvider({ behavior: '500' });
    const anthropic = await startFakeProvider({ host: '127.0.0.31', behavior: 'auth', expectedKey: ANT_KEY, models: [{ id: 'claude-sonnet-5', context_length: 1_000_000 }] });
    fakes.push(dead, anthropic);
    const config = `model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\nfallback_providers:\n  - provider: custom\n    model: qwen3\n    base_url: ${dead.url}/v1\n  - provider: anthropic\n    model: claude-sonnet-5\n  - provider: openrouter\n    model: anthropic/claude-sonnet-5\n`;
    const { api } = await start({ config, env: { ANTHROPIC_BASE_URL: anthropic.url } });
    const tested = await api('POST', '/api/fallback/test', { timeoutMs: 5000 });
    expect(tested.status).toBe(200);
    const json = as<ChainTest>(tested);
    expect(json.entries.map((e) => [e.position, e.verdict, e.result?.class ?? null])).toEqual([
      [0, 'dead', 'server_error'],
      [1, 'serves', 'ok'],
      [2, 'skipped', null],
    ]);
    expect(json.serving).toBe(1);
    expect(json.entries[2]!.reason).toContain('main model itself');
    expect(json.entries[0]!.reason).not.toBe('');
    // The Anthropic key went to the Anthropic fake only.
    expect(anthropic.requests.some((r) => presentedKey(r.headers) === ANT_KEY)).toBe(true);
    expect(dead.requests.every((r) => presentedKey(r.headers) !== ANT_KEY)).toBe(true);

    // A draft chain (not saved) can be tested too.
    const draft = await api('POST', '/api/fallback/test', { chain: [{ provider: 'anthropic', model: 'claude-sonnet-5' }], timeoutMs: 5000 });
    expect(as<ChainTest>(draft).entries.map((e) => e.verdict)).toEqual(['serves']);
  });
});

describe('REST: routing', () => {
  it('GET /api/routing: the sections as PUT takes them, the four default profiles, rules, problems, the chat decision', async () => {
    const { api } = await start({ fixture: ROUTING });
    const got = await api('GET', '/api/routing');
    expect(got.status).toBe(200);
    const json = as<RoutingState>(got);
    expect(json.profiles.map((p) => [p.name, p.defined, p.empty])).toEqual([
      ['chat', false, true],
      ['coding', true, false],
      ['planning', false, true],
      ['research', true, false],
      ['cheap', true, false],
    ]);
    expect(json.profiles[0]!.resolved).toEqual({ provider: 'openrouter', model: 'anthropic/claude-sonnet-5', base_url: '', inherited: true });
    expect(json.model_routing.rules as unknown[]).toHaveLength(2);
    expect(json.rules[0]).toMatchObject({ index: 0, kind: 'toolsets', values: ['terminal', 'file'], profile: 'coding' });
    expect(json.delegation).toEqual({ model_profile: '', provider: '', model: '', base_url: '' });
    expect(json.delegation_other_keys).toEqual(['max_iterations', 'max_concurrent_children']);
    expect(json.chat).toMatchObject({ decided_by: 'model_default', model: 'anthropic/claude-sonnet-5' });
    expect(json.problems).toEqual([]);
  });

  it('PUT /api/routing refuses a rule naming a missing profile, then writes profiles, rules and delegation', async () => {
    const { api, config, backups, file } = await start({ fixture: ROUTING });
    const before = file();
    const bad = await api('PUT', '/api/routing', { model_routing: { rules: [{ if_toolsets_any: ['web'], profile: 'ghost' }] } });
    expect(bad.status).toBe(400);
    expect(as<RestError>(bad).error.detail.problems[0]).toMatchObject({ section: 'model_routing', rule: 0, message: 'The rule names the profile "ghost", which does not exist.' });
    expect(file()).toBe(before);

    const state = as<RoutingState>(await api('GET', '/api/routing'));
    const ok = await api('PUT', '/api/routing', {
      model_profiles: { ...state.model_profiles, planning: { provider: 'deepseek', model: 'deepseek-reasoner' } },
      model_routing: { rules: [...(state.model_routing.rules as unknown[]), { if_goal_matches: ['plan'], profile: 'planning' }] },
      delegation: { model_profile: 'coding' },
      baseHash: state.hash,
    });
    expect(ok.status).toBe(200);
    expect(as<RoutingWrite>(ok)).toMatchObject({ ok: true, changed: true, problems: [] });
    const c = config();
    expect(c.model_profiles.planning).toEqual({ provider: 'deepseek', model: 'deepseek-reasoner' });
    expect(c.model_routing.rules[2]).toEqual({ if_goal_matches: ['plan'], profile: 'planning' });
    expect(c.delegation).toEqual({ model: '', provider: '', base_url: '', max_iterations: 50, max_concurrent_children: 3, model_profile: 'coding' });
    expect(file()).toContain('    model: claude-opus-4-8   # the strong one');
    expect(backups()).toEqual([expect.stringMatching(/-config-routing\.bak$/)]);
  });

  it('POST /api/routing/test: which step decides, which rule fires, what results (toolsets as a list or a string)', async () => {
    const { api } = await start({ fixture: ROUTING });
    const byRule = await api('POST', '/api/routing/test', { toolsets: 'web,file', goal: 'summarise this' });
    expect(byRule.status).toBe(200);
    expect(byRule.json).toMatchObject({ decided_by: 'routing_rule', rule: { index: 0, kind: 'toolsets', profile: 'coding' }, matched: 'file', profile: 'coding', provider: 'anthropic', model: 'claude-opus-4-8' });
    expect(as<RoutingTest>(byRule).trace.map((t) => t.step)).toEqual(['legacy_delegation', 'explicit_profile', 'delegation_profile', 'routing_rule']);
    const explicit = await api('POST', '/api/routing/test', { toolsets: ['terminal'], goal: '', model_profile: 'research' });
    expect(explicit.json).toMatchObject({ decided_by: 'explicit_profile', profile: 'research', model: 'google/gemini-3.5-flash' });
    const heuristic = await api('POST', '/api/routing/test', { toolsets: ['todo'], goal: 'nothing special' });
    expect(heuristic.json).toMatchObject({ decided_by: 'toolset_heuristic', profile: 'planning', inherited_primary: true, model: 'anthropic/claude-sonnet-5' });
    // A draft is tested without being written.
    const draft = await api('POST', '/api/routing/test', { toolsets: ['todo'], goal: '', draft: { delegation: { model_profile: 'cheap' } } });
    expect(draft.json).toMatchObject({ decided_by: 'delegation_profile', profile: 'cheap', provider: 'nous' });
  });

  it('POST /api/routing/reset removes profiles and rules and clears delegation.model_profile, with a backup', async () => {
    const { api, config, backups } = await start({ config: 'model:\n  provider: openrouter\n  default: x\nmodel_profiles:\n  coding:\n    model: y\ndelegation:\n  model_profile: coding\n  max_iterations: 50\n' });
    const r = await api('POST', '/api/routing/reset', {});
    expect(r.status).toBe(200);
    expect(config()).toEqual({ model: { provider: 'openrouter', default: 'x' }, delegation: { max_iterations: 50 } });
    expect(backups()).toEqual([expect.stringMatching(/-config-routing\.bak$/)]);
  });

  it('never sends an inline profile key; the masked value sent back keeps it', async () => {
    const secret = 'sk-inline-profile-secret-5555';
    const { api, config } = await start({ config: `model:\n  provider: openrouter\n  default: x\nmodel_profiles:\n  coding:\n    provider: custom\n    base_url: http://127.0.0.1:9/v1\n    model: m\n    api_key: ${secret}\n` });
    const got = await api('GET', '/api/routing');
    expect(got.text).not.toContain(secret);
    const profiles = as<RoutingState>(got).model_profiles;
    expect(profiles.coding!.api_key).toBe('••••5555');
    const put = await api('PUT', '/api/routing', { model_profiles: { ...profiles, research: { model: 'z' } } });
    expect(put.status).toBe(200);
    expect(config().model_profiles.coding!.api_key).toBe(secret);
  });
});
