/**
 * Turning an HTTP answer (or a transport failure) into a probe result class, a retryable flag and a
 * one-line fix hint.
 *
 * | answer                                                        | class            | retryable |
 * | ------------------------------------------------------------- | ---------------- | --------- |
 * | 2xx with a JSON model list                                    | ok               | –         |
 * | 2xx HTML page / 404 / 405 / redirect loop                     | wrong_base_url   | no        |
 * | 2xx invalid JSON or JSON without a list                       | bad_response     | no        |
 * | 401 / 403 (or 400 "API key not valid") with a key sent        | auth_invalid     | no        |
 * | the same without a key                                        | auth_missing     | no        |
 * | 402, or any status whose body says "insufficient credits",    | quota_exhausted  | no        |
 * |   "exceeded your current quota", "out of credits", …          |                  |           |
 * | 429                                                           | rate_limited     | yes       |
 * | 408                                                           | timeout          | yes       |
 * | 5xx                                                           | server_error     | yes       |
 * | other 4xx                                                     | bad_response     | no        |
 * | ENOTFOUND, EAI_AGAIN, ECONNREFUSED, ECONNRESET, EHOSTUNREACH… | unreachable      | yes       |
 * | certificate / TLS errors                                      | tls              | no        |
 * | no answer within the per-probe timeout                        | timeout          | yes       |
 *
 * Mirrors the error taxonomy of `agent/error_classifier.py` (billing from 402 or message patterns)
 * and the checks of `hermes_cli/doctor.py`.
 */
import type { LiveModel, ProbeClass } from '../../shared/domain/probes';
import { redact } from '../log/redact';

export interface Classified {
  class: ProbeClass;
  retryable: boolean;
  detail: string;
}

const QUOTA = /insufficient[_\s-]*(?:credits?|balance|quota|funds)|exceeded your current quota|out of credits|credit balance is too low|quota[_\s-]*exceeded|billing[_\s-]*(?:hard[_\s-]*limit|not[_\s-]*active)|payment required/i;
const AUTH_TEXT = /api[_\s-]?key not valid|invalid[_\s-]?api[_\s-]?key|incorrect api key|invalid[_\s-]?(?:x-)?api[_\s-]?key|unauthori[sz]ed|authentication[_\s-]?(?:error|failed)|invalid[_\s-]?token|permission[_\s-]?denied/i;
const REGION = /not available in your (?:country|region)|unsupported[_\s-]?(?:country|region)|region[_\s-]?(?:not[_\s-]?supported|blocked)/i;

const RETRYABLE: ReadonlySet<ProbeClass> = new Set(['unreachable', 'timeout', 'rate_limited', 'server_error']);

export function isRetryable(cls: ProbeClass): boolean {
  return RETRYABLE.has(cls);
}

function snippet(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (text === '') return '';
  let message = text;
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const err = json.error;
    const m = typeof err === 'string' ? err : typeof (err as { message?: unknown })?.message === 'string' ? (err as { message: string }).message : typeof json.message === 'string' ? json.message : typeof json.detail === 'string' ? json.detail : null;
    if (m) message = m;
  } catch {
    // not JSON: keep the text
  }
  // Provider error bodies can echo the key; redact before the text goes anywhere.
  const clean = redact(message);
  return clean.length > 160 ? `${clean.slice(0, 157)}…` : clean;
}

export function looksLikeHtml(contentType: string, body: string): boolean {
  return /text\/html|application\/xhtml/i.test(contentType) || /^\s*<(?:!doctype|html|head|body)\b/i.test(body);
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
  /** A credential went with the request. */
  keySent: boolean;
  /** Redirects were followed up to the limit and still pointed elsewhere. */
  redirectLoop?: boolean;
}

/** Classifies a status/body pair. A 2xx is `ok` here; the model list is checked separately. */
export function classifyHttp(answer: HttpAnswer): Classified {
  const { status, body } = answer;
  const text = snippet(body);
  const withText = (prefix: string): string => (text ? `${prefix}: ${text}` : prefix);
  const cls = (c: ProbeClass, detail: string): Classified => ({ class: c, retryable: isRetryable(c), detail });

  if (status >= 300 && status < 400) return cls('wrong_base_url', `HTTP ${status} redirect${answer.redirectLoop ? ' (too many redirects)' : ' without a usable Location'}`);
  if (status >= 200 && status < 300) {
    if (looksLikeHtml(answer.contentType, body)) return cls('wrong_base_url', `HTTP ${status}, but an HTML page instead of the API`);
    return cls('ok', `HTTP ${status}`);
  }
  if (status === 402 || QUOTA.test(body)) return cls('quota_exhausted', withText(`HTTP ${status}`));
  if (status === 401 || status === 403 || (status === 400 && AUTH_TEXT.test(body))) {
    if (!answer.keySent) return cls('auth_missing', withText(`HTTP ${status} (no key was sent)`));
    return cls('auth_invalid', withText(`HTTP ${status}${REGION.test(body) ? ' (region)' : ''}`));
  }
  if (status === 404 || status === 405) {
    if (looksLikeHtml(answer.contentType, body)) return cls('wrong_base_url', `HTTP ${status} (an HTML error page)`);
    return cls('wrong_base_url', withText(`HTTP ${status}`));
  }
  if (status === 408) return cls('timeout', `HTTP ${status}`);
  if (status === 429) return cls('rate_limited', withText('HTTP 429'));
  if (status >= 500) return cls('server_error', withText(`HTTP ${status}`));
  return cls('bad_response', withText(`HTTP ${status}`));
}

const TLS_CODES = /CERT|SSL|TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ERR_TLS|EPROTO/i;
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EPIPE', 'ECONNABORTED', 'EADDRNOTAVAIL', 'UND_ERR_SOCKET', 'HPE_INVALID_CONSTANT']);

/** Classifies a transport failure. `timedOut`/`cancelled` say which abort fired. */
export function classifyTransportError(error: { code: string; message: string }, state: { timedOut: boolean; cancelled: boolean }): Classified {
  if (state.cancelled) return { class: 'cancelled', retryable: true, detail: 'cancelled' };
  if (state.timedOut || error.code === 'ETIMEDOUT' || error.code === 'ESOCKETTIMEDOUT') return { class: 'timeout', retryable: true, detail: 'no answer before the timeout' };
  const detail = redact(`${error.code}: ${error.message}`).slice(0, 200);
  if (TLS_CODES.test(error.code) || /certificate|ssl|tls/i.test(error.message)) return { class: 'tls', retryable: false, detail };
  if (UNREACHABLE_CODES.has(error.code) || /getaddrinfo|connect|socket hang up/i.test(error.message)) return { class: 'unreachable', retryable: true, detail };
  return { class: 'unreachable', retryable: true, detail };
}

/** Reads a model list: OpenAI/Anthropic `{data: [...]}`, Gemini/Ollama `{models: [...]}`, or a bare array. */
export function parseModelList(body: string): { ok: true; models: LiveModel[] } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'the answer is not valid JSON' };
  }
  const list = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null
      ? ((json as { data?: unknown }).data ?? (json as { models?: unknown }).models ?? (json as { result?: unknown }).result)
      : undefined;
  if (!Array.isArray(list)) return { ok: false, reason: 'the answer is JSON but not a model list' };
  const models: LiveModel[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      models.push({ id: item });
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Record<string, unknown>;
    const rawId = typeof o.id === 'string' ? o.id : typeof o.name === 'string' ? o.name : typeof o.model === 'string' ? o.model : null;
    if (rawId === null) continue;
    const id = rawId.startsWith('models/') ? rawId.slice('models/'.length) : rawId;
    const ctx = [o.context_length, o.context_window, o.max_context_length, o.inputTokenLimit, o.max_model_len, (o.top_provider as Record<string, unknown> | undefined)?.context_length]
      .map((v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined))
      .find((v) => v !== undefined);
    models.push(ctx === undefined ? { id } : { id, contextLength: ctx });
  }
  return { ok: true, models };
}

function bare(id: string): string {
  const lower = id.trim().toLowerCase();
  const slash = lower.lastIndexOf('/');
  return (slash >= 0 ? lower.slice(slash + 1) : lower).replace(/:.*$/, '');
}

/** Finds a model in a live list: exact id, else the same id without vendor prefix, case-insensitive. */
export function findLiveModel(models: readonly LiveModel[], wanted: string): LiveModel | undefined {
  const w = wanted.trim();
  if (w === '') return undefined;
  const lower = w.toLowerCase();
  return (
    models.find((m) => m.id === w) ??
    models.find((m) => m.id.toLowerCase() === lower) ??
    models.find((m) => bare(m.id) === bare(w) && (!w.includes('/') || !m.id.includes('/')))
  );
}

export interface HintContext {
  providerLabel: string;
  /** The env var (or config path) the key came from, or the first one Hermes would read. */
  keyName?: string;
  /** Where the URL is configured (`OPENROUTER_BASE_URL`, `providers.work.base_url`); absent for a default URL. */
  urlWhere?: string;
  url?: string | null;
  model?: string;
  redirectedTo?: string;
}

/** One line saying what to do about a result class. */
export function hintFor(cls: ProbeClass, ctx: HintContext): string {
  const key = ctx.keyName ?? 'the key';
  const where = ctx.urlWhere === undefined ? null : `check ${ctx.urlWhere}`;
  switch (cls) {
    case 'ok':
      return 'Reachable, key accepted' + (ctx.model ? `, ${ctx.model} is listed.` : '.');
    case 'unreachable':
      return `Cannot connect to ${hostOfUrl(ctx.url)}: ${where ? `${where}, ` : 'check '}your network, proxy or VPN.`;
    case 'tls':
      return `The TLS certificate of ${hostOfUrl(ctx.url)} was not accepted: use https with a valid certificate (or set ssl_ca_cert / ssl_verify on a custom endpoint you trust).`;
    case 'timeout':
      return `${ctx.providerLabel} did not answer in time: retry; if it persists, ${where ? `${where} or ` : 'check '}your network.`;
    case 'wrong_base_url': {
      const missingV1 = lacksVersionSegment(ctx.url);
      const redirect = ctx.redirectedTo ? ` (it redirects to ${ctx.redirectedTo})` : '';
      return `This is not the API endpoint${redirect}: ${where ?? "the provider's default URL answered unexpectedly — set its base URL override"}${missingV1 ? ' — OpenAI-compatible URLs usually end in /v1' : ''}.`;
    }
    case 'auth_missing':
      return `No key is saved for ${ctx.providerLabel}: add ${key} on the Keys page.`;
    case 'auth_invalid':
      return `${ctx.providerLabel} refused ${key}: replace it on the Keys page (and check that it belongs to this provider and region).`;
    case 'model_not_found':
      return `${ctx.model ?? 'The model'} is not in ${ctx.providerLabel}'s model list: pick a listed model, or check the spelling and vendor prefix.`;
    case 'rate_limited':
      return `${ctx.providerLabel} is rate-limiting this key: wait a minute and retry, or add a fallback provider.`;
    case 'quota_exhausted':
      return `${ctx.providerLabel} says the account is out of credits or quota: top up or raise the limit, or switch provider.`;
    case 'server_error':
      return `${ctx.providerLabel} had a server error: retry later; a fallback provider keeps Hermes working meanwhile.`;
    case 'bad_response':
      return `The answer was not a model list: ${where ?? 'check the base URL'} (is it an OpenAI-compatible API?).`;
    case 'cancelled':
      return 'Cancelled before it finished.';
    case 'skipped':
      return 'Nothing to probe over HTTP.';
  }
}

/** An OpenAI-style path has a `/v1` (or `/v1beta`, `/v4`…) segment; many wrong URLs simply lack it. */
function lacksVersionSegment(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    return !/\/v\d+(?:beta|alpha)?(?:\/|$)/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

function hostOfUrl(url: string | null | undefined): string {
  if (!url) return 'the endpoint';
  try {
    return new URL(url).host;
  } catch {
    return 'the endpoint';
  }
}
