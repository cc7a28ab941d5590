#!/usr/bin/env node
// One-time and incremental set-up, used by `npm start` and `npm test`:
//   1. system packages (Debian/Ubuntu): installed with apt-get when run as root, otherwise named
//      in one clear error;
//   2. npm dependencies (npm ci, only when package-lock.json changed);
//   3. (start) the Electron binary, when it can be downloaded;
//   4. the build (electron-vite), only when sources changed.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { electronBinary, fail, installEnv, log, newestMtime, root, run, runSync, sha256File } from './lib.mjs';

const SYSTEM_PACKAGES = {
  // keytar compiles against libsecret when no prebuilt binary can be downloaded.
  start: ['libsecret-1-dev', 'python3', 'make', 'g++'],
  // tests also need a real Secret Service (gnome-keyring on a private D-Bus), secret-tool and Chromium.
  test: ['libsecret-1-dev', 'python3', 'make', 'g++', 'gnome-keyring', 'dbus', 'libglib2.0-bin', 'libsecret-tools', 'chromium'],
};

export async function setup(purpose = 'start', { quiet = false } = {}) {
  const say = quiet ? () => undefined : log;
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: Hermes Switchboard needs Node 20.19 or newer.`);

  await ensureSystemPackages(SYSTEM_PACKAGES[purpose] ?? SYSTEM_PACKAGES.start, say);
  await ensureNodeModules(say);
  if (purpose === 'start') await tryElectronDownload(say);
  await ensureBuild(say);
}

async function ensureSystemPackages(packages, say) {
  if (process.platform !== 'linux') return;
  if (runSync('sh', ['-c', 'command -v dpkg-query']).status !== 0) {
    say('Not a Debian-based system: skipping the system package check (keytar needs libsecret development files; tests need gnome-keyring, dbus and Chromium).');
    return;
  }
  const missing = packages.filter((p) => {
    const r = runSync('dpkg-query', ['-W', '-f=${Status}', p]);
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || runSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    fail(`Missing system packages: ${missing.join(' ')}\nInstall them with:  sudo apt-get install -y ${missing.join(' ')}`);
  }
  say(`Installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update', '-q'], { env })) !== 0) fail('apt-get update failed; see the output above.');
  if ((await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env })) !== 0) {
    fail(`apt-get could not install: ${missing.join(' ')}`);
  }
}

async function ensureNodeModules(say) {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.switchboard-install');
  const want = sha256File(lock);
  if (existsSync(stamp) && runSync('cat', [stamp]).stdout.trim() === want) return;
  say('Installing npm dependencies (npm ci)…');
  const code = await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { env: installEnv() });
  if (code !== 0) fail('npm ci failed; see the output above.');
  writeFileSync(stamp, want + '\n');
}

async function tryElectronDownload(say) {
  if (electronBinary()) return;
  const marker = path.join(root, 'node_modules', '.switchboard-electron-tried');
  if (existsSync(marker)) return;
  say('Fetching the Electron binary (skipped quietly when offline)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  runSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { env, timeout: 180_000, stdio: 'ignore' });
  writeFileSync(marker, new Date().toISOString() + '\n');
}

async function ensureBuild(say) {
  const stamp = path.join(root, 'out', '.build-stamp');
  const sources = newestMtime([
    path.join(root, 'src'),
    path.join(root, 'electron.vite.config.mts'),
    path.join(root, 'package.json'),
    path.join(root, 'package-lock.json'),
  ]);
  const built = existsSync(stamp) ? newestMtime([stamp]) : 0;
  if (built >= sources && existsSync(path.join(root, 'out', 'main', 'cli.js'))) return;
  say('Building (electron-vite)…');
  const code = await run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (code !== 0) fail('The build failed; see the output above.');
  writeFileSync(stamp, new Date().toISOString() + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const purpose = process.argv.includes('test') || process.argv.includes('--for=test') ? 'test' : 'start';
  await setup(purpose);
  log('Set-up complete.');
}
