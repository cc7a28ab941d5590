import { chmodSync, existsSync, lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { AppError } from '../app-error';
import { BackupStore } from '../backups/backup-store';
import { sha256 } from '../fs/hash';
import { ConfigFile } from './config-file';

const tempDir = useTempDir();

const BASE = `# my config
model:
  default: anthropic/claude-sonnet-5   # daily driver
  provider: openrouter
  api_key: sk-or-v1-0123456789abcdef0123456789abcdef
auxiliary:
  vision:
    provider: auto
    model: ''
terminal:
  backend: local
`;

function setup(initial: string | null = BASE) {
  const home = tempDir();
  const file = path.join(home, 'config.yaml');
  if (initial !== null) writeFileSync(file, initial, { mode: 0o640 });
  const backups = new BackupStore(path.join(home, 'config-backups'));
  const config = new ConfigFile(file, { backups });
  return { home, file, backups, config };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    return err as AppError;
  }
  throw new Error(`expected ${code}`);
}

describe('ConfigFile transactions', () => {
  it('backs up the old version, then writes the edit, keeping the file mode', async () => {
    const { file, backups, config } = setup();
    const snap = await config.read();
    const result = await config.edit({
      baseHash: snap.hash,
      reason: 'set-aux',
      watchPaths: [['auxiliary', 'vision']],
      build: (v) => ({ ...v, auxiliary: { vision: { provider: 'nous', model: 'm' } } }),
    });
    expect(result.changed).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(BASE.replace("provider: auto\n    model: ''", 'provider: nous\n    model: m'));
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const { backups: list } = await backups.list();
    expect(list).toHaveLength(1);
    expect(list[0]!.reason).toBe('set-aux');
    expect(list[0]!.summary).toBe('vision: auto → nous · m');
    expect((await backups.read(list[0]!.id)).content).toBe(BASE);
    expect(statSync(path.join(backups.dir, `${list[0]!.id}.bak`)).mode & 0o777).toBe(0o600);
    expect(result.hash).toBe(sha256(text));
  });

  it('creates a new config.yaml with mode 0600', async () => {
    const { file, config } = setup(null);
    const snap = await config.read();
    expect(snap.exists).toBe(false);
    await config.edit({ baseHash: snap.hash, reason: 'set-main', watchPaths: [['model']], build: () => ({ model: { default: 'x', provider: 'nous' } }) });
    expect(readFileSync(file, 'utf8')).toBe('model:\n  default: x\n  provider: nous\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes through a symlink and keeps the link', async () => {
    const { home, backups } = setup(null);
    const realDir = path.join(home, 'dotfiles');
    mkdirSync(realDir);
    const real = path.join(realDir, 'hermes-config.yaml');
    writeFileSync(real, BASE);
    const link = path.join(home, 'config.yaml');
    symlinkSync(real, link);
    const config = new ConfigFile(link, { backups });
    await config.edit({ baseHash: null, reason: 'set-main', watchPaths: [], build: (v) => ({ ...v, terminal: { backend: 'docker' } }) });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('backend: docker');
  });

  it('reports a conflict, with both versions masked, when the edited part changed outside', async () => {
    const { file, config } = setup();
    const snap = await config.read();
    writeFileSync(file, BASE.replace('provider: auto', 'provider: openrouter'));
    const err = await expectCode(
      config.edit({ baseHash: snap.hash, reason: 'set-aux', watchPaths: [['auxiliary', 'vision']], build: (v) => v }),
      'CONFIG_CONFLICT',
    );
    const detail = err.detail as { ours: string; theirs: string; paths: string[] };
    expect(detail.paths).toEqual(['auxiliary.vision']);
    expect(detail.theirs).toContain('provider: openrouter');
    expect(detail.ours).toContain('provider: auto');
    expect(detail.ours + detail.theirs).not.toContain('0123456789abcdef0123456789abcdef');
    expect(detail.theirs).toContain("api_key: '••••cdef'");
  });

  it('merges when the outside change touched other parts', async () => {
    const { file, config } = setup();
    const snap = await config.read();
    const outside = BASE.replace('# my config', '# my config\n# added by hand while the app was open');
    writeFileSync(file, outside);
    const result = await config.edit({
      baseHash: snap.hash,
      reason: 'set-aux',
      watchPaths: [['auxiliary', 'vision']],
      build: (v) => ({ ...v, auxiliary: { vision: { provider: 'nous', model: '' } } }),
    });
    expect(result.merged).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# added by hand while the app was open');
    expect(text).toContain('provider: nous');
  });

  it('never writes when the current file does not parse, and leaves it byte-for-byte', async () => {
    const broken = BASE + 'oops: [unclosed\n';
    const { file, backups, config } = setup(broken);
    const snap = await config.read();
    expect(snap.parse.ok).toBe(false);
    if (!snap.parse.ok) expect(snap.parse.error.line).toBe(13);
    await expectCode(config.edit({ baseHash: snap.hash, reason: 'set-main', watchPaths: [], build: (v) => v }), 'CONFIG_PARSE_ERROR');
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect((await backups.list()).backups).toHaveLength(0);
  });

  it('refuses a whole-file replacement that does not parse', async () => {
    const { file, config } = setup();
    const snap = await config.read();
    await expectCode(config.replaceText({ baseHash: snap.hash, text: 'a: [', reason: 'repair' }), 'CONFIG_PARSE_ERROR');
    expect(readFileSync(file, 'utf8')).toBe(BASE);
  });

  it('repairs a broken file with a validated replacement and keeps the broken one as a backup', async () => {
    const broken = BASE + 'oops: [unclosed\n';
    const { file, backups, config } = setup(broken);
    const snap = await config.read();
    await config.replaceText({ baseHash: snap.hash, text: BASE, reason: 'repair' });
    expect(readFileSync(file, 'utf8')).toBe(BASE);
    const [b] = (await backups.list()).backups;
    expect(b?.reason).toBe('repair');
    expect((await backups.read(b!.id)).content).toBe(broken);
  });

  it('leaves no temp files behind', async () => {
    const { home, config } = setup();
    for (let i = 0; i < 5; i++) {
      await config.edit({ baseHash: null, reason: 'set-main', watchPaths: [], build: (v) => ({ ...v, n: i }) });
    }
    await config.close();
    expect(readdirSync(home).filter((n) => n.includes('tmp'))).toEqual([]);
    expect(existsSync(path.join(home, 'config.yaml'))).toBe(true);
  });

  it('keeps mode 0640 across many writes and rotates backups at the retention count', async () => {
    const { file, backups, config } = setup();
    for (let i = 0; i < 13; i++) {
      await config.edit({ baseHash: null, reason: 'set-main', watchPaths: [], build: (v) => ({ ...v, n: i }) });
    }
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const { backups: list } = await backups.list();
    expect(list).toHaveLength(10);
    chmodSync(file, 0o600);
  });
});
