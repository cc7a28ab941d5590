#!/usr/bin/env node
// `npm start`: set up if needed, then open the Electron app. When the Electron binary is not
// installed (or there is no display), say so in one line and start the browser host instead,
// on a demo home when no Hermes home exists.
//   npm start                 desktop app (or browser host)
//   npm start -- --demo       same, on a fresh demo home
//   npm run serve -- --port 9000
import path from 'node:path';
import { setup } from './setup.mjs';
import { electronBinary, log, root, run } from './lib.mjs';

const args = process.argv.slice(2);
const serveOnly = args[0] === 'serve';
const passThrough = serveOnly ? args.slice(1) : args;

await setup('start', { quiet: false });

const cli = path.join(root, 'out', 'main', 'cli.js');
const serve = async () => {
  const extra = passThrough.includes('--demo') || passThrough.includes('--home') ? [] : ['--demo-if-no-home'];
  process.exitCode = await run(process.execPath, [cli, 'serve', ...extra, ...passThrough]);
};

if (serveOnly) {
  await serve();
} else {
  const electron = electronBinary();
  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (!electron) {
    log('Electron is not installed here (node_modules/electron has no binary) — starting the browser host instead.');
    await serve();
  } else if (headless) {
    log('No display is available for the Electron window — starting the browser host instead.');
    await serve();
  } else {
    // Chromium refuses to run as root without --no-sandbox (its OS sandbox, not the renderer sandbox).
    const rootFlags = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const withDemo = passThrough.includes('--demo') || passThrough.includes('--home') ? passThrough : ['--demo-if-no-home', ...passThrough];
    process.exitCode = await run(electron, [root, ...rootFlags, ...withDemo]);
  }
}
