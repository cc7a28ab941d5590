import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { AuthStatusSchema } from '../../shared/domain/providers';
import { parseDotenv, dotenvToMap } from '../env/dotenv';
import { computeAuthStatuses, isUsableKeyValue, readAuthJson, summarizeAuthJson, type AuthStatusInput } from './auth-status';
import { BUILTIN_PROVIDER_IDS } from './registry';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/configs/hermes-sample.yaml');
const sample: unknown = parseDocument(readFileSync(FIXTURE, 'utf8'), { version: '1.1' }).toJS();

const NOW = Date.parse('2026-08-01T12:00:00Z');

function input(overrides: Partial<AuthStatusInput> = {}): AuthStatusInput {
  return { processEnv: {}, dotenv: {}, authJson: null, configJs: {}, now: NOW, ...overrides };
}

describe('isUsableKeyValue', () => {
  it.each([
    ['sk-or-v1-abcdef', true],
    ['abcd', true],
    ['  abcd  ', true],
    ['abc', false],
    ['', false],
    ['***', false],
    ['********', false],
    ['changeme', false],
    ['CHANGEME', false],
    ['your_api_key', false],
    ['Your-API-Key-Here', false],
    ['dummy', false],
    ['none', false],
    ['None', false],
    ['xxxxxxxx', false],
    ['<your key>', false],
    [undefined, false],
  ])('%s → %s', (value, usable) => {
    expect(isUsableKeyValue(value)).toBe(usable);
  });
});

describe('computeAuthStatuses — env and .env', () => {
  it('returns a status for every built-in provider, valid per schema', () => {
    const statuses = computeAuthStatuses(input());
    for (const id of BUILTIN_PROVIDER_IDS) {
      expect(statuses[id], id).toEqual({ authenticated: false, via: [] });
      expect(AuthStatusSchema.safeParse(statuses[id]).success).toBe(true);
    }
  });

  it('finds keys in the process env and in .env, in priority order', () => {
    const statuses = computeAuthStatuses(
      input({ processEnv: { ANTHROPIC_TOKEN: 'tok-1234', GEMINI_API_KEY: 'g-key-1234' }, dotenv: new Map([['ANTHROPIC_API_KEY', 'sk-ant-1234']]) }),
    );
    expect(statuses.anthropic).toEqual({
      authenticated: true,
      via: [
        { kind: 'dotenv', name: 'ANTHROPIC_API_KEY' },
        { kind: 'env', name: 'ANTHROPIC_TOKEN' },
      ],
    });
    expect(statuses.gemini).toEqual({ authenticated: true, via: [{ kind: 'env', name: 'GEMINI_API_KEY' }] });
  });

  it('prefers .env over the process env, even when .env holds a placeholder', () => {
    const statuses = computeAuthStatuses(
      input({
        processEnv: { DEEPSEEK_API_KEY: 'real-key-from-shell', XAI_API_KEY: 'xai-from-shell' },
        dotenv: { DEEPSEEK_API_KEY: 'changeme', XAI_API_KEY: 'xai-from-dotenv' },
      }),
    );
    expect(statuses.deepseek).toEqual({ authenticated: false, via: [] });
    expect(statuses.xai?.via).toEqual([{ kind: 'dotenv', name: 'XAI_API_KEY' }]);
  });

  it('ignores placeholder and short values', () => {
    const statuses = computeAuthStatuses(input({ processEnv: { OPENROUTER_API_KEY: '***', OPENAI_API_KEY: 'none', ZAI_API_KEY: 'abc' } }));
    expect(statuses.openrouter?.authenticated).toBe(false);
    expect(statuses['openai-api']?.authenticated).toBe(false);
    expect(statuses.zai?.authenticated).toBe(false);
  });

  it('counts OPENAI_API_KEY for openrouter as Hermes does', () => {
    const statuses = computeAuthStatuses(input({ processEnv: { OPENAI_API_KEY: 'sk-openai-1234' } }));
    expect(statuses.openrouter?.via).toEqual([{ kind: 'env', name: 'OPENAI_API_KEY' }]);
    expect(statuses['openai-api']?.via).toEqual([{ kind: 'env', name: 'OPENAI_API_KEY' }]);
  });

  it('uses the keychain seam when given', () => {
    const statuses = computeAuthStatuses(input({ keychainHas: (name) => name === 'KIMI_API_KEY' }));
    expect(statuses['kimi-coding']).toEqual({ authenticated: true, via: [{ kind: 'keychain', name: 'KIMI_API_KEY' }] });
  });

  it('detects AWS and Vertex credentials by their env signals', () => {
    const statuses = computeAuthStatuses(
      input({ processEnv: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-value', GOOGLE_APPLICATION_CREDENTIALS: '/tmp/sa.json' } }),
    );
    expect(statuses.bedrock?.via).toEqual([{ kind: 'env', name: 'AWS_ACCESS_KEY_ID' }]);
    expect(statuses.vertex?.via).toEqual([{ kind: 'env', name: 'GOOGLE_APPLICATION_CREDENTIALS' }]);
    const keyIdOnly = computeAuthStatuses(input({ processEnv: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' } }));
    expect(keyIdOnly.bedrock?.authenticated).toBe(false);
    expect(computeAuthStatuses(input({ dotenv: { AWS_PROFILE: 'work' } })).bedrock?.via).toEqual([{ kind: 'dotenv', name: 'AWS_PROFILE' }]);
  });

  it('works with a parsed .env file', () => {
    const dotenv = dotenvToMap(parseDotenv('export HF_TOKEN="hf_abcdefgh"\nNOVITA_API_KEY=\n'));
    const statuses = computeAuthStatuses(input({ dotenv, processEnv: { NOVITA_API_KEY: 'shell-novita-key' } }));
    expect(statuses.huggingface?.via).toEqual([{ kind: 'dotenv', name: 'HF_TOKEN' }]);
    // `.env` sets it to empty, which overrides the shell value
    expect(statuses.novita?.authenticated).toBe(false);
  });
});

describe('computeAuthStatuses — auth.json', () => {
  const auth = summarizeAuthJson({
    version: 1,
    providers: { nous: { access_token: 'x', refresh_token: 'y' }, 'openai-codex': { tokens: { access_token: 'x' } }, empty: {} },
    active_provider: 'nous',
    credential_pool: {
      openrouter: [
        { id: 'a1', label: 'work', source: 'manual', access_token: 'sk-or-1', last_status: 'ok' },
        { id: 'a2', label: 'spent', source: 'manual', access_token: 'sk-or-2', last_status: 'exhausted' },
      ],
      codex: [{ id: 'c1', source: 'device_code', access_token: 'tok', expires_at: '2026-07-01T00:00:00Z', refresh_token: 'r' }],
      anthropic: [
        { id: 'x1', source: 'claude_code', access_token: 'tok', expires_at: NOW / 1000 - 60 },
        { id: 'x2', source: 'manual', access_token: 'tok', last_status: 'INVALID_KEY' },
        { id: 'x3', source: 'manual', access_token: 'tok', disabled: true },
      ],
      deepseek: [{ id: 'd1', source: 'env:DEEPSEEK_API_KEY' }],
      'custom:local-(localhost:11434)': [{ id: 'l1', source: 'manual', access_token: 'k' }],
    },
  });

  it('summarises without secrets', () => {
    expect(auth?.providers).toEqual(['nous', 'openai-codex']);
    expect(JSON.stringify(auth)).not.toMatch(/sk-or-1|"tok"|refresh_token/);
    expect(auth?.credentialPool.codex?.[0]).toMatchObject({ hasToken: true, hasRefreshToken: true, expiresAt: Date.parse('2026-07-01T00:00:00Z') });
  });

  it('counts auth.json logins and usable pool entries', () => {
    const statuses = computeAuthStatuses(input({ authJson: auth, processEnv: { DEEPSEEK_API_KEY: 'ds-key-1234' } }));
    expect(statuses.nous).toEqual({ authenticated: true, via: [{ kind: 'auth-json', name: 'nous' }] });
    expect(statuses['openai-codex']).toEqual({
      authenticated: true,
      via: [
        { kind: 'auth-json', name: 'openai-codex' },
        { kind: 'credential-pool', name: 'c1' },
      ],
    });
    expect(statuses.openrouter).toEqual({ authenticated: true, via: [{ kind: 'credential-pool', name: 'work' }] });
    expect(statuses.anthropic).toEqual({ authenticated: false, via: [] });
    expect(statuses.deepseek?.via).toEqual([
      { kind: 'env', name: 'DEEPSEEK_API_KEY' },
      { kind: 'credential-pool', name: 'd1' },
    ]);
  });

  it('treats an env-sourced pool entry as usable only when its variable is', () => {
    expect(computeAuthStatuses(input({ authJson: auth })).deepseek).toEqual({ authenticated: false, via: [] });
  });

  it('uses the root auth.json as a fallback in profile mode', () => {
    const root = summarizeAuthJson({ providers: { 'qwen-oauth': { access_token: 'q' } } });
    const statuses = computeAuthStatuses(input({ authJson: auth, fallbackAuthJson: root }));
    expect(statuses['qwen-oauth']).toEqual({ authenticated: true, via: [{ kind: 'auth-json', name: 'qwen-oauth' }] });
    expect(statuses.nous?.via).toEqual([{ kind: 'auth-json', name: 'nous' }]);
  });
});

describe('computeAuthStatuses — config-based providers (sample fixture)', () => {
  it('marks user endpoints usable and adds their key sources', () => {
    const auth = summarizeAuthJson({ credential_pool: { 'custom:local-(localhost:11434)': [{ id: 'l1', access_token: 'k' }] } });
    const statuses = computeAuthStatuses(input({ configJs: sample, authJson: auth, dotenv: { WORK_LITELLM_API_KEY: 'litellm-key' } }));
    expect(statuses['work-litellm']).toEqual({
      authenticated: true,
      via: [
        { kind: 'custom-endpoint', name: 'work-litellm' },
        { kind: 'dotenv', name: 'WORK_LITELLM_API_KEY' },
      ],
    });
    expect(statuses['custom:local-(localhost:11434)']).toEqual({
      authenticated: true,
      via: [
        { kind: 'custom-endpoint', name: 'custom:local-(localhost:11434)' },
        { kind: 'credential-pool', name: 'l1' },
      ],
    });
    expect(statuses['custom:runpod-(abc123-8000.proxy.runpod.net)']?.authenticated).toBe(true);
    // MoA presets exist in the sample
    expect(statuses.moa).toEqual({ authenticated: true, via: [{ kind: 'config', name: 'moa.presets' }] });
    // no bare custom endpoint in the sample
    expect(statuses.custom).toEqual({ authenticated: false, via: [] });
  });

  it('counts an active bare custom endpoint and disabled user endpoints', () => {
    const statuses = computeAuthStatuses(
      input({
        configJs: {
          model: { provider: 'custom', base_url: 'http://localhost:8000/v1' },
          providers: { off: { base_url: 'https://off.example.com', enabled: false } },
        },
      }),
    );
    expect(statuses.custom).toEqual({ authenticated: true, via: [{ kind: 'config', name: 'model.base_url' }] });
    expect(statuses.off).toEqual({ authenticated: false, via: [] });
    expect(statuses.moa?.authenticated).toBe(false);
  });

  it('covers plugin providers', () => {
    const statuses = computeAuthStatuses(input({ plugins: [{ id: 'cerebras', authType: 'api_key', keyEnvVars: ['CEREBRAS_API_KEY'] }], processEnv: { CEREBRAS_API_KEY: 'csk-1234' } }));
    expect(statuses.cerebras).toEqual({ authenticated: true, via: [{ kind: 'env', name: 'CEREBRAS_API_KEY' }] });
  });

  it('never returns a key value', () => {
    const secret = 'sk-secret-value-123456';
    const statuses = computeAuthStatuses(input({ configJs: sample, processEnv: { OPENROUTER_API_KEY: secret }, dotenv: { ANTHROPIC_API_KEY: secret } }));
    expect(JSON.stringify(statuses)).not.toContain(secret);
  });
});

describe('readAuthJson', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'switchboard-auth-'));
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it('reports a missing file', async () => {
    const result = await readAuthJson(home);
    expect(result).toEqual({ path: path.join(home, 'auth.json'), data: null, problem: { kind: 'missing', message: expect.any(String) } });
  });

  it('reports a corrupt file without echoing its content', async () => {
    writeFileSync(path.join(home, 'auth.json'), '{"providers": {"nous": {"access_token": "tok-SECRET-123"');
    const result = await readAuthJson(home);
    expect(result.data).toBeNull();
    expect(result.problem?.kind).toBe('corrupt');
    expect(JSON.stringify(result)).not.toContain('tok-SECRET-123');
  });

  it('reports JSON that is not an object as corrupt', async () => {
    writeFileSync(path.join(home, 'auth.json'), '[1, 2, 3]');
    expect((await readAuthJson(home)).problem?.kind).toBe('corrupt');
  });

  it('reads a valid file (with a BOM) into a summary', async () => {
    writeFileSync(
      path.join(home, 'auth.json'),
      '\uFEFF' + JSON.stringify({ version: 1, active_provider: 'nous', providers: { nous: { access_token: 'a' } }, credential_pool: {}, updated_at: '2026-07-24T00:00:00Z' }),
    );
    const result = await readAuthJson(home);
    expect(result.problem).toBeNull();
    expect(result.data).toEqual({ version: 1, activeProvider: 'nous', providers: ['nous'], credentialPool: {} });
  });

  it('reports an unreadable file', async () => {
    // A directory in place of the file fails to read for every user, root included.
    mkdirSync(path.join(home, 'auth.json'));
    expect((await readAuthJson(home)).problem?.kind).toBe('unreadable');
  });
});
