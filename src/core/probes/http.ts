/**
 * The one HTTP client the probes use: a single request with timing, a body cap, cancellation and
 * redirects that never carry credentials to another origin.
 *
 * Built on `node:http`/`node:https` (not fetch) to get the time to first byte, the raw error codes
 * (ENOTFOUND, ECONNREFUSED, certificate errors) and full control over redirects. Credentials are
 * passed apart from the other headers: they go to the first URL's origin only — a redirect to another
 * scheme, host or port is followed without them, so a key is never sent to a host it was not meant
 * for (and an https→http downgrade never carries it either).
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent only to the origin of `url`. */
  credentials?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  maxRedirects?: number;
  maxBodyBytes?: number;
  /** `ssl_verify: false` on a custom endpoint. */
  insecureTls?: boolean;
  userAgent?: string;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  truncated: boolean;
  /** Time to the response headers of the final request (ms since the first request started). */
  ttfbMs: number;
  totalMs: number;
  finalUrl: string;
  /** URLs redirected to, in order. */
  redirects: string[];
  /** Whether credentials went with the final request. */
  credentialsSent: boolean;
}

/** A transport failure with the Node error code (ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED, …). */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** Time until the failure (ms). */
    readonly elapsedMs: number,
    readonly ttfbMs: number | null,
  ) {
    super(message);
  }
}

function origin(u: URL): string {
  return `${u.protocol}//${u.host}`;
}

interface Single {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
  ttfb: number;
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(body);
    if (encoding === 'deflate') return zlib.inflateSync(body);
    if (encoding === 'br') return zlib.brotliDecompressSync(body);
  } catch {
    return body;
  }
  return body;
}

function once(url: URL, req: HttpRequest, headers: Record<string, string>, started: number, maxBody: number): Promise<Single> {
  return new Promise<Single>((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    let ttfb = -1;
    const request = lib.request(
      url,
      {
        method: req.method ?? 'GET',
        headers,
        agent: false,
        signal: req.signal,
        ...(url.protocol === 'https:' && req.insecureTls === true && { rejectUnauthorized: false }),
      },
      (res) => {
        ttfb = performance.now() - started;
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          size += chunk.length;
          if (size > maxBody) {
            truncated = true;
            chunks.push(chunk.subarray(0, chunk.length - (size - maxBody)));
            res.destroy();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated: true, ttfb });
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (truncated) return;
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decode(raw, res.headers['content-encoding']), truncated: false, ttfb });
        });
        res.on('error', (err: NodeJS.ErrnoException) => {
          if (!truncated) reject(new HttpError(err.message, err.code ?? err.name ?? 'ERR', performance.now() - started, ttfb));
        });
      },
    );
    request.on('error', (err: NodeJS.ErrnoException) => {
      reject(new HttpError(err.message, err.code ?? err.name ?? 'ERR', performance.now() - started, ttfb >= 0 ? ttfb : null));
    });
    if (req.body !== undefined) request.write(req.body);
    request.end();
  });
}

/** Performs the request, following up to `maxRedirects` (default 3) redirects. */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const first = new URL(req.url);
  const maxRedirects = req.maxRedirects ?? 3;
  const maxBody = req.maxBodyBytes ?? 8 * 1024 * 1024;
  const redirects: string[] = [];
  let url = first;
  let method = req.method ?? 'GET';
  let body = req.body;
  for (let hop = 0; ; hop += 1) {
    const sameOrigin = origin(url) === origin(first);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': req.userAgent ?? 'hermes-switchboard-probe',
      ...(req.headers ?? {}),
      ...(sameOrigin ? (req.credentials ?? {}) : {}),
      ...(body !== undefined && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
    };
    const res = await once(url, { ...req, method, body }, headers, started, maxBody);
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && typeof location === 'string' && hop < maxRedirects) {
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return finish(res, url, redirects, sameOrigin, started);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') return finish(res, url, redirects, sameOrigin, started);
      redirects.push(stripCredentialsFromUrl(next.toString()));
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
      continue;
    }
    return finish(res, url, redirects, sameOrigin, started);
  }
}

function finish(res: Single, url: URL, redirects: string[], credentialsSent: boolean, started: number): HttpResponse {
  return {
    status: res.status,
    headers: res.headers,
    body: res.body.toString('utf8'),
    truncated: res.truncated,
    ttfbMs: res.ttfb,
    totalMs: performance.now() - started,
    finalUrl: stripCredentialsFromUrl(url.toString()),
    redirects,
    credentialsSent,
  };
}

/** A URL safe to show and log: no userinfo, no query string, no fragment. */
export function stripCredentialsFromUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return raw.replace(/\?.*$/, '');
  }
}
