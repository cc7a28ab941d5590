#!/usr/bin/env node
// `npm test`: everything, in order — set-up, typecheck, lint, the Electron security check, build,
// unit tests (vitest, inside a private D-Bus session with an unlocked keyring) and end-to-end tests
// (Playwright against the browser host in Debian's Chromium). Ends with one line:
//   N passed, N failed
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setup } from './setup.mjs';
import { log, root, run } from './lib.mjs';

await setup('test');

const reports = path.join(root, 'reports');
mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const keyring = path.join(root, 'scripts', 'with-keyring.sh');
const results = [];

async function step(name, cmd, args, env = {}) {
  log(`\n── ${name} ${'─'.repeat(Math.max(0, 60 - name.length))}`);
  const started = Date.now();
  const code = await run(cmd, args, { env: { ...process.env, ...env } });
  results.push({ name, code, seconds: (Date.now() - started) / 1000 });
  return code;
}

await step('typecheck (node side)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json']);
await step('typecheck (renderer)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.web.json']);
await step('lint', bin('eslint'), ['--max-warnings=0', '.']);
await step('electron security check', process.execPath, [path.join(root, 'scripts', 'check-electron.mjs')]);
const built = await step('build', process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);

const vitestJson = path.join(reports, 'vitest.json');
rmSync(vitestJson, { force: true });
await step('unit tests (vitest)', keyring, [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);

const pwJson = path.join(reports, 'playwright.json');
rmSync(pwJson, { force: true });
if (built === 0) {
  await step('end-to-end tests (playwright)', keyring, [bin('playwright'), 'test'], { CI: '1', PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
}

let passed = 0;
let failed = 0;
const lines = [];
for (const r of results) {
  if (r.name.startsWith('unit tests') || r.name.startsWith('end-to-end')) continue;
  if (r.code === 0) passed++;
  else failed++;
  lines.push(`${r.code === 0 ? 'ok  ' : 'FAIL'}  ${r.name} (${r.seconds.toFixed(1)} s)`);
}
const readJson = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);
const vitest = readJson(vitestJson);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numTotalTestSuites > 0 && vitest.success === false && vitest.numFailedTests === 0 ? 1 : 0);
  lines.push(`${vitest.numFailedTests === 0 && vitest.success !== false ? 'ok  ' : 'FAIL'}  unit tests: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
} else {
  failed++;
  lines.push('FAIL  unit tests: no report (vitest did not run)');
}
const pw = readJson(pwJson);
if (pw?.stats) {
  passed += pw.stats.expected + pw.stats.flaky;
  failed += pw.stats.unexpected;
  lines.push(`${pw.stats.unexpected === 0 ? 'ok  ' : 'FAIL'}  end-to-end tests: ${pw.stats.expected + pw.stats.flaky} passed, ${pw.stats.unexpected} failed${pw.stats.flaky ? ` (${pw.stats.flaky} flaky)` : ''}`);
} else {
  failed++;
  lines.push('FAIL  end-to-end tests: no report (the build failed or Playwright did not run)');
}
log(`\n── summary ${'─'.repeat(52)}`);
for (const l of lines) log(l);
log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
