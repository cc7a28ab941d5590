import { timingSafeEqual, randomBytes } from 'node:crypto';
import net from 'node:net';

/** A fresh token per start (or the one given by HERMES_SWITCHBOARD_TOKEN). */
export function sessionToken(env: NodeJS.ProcessEnv): string {
  const given = env.HERMES_SWITCHBOARD_TOKEN?.trim();
  if (given) return given;
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokenMatches(expected: string, presented: string | undefined | null): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1';
  return false;
}

/**
 * Host header values a browser sends for our own origin. Anything else is a DNS-rebinding
 * attempt (evil.example resolving to 127.0.0.1) and gets 403.
 */
export function allowedHostHeaders(bindHost: string, port: number): Set<string> {
  const names = new Set<string>([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  names.add(`${net.isIPv6(bindHost) ? `[${bindHost}]` : bindHost}:${port}`);
  return names;
}
