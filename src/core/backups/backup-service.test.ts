import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lineDiff } from '../../../test/helpers/line-diff';
import { useTempDir } from '../../../test/helpers/temp-home';
import { AppError } from '../app-error';
import { sha256 } from '../fs/hash';
import { createLogger } from '../log/logger';
import { HomeSession } from '../session';
import { diffBackup, listTimeline, planRestore, previewRestore, restoreBackup } from './backup-service';

const tempDir = useTempDir('sb-backups-');
const SAMPLE = path.join(__dirname, '../../../test/fixtures/configs/hermes-sample.yaml');
const quiet = createLogger({ write: () => undefined });
const open: HomeSession[] = [];
/** One clock for every session here, ticking a second per backup, so reopened homes keep the order. */
let clock = Date.parse('2026-11-21T10:00:00Z');

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** A real session on a temp home, with a clock that ticks one second per backup. */
async function session(options: { home?: string; retention?: number; stateDir?: string | null; config?: string } = {}) {
  const home = options.home ?? tempDir();
  if (options.config !== undefined) writeFileSync(path.join(home, 'config.yaml'), options.config);
  else if (!options.home) copyFileSync(SAMPLE, path.join(home, 'config.yaml'));

  const s = new HomeSession({ root: home, rootSource: 'command-line', profile: 'default', profileSource: 'default', dir: home, notes: [] }, false, {
    retention: () => options.retention ?? 10,
    emit: () => undefined,
    logger: quiet,
    stateDir: options.stateDir === undefined ? null : options.stateDir,
    now: () => (clock += 1000),
  });
  await s.start();
  open.push(s);
  return { s, home, config: path.join(home, 'config.yaml') };
}

const read = (p: string) => readFileSync(p, 'utf8');

async function setVision(s: HomeSession, provider: string, model: string) {
  const snap = await s.config.read();
  return s.config.edit({
    baseHash: snap.hash,
    reason: 'set-aux',
    watchPaths: [['auxiliary', 'vision']],
    build: (cur) => {
      const aux = cur.auxiliary as Record<string, Record<string, unknown>>;
      aux.vision = { ...aux.vision, provider, model };
      return cur;
    },
  });
}

async function setMain(s: HomeSession, provider: string, model: string) {
  return s.config.edit({
    baseHash: null,
    reason: 'set-main',
    watchPaths: [['model']],
    build: (cur) => ({ ...cur, model: { default: model, provider } }),
  });
}

async function addFallback(s: HomeSession) {
  return s.config.edit({
    baseHash: null,
    reason: 'fallback',
    watchPaths: [['fallback_providers']],
    build: (cur) => ({ ...cur, fallback_providers: [...(cur.fallback_providers as unknown[]), { provider: 'nous', model: 'z-ai/glm-5.2' }] }),
  });
}

async function rejects(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('backup timeline', () => {
  it('lists every write newest first with a one-line summary of what it changed', async () => {
    const { s } = await session();
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    await setVision(s, 'nous', 'z-ai/glm-5.2');
    await addFallback(s);
    const t = await listTimeline(s);
    expect(t.backups.map((b) => b.reason)).toEqual(['fallback', 'set-aux', 'set-main']);
    expect(t.backups.map((b) => b.summary)).toEqual([
      'fallback: +1 entry',
      'vision: openrouter · google/gemini-3.5-flash → nous · z-ai/glm-5.2',
      expect.stringMatching(/^main: openrouter · anthropic\/claude-sonnet-5 → anthropic · claude-opus-4-8/),
    ]);
    // Each entry's "after" is the next entry's content, and the newest one's is the current file.
    expect(t.backups[0]!.nextSha256).toBe(t.current.config);
    expect(t.backups[1]!.nextSha256).toBe(t.backups[0]!.sha256);
    expect(t.backups.every((b) => !b.pruneNext)).toBe(true);
  });

  it('shows .env backups written through session.env.editText, and restores them whole', async () => {
    const { s, home } = await session();
    const envPath = path.join(home, '.env');
    writeFileSync(envPath, 'OPENROUTER_API_KEY=sk-or-v1-aaaaaaaaaaaaaaaaaaaaaaaa1111\n', { mode: 0o600 });
    const original = read(envPath);
    await s.env.editText({
      baseHash: null,
      reason: 'keys',
      transform: (cur) => ({ text: cur + 'ANTHROPIC_API_KEY=sk-ant-bbbbbbbbbbbbbbbbbbbbbbbb2222\n', summary: 'keys: +ANTHROPIC_API_KEY' }),
    });
    const t = await listTimeline(s);
    const env = t.backups.filter((b) => b.file === 'env');
    expect(env).toHaveLength(1);
    expect(env[0]).toMatchObject({ reason: 'keys', summary: 'keys: +ANTHROPIC_API_KEY', nextSha256: t.current.env });

    const diff = await diffBackup(s, env[0]!.id, 'current');
    expect(diff.file).toBe('env');
    expect(diff.added).toBe(1);
    const json = JSON.stringify(diff);
    expect(json).not.toContain('bbbbbbbbbbbbbbbb');
    expect(json).not.toContain('aaaaaaaaaaaaaaaa');
    expect(json).toContain('ANTHROPIC_API_KEY=••••2222');

    expect((await rejects(planRestore(s, env[0]!.id, ['model']))).code).toBe('INVALID_INPUT');
    const r = await restoreBackup(s, { id: env[0]!.id });
    expect(r).toMatchObject({ changed: true, file: 'env', method: 'whole' });
    expect(r.summary).toMatch(/^restored the whole file from 2026-11-21 \d\d:\d\d UTC: keys: −ANTHROPIC_API_KEY$/);
    expect(read(envPath)).toBe(original);
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
  });
});

describe('restore', () => {
  it('restores only auxiliary, takes a pre_restore backup that says what changed, and undoes in one step', async () => {
    const { s, config } = await session();
    const v0 = read(config);
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    await setVision(s, 'nous', 'z-ai/glm-5.2');
    await addFallback(s);
    const v3 = read(config);
    const oldest = (await listTimeline(s)).backups.at(-1)!;
    expect(oldest.sha256).toBe(sha256(v0));

    const preview = await previewRestore(s, oldest.id, ['auxiliary']);
    expect(preview.method).toBe('splice');
    expect(preview.groups.find((g) => g.id === 'auxiliary')).toMatchObject({ changed: true, inBackup: true, inCurrent: true });
    expect(preview.groups.find((g) => g.id === 'model')).toMatchObject({ changed: true });
    expect(preview.groups.find((g) => g.id === 'terminal')).toMatchObject({ changed: false });
    expect(preview.diff.sections[0]).toMatchObject({ key: 'auxiliary', status: 'changed', added: 2, removed: 2 });

    const r = await restoreBackup(s, { id: oldest.id, sections: ['auxiliary'], baseHash: preview.baseHash });
    const v4 = read(config);
    expect(lineDiff(v3, v4)).toEqual({ removed: ['    provider: nous', '    model: z-ai/glm-5.2'], added: ['    provider: openrouter', '    model: google/gemini-3.5-flash'] });
    expect(r).toMatchObject({ changed: true, method: 'splice', keys: ['auxiliary'], hash: sha256(v4) });
    expect(r.summary).toMatch(/^restored auxiliary from 2026-11-2\d \d\d:\d\d UTC: vision: nous · z-ai\/glm-5.2 → openrouter · google\/gemini-3.5-flash$/);

    const pre = (await listTimeline(s)).backups[0]!;
    expect(pre).toMatchObject({ id: r.preRestoreId, reason: 'pre_restore', sha256: sha256(v3), nextSha256: sha256(v4), summary: r.summary });

    // Undo = restore the pre_restore backup; that is itself backed up.
    const undo = await restoreBackup(s, { id: r.preRestoreId!, baseHash: r.hash });
    expect(read(config)).toBe(v3);
    expect(undo.summary).toMatch(/^undid the restore of 2026-11-21 \d\d:\d\d UTC: vision: openrouter · google\/gemini-3.5-flash → nous · z-ai\/glm-5.2$/);
    const after = (await listTimeline(s)).backups;
    expect(after[0]).toMatchObject({ reason: 'pre_restore', sha256: sha256(v4) });
    // …and the undo can be undone too.
    await restoreBackup(s, { id: undo.preRestoreId! });
    expect(read(config)).toBe(v4);
  });

  it('restores the whole file, and treats a file changed since it was shown as a conflict', async () => {
    const { s, config } = await session();
    const v0 = read(config);
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    const [b] = (await listTimeline(s)).backups;
    const preview = await previewRestore(s, b!.id, undefined);
    expect(preview).toMatchObject({ whole: true, method: 'whole', changed: true });

    // Someone edits the file after the preview was shown.
    const edited = read(config).replace('timezone: Europe/Berlin', 'timezone: Europe/Paris');
    writeFileSync(config, edited);
    const err = await rejects(restoreBackup(s, { id: b!.id, baseHash: preview.baseHash }));
    expect(err.code).toBe('CONFIG_CONFLICT');
    expect(read(config)).toBe(edited);

    const r = await restoreBackup(s, { id: b!.id });
    expect(read(config)).toBe(v0);
    expect(r.summary).toMatch(/^restored the whole file from .*: main: anthropic · claude-opus-4-8 → openrouter · anthropic\/claude-sonnet-5; timezone changed$/);
  });

  it('says so when restoring changes nothing, and writes no backup', async () => {
    const { s } = await session();
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    const [b] = (await listTimeline(s)).backups;
    const preview = await previewRestore(s, b!.id, ['terminal']);
    expect(preview.changed).toBe(false);
    const r = await restoreBackup(s, { id: b!.id, sections: ['terminal'] });
    expect(r).toMatchObject({ changed: false, preRestoreId: null });
    expect((await listTimeline(s)).backups).toHaveLength(1);
  });

  it('rejects sections neither version has, and section restores into a file that does not parse', async () => {
    const { s, config } = await session();
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    const [b] = (await listTimeline(s)).backups;
    expect((await rejects(planRestore(s, b!.id, ['no_such_section']))).code).toBe('INVALID_INPUT');
    expect((await rejects(planRestore(s, b!.id, []))).code).toBe('INVALID_INPUT');
    writeFileSync(config, read(config) + 'broken: [1, 2\n');
    expect((await rejects(planRestore(s, b!.id, ['model']))).code).toBe('CONFIG_PARSE_ERROR');
    // A whole-file restore is how a broken file gets repaired from a backup.
    await restoreBackup(s, { id: b!.id });
    expect(read(config)).toBe(readFileSync(SAMPLE, 'utf8'));
  });

  it('uses a value-level edit for a file with anchors, and says so', async () => {
    const anchors = readFileSync(path.join(__dirname, '../../../test/fixtures/configs/anchors-merge.yaml'), 'utf8');
    const { s, config } = await session({ config: anchors });
    await s.config.edit({ baseHash: null, reason: 'set-main', watchPaths: [['model']], build: (c) => ({ ...c, model: { default: 'x', provider: 'nous' } }) });
    const [b] = (await listTimeline(s)).backups;
    const r = await restoreBackup(s, { id: b!.id, sections: ['model'] });
    expect(r.method).toBe('value');
    expect(r.note).toMatch(/anchors/);
    expect(read(config)).toBe(anchors);
  });
});

describe('retention and pins', () => {
  it('keeps the newest N (pre_restore included) plus pinned ones, and marks what the next write prunes', async () => {
    const { s, config } = await session({ retention: 3 });
    for (let i = 0; i < 4; i++) await setVision(s, 'nous', `m-${i}`);
    let t = await listTimeline(s);
    expect(t.backups).toHaveLength(3);
    // 3 kept; the next write adds one, so the oldest of them goes.
    expect(t.backups.map((b) => b.pruneNext)).toEqual([false, false, true]);

    await s.backups.setPinned(t.backups[2]!.id, true);
    const pinnedId = t.backups[2]!.id;
    t = await listTimeline(s);
    expect(t.backups.map((b) => b.pruneNext)).toEqual([false, false, false]);

    await setVision(s, 'nous', 'm-4');
    await restoreBackup(s, { id: t.backups[0]!.id, sections: ['auxiliary'] });
    t = await listTimeline(s);
    expect(t.backups.map((b) => b.reason)).toEqual(['pre_restore', 'set-aux', 'set-aux', 'set-aux']);
    expect(t.backups.find((b) => b.id === pinnedId)?.pinned).toBe(true);
    expect(t.backups.filter((b) => !b.pinned)).toHaveLength(3);
    expect(t.backups.filter((b) => b.pruneNext)).toHaveLength(1);
    expect(t.backups.find((b) => b.pruneNext)?.pinned).toBe(false);

    // Unpinning makes the old one the first to go again.
    await s.backups.setPinned(pinnedId, false);
    t = await listTimeline(s);
    expect(t.backups.filter((b) => b.pruneNext).map((b) => b.id)).toContain(pinnedId);
    expect(read(config)).toContain('model: m-2');
  });

  it('writes backup files 0600, also after pinning', async () => {
    const { s, home } = await session();
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    const [b] = (await listTimeline(s)).backups;
    await s.backups.setPinned(b!.id, true);
    const dir = path.join(home, 'config-backups');
    const files = readdirSync(dir);
    // .after: the version the change produced, kept for a later undo of just that change.
    expect(files.sort()).toEqual([`${b!.id}.after`, `${b!.id}.bak`, `${b!.id}.json`]);
    for (const f of files) expect(statSync(path.join(dir, f)).mode & 0o777, f).toBe(0o600);
  });

  it('lists the good backups of a folder with foreign and corrupt files, and says what it skipped', async () => {
    const { s, home } = await session();
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    await setVision(s, 'nous', 'z-ai/glm-5.2');
    await addFallback(s);
    const dir = path.join(home, 'config-backups');
    const [newest, middle, oldest] = (await listTimeline(s)).backups;
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    writeFileSync(path.join(dir, 'config.yaml.orig'), 'model: x\n');
    mkdirSync(path.join(dir, 'old'));
    writeFileSync(path.join(dir, '20260101T000000.000Z-config-set-main.json'), '{not json');
    writeFileSync(path.join(dir, '20260101T000000.000Z-config-set-main.bak'), 'model: y\n');
    writeFileSync(path.join(dir, '20260102T000000.000Z-config-set-aux.json'), JSON.stringify({ id: '20260102T000000.000Z-config-set-aux' }));
    writeFileSync(path.join(dir, '20260102T000000.000Z-config-set-aux.bak'), 'model: y\n');
    writeFileSync(path.join(dir, '20260103T000000.000Z-config-set-aux.json'), '{}');
    // One of ours truncated on disk.
    writeFileSync(path.join(dir, `${middle!.id}.bak`), 'model:\n');

    const t = await listTimeline(s);
    expect(t.backups.map((b) => b.id)).toEqual([newest!.id, oldest!.id]);
    const skipped = Object.fromEntries(t.skipped.map((x) => [x.name, x.reason]));
    expect(skipped).toMatchObject({
      'notes.txt': 'not a Switchboard backup file',
      'config.yaml.orig': 'not a Switchboard backup file',
      old: 'not a Switchboard backup file',
      '20260101T000000.000Z-config-set-main.json': 'metadata is not valid JSON',
      '20260102T000000.000Z-config-set-aux.json': 'metadata is incomplete',
      '20260103T000000.000Z-config-set-aux.json': 'backup content is missing',
      [`${middle!.id}.bak`]: expect.stringMatching(/checksum/),
    });
    expect((await rejects(restoreBackup(s, { id: middle!.id }))).code).toBe('BACKUP_CORRUPT');
    // The good ones still restore.
    await restoreBackup(s, { id: oldest!.id });
    expect(read(path.join(home, 'config.yaml'))).toBe(readFileSync(SAMPLE, 'utf8'));
  });
});

describe('compare', () => {
  it('diffs two backups older → newer, changed sections first, secrets masked', async () => {
    const secret = 'sk-live-abcdefghijklmnopqrstuvwxyz123456';
    const text = readFileSync(SAMPLE, 'utf8').replace("  api_mode: chat_completions\n  context_length: 200000\n", `  api_mode: chat_completions\n  context_length: 200000\n  api_key: ${secret}\n`);
    const { s } = await session({ config: text });
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    await setVision(s, 'nous', 'z-ai/glm-5.2');
    const [newer, older] = (await listTimeline(s)).backups;
    // Either order of the arguments gives older → newer.
    for (const [a, b] of [
      [older!.id, newer!.id],
      [newer!.id, older!.id],
    ] as const) {
      const d = await diffBackup(s, a, b);
      expect(d.from.id).toBe(older!.id);
      expect(d.to.id).toBe(newer!.id);
      expect(d.sections[0]).toMatchObject({ key: 'model', status: 'changed' });
      expect(d.sections.slice(d.changedSections).every((x) => x.status === 'unchanged')).toBe(true);
      const json = JSON.stringify(d);
      expect(json).not.toContain('abcdefghijklmnop');
      expect(json).toContain("api_key: '••••3456'");
    }
    const vsCurrent = await diffBackup(s, older!.id, 'current');
    expect(vsCurrent.to).toMatchObject({ kind: 'current', sha256: sha256(readFileSync(path.join(s.dir, 'config.yaml'), 'utf8')) });
    expect(vsCurrent.sections.filter((x) => x.status !== 'unchanged').map((x) => x.key)).toEqual(['model', 'auxiliary']);
    expect(JSON.stringify(vsCurrent)).not.toContain('abcdefghijklmnop');
  });
});

describe('changes made while the app was closed', () => {
  it('records them truthfully from the private copy of the last version seen', async () => {
    const home = tempDir();
    const stateDir = path.join(tempDir(), 'state');
    copyFileSync(SAMPLE, path.join(home, 'config.yaml'));
    const config = path.join(home, 'config.yaml');

    // First open: nothing to compare with, nothing recorded; the copy is kept privately.
    let { s } = await session({ home, stateDir });
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    const seen = read(config);
    await s.close();
    const copy = path.join(stateDir, 'last-seen-config.yaml');
    expect(read(copy)).toBe(seen);
    expect(statSync(copy).mode & 0o777).toBe(0o600);

    // Closed: the user edits the file by hand.
    writeFileSync(config, seen.replace('timezone: Europe/Berlin', 'timezone: Asia/Tokyo'));
    ({ s } = await session({ home, stateDir }));
    const [entry] = (await listTimeline(s)).backups;
    expect(entry).toMatchObject({ reason: 'external-change', sha256: sha256(seen), nextSha256: sha256(read(config)) });
    expect(entry!.summary).toMatch(/^changed outside Switchboard while it was closed \(saved .* UTC\): timezone changed$/);
    await restoreBackup(s, { id: entry!.id });
    expect(read(config)).toBe(seen);
    await s.close();

    // Reopening without a change records nothing new.
    const count = (await listTimeline((await session({ home, stateDir })).s)).backups.length;
    expect(count).toBe(3);
  });

  it('invents nothing when the app itself wrote the current version', async () => {
    const home = tempDir();
    const stateDir = path.join(tempDir(), 'state');
    copyFileSync(SAMPLE, path.join(home, 'config.yaml'));
    let { s } = await session({ home, stateDir });
    await s.close();
    // As if the app crashed right after a write, before its copy was updated.
    ({ s } = await session({ home, stateDir: null }));
    await setMain(s, 'anthropic', 'claude-opus-4-8');
    await s.close();
    ({ s } = await session({ home, stateDir }));
    expect((await listTimeline(s)).backups.map((b) => b.reason)).toEqual(['set-main']);
    await s.close(); // the copy is written off the write path; closing waits for it
    expect(read(path.join(stateDir, 'last-seen-config.yaml'))).toBe(read(path.join(home, 'config.yaml')));
  });
});
