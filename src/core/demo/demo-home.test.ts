import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { BackupStore } from '../backups/backup-store';
import { parseYamlText } from '../config/yaml-parse';
import { effectiveFallbackChain } from '../routing/fallback-chain';
import { readRouting, validateRouting } from '../routing/routing-rules';
import { getModelsAnalytics } from '../usage/models-analytics';
import { openStateDb } from '../usage/open-statedb';
import { buildDemoHome } from './demo-home';

const tempDir = useTempDir('sb-demo-');

describe('the demo home', () => {
  it('gives every screen real content: config with all model sections, keys, history, usage, a second profile', async () => {
    const now = Date.UTC(2026, 10, 21, 12);
    const { root } = await buildDemoHome({ parent: tempDir(), now });

    const parsed = parseYamlText(readFileSync(path.join(root, 'config.yaml'), 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const config = parsed.parsed.value as Record<string, Record<string, unknown>>;
    expect(parsed.parsed.duplicates).toEqual([]);
    expect(config.model).toMatchObject({ provider: 'openrouter', default: 'anthropic/claude-sonnet-5' });
    expect(Object.keys(config.auxiliary!)).toEqual(expect.arrayContaining(['vision', 'compression', 'approval', 'curator']));
    expect(effectiveFallbackChain(config).map((e) => e.entry.provider)).toEqual(['anthropic', 'nous']);
    const routing = readRouting(config);
    expect(validateRouting(routing).filter((p) => p.severity === 'error')).toEqual([]);
    expect(routing.rules).toHaveLength(2);

    // Fake keys only, in a private file.
    const env = readFileSync(path.join(root, '.env'), 'utf8');
    expect(env).toMatch(/OPENROUTER_API_KEY=sk-or-v1-demo/);
    expect(statSync(path.join(root, '.env')).mode & 0o777).toBe(0o600);

    // A short history made by real edits, each with a summary.
    const { backups } = await new BackupStore(path.join(root, 'config-backups')).list();
    expect(backups.map((b) => b.reason)).toEqual(['set-aux', 'fallback', 'set-aux']);
    expect(backups.every((b) => b.summary.length > 0 && b.summary !== 'comments or formatting only')).toBe(true);

    // Usage over the last 30 days.
    const db = openStateDb(root);
    try {
      const analytics = getModelsAnalytics(db, { days: 30, now: now / 1000 });
      expect(analytics.totals.total_sessions).toBeGreaterThan(0);
      expect(analytics.models.length).toBeGreaterThan(2);
    } finally {
      db.close();
    }
    expect(readFileSync(path.join(root, 'profiles', 'work', 'config.yaml'), 'utf8')).toContain('openai-codex');
  });
});
