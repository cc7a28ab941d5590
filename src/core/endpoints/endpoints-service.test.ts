import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { useTempDir } from '../../../test/helpers/temp-home';
import { lineDiff } from '../../../test/helpers/line-diff';
import type { EndpointView } from '../../shared/contract/endpoints';
import type { LiveModel, ProbeResult } from '../../shared/domain/probes';
import { Core } from '../core';
import { createLogger } from '../log/logger';
import { presentedKey, startFakeProvider, type FakeProvider } from '../probes/test-support/fake-provider';
import { checkBaseUrl, defaultKeyEnvFor } from './endpoints-service';

const tempDir = useTempDir('sb-endpoints-');
const cores: Core[] = [];
const servers: FakeProvider[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const CONFIG = `# my config
model:
  provider: openrouter
  default: anthropic/claude-sonnet-5

# endpoints
providers:
  old-box:
    name: Old Box
    api: https://old.example.com/v1   # written by the v12 migration
    transport: openai_chat
    default_model: llama-3
    rate_limit_delay: 2
    extra_body:
      top_k: 40
custom_providers:
  - name: Local (localhost:11434)
    base_url: http://localhost:11434/v1
    api_key: sk-inline-local-key-0000
    ssl_verify: false
`;

async function start(config = CONFIG) {
  const home = tempDir();
  writeFileSync(path.join(home, 'config.yaml'), config);
  const core = await Core.create({ env: {}, platform: 'linux', homedir: tempDir(), dataDir: tempDir(), host: 'browser', version: 't', homeOverride: home, logger: createLogger({ write: () => undefined }) });
  cores.push(core);
  const call = async <T>(channel: string, input: unknown = {}): Promise<T> => {
    const r = await core.dispatch(channel, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.data as T;
  };
  const raw = (channel: string, input: unknown = {}) => core.dispatch(channel, input);
  const file = () => readFileSync(path.join(home, 'config.yaml'), 'utf8');
  return { core, home, call, raw, file };
}

describe('base URL checks', () => {
  it.each<[string, boolean, RegExp | null, string | null]>([
    ['https://llm.example.com/v1', true, null, null],
    ['http://localhost:11434', true, /usually end in \/v1/, null],
    ['https://api.anthropic.com', true, null, 'anthropic_messages'],
    ['https://api.minimax.io/anthropic', true, null, 'anthropic_messages'],
    ['https://api.openai.com/v1', true, null, 'codex_responses'],
    ['http://llm.example.com/v1', true, /unencrypted/, null],
    ['ftp://files.example.com/v1', false, null, null],
    ['llm.example.com/v1', false, null, null],
    ['https://user:pass@llm.example.com/v1', false, null, null],
    ['https://${LLM_HOST}/v1', true, /placeholder/, null],
  ])('%s', (url, valid, hint, mode) => {
    const out = checkBaseUrl(url);
    expect(out.valid).toBe(valid);
    if (hint) expect(out.hints.join(' ')).toMatch(hint);
    expect(out.detectedApiMode).toBe(mode);
  });

  it('derives a key variable from the name', () => {
    expect(defaultKeyEnvFor('Work Gateway')).toBe('WORK_GATEWAY_API_KEY');
    expect(defaultKeyEnvFor('9router')).toBe('EP_9ROUTER_API_KEY');
  });
});

describe('endpoints in both sections', () => {
  it('lists both sections with selectors, api_mode and key sources (values masked)', async () => {
    const t = await start();
    const { endpoints } = await t.call<{ endpoints: EndpointView[] }>('endpoints.list');
    expect(endpoints.map((e) => [e.path, e.selector, e.apiMode])).toEqual([
      ['providers.old-box', 'old-box', 'chat_completions'],
      ['custom_providers[0]', 'custom:local-(localhost:11434)', 'chat_completions'],
    ]);
    expect(endpoints[1]!.key).toMatchObject({ kind: 'config', location: 'custom_providers[0].api_key', last4: '0000' });
    expect(JSON.stringify(endpoints)).not.toContain('sk-inline-local-key');
  });

  it('adds a providers: entry with its key in the keychain (key_env), changing only new lines', async () => {
    const t = await start();
    const before = t.file();
    const state = await t.call<{ hash: string }>('config.read');
    const out = await t.call<{ selector: string; notes: string[] }>('endpoints.save', {
      baseHash: state.hash,
      draft: { name: 'Work Gateway', baseUrl: 'https://llm.corp.example/v1', apiMode: 'auto', model: 'qwen3-coder-plus', contextLength: 262144 },
      key: { value: 'gw-new-gateway-key-1234', store: 'keychain' },
    });
    expect(out.selector).toBe('work-gateway');
    const after = t.file();
    expect(lineDiff(before, after)).toEqual({
      removed: [],
      added: ['  work-gateway:', '    name: Work Gateway', '    base_url: https://llm.corp.example/v1', '    key_env: WORK_GATEWAY_API_KEY', '    model: qwen3-coder-plus', '    context_length: 262144'],
    });
    const keys = await t.call<{ groups: Array<{ id: string; rows: Array<{ name: string; effective: { kind: string } | null }> }> }>('keys.list');
    expect(keys.groups.find((g) => g.id === 'work-gateway')?.rows[0]).toMatchObject({ name: 'WORK_GATEWAY_API_KEY', effective: { kind: 'keychain' } });
    expect(after).not.toContain('gw-new-gateway-key');
  });

  it('edits an entry in place: aliased fields updated, unknown fields kept, api_mode override and auto', async () => {
    const t = await start();
    await t.call('endpoints.save', {
      baseHash: null,
      original: { origin: 'providers', key: 'old-box' },
      draft: { name: 'Old Box', baseUrl: 'https://new.example.com/anthropic', apiMode: 'anthropic_messages', model: 'llama-4' },
    });
    const cfg = parse(t.file()) as { providers: Record<string, Record<string, unknown>> };
    expect(cfg.providers['old-box']).toEqual({ name: 'Old Box', api: 'https://new.example.com/anthropic', transport: 'anthropic_messages', default_model: 'llama-4', rate_limit_delay: 2, extra_body: { top_k: 40 } });
    expect(t.file()).toContain('# written by the v12 migration');
    await t.call('endpoints.save', { baseHash: null, original: { origin: 'providers', key: 'old-box' }, draft: { name: 'Old Box', baseUrl: 'https://new.example.com/anthropic', apiMode: 'auto' } });
    expect((parse(t.file()) as { providers: Record<string, Record<string, unknown>> }).providers['old-box']!.transport).toBeUndefined();
    const { endpoints } = await t.call<{ endpoints: EndpointView[] }>('endpoints.list');
    // Auto-detected from the URL by Hermes's rules.
    expect(endpoints[0]).toMatchObject({ apiMode: 'anthropic_messages', apiModeReason: 'url', apiModeOverride: null });
  });

  it('a new key replaces an inline api_key (which would outrank key_env)', async () => {
    const t = await start();
    const out = await t.call<{ notes: string[] }>('endpoints.save', {
      baseHash: null,
      original: { origin: 'custom_providers', index: 0 },
      draft: { name: 'Local (localhost:11434)', baseUrl: 'http://localhost:11434/v1', apiMode: 'auto', keyEnv: 'OLLAMA_LOCAL_KEY' },
      key: { value: 'ol-local-replacement-5678', store: 'keychain' },
    });
    expect(out.notes.join(' ')).toMatch(/removed the old inline api_key/);
    const entry = (parse(t.file()) as { custom_providers: Array<Record<string, unknown>> }).custom_providers[0]!;
    expect(entry).toEqual({ name: 'Local (localhost:11434)', base_url: 'http://localhost:11434/v1', key_env: 'OLLAMA_LOCAL_KEY', ssl_verify: false });
  });

  it('validates: URL, duplicate names, built-in ids, renames that break selectors, removal of used entries', async () => {
    const t = await start(`${CONFIG}auxiliary:\n  curator:\n    provider: custom:local-(localhost:11434)\n`);
    expect(await t.raw('endpoints.save', { baseHash: null, draft: { name: 'X', baseUrl: 'not a url', apiMode: 'auto' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await t.raw('endpoints.save', { baseHash: null, draft: { name: 'old box', baseUrl: 'https://a.example/v1', apiMode: 'auto' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/already uses the name/) } });
    expect(await t.raw('endpoints.save', { baseHash: null, draft: { name: 'Anthropic', baseUrl: 'https://a.example/v1', apiMode: 'auto' } })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/built-in provider/) } });
    const rename = await t.raw('endpoints.save', { baseHash: null, original: { origin: 'custom_providers', index: 0 }, draft: { name: 'Ollama', baseUrl: 'http://localhost:11434/v1', apiMode: 'auto' } });
    expect(rename).toMatchObject({ ok: false, error: { message: expect.stringMatching(/auxiliary\.curator\.provider/) } });
    const remove = await t.raw('endpoints.remove', { baseHash: null, original: { origin: 'custom_providers', index: 0 } });
    expect(remove).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const before = t.file();
    await t.call('endpoints.remove', { baseHash: null, original: { origin: 'providers', key: 'old-box' } });
    const diff = lineDiff(before, t.file());
    expect(diff.added).toEqual([]);
    // The section had only this entry, so it goes with it.
    expect(diff.removed.slice(0, 2)).toEqual(['providers:', '  old-box:']);
    expect(t.file()).toContain('custom_providers:');
  });

  it('Test probes the saved entry with its saved key: live models and the 64K check', async () => {
    const server = await startFakeProvider({ behavior: 'auth', expectedKey: 'ep-saved-endpoint-key-9999' });
    servers.push(server);
    const t = await start(`model:\n  provider: probe-me\n  default: test-model-small\nproviders:\n  probe-me:\n    name: Probe Me\n    base_url: ${server.url}/v1\n    key_env: PROBE_ME_KEY\n    model: test-model-small\n`);
    await t.call('keys.set', { name: 'PROBE_ME_KEY', value: 'ep-saved-endpoint-key-9999', store: 'keychain' });
    const out = await t.call<{ result: ProbeResult; models: LiveModel[] }>('endpoints.test', { selector: 'probe-me' });
    expect(out.result).toMatchObject({ class: 'ok', modelFound: true, contextWindow: 32_000, contextOk: false, contextSource: 'live' });
    expect(out.models.map((m) => m.id)).toContain('test-model-large');
    expect(presentedKey(server.requests[0]!.headers)).toBe('ep-saved-endpoint-key-9999');
    const { endpoints } = await t.call<{ endpoints: EndpointView[] }>('endpoints.list');
    expect(endpoints[0]).toMatchObject({ lastProbe: { class: 'ok' }, contextCheck: { model: 'test-model-small', window: 32_000, ok: false, source: 'live' } });
    expect(endpoints[0]!.liveModels?.length).toBe(3);
    expect(endpoints[0]!.referencedBy).toEqual(['model.provider']);
    // The inspector shows the endpoint's live window for the main model, and the 64K warning.
    const insp = await t.call<{ slots: Array<{ id: string; contextWindow: number; warnings: Array<{ code: string }> }> }>('inspector.get');
    const main = insp.slots.find((s) => s.id === 'main')!;
    expect(main.warnings.map((w) => w.code)).toContain('context_too_small');
  });
});
