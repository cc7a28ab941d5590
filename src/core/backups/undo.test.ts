import { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { dotenvToMap, parseDotenv } from '../env/dotenv';
import { parseYamlText } from '../config/yaml-parse';
import { Core } from '../core';
import { createLogger } from '../log/logger';

/**
 * Undo of exactly one change (issue 9 item 2), on real files through the real channels: every write
 * kind, later changes kept, conflicts named, redo, old backups, and no secret in any message.
 */

const tempDir = useTempDir('sb-undo-');
const SAMPLE = path.join(__dirname, '../../../test/fixtures/configs/hermes-sample.yaml');
const ENV = 'OPENROUTER_API_KEY=sk-or-v1-secretsecretsecret0001\nANTHROPIC_API_KEY=sk-ant-secretsecret0002\n';
const cores: Core[] = [];

afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

type Ok<T = Record<string, unknown>> = { ok: true; data: T };
type Err = { ok: false; error: { code: string; message: string; detail?: unknown } };

async function open(home: string) {
  const core = await Core.create({ env: {}, platform: 'linux', homedir: home, dataDir: tempDir(), host: 'browser', version: 't', homeOverride: home, logger: createLogger({ write: () => undefined }) });
  cores.push(core);
  return core;
}

async function start(config = readFileSync(SAMPLE, 'utf8'), env = ENV) {
  const home = tempDir();
  writeFileSync(path.join(home, 'config.yaml'), config);
  writeFileSync(path.join(home, '.env'), env, { mode: 0o600 });
  const core = await open(home);
  const call = async <T = Record<string, unknown>>(channel: string, input: unknown): Promise<T> => {
    const r = (await core.dispatch(channel as never, input as never)) as Ok<T> | Err;
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
  const fail = async (channel: string, input: unknown): Promise<Err['error']> => {
    const r = (await core.dispatch(channel as never, input as never)) as Ok | Err;
    if (r.ok) throw new Error(`${channel} succeeded`);
    return r.error;
  };
  const text = () => readFileSync(path.join(home, 'config.yaml'), 'utf8');
  const value = () => {
    const p = parseYamlText(text());
    if (!p.ok) throw new Error('does not parse');
    return p.parsed.value as Record<string, Record<string, Record<string, unknown>>>;
  };
  const envText = () => readFileSync(path.join(home, '.env'), 'utf8');
  const envMap = () => Object.fromEntries(dotenvToMap(parseDotenv(envText())));
  const backups = () => readdirSync(path.join(home, 'config-backups')).filter((f) => f.endsWith('.bak')).length;
  return { home, core, call, fail, text, value, envText, envMap, backups };
}

type Home = Awaited<ReturnType<typeof start>>;
type Write = (h: Home, ctx?: string | null) => Promise<string | null>;

const setMain: Write = async (h) => (await h.call<{ backupId: string }>('models.setMain', { provider: 'anthropic', model: 'claude-opus-4-8', baseHash: null })).backupId;
const setVision: Write = async (h) => (await h.call<{ backupId: string }>('models.setAux', { task: 'vision', provider: 'nous', model: 'google/gemini-3.5-flash', baseHash: null })).backupId;

/** Every write kind of the app, each with a later change that does not touch what it changed. */
const KINDS: { name: string; setup?: Write; write: Write; later: Write; file?: 'env' }[] = [
  { name: 'set main', write: setMain, later: setVision },
  { name: 'set one task', write: setVision, later: setMain },
  {
    name: 'set all tasks',
    write: async (h) => (await h.call<{ backupId: string }>('models.setAux', { task: '', all: 'universe', provider: 'nous', model: 'google/gemini-3.5-flash', baseHash: null })).backupId,
    later: setMain,
  },
  { name: 'reset all tasks', write: async (h) => (await h.call<{ backupId: string }>('models.setAux', { task: '__reset__', all: 'universe', baseHash: null })).backupId, later: setMain },
  {
    name: 'main through REST semantics with a custom endpoint (custom_providers appended)',
    write: async (h) =>
      (await h.call<{ backupId: string }>('models.set', { scope: 'main', provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1', api_key: 'sk-local-1234' })).backupId,
    later: setVision,
  },
  {
    name: 'fallback chain',
    write: async (h) => (await h.call<{ backupId: string }>('fallback.set', { chain: [{ provider: 'nous', model: 'z-ai/glm-5.2' }], baseHash: null })).backupId,
    later: setVision,
  },
  {
    name: 'task fallback chain',
    write: async (h) => (await h.call<{ backupId: string }>('fallback.set', { task: 'compression', chain: [{ provider: 'nous', model: 'google/gemini-3.5-flash' }], baseHash: null })).backupId,
    later: setMain,
  },
  {
    name: 'routing',
    write: async (h) =>
      (await h.call<{ backupId: string }>('routing.set', { model_profiles: { coding: { provider: 'anthropic', model: 'claude-opus-4-8' } }, delegation: { model_profile: 'coding' }, baseHash: null })).backupId,
    later: setMain,
  },
  {
    name: 'routing reset',
    setup: async (h) => (await h.call<{ backupId: string }>('routing.set', { model_profiles: { coding: { provider: 'anthropic', model: 'claude-opus-4-8' } }, delegation: { model_profile: 'coding' }, baseHash: null })).backupId,
    write: async (h) => (await h.call<{ backupId: string }>('routing.reset', { baseHash: null })).backupId,
    later: setMain,
  },
  {
    name: 'endpoint added',
    write: async (h) =>
      (await h.call<{ write: { backupId: string } }>('endpoints.save', { baseHash: null, section: 'providers', draft: { name: 'lab-box', baseUrl: 'http://10.0.0.9:8000/v1', apiMode: 'auto', keyEnv: 'LAB_BOX_KEY' } })).write.backupId,
    later: setMain,
  },
  {
    name: 'endpoint removed',
    write: async (h) => (await h.call<{ backupId: string }>('endpoints.remove', { baseHash: null, original: { origin: 'providers', key: 'work-litellm' }, force: true })).backupId,
    later: setVision,
  },
  {
    name: 'section restore',
    setup: async (h) => {
      const first = await setVision(h);
      await setMain(h);
      return first;
    },
    write: async (h, first) => (await h.call<{ preRestoreId: string }>('backups.restore', { id: first, sections: ['auxiliary'] })).preRestoreId,
    later: async (h) => (await h.call<{ backupId: string }>('routing.set', { model_profiles: { research: { provider: 'nous', model: 'x/y' } }, baseHash: null })).backupId,
  },
  {
    name: 'whole-file restore',
    setup: setVision,
    write: async (h, first) => (await h.call<{ preRestoreId: string }>('backups.restore', { id: first })).preRestoreId,
    later: setMain,
  },
  {
    name: '.env key set',
    file: 'env',
    write: async (h) => (await h.call<{ envBackupId: string }>('keys.set', { name: 'DEEPSEEK_API_KEY', value: 'sk-deepseek-secret-0003', store: 'env' })).envBackupId,
    later: async (h) => (await h.call<{ envBackupId: string }>('keys.set', { name: 'OPENROUTER_API_KEY', value: 'sk-or-v1-secretsecretsecret0009', store: 'env' })).envBackupId,
  },
  {
    name: '.env key removed',
    file: 'env',
    write: async (h) => (await h.call<{ envBackupId: string }>('keys.delete', { name: 'ANTHROPIC_API_KEY', store: 'env' })).envBackupId,
    later: async (h) => (await h.call<{ envBackupId: string }>('keys.set', { name: 'GROQ_API_KEY', value: 'gsk-secret-0004', store: 'env' })).envBackupId,
  },
];

describe('backups.undo: exactly one change, whatever wrote it', () => {
  it.each(KINDS.map((k) => [k.name, k] as const))('%s: undone after a later unrelated change, which survives; then redone', async (_n, kind) => {
    // What the later change alone makes of the starting files: the expected result of the undo.
    const alone = await start();
    await kind.setup?.(alone);
    await kind.later(alone);
    const expected = kind.file === 'env' ? alone.envMap() : alone.value();

    const h = await start();
    const ctx = await kind.setup?.(h);
    const beforeWrite = kind.file === 'env' ? h.envMap() : h.value();
    const id = await kind.write(h, ctx);
    expect(id).toBeTruthy();
    expect(kind.file === 'env' ? h.envMap() : h.value()).not.toEqual(beforeWrite);
    await kind.later(h);
    const undo = await h.call<{ changed: boolean; backupId: string; file: string; summary: string }>('backups.undo', { id });
    expect(undo).toMatchObject({ changed: true, file: kind.file ?? 'config' });
    expect(undo.summary).toMatch(/^undid “/);
    expect(kind.file === 'env' ? h.envMap() : h.value()).toEqual(expected);

    // Redo: undoing the undo puts the change back on top of the later one.
    const redo = await h.call<{ changed: boolean; summary: string }>('backups.undo', { id: undo.backupId });
    expect(redo.changed).toBe(true);
    expect(redo.summary).toMatch(/^redid “/);
    const redone = kind.file === 'env' ? h.envMap() : h.value();
    // The change's own values are back; the later change's too.
    const again = await start();
    await kind.write(again, await kind.setup?.(again));
    await kind.later(again);
    expect(redone).toEqual(kind.file === 'env' ? again.envMap() : again.value());
  });

  it('two toasts: change main, then a task; undo the first — the task change survives — and the second still undoes', async () => {
    const h = await start();
    const original = h.value();
    const first = await setMain(h);
    const second = await setVision(h);
    const afterBoth = h.value();
    await h.call('backups.undo', { id: first });
    const v = h.value();
    expect(v.model).toEqual(original.model);
    expect(v.auxiliary!.vision).toEqual(afterBoth.auxiliary!.vision);
    await h.call('backups.undo', { id: second });
    expect(h.value()).toEqual(original);
  });

  it('undoing the latest change puts back the exact bytes from before, comments included', async () => {
    const h = await start();
    const before = h.text();
    const id = await h.call<{ backupId: string }>('fallback.set', { chain: [], baseHash: null });
    expect(h.text()).not.toBe(before);
    await h.call('backups.undo', { id: id.backupId });
    expect(h.text()).toBe(before);
  });

  it('refuses when a later change touched the same keys, names it, and writes nothing', async () => {
    const h = await start();
    const first = await setMain(h);
    const later = await h.call<{ backupId: string; summary: string }>('models.setMain', { provider: 'nous', model: 'z-ai/glm-5.2', baseHash: null });
    const text = h.text();
    const count = h.backups();
    const err = await h.fail('backups.undo', { id: first });
    expect(err.code).toBe('UNDO_CONFLICT');
    expect(err.message).toMatch(/^Cannot undo “main: openrouter · anthropic\/claude-sonnet-5 → anthropic · claude-opus-4-8”: the later change “main: anthropic · claude-opus-4-8 → nous · z-ai\/glm-5\.2” \(\d\d:\d\d UTC\) changed model\.default, model\.provider too\. Undo that one first\.$/);
    const detail = err.detail as { paths: string[]; blocking: { id: string; summary: string; createdAt: string }[] };
    expect(detail.paths).toEqual(['model.default', 'model.provider']);
    expect(detail.blocking.map((b) => b.id)).toEqual([later.backupId]);
    expect(h.text()).toBe(text);
    expect(h.backups()).toBe(count);
    // Undo the later one first, then the first one undoes.
    await h.call('backups.undo', { id: later.backupId });
    await h.call('backups.undo', { id: first });
    expect(h.value().model).toMatchObject({ provider: 'openrouter', default: 'anthropic/claude-sonnet-5' });
  });

  it('a change made outside the app that touched the keys is named as not in the timeline', async () => {
    const h = await start();
    const first = await setMain(h);
    writeFileSync(path.join(h.home, 'config.yaml'), h.text().replace('default: claude-opus-4-8', 'default: claude-haiku-4-5'));
    // Drop the watcher's record of it, as if it happened while the app was closed and nobody saw it.
    for (const f of readdirSync(path.join(h.home, 'config-backups'))) if (f.includes('external-change')) rmSync(path.join(h.home, 'config-backups', f));
    const err = await h.fail('backups.undo', { id: first });
    expect(err.code).toBe('UNDO_CONFLICT');
    expect(err.message).toMatch(/model\.default changed again since \(outside Switchboard, or by a change no longer in the backup list\)/);
  });

  it('a path already back at its old value counts as undone; nothing is written when all are', async () => {
    const h = await start("model:\n  provider: openrouter\n  default: x/y\nauxiliary:\n  vision:\n    provider: auto\n    model: ''\n");
    const first = await setVision(h);
    await setMain(h);
    await h.call('models.setAux', { task: 'vision', provider: 'auto', model: '', baseHash: null });
    expect(h.value().auxiliary!.vision).toEqual({ provider: 'auto', model: '' });
    const text = h.text();
    const r = await h.call<{ changed: boolean; backupId: string | null; summary: string }>('backups.undo', { id: first });
    expect(r).toMatchObject({ changed: false, backupId: null });
    expect(r.summary).toMatch(/^nothing to undo/);
    expect(h.text()).toBe(text);
  });

  it('a block the change created is removed again when emptied; one a later change added to stays', async () => {
    const h = await start('model:\n  provider: openrouter\n  default: x/y\n');
    const first = await setVision(h);
    expect(h.value().auxiliary!.vision).toMatchObject({ provider: 'nous' });
    await h.call('backups.undo', { id: first });
    expect(h.value()).toEqual({ model: { provider: 'openrouter', default: 'x/y' } });

    const again = await start('model:\n  provider: openrouter\n  default: x/y\n');
    const one = await setVision(again);
    await again.call('models.setAux', { task: 'mcp', provider: 'nous', model: 'z-ai/glm-5.2', baseHash: null });
    await again.call('backups.undo', { id: one });
    expect(again.value().auxiliary).toEqual({ mcp: { provider: 'nous', model: 'z-ai/glm-5.2' } });
  });

  it('works for a backup that has no kept result, from the next backup in the timeline, else says why not', async () => {
    const h = await start();
    const first = await setMain(h);
    await setVision(h);
    rmSync(path.join(h.home, 'config-backups', `${first}.after`));
    await h.call('backups.undo', { id: first });
    expect(h.value().model).toMatchObject({ provider: 'openrouter' });

    const old = await start();
    const one = await setMain(old);
    const two = await setVision(old);
    for (const id of [one, two]) rmSync(path.join(old.home, 'config-backups', `${id}.after`));
    rmSync(path.join(old.home, 'config-backups', `${two}.bak`));
    rmSync(path.join(old.home, 'config-backups', `${two}.json`));
    const err = await old.fail('backups.undo', { id: one });
    expect(err.code).toBe('UNDO_UNAVAILABLE');
    expect(err.message).toMatch(/right after this change is no longer known/);
  });

  it('snapshots and missing backups are UNDO_UNAVAILABLE with a reason', async () => {
    const h = await start();
    // A copy taken for safety (keys.importEnv does this before copying keys out of .env).
    const snapshot = await h.core.requireSession().backups.create({ file: 'env', content: h.envText(), reason: 'keys', summary: 'before importing OPENROUTER_API_KEY into the keychain' });
    const err = await h.fail('backups.undo', { id: snapshot.id });
    expect(err).toMatchObject({ code: 'UNDO_UNAVAILABLE' });
    expect(err.message).toMatch(/not a change/);
    const missing = await h.fail('backups.undo', { id: '20260101T000000.000Z-config-set-main' });
    expect(missing.code).toBe('UNDO_UNAVAILABLE');
    expect(missing.message).toMatch(/backup is gone/);
  });

  it('keeps the result of each change privately (0600) and removes it with the backup', async () => {
    const h = await start();
    const id = await setMain(h);
    const after = path.join(h.home, 'config-backups', `${id}.after`);
    expect(readFileSync(after, 'utf8')).toBe(h.text());
    expect(statSync(after).mode & 0o777).toBe(0o600);
    const listing = await h.call<{ backups: unknown[]; skipped: unknown[] }>('backups.list', {});
    expect(listing.skipped).toEqual([]);
    expect(listing.backups).toHaveLength(1);
    await h.core.requireSession().backups.remove(id!);
    expect(readdirSync(path.join(h.home, 'config-backups'))).toEqual([]);
  });

  it('never puts a secret into a conflict message, its detail or a summary', async () => {
    const h = await start();
    const first = await h.call<{ backupId: string }>('models.set', { scope: 'main', provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1', api_key: 'sk-local-SECRET-1234' });
    await h.call('models.set', { scope: 'main', provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1', api_key: 'sk-local-OTHER-5678' });
    const err = await h.fail('backups.undo', { id: first.backupId });
    expect(err.code).toBe('UNDO_CONFLICT');
    const all = JSON.stringify(err);
    expect(all).not.toMatch(/SECRET|OTHER|1234|5678/);
    expect(all).toMatch(/model\.api_key/);

    const envFirst = await h.call<{ envBackupId: string }>('keys.set', { name: 'DEEPSEEK_API_KEY', value: 'sk-deepseek-SECRET-1', store: 'env' });
    await h.call('keys.set', { name: 'DEEPSEEK_API_KEY', value: 'sk-deepseek-OTHER-2', store: 'env' });
    const envErr = await h.fail('backups.undo', { id: envFirst.envBackupId });
    expect(envErr.code).toBe('UNDO_CONFLICT');
    expect(JSON.stringify(envErr)).not.toMatch(/SECRET|OTHER|deepseek-/);
    expect((envErr.detail as { paths: string[] }).paths).toEqual(['DEEPSEEK_API_KEY']);
  });

  it('an undo of an undo of an undo toggles the change each time', async () => {
    const h = await start();
    const original = h.value();
    let id = await setMain(h);
    const changed = h.value();
    for (let i = 0; i < 4; i++) {
      const r = await h.call<{ backupId: string }>('backups.undo', { id });
      expect(h.value()).toEqual(i % 2 === 0 ? original : changed);
      id = r.backupId;
    }
  });

  it('a fresh app (restarted) undoes a change made before the restart', async () => {
    const h = await start();
    const first = await setMain(h);
    await setVision(h);
    const copy = tempDir();
    cpSync(h.home, copy, { recursive: true });
    const core = await open(copy);
    const r = (await core.dispatch('backups.undo', { id: first })) as Ok;
    expect(r.ok).toBe(true);
    const p = parseYamlText(readFileSync(path.join(copy, 'config.yaml'), 'utf8'));
    expect(p.ok && (p.parsed.value as { model: unknown }).model).toMatchObject({ provider: 'openrouter' });
  });
});
