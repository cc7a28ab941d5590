import path from 'node:path';
import { BrowserWindow, nativeTheme } from 'electron';
import { APP_ORIGIN } from '../security/origins';

/**
 * The one window. Its webPreferences are written out literally (not built by a helper) so static
 * checkers such as Electronegativity can verify them: isolated, sandboxed, no Node in any frame or
 * worker, no webview, no insecure content, middle-click windows off (security checklist 2–4, 6, 8–10).
 */
export function createMainWindow(devServerUrl: string | undefined): BrowserWindow {
  const win = new BrowserWindow({
    width: 1320,
    height: 880,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Hermes Switchboard',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#121419' : '#f5f6f8',
    autoHideMenuBar: true,
    webPreferences: {
      // Reviewed: the preload exposes only the contract's channels (src/preload/index.ts).
      preload: path.join(__dirname, '../preload/index.js'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}
