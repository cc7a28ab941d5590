import { promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * Finds the Hermes home the way Hermes does (mirrors `hermes_constants.py::get_hermes_home` and
 * `hermes_cli/main.py::_apply_profile_override`): HERMES_HOME, else the platform default; then,
 * unless HERMES_HOME already names a profile, the sticky `active_profile` file picks
 * `<root>/profiles/<name>/`.
 */

export const PROFILE_NAME_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface HomeEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homedir: string;
}

export interface ResolvedHome {
  root: string;
  rootSource: 'HERMES_HOME' | 'platform-default' | 'command-line' | 'demo';
  profile: string;
  profileSource: 'HERMES_HOME' | 'active_profile' | 'default' | 'selected';
  dir: string;
  notes: string[];
}

export function expandHome(p: string, homedir: string): string {
  if (p === '~') return homedir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(homedir, p.slice(2));
  return p;
}

/** `~/.hermes`, or `%LOCALAPPDATA%\hermes` on native Windows. */
export function platformDefaultRoot({ env, platform, homedir }: HomeEnvironment): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA?.trim();
    return path.join(local || path.join(homedir, 'AppData', 'Local'), 'hermes');
  }
  return path.join(homedir, '.hermes');
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads `<root>/active_profile`; returns the profile to use and any note worth showing. */
export async function readActiveProfile(root: string): Promise<{ profile: string; source: 'active_profile' | 'default'; note?: string }> {
  let raw: string;
  try {
    raw = (await fsp.readFile(path.join(root, 'active_profile'), 'utf8')).trim();
  } catch {
    return { profile: 'default', source: 'default' };
  }
  if (raw === '' || raw === 'default') return { profile: 'default', source: raw === '' ? 'default' : 'active_profile' };
  if (!PROFILE_NAME_RE.test(raw)) {
    return { profile: 'default', source: 'default', note: `active_profile contains "${raw.slice(0, 64)}", which is not a valid profile name; showing the default profile.` };
  }
  if (!(await isDir(path.join(root, 'profiles', raw)))) {
    return { profile: 'default', source: 'default', note: `active_profile names "${raw}", but ${path.join(root, 'profiles', raw)} does not exist; showing the default profile.` };
  }
  return { profile: raw, source: 'active_profile' };
}

/**
 * Resolves root, profile and the directory to edit. `override` (the --home flag) is treated like
 * HERMES_HOME but reported as coming from the command line.
 */
export async function resolveHermesHome(environment: HomeEnvironment, override?: string): Promise<ResolvedHome> {
  const notes: string[] = [];
  const fromEnv = environment.env.HERMES_HOME?.trim();
  const given = override?.trim() || fromEnv;
  if (given) {
    const abs = path.resolve(expandHome(given, environment.homedir));
    const source = override?.trim() ? 'command-line' : 'HERMES_HOME';
    // A path inside `<root>/profiles/` names a profile directly; no active_profile lookup then.
    if (path.basename(path.dirname(abs)) === 'profiles' && PROFILE_NAME_RE.test(path.basename(abs))) {
      const root = path.dirname(path.dirname(abs));
      return { root, rootSource: source, profile: path.basename(abs), profileSource: 'HERMES_HOME', dir: abs, notes };
    }
    const active = await readActiveProfile(abs);
    if (active.note) notes.push(active.note);
    const dir = active.profile === 'default' ? abs : path.join(abs, 'profiles', active.profile);
    return { root: abs, rootSource: source, profile: active.profile, profileSource: active.source, dir, notes };
  }
  const root = platformDefaultRoot(environment);
  const active = await readActiveProfile(root);
  if (active.note) notes.push(active.note);
  const dir = active.profile === 'default' ? root : path.join(root, 'profiles', active.profile);
  return { root, rootSource: 'platform-default', profile: active.profile, profileSource: active.source, dir, notes };
}

export interface ProfileEntry {
  name: string;
  dir: string;
  hasConfig: boolean;
  isHermesActive: boolean;
}

/** The default profile plus every valid `<root>/profiles/<name>/` directory. */
export async function listProfiles(root: string): Promise<ProfileEntry[]> {
  const active = await readActiveProfile(root);
  const out: ProfileEntry[] = [];
  const exists = async (p: string) => fsp.access(p).then(() => true, () => false);
  out.push({ name: 'default', dir: root, hasConfig: await exists(path.join(root, 'config.yaml')), isHermesActive: active.profile === 'default' });
  const names = await fsp
    .readdir(path.join(root, 'profiles'))
    .then((all) => all.filter((n) => PROFILE_NAME_RE.test(n)).sort())
    .catch(() => [] as string[]);
  for (const name of names) {
    const dir = path.join(root, 'profiles', name);
    if (!(await isDir(dir))) continue;
    out.push({ name, dir, hasConfig: await exists(path.join(dir, 'config.yaml')), isHermesActive: active.profile === name });
  }
  return out;
}

export async function homeExists(dir: string): Promise<boolean> {
  return isDir(dir);
}
