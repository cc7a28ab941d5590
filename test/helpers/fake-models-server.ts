import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local stand-in for a provider's `GET /models`: answers with a model list, or misbehaves on
 * purpose (never answers, HTTP errors, an HTML page, a redirect). Records every request's path and
 * auth headers so tests can check which key went where.
 */
export type FakeMode = 'ok' | 'hang' | 'html' | 'redirect' | { status: number };

export interface FakeRequest {
  path: string;
  authorization?: string;
  apiKey?: string;
  googKey?: string;
}

export interface FakeModelsServer {
  /** Base URL ending in /v1 (what a provider's BASE_URL env var would hold). */
  base: string;
  requests: FakeRequest[];
  mode: FakeMode;
  body: unknown;
  /** Delay before answering (ms). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startFakeModelsServer(options: { body?: unknown; mode?: FakeMode; delayMs?: number } = {}): Promise<FakeModelsServer> {
  const sockets = new Set<Socket>();
  const state: FakeModelsServer = {
    base: '',
    requests: [],
    mode: options.mode ?? 'ok',
    body: options.body ?? { object: 'list', data: [{ id: 'fake-model-1' }, { id: 'fake-model-2' }] },
    delayMs: options.delayMs ?? 0,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    state.requests.push({
      path: req.url ?? '',
      ...(req.headers.authorization !== undefined && { authorization: req.headers.authorization }),
      ...(typeof req.headers['x-api-key'] === 'string' && { apiKey: req.headers['x-api-key'] }),
      ...(typeof req.headers['x-goog-api-key'] === 'string' && { googKey: req.headers['x-goog-api-key'] }),
    });
    const mode = state.mode;
    if (mode === 'hang') return; // never answer
    setTimeout(() => {
      if (mode === 'html') {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Login</title>');
      } else if (mode === 'redirect') {
        res.writeHead(302, { Location: 'https://elsewhere.example.com/v1/models' }).end();
      } else if (typeof mode === 'object') {
        res.writeHead(mode.status, { 'Content-Type': 'application/json' }).end('{"error":{"message":"nope"}}');
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(state.body));
      }
    }, state.delayMs);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.base = `http://127.0.0.1:${port}/v1`;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
