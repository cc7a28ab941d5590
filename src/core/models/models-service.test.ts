import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { parseYamlText } from '../config/yaml-parse';
import { Core } from '../core';
import { createLogger } from '../log/logger';

/** The UI channels' transaction behaviour: baseHash, watched paths, conflicts and merges. */
const tempDir = useTempDir('sb-models-service-');
const SAMPLE = path.join(__dirname, '../../../test/fixtures/configs/hermes-sample.yaml');
const cores: Core[] = [];

afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

async function start() {
  const home = tempDir();
  const file = path.join(home, 'config.yaml');
  copyFileSync(SAMPLE, file);
  const core = await Core.create({ env: {}, platform: 'linux', homedir: home, dataDir: tempDir(), host: 'browser', version: 't', homeOverride: home, logger: createLogger({ write: () => undefined }) });
  cores.push(core);
  const hash = ((await core.dispatch('config.read', {})) as { ok: true; data: { hash: string } }).data.hash;
  const value = () => {
    const parsed = parseYamlText(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error('does not parse');
    return parsed.parsed.value as Record<string, Record<string, Record<string, unknown>>>;
  };
  const backups = () => (existsSync(path.join(home, 'config-backups')) ? readdirSync(path.join(home, 'config-backups')).filter((f) => f.endsWith('.bak')) : []);
  return { core, file, hash, value, backups };
}

describe('model writes as transactions', () => {
  it('a stale baseHash with an outside change to the model is a CONFIG_CONFLICT; nothing is written', async () => {
    const { core, file, hash, backups } = await start();
    const outside = readFileSync(file, 'utf8').replace('  default: anthropic/claude-sonnet-5', '  default: anthropic/claude-opus-4.8');
    writeFileSync(file, outside);
    const r = await core.dispatch('models.setMain', { provider: 'anthropic', model: 'claude-sonnet-4-6', baseHash: hash });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFIG_CONFLICT', detail: { paths: ['model'] } } });
    expect(readFileSync(file, 'utf8')).toBe(outside);
    expect(backups()).toEqual([]);
  });

  it('an outside change elsewhere is merged: one aux task does not depend on the others or on the main model', async () => {
    const { core, file, hash, value } = await start();
    writeFileSync(file, readFileSync(file, 'utf8').replace('  skin: default  # (hand-added)', '  skin: mono  # (hand-added)').replace('  default: anthropic/claude-sonnet-5', '  default: anthropic/claude-opus-4.8'));
    const r = await core.dispatch('models.setAux', { task: 'mcp', provider: 'anthropic', model: 'claude-haiku-4-5', baseHash: hash });
    expect(r).toMatchObject({ ok: true, data: { ok: true, tasks: ['mcp'], changed: true } });
    const v = value();
    expect(v.auxiliary!.mcp).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5' });
    expect((v.display as unknown as Record<string, unknown>).skin).toBe('mono');
    expect(v.model!.default).toBe('anthropic/claude-opus-4.8');
  });

  it('an explicit task list resets exactly those tasks; unknown tasks are refused up front', async () => {
    const { core, hash, value } = await start();
    const r = await core.dispatch('models.setAux', { task: '__reset__', tasks: ['vision', 'curator'], baseHash: hash });
    expect(r).toMatchObject({ ok: true, data: { reset: true, tasks: ['vision', 'curator'] } });
    expect(value().auxiliary!.vision).toMatchObject({ provider: 'auto', model: '' });
    expect(value().auxiliary!.compression).toMatchObject({ provider: 'openrouter' });
    const bad = await core.dispatch('models.setAux', { task: 'nope', provider: 'anthropic', model: 'x', baseHash: null });
    expect(bad).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TASK', message: 'unknown auxiliary task: nope' } });
  });

  it('re-picking the current model changes nothing and takes no backup', async () => {
    const { core, hash, backups } = await start();
    const r = await core.dispatch('models.setAux', { task: 'vision', provider: 'openrouter', model: 'google/gemini-3.5-flash', baseHash: hash });
    expect(r).toMatchObject({ ok: true, data: { changed: false, backupId: null } });
    expect(backups()).toEqual([]);
  });
});
