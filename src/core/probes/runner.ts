/**
 * Runs probe plans: in parallel under a concurrency cap, each with its own timeout, cancellable as a
 * whole, and reporting every result the moment it lands (the Health page streams them).
 *
 * One probe: reachability + authentication (the models endpoint with the provider's auth style;
 * OpenRouter's public list is preceded by `/key`, which checks the key) → the model list → is the
 * configured model in it → is its context window big enough → optionally a tiny completion.
 */
import type { LiveModel, ProbeClass, ProbeResult } from '../../shared/domain/probes';
import { classifyHttp, classifyTransportError, findLiveModel, hintFor, isRetryable, parseModelList, type Classified } from './classify';
import { HttpError, httpRequest, stripCredentialsFromUrl, type HttpResponse } from './http';
import type { ProbePlan } from './targets';

/**
 * Probes at once unless the caller says otherwise. High enough that the usual 30–40 targets start in a
 * few waves (so one silent provider cannot push the run far past the per-probe timeout), low enough
 * to stay polite on a shared connection.
 */
export const DEFAULT_CONCURRENCY = 16;

export interface RunOptions {
  /** Probes at once (default 16). */
  concurrency?: number;
  /** Per-probe timeout in ms (default 10 000, like `hermes doctor`). */
  timeoutMs?: number;
  /** Cancels every probe still running or waiting. */
  signal?: AbortSignal;
  /** Also send a tiny completion to slots/endpoints with a model (costs a few tokens). */
  completion?: boolean;
  onResult?: (result: ProbeResult) => void;
  /** Called with the live model list of each target that returned one. */
  onModels?: (targetId: string, models: LiveModel[]) => void;
}

interface Outcome {
  classified: Classified;
  status: number | null;
  ttfbMs: number | null;
  totalMs: number;
  url: string | null;
  redirectedTo?: string;
  /** The key went with the final request (false after a redirect to another origin). */
  credentialsSent?: boolean;
  models?: LiveModel[];
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  return AbortSignal.any(signals);
}

function contentTypeOf(res: HttpResponse): string {
  const ct = res.headers['content-type'];
  return Array.isArray(ct) ? (ct[0] ?? '') : (ct ?? '');
}

async function request(plan: ProbePlan, url: string, signal: AbortSignal, timeoutSignal: AbortSignal, runSignal: AbortSignal | undefined, init: { method?: 'GET' | 'POST'; body?: string } = {}): Promise<{ res: HttpResponse } | { error: Outcome }> {
  try {
    const res = await httpRequest({
      url,
      method: init.method ?? 'GET',
      ...(init.body !== undefined && { body: init.body }),
      headers: plan.headers,
      ...(plan.key !== null && { credentials: plan.key.headers }),
      signal,
      insecureTls: plan.insecureTls,
    });
    return { res };
  } catch (err) {
    const e = err instanceof HttpError ? err : new HttpError((err as Error).message, (err as NodeJS.ErrnoException).code ?? 'ERR', 0, null);
    const classified = classifyTransportError(e, { timedOut: timeoutSignal.aborted && !(runSignal?.aborted ?? false), cancelled: runSignal?.aborted ?? false });
    return { error: { classified, status: null, ttfbMs: e.ttfbMs, totalMs: e.elapsedMs, url: stripCredentialsFromUrl(url) } };
  }
}

function fromResponse(plan: ProbePlan, res: HttpResponse): Outcome {
  const classified = classifyHttp({ status: res.status, contentType: contentTypeOf(res), body: res.body, keySent: plan.key !== null && res.credentialsSent, redirectLoop: res.status >= 300 && res.status < 400 });
  const out: Outcome = { classified, status: res.status, ttfbMs: res.ttfbMs, totalMs: res.totalMs, url: res.finalUrl, credentialsSent: res.credentialsSent };
  if (res.redirects.length > 0) out.redirectedTo = res.redirects[res.redirects.length - 1]!;
  // The configured URL sends us to another origin: the key stayed behind, so nothing was verified.
  if (plan.key !== null && !res.credentialsSent && out.redirectedTo !== undefined) {
    out.classified = { class: 'wrong_base_url', retryable: false, detail: `redirected to another host (${new URL(out.redirectedTo).host}, HTTP ${res.status} there); the key is never sent across hosts` };
  }
  return out;
}

async function probeModels(plan: ProbePlan, signal: AbortSignal, timeoutSignal: AbortSignal, runSignal: AbortSignal | undefined): Promise<Outcome> {
  if (plan.authUrl !== undefined && plan.key !== null) {
    const auth = await request(plan, plan.authUrl, signal, timeoutSignal, runSignal);
    if ('error' in auth) return auth.error;
    const checked = fromResponse(plan, auth.res);
    if (checked.classified.class !== 'ok') return checked;
  }
  const got = await request(plan, plan.modelsUrl!, signal, timeoutSignal, runSignal);
  if ('error' in got) return got.error;
  const out = fromResponse(plan, got.res);
  if (out.classified.class !== 'ok') return out;
  const parsed = parseModelList(got.res.body);
  if (!parsed.ok) return { ...out, classified: { class: 'bad_response', retryable: false, detail: `HTTP ${got.res.status}, but ${parsed.reason}` } };
  return { ...out, models: parsed.models };
}

function completionRequest(plan: ProbePlan, model: string): { url: string; body: string } | null {
  if (plan.baseUrl === null) return null;
  const base = plan.baseUrl.replace(/\/+$/, '');
  if (plan.apiMode === 'anthropic_messages') {
    const root = /\/v1$/i.test(base) ? base : `${base}/v1`;
    return { url: `${root}/messages`, body: JSON.stringify({ model, max_tokens: 1, messages: [{ role: 'user', content: 'Reply with OK.' }] }) };
  }
  if (plan.apiMode === 'codex_responses') return { url: `${base}/responses`, body: JSON.stringify({ model, input: 'Reply with OK.', max_output_tokens: 16 }) };
  return { url: `${base}/chat/completions`, body: JSON.stringify({ model, max_tokens: 1, messages: [{ role: 'user', content: 'Reply with OK.' }] }) };
}

/** Runs one plan to a result. Never throws. */
export async function probeOne(plan: ProbePlan, options: { timeoutMs: number; signal?: AbortSignal; completion?: boolean; onModels?: RunOptions['onModels'] }): Promise<ProbeResult> {
  const startedAt = new Date();
  const t = plan.target;
  const base: Omit<ProbeResult, 'class' | 'retryable' | 'hint' | 'detail' | 'httpStatus' | 'latency' | 'finishedAt' | 'modelFound' | 'contextWindow' | 'contextSource' | 'contextOk' | 'modelCount'> = {
    targetId: t.id,
    kind: t.kind,
    label: t.label,
    providerId: t.providerId,
    url: plan.modelsUrl === null ? t.baseUrl : stripCredentialsFromUrl(plan.modelsUrl),
    keySource: t.keySource,
    ...(t.model !== undefined && { model: t.model }),
    startedAt: startedAt.toISOString(),
  };
  const hintCtx = { providerLabel: plan.providerLabel, keyName: plan.key?.name ?? t.keySource?.location.split(' ')[0], ...(plan.urlWhere !== undefined && { urlWhere: plan.urlWhere }), url: plan.modelsUrl, ...(t.model !== undefined && { model: t.model }) };
  const finish = (cls: ProbeClass, detail: string, extra: Partial<ProbeResult> = {}): ProbeResult => ({
    ...base,
    class: cls,
    retryable: isRetryable(cls),
    hint: cls === 'skipped' ? (t.skipReason ?? hintFor(cls, hintCtx)) : hintFor(cls, { ...hintCtx, ...(extra.redirectedTo !== undefined && { redirectedTo: extra.redirectedTo }) }),
    detail,
    httpStatus: null,
    latency: { ttfbMs: null, totalMs: 0 },
    modelCount: null,
    modelFound: null,
    contextWindow: plan.contextFallback.window,
    contextSource: plan.contextFallback.source,
    contextOk: t.minContext !== undefined && plan.contextFallback.window !== null ? plan.contextFallback.window >= t.minContext : null,
    finishedAt: new Date().toISOString(),
    ...extra,
  });

  // Known without a request (no credentials at all): nothing is sent anywhere.
  if (t.probeable && plan.known) return finish(plan.known.class, plan.known.detail, { hint: plan.known.hint });
  if (!t.probeable || plan.modelsUrl === null) return finish('skipped', 'not probed');
  if (options.signal?.aborted) return finish('cancelled', 'cancelled before it started');

  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = options.signal ? anySignal([options.signal, timeout.signal]) : timeout.signal;
  try {
    const out = await probeModels(plan, signal, timeout.signal, options.signal);
    const common: Partial<ProbeResult> = {
      httpStatus: out.status,
      latency: { ttfbMs: out.ttfbMs === null ? null : Math.round(out.ttfbMs), totalMs: Math.round(out.totalMs) },
      ...(out.url !== null && { url: out.url }),
      ...(out.redirectedTo !== undefined && { redirectedTo: out.redirectedTo }),
    };
    if (out.classified.class !== 'ok') return finish(out.classified.class, out.classified.detail, common);
    if (plan.key === null && plan.keyRequired) {
      return finish('auth_missing', `reachable (${out.classified.detail}), but no key is saved`, { ...common, modelCount: out.models?.length ?? null });
    }
    const models = out.models ?? [];
    options.onModels?.(t.id, models);
    let modelFound: boolean | null = null;
    let contextWindow = plan.contextFallback.window;
    let contextSource: ProbeResult['contextSource'] = plan.contextFallback.source;
    if (t.model !== undefined && models.length > 0) {
      const hit = findLiveModel(models, t.model);
      modelFound = hit !== undefined;
      if (hit?.contextLength !== undefined && plan.contextFallback.source !== 'config') {
        contextWindow = hit.contextLength;
        contextSource = 'live';
      }
    }
    const contextOk = t.minContext !== undefined && contextWindow !== null ? contextWindow >= t.minContext : null;
    const extra: Partial<ProbeResult> = { ...common, modelCount: models.length, modelFound, contextWindow, contextSource, contextOk };
    if (modelFound === false) return finish('model_not_found', `${models.length} models listed; ${t.model} is not among them`, extra);

    let completion: ProbeResult['completion'];
    if (options.completion === true && t.model !== undefined) {
      const req = completionRequest(plan, t.model);
      if (req !== null) {
        const got = await request(plan, req.url, signal, timeout.signal, options.signal, { method: 'POST', body: req.body });
        const c = 'error' in got ? got.error : fromResponse(plan, got.res);
        const cls = c.classified.class === 'ok' && 'res' in got && !/^\s*[{[]/.test(got.res.body) ? 'bad_response' : c.classified.class;
        completion = { class: cls, detail: c.classified.detail, latency: { ttfbMs: c.ttfbMs === null ? null : Math.round(c.ttfbMs), totalMs: Math.round(c.totalMs) } };
      }
    }
    const detail = `${out.classified.detail}, ${models.length} model${models.length === 1 ? '' : 's'}${modelFound === true ? `, ${t.model} listed` : ''}`;
    const result = finish('ok', detail, { ...extra, ...(completion !== undefined && { completion }) });
    if (completion !== undefined && completion.class !== 'ok') {
      return { ...result, class: completion.class, retryable: isRetryable(completion.class), hint: hintFor(completion.class, hintCtx), detail: `model list ok; the test completion failed: ${completion.detail}` };
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every plan with at most `concurrency` at once. Results are reported through `onResult` as they
 * land and returned in the same (completion) order.
 */
export async function runProbes(plans: readonly ProbePlan[], options: RunOptions = {}): Promise<ProbeResult[]> {
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, 64));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const results: ProbeResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plans.length) {
      const plan = plans[next++]!;
      const result = await probeOne(plan, { timeoutMs, ...(options.signal && { signal: options.signal }), ...(options.completion !== undefined && { completion: options.completion }), ...(options.onModels && { onModels: options.onModels }) });
      results.push(result);
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  return results;
}
