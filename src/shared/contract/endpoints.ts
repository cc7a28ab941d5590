import { z } from 'zod';
import { channel } from './define';
import { Hash } from './common';
import { WriteResultSchema } from './config';
import { EffectiveKeySourceSchema, KeyStoreSchema } from '../domain/keys';
import { LiveModelSchema, ProbeResultSchema } from '../domain/probes';
import { ApiModeSchema, CustomEndpointSchema } from '../domain/providers';

export const UrlCheckSchema = z.object({
  valid: z.boolean(),
  /** Blocking problems (no scheme/host, credentials in the URL). */
  problems: z.array(z.string()),
  /** Advice (missing /v1, plain http to a remote host, the detected api_mode). */
  hints: z.array(z.string()),
  detectedApiMode: ApiModeSchema.nullable(),
});
export type UrlCheck = z.infer<typeof UrlCheckSchema>;

export const EndpointViewSchema = z.object({
  endpoint: CustomEndpointSchema,
  /** Dotted path in config.yaml (`providers.work` / `custom_providers[0]`). */
  path: z.string(),
  /** What `model.provider` (or an aux/fallback provider) must say to use it. */
  selector: z.string(),
  url: UrlCheckSchema,
  apiMode: ApiModeSchema,
  apiModeReason: z.string(),
  /** The api_mode written in the entry (a manual override), if any. */
  apiModeOverride: ApiModeSchema.nullable(),
  keyName: z.string().nullable(),
  key: EffectiveKeySourceSchema.nullable(),
  lastProbe: ProbeResultSchema.nullable(),
  liveModels: z.array(LiveModelSchema).nullable(),
  contextCheck: z
    .object({
      model: z.string(),
      window: z.number().int().positive().nullable(),
      source: z.enum(['config', 'live', 'none']),
      ok: z.boolean().nullable(),
      minimum: z.number().int().positive(),
    })
    .nullable(),
  /** Config paths that select this endpoint. */
  referencedBy: z.array(z.string()),
});
export type EndpointView = z.infer<typeof EndpointViewSchema>;

export const EndpointDraftSchema = z.object({
  name: z.string().trim().min(1).max(120),
  baseUrl: z.string().trim().min(1).max(2000),
  /** `auto` = detect from the URL (Hermes's rules); otherwise a manual override. */
  apiMode: z.union([z.literal('auto'), z.enum(['chat_completions', 'codex_responses', 'anthropic_messages'])]),
  /** The env var holding the key (null removes key_env; undefined leaves it). */
  keyEnv: z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not a valid variable name').nullable().optional(),
  model: z.string().trim().max(300).nullable().optional(),
  contextLength: z.number().int().positive().max(100_000_000).nullable().optional(),
});
export type EndpointDraft = z.infer<typeof EndpointDraftSchema>;

const EntryRef = z.discriminatedUnion('origin', [
  z.object({ origin: z.literal('providers'), key: z.string().min(1) }),
  z.object({ origin: z.literal('custom_providers'), index: z.number().int().nonnegative() }),
]);

/** Custom endpoints in `providers:` and `custom_providers:` (both live in Hermes). */
export const endpointsChannels = {
  'endpoints.list': channel({
    summary: 'Every custom endpoint (both sections) with URL checks, api_mode, key source, last test and live models.',
    request: z.object({}),
    response: z.object({ endpoints: z.array(EndpointViewSchema), problems: z.array(z.object({ path: z.string(), message: z.string() })) }),
  }),
  'endpoints.checkUrl': channel({
    summary: 'Validate a base URL and detect the api_mode Hermes would use (nothing is written).',
    request: z.object({ baseUrl: z.string().max(2000) }),
    response: UrlCheckSchema,
  }),
  'endpoints.save': channel({
    summary: 'Add or edit an endpoint (unknown fields of the entry are kept); optionally store its key first.',
    request: z.object({
      baseHash: Hash.nullable(),
      original: EntryRef.optional(),
      section: z.enum(['providers', 'custom_providers']).optional(),
      draft: EndpointDraftSchema,
      key: z.object({ value: z.string().max(20_000), store: KeyStoreSchema }).optional(),
    }),
    response: z.object({ write: WriteResultSchema, selector: z.string(), notes: z.array(z.string()) }),
    mutates: true,
  }),
  'endpoints.remove': channel({
    summary: 'Remove an endpoint (refused while a slot selects it, unless force).',
    request: z.object({ baseHash: Hash.nullable(), original: EntryRef, force: z.boolean().optional() }),
    response: WriteResultSchema,
    mutates: true,
  }),
  'endpoints.test': channel({
    summary: 'Probe a saved endpoint with its saved key: result class, live model list, 64K context check.',
    request: z.object({ selector: z.string().min(1).max(300), completion: z.boolean().optional() }),
    response: z.object({ result: ProbeResultSchema, models: z.array(LiveModelSchema) }),
    mutates: true,
  }),
};
