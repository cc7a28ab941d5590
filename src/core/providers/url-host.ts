/**
 * Small, strict URL/host helpers shared by api-mode detection and key scoping.
 *
 * Both make security-relevant decisions from a hostname, so they use the WHATWG parser and compare
 * exact lowercase hostnames — never substrings of the URL text (`api.openai.com.evil.net` is not
 * OpenAI).
 */
import { isIP } from 'node:net';

/** Parsed pieces of an endpoint URL, or `null` when it has no scheme/host. */
export interface UrlParts {
  readonly protocol: string;
  /** Lowercase, without brackets for IPv6 and without a trailing dot. */
  readonly hostname: string;
  /** Path without a trailing slash (`''` for the root). */
  readonly path: string;
}

export function parseUrl(url: string | null | undefined): UrlParts | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  let hostname = parsed.hostname.toLowerCase();
  if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
  if (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  if (hostname === '') return null;
  return { protocol: parsed.protocol, hostname, path: parsed.pathname.replace(/\/+$/, '') };
}

/** Lowercase hostname of a URL, or `null`. */
export function hostOf(url: string | null | undefined): string | null {
  return parseUrl(url)?.hostname ?? null;
}

/** `host` is `domain` or one of its subdomains (label-aligned, so `notopenai.com` ≠ `openai.com`). */
export function hostMatchesDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  const d = domain.toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}

export function isIpAddress(host: string): boolean {
  return isIP(host) !== 0;
}

/** Loopback/local names that must never derive a vendor key name. */
export function isLocalHostname(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === 'host.docker.internal';
}

/**
 * Second-level public suffixes common enough to matter for API hosts. Not the full Public Suffix
 * List (that would be a dependency); unknown multi-part suffixes fall back to the last label, which
 * only makes the derived vendor name less specific, never more permissive.
 */
const MULTI_PART_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'org.au', 'co.nz', 'co.jp', 'ne.jp', 'or.jp',
  'co.kr', 'or.kr', 'com.cn', 'net.cn', 'org.cn', 'com.hk', 'com.tw', 'com.sg', 'com.br', 'com.mx',
  'co.in', 'co.za', 'com.tr', 'co.il',
]);

/**
 * The registrable domain (`api.deepseek.com` → `deepseek.com`, `x.example.co.uk` → `example.co.uk`),
 * or `null` for IPs, localhost and single-label hosts.
 */
export function registrableDomain(host: string): string | null {
  const h = host.toLowerCase();
  if (isIpAddress(h) || isLocalHostname(h)) return null;
  const labels = h.split('.').filter((l) => l !== '');
  if (labels.length < 2) return null;
  const lastTwo = labels.slice(-2).join('.');
  if (MULTI_PART_SUFFIXES.has(lastTwo)) return labels.length >= 3 ? labels.slice(-3).join('.') : null;
  return lastTwo;
}

/** The label a vendor key name is derived from (`api.groq.com` → `groq`), or `null`. */
export function registrableLabel(host: string): string | null {
  const domain = registrableDomain(host);
  return domain === null ? null : (domain.split('.')[0] ?? null);
}
