/**
 * `GET <base_url>/models`: one request with a provider's own auth header, and a tolerant parser for
 * the shapes providers answer with.
 *
 * Safety rules: redirects are never followed (the key would go to another host), the body is capped,
 * the whole exchange has a deadline, and errors are described from status codes and error classes
 * only — never from response bodies or headers, which can echo credentials.
 */
import type { CatalogError } from '../../shared/contract/models';
import type { ModelCapabilities, ModelPricing } from '../../shared/domain/providers';
import { hostOf } from '../providers/url-host';

/** One model as a provider's `/models` describes it (only what the picker uses). */
export interface LiveModel {
  id: string;
  name?: string;
  contextWindow?: number;
  maxOutput?: number;
  pricing?: ModelPricing;
  capabilities?: ModelCapabilities;
}

const MAX_MODELS = 20_000;
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

function rec(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function posInt(...values: unknown[]): number | undefined {
  for (const v of values) {
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n;
  }
  return undefined;
}

/** OpenRouter-style per-token price (string or number) → USD per million tokens; `undefined` if unusable. */
function perMillion(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  return Math.round(n * 1e6 * 1e6) / 1e6;
}

function parseItem(raw: unknown): LiveModel | null {
  if (typeof raw === 'string') return raw.trim() === '' ? null : { id: raw.trim() };
  const item = rec(raw);
  if (item === null) return null;
  let id = [item.id, item.model, item.name].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (id === undefined) return null;
  id = id.trim();
  // Gemini's native list names models `models/<id>`.
  if (id.startsWith('models/')) id = id.slice('models/'.length);
  const model: LiveModel = { id };

  const name = [item.name, item.display_name, item.displayName].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '' && v.trim() !== id && !v.startsWith('models/'),
  );
  if (name !== undefined) model.name = name.trim();

  const top = rec(item.top_provider);
  const ctx = posInt(item.context_length, top?.context_length, item.context_window, item.inputTokenLimit, item.max_context_length, item.max_model_len);
  if (ctx !== undefined) model.contextWindow = ctx;
  const out = posInt(top?.max_completion_tokens, item.max_output_tokens, item.outputTokenLimit, item.max_completion_tokens);
  if (out !== undefined) model.maxOutput = out;

  const pricing = rec(item.pricing);
  if (pricing !== null) {
    const input = perMillion(pricing.prompt ?? pricing.input);
    const output = perMillion(pricing.completion ?? pricing.output);
    if (input !== undefined && output !== undefined) {
      const p: ModelPricing = { input, output };
      const cacheRead = perMillion(pricing.input_cache_read);
      if (cacheRead !== undefined && pricing.input_cache_read !== undefined) p.cacheRead = cacheRead;
      const cacheWrite = perMillion(pricing.input_cache_write);
      if (cacheWrite !== undefined && pricing.input_cache_write !== undefined) p.cacheWrite = cacheWrite;
      model.pricing = p;
    }
  }

  const caps: ModelCapabilities = {};
  const params = Array.isArray(item.supported_parameters) ? item.supported_parameters.filter((p): p is string => typeof p === 'string') : null;
  if (params !== null) {
    caps.tools = params.includes('tools') || params.includes('tool_choice');
    caps.reasoning = params.includes('reasoning') || params.includes('include_reasoning');
  }
  const arch = rec(item.architecture);
  const inputs = Array.isArray(arch?.input_modalities) ? arch.input_modalities : Array.isArray(item.input_modalities) ? item.input_modalities : null;
  if (inputs !== null) caps.vision = inputs.includes('image');
  else if (typeof arch?.modality === 'string') caps.vision = /image/.test(arch.modality.split('->')[0] ?? '');
  if (Object.keys(caps).length > 0) model.capabilities = caps;
  return model;
}

/**
 * The model list in a parsed `/models` answer — `{data: [...]}` (OpenAI, OpenRouter, Anthropic, most
 * gateways), `{models: [...]}` (Gemini, Ollama) or a bare array — or `null` when the answer is not a
 * model list at all. Entries are de-duplicated by id; malformed entries are skipped.
 */
export function parseModelsResponse(json: unknown): LiveModel[] | null {
  const root = rec(json);
  const list = Array.isArray(json) ? json : Array.isArray(root?.data) ? root.data : Array.isArray(root?.models) ? root.models : null;
  if (list === null) return null;
  const seen = new Set<string>();
  const out: LiveModel[] = [];
  for (const raw of list) {
    const model = parseItem(raw);
    if (model === null || seen.has(model.id)) continue;
    seen.add(model.id);
    out.push(model);
    if (out.length >= MAX_MODELS) break;
  }
  return out;
}

export interface FetchModelsRequest {
  url: string;
  /** Contains the secret. Goes into the request and nowhere else. */
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export type FetchModelsResult = { ok: true; models: LiveModel[] } | { ok: false; error: CatalogError };

function fail(kind: CatalogError['kind'], message: string): FetchModelsResult {
  return { ok: false, error: { kind, message } };
}

function networkError(err: unknown, timeoutMs: number, timedOut: boolean): FetchModelsResult {
  if (timedOut) return fail('timeout', `no answer within ${Math.round(timeoutMs / 100) / 10} s`);
  const cause = (err as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? (err as { code?: string })?.code ?? '';
  if (/CERT|SSL|TLS|SELF_SIGNED/i.test(code)) return fail('tls', `TLS certificate problem (${code})`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('unreachable', 'host name does not resolve');
  if (code === 'ECONNREFUSED') return fail('unreachable', 'connection refused');
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return fail('unreachable', 'connection closed by the server');
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return fail('timeout', 'the server stopped answering');
  return fail('unreachable', code !== '' ? `network error (${code})` : 'network error');
}

async function readCapped(res: Response): Promise<string | null> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One `/models` request. Never throws; never follows redirects. */
export async function fetchModelList(req: FetchModelsRequest): Promise<FetchModelsResult> {
  const timeout = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    timeout.abort();
  }, req.timeoutMs);
  timer.unref?.();
  const signal = req.signal ? AbortSignal.any([timeout.signal, req.signal]) : timeout.signal;
  try {
    let res: Response;
    try {
      res = await fetch(req.url, { method: 'GET', headers: { Accept: 'application/json', ...req.headers }, redirect: 'manual', signal });
    } catch (err) {
      return networkError(err, req.timeoutMs, timedOut);
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      const location = hostOf(res.headers.get('location') ?? '');
      return fail('redirect', `redirected${location ? ` to ${location}` : ''} — not followed, so the key stays with this host`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 401 || res.status === 403) return fail('auth', `the provider refused the key (HTTP ${res.status})`);
      if (res.status === 404) return fail('not_found', 'no model list at this URL (HTTP 404)');
      if (res.status === 429) return fail('rate_limited', 'rate limited (HTTP 429)');
      return fail('http', `HTTP ${res.status}`);
    }
    let text: string | null;
    try {
      text = await readCapped(res);
    } catch (err) {
      return networkError(err, req.timeoutMs, timedOut);
    }
    if (text === null) return fail('bad_response', 'the model list is larger than 32 MB');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const type = res.headers.get('content-type') ?? '';
      return fail('bad_response', /html/i.test(type) || /^\s*</.test(text) ? 'answered with a web page, not a model list (wrong base URL?)' : 'the answer is not JSON');
    }
    const models = parseModelsResponse(json);
    if (models === null) return fail('bad_response', 'the answer is JSON but not a model list');
    return { ok: true, models };
  } finally {
    clearTimeout(timer);
  }
}
