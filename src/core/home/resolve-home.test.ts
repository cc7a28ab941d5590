import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { listProfiles, platformDefaultRoot, resolveHermesHome } from './resolve-home';

const tempDir = useTempDir('sb-home-');

describe('resolveHermesHome (mirrors hermes_constants.get_hermes_home + active_profile)', () => {
  it('uses ~/.hermes by default and %LOCALAPPDATA%\\hermes on Windows', () => {
    expect(platformDefaultRoot({ env: {}, platform: 'linux', homedir: '/home/u' })).toBe('/home/u/.hermes');
    expect(platformDefaultRoot({ env: {}, platform: 'darwin', homedir: '/Users/u' })).toBe('/Users/u/.hermes');
    expect(platformDefaultRoot({ env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, platform: 'win32', homedir: 'C:\\Users\\u' })).toBe(
      path.join('C:\\Users\\u\\AppData\\Local', 'hermes'),
    );
    expect(platformDefaultRoot({ env: {}, platform: 'win32', homedir: '/u' })).toBe(path.join('/u', 'AppData', 'Local', 'hermes'));
  });

  it('takes HERMES_HOME (trimmed; empty means unset)', async () => {
    const root = tempDir();
    const home = tempDir();
    expect((await resolveHermesHome({ env: { HERMES_HOME: `  ${root}  ` }, platform: 'linux', homedir: home })).dir).toBe(root);
    const r = await resolveHermesHome({ env: { HERMES_HOME: '   ' }, platform: 'linux', homedir: home });
    expect(r.root).toBe(path.join(home, '.hermes'));
    expect(r.rootSource).toBe('platform-default');
  });

  it('follows active_profile to profiles/<name>', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'profiles', 'work'), { recursive: true });
    writeFileSync(path.join(root, 'active_profile'), 'work\n');
    const r = await resolveHermesHome({ env: { HERMES_HOME: root }, platform: 'linux', homedir: '/nowhere' });
    expect(r).toMatchObject({ root, profile: 'work', profileSource: 'active_profile', dir: path.join(root, 'profiles', 'work') });
  });

  it('falls back to the default profile, with a note, when active_profile is invalid or missing its directory', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'active_profile'), 'ghost');
    const missing = await resolveHermesHome({ env: { HERMES_HOME: root }, platform: 'linux', homedir: '/x' });
    expect(missing.dir).toBe(root);
    expect(missing.notes[0]).toMatch(/ghost.*does not exist/);
    writeFileSync(path.join(root, 'active_profile'), '../etc');
    const invalid = await resolveHermesHome({ env: { HERMES_HOME: root }, platform: 'linux', homedir: '/x' });
    expect(invalid.dir).toBe(root);
    expect(invalid.notes[0]).toMatch(/not a valid profile name/);
    writeFileSync(path.join(root, 'active_profile'), 'default');
    expect((await resolveHermesHome({ env: { HERMES_HOME: root }, platform: 'linux', homedir: '/x' })).profile).toBe('default');
  });

  it('treats HERMES_HOME inside profiles/ as that profile, with the grandparent as root', async () => {
    const root = tempDir();
    const prof = path.join(root, 'profiles', 'lab');
    mkdirSync(prof, { recursive: true });
    writeFileSync(path.join(root, 'active_profile'), 'other');
    const r = await resolveHermesHome({ env: { HERMES_HOME: prof }, platform: 'linux', homedir: '/x' });
    expect(r).toMatchObject({ root, profile: 'lab', profileSource: 'HERMES_HOME', dir: prof });
  });

  it('lets --home override HERMES_HOME', async () => {
    const a = tempDir();
    const b = tempDir();
    const r = await resolveHermesHome({ env: { HERMES_HOME: a }, platform: 'linux', homedir: '/x' }, b);
    expect(r).toMatchObject({ root: b, rootSource: 'command-line' });
  });

  it('lists the default profile and every valid profile directory', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'config.yaml'), 'model: x\n');
    mkdirSync(path.join(root, 'profiles', 'b-two'), { recursive: true });
    mkdirSync(path.join(root, 'profiles', 'a1'), { recursive: true });
    mkdirSync(path.join(root, 'profiles', 'Bad Name'), { recursive: true });
    writeFileSync(path.join(root, 'profiles', 'a1', 'config.yaml'), '{}\n');
    writeFileSync(path.join(root, 'active_profile'), 'a1');
    const list = await listProfiles(root);
    expect(list.map((p) => [p.name, p.hasConfig, p.isHermesActive])).toEqual([
      ['default', true, false],
      ['a1', true, true],
      ['b-two', false, false],
    ]);
  });
});
