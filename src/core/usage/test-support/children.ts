/**
 * Child processes for state.db tests: a second writer (Python's sqlite3, as Hermes itself is Python) that
 * holds a lock or keeps rows only in the `-wal` file, and an unprivileged Node runner for permission
 * cases (tests run as root in CI, and root ignores file modes).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const require = createRequire(import.meta.url);

export interface HeldChild {
  /** Lets the child finish (it waits on stdin) and resolves with its exit code. */
  release(): Promise<number | null>;
}

/**
 * Runs a Python snippet with `sqlite3` imported and `path` bound to `dbPath`. The snippet must print
 * `ready` (flushed) when the parent may proceed; it should then block on `sys.stdin.read()`.
 */
export function holdPythonWriter(dbPath: string, body: string, timeoutMs = 15000): Promise<HeldChild> {
  const script = `import sqlite3, sys\npath = sys.argv[1]\n${body}\n`;
  const child: ChildProcessWithoutNullStreams = spawn('python3', ['-c', script, dbPath], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`python writer did not get ready: ${stderr}`));
    }, timeoutMs);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve({
          release: async () => {
            child.stdin.end();
            return exited;
          },
        });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!out.includes('ready')) reject(new Error(`python writer exited (${code}): ${stderr}`));
    });
  });
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * A self-contained copy of `openStateDbFile` (bundled) plus the native SQLite package, in a
 * world-readable temp folder: the unprivileged child must not need to read the checkout, which may
 * sit in a private (0700) directory.
 */
function standaloneOpener(): { dir: string; script: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-unprivileged-'));
  fs.chmodSync(dir, 0o755);
  const modules = path.join(dir, 'node_modules');
  for (const pkg of ['@photostructure/sqlite', 'node-gyp-build']) {
    const from = path.dirname(require.resolve(`${pkg}/package.json`, { paths: [REPO_ROOT] }));
    fs.cpSync(from, path.join(modules, pkg), { recursive: true });
  }
  for (const d of [modules, path.join(modules, '@photostructure')]) fs.chmodSync(d, 0o755);
  const opener = path.join(dir, 'open-statedb.cjs');
  buildSync({
    entryPoints: [path.join(REPO_ROOT, 'src/core/usage/open-statedb.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: opener,
    external: ['@photostructure/sqlite'],
    logLevel: 'error',
  });
  const script = path.join(dir, 'classify.cjs');
  fs.writeFileSync(
    script,
    `const m = require(${JSON.stringify(opener)});
const out = [];
for (const p of JSON.parse(process.argv[2])) {
  try { const s = m.openStateDbFile(p); s.db.prepare('SELECT COUNT(*) FROM sessions').get(); s.close(); out.push({ code: 'ok', reason: null }); }
  catch (e) { out.push({ code: String(e.code), reason: e.detail ? e.detail.reason : null }); }
}
process.stdout.write(JSON.stringify(out));
`,
  );
  for (const f of [opener, script]) fs.chmodSync(f, 0o644);
  return { dir, script };
}

/**
 * Opens each path with `openStateDbFile` in a separate Node process — as user `nobody` when we are
 * root — and returns `{ code, reason }` per path (`ok` when it opened).
 */
export function classifyAsUnprivileged(paths: string[]): Array<{ code: string; reason: string | null }> {
  const { dir, script } = standaloneOpener();
  try {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const res = spawnSync(process.execPath, [script, JSON.stringify(paths)], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60000,
      ...(isRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    if (res.status !== 0) throw new Error(`child failed (${res.status}): ${res.stderr}`);
    return JSON.parse(res.stdout) as Array<{ code: string; reason: string | null }>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
