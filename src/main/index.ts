import os from 'node:os';
import path from 'node:path';
import { app, type BrowserWindow } from 'electron';
import { Core, readAppVersion } from '../core/core';
import { createLogger } from '../core/log/logger';
import { defaultDataDir } from '../core/settings/app-settings';
import { registerIpc } from './ipc/register-ipc';
import { installAppGuards } from './security/harden';
import { trustedOrigins } from './security/origins';
import { registerAppScheme, serveRenderer } from './window/app-protocol';
import { createMainWindow } from './window/main-window';

/** Electron entry: lifecycle only. Everything the window can do goes through the core. */
const logger = createLogger({ tag: 'main' });
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const trusted = trustedOrigins(devServerUrl);
const argv = process.argv.slice(app.isPackaged ? 1 : 2);
const homeFlag = argv.indexOf('--home');

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

let core: Core | null = null;
const windows: BrowserWindow[] = [];

async function start(): Promise<void> {
  const dataDir = defaultDataDir(process.env, process.platform, os.homedir());
  app.setPath('userData', dataDir);
  installAppGuards(trusted);
  serveRenderer(path.join(__dirname, '../renderer'));
  core = await Core.create({
    env: process.env,
    platform: process.platform,
    homedir: os.homedir(),
    dataDir,
    host: 'electron',
    version: await readAppVersion(__dirname),
    homeOverride: homeFlag >= 0 ? argv[homeFlag + 1] : undefined,
    demo: argv.includes('--demo') ? true : argv.includes('--demo-if-no-home') ? 'if-no-home' : false,
    logger,
    usageWorker: path.join(__dirname, 'usage-worker.js'),
  });
  registerIpc(core, () => windows, trusted);
  openWindow();
}

function openWindow(): void {
  const win = createMainWindow(devServerUrl);
  windows.push(win);
  win.on('closed', () => windows.splice(windows.indexOf(win), 1));
}

app.on('second-instance', () => {
  const win = windows[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});
app.on('activate', () => {
  if (windows.length === 0 && core) openWindow();
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => void core?.close());

app.whenReady().then(start, (err: unknown) => {
  logger.error('failed to start', err);
  app.exit(1);
});
