/**
 * A local fake provider for probe tests and the benchmark: a real HTTP(S) server on a loopback address
 * that answers like a provider would in each situation (model list, 401, 402 "insufficient credits",
 * an HTML page, 429, 5xx, invalid JSON, a redirect, silence), and records the headers of every request
 * so tests can prove which key reached which host.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type Behavior =
  /** 200 model list when the right key is sent (any key when `expectedKey` is unset), else 401. */
  | 'auth'
  /** 200 model list, no key needed. */
  | 'open'
  | '401'
  | '403'
  | '402'
  | '404'
  /** 200 with an HTML page (a website, not the API). */
  | 'html'
  | '429'
  /** 429 with OpenAI's "exceeded your current quota" body. */
  | 'quota-429'
  | '500'
  | '503'
  | 'invalid-json'
  | 'not-a-list'
  /** 302 to `redirectTo`. */
  | 'redirect'
  /** Accepts the connection and never answers. */
  | 'hang';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeProviderOptions {
  host?: string;
  behavior?: Behavior;
  expectedKey?: string;
  models?: Array<{ id: string; context_length?: number }>;
  redirectTo?: string;
  /** Serve https with a throw-away self-signed certificate. */
  tls?: boolean;
  /** Delay before answering (ms). */
  delayMs?: number;
}

export interface FakeProvider {
  url: string;
  host: string;
  port: number;
  requests: RecordedRequest[];
  behavior: Behavior;
  close(): Promise<void>;
}

/** The credential a request carried, in whichever header style it used. */
export function presentedKey(headers: http.IncomingHttpHeaders): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '');
  const x = headers['x-api-key'] ?? headers['x-goog-api-key'];
  return typeof x === 'string' ? x : null;
}

let cert: { key: string; cert: string } | null = null;
function selfSigned(): { key: string; cert: string } {
  if (cert) return cert;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem')], { stdio: 'ignore' });
    cert = { key: readFileSync(path.join(dir, 'k.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'c.pem'), 'utf8') };
    return cert;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DEFAULT_MODELS = [
  { id: 'test-model-large', context_length: 200_000 },
  { id: 'test-model-small', context_length: 32_000 },
  { id: 'vendor/test-model-prefixed', context_length: 128_000 },
];

export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const state = { behavior: options.behavior ?? 'auth' };
  const models = options.models ?? DEFAULT_MODELS;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = (): void => respond(req, res);
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  };

  const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const respond = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const list = { object: 'list', data: models.map((m) => ({ object: 'model', ...m })) };
    const completion = { id: 'cmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'OK' } }] };
    const ok = (): void => (req.method === 'POST' ? json(res, 200, completion) : req.url?.endsWith('/key') ? json(res, 200, { data: { label: 'test' } }) : json(res, 200, list));
    switch (state.behavior) {
      case 'hang':
        return; // never answer
      case 'open':
        return ok();
      case 'auth': {
        const key = presentedKey(req.headers);
        if (key !== null && (options.expectedKey === undefined || key === options.expectedKey)) return ok();
        return json(res, 401, { error: { message: key === null ? 'Missing API key' : 'Invalid API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
      }
      case '401':
        return json(res, 401, { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } });
      case '403':
        return json(res, 403, { error: { message: 'Forbidden: this key cannot access this resource' } });
      case '402':
        return json(res, 402, { error: { message: 'Insufficient credits. Add more using https://example.test/credits', code: 402 } });
      case '404':
        return json(res, 404, { error: { message: `Unknown path ${req.url}` } });
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<!doctype html><html><head><title>Welcome</title></head><body><h1>Our product</h1></body></html>');
      case '429':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '20' });
        return void res.end(JSON.stringify({ error: { message: 'Rate limit reached for requests' } }));
      case 'quota-429':
        return json(res, 429, { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota' } });
      case '500':
        return json(res, 500, { error: { message: 'Internal server error' } });
      case '503':
        res.writeHead(503, { 'content-type': 'text/plain' });
        return void res.end('upstream connect error');
      case 'invalid-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"object": "list", "data": [ {"id": "broken"');
      case 'not-a-list':
        return json(res, 200, { status: 'ok', version: '1.2.3' });
      case 'redirect':
        res.writeHead(302, { location: `${options.redirectTo ?? 'http://127.0.0.1:9/'}${req.url?.replace(/^\//, '') ?? ''}` });
        return void res.end();
    }
  };

  const server = options.tls ? https.createServer(selfSigned(), handler) : http.createServer(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    host,
    port,
    requests,
    get behavior() {
      return state.behavior;
    },
    set behavior(b: Behavior) {
      state.behavior = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on `host` where nothing listens (connection refused). */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
