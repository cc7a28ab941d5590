/**
 * `npm run bench`: runs every benchmark and prints one table. Targets come from the issues; the
 * README records the figures measured on the build machines. Not part of `npm test`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

interface BenchModule {
  run: () => Promise<unknown>;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !only || f.includes(only))
    .sort();
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as BenchModule;
    if (typeof mod.run !== 'function') continue;
    process.stdout.write(`\n== ${file.replace('.bench.ts', '')}\n`);
    const started = Date.now();
    const result = await mod.run();
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

void main();
