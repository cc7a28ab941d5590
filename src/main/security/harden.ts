import { app, session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { openExternalSafely } from './open-external';
import { originOf } from './origins';

/**
 * App-wide guards, installed once before any window exists:
 * - every permission request (camera, notifications, …) is denied;
 * - the CSP is also sent as a response header (the meta tag alone does not cover every load);
 * - navigation away from our own origin is cancelled, new windows are denied (https links go to
 *   the system browser), and <webview> can never be attached.
 */
export function installAppGuards(trusted: Set<string>): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      const origin = originOf(url);
      if (!origin || !trusted.has(origin)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      const origin = originOf(url);
      if (!origin || !trusted.has(origin)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      void openExternalSafely(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
