/**
 * Bundles the real usage worker entry (`usage-worker.ts`) into a standalone CommonJS file, the way the app
 * build does: dependencies inlined, the native SQLite binding left external and resolved from this checkout.
 * For tests and benchmarks that need a real worker thread without running the app build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.join(__dirname, '../../../..');

/** Writes the bundle into a fresh temp dir; returns its path and a cleanup function. */
export async function bundleUsageWorker(): Promise<{ file: string; dispose: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-usage-worker-'));
  const file = path.join(dir, 'usage-worker.cjs');
  const sqlite = require.resolve('@photostructure/sqlite', { paths: [ROOT] });
  await build({
    entryPoints: [path.join(ROOT, 'src/core/usage/usage-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: file,
    logLevel: 'error',
    plugins: [
      {
        name: 'native-external',
        setup(b) {
          b.onResolve({ filter: /^@photostructure\/sqlite$/ }, () => ({ path: sqlite, external: true }));
        },
      },
    ],
  });
  return { file, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
