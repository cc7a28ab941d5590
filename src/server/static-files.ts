import { promises as fsp } from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves a URL path inside `root`, refusing anything that escapes it (`..`, encoded slashes,
 * absolute paths, NUL). Returns null for those, and the caller answers 404.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = path.posix.normalize(decoded).replace(/^\/+/, '');
  if (rel.startsWith('..')) return null;
  const full = path.resolve(root, rel);
  const rootResolved = path.resolve(root);
  if (full !== rootResolved && !full.startsWith(rootResolved + path.sep)) return null;
  return full;
}

export async function readStatic(root: string, urlPath: string): Promise<{ file: string; body: Buffer } | null> {
  const full = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!full) return null;
  try {
    const st = await fsp.stat(full);
    if (!st.isFile()) return null;
    return { file: full, body: await fsp.readFile(full) };
  } catch {
    return null;
  }
}

/** Puts the session token into the page (a meta tag: no inline script, so the CSP stays strict). */
export function injectToken(html: string, token: string): string {
  const tag = `<meta name="hermes-session-token" content="${token.replace(/[^A-Za-z0-9_\-.~+/=]/g, '')}">`;
  return html.includes('</head>') ? html.replace('</head>', `    ${tag}\n  </head>`) : tag + html;
}
