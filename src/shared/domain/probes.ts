/**
 * Provider health probe shapes: what is probed (targets) and what came back (results).
 *
 * A probe GETs the provider's models endpoint with the saved credential and classifies the answer.
 * Results name the env var the key came from and its last four characters, never the key.
 */
import { z } from 'zod';
import { KeySourceKindSchema } from './keys';

/** Result classes, each with its own fix hint. */
export const PROBE_CLASSES = [
  'ok',
  /** DNS failure, connection refused or reset, no route. */
  'unreachable',
  /** Certificate or TLS handshake failure. */
  'tls',
  /** No answer within the per-probe timeout. */
  'timeout',
  /** 404, an HTML page instead of JSON, or a path that lacks `/v1`. */
  'wrong_base_url',
  /** No key is saved for this provider (or the server says one is required). */
  'auth_missing',
  /** 401/403: the key was refused. */
  'auth_invalid',
  /** The model list does not contain the configured model. */
  'model_not_found',
  /** 429. */
  'rate_limited',
  /** 402, "insufficient credits", "exceeded your current quota". */
  'quota_exhausted',
  /** 5xx. */
  'server_error',
  /** A 2xx answer that is not a model list (invalid JSON, unexpected shape). */
  'bad_response',
  /** The run was cancelled before this probe finished. */
  'cancelled',
  /** Nothing to probe over HTTP (AWS SDK, service accounts, ACP, MoA) or no endpoint configured. */
  'skipped',
] as const;
export const ProbeClassSchema = z.enum(PROBE_CLASSES);
export type ProbeClass = z.infer<typeof ProbeClassSchema>;

export const ProbeTargetKindSchema = z.enum(['provider', 'slot', 'endpoint']);
export type ProbeTargetKind = z.infer<typeof ProbeTargetKindSchema>;

/** Something the Health page can probe. `id` is stable: `provider:<id>`, `slot:main`, `slot:aux:<task>`, `slot:fallback:<n>`, `endpoint:<slug>`. */
export const ProbeTargetSchema = z.object({
  id: z.string(),
  kind: ProbeTargetKindSchema,
  label: z.string(),
  providerId: z.string(),
  /** For slots: the model Hermes would ask for. */
  model: z.string().optional(),
  /** The base URL probed (credentials and query strings stripped). */
  baseUrl: z.string().nullable(),
  /** Env var (or config location) of the saved key, when there is one. */
  keySource: z
    .object({ kind: KeySourceKindSchema, location: z.string(), last4: z.string().optional(), viaExec: z.boolean() })
    .nullable(),
  /** False when there is nothing to probe over HTTP; `skipReason` says why. */
  probeable: z.boolean(),
  skipReason: z.string().optional(),
  /** For slots: the context window Hermes needs at least (64K for compression, main). */
  minContext: z.number().int().positive().optional(),
});
export type ProbeTarget = z.infer<typeof ProbeTargetSchema>;

export const ProbeLatencySchema = z.object({
  /** Time to the first byte of the response headers (ms), when the server answered at all. */
  ttfbMs: z.number().nonnegative().nullable(),
  totalMs: z.number().nonnegative(),
});

export const ProbeResultSchema = z.object({
  targetId: z.string(),
  kind: ProbeTargetKindSchema,
  label: z.string(),
  providerId: z.string(),
  url: z.string().nullable(),
  class: ProbeClassSchema,
  retryable: z.boolean(),
  /** One line: what to do about it. */
  hint: z.string(),
  /** One line: what happened (`HTTP 401`, `getaddrinfo ENOTFOUND api.example.com`). Secrets redacted. */
  detail: z.string(),
  httpStatus: z.number().int().nullable(),
  latency: ProbeLatencySchema,
  keySource: ProbeTargetSchema.shape.keySource,
  /** Models in the provider's list (when it returned one). */
  modelCount: z.number().int().nonnegative().nullable(),
  model: z.string().optional(),
  /** null when no model was asked for, or the list could not be read. */
  modelFound: z.boolean().nullable(),
  contextWindow: z.number().int().positive().nullable(),
  contextSource: z.enum(['live', 'config', 'catalog', 'family', 'none']),
  /** null when the window is unknown or no minimum applies. */
  contextOk: z.boolean().nullable(),
  /** A redirect that was followed; credentials are never sent to another host. */
  redirectedTo: z.string().optional(),
  /** The optional tiny completion (only on request). */
  completion: z
    .object({ class: ProbeClassSchema, detail: z.string(), latency: ProbeLatencySchema })
    .optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type ProbeResult = z.infer<typeof ProbeResultSchema>;

/** A live model id from a `/models` list, with the context window when the endpoint reports one. */
export const LiveModelSchema = z.object({ id: z.string(), contextLength: z.number().int().positive().optional() });
export type LiveModel = z.infer<typeof LiveModelSchema>;
