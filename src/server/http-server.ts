import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { channels, type ChannelName, type RestBinding } from '../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { httpStatusFor } from '../shared/errors';
import type { Result } from '../shared/result';
import type { Core } from '../core/core';
import type { Logger } from '../core/log/logger';
import { allowedHostHeaders, isLoopbackHost, tokenMatches } from './security';
import { contentType, injectToken, readStatic } from './static-files';

/**
 * The browser host: the same handler registry as the Electron app, over HTTP on loopback.
 *
 * - `POST /api/rpc/<channel>` for every contract channel (the renderer's HTTP transport);
 * - the Hermes-compatible REST routes each channel declares (`rest` in the contract), which
 *   answer with the raw response shape and HTTP status codes, so scripts written for the
 *   Hermes dashboard work unchanged;
 * - `GET /api/events`, a server-sent event stream of core events;
 * - the built renderer, with the session token injected into index.html.
 *
 * Every /api/ request needs the per-start token in `X-Hermes-Session-Token` (constant-time
 * compare), every request needs a Host header naming our own loopback origin (DNS-rebinding
 * guard), and no CORS headers are ever sent.
 */

export interface ServeOptions {
  core: Core;
  token: string;
  rendererDir: string;
  host?: string;
  port?: number;
  /** Allow a non-loopback bind (and skip the Host check). */
  insecureBind?: boolean;
  logger: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

const MAX_BODY = 6 * 1024 * 1024;

interface RestRoute {
  method: RestBinding['method'];
  pattern: RegExp;
  params: string[];
  from: 'body' | 'query' | 'none';
  channel: ChannelName;
}

/** The REST route table, derived from the contract's `rest` bindings. */
export function restRoutes(): RestRoute[] {
  const out: RestRoute[] = [];
  for (const [name, def] of Object.entries(channels) as [ChannelName, (typeof channels)[ChannelName]][]) {
    const rest = (def as { rest?: RestBinding | readonly RestBinding[] }).rest;
    if (!rest) continue;
    for (const binding of Array.isArray(rest) ? rest : [rest as RestBinding]) {
      const params: string[] = [];
      const pattern = new RegExp(
        '^' +
          binding.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z_]+)/g, (_m: string, p: string) => {
            params.push(p);
            return '([^/]+)';
          }) +
          '$',
      );
      const from = binding.from ?? (binding.method === 'GET' || binding.method === 'DELETE' ? 'query' : 'body');
      out.push({ method: binding.method, pattern, params, from, channel: name });
    }
  }
  return out;
}

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyError(413, 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'Request body is not valid JSON.');
  }
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.insecureBind) {
    throw new Error(`Refusing to listen on ${host}: it is not a loopback address. Pass --insecure-bind if you really want the API reachable from other machines.`);
  }
  const routes = restRoutes();
  const sseClients = new Set<http.ServerResponse>();
  let allowedHosts = new Set<string>();
  const { core, token, logger } = options;

  const unsubscribe = core.onEvent((name, payload) => {
    const data = `event: ${name}\ndata: ${JSON.stringify({ name, payload })}\n\n`;
    for (const client of sseClients) client.write(data);
  });

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      logger.error('request failed', err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal server error.' } });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    securityHeaders(res);
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!options.insecureBind && !allowedHosts.has(hostHeader)) {
      sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'Unexpected Host header.' } });
      return;
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader || 'localhost'}`);
    const method = (req.method ?? 'GET').toUpperCase();

    if (!url.pathname.startsWith('/api/')) {
      await serveStatic(url, method, res);
      return;
    }
    if (method === 'OPTIONS') {
      // No CORS: a cross-origin preflight gets no permission.
      res.statusCode = 405;
      res.end();
      return;
    }
    const presented = (req.headers['x-hermes-session-token'] as string | undefined) ?? bearer(req.headers.authorization);
    if (!tokenMatches(token, presented)) {
      sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Missing or wrong X-Hermes-Session-Token.' } });
      return;
    }

    if (url.pathname === '/api/events' && method === 'GET') {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Connection', 'keep-alive');
      res.write(': connected\n\n');
      sseClients.add(res);
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      req.on('close', () => {
        clearInterval(keepAlive);
        sseClients.delete(res);
      });
      return;
    }

    const rpc = /^\/api\/rpc\/([A-Za-z]+\.[A-Za-z]+)$/.exec(url.pathname);
    if (rpc) {
      if (method !== 'POST') {
        sendJson(res, 405, { ok: false, error: { code: 'INVALID_INPUT', message: 'Use POST for /api/rpc/<channel>.' } });
        return;
      }
      const body = await readBodySafe(req, res);
      if (body === undefined) return;
      const result = await core.dispatch(rpc[1]!, body, { transport: 'http' });
      sendJson(res, result.ok ? 200 : httpStatusFor(result.error.code), result);
      return;
    }

    for (const route of routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      let input: Record<string, unknown> = {};
      if (route.from === 'body') {
        const body = await readBodySafe(req, res);
        if (body === undefined) return;
        input = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
      } else if (route.from === 'query') {
        input = queryObject(url);
      }
      route.params.forEach((p, i) => (input[p] = decodeURIComponent(m[i + 1]!)));
      const result: Result<unknown> = await core.dispatch(route.channel, input, { transport: 'http' });
      if (result.ok) sendJson(res, 200, result.data);
      else sendJson(res, httpStatusFor(result.error.code), { detail: result.error.message, code: result.error.code, error: result.error });
      return;
    }
    sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `No API route ${method} ${url.pathname}` } });
  }

  async function readBodySafe(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> {
    try {
      return await readBody(req);
    } catch (err) {
      const status = err instanceof BodyError ? err.status : 400;
      sendJson(res, status, { ok: false, error: { code: 'INVALID_INPUT', message: (err as Error).message } });
      return undefined;
    }
  }

  async function serveStatic(url: URL, method: string, res: http.ServerResponse): Promise<void> {
    if (method !== 'GET' && method !== 'HEAD') {
      res.statusCode = 405;
      res.end();
      return;
    }
    let found = await readStatic(options.rendererDir, url.pathname);
    // Client-side routes fall back to the app shell.
    if (!found && !/\.[a-z0-9]+$/i.test(url.pathname)) found = await readStatic(options.rendererDir, '/index.html');
    if (!found) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Not found');
      return;
    }
    const isHtml = found.file.endsWith('.html');
    res.statusCode = 200;
    res.setHeader('Content-Type', contentType(found.file));
    if (isHtml) {
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      res.setHeader('Cache-Control', 'no-store');
      const html = injectToken(found.body.toString('utf8'), token);
      res.end(method === 'HEAD' ? undefined : html);
      return;
    }
    res.setHeader('Cache-Control', found.file.includes(`${'assets'}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.end(method === 'HEAD' ? undefined : found.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    host,
    close: async () => {
      unsubscribe();
      for (const c of sseClients) c.end();
      sseClients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    },
  };
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1]?.trim();
}
