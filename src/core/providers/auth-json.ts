/**
 * Reading `<HERMES_HOME>/auth.json` (OAuth tokens, `active_provider`, credential pools).
 *
 * The file holds live tokens, so this module reduces it to a summary on read: which providers have
 * stored logins, and for each pool entry only its labels, status and whether a token exists. No token
 * value survives past `summarizeAuthJson`. A missing or corrupt file is a normal state, reported as
 * a problem rather than thrown (Hermes itself renames a corrupt file to `auth.json.corrupt`).
 * Mirrors the store layout of `hermes_cli/auth.py` (`_load_auth_store`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isRecord, nonEmptyString } from './config-access';

/** One credential-pool entry without its secrets. */
export interface PoolEntrySummary {
  id?: string;
  label?: string;
  authType?: string;
  /** `env:<VAR>`, `manual`, `device_code`, `claude_code`, … */
  source?: string;
  lastStatus?: string;
  hasToken: boolean;
  hasRefreshToken: boolean;
  /** Expiry as epoch milliseconds, when the entry has one. */
  expiresAt?: number;
  /** `disabled: true` or `enabled: false` on the entry. */
  disabled: boolean;
}

/** What the editor needs from auth.json; provider ids are as written in the file. */
export interface AuthJsonSummary {
  version: number | null;
  activeProvider: string | null;
  /** Ids under `providers` whose entry holds anything. */
  providers: string[];
  credentialPool: Record<string, PoolEntrySummary[]>;
}

export interface AuthJsonProblem {
  kind: 'missing' | 'corrupt' | 'unreadable';
  message: string;
}

export interface ReadAuthJsonResult {
  path: string;
  data: AuthJsonSummary | null;
  problem: AuthJsonProblem | null;
}

/** Epoch seconds, epoch milliseconds or an ISO string → epoch milliseconds. */
function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value > 1e12 ? value : value * 1000;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

const TOKEN_FIELDS = ['access_token', 'api_key', 'token', 'key'] as const;

function summarizePoolEntry(raw: unknown): PoolEntrySummary | null {
  if (!isRecord(raw)) return null;
  const entry: PoolEntrySummary = {
    hasToken: TOKEN_FIELDS.some((k) => nonEmptyString(raw[k]) !== undefined),
    hasRefreshToken: nonEmptyString(raw.refresh_token) !== undefined,
    disabled: raw.disabled === true || raw.enabled === false,
  };
  const id = nonEmptyString(raw.id);
  if (id !== undefined) entry.id = id;
  const label = nonEmptyString(raw.label);
  if (label !== undefined) entry.label = label;
  const authType = nonEmptyString(raw.auth_type);
  if (authType !== undefined) entry.authType = authType;
  const source = nonEmptyString(raw.source);
  if (source !== undefined) entry.source = source;
  const lastStatus = nonEmptyString(raw.last_status);
  if (lastStatus !== undefined) entry.lastStatus = lastStatus;
  const expiresAt = toEpochMs(raw.expires_at);
  if (expiresAt !== undefined) entry.expiresAt = expiresAt;
  return entry;
}

/** Reduce a parsed auth.json to its secret-free summary; `null` if it is not an object. */
export function summarizeAuthJson(raw: unknown): AuthJsonSummary | null {
  if (!isRecord(raw)) return null;
  const providers = isRecord(raw.providers)
    ? Object.entries(raw.providers)
        .filter(([, value]) => (isRecord(value) ? Object.keys(value).length > 0 : nonEmptyString(value) !== undefined))
        .map(([id]) => id)
    : [];
  const credentialPool: Record<string, PoolEntrySummary[]> = {};
  if (isRecord(raw.credential_pool)) {
    for (const [provider, entries] of Object.entries(raw.credential_pool)) {
      if (!Array.isArray(entries)) continue;
      credentialPool[provider] = entries.map(summarizePoolEntry).filter((e): e is PoolEntrySummary => e !== null);
    }
  }
  return {
    version: typeof raw.version === 'number' ? raw.version : null,
    activeProvider: nonEmptyString(raw.active_provider) ?? null,
    providers,
    credentialPool,
  };
}

/**
 * Read `<homeDir>/auth.json`. Missing → `data: null` with a `missing` problem; unparseable or not an
 * object → `corrupt`; permission and other I/O errors → `unreadable`. Never throws.
 */
export async function readAuthJson(homeDir: string): Promise<ReadAuthJsonResult> {
  const file = path.join(homeDir, 'auth.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { path: file, data: null, problem: { kind: 'missing', message: 'auth.json does not exist (no stored logins)' } };
    return { path: file, data: null, problem: { kind: 'unreadable', message: `auth.json cannot be read (${code ?? 'unknown error'})` } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    // The parser's message can quote file content (tokens), so it is not passed on.
    return { path: file, data: null, problem: { kind: 'corrupt', message: 'auth.json is not valid JSON' } };
  }
  const data = summarizeAuthJson(parsed);
  if (data === null) return { path: file, data: null, problem: { kind: 'corrupt', message: 'auth.json is not a JSON object' } };
  return { path: file, data, problem: null };
}
