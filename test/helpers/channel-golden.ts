import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { Core } from '../../src/core/core';
import { createLogger } from '../../src/core/log/logger';
import { parseYamlText } from '../../src/core/config/yaml-parse';
import type { ChannelName } from '../../src/shared/contract';
import { lineDiff } from './line-diff';

/** One golden case: a real channel call on a corpus file, and exactly what it may change. */
export interface ChannelGoldenCase {
  fixture: string;
  name: string;
  channel: ChannelName;
  request: Record<string, unknown>;
  removed: string[];
  added: string[];
  /** The backup reason the write must use. */
  reason: string;
  /** Checks on the channel's answer. */
  answer?: Record<string, unknown>;
  /** dotted path → value (`undefined` = absent) in the parsed result. */
  value?: Record<string, unknown>;
}

function getPath(value: unknown, dotted: string): unknown {
  let v: unknown = value;
  for (const key of dotted.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/**
 * Runs a case through the real dispatch (what the UI and the REST API call) in a temp home and
 * checks: the exact lines removed and added; byte equality with `<goldenDir>/<fixture>--<case>.yaml`
 * (`UPDATE_GOLDEN=1` rewrites it — review the diff); the values Hermes will read; BOM and line
 * endings; and one backup of the previous version, named by the action.
 */
export async function runChannelGolden(c: ChannelGoldenCase, dirs: { fixtures: readonly string[]; golden: string; home: string; dataDir: string }): Promise<void> {
  const source = dirs.fixtures.map((d) => path.join(d, `${c.fixture}.yaml`)).find((p) => existsSync(p));
  if (!source) throw new Error(`no fixture named ${c.fixture}`);
  const config = path.join(dirs.home, 'config.yaml');
  copyFileSync(source, config);
  const before = readFileSync(config, 'utf8');
  const core = await Core.create({ env: {}, platform: 'linux', homedir: dirs.home, dataDir: dirs.dataDir, host: 'browser', version: 't', homeOverride: dirs.home, logger: createLogger({ write: () => undefined }) });
  try {
    const hash = ((await core.dispatch('config.read', {})) as { ok: true; data: { hash: string } }).data.hash;
    const result = await core.dispatch(c.channel, { ...c.request, baseHash: hash });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const data = (result as { ok: true; data: Record<string, unknown> }).data;
    expect(data.ok).toBe(true);
    expect(data.changed).toBe(true);
    if (c.answer) expect(data).toMatchObject(c.answer);
    const after = readFileSync(config, 'utf8');

    if (process.env.SHOW_DIFF === '1') console.log(c.fixture, c.name, JSON.stringify(lineDiff(before, after)));
    expect(lineDiff(before, after)).toEqual({ removed: c.removed, added: c.added });
    const goldenPath = path.join(dirs.golden, `${c.fixture}--${c.name}.yaml`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, after);
    expect(existsSync(goldenPath), `missing golden file ${goldenPath}`).toBe(true);
    expect(after).toBe(readFileSync(goldenPath, 'utf8'));

    const parsed = parseYamlText(after);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) for (const [p, v] of Object.entries(c.value ?? {})) expect(getPath(parsed.parsed.value, p), p).toEqual(v);
    expect(after.startsWith('\uFEFF')).toBe(before.startsWith('\uFEFF'));
    expect(after.includes('\r\n')).toBe(before.includes('\r\n'));

    const backups = readdirSync(path.join(dirs.home, 'config-backups')).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`-config-${c.reason}\\.bak$`));
    expect(readFileSync(path.join(dirs.home, 'config-backups', backups[0]!), 'utf8')).toBe(before);
  } finally {
    await core.close();
  }
}
