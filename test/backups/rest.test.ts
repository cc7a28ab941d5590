import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupDiff, BackupList, RestorePreview, RestoreResult } from '../../src/shared/contract/backups';
import { useTestHost } from '../helpers/test-host';

const SAMPLE = path.join(__dirname, '../fixtures/configs/hermes-sample.yaml');
const host = useTestHost('sb-backups-rest-', 'test-token-backups-0123456789');

async function start() {
  const { core, home, api: call } = await host();
  const session = core.requireSession();
  // Two writes: the main model, then the vision model.
  await session.config.edit({ baseHash: null, reason: 'set-main', watchPaths: [['model']], build: (c) => ({ ...c, model: { default: 'claude-opus-4-8', provider: 'anthropic' } }) });
  await session.config.edit({
    baseHash: null,
    reason: 'set-aux',
    watchPaths: [['auxiliary', 'vision']],
    build: (c) => {
      const aux = c.auxiliary as Record<string, Record<string, unknown>>;
      aux.vision = { ...aux.vision, provider: 'nous', model: 'z-ai/glm-5.2' };
      return c;
    },
  });
  const api = async <T>(method: string, pathname: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const r = await call(method, pathname, body);
    return { status: r.status, json: r.json as T };
  };
  return { home, config: path.join(home, 'config.yaml'), api };
}

describe('backups REST API on the browser host', () => {
  it('lists, diffs, previews, restores sections and pins, with Hermes-style raw responses', async () => {
    const { config, api } = await start();
    const sample = readFileSync(SAMPLE, 'utf8');

    const list = await api<BackupList>('GET', '/api/backups');
    expect(list.status).toBe(200);
    expect(list.json.backups.map((b) => b.reason)).toEqual(['set-aux', 'set-main']);
    const [aux, main] = list.json.backups;

    const diff = await api<BackupDiff>('GET', `/api/backups/${main!.id}/diff?against=current`);
    expect(diff.status).toBe(200);
    expect(diff.json.from.id).toBe(main!.id);
    expect(diff.json.to.kind).toBe('current');
    expect(diff.json.sections.filter((s) => s.status !== 'unchanged').map((s) => s.key)).toEqual(['model', 'auxiliary']);

    const between = await api<BackupDiff>('GET', `/api/backups/${aux!.id}/diff?against=${main!.id}`);
    expect(between.json.from.id).toBe(main!.id);
    expect(between.json.sections.filter((s) => s.status !== 'unchanged').map((s) => s.key)).toEqual(['model']);

    const preview = await api<RestorePreview>('GET', `/api/backups/${main!.id}/restore-preview?sections=auxiliary`);
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ whole: false, keys: ['auxiliary'], method: 'splice', changed: true });
    // Only the masked diff crosses, never the raw text of either version.
    expect(Object.keys(preview.json).sort()).toEqual(['baseHash', 'changed', 'diff', 'file', 'groups', 'keys', 'method', 'note', 'summary', 'whole']);

    const restored = await api<RestoreResult>('POST', '/api/backups/restore', { id: main!.id, sections: ['auxiliary'] });
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ changed: true, keys: ['auxiliary'] });
    const now = readFileSync(config, 'utf8');
    expect(now).toContain('    provider: openrouter\n    model: google/gemini-3.5-flash\n');
    expect(now).toContain('  default: claude-opus-4-8\n  provider: anthropic\n');

    // Undo through the same route.
    await api('POST', '/api/backups/restore', { id: restored.json.preRestoreId });
    expect(readFileSync(config, 'utf8')).toContain('    provider: nous\n    model: z-ai/glm-5.2\n');

    const pin = await api<{ pinned: boolean; id: string }>('POST', `/api/backups/${main!.id}/pin`, { pinned: true });
    expect(pin.status).toBe(200);
    expect(pin.json).toMatchObject({ id: main!.id, pinned: true });
    const pinnedByDefault = await api<{ pinned: boolean }>('POST', `/api/backups/${aux!.id}/pin`);
    expect(pinnedByDefault.json.pinned).toBe(true);
    expect((await api<BackupList>('GET', '/api/backups')).json.backups.filter((b) => b.pinned)).toHaveLength(2);

    // The UI's RPC route still answers with the envelope.
    const rpc = await api<{ ok: boolean; data: BackupList }>('POST', '/api/rpc/backups.list', {});
    expect(rpc.json.ok).toBe(true);
    expect(rpc.json.data.backups.length).toBe(4);

    // Whole-file restore gets the original back.
    const oldest = (await api<BackupList>('GET', '/api/backups')).json.backups.at(-1)!;
    await api('POST', '/api/backups/restore', { id: oldest.id });
    expect(readFileSync(config, 'utf8')).toBe(sample);
  });

  it('answers errors with HTTP status and {detail, code}', async () => {
    const { api, config } = await start();
    const missing = await api<{ code: string; detail: string }>('GET', '/api/backups/20200101T000000.000Z-config-set-main/diff');
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('BACKUP_NOT_FOUND');

    const [b] = (await api<BackupList>('GET', '/api/backups')).json.backups;
    const before = readFileSync(config, 'utf8');
    const conflict = await api<{ code: string }>('POST', '/api/backups/restore', { id: b!.id, baseHash: '0'.repeat(64) });
    expect(conflict.status).toBe(409);
    expect(conflict.json.code).toBe('CONFIG_CONFLICT');
    expect(readFileSync(config, 'utf8')).toBe(before);

    const bad = await api<{ code: string }>('POST', '/api/backups/restore', { id: b!.id, sections: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('INVALID_INPUT');
  });
});
