import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { contentType, resolveInside } from '../../server/static-files';
import { APP_HOST, APP_SCHEME } from '../security/origins';

/** Must run before `app` is ready: app:// behaves like https (secure, standard, fetch allowed). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer from app://switchboard/. GET only; paths are resolved inside the
 * renderer folder (no `..` escapes); HTML carries the CSP header.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = resolveInside(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await fsp.readFile(file);
      const headers: Record<string, string> = { 'Content-Type': contentType(file), 'X-Content-Type-Options': 'nosniff' };
      if (path.extname(file) === '.html') headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      return new Response(body, { status: 200, headers });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
